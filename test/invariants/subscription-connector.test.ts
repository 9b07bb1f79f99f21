import { describe, expect, it } from 'vitest';
import { subscriptionConnectorBehaviours } from '../../model/invariants/subscription-connector.ts';
import { xdrAlertLink } from '../../model/links.ts';
import type { Observation } from '../../model/observation.ts';
import type { Scenario } from '../../model/scenario.ts';
import {
  alertRow,
  config,
  MDC_RULE,
  mdcAlert,
  observation,
  raise,
  scenario,
  TENANT,
  wait,
} from '../support/build.ts';
import {
  configChanged,
  incidentClosed,
  mdcChanged,
  ruleIncidentClosed,
  ruleIncidentRow,
  subscriptionAdded,
  tenantRow,
  verdictOf,
} from './support-alerts.ts';

const judge = (id: string) => (s: Scenario, obs: Observation) =>
  verdictOf(subscriptionConnectorBehaviours, id, s, obs);
const activeOnly = (alert: string) => ({ alerts: [mdcAlert(alert, [[0, 'Active']])] });

describe('SUB-SCOPE', () => {
  const check = judge('SUB-SCOPE');
  const twoSubs = config({ subscriptions: ['sub-1', 'sub-2'] });
  const inSub2 = scenario([raise('A2', { subscription: 'sub-2' }), wait(30)], twoSubs);

  it('should hold when an alert of an uncovered subscription does not come through the connector', () => {
    expect(check(inSub2, observation({ mdc: activeOnly('A2') }))).toEqual({ status: 'holds', situations: 1 });
  });

  it('should be violated when an alert of an uncovered subscription comes through the connector', () => {
    const obs = observation({ SecurityAlert: [alertRow('A2', 3)], mdc: activeOnly('A2') });
    expect(check(inSub2, obs)).toMatchObject({
      status: 'violated',
      witness: { alertRows: [0], alerts: ['A2'] },
    });
  });

  it('should be violated when a subscription added later comes through before it is enabled', () => {
    const s = scenario([subscriptionAdded('sub-2'), raise('A2', { subscription: 'sub-2' }), wait(30)]);
    const verdict = check(s, observation({ SecurityAlert: [alertRow('A2', 3)], mdc: activeOnly('A2') }));
    expect(verdict).toMatchObject({ status: 'violated', witness: { alertRows: [0], alerts: ['A2'] } });
    expect(verdict.status === 'violated' && verdict.message).toContain('sub-2 was added at step 0');
  });

  it('should leave open a sync recorded in MDC a minute after the close that disabled the connector (issue 12)', () => {
    // The rule incident is closed with sync on and the connector disabled in the same minute; MDC records the
    // sync a minute later and the connector's Resolved row follows. The connector may have taken the event
    // before the disable: a change within ASSUME-COVERAGE-AT-EVENT's window leaves the outcome open.
    const s = scenario(
      [
        raise('A1'),
        wait(10),
        incidentClosed('A1'),
        configChanged({ kind: 'subscription-connector-disabled', subscription: 'sub-1' }),
        wait(30),
      ],
      config({ subscriptionConnector: [{ subscription: 'sub-1', sync: true }], incidentRules: [MDC_RULE] }),
    );
    const obs = observation({
      SecurityAlert: [alertRow('A1', 2), alertRow('A1', 12, { Status: 'Resolved' })],
      mdc: {
        alerts: [
          mdcAlert('A1', [
            [0, 'Active'],
            [11, 'Resolved'],
          ]),
        ],
      },
    });
    expect(check(s, obs).status).not.toBe('violated');
  });

  it('should hold when the connector forwards a change made after it was enabled on the subscription', () => {
    const s = scenario(
      [
        raise('A2', { subscription: 'sub-2' }),
        wait(10),
        configChanged({ kind: 'subscription-connector-enabled', subscription: 'sub-2', sync: false }),
        wait(10),
        mdcChanged('A2', 'Resolved'),
        wait(20),
      ],
      twoSubs,
    );
    const obs = observation({
      SecurityAlert: [alertRow('A2', 22, { Status: 'Resolved' })],
      mdc: {
        alerts: [
          mdcAlert('A2', [
            [0, 'Active'],
            [20, 'Resolved'],
          ]),
        ],
      },
    });
    expect(check(s, obs)).toEqual({ status: 'holds', situations: 1 });
  });

  it('should not be exercised when every event is covered', () => {
    const s = scenario([raise('A1'), wait(30)]);
    expect(check(s, observation({ SecurityAlert: [alertRow('A1', 3)], mdc: activeOnly('A1') }))).toEqual({
      status: 'not-exercised',
    });
  });
});

