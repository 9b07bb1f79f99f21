/**
 * The implementation protocol's data shapes as JSON Schemas (TypeBox), and their validation. The
 * hand-written interfaces of scenario.ts, observation.ts and tables.ts stay the readable source; the
 * schemas here mirror them, and test/protocol/schema-types.test.ts fails the build when
 * `Static<typeof ScenarioSchema>` and `Scenario` (or the observation pair) stop being the same type.
 * docs/schema/*.schema.json are generated from this module (scripts/gen-schemas.ts) for implementers in
 * other languages; docs/protocol.md is the contract in prose.
 *
 * Validation is the schema check plus, for scenarios, the checks a schema cannot say (a step naming an
 * alert not raised before it, duplicate alert handles or GUIDs, an alert raised in a subscription that
 * does not exist yet). Failures throw a ProtocolError whose message is one line: the field's path
 * (`timeline[3].severity`, `SecurityAlert[12].TimeGenerated`), what was expected, what was received.
 *
 * Pure: no I/O. Importing it registers the 'date-time' string format with TypeBox's format registry.
 */
import {
  FormatRegistry,
  type Static,
  type TLiteral,
  type TSchema,
  type TUnion,
  Type,
} from '@sinclair/typebox';
import { TypeCompiler } from '@sinclair/typebox/compiler';
import { type ValueError, ValueErrorType } from '@sinclair/typebox/errors';
import { SETTLE_MIN_MINUTES } from './assumptions.ts';
import { RULE_PRODUCTS, SEVERITIES } from './config.ts';
import { jsonPrefix } from './json-prefix.ts';
import type { Observation } from './observation.ts';
import { XDR_INCIDENT_STATUSES } from './observation.ts';
import type { Scenario } from './scenario.ts';
import { SCENARIO_VERSION } from './scenario.ts';
import { isCanonicalTimestamp } from './time.ts';
import { CLASSIFICATIONS, INCIDENT_PROVIDERS, MDC_STATUSES, STEP_TYPES, type Step } from './timeline.ts';

/** The version of the subprocess protocol (docs/protocol.md); sent as `protocol` in every request. */
export const PROTOCOL_VERSION = 1;

// ------------------------------------------------------------------------------------------ timestamps

/** ISO-8601 date and time with seconds, optional fraction, and a zone (Z or ±hh:mm). */
export const ISO_TIMESTAMP_PATTERN =
  '^(\\d{4})-(\\d{2})-(\\d{2})T(\\d{2}):(\\d{2}):(\\d{2})(?:\\.\\d{1,9})?(?:Z|[+-](\\d{2}):(\\d{2}))$';
const ISO_TIMESTAMP = new RegExp(ISO_TIMESTAMP_PATTERN);

/** Whether text is an ISO-8601 timestamp of a real calendar time (no 2026-02-30, no 24:00). */
export function isIsoTimestamp(text: string): boolean {
  if (isCanonicalTimestamp(text)) return true; // the common form, checked without the expression
  const m = ISO_TIMESTAMP.exec(text);
  if (!m) return false;
  const [year, month, day, hour, minute, second, zoneHour, zoneMinute] = m
    .slice(1)
    .map((part) => (part === undefined ? 0 : Number(part)));
  const date = new Date(Date.UTC(year ?? 0, (month ?? 0) - 1, day ?? 0));
  return (
    date.getUTCFullYear() === year &&
    date.getUTCMonth() + 1 === month &&
    date.getUTCDate() === day &&
    (hour ?? 99) < 24 &&
    (minute ?? 99) < 60 &&
    (second ?? 99) < 60 &&
    (zoneHour ?? 99) < 24 &&
    (zoneMinute ?? 99) < 60
  );
}

FormatRegistry.Set('date-time', isIsoTimestamp);

const TIMESTAMP_EXPECTED = 'an ISO-8601 timestamp like 2026-01-01T10:00:00.000Z';

