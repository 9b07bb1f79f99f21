/**
 * fast-check arbitraries for workspace configurations, timelines and schedules. Timelines are generated
 * as intents (raise, change status of "the n-th alert", correlate "alerts i and j", …) and mapped to valid
 * steps by construction, so no generated case is thrown away and every shrink stays valid. Weights steer
 * the generator towards the combinations the article discusses; they never forbid a case.
 */
import fc from 'fast-check';
import {
  RULE_DELAY_MAX_MS,
  SUB_DELAY_MAX_MS,
  SYNC_DELAY_MAX_MS,
  TENANT_DELAY_MAX_MS,
  TENANT_REPEAT_GAP_MAX_MS,
  XDR_INCIDENT_CREATE_DELAY_MAX_MS,
  XDR_INCIDENT_DELAY_MAX_MS,
  XDR_INGEST_DELAY_MAX_MS,
  XDR_SYNC_DELAY_MAX_MS,
} from '../model/assumptions.ts';
import {
  type ConfigChange,
  type IncidentRule,
  RULE_PRODUCTS,
  type RuleProduct,
  SEVERITIES,
  type Severity,
  type WorkspaceConfig,
} from '../model/config.ts';
import { type AlertSchedule, type Schedule, ZERO_ALERT_SCHEDULE } from '../model/reference/schedule.ts';
import { SCENARIO_VERSION, type Scenario } from '../model/scenario.ts';
import { CLASSIFICATIONS, MDC_STATUSES, type MdcStatus, type Step } from '../model/timeline.ts';
import { GENERATION } from './settings.ts';

export const TENANT_ID = '72f988bf-0000-4000-8000-00000000c0de';
export const SCENARIO_START = '2026-03-01T09:00:00.000Z';

export const ALERT_TYPES = [
  'VM_SuspectExecutablePath',
  'Storage.Blob_AnonymousAccessAnomaly',
  'KV_ListGetAnomaly',
  'K8S_PrivilegedContainer',
  'SQL.DB_BruteForce',
] as const;

export function subscriptionName(index: number): string {
  return `sub-${index + 1}`;
}

export function alertHandle(index: number): string {
  return `A${index + 1}`;
}

export function alertGuid(index: number): string {
  return `6c1d0000-0000-4000-8000-${(index + 1).toString(16).padStart(12, '0')}`;
}

// ---------------------------------------------------------------- configuration

const severityArb: fc.Arbitrary<Severity> = fc.oneof(
  { weight: 8, arbitrary: fc.constantFrom<Severity>('Low', 'Medium', 'High') },
  { weight: 2, arbitrary: fc.constant<Severity>('Informational') },
);

const otherProductArb = fc.constantFrom<RuleProduct>(
  ...RULE_PRODUCTS.filter((p) => p !== 'Azure Security Center'),
);

function ruleArb(name: string): fc.Arbitrary<IncidentRule> {
  return fc.record({
    name: fc.constant(name),
    productFilter: fc.oneof(
      { weight: 7, arbitrary: fc.constant<RuleProduct[]>(['Azure Security Center']) },
      { weight: 1, arbitrary: otherProductArb.map((p): RuleProduct[] => ['Azure Security Center', p]) },
      { weight: 2, arbitrary: otherProductArb.map((p): RuleProduct[] => [p]) },
    ),
    severitiesFilter: fc.oneof(
      { weight: 8, arbitrary: fc.constant<Severity[]>([]) },
      {
        weight: 2,
        arbitrary: fc.uniqueArray(fc.constantFrom(...SEVERITIES), { minLength: 1, maxLength: 3 }),
      },
    ),
  });
}

type SubscriptionMode = 'off' | 'on' | 'sync';
const subscriptionModeArb: fc.Arbitrary<SubscriptionMode> = fc.oneof(
  { weight: 2, arbitrary: fc.constant('off' as const) },
  { weight: 2, arbitrary: fc.constant('on' as const) },
  { weight: 3, arbitrary: fc.constant('sync' as const) },
);

