/**
 * Validation of scenarios and observations: the builders' documents pass, malformed ones fail with a
 * ProtocolError naming the path, what was expected and what was received, on one line.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Scenario } from '../../model/scenario.ts';
import {
  checkObservation,
  checkScenario,
  isIsoTimestamp,
  ProtocolError,
  pointerToPath,
  show,
  validateObservation,
  validateScenario,
} from '../../model/schema.ts';
import type { Step } from '../../model/timeline.ts';
import {
  alertRow,
  config,
  incidentRow,
  MDC_RULE,
  mdcAlert,
  nameOf,
  observation,
  raise,
  scenario,
  wait,
} from '../support/build.ts';

/** Documents broken on purpose: any shape goes. */
// biome-ignore lint/suspicious/noExplicitAny: the negative cases write whatever a broken document holds
type Loose = any;

/** Every step type and config change once, in an order that makes a valid story. */
const EVERY_STEP: Step[] = [
  raise('A1'),
  wait(2),
  { type: 'subscription-added', subscription: 'sub-2' },
  raise('A2', { subscription: 'sub-2', severity: 'Informational', alertType: 'K8S_PrivilegedContainer' }),
  { type: 'mdc-status-changed', alert: 'A1', status: 'InProgress' },
  { type: 'sentinel-incident-updated', alert: 'A1', provider: 'Azure Sentinel', status: 'Active' },
  {
    type: 'sentinel-incident-closed',
    alert: 'A1',
    provider: 'Microsoft XDR',
    classification: 'FalsePositive',
  },
  { type: 'xdr-incident-closed', alert: 'A2' },
  { type: 'xdr-correlated', alerts: ['A1', 'A2'] },
  {
    type: 'config-changed',
    change: { kind: 'subscription-connector-enabled', subscription: 'sub-2', sync: true },
  },
  { type: 'config-changed', change: { kind: 'subscription-connector-disabled', subscription: 'sub-1' } },
  { type: 'config-changed', change: { kind: 'tenant-connector', enabled: true } },
  { type: 'config-changed', change: { kind: 'xdr-mdc-setting', value: 'No alerts' } },
  { type: 'config-changed', change: { kind: 'xdr-connector', enabled: true } },
  {
    type: 'config-changed',
    change: {
      kind: 'rule-added',
      rule: { name: 'high', productFilter: ['Azure Security Center'], severitiesFilter: ['High'] },
    },
  },
  { type: 'config-changed', change: { kind: 'rule-removed', name: 'high' } },
  wait(0.5),
];

const VALID: Scenario = scenario(EVERY_STEP, config({ incidentRules: [MDC_RULE], xdrConnector: true }), 90);

/** A copy of VALID with one change, for the negative cases. */
function broken(change: (s: Loose) => void): unknown {
  const copy = structuredClone(VALID) as Loose;
  change(copy);
  return copy;
}

function scenarioError(value: unknown): ProtocolError {
  const result = checkScenario(value);
  if (result.ok) throw new Error('expected the scenario to be rejected');
  return result.error;
}