function timestamp(description: string) {
  return Type.String({ format: 'date-time', pattern: ISO_TIMESTAMP_PATTERN, description });
}

// ------------------------------------------------------------------------------------------ helpers

/** A union of the string literals of one of the model's `as const` lists, so values cannot drift. */
function oneOf<T extends string>(values: readonly T[], description?: string): TUnion<TLiteral<T>[]> {
  return Type.Union(
    values.map((value) => Type.Literal(value)),
    description === undefined ? {} : { description },
  );
}

const closed = { additionalProperties: false } as const;
const name = (description: string) => Type.String({ minLength: 1, description });

// ------------------------------------------------------------------------------------------ scenario

const SeveritySchema = oneOf(SEVERITIES);

const IncidentRuleSchema = Type.Object(
  {
    name: name('Unique rule name; rule-removed refers to it.'),
    productFilter: Type.Array(oneOf(RULE_PRODUCTS), { description: 'ProductName values the rule matches.' }),
    severitiesFilter: Type.Array(SeveritySchema, { description: 'Empty means every severity.' }),
  },
  closed,
);

const XdrMdcSettingSchema = oneOf(['All alerts', 'No alerts'] as const);

const WorkspaceConfigSchema = Type.Object(
  {
    subscriptions: Type.Array(name('Subscription ID.'), {
      description: 'Subscriptions of the tenant at the start; subscription-added steps add more.',
    }),
    subscriptionConnector: Type.Array(
      Type.Object(
        {
          subscription: name('Subscription ID.'),
          sync: Type.Boolean({ description: 'Bi-directional sync between incidents and MDC alerts.' }),
        },
        closed,
      ),
      { description: 'Subscriptions on which the subscription-based MDC connector is enabled.' },
    ),
    tenantConnector: Type.Boolean({ description: 'The tenant-based MDC connector.' }),
    xdrMdcSetting: XdrMdcSettingSchema,
    xdrConnector: Type.Boolean({ description: 'The Defender XDR connector.' }),
    incidentRules: Type.Array(IncidentRuleSchema, { description: 'Microsoft incident creation rules.' }),
  },
  closed,
);

const ConfigChangeSchema = Type.Union([
  Type.Object(
    {
      kind: Type.Literal('subscription-connector-enabled'),
      subscription: name('Subscription ID.'),
      sync: Type.Boolean(),
    },
    closed,
  ),
  Type.Object(
    { kind: Type.Literal('subscription-connector-disabled'), subscription: name('Subscription ID.') },
    closed,
  ),
  Type.Object({ kind: Type.Literal('tenant-connector'), enabled: Type.Boolean() }, closed),
  Type.Object({ kind: Type.Literal('xdr-mdc-setting'), value: XdrMdcSettingSchema }, closed),
  Type.Object({ kind: Type.Literal('xdr-connector'), enabled: Type.Boolean() }, closed),
  Type.Object({ kind: Type.Literal('rule-added'), rule: IncidentRuleSchema }, closed),
  Type.Object({ kind: Type.Literal('rule-removed'), name: name('Name of the rule to remove.') }, closed),
]);

const alertRef = () => name('Handle of an alert raised by an earlier step.');