const randomConfigArb: fc.Arbitrary<WorkspaceConfig> = fc
  .record({
    modes: fc.array(subscriptionModeArb, { minLength: 1, maxLength: 3 }),
    tenantConnector: fc.oneof(
      { weight: 2, arbitrary: fc.constant(false) },
      { weight: 3, arbitrary: fc.constant(true) },
    ),
    xdrMdcSetting: fc.oneof(
      { weight: 3, arbitrary: fc.constant('All alerts' as const) },
      { weight: 1, arbitrary: fc.constant('No alerts' as const) },
    ),
    xdrConnector: fc.boolean(),
    rules: fc.oneof(
      { weight: 2, arbitrary: fc.constant<IncidentRule[]>([]) },
      { weight: 5, arbitrary: ruleArb('mdc-rule-1').map((r) => [r]) },
      { weight: 2, arbitrary: fc.tuple(ruleArb('mdc-rule-1'), ruleArb('mdc-rule-2')) },
    ),
  })
  .map(({ modes, tenantConnector, xdrMdcSetting, xdrConnector, rules }) => ({
    subscriptions: modes.map((_, i) => subscriptionName(i)),
    subscriptionConnector: modes.flatMap((mode, i) =>
      mode === 'off' ? [] : [{ subscription: subscriptionName(i), sync: mode === 'sync' }],
    ),
    tenantConnector,
    xdrMdcSetting,
    xdrConnector,
    incidentRules: [...rules],
  }));

/**
 * The set-ups the article tests, each with its own connector mix: the generator draws them often so that
 * every behaviour's situation is frequent, and mixes in free configurations for everything in between.
 */
const ARTICLE_SETUPS: readonly {
  modes: SubscriptionMode[];
  tenant: boolean;
  all: boolean;
  xdr: boolean;
  rule: boolean;
}[] = [
  { modes: ['sync'], tenant: false, all: true, xdr: false, rule: true },
  { modes: ['on'], tenant: false, all: true, xdr: false, rule: true },
  // Both connectors with sync, the article's worked example (L89-L93): twice as often as the others.
  { modes: ['sync'], tenant: true, all: true, xdr: false, rule: true },
  { modes: ['sync'], tenant: true, all: true, xdr: false, rule: true },
  { modes: ['off'], tenant: true, all: false, xdr: false, rule: true },
  { modes: ['off'], tenant: false, all: true, xdr: true, rule: false },
  { modes: ['off'], tenant: true, all: true, xdr: true, rule: true },
  { modes: ['sync', 'off'], tenant: true, all: true, xdr: true, rule: false },
];

const articleConfigArb: fc.Arbitrary<WorkspaceConfig> = fc
  .record({ setup: fc.constantFrom(...ARTICLE_SETUPS), rule: ruleArb('mdc-rule-1') })
  .map(({ setup, rule }) => ({
    subscriptions: setup.modes.map((_, i) => subscriptionName(i)),
    subscriptionConnector: setup.modes.flatMap((mode, i) =>
      mode === 'off' ? [] : [{ subscription: subscriptionName(i), sync: mode === 'sync' }],
    ),
    tenantConnector: setup.tenant,
    xdrMdcSetting: setup.all ? ('All alerts' as const) : ('No alerts' as const),
    xdrConnector: setup.xdr,
    incidentRules: setup.rule ? [{ ...rule, productFilter: ['Azure Security Center' as const] }] : [],
  }));

export const configArb: fc.Arbitrary<WorkspaceConfig> = fc.oneof(
  { weight: 3, arbitrary: randomConfigArb },
  { weight: 2, arbitrary: articleConfigArb },
);

// ---------------------------------------------------------------- timeline intents