describe('SUB-FORWARDS', () => {
  const check = judge('SUB-FORWARDS');
  const s = scenario([raise('A1'), wait(30)]);

  it('should hold when an alert of a covered subscription arrives within the delay bound', () => {
    expect(check(s, observation({ SecurityAlert: [alertRow('A1', 3)] }))).toEqual({
      status: 'holds',
      situations: 1,
    });
  });

  it('should be violated when it never arrives', () => {
    expect(check(s, observation())).toMatchObject({
      status: 'violated',
      witness: { alertRows: [], steps: [0], alerts: ['A1'] },
    });
  });

  it('should be violated when it arrives only after the delay bound', () => {
    expect(check(s, observation({ SecurityAlert: [alertRow('A1', 15)] }))).toMatchObject({
      status: 'violated',
      witness: { alertRows: [0], steps: [0], alerts: ['A1'] },
    });
  });

  it('should not be exercised when the subscription is not covered', () => {
    const uncovered = scenario([raise('A1'), wait(30)], config({ subscriptionConnector: [] }));
    expect(check(uncovered, observation())).toEqual({ status: 'not-exercised' });
  });
});

describe('SUB-NO-INCIDENT', () => {
  const check = judge('SUB-NO-INCIDENT');
  const obs = observation({
    SecurityAlert: [alertRow('A1', 2)],
    SecurityIncident: [ruleIncidentRow(1, 3, 'A1')],
  });

  it('should hold when the incident after its row comes from a Microsoft incident creation rule', () => {
    const s = scenario([raise('A1'), wait(30)], config({ incidentRules: [MDC_RULE] }));
    expect(check(s, obs)).toEqual({ status: 'holds', situations: 1 });
  });

  it('should be violated when an incident appears after its row with no rule to make it', () => {
    const s = scenario([raise('A1'), wait(30)]);
    expect(check(s, obs)).toMatchObject({
      status: 'violated',
      witness: { alertRows: [0], incidentRows: [0], alerts: ['A1'] },
    });
  });

  it('should not be exercised when the connector wrote no row', () => {
    expect(check(scenario([raise('A1'), wait(30)]), observation())).toEqual({ status: 'not-exercised' });
  });
});

describe('SUB-LINK', () => {
  const check = judge('SUB-LINK');
  const s = scenario([raise('A1'), wait(30)]);

  it('should hold when its rows carry the Azure portal link', () => {
    expect(check(s, observation({ SecurityAlert: [alertRow('A1', 2)] }))).toEqual({
      status: 'holds',
      situations: 1,
    });
  });

  it('should be violated when its row carries a Defender XDR link', () => {
    const obs = observation({
      SecurityAlert: [alertRow('A1', 2, { AlertLink: xdrAlertLink('faA1', TENANT) })],
    });
    expect(check(s, obs)).toMatchObject({ status: 'violated', witness: { alertRows: [0], alerts: ['A1'] } });
  });

  it('should not be exercised when no row declares the subscription connector', () => {
    const obs = observation({
      SecurityAlert: [alertRow('A1', 2, { _Connector: undefined }), tenantRow('A1', 20)],
    });
    expect(check(s, obs)).toEqual({ status: 'not-exercised' });
  });
});