const StepSchema = Type.Union([
  Type.Object(
    {
      type: Type.Literal('wait'),
      minutes: Type.Number({ minimum: 0, description: 'Advances the clock.' }),
    },
    closed,
  ),
  Type.Object(
    {
      type: Type.Literal('alert-raised'),
      alert: name("Short handle used in the timeline and reports, e.g. 'A1'; unique."),
      guid: name('The GUID half of the MDC alert name <reverseTicks>_<guid>; unique.'),
      subscription: name('A subscription that exists at this step.'),
      severity: SeveritySchema,
      alertType: name("The MDC detection type, e.g. 'VM_SuspectExecutablePath'."),
    },
    closed,
  ),
  Type.Object(
    { type: Type.Literal('mdc-status-changed'), alert: alertRef(), status: oneOf(MDC_STATUSES) },
    closed,
  ),
  Type.Object(
    {
      type: Type.Literal('sentinel-incident-closed'),
      alert: alertRef(),
      provider: oneOf(INCIDENT_PROVIDERS),
      classification: oneOf(CLASSIFICATIONS),
    },
    closed,
  ),
  Type.Object(
    {
      type: Type.Literal('sentinel-incident-updated'),
      alert: alertRef(),
      provider: oneOf(INCIDENT_PROVIDERS),
      status: Type.Literal('Active'),
    },
    closed,
  ),
  Type.Object({ type: Type.Literal('xdr-incident-closed'), alert: alertRef() }, closed),
  Type.Object({ type: Type.Literal('xdr-correlated'), alerts: Type.Array(alertRef()) }, closed),
  Type.Object({ type: Type.Literal('subscription-added'), subscription: name('Subscription ID.') }, closed),
  Type.Object({ type: Type.Literal('config-changed'), change: ConfigChangeSchema }, closed),
]);

export const ScenarioSchema = Type.Object(
  {
    version: Type.Literal(SCENARIO_VERSION),
    tenantId: name("The tenant's ID, used in Defender XDR links."),
    start: timestamp("The scenario's clock zero."),
    config: WorkspaceConfigSchema,
    timeline: Type.Array(StepSchema, { description: 'Steps in order; only wait advances the clock.' }),
    settleMinutes: Type.Number({
      minimum: SETTLE_MIN_MINUTES,
      description: 'Minutes after the last step the observation covers (ASSUME-SETTLE).',
    }),
  },
  { ...closed, description: 'A scenario: configuration, timeline, settle window. See model/README.md.' },
);

// ------------------------------------------------------------------------------------------ observation

/**
 * Table rows accept columns beyond the model's (a real export has Entities, ExtendedProperties, …); every
 * other object of an observation is closed, so a misspelt optional field is an error, not silence.
 */
const SecurityAlertRowSchema = Type.Object(
  {
    TimeGenerated: timestamp('When the row was written (delivery time).'),
    SystemAlertId: name('One per MDC alert, shared by both connectors.'),
    VendorOriginalId: Type.String({ description: 'For MDC alerts: the MDC alert name.' }),
    AlertName: Type.String(),
    AlertSeverity: Type.String(),
    AlertType: Type.String(),
    ProductName: Type.String(),
    ProviderName: Type.String(),
    VendorName: Type.String(),
    AlertLink: Type.String(),
    Status: Type.String(),
    StartTime: timestamp('The alert start time.'),
    EndTime: timestamp('The alert end time.'),
    ProcessingEndTime: timestamp('When MDC finished processing the alert.'),
    ResourceId: Type.String(),
    _Connector: Type.Optional(
      oneOf(['subscription', 'tenant'] as const, 'Which connector wrote the row (protocol annotation).'),
    ),
  },
  { description: 'A SecurityAlert row; extra columns are allowed and ignored.' },
);

const IncidentLabelSchema = Type.Object({ labelName: Type.String(), labelType: Type.String() }, closed);

const SecurityIncidentRowSchema = Type.Object(
  {
    TimeGenerated: timestamp('When the row was written.'),
    IncidentName: name('The incident GUID; never changes.'),
    IncidentNumber: Type.Integer({ description: 'Never changes.' }),
    Title: Type.String(),
    Severity: Type.String(),
    Status: Type.String(),
    Classification: Type.String(),
    ProviderName: Type.String(),
    ProviderIncidentId: Type.String(),
    Labels: Type.Array(IncidentLabelSchema),
    AlertIds: Type.Array(Type.String(), { description: 'SystemAlertIds of the incident alerts.' }),
    CreatedTime: timestamp('Never changes.'),
    LastModifiedTime: timestamp('The latest row by LastModifiedTime is the current state.'),
    ClosedTime: Type.Union([Type.Literal(''), timestamp('When the incident was closed.')], {
      description: "'' while open.",
    }),
    ModifiedBy: Type.String(),
  },
  { description: 'A SecurityIncident row; extra columns are allowed and ignored.' },
);

