import { describe, expect, it } from 'vitest';
import { xdrConnectorBehaviours } from '../../model/invariants/xdr-connector.ts';
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
  closedInSentinel,
  closedInXdr,
  configChanged,
  correlated,
  judge,
  ruleIncidentRow,
  violation,
  xdrIncident,
  xdrIncidentRow,
} from './support-incidents.ts';

function check(id: string, s: Scenario, o: Observation) {
  return judge(xdrConnectorBehaviours, id, s, o);
}

const XDR_ON = config({ xdrConnector: true });
const NO_MDC_CONNECTOR = config({ xdrConnector: true, subscriptionConnector: [] });
const A1 = [raise('A1'), wait(30)];
/** Defender XDR's incident for A1, created at its raise. */
const X1 = xdrIncident('5001', 0, [['A1', 0]]);
const inXdr = (...incidents: ReturnType<typeof xdrIncident>[]) => ({ alerts: [], incidents });

describe('XDR-CREATES-INCIDENTS', () => {
  it("should hold when XDR's incident reaches Sentinel with an XDR provider name", () => {
    const verdict = check(
      'XDR-CREATES-INCIDENTS',
      scenario(A1, XDR_ON),
      observation({ xdr: inXdr(X1), SecurityIncident: [xdrIncidentRow(1, '5001', 1)] }),
    );
    expect(verdict).toEqual({ status: 'holds', situations: 1 });
  });

  it('should be violated when the XDR incident never reaches Sentinel', () => {
    const { message, witness } = violation(
      check('XDR-CREATES-INCIDENTS', scenario(A1, XDR_ON), observation({ xdr: inXdr(X1) })),
    );
    expect(message).toContain("no SecurityIncident with an XDR provider name has ProviderIncidentId '5001'");
    expect(witness).toEqual({ alertRows: [], incidentRows: [], steps: [0], alerts: ['A1'] });
  });

  it("should be violated when it arrives under Sentinel's provider name", () => {
    const impostor = xdrIncidentRow(1, '5001', 1, { ProviderName: 'Azure Sentinel' });
    const { message, witness } = violation(
      check(
        'XDR-CREATES-INCIDENTS',
        scenario(A1, XDR_ON),
        observation({ xdr: inXdr(X1), SecurityIncident: [impostor] }),
      ),
    );
    expect(message).toContain('has it with another ProviderName');
    expect(witness.incidentRows).toEqual([0]);
  });

  it('should not be exercised when the XDR connector was off at the raise', () => {
    const verdict = check('XDR-CREATES-INCIDENTS', scenario(A1), observation({ xdr: inXdr(X1) }));
    expect(verdict).toEqual({ status: 'not-exercised' });
  });
});

describe('XDR-ANY-MDC-CONNECTOR', () => {
  it('should hold when the incident arrives with no MDC connector at all', () => {
    const verdict = check(
      'XDR-ANY-MDC-CONNECTOR',
      scenario(A1, NO_MDC_CONNECTOR),
      observation({ xdr: inXdr(X1), SecurityIncident: [xdrIncidentRow(1, '5001', 1)] }),
    );
    expect(verdict).toEqual({ status: 'holds', situations: 1 });
  });

  it('should be violated when the incident is missing with the tenant connector on', () => {
    const tenantOnly = config({ xdrConnector: true, subscriptionConnector: [], tenantConnector: true });
    const { message, witness } = violation(
      check('XDR-ANY-MDC-CONNECTOR', scenario(A1, tenantOnly), observation({ xdr: inXdr(X1) })),
    );
    expect(message).toContain('only the tenant connector covering it');
    expect(message).toContain("(XDR incident '5001')");
    expect(witness).toEqual({ alertRows: [], incidentRows: [], steps: [0], alerts: ['A1'] });
  });

  it('should say so when Defender XDR itself reports no incident', () => {
    const { message } = violation(check('XDR-ANY-MDC-CONNECTOR', scenario(A1, XDR_ON), observation()));
    expect(message).toContain('Defender XDR reports no incident holding it');
  });

  it("should not be exercised when XDR's MDC setting is 'No alerts'", () => {
    const verdict = check(
      'XDR-ANY-MDC-CONNECTOR',
      scenario(A1, config({ xdrConnector: true, xdrMdcSetting: 'No alerts' })),
      observation(),
    );
    expect(verdict).toEqual({ status: 'not-exercised' });
  });
});