/** What a step is meant to do, before alert and subscription references are resolved. */
export type Intent =
  | { kind: 'wait'; minutes: number }
  | { kind: 'raise'; subscription: number; severity: Severity; alertType: number }
  | { kind: 'mdc-status'; alert: number; status: MdcStatus }
  | { kind: 'sentinel-close'; alert: number; xdr: boolean; classification: number }
  | { kind: 'sentinel-update'; alert: number; xdr: boolean }
  | { kind: 'xdr-close'; alert: number }
  | { kind: 'correlate'; alerts: number[] }
  | { kind: 'add-subscription' }
  | { kind: 'config'; change: ConfigIntent }
  /** An alert's life in a few steps: raised, some minutes pass, then something is done to it. */
  | { kind: 'episode'; raise: RaiseIntent; minutes: number; action: EpisodeAction }
  /** The article's worked example: an alert raised and its rule incident closed promptly, before the tenant connector delivers. */
  | { kind: 'prompt-closure'; raise: RaiseIntent; minutes: number; classification: number }
  /**
   * An alert raised, then bi-directional sync switched on its subscription (connector enabled with sync on or
   * off), then its rule incident closed: steers towards sync read at the step, not at the raise.
   */
  | { kind: 'sync-switch-episode'; raise: RaiseIntent; before: number; sync: boolean; after: number }
  /**
   * Several alerts raised, some minutes pass, one incident perhaps closed, then XDR correlates them; then,
   * perhaps, some minutes on, the incident holding the alerts is closed in Sentinel or in Defender XDR
   * (steers towards closing a merged incident: every alert it holds must be resolved, not only its own).
   */
  | {
      kind: 'correlation-episode';
      raises: RaiseIntent[];
      minutes: number;
      closeFirst: 'none' | 'sentinel' | 'xdr';
      closeAfter: 'none' | 'sentinel' | 'xdr';
      after: number;
    };

interface RaiseIntent {
  subscription: number;
  severity: Severity;
  alertType: number;
}

type EpisodeAction =
  | { kind: 'sentinel-close'; xdr: boolean; classification: number }
  | { kind: 'sentinel-update'; xdr: boolean }
  | { kind: 'mdc-status'; status: MdcStatus }
  | { kind: 'xdr-close' };

type ConfigIntent =
  | { kind: 'sub-enable'; subscription: number; sync: boolean }
  | { kind: 'sub-disable'; subscription: number }
  | { kind: 'tenant'; enabled: boolean }
  | { kind: 'xdr-setting'; all: boolean }
  | { kind: 'xdr-connector'; enabled: boolean }
  | { kind: 'rule-added'; rule: IncidentRule }
  | { kind: 'rule-removed' };

const index = fc.nat({ max: 7 });

const waitArb = fc.oneof(
  { weight: 5, arbitrary: fc.integer({ min: 0, max: 3 }) },
  { weight: 3, arbitrary: fc.integer({ min: 4, max: 15 }) },
  { weight: 2, arbitrary: fc.integer({ min: 16, max: 45 }) },
);

const configIntentArb: fc.Arbitrary<ConfigIntent> = fc.oneof(
  fc.record({ kind: fc.constant('sub-enable' as const), subscription: index, sync: fc.boolean() }),
  fc.record({ kind: fc.constant('sub-disable' as const), subscription: index }),
  fc.record({ kind: fc.constant('tenant' as const), enabled: fc.boolean() }),
  fc.record({ kind: fc.constant('xdr-setting' as const), all: fc.boolean() }),
  fc.record({ kind: fc.constant('xdr-connector' as const), enabled: fc.boolean() }),
  fc.record({ kind: fc.constant('rule-added' as const), rule: ruleArb('mdc-rule-late') }),
  fc.constant({ kind: 'rule-removed' as const }),
);

const raiseIntentArb: fc.Arbitrary<RaiseIntent> = fc.record({
  subscription: index,
  severity: severityArb,
  alertType: fc.nat({ max: ALERT_TYPES.length - 1 }),
});

