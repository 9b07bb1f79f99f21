import { describe, expect, it } from 'vitest';
import { bothConnectorsBehaviours } from '../../model/invariants/both-connectors.ts';
import type { Observation } from '../../model/observation.ts';
import type { Scenario } from '../../model/scenario.ts';
import {
  alertRow,
  at,
  config,
  MDC_RULE,
  mdcAlert,
  observation,
  raise,
  scenario,
  wait,
} from '../support/build.ts';
import {
  incidentClosed,
  incidentUpdated,
  ruleIncidentClosed,
  ruleIncidentRow,
  tenantRow,
  verdictOf,
} from './support-alerts.ts';

const judge = (id: string) => (s: Scenario, obs: Observation) =>
  verdictOf(bothConnectorsBehaviours, id, s, obs);

describe('BOTH-DUPLICATES', () => {
  const check = judge('BOTH-DUPLICATES');
  const s = scenario([raise('A1'), wait(40)], config({ tenantConnector: true }));

  it('should hold when the alert arrives through both connectors under one SystemAlertId', () => {
    const obs = observation({ SecurityAlert: [alertRow('A1', 2), tenantRow('A1', 20)] });
    expect(check(s, obs)).toEqual({ status: 'holds', situations: 1 });
  });

  it('should be violated when the tenant connector never brings its duplicate', () => {
    expect(check(s, observation({ SecurityAlert: [alertRow('A1', 2)] }))).toMatchObject({
      status: 'violated',
      witness: { alertRows: [0], steps: [0], alerts: ['A1'] },
    });
  });

  it('should be violated when the duplicates carry different SystemAlertIds', () => {
    const obs = observation({
      SecurityAlert: [alertRow('A1', 2), tenantRow('A1', 20, { SystemAlertId: 'other' })],
    });
    expect(check(s, obs)).toMatchObject({
      status: 'violated',
      witness: { alertRows: [0, 1], alerts: ['A1'] },
    });
  });

  it('should not be exercised with one connector only', () => {
    expect(
      check(scenario([raise('A1'), wait(40)]), observation({ SecurityAlert: [alertRow('A1', 2)] })),
    ).toEqual({
      status: 'not-exercised',
    });
  });
});

describe('BOTH-SYNC-APPLIES', () => {
  const check = judge('BOTH-SYNC-APPLIES');
  const both = config({
    tenantConnector: true,
    subscriptionConnector: [{ subscription: 'sub-1', sync: true }],
    incidentRules: [MDC_RULE],
  });
  const s = scenario([raise('A1'), wait(10), incidentClosed('A1'), wait(5)], both);
  const incident = [ruleIncidentRow(1, 3, 'A1'), ruleIncidentClosed(1, 10, 3, 'A1')];
  const resolvedAt12 = {
    alerts: [
      mdcAlert('A1', [
        [0, 'Active'],
        [12, 'Resolved'],
      ]),
    ],
  };

  it('should hold when closing the incident made from the subscription row resolves MDC and writes a Resolved row', () => {
    const obs = observation({
      SecurityAlert: [
        alertRow('A1', 2),
        alertRow('A1', 14, { Status: 'Resolved' }),
        tenantRow('A1', 20, { Status: 'Resolved' }),
      ],
      SecurityIncident: incident,
      mdc: resolvedAt12,
    });
    expect(check(s, obs)).toEqual({ status: 'holds', situations: 1 });
  });

  it("should hold when the tenant connector's row came first (ASSUME-SUB-SYNC-ANY-FIRST-ROW)", () => {
    const obs = observation({
      SecurityAlert: [tenantRow('A1', 1), alertRow('A1', 2), alertRow('A1', 14, { Status: 'Resolved' })],
      SecurityIncident: [ruleIncidentRow(1, 2, 'A1'), ruleIncidentClosed(1, 10, 2, 'A1')],
      mdc: resolvedAt12,
    });
    expect(check(s, obs)).toEqual({ status: 'holds', situations: 1 });
  });

  it('should be violated when closing the incident does not resolve the MDC alert', () => {
    const obs = observation({
      SecurityAlert: [alertRow('A1', 2), tenantRow('A1', 20)],
      SecurityIncident: incident,
      mdc: { alerts: [mdcAlert('A1', [[0, 'Active']])] },
    });
    expect(check(s, obs)).toMatchObject({
      status: 'violated',
      witness: { alertRows: [], incidentRows: [0, 1], steps: [2], alerts: ['A1'] },
    });
  });

  it('should not be exercised with the tenant connector off', () => {
    const subOnly = scenario(
      [raise('A1'), wait(10), incidentClosed('A1'), wait(5)],
      config({ subscriptionConnector: [{ subscription: 'sub-1', sync: true }], incidentRules: [MDC_RULE] }),
    );
    const obs = observation({
      SecurityAlert: [alertRow('A1', 2), alertRow('A1', 14, { Status: 'Resolved' })],
      SecurityIncident: incident,
      mdc: resolvedAt12,
    });
    expect(check(subOnly, obs)).toEqual({ status: 'not-exercised' });
  });

  it('should not be exercised by updating, rather than closing, the incident', () => {
    const updated = scenario([raise('A1'), wait(10), incidentUpdated('A1'), wait(5)], both);
    const obs = observation({
      SecurityAlert: [alertRow('A1', 2)],
      SecurityIncident: [
        ruleIncidentRow(1, 3, 'A1'),
        ruleIncidentRow(1, 10, 'A1', { Status: 'Active', CreatedTime: at(3) }),
      ],
      mdc: { alerts: [mdcAlert('A1', [[0, 'Active']])] },
    });
    expect(check(updated, obs)).toEqual({ status: 'not-exercised' });
  });
});