const MdcAlertStateSchema = Type.Object(
  {
    name: name('The MDC alert name <reverseTicks>_<GUID>.'),
    statusHistory: Type.Array(
      Type.Object({ time: timestamp('When the status was set.'), status: oneOf(MDC_STATUSES) }, closed),
      { description: 'Every status the alert held, oldest first; the first is Active.' },
    ),
  },
  closed,
);

const XdrIncidentStateSchema = Type.Object(
  {
    id: name("Defender XDR's incident ID."),
    createdTime: timestamp('When XDR created the incident.'),
    alertNames: Type.Array(Type.String(), { description: 'MDC alert names the incident holds at the end.' }),
    statusHistory: Type.Array(
      Type.Object(
        { time: timestamp('When the status was set.'), status: oneOf(XDR_INCIDENT_STATUSES) },
        closed,
      ),
    ),
    redirectIncidentId: Type.Optional(
      Type.String({ description: 'Set when redirected into another incident.' }),
    ),
  },
  closed,
);

export const ObservationSchema = Type.Object(
  {
    SecurityAlert: Type.Array(SecurityAlertRowSchema, {
      description: 'Rows in the order they were written.',
    }),
    SecurityIncident: Type.Array(SecurityIncidentRowSchema, {
      description: 'Rows in the order they were written.',
    }),
    mdc: Type.Object({ alerts: Type.Array(MdcAlertStateSchema) }, closed),
    xdr: Type.Object(
      {
        alerts: Type.Array(
          Type.Object({ name: name('MDC alert name.'), time: timestamp('When it reached XDR.') }, closed),
          { description: 'MDC alerts that reached Defender XDR, with when.' },
        ),
        incidents: Type.Array(XdrIncidentStateSchema),
      },
      closed,
    ),
  },
  { ...closed, description: 'What an implementation reports for a scenario. See docs/protocol.md.' },
);

// ------------------------------------------------------------------------------------------ envelopes

export const ProfileNameSchema = oneOf(['ideal', 'observed'] as const);

// ------------------------------------------------------------------------------------------ declaration

/**
 * The parts of a workspace configuration an implementation may leave out (docs/protocol.md, "Declaring a
 * partial implementation"). Each names what a scenario may hold, in its start configuration or a
 * config-changed step: the subscription-based connector, bi-directional sync, the tenant-based connector,
 * Defender XDR's setting for MDC alerts at either value, the XDR connector, incident creation rules.
 */
export const CONFIG_PARTS = [
  'subscription-connector',
  'sync',
  'tenant-connector',
  'xdr-all-alerts',
  'xdr-no-alerts',
  'xdr-connector',
  'incident-rules',
] as const;
export type ConfigPart = (typeof CONFIG_PARTS)[number];

/** The kinds of a config-changed step (model/config.ts ConfigChange). */
export const CONFIG_CHANGE_KINDS = [
  'subscription-connector-enabled',
  'subscription-connector-disabled',
  'tenant-connector',
  'xdr-mdc-setting',
  'xdr-connector',
  'rule-added',
  'rule-removed',
] as const;
export type ConfigChangeKind = (typeof CONFIG_CHANGE_KINDS)[number];

/** Step types every implementation must support: without them no scenario raises an alert. */
export const REQUIRED_STEP_TYPES = ['wait', 'alert-raised'] as const;

/**
 * What an implementation supports. Each list left out means all of its kind; an empty object declares
 * everything, as declaring nothing does.
 */