/** Which incident a Sentinel step acts on: the rule's (Azure Sentinel) twice as often as the XDR connector's. */
const xdrIncidentArb = fc.oneof(
  { weight: 2, arbitrary: fc.constant(false) },
  { weight: 1, arbitrary: fc.constant(true) },
);

const episodeActionArb: fc.Arbitrary<EpisodeAction> = fc.oneof(
  {
    weight: 5,
    arbitrary: fc.record({
      kind: fc.constant('sentinel-close' as const),
      xdr: xdrIncidentArb,
      classification: fc.nat({ max: CLASSIFICATIONS.length - 1 }),
    }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('sentinel-update' as const), xdr: fc.boolean() }) },
  {
    weight: 3,
    arbitrary: fc.record({
      kind: fc.constant('mdc-status' as const),
      status: fc.constantFrom(...MDC_STATUSES),
    }),
  },
  { weight: 1, arbitrary: fc.constant({ kind: 'xdr-close' as const }) },
);

/** Minutes before acting on a fresh alert: often before the tenant connector delivers, sometimes after all. */
const episodeWaitArb = fc.oneof(
  { weight: 3, arbitrary: fc.integer({ min: 0, max: 5 }) },
  { weight: 4, arbitrary: fc.integer({ min: 6, max: 20 }) },
  { weight: 3, arbitrary: fc.integer({ min: 21, max: 45 }) },
);

const W = GENERATION.stepWeights;
export const intentArb: fc.Arbitrary<Intent> = fc.oneof(
  { weight: W.wait, arbitrary: waitArb.map((minutes) => ({ kind: 'wait' as const, minutes })) },
  {
    weight: W.raise,
    arbitrary: fc.record({
      kind: fc.constant('raise' as const),
      subscription: index,
      severity: severityArb,
      alertType: fc.nat({ max: ALERT_TYPES.length - 1 }),
    }),
  },
  {
    weight: W.mdcStatus,
    arbitrary: fc.record({
      kind: fc.constant('mdc-status' as const),
      alert: index,
      status: fc.constantFrom(...MDC_STATUSES),
    }),
  },
  {
    weight: W.sentinelClose,
    arbitrary: fc.record({
      kind: fc.constant('sentinel-close' as const),
      alert: index,
      xdr: fc.boolean(),
      classification: fc.nat({ max: CLASSIFICATIONS.length - 1 }),
    }),
  },
  {
    weight: W.sentinelUpdate,
    arbitrary: fc.record({ kind: fc.constant('sentinel-update' as const), alert: index, xdr: fc.boolean() }),
  },
  { weight: W.xdrClose, arbitrary: fc.record({ kind: fc.constant('xdr-close' as const), alert: index }) },
  {
    weight: W.correlate,
    arbitrary: fc.record({
      kind: fc.constant('correlate' as const),
      alerts: fc.uniqueArray(index, { minLength: 2, maxLength: 3 }),
    }),
  },
  { weight: W.addSubscription, arbitrary: fc.constant({ kind: 'add-subscription' as const }) },
  { weight: W.config, arbitrary: configIntentArb.map((change) => ({ kind: 'config' as const, change })) },
  {
    weight: W.episode,
    arbitrary: fc.record({
      kind: fc.constant('episode' as const),
      raise: raiseIntentArb,
      minutes: episodeWaitArb,
      action: episodeActionArb,
    }),
  },
  {
    weight: W.syncSwitchEpisode,
    arbitrary: fc.record({
      kind: fc.constant('sync-switch-episode' as const),
      raise: raiseIntentArb,
      before: fc.integer({ min: 3, max: 12 }),
      sync: fc.boolean(),
      after: fc.integer({ min: 3, max: 12 }),
    }),
  },
  {
    weight: W.promptClosure,
    arbitrary: fc.record({
      kind: fc.constant('prompt-closure' as const),
      raise: raiseIntentArb,
      minutes: fc.integer({ min: 1, max: 12 }),
      classification: fc.nat({ max: CLASSIFICATIONS.length - 1 }),
    }),
  },
  {
    weight: W.correlationEpisode,
    arbitrary: fc.record({
      kind: fc.constant('correlation-episode' as const),
      raises: fc.array(raiseIntentArb, { minLength: 2, maxLength: 3 }),
      minutes: episodeWaitArb,
      closeFirst: fc.constantFrom('none' as const, 'sentinel' as const, 'xdr' as const),
      closeAfter: fc.constantFrom('none' as const, 'sentinel' as const, 'xdr' as const),
      after: fc.integer({ min: 0, max: 12 }),
    }),
  },
);