describe('XDR-ALERT-FROM-MDC-CONNECTOR', () => {
  it("should hold when the incident links the alert's SystemAlertId", () => {
    const verdict = check(
      'XDR-ALERT-FROM-MDC-CONNECTOR',
      scenario(A1, XDR_ON),
      observation({
        SecurityAlert: [alertRow('A1', 1)],
        SecurityIncident: [xdrIncidentRow(1, '5001', 2, { AlertIds: ['sa-A1'] })],
        xdr: inXdr(X1),
      }),
    );
    expect(verdict).toEqual({ status: 'holds', situations: 1 });
  });

  it('should hold when an incident that came first gets a row with the alert once it arrives', () => {
    const verdict = check(
      'XDR-ALERT-FROM-MDC-CONNECTOR',
      scenario(A1, XDR_ON),
      observation({
        SecurityAlert: [alertRow('A1', 3)],
        SecurityIncident: [
          xdrIncidentRow(1, '5001', 1),
          xdrIncidentRow(1, '5001', 3, { AlertIds: ['sa-A1'], CreatedTime: at(1) }),
        ],
        xdr: inXdr(X1),
      }),
    );
    expect(verdict).toEqual({ status: 'holds', situations: 1 });
  });

  it('should be violated when the incident never links the forwarded alert', () => {
    const { message, witness } = violation(
      check(
        'XDR-ALERT-FROM-MDC-CONNECTOR',
        scenario(A1, XDR_ON),
        observation({
          SecurityAlert: [alertRow('A1', 3)],
          SecurityIncident: [xdrIncidentRow(1, '5001', 1)],
          xdr: inXdr(X1),
        }),
      ),
    );
    expect(message).toContain("does not link its SystemAlertId ['sa-A1']");
    expect(witness).toEqual({ alertRows: [0], incidentRows: [0], steps: [], alerts: ['A1'] });
  });

  it('should not be exercised when no MDC connector forwarded the alert', () => {
    const verdict = check(
      'XDR-ALERT-FROM-MDC-CONNECTOR',
      scenario(A1, NO_MDC_CONNECTOR),
      observation({ SecurityIncident: [xdrIncidentRow(1, '5001', 1)], xdr: inXdr(X1) }),
    );
    expect(verdict).toEqual({ status: 'not-exercised' });
  });
});

describe('XDR-EMPTY-WITHOUT-MDC-CONNECTOR', () => {
  it('should hold when the incident has no alert ids without any MDC connector', () => {
    const verdict = check(
      'XDR-EMPTY-WITHOUT-MDC-CONNECTOR',
      scenario(A1, NO_MDC_CONNECTOR),
      observation({ SecurityIncident: [xdrIncidentRow(1, '5001', 1)], xdr: inXdr(X1) }),
    );
    expect(verdict).toEqual({ status: 'holds', situations: 1 });
  });

  it('should be violated by alert ids that no MDC connector could have brought', () => {
    const { message, witness } = violation(
      check(
        'XDR-EMPTY-WITHOUT-MDC-CONNECTOR',
        scenario(A1, NO_MDC_CONNECTOR),
        observation({
          SecurityIncident: [xdrIncidentRow(1, '5001', 1, { AlertIds: ['sa-A1'] })],
          xdr: inXdr(X1),
        }),
      ),
    );
    expect(message).toContain("lists AlertIds ['sa-A1']");
    expect(witness).toEqual({ alertRows: [], incidentRows: [0], steps: [0], alerts: ['A1'] });
  });

  it('should not be exercised when an MDC connector is enabled later in the timeline', () => {
    const timeline = [
      raise('A1'),
      wait(5),
      configChanged({ kind: 'subscription-connector-enabled', subscription: 'sub-1', sync: false }),
      wait(30),
    ];
    const verdict = check(
      'XDR-EMPTY-WITHOUT-MDC-CONNECTOR',
      scenario(timeline, NO_MDC_CONNECTOR),
      observation({
        SecurityIncident: [xdrIncidentRow(1, '5001', 1, { AlertIds: ['sa-A1'] })],
        xdr: inXdr(X1),
      }),
    );
    expect(verdict).toEqual({ status: 'not-exercised' });
  });
});