export const DeclarationSchema = Type.Object(
  {
    steps: Type.Optional(
      Type.Array(oneOf(STEP_TYPES), {
        uniqueItems: true,
        description: 'Step types supported; must include "wait" and "alert-raised". Absent: all.',
      }),
    ),
    configChanges: Type.Optional(
      Type.Array(oneOf(CONFIG_CHANGE_KINDS), {
        uniqueItems: true,
        description:
          'The kinds of config-changed step supported (with "config-changed" in steps). Absent: all.',
      }),
    ),
    config: Type.Optional(
      Type.Array(oneOf(CONFIG_PARTS), {
        uniqueItems: true,
        description:
          'Configuration parts supported; must include "xdr-all-alerts" or "xdr-no-alerts". Absent: all.',
      }),
    ),
    profiles: Type.Optional(
      Type.Array(ProfileNameSchema, {
        minItems: 1,
        uniqueItems: true,
        description: 'Profiles supported. Absent: both.',
      }),
    ),
  },
  {
    ...closed,
    description:
      'What a partial implementation supports; the suite generates only scenarios inside it. See docs/protocol.md.',
  },
);
export type Declaration = Static<typeof DeclarationSchema>;

/** One line on the implementation's stdin. */
export const RunRequestSchema = Type.Object(
  {
    protocol: Type.Literal(PROTOCOL_VERSION),
    id: name('Run ID; the response carries it back.'),
    scenario: ScenarioSchema,
    profile: ProfileNameSchema,
    declare: Type.Optional(
      Type.Literal(true, {
        description:
          'The declaration request, first on a fresh run: answer {"id", "declaration"} to declare a subset, or answer the scenario (always the empty one) as usual to declare nothing.',
      }),
    ),
  },
  closed,
);
export type RunRequest = Static<typeof RunRequestSchema>;

/** One line on the implementation's stdout. Validated in two stages: the envelope, then the observation. */
export const RunResponseSchema = Type.Union([
  Type.Object({ id: name('The request ID.'), observation: ObservationSchema }),
  Type.Object({
    id: name('The request ID.'),
    error: Type.String({
      description: 'Why it could not run; "unsupported" when the scenario is outside what it supports.',
    }),
    detail: Type.Optional(Type.String({ description: 'With "unsupported": what is not supported.' })),
  }),
  Type.Object({ id: name('The declaration request ID.'), declaration: DeclarationSchema }),
]);
export type RunResponse = Static<typeof RunResponseSchema>;

/** The derived static types; test/protocol/schema-types.test.ts proves them equal to the interfaces. */
export type ScenarioFromSchema = Static<typeof ScenarioSchema>;
export type ObservationFromSchema = Static<typeof ObservationSchema>;
export type ProfileNameFromSchema = Static<typeof ProfileNameSchema>;

// ------------------------------------------------------------------------------------------ errors

export type ProtocolErrorCode = 'invalid-scenario' | 'invalid-observation' | 'invalid-declaration';

/** A value that does not follow the protocol, with the field's path and what was wrong, on one line. */
export class ProtocolError extends Error {
  override readonly name = 'ProtocolError';
  readonly code: ProtocolErrorCode;
  /** `timeline[3].severity`, `SecurityAlert[12].TimeGenerated`; '' for the value itself. */
  readonly path: string;
  readonly expected: string;
  readonly received: string;

  constructor(code: ProtocolErrorCode, path: string, expected: string, received: string) {
    super(`${path === '' ? '(root)' : path}: expected ${expected}, received ${received}`);
    this.code = code;
    this.path = path;
    this.expected = expected;
    this.received = received;
  }
}

const MAX_SHOWN = 80;

function truncate(text: string, max = MAX_SHOWN): string {
  const oneLine = text.replace(/\s+/g, ' ');
  return oneLine.length <= max ? oneLine : `${oneLine.slice(0, max - 1)}…`;
}

/** A received value as short one-line text: JSON, cut at MAX_SHOWN characters (safe on any value). */
export function show(value: unknown): string {
  if (value === undefined) return 'nothing (the field is missing)';
  if (typeof value === 'number' || typeof value === 'bigint') return String(value);
  if (typeof value === 'function') return 'a function';
  return truncate(jsonPrefix(value, MAX_SHOWN + 1));
}