/** Resolves intents to steps: references pick among what exists; a reference with nothing to pick raises an alert. */
export function intentsToTimeline(config: WorkspaceConfig, intents: readonly Intent[]): Step[] {
  const subscriptions = [...config.subscriptions];
  const alerts: string[] = [];
  let rules = config.incidentRules.map((r) => r.name);
  let lateRules = 0;
  const steps: Step[] = [];
  const pick = <Item>(items: readonly Item[], i: number): Item => items[i % items.length] as Item;
  const raise = (subscription: number, severity: Severity, alertType: number): Step => {
    return raiseStep(subscription, severity, alertType);
  };
  const raiseStep = (subscription: number, severity: Severity, alertType: number): Step => {
    const i = alerts.length;
    alerts.push(alertHandle(i));
    return {
      type: 'alert-raised',
      alert: alertHandle(i),
      guid: alertGuid(i),
      subscription: pick(subscriptions, subscription),
      severity,
      alertType: pick(ALERT_TYPES, alertType),
    };
  };
  for (const intent of intents) {
    if (
      intent.kind !== 'wait' &&
      intent.kind !== 'raise' &&
      intent.kind !== 'add-subscription' &&
      intent.kind !== 'config' &&
      alerts.length === 0
    ) {
      steps.push(raise(0, 'High', 0));
      continue;
    }
    switch (intent.kind) {
      case 'wait':
        steps.push({ type: 'wait', minutes: intent.minutes });
        break;
      case 'raise':
        steps.push(raise(intent.subscription, intent.severity, intent.alertType));
        break;
      case 'mdc-status':
        steps.push({ type: 'mdc-status-changed', alert: pick(alerts, intent.alert), status: intent.status });
        break;
      case 'sentinel-close':
        steps.push({
          type: 'sentinel-incident-closed',
          alert: pick(alerts, intent.alert),
          provider: intent.xdr ? 'Microsoft XDR' : 'Azure Sentinel',
          classification: pick(CLASSIFICATIONS, intent.classification),
        });
        break;
      case 'sentinel-update':
        steps.push({
          type: 'sentinel-incident-updated',
          alert: pick(alerts, intent.alert),
          provider: intent.xdr ? 'Microsoft XDR' : 'Azure Sentinel',
          status: 'Active',
        });
        break;
      case 'xdr-close':
        steps.push({ type: 'xdr-incident-closed', alert: pick(alerts, intent.alert) });
        break;
      case 'correlate': {
        const chosen = [...new Set(intent.alerts.map((i) => pick(alerts, i)))];
        if (chosen.length < 2) steps.push(raise(intent.alerts[0] ?? 0, 'Medium', 1));
        else steps.push({ type: 'xdr-correlated', alerts: chosen });
        break;
      }
      case 'episode': {
        const step = raise(intent.raise.subscription, intent.raise.severity, intent.raise.alertType);
        const alert = alerts[alerts.length - 1] as string;
        steps.push(step, { type: 'wait', minutes: intent.minutes }, episodeStep(alert, intent.action));
        break;
      }
      case 'prompt-closure': {
        const step = raise(intent.raise.subscription, intent.raise.severity, intent.raise.alertType);
        const alert = alerts[alerts.length - 1] as string;
        steps.push(
          step,
          { type: 'wait', minutes: intent.minutes },
          episodeStep(alert, { kind: 'sentinel-close', xdr: false, classification: intent.classification }),
        );
        break;
      }
      case 'sync-switch-episode': {
        const step = raise(intent.raise.subscription, intent.raise.severity, intent.raise.alertType);
        const alert = alerts[alerts.length - 1] as string;
        const subscription = pick(subscriptions, intent.raise.subscription);
        steps.push(
          step,
          { type: 'wait', minutes: intent.before },
          {
            type: 'config-changed',
            change: { kind: 'subscription-connector-enabled', subscription, sync: intent.sync },
          },
          { type: 'wait', minutes: intent.after },
          episodeStep(alert, { kind: 'sentinel-close', xdr: false, classification: 0 }),
        );
        break;
      }
      case 'correlation-episode': {
        const raised = intent.raises.map((r) => {
          steps.push(raise(r.subscription, r.severity, r.alertType));
          return alerts[alerts.length - 1] as string;
        });
        steps.push({ type: 'wait', minutes: intent.minutes });
        const first = raised[0] as string;
        if (intent.closeFirst === 'sentinel') {
          steps.push({
            type: 'sentinel-incident-closed',
            alert: first,
            provider: 'Microsoft XDR',
            classification: 'TruePositive',
          });
        }
        if (intent.closeFirst === 'xdr') steps.push({ type: 'xdr-incident-closed', alert: first });
        if (intent.closeFirst !== 'none') steps.push({ type: 'wait', minutes: 10 });
        steps.push({ type: 'xdr-correlated', alerts: raised });
        // The merged incident is named by an alert it holds: the last raised, which neither variant leaves out.
        const held = raised[raised.length - 1] as string;
        if (intent.closeAfter !== 'none') steps.push({ type: 'wait', minutes: intent.after });
        if (intent.closeAfter === 'sentinel') {
          steps.push({
            type: 'sentinel-incident-closed',
            alert: held,
            provider: 'Microsoft XDR',
            classification: 'TruePositive',
          });
        }
        if (intent.closeAfter === 'xdr') steps.push({ type: 'xdr-incident-closed', alert: held });
        break;
      }
      case 'add-subscription': {
        const name = subscriptionName(subscriptions.length);
        subscriptions.push(name);
        steps.push({ type: 'subscription-added', subscription: name });
        break;
      }
      case 'config': {
        const change = resolveConfigIntent(intent.change, subscriptions, rules, lateRules);
        if (change.kind === 'rule-added') {
          lateRules += 1;
          rules = [...rules, change.rule.name];
        }
        if (change.kind === 'rule-removed') rules = rules.filter((r) => r !== change.name);
        steps.push({ type: 'config-changed', change });
        break;
      }
    }
  }
  return steps;
}