describe('validateScenario', () => {
  it("accepts the builders' scenarios", () => {
    expect(validateScenario(VALID)).toBe(VALID);
    expect(checkScenario(scenario([])).ok).toBe(true);
    expect(checkScenario(scenario([raise('A1'), wait(30), raise('A2')])).ok).toBe(true);
    expect(checkScenario(scenario([raise('A1')], config({ tenantConnector: true }), 60)).ok).toBe(true);
  });

  it.each([
    [
      'a severity off the list',
      (s: Loose) => (s.timeline[0].severity = 'Critical'),
      'timeline[0].severity',
      /expected one of "Informational" \| "Low" \| "Medium" \| "High", received "Critical"$/,
    ],
    [
      'a missing field',
      (s: Loose) => delete s.timeline[0].alertType,
      'timeline[0].alertType',
      /expected a non-empty string, received nothing \(the field is missing\)$/,
    ],
    [
      'an unknown step type',
      (s: Loose) => (s.timeline[1].type = 'sleep'),
      'timeline[1].type',
      /expected one of "wait" \| "alert-raised" .*, received "sleep"$/,
    ],
    [
      'a negative wait',
      (s: Loose) => (s.timeline[1].minutes = -5),
      'timeline[1].minutes',
      /expected a number ≥ 0, received -5$/,
    ],
    ['a wait in text', (s: Loose) => (s.timeline[1].minutes = '5'), 'timeline[1].minutes', /received "5"$/],
    [
      'settleMinutes below the minimum',
      (s: Loose) => (s.settleMinutes = 59),
      'settleMinutes',
      /expected a number ≥ 60, received 59$/,
    ],
    [
      'a start that is no timestamp',
      (s: Loose) => (s.start = '1 Jan 2026'),
      'start',
      /expected an ISO-8601 timestamp .*, received "1 Jan 2026"$/,
    ],
    [
      'a start that is no calendar day',
      (s: Loose) => (s.start = '2026-02-30T10:00:00Z'),
      'start',
      /received "2026-02-30T10:00:00Z"$/,
    ],
    ['a start without zone', (s: Loose) => (s.start = '2026-01-01T10:00:00'), 'start', /ISO-8601/],
    [
      'an unknown field',
      (s: Loose) => (s.timeline[0].priority = 1),
      'timeline[0].priority',
      /expected no such field, received 1$/,
    ],
    ['a wrong version', (s: Loose) => (s.version = 2), 'version', /expected 1, received 2$/],
    [
      'a config change off its shape',
      (s: Loose) => (s.timeline[11].change.enabled = 'yes'),
      'timeline[11].change.enabled',
      /expected true or false, received "yes"$/,
    ],
    [
      'an unknown config change',
      (s: Loose) => (s.timeline[11].change = { kind: 'magic' }),
      'timeline[11].change.kind',
      /received "magic"$/,
    ],
    [
      'a rule with an unknown product',
      (s: Loose) => (s.config.incidentRules[0].productFilter = ['Splunk']),
      'config.incidentRules[0].productFilter[0]',
      /received "Splunk"$/,
    ],
    [
      'a step that is not an object',
      (s: Loose) => (s.timeline[2] = null),
      'timeline[2]',
      /expected an object, received null$/,
    ],
    [
      'a timeline that is not an array',
      (s: Loose) => (s.timeline = {}),
      'timeline',
      /expected an array, received \{\}$/,
    ],
    [
      'an alert not raised yet',
      (s: Loose) => (s.timeline[4].alert = 'A9'),
      'timeline[4].alert',
      /expected an alert raised by an earlier step \("A1", "A2"\), received "A9"$/,
    ],
    [
      'an alert named before its raise',
      (s: Loose) => s.timeline.unshift({ type: 'xdr-incident-closed', alert: 'A1' }),
      'timeline[0].alert',
      /\(none so far\), received "A1"$/,
    ],
    [
      'a correlation naming an unknown alert',
      (s: Loose) => (s.timeline[8].alerts = ['A1', 'B7']),
      'timeline[8].alerts[1]',
      /received "B7"$/,
    ],
    [
      'a duplicate handle',
      (s: Loose) => (s.timeline[3].alert = 'A1'),
      'timeline[3].alert',
      /expected a handle no earlier alert has, received "A1", already raised at timeline\[0\]$/,
    ],
    [
      'a duplicate GUID, in other case',
      (s: Loose) => (s.timeline[3].guid = s.timeline[0].guid.toUpperCase()),
      'timeline[3].guid',
      /already the GUID of the alert raised at timeline\[0\]$/,
    ],
    [
      'a subscription that does not exist yet',
      (s: Loose) => s.timeline.splice(2, 1),
      'timeline[2].subscription',
      /expected a subscription of the tenant at this step \("sub-1"\), received "sub-2"$/,
    ],
  ])('rejects %s, naming the path', (_what, change, path, message) => {
    const error = scenarioError(broken(change));
    expect(error).toBeInstanceOf(ProtocolError);
    expect(error.code).toBe('invalid-scenario');
    expect(error.path).toBe(path);
    expect(error.message.startsWith(`${path}: expected `)).toBe(true);
    expect(error.message).toMatch(message);
    expect(error.message).not.toMatch(/\n/);
  });

  it('throws the ProtocolError', () => {
    expect(() => validateScenario(broken((s) => (s.settleMinutes = 1)))).toThrow(ProtocolError);
    expect(() => validateScenario(null)).toThrow('(root): expected an object, received null');
  });

  it('truncates a long received value to one short line', () => {
    const error = scenarioError(broken((s) => (s.timeline[0].severity = { note: 'x\n'.repeat(500) })));
    expect(error.received.length).toBeLessThanOrEqual(80);
    expect(error.received.endsWith('…')).toBe(true);
    expect(error.message).not.toMatch(/\n/);
  });
});