/** `/timeline/3/severity` → `timeline[3].severity`. */
export function pointerToPath(pointer: string): string {
  let out = '';
  for (const raw of pointer.split('/').slice(1)) {
    const key = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (/^\d+$/.test(key)) out += `[${key}]`;
    else if (/^[A-Za-z_$][\w$]*$/.test(key)) out += out === '' ? key : `.${key}`;
    else out += `[${JSON.stringify(key)}]`;
  }
  return out;
}

interface SchemaLike {
  const?: unknown;
  anyOf?: SchemaLike[];
  type?: string;
  format?: string;
  pattern?: string;
  minimum?: number;
  minLength?: number;
  properties?: Record<string, SchemaLike>;
}

/** What a schema expects, in words. */
function expectedOf(schema: SchemaLike): string {
  if (schema.const !== undefined) return JSON.stringify(schema.const);
  if (schema.anyOf) {
    if (schema.anyOf.every((s) => s.const !== undefined)) {
      const values = schema.anyOf.map((s) => JSON.stringify(s.const));
      return values.length === 1 ? (values[0] ?? '') : `one of ${values.join(' | ')}`;
    }
    return [...new Set(schema.anyOf.map(expectedOf))].join(' or ');
  }
  switch (schema.type) {
    case 'string':
      if (schema.format === 'date-time') return TIMESTAMP_EXPECTED;
      return schema.minLength ? 'a non-empty string' : 'a string';
    case 'number':
      return schema.minimum === undefined ? 'a number' : `a number ≥ ${schema.minimum}`;
    case 'integer':
      return 'an integer';
    case 'boolean':
      return 'true or false';
    case 'array':
      return 'an array';
    case 'object':
      return 'an object';
    default:
      return 'a valid value';
  }
}

/** The discriminating property of a union of objects (`type`, `kind`), if its variants have one. */
function discriminantOf(variants: SchemaLike[]): string | undefined {
  for (const key of ['type', 'kind']) {
    if (variants.every((v) => v.properties?.[key]?.const !== undefined)) return key;
  }
  return undefined;
}

interface Problem {
  path: string;
  expected: string;
  received: string;
}

/** The most telling problem of one TypeBox error: for a tagged union, the error inside the named variant. */
function explain(error: ValueError): Problem {
  const schema = error.schema as SchemaLike;
  const path = pointerToPath(error.path);
  if (error.type === ValueErrorType.ObjectAdditionalProperties) {
    return { path, expected: 'no such field', received: show(error.value) };
  }
  if (error.type === ValueErrorType.Union && schema.anyOf) {
    const value = error.value;
    const key = discriminantOf(schema.anyOf);
    if (key !== undefined && typeof value === 'object' && value !== null && !Array.isArray(value)) {
      const tag = (value as Record<string, unknown>)[key];
      const index = schema.anyOf.findIndex((v) => v.properties?.[key]?.const === tag);
      const inner = index >= 0 ? error.errors[index]?.First() : undefined;
      if (inner) return explain(inner);
      const tags = schema.anyOf.map((v) => JSON.stringify(v.properties?.[key]?.const));
      return {
        path: path === '' ? key : `${path}.${key}`,
        expected: `one of ${tags.join(' | ')}`,
        received: show(tag),
      };
    }
    // An untagged union of objects (the response envelope): explain the variant that got furthest.
    if (typeof value === 'object' && value !== null && schema.anyOf.every((v) => v.type === 'object')) {
      const inner = error.errors
        .map((it) => it.First())
        .find((e) => e !== undefined && e.path !== error.path);
      if (inner) return explain(inner);
    }
  }
  return { path, expected: expectedOf(schema), received: show(error.value) };
}

// ------------------------------------------------------------------------------------------ validation

const scenarioCheck = TypeCompiler.Compile(ScenarioSchema);
const observationCheck = TypeCompiler.Compile(ObservationSchema);