function episodeStep(alert: string, action: EpisodeAction): Step {
  switch (action.kind) {
    case 'sentinel-close':
      return {
        type: 'sentinel-incident-closed',
        alert,
        provider: action.xdr ? 'Microsoft XDR' : 'Azure Sentinel',
        classification: CLASSIFICATIONS[
          action.classification % CLASSIFICATIONS.length
        ] as (typeof CLASSIFICATIONS)[number],
      };
    case 'sentinel-update':
      return {
        type: 'sentinel-incident-updated',
        alert,
        provider: action.xdr ? 'Microsoft XDR' : 'Azure Sentinel',
        status: 'Active',
      };
    case 'mdc-status':
      return { type: 'mdc-status-changed', alert, status: action.status };
    case 'xdr-close':
      return { type: 'xdr-incident-closed', alert };
  }
}

function resolveConfigIntent(
  intent: ConfigIntent,
  subscriptions: readonly string[],
  rules: readonly string[],
  lateRules: number,
): ConfigChange {
  const sub = (i: number) => subscriptions[i % subscriptions.length] as string;
  switch (intent.kind) {
    case 'sub-enable':
      return {
        kind: 'subscription-connector-enabled',
        subscription: sub(intent.subscription),
        sync: intent.sync,
      };
    case 'sub-disable':
      return { kind: 'subscription-connector-disabled', subscription: sub(intent.subscription) };
    case 'tenant':
      return { kind: 'tenant-connector', enabled: intent.enabled };
    case 'xdr-setting':
      return { kind: 'xdr-mdc-setting', value: intent.all ? 'All alerts' : 'No alerts' };
    case 'xdr-connector':
      return { kind: 'xdr-connector', enabled: intent.enabled };
    case 'rule-added':
      return { kind: 'rule-added', rule: { ...intent.rule, name: `mdc-rule-late-${lateRules + 1}` } };
    case 'rule-removed':
      return rules.length === 0
        ? { kind: 'tenant-connector', enabled: true }
        : { kind: 'rule-removed', name: rules[0] as string };
  }
}