describe('SUB-MDC-CHANGE-NOT-TO-INCIDENT', () => {
  const check = judge('SUB-MDC-CHANGE-NOT-TO-INCIDENT');
  const withRule = config({ incidentRules: [MDC_RULE] });
  const s = scenario([raise('A1'), wait(20), mdcChanged('A1', 'Resolved'), wait(5)], withRule);
  const mdc = {
    alerts: [
      mdcAlert('A1', [
        [0, 'Active'],
        [20, 'Resolved'],
      ]),
    ],
  };
  const rows = [alertRow('A1', 2), alertRow('A1', 22, { Status: 'Resolved' })];

  it('should hold when the change writes a Resolved row and the incident stays as it was', () => {
    const obs = observation({ SecurityAlert: rows, SecurityIncident: [ruleIncidentRow(1, 3, 'A1')], mdc });
    expect(check(s, obs)).toEqual({ status: 'holds', situations: 1 });
  });

  it('should be violated when the MDC change closes the rule incident', () => {
    const obs = observation({
      SecurityAlert: rows,
      SecurityIncident: [ruleIncidentRow(1, 3, 'A1'), ruleIncidentClosed(1, 22, 3, 'A1')],
      mdc,
    });
    expect(check(s, obs)).toMatchObject({
      status: 'violated',
      witness: { incidentRows: [1], steps: [2], alerts: ['A1'] },
    });
  });

  it('should be violated when the change writes no row with the new status', () => {
    const obs = observation({
      SecurityAlert: [alertRow('A1', 2)],
      SecurityIncident: [ruleIncidentRow(1, 3, 'A1')],
      mdc,
    });
    expect(check(s, obs)).toMatchObject({
      status: 'violated',
      witness: { alertRows: [0], steps: [2], alerts: ['A1'] },
    });
  });

  it('should hold when a Sentinel step, not the MDC change, closes the incident', () => {
    const later = scenario(
      [raise('A1'), wait(20), mdcChanged('A1', 'Resolved'), wait(5), incidentClosed('A1'), wait(5)],
      withRule,
    );
    const obs = observation({
      SecurityAlert: rows,
      SecurityIncident: [ruleIncidentRow(1, 3, 'A1'), ruleIncidentClosed(1, 25, 3, 'A1')],
      mdc,
    });
    expect(check(later, obs)).toEqual({ status: 'holds', situations: 1 });
  });

  it('should not be exercised when no rule incident holds the alert', () => {
    expect(check(s, observation({ SecurityAlert: rows, mdc }))).toEqual({ status: 'not-exercised' });
  });
});

describe('SUB-SYNC-INCIDENT-TO-MDC', () => {
  const check = judge('SUB-SYNC-INCIDENT-TO-MDC');
  const withSync = config({
    subscriptionConnector: [{ subscription: 'sub-1', sync: true }],
    incidentRules: [MDC_RULE],
  });
  const s = scenario([raise('A1'), wait(10), incidentClosed('A1'), wait(5)], withSync);
  const incident = [ruleIncidentRow(1, 3, 'A1'), ruleIncidentClosed(1, 10, 3, 'A1')];
  const resolvedAt12 = {
    alerts: [
      mdcAlert('A1', [
        [0, 'Active'],
        [12, 'Resolved'],
      ]),
    ],
  };

  it('should hold when closing the incident resolves the MDC alert and writes a Resolved row', () => {
    const obs = observation({
      SecurityAlert: [alertRow('A1', 2), alertRow('A1', 14, { Status: 'Resolved' })],
      SecurityIncident: incident,
      mdc: resolvedAt12,
    });
    expect(check(s, obs)).toEqual({ status: 'holds', situations: 1 });
  });

  it('should be violated when the MDC alert is not resolved', () => {
    const obs = observation({
      SecurityAlert: [alertRow('A1', 2)],
      SecurityIncident: incident,
      mdc: activeOnly('A1'),
    });
    expect(check(s, obs)).toMatchObject({
      status: 'violated',
      witness: { alertRows: [], incidentRows: [0, 1], steps: [2], alerts: ['A1'] },
    });
  });

  it('should be violated when MDC is resolved but no Resolved row follows', () => {
    const obs = observation({
      SecurityAlert: [alertRow('A1', 2)],
      SecurityIncident: incident,
      mdc: resolvedAt12,
    });
    expect(check(s, obs)).toMatchObject({
      status: 'violated',
      witness: { alertRows: [0], steps: [2], alerts: ['A1'] },
    });
  });

  it('should not be exercised with sync off', () => {
    const off = scenario(
      [raise('A1'), wait(10), incidentClosed('A1'), wait(5)],
      config({ incidentRules: [MDC_RULE] }),
    );
    const obs = observation({
      SecurityAlert: [alertRow('A1', 2)],
      SecurityIncident: incident,
      mdc: activeOnly('A1'),
    });
    expect(check(off, obs)).toEqual({ status: 'not-exercised' });
  });

  it('should not be exercised when the incident is not in Sentinel at the step', () => {
    const obs = observation({ SecurityAlert: [alertRow('A1', 2)], mdc: activeOnly('A1') });
    expect(check(s, obs)).toEqual({ status: 'not-exercised' });
  });

  it('should not be exercised when another MDC change of the alert lands inside the window', () => {
    const masked = scenario(
      [raise('A1'), wait(10), incidentClosed('A1'), wait(1), mdcChanged('A1', 'Dismissed'), wait(5)],
      withSync,
    );
    const obs = observation({
      SecurityAlert: [alertRow('A1', 2), alertRow('A1', 13, { Status: 'Dismissed' })],
      SecurityIncident: incident,
      mdc: {
        alerts: [
          mdcAlert('A1', [
            [0, 'Active'],
            [11, 'Dismissed'],
          ]),
        ],
      },
    });
    expect(check(masked, obs)).toEqual({ status: 'not-exercised' });
  });

  it('should be violated when the sync lands another status that no other step explains', () => {
    const obs = observation({
      SecurityAlert: [alertRow('A1', 2), alertRow('A1', 14, { Status: 'Dismissed' })],
      SecurityIncident: incident,
      mdc: {
        alerts: [
          mdcAlert('A1', [
            [0, 'Active'],
            [12, 'Dismissed'],
          ]),
        ],
      },
    });
    expect(check(s, obs)).toMatchObject({
      status: 'violated',
      message: expect.stringContaining('it became Dismissed at'),
      witness: { alertRows: [], incidentRows: [0, 1], steps: [2], alerts: ['A1'] },
    });
  });

  it('should not be exercised when an unexplained MDC change comes only after the sync window', () => {
    const obs = observation({
      SecurityAlert: [alertRow('A1', 2)],
      SecurityIncident: incident,
      mdc: {
        alerts: [
          mdcAlert('A1', [
            [0, 'Active'],
            [16, 'Dismissed'],
          ]),
        ],
      },
    });
    expect(check(s, obs)).toEqual({ status: 'not-exercised' });
  });

  it('should not be exercised when the MDC alert was already Resolved', () => {
    const obs = observation({
      SecurityAlert: [alertRow('A1', 2, { Status: 'Resolved' })],
      SecurityIncident: incident,
      mdc: {
        alerts: [
          mdcAlert('A1', [
            [0, 'Active'],
            [1, 'Resolved'],
          ]),
        ],
      },
    });
    expect(check(s, obs)).toEqual({ status: 'not-exercised' });
  });
});