describe('validateObservation', () => {
  const valid = observation({
    SecurityAlert: [alertRow('A1', 2), alertRow('A1', 20, { _Connector: 'tenant', Status: 'Resolved' })],
    SecurityIncident: [
      incidentRow(1, 3, { AlertIds: ['sa-A1'] }),
      incidentRow(1, 9, {
        Status: 'Closed',
        ClosedTime: '2026-01-01T10:09:00.000Z',
        Labels: [{ labelName: 'Redirected', labelType: 'AutoAssigned' }],
      }),
    ],
    mdc: {
      alerts: [
        mdcAlert('A1', [
          [0, 'Active'],
          [9, 'Resolved'],
        ]),
      ],
    },
    xdr: {
      alerts: [{ name: nameOf('A1'), time: '2026-01-01T10:00:00.000Z' }],
      incidents: [
        {
          id: '5001',
          createdTime: '2026-01-01T10:00:00.000Z',
          alertNames: [nameOf('A1')],
          statusHistory: [{ time: '2026-01-01T10:00:00.000Z', status: 'redirected' }],
          redirectIncidentId: '5002',
        },
      ],
    },
  });

  function observationError(change: (o: Loose) => void): ProtocolError {
    const copy = structuredClone(valid) as Loose;
    change(copy);
    const result = checkObservation(copy);
    if (result.ok) throw new Error('expected the observation to be rejected');
    return result.error;
  }

  it("accepts the builders' observations, and rows with extra columns", () => {
    expect(validateObservation(valid)).toBe(valid);
    expect(checkObservation(observation())).toEqual({ ok: true, observation: observation() });
    const extra = structuredClone(valid) as Loose;
    extra.SecurityAlert[0].Entities = '[]';
    delete extra.SecurityAlert[1]._Connector;
    expect(checkObservation(extra).ok).toBe(true);
  });

  it.each([
    [
      'a number for a time',
      (o: Loose) => (o.SecurityAlert[1].TimeGenerated = 42),
      'SecurityAlert[1].TimeGenerated',
      /expected an ISO-8601 timestamp like 2026-01-01T10:00:00.000Z, received 42$/,
    ],
    [
      'an unknown connector',
      (o: Loose) => (o.SecurityAlert[0]._Connector = 'api'),
      'SecurityAlert[0]._Connector',
      /expected one of "subscription" \| "tenant", received "api"$/,
    ],
    [
      'a ClosedTime that is neither empty nor a time',
      (o: Loose) => (o.SecurityIncident[1].ClosedTime = 'later'),
      'SecurityIncident[1].ClosedTime',
      /expected "" or an ISO-8601 timestamp .*, received "later"$/,
    ],
    [
      'a fractional incident number',
      (o: Loose) => (o.SecurityIncident[0].IncidentNumber = 1.5),
      'SecurityIncident[0].IncidentNumber',
      /expected an integer, received 1.5$/,
    ],
    [
      'AlertIds that are not strings',
      (o: Loose) => (o.SecurityIncident[0].AlertIds = [1]),
      'SecurityIncident[0].AlertIds[0]',
      /expected a string, received 1$/,
    ],
    [
      'an MDC status off the list',
      (o: Loose) => (o.mdc.alerts[0].statusHistory[1].status = 'Closed'),
      'mdc.alerts[0].statusHistory[1].status',
      /received "Closed"$/,
    ],
    [
      'an XDR status off the list',
      (o: Loose) => (o.xdr.incidents[0].statusHistory[0].status = 'Active'),
      'xdr.incidents[0].statusHistory[0].status',
      /expected one of "active" \| "inProgress" \| "resolved" \| "redirected", received "Active"$/,
    ],
    [
      'a misspelt optional field',
      (o: Loose) => (o.xdr.incidents[0].redirectIncidentID = '1'),
      'xdr.incidents[0].redirectIncidentID',
      /expected no such field/,
    ],
    ['a missing part', (o: Loose) => delete o.xdr, 'xdr', /received nothing \(the field is missing\)$/],
    [
      'a table that is not an array',
      (o: Loose) => (o.SecurityAlert = 'rows'),
      'SecurityAlert',
      /expected an array, received "rows"$/,
    ],
  ])('rejects %s, naming the path', (_what, change, path, message) => {
    const error = observationError(change);
    expect(error.code).toBe('invalid-observation');
    expect(error.path).toBe(path);
    expect(error.message).toMatch(message);
    expect(error.message.startsWith(`${path}: expected `)).toBe(true);
  });

  it('throws the ProtocolError', () => {
    expect(() => validateObservation({})).toThrow(ProtocolError);
    expect(() => validateObservation('x')).toThrow('(root): expected an object, received "x"');
  });
});