export const scenarioArb: fc.Arbitrary<Scenario> = fc
  .record({
    config: configArb,
    intents: fc.array(intentArb, { minLength: 1, maxLength: GENERATION.maxIntents, size: 'medium' }),
  })
  .map(({ config, intents }) => ({
    version: SCENARIO_VERSION,
    tenantId: TENANT_ID,
    start: SCENARIO_START,
    config,
    timeline: intentsToTimeline(config, intents),
    settleMinutes: GENERATION.settleMinutes,
  }));

// ---------------------------------------------------------------- schedules

/** A delay within [0, max], mostly small (the shape of a connector's latency), often exactly 0 or max. */
function delayArb(max: number): fc.Arbitrary<number> {
  return fc.oneof(
    { weight: 3, arbitrary: fc.integer({ min: 0, max: Math.floor(max / 5) }) },
    { weight: 2, arbitrary: fc.integer({ min: 0, max }) },
    { weight: 2, arbitrary: fc.constantFrom(0, max) },
  );
}

export const alertScheduleArb: fc.Arbitrary<AlertSchedule> = fc
  .record({
    subscriptionDelayMs: delayArb(SUB_DELAY_MAX_MS),
    /** TEN-SLOWER: the tenant connector is typically slower; sometimes it is not. */
    tenantFaster: fc.oneof(
      { weight: 5, arbitrary: fc.constant(false) },
      { weight: 1, arbitrary: fc.constant(true) },
    ),
    tenantDelayMs: delayArb(TENANT_DELAY_MAX_MS),
    xdrIngestDelayMs: delayArb(XDR_INGEST_DELAY_MAX_MS),
    xdrIncidentCreateDelayMs: delayArb(XDR_INCIDENT_CREATE_DELAY_MAX_MS),
    xdrIncidentDelayMs: delayArb(XDR_INCIDENT_DELAY_MAX_MS),
    ruleDelayMs: delayArb(RULE_DELAY_MAX_MS),
    syncDelayMs: delayArb(SYNC_DELAY_MAX_MS),
    xdrSyncDelayMs: delayArb(XDR_SYNC_DELAY_MAX_MS),
    tenantRepeatGapsMs: fc.oneof(
      { weight: 4, arbitrary: fc.constant<number[]>([]) },
      {
        weight: 1,
        arbitrary: fc.array(fc.integer({ min: 1000, max: TENANT_REPEAT_GAP_MAX_MS }), {
          minLength: 1,
          maxLength: 2,
        }),
      },
    ),
    futureMs: fc.oneof(
      { weight: 9, arbitrary: fc.constant(0) },
      { weight: 1, arbitrary: fc.integer({ min: 2 * 60_000, max: 3 * 3_600_000 }) },
    ),
    nonUtcOffsetMinutes: fc.oneof(
      { weight: 9, arbitrary: fc.constant(0) },
      { weight: 1, arbitrary: fc.constantFrom(-300, -240, 60, 120, 330, 540, 600) },
    ),
    incidentBeforeAlert: fc.oneof(
      { weight: 4, arbitrary: fc.constant(false) },
      { weight: 1, arbitrary: fc.constant(true) },
    ),
  })
  .map(({ tenantFaster, ...s }) => {
    const sub = s.subscriptionDelayMs;
    const tenantDelayMs = tenantFaster
      ? Math.min(s.tenantDelayMs, sub)
      : Math.min(TENANT_DELAY_MAX_MS, Math.max(s.tenantDelayMs, sub + 1000));
    return { ...ZERO_ALERT_SCHEDULE, ...s, tenantDelayMs };
  });