/** The scenario checks a schema cannot express; the first problem, in timeline order. */
function scenarioProblem(scenario: Scenario): Problem | undefined {
  // Names and paths are built only for the problem found: a well-formed scenario costs a few lookups per step.
  const raisedAt = new Map<string, number>();
  const guidAt = new Map<string, number>();
  const subscriptions = new Set(scenario.config.subscriptions);
  const raised = () => (raisedAt.size === 0 ? 'none so far' : [...raisedAt.keys()].map(show).join(', '));
  const unraised = (path: string, alert: string): Problem => ({
    path,
    expected: `an alert raised by an earlier step (${truncate(raised())})`,
    received: show(alert),
  });
  const timeline = scenario.timeline;
  for (let index = 0; index < timeline.length; index++) {
    const step = timeline[index] as Step;
    switch (step.type) {
      case 'mdc-status-changed':
      case 'sentinel-incident-closed':
      case 'sentinel-incident-updated':
      case 'xdr-incident-closed':
        if (!raisedAt.has(step.alert)) return unraised(`timeline[${index}].alert`, step.alert);
        break;
      case 'xdr-correlated':
        for (let k = 0; k < step.alerts.length; k++) {
          const alert = step.alerts[k] as string;
          if (!raisedAt.has(alert)) return unraised(`timeline[${index}].alerts[${k}]`, alert);
        }
        break;
      case 'subscription-added':
        subscriptions.add(step.subscription);
        break;
      case 'alert-raised': {
        const earlier = raisedAt.get(step.alert);
        const guid = step.guid.toLowerCase();
        const earlierGuid = guidAt.get(guid);
        if (earlier !== undefined) {
          return {
            path: `timeline[${index}].alert`,
            expected: 'a handle no earlier alert has',
            received: `${show(step.alert)}, already raised at timeline[${earlier}]`,
          };
        }
        if (earlierGuid !== undefined) {
          return {
            path: `timeline[${index}].guid`,
            expected: 'a GUID no earlier alert has',
            received: `${show(step.guid)}, already the GUID of the alert raised at timeline[${earlierGuid}]`,
          };
        }
        if (!subscriptions.has(step.subscription)) {
          return {
            path: `timeline[${index}].subscription`,
            expected: `a subscription of the tenant at this step (${truncate([...subscriptions].map(show).join(', ') || 'none')})`,
            received: show(step.subscription),
          };
        }
        raisedAt.set(step.alert, index);
        guidAt.set(guid, index);
        break;
      }
      case 'wait':
      case 'config-changed':
        break;
    }
  }
  return undefined;
}

/** Checks a scenario without throwing. */
export function checkScenario(
  value: unknown,
): { ok: true; scenario: Scenario } | { ok: false; error: ProtocolError } {
  if (!scenarioCheck.Check(value)) {
    const first = scenarioCheck.Errors(value).First();
    const p = first ? explain(first) : { path: '', expected: 'a scenario', received: show(value) };
    return { ok: false, error: new ProtocolError('invalid-scenario', p.path, p.expected, p.received) };
  }
  const scenario: Scenario = value;
  const p = scenarioProblem(scenario);
  if (p) return { ok: false, error: new ProtocolError('invalid-scenario', p.path, p.expected, p.received) };
  return { ok: true, scenario };
}

/** The value as a Scenario, or a ProtocolError ('invalid-scenario') naming the first wrong field. */
export function validateScenario(value: unknown): Scenario {
  const result = checkScenario(value);
  if (!result.ok) throw result.error;
  return result.scenario;
}

/** Checks an observation without throwing. */
export function checkObservation(
  value: unknown,
): { ok: true; observation: Observation } | { ok: false; error: ProtocolError } {
  if (observationCheck.Check(value)) return { ok: true, observation: value };
  const first = observationCheck.Errors(value).First();
  const p = first ? explain(first) : { path: '', expected: 'an observation', received: show(value) };
  return { ok: false, error: new ProtocolError('invalid-observation', p.path, p.expected, p.received) };
}