describe('XDR-NO-ALERTS-NO-INCIDENTS', () => {
  const NO_ALERTS = config({ xdrConnector: true, xdrMdcSetting: 'No alerts' });

  it("should hold when no XDR incident comes for an alert raised under 'No alerts'", () => {
    const verdict = check(
      'XDR-NO-ALERTS-NO-INCIDENTS',
      scenario(A1, NO_ALERTS),
      observation({ SecurityAlert: [alertRow('A1', 1)] }),
    );
    expect(verdict).toEqual({ status: 'holds', situations: 1 });
  });

  it('should be violated by an XDR connector incident holding the alert', () => {
    const { message, witness } = violation(
      check(
        'XDR-NO-ALERTS-NO-INCIDENTS',
        scenario(A1, NO_ALERTS),
        observation({
          SecurityAlert: [alertRow('A1', 1)],
          SecurityIncident: [xdrIncidentRow(1, '5001', 2, { AlertIds: ['sa-A1'] })],
        }),
      ),
    );
    expect(message).toContain("Defender XDR's MDC setting at 'No alerts'");
    expect(witness).toEqual({ alertRows: [], incidentRows: [0], steps: [0], alerts: ['A1'] });
  });

  it("should not be exercised with 'All alerts'", () => {
    const verdict = check('XDR-NO-ALERTS-NO-INCIDENTS', scenario(A1, XDR_ON), observation());
    expect(verdict).toEqual({ status: 'not-exercised' });
  });
});

describe('XDR-DUPLICATE-INCIDENTS', () => {
  const RULE_AND_XDR = config({ xdrConnector: true, incidentRules: [MDC_RULE] });

  it("should hold when both an XDR and an 'Azure Sentinel' incident hold the alert", () => {
    const verdict = check(
      'XDR-DUPLICATE-INCIDENTS',
      scenario(A1, RULE_AND_XDR),
      observation({
        SecurityAlert: [alertRow('A1', 1)],
        SecurityIncident: [
          ruleIncidentRow(1, 'A1', 2),
          xdrIncidentRow(2, '5001', 2, { AlertIds: ['sa-A1'] }),
        ],
        xdr: inXdr(X1),
      }),
    );
    expect(verdict).toEqual({ status: 'holds', situations: 1 });
  });

  it("should be violated when the rule's incident is missing", () => {
    const { message, witness } = violation(
      check(
        'XDR-DUPLICATE-INCIDENTS',
        scenario(A1, RULE_AND_XDR),
        observation({
          SecurityAlert: [alertRow('A1', 1)],
          SecurityIncident: [xdrIncidentRow(1, '5001', 2, { AlertIds: ['sa-A1'] })],
          xdr: inXdr(X1),
        }),
      ),
    );
    expect(message).toContain("no 'Azure Sentinel' incident holds its SystemAlertId ['sa-A1']");
    expect(witness).toEqual({ alertRows: [0], incidentRows: [0], steps: [0], alerts: ['A1'] });
  });

  it('should not be exercised without a rule', () => {
    const verdict = check(
      'XDR-DUPLICATE-INCIDENTS',
      scenario(A1, XDR_ON),
      observation({ SecurityAlert: [alertRow('A1', 1)], xdr: inXdr(X1) }),
    );
    expect(verdict).toEqual({ status: 'not-exercised' });
  });
});