/** ASSUME-TIES: same-instant steps and events in either order (reversed one time in four). */
const reverseTiesArb = fc.oneof(
  { weight: 3, arbitrary: fc.constant(false) },
  { weight: 1, arbitrary: fc.constant(true) },
);

export const scheduleArb: fc.Arbitrary<Schedule> = fc
  .record({
    perAlert: fc.array(alertScheduleArb, { minLength: 1, maxLength: 4 }),
    reverseTies: reverseTiesArb,
  })
  .map(({ perAlert, reverseTies }) => (reverseTies ? { perAlert, reverseTies } : { perAlert }));

/** The extreme schedules: every bound at 0 or every bound at its maximum (ASSUME-… of model/assumptions.ts). */
export type Extreme = 'zero' | 'max';

/** One alert's schedule with every delay at 0 or at its bound; quirks as `quirks` says (used only where allowed). */
export function extremeAlertSchedule(extreme: Extreme, quirks: boolean): AlertSchedule {
  const at = (max: number) => (extreme === 'zero' ? 0 : max);
  return {
    subscriptionDelayMs: at(SUB_DELAY_MAX_MS),
    tenantDelayMs: at(TENANT_DELAY_MAX_MS),
    xdrIngestDelayMs: at(XDR_INGEST_DELAY_MAX_MS),
    xdrIncidentCreateDelayMs: at(XDR_INCIDENT_CREATE_DELAY_MAX_MS),
    xdrIncidentDelayMs: at(XDR_INCIDENT_DELAY_MAX_MS),
    ruleDelayMs: at(RULE_DELAY_MAX_MS),
    syncDelayMs: at(SYNC_DELAY_MAX_MS),
    xdrSyncDelayMs: at(XDR_SYNC_DELAY_MAX_MS),
    tenantRepeatGapsMs: quirks ? [extreme === 'zero' ? 1000 : TENANT_REPEAT_GAP_MAX_MS] : [],
    futureMs: 0,
    nonUtcOffsetMinutes: 0,
    incidentBeforeAlert: quirks,
  };
}

/** Cases under an extreme schedule: `extreme` for every alert, ties in the order asked. */
export function extremeCaseArb(extreme: Extreme, reverseTies: boolean): fc.Arbitrary<GeneratedCase> {
  return fc.record({
    scenario: scenarioArb,
    schedule: fc.boolean().map((quirks) => ({
      perAlert: [extremeAlertSchedule(extreme, quirks)],
      ...(reverseTies ? { reverseTies } : {}),
    })),
  });
}

export interface GeneratedCase {
  scenario: Scenario;
  schedule: Schedule;
}

export const caseArb: fc.Arbitrary<GeneratedCase> = fc.record({
  scenario: scenarioArb,
  schedule: scheduleArb,
});

/**
 * Scenarios of exactly `steps` steps (for benchmarks): `steps` intents make at least as many steps, and
 * the timeline is cut there (a prefix of a valid timeline is valid: references only look back).
 */
export function scenarioOfLengthArb(steps: number): fc.Arbitrary<Scenario> {
  return fc
    .record({ config: configArb, intents: fc.array(intentArb, { minLength: steps, maxLength: steps }) })
    .map(({ config, intents }) => ({
      version: SCENARIO_VERSION,
      tenantId: TENANT_ID,
      start: SCENARIO_START,
      config,
      timeline: intentsToTimeline(config, intents).slice(0, steps),
      settleMinutes: GENERATION.settleMinutes,
    }));
}
