import { describe, expect, it } from 'vitest';
import { incidentTableBehaviours } from '../../model/invariants/incident-table.ts';
import type { Observation } from '../../model/observation.ts';
import type { Scenario } from '../../model/scenario.ts';
import { alertRow, at, config, MDC_RULE, observation, raise, scenario, wait } from '../support/build.ts';
import {
  closedInSentinel,
  judge,
  ruleIncidentRow,
  updatedInSentinel,
  violation,
  xdrIncident,
  xdrIncidentRow,
} from './support-incidents.ts';

function check(s: Scenario, o: Observation) {
  return judge(incidentTableBehaviours, 'DOC-INCIDENT-APPEND-ONLY', s, o);
}

const WITH_RULE = config({ incidentRules: [MDC_RULE] });
/** A1 raised at 0; its rule incident is closed in Sentinel at 10 (step 2). */
const CLOSED_AT_10 = scenario(
  [raise('A1'), wait(10), closedInSentinel('A1', 'Azure Sentinel', 'TruePositive'), wait(30)],
  WITH_RULE,
);
const created = ruleIncidentRow(1, 'A1', 2);
const closedRow = ruleIncidentRow(1, 'A1', 10, {
  Status: 'Closed',
  Classification: 'TruePositive',
  CreatedTime: at(2),
});
const withIncident = (...rows: ReturnType<typeof ruleIncidentRow>[]) =>
  observation({ SecurityAlert: [alertRow('A1', 1)], SecurityIncident: rows });

describe('DOC-INCIDENT-APPEND-ONLY', () => {
  it('should hold when the close appends a row that keeps the incident identity', () => {
    expect(check(CLOSED_AT_10, withIncident(created, closedRow))).toEqual({ status: 'holds', situations: 2 });
  });

  it('should hold when an update appends an Active row', () => {
    const updated = scenario(
      [raise('A1'), wait(10), updatedInSentinel('A1', 'Azure Sentinel'), wait(30)],
      WITH_RULE,
    );
    const active = ruleIncidentRow(1, 'A1', 10, { Status: 'Active', CreatedTime: at(2) });
    expect(check(updated, withIncident(created, active))).toEqual({ status: 'holds', situations: 2 });
  });

  it('should follow the incident a step names through its provider', () => {
    const xdrClosed = scenario(
      [raise('A1'), wait(10), closedInSentinel('A1', 'Microsoft XDR', 'FalsePositive'), wait(30)],
      config({ xdrConnector: true }),
    );
    const verdict = check(
      xdrClosed,
      observation({
        SecurityIncident: [xdrIncidentRow(1, '5001', 2)],
        xdr: { alerts: [], incidents: [xdrIncident('5001', 0, [['A1', 0]])] },
      }),
    );
    expect(violation(verdict).message).toContain(
      "no row appended from then on shows it Closed with Classification 'FalsePositive'",
    );
  });

  it('should be violated by a row that changes the IncidentName', () => {
    const renamed = { ...closedRow, IncidentName: 'another-name' };
    const { message, witness } = violation(check(CLOSED_AT_10, withIncident(created, renamed)));
    expect(message).toContain("incident #1's row 1 has IncidentName 'another-name'");
    expect(witness).toEqual({ alertRows: [], incidentRows: [0, 1], steps: [], alerts: [] });
  });

  it('should be violated by a row that changes the CreatedTime', () => {
    const recreated = { ...closedRow, CreatedTime: at(10) };
    const { message } = violation(check(CLOSED_AT_10, withIncident(created, recreated)));
    expect(message).toContain("row 1 has CreatedTime '2026-01-01T10:10:00.000Z'");
  });

  it('should be violated by a LastModifiedTime that goes back in append order', () => {
    const quiet = scenario([raise('A1'), wait(30)], WITH_RULE);
    const rows = withIncident(
      created,
      ruleIncidentRow(1, 'A1', 8, { Status: 'Active', CreatedTime: at(2) }),
      ruleIncidentRow(1, 'A1', 5, { Status: 'Active', CreatedTime: at(2) }),
    );
    const { message, witness } = violation(check(quiet, rows));
    expect(message).toContain("row 2 has LastModifiedTime '2026-01-01T10:05:00.000Z', before that of row 1");
    expect(witness.incidentRows).toEqual([0, 2]);
  });

  it("should be violated by another incident's IncidentName", () => {
    const twin = ruleIncidentRow(2, 'A1', 3, { IncidentName: created.IncidentName });
    const { message } = violation(
      check(scenario([raise('A1'), wait(30)], WITH_RULE), withIncident(created, twin)),
    );
    expect(message).toContain("but it is incident #1's");
  });

  it('should be violated by an earlier row rewritten to show the close', () => {
    const rewritten = ruleIncidentRow(1, 'A1', 2, { Status: 'Closed', Classification: 'TruePositive' });
    const { message, witness } = violation(check(CLOSED_AT_10, withIncident(rewritten)));
    expect(message).toContain('was closed in Sentinel at 2026-01-01T10:10:00.000Z (step 2)');
    expect(message).toContain("already shows Status 'Closed': an earlier row was rewritten");
    expect(witness).toEqual({ alertRows: [], incidentRows: [0], steps: [2], alerts: ['A1'] });
  });

  it('should be violated when the creation row was rewritten with a later LastModifiedTime', () => {
    const rewritten = ruleIncidentRow(1, 'A1', 10, {
      Status: 'Closed',
      Classification: 'TruePositive',
      CreatedTime: at(2),
    });
    const { message, witness } = violation(check(CLOSED_AT_10, withIncident(rewritten)));
    expect(message).toContain("incident #1's first row 0 has LastModifiedTime '2026-01-01T10:10:00.000Z'");
    expect(message).toContain('the row of its creation was rewritten');
    expect(witness).toEqual({ alertRows: [], incidentRows: [0], steps: [], alerts: [] });
  });

  it('should be violated when the close appends no row', () => {
    const { message, witness } = violation(check(CLOSED_AT_10, withIncident(created)));
    expect(message).toContain(
      "no row appended from then on shows it Closed with Classification 'TruePositive'",
    );
    expect(witness).toEqual({ alertRows: [], incidentRows: [0], steps: [2], alerts: ['A1'] });
  });

  it('should not be exercised by single-row incidents and no Sentinel step', () => {
    expect(check(scenario([raise('A1'), wait(30)], WITH_RULE), withIncident(created))).toEqual({
      status: 'not-exercised',
    });
  });

  it('should not judge a close that came before the incident was in Sentinel', () => {
    const late = ruleIncidentRow(1, 'A1', 11);
    expect(check(CLOSED_AT_10, withIncident(late))).toEqual({ status: 'not-exercised' });
  });
});