describe('XDR-INCIDENT-SYNC', () => {
  describe('closing in Sentinel', () => {
    const closing = scenario(
      [raise('A1'), wait(10), closedInSentinel('A1', 'Microsoft XDR'), wait(30)],
      XDR_ON,
    );
    const sentinel = [
      xdrIncidentRow(1, '5001', 1, { AlertIds: ['sa-A1'] }),
      xdrIncidentRow(1, '5001', 10, {
        AlertIds: ['sa-A1'],
        Status: 'Closed',
        Classification: 'TruePositive',
        CreatedTime: at(1),
      }),
    ];
    const synced = (xdrResolvedAt: number | null, mdcResolvedAt: number | null) =>
      observation({
        SecurityAlert: [alertRow('A1', 1)],
        SecurityIncident: sentinel,
        xdr: inXdr(
          xdrIncident(
            '5001',
            0,
            [['A1', 0]],
            xdrResolvedAt === null
              ? [[0, 'active']]
              : [
                  [0, 'active'],
                  [xdrResolvedAt, 'resolved'],
                ],
          ),
        ),
        mdc: {
          alerts: [
            mdcAlert(
              'A1',
              mdcResolvedAt === null
                ? [[0, 'Active']]
                : [
                    [0, 'Active'],
                    [mdcResolvedAt, 'Resolved'],
                  ],
            ),
          ],
        },
      });

    it('should hold when XDR and MDC resolve within the sync delay', () => {
      expect(check('XDR-INCIDENT-SYNC', closing, synced(12, 12))).toEqual({ status: 'holds', situations: 1 });
    });

    it('should be violated when the XDR incident stays open', () => {
      const { message, witness } = violation(check('XDR-INCIDENT-SYNC', closing, synced(null, 12)));
      expect(message).toContain("XDR incident '5001' was not resolved by");
      expect(witness).toEqual({ alertRows: [], incidentRows: [0, 1], steps: [2], alerts: ['A1'] });
    });

    it('should be violated when the MDC alert is resolved only after the XDR sync delay (10 min)', () => {
      const { message } = violation(check('XDR-INCIDENT-SYNC', closing, synced(12, 22)));
      expect(message).toContain('MDC alert A1 was not Resolved by');
    });

    it('should not be exercised when the incident was not in Sentinel yet at the step', () => {
      const late = { ...synced(null, null), SecurityIncident: [xdrIncidentRow(1, '5001', 11)] };
      expect(check('XDR-INCIDENT-SYNC', closing, late)).toEqual({ status: 'not-exercised' });
    });
  });

  describe('closing a merged incident in Sentinel', () => {
    // A1 and A2 raised at 0; XDR correlates them at 5 (A2's incident 5002 merged into A1's 5001); A1's
    // Microsoft XDR incident closed in Sentinel at 10.
    const timeline = [raise('A1'), raise('A2'), wait(5), correlated('A1', 'A2'), wait(5)];
    const closing = scenario([...timeline, closedInSentinel('A1', 'Microsoft XDR'), wait(30)], XDR_ON);
    const merged = (a2ResolvedAt: number | null) =>
      observation({
        SecurityAlert: [alertRow('A1', 1), alertRow('A2', 1)],
        SecurityIncident: [
          xdrIncidentRow(1, '5001', 1, { AlertIds: ['sa-A1'] }),
          xdrIncidentRow(1, '5001', 6, { AlertIds: ['sa-A1', 'sa-A2'], CreatedTime: at(1) }),
          xdrIncidentRow(1, '5001', 11, {
            AlertIds: ['sa-A1', 'sa-A2'],
            Status: 'Closed',
            Classification: 'TruePositive',
            CreatedTime: at(1),
          }),
        ],
        xdr: inXdr(
          xdrIncident(
            '5001',
            0,
            [
              ['A1', 0],
              ['A2', 0],
            ],
            [
              [0, 'active'],
              [12, 'resolved'],
            ],
          ),
        ),
        mdc: {
          alerts: [
            mdcAlert('A1', [
              [0, 'Active'],
              [12, 'Resolved'],
            ]),
            mdcAlert(
              'A2',
              a2ResolvedAt === null
                ? [[0, 'Active']]
                : [
                    [0, 'Active'],
                    [a2ResolvedAt, 'Resolved'],
                  ],
            ),
          ],
        },
      });

    it('should hold when every alert the merged incident holds is resolved', () => {
      expect(check('XDR-INCIDENT-SYNC', closing, merged(12))).toEqual({ status: 'holds', situations: 1 });
    });

    it('should be violated when an alert correlation moved into it stays Active', () => {
      const { message, witness } = violation(check('XDR-INCIDENT-SYNC', closing, merged(null)));
      expect(message).toContain(
        "MDC alert A2 (held by XDR incident '5001' after correlation) was not Resolved by",
      );
      expect(witness).toEqual({ alertRows: [], incidentRows: [0, 1, 2], steps: [5], alerts: ['A1'] });
    });

    it('should not be exercised when a later correlation may still move its alerts', () => {
      const later = scenario(
        [...timeline, closedInSentinel('A1', 'Microsoft XDR'), wait(1), correlated('A1', 'A2'), wait(30)],
        XDR_ON,
      );
      expect(check('XDR-INCIDENT-SYNC', later, merged(null))).toEqual({ status: 'not-exercised' });
    });
  });

  describe('closing in XDR', () => {
    const closing = scenario([raise('A1'), wait(10), closedInXdr('A1'), wait(30)], XDR_ON);
    const closedInXdrAt10 = (sentinelClosedAt: number | null) =>
      observation({
        SecurityAlert: [alertRow('A1', 1)],
        SecurityIncident: [
          xdrIncidentRow(1, '5001', 1, { AlertIds: ['sa-A1'] }),
          ...(sentinelClosedAt === null
            ? []
            : [
                xdrIncidentRow(1, '5001', sentinelClosedAt, {
                  AlertIds: ['sa-A1'],
                  Status: 'Closed',
                  CreatedTime: at(1),
                }),
              ]),
        ],
        xdr: inXdr(
          xdrIncident(
            '5001',
            0,
            [['A1', 0]],
            [
              [0, 'active'],
              [10, 'resolved'],
            ],
          ),
        ),
        mdc: {
          alerts: [
            mdcAlert('A1', [
              [0, 'Active'],
              [13, 'Resolved'],
            ]),
          ],
        },
      });

    it('should hold when the Sentinel incident gets a Closed row within the sync delay', () => {
      expect(check('XDR-INCIDENT-SYNC', closing, closedInXdrAt10(14))).toEqual({
        status: 'holds',
        situations: 1,
      });
    });

    it('should be violated when the Sentinel incident is never closed', () => {
      const { message, witness } = violation(check('XDR-INCIDENT-SYNC', closing, closedInXdrAt10(null)));
      expect(message).toContain('incident #1 (Microsoft XDR');
      expect(message).toContain('got no Closed row by');
      expect(witness.steps).toEqual([2]);
    });

    it('should be violated when the Closed row comes after the XDR sync delay (10 min)', () => {
      violation(check('XDR-INCIDENT-SYNC', closing, closedInXdrAt10(22)));
    });

    it('should not be exercised for an alert that never reached XDR', () => {
      const informational = scenario(
        [raise('A1', { severity: 'Informational' }), wait(10), closedInXdr('A1'), wait(30)],
        XDR_ON,
      );
      expect(check('XDR-INCIDENT-SYNC', informational, observation())).toEqual({ status: 'not-exercised' });
    });
  });
});