describe('SUB-NO-SYNC', () => {
  const check = judge('SUB-NO-SYNC');
  const s = scenario(
    [raise('A1'), wait(10), incidentClosed('A1'), wait(5)],
    config({ incidentRules: [MDC_RULE] }),
  );
  const incident = [ruleIncidentRow(1, 3, 'A1'), ruleIncidentClosed(1, 10, 3, 'A1')];

  it('should hold when closing the incident changes neither MDC nor SecurityAlert', () => {
    const obs = observation({
      SecurityAlert: [alertRow('A1', 2)],
      SecurityIncident: incident,
      mdc: activeOnly('A1'),
    });
    expect(check(s, obs)).toEqual({ status: 'holds', situations: 1 });
  });

  it('should be violated when the closing reaches MDC', () => {
    const obs = observation({
      SecurityAlert: [alertRow('A1', 2)],
      SecurityIncident: incident,
      mdc: {
        alerts: [
          mdcAlert('A1', [
            [0, 'Active'],
            [12, 'Resolved'],
          ]),
        ],
      },
    });
    expect(check(s, obs)).toMatchObject({
      status: 'violated',
      witness: { alertRows: [], steps: [2], alerts: ['A1'] },
    });
  });

  it('should be violated when the closing writes a Resolved row that MDC does not hold', () => {
    const obs = observation({
      SecurityAlert: [alertRow('A1', 2), alertRow('A1', 14, { Status: 'Resolved' })],
      SecurityIncident: incident,
      mdc: activeOnly('A1'),
    });
    expect(check(s, obs)).toMatchObject({
      status: 'violated',
      witness: { alertRows: [1], steps: [2], alerts: ['A1'] },
    });
  });

  it('should be violated when the closing writes a row repeating the previous status', () => {
    const obs = observation({
      SecurityAlert: [alertRow('A1', 2), alertRow('A1', 14)],
      SecurityIncident: incident,
      mdc: activeOnly('A1'),
    });
    expect(check(s, obs)).toMatchObject({
      status: 'violated',
      witness: { alertRows: [1], steps: [2], alerts: ['A1'] },
    });
  });

  it('should not be exercised when the incident is not in Sentinel at the step', () => {
    expect(check(s, observation({ SecurityAlert: [alertRow('A1', 2)], mdc: activeOnly('A1') }))).toEqual({
      status: 'not-exercised',
    });
  });
});