describe('helpers', () => {
  it('isIsoTimestamp accepts real times with a zone only', () => {
    for (const good of [
      '2026-01-01T10:00:00Z',
      '2026-01-01T10:00:00.123Z',
      '2024-02-29T23:59:59.9999999+02:00',
    ]) {
      expect(isIsoTimestamp(good), good).toBe(true);
    }
    for (const bad of [
      '2026-01-01',
      '2026-01-01 10:00:00Z',
      '2026-01-01T10:00:00',
      '2025-02-29T00:00:00Z',
      '2026-01-01T24:00:00Z',
      '2026-13-01T00:00:00Z',
      '2026-01-01T10:00:00+25:00',
      '',
    ]) {
      expect(isIsoTimestamp(bad), bad).toBe(false);
    }
  });

  it('pointerToPath reads JSON pointers as paths', () => {
    expect(pointerToPath('')).toBe('');
    expect(pointerToPath('/timeline/3/severity')).toBe('timeline[3].severity');
    expect(pointerToPath('/SecurityAlert/12/TimeGenerated')).toBe('SecurityAlert[12].TimeGenerated');
    expect(pointerToPath('/a~1b/odd key')).toBe('["a/b"]["odd key"]');
  });

  it('show writes a value as one line of JSON, cut at 80 characters', () => {
    expect(show(undefined)).toBe('nothing (the field is missing)');
    expect(show(42)).toBe('42');
    expect(show('x')).toBe('"x"');
    expect(show({ a: [1, null, 'b'], c: undefined })).toBe('{"a":[1,null,"b"]}');
    const cut = show({ text: 'y'.repeat(500) });
    expect(cut).toHaveLength(80);
    expect(cut).toBe(`{"text":"${'y'.repeat(70)}…`);
  });

  it('show agrees with JSON.stringify on any JSON value (cut to one line of 80)', () => {
    const oneLine = (text: string) => {
      const line = text.replace(/\s+/g, ' ');
      return line.length <= 80 ? line : `${line.slice(0, 79)}…`;
    };
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        const json = JSON.stringify(value);
        fc.pre(!/\s\s/.test(json)); // a run of blanks across the cut is collapsed after it, not before
        if (typeof value === 'number') return;
        expect(show(value)).toBe(oneLine(json));
      }),
      { numRuns: 2000 },
    );
  });

  it('show stays short and safe on a value nested 200,000 deep or a million items long', () => {
    let deep: unknown = [];
    for (let i = 0; i < 200_000; i++) deep = [deep];
    expect(() => JSON.stringify(deep)).toThrow(RangeError);
    const nested = show(deep);
    expect(nested).toHaveLength(80);
    expect(nested.startsWith('[[[[')).toBe(true);
    const long = show(Array.from({ length: 1_000_000 }, (_, i) => i));
    expect(long).toHaveLength(80);
    expect(long.startsWith('[0,1,2,3,')).toBe(true);
  });
});