const declarationCheck = TypeCompiler.Compile(DeclarationSchema);

/**
 * Checks a declaration without throwing: the schema, then what it cannot say (the step types every
 * scenario needs, one value of Defender XDR's setting).
 */
export function checkDeclaration(
  value: unknown,
): { ok: true; declaration: Declaration } | { ok: false; error: ProtocolError } {
  const fail = (p: Problem) => ({
    ok: false as const,
    error: new ProtocolError('invalid-declaration', p.path, p.expected, p.received),
  });
  if (!declarationCheck.Check(value)) {
    const first = declarationCheck.Errors(value).First();
    if (first?.type === ValueErrorType.ArrayUniqueItems)
      return fail({
        path: pointerToPath(first.path),
        expected: 'no value twice',
        received: show(first.value),
      });
    return fail(first ? explain(first) : { path: '', expected: 'a declaration', received: show(value) });
  }
  const declaration: Declaration = value;
  const missing = REQUIRED_STEP_TYPES.find((t) => declaration.steps && !declaration.steps.includes(t));
  if (missing !== undefined)
    return fail({
      path: 'steps',
      expected: `a list including "${missing}" (no scenario can do without it)`,
      received: show(declaration.steps),
    });
  const { config } = declaration;
  if (config && !config.includes('xdr-all-alerts') && !config.includes('xdr-no-alerts'))
    return fail({
      path: 'config',
      expected:
        'a list including "xdr-all-alerts" or "xdr-no-alerts" (Defender XDR\'s setting has one of them)',
      received: show(config),
    });
  return { ok: true, declaration };
}

/** The value as an Observation, or a ProtocolError ('invalid-observation') naming the first wrong field. */
export function validateObservation(value: unknown): Observation {
  const result = checkObservation(value);
  if (!result.ok) throw result.error;
  return result.observation;
}

// ------------------------------------------------------------------------------------------ documents

const SCHEMA_DIALECT = 'https://json-schema.org/draft/2020-12/schema';

/** A TypeBox schema as plain JSON (TypeBox's own symbol keys dropped). */
function plain(schema: TSchema): Record<string, unknown> {
  return JSON.parse(JSON.stringify(schema)) as Record<string, unknown>;
}

function document(title: string, schema: Record<string, unknown>): Record<string, unknown> {
  return { $schema: SCHEMA_DIALECT, title, 'x-protocol-version': PROTOCOL_VERSION, ...schema };
}

/**
 * The committed JSON Schema files under docs/schema/, keyed by file name, with their exact text. The
 * envelopes refer to the scenario and observation files by relative $ref.
 */
export function schemaDocuments(): Record<string, string> {
  const request = plain(RunRequestSchema) as { properties: Record<string, unknown> };
  request.properties.scenario = { $ref: 'scenario.schema.json' };
  const response = plain(RunResponseSchema) as { anyOf: { properties: Record<string, unknown> }[] };
  const ok = response.anyOf[0];
  if (ok) ok.properties.observation = { $ref: 'observation.schema.json' };
  const declared = response.anyOf[2];
  if (declared) declared.properties.declaration = { $ref: 'declaration.schema.json' };
  const docs: Record<string, Record<string, unknown>> = {
    'scenario.schema.json': document('Scenario', plain(ScenarioSchema)),
    'observation.schema.json': document('Observation', plain(ObservationSchema)),
    'run-request.schema.json': document('Run request (one line on stdin)', request),
    'run-response.schema.json': document('Run response (one line on stdout)', response),
    'declaration.schema.json': document('Declaration of a partial implementation', plain(DeclarationSchema)),
  };
  return Object.fromEntries(
    Object.entries(docs).map(([file, doc]) => [file, `${JSON.stringify(doc, null, 2)}\n`]),
  );
}
