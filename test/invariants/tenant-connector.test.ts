import { describe, expect, it } from 'vitest';
import { tenantConnectorBehaviours } from '../../model/invariants/tenant-connector.ts';
import { mdcPortalLink } from '../../model/links.ts';
import type { Observation } from '../../model/observation.ts';
import { OBSERVED, type Profile } from '../../model/profile.ts';
import type { Scenario } from '../../model/scenario.ts';
import {
  alertRow,
  config,
  MDC_RULE,
  mdcAlert,
  nameOf,
  observation,
  raise,
  scenario,
  wait,
} from '../support/build.ts';
import {
  configChanged,
  contextOf,
  incidentClosed,
  mdcChanged,
  ruleIncidentClosed,
  ruleIncidentRow,
  subscriptionAdded,
  tenantRow,
  typicalOf,
  verdictOf,
} from './support-alerts.ts';

const judge = (id: string) => (s: Scenario, obs: Observation, profile?: Profile) =>
  verdictOf(tenantConnectorBehaviours, id, s, obs, profile);
const tenantOnly = config({ subscriptionConnector: [], tenantConnector: true });
const activeOnly = { alerts: [mdcAlert('A1', [[0, 'Active']])] };
const resolvedAt5 = {
  alerts: [
    mdcAlert('A1', [
      [0, 'Active'],
      [5, 'Resolved'],
    ]),
  ],
};

describe('TEN-SCOPE', () => {
  const check = judge('TEN-SCOPE');
  const s = scenario(
    [subscriptionAdded('sub-2'), raise('A1', { subscription: 'sub-2' }), wait(40)],
    tenantOnly,
  );

  it('should hold when an alert of a subscription added later arrives through the tenant connector', () => {
    expect(check(s, observation({ SecurityAlert: [tenantRow('A1', 20)] }))).toEqual({
      status: 'holds',
      situations: 1,
    });
  });

  it('should be violated when such an alert never arrives', () => {
    const verdict = check(s, observation());
    expect(verdict).toMatchObject({
      status: 'violated',
      witness: { alertRows: [], steps: [1], alerts: ['A1'] },
    });
    expect(verdict.status === 'violated' && verdict.message).toContain('added during the scenario');
  });

  it('should not be exercised with the tenant connector off', () => {
    expect(check(scenario([raise('A1'), wait(40)]), observation())).toEqual({ status: 'not-exercised' });
  });
});

describe('TEN-NO-INCIDENT', () => {
  const check = judge('TEN-NO-INCIDENT');
  const obs = observation({
    SecurityAlert: [tenantRow('A1', 20)],
    SecurityIncident: [ruleIncidentRow(1, 21, 'A1')],
  });

  it('should hold when the incident after its row comes from a rule', () => {
    const s = scenario([raise('A1'), wait(40)], config({ ...tenantOnly, incidentRules: [MDC_RULE] }));
    expect(check(s, obs)).toEqual({ status: 'holds', situations: 1 });
  });

  it('should be violated when an incident appears after its row with no rule', () => {
    expect(check(scenario([raise('A1'), wait(40)], tenantOnly), obs)).toMatchObject({
      status: 'violated',
      witness: { alertRows: [0], incidentRows: [0], alerts: ['A1'] },
    });
  });

  it('should not be exercised when the tenant connector wrote no row', () => {
    expect(
      check(scenario([raise('A1'), wait(40)]), observation({ SecurityAlert: [alertRow('A1', 2)] })),
    ).toEqual({
      status: 'not-exercised',
    });
  });
});

describe('TEN-MIRRORS-MDC', () => {
  const check = judge('TEN-MIRRORS-MDC');
  const s = scenario([raise('A1'), wait(5), mdcChanged('A1', 'Resolved'), wait(40)], tenantOnly);

  it('should hold when the MDC change is mirrored as a new row', () => {
    const obs = observation({
      SecurityAlert: [tenantRow('A1', 3), tenantRow('A1', 8, { Status: 'Resolved' })],
      mdc: resolvedAt5,
    });
    expect(check(s, obs)).toEqual({ status: 'holds', situations: 1 });
  });

  it('should be violated when the change is not mirrored', () => {
    const obs = observation({ SecurityAlert: [tenantRow('A1', 3)], mdc: resolvedAt5 });
    expect(check(s, obs)).toMatchObject({
      status: 'violated',
      witness: { alertRows: [0], steps: [2], alerts: ['A1'] },
    });
  });

  it('should excuse a later repeat of the first row only where the profile allows Q-TENANT-REPEATS', () => {
    const obs = observation({
      SecurityAlert: [tenantRow('A1', 3), tenantRow('A1', 8, { Status: 'Resolved' }), tenantRow('A1', 23)],
      mdc: resolvedAt5,
    });
    expect(check(s, obs, OBSERVED)).toEqual({ status: 'holds', situations: 1 });
    expect(check(s, obs)).toMatchObject({ status: 'violated', witness: { alertRows: [2], steps: [2] } });
  });

  it('should leave a change open when the tenant connector is switched off in its instant (ASSUME-COVERAGE-AT-EVENT)', () => {
    // The connector decides on the change a moment after MDC records it: whether the switch came first is open.
    const resolvedAt10 = {
      alerts: [
        mdcAlert('A1', [
          [0, 'Active'],
          [10, 'Resolved'],
        ]),
      ],
    };
    const obs = observation({ SecurityAlert: [tenantRow('A1', 3)], mdc: resolvedAt10 });
    const switched = scenario(
      [
        raise('A1'),
        wait(10),
        mdcChanged('A1', 'Resolved'),
        configChanged({ kind: 'tenant-connector', enabled: false }),
        wait(40),
      ],
      tenantOnly,
    );
    expect(check(switched, obs)).toEqual({ status: 'not-exercised' });
    // Switched off well after the change, the change is certainly taken and must be mirrored.
    const later = scenario(
      [
        raise('A1'),
        wait(10),
        mdcChanged('A1', 'Resolved'),
        wait(3),
        configChanged({ kind: 'tenant-connector', enabled: false }),
        wait(40),
      ],
      tenantOnly,
    );
    expect(check(later, obs)).toMatchObject({ status: 'violated', witness: { steps: [2] } });
  });

  it('should not be exercised with the tenant connector off', () => {
    const off = scenario([raise('A1'), wait(5), mdcChanged('A1', 'Resolved'), wait(40)]);
    expect(check(off, observation({ mdc: resolvedAt5 }))).toEqual({ status: 'not-exercised' });
  });
});

describe('TEN-NO-SYNC', () => {
  const check = judge('TEN-NO-SYNC');
  const s = scenario(
    [raise('A1'), wait(10), incidentClosed('A1'), wait(5)],
    config({ ...tenantOnly, incidentRules: [MDC_RULE] }),
  );
  const incident = [ruleIncidentRow(1, 6, 'A1'), ruleIncidentClosed(1, 10, 6, 'A1')];

  it('should hold when closing the incident writes no tenant row and leaves MDC alone', () => {
    const obs = observation({
      SecurityAlert: [tenantRow('A1', 5)],
      SecurityIncident: incident,
      mdc: activeOnly,
    });
    expect(check(s, obs)).toEqual({ status: 'holds', situations: 1 });
  });

  it('should be violated when the closing reaches MDC', () => {
    const obs = observation({
      SecurityAlert: [tenantRow('A1', 5)],
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

  it('should be violated when the closing writes a tenant row', () => {
    const obs = observation({
      SecurityAlert: [tenantRow('A1', 5), tenantRow('A1', 20, { Status: 'Resolved' })],
      SecurityIncident: incident,
      mdc: activeOnly,
    });
    expect(check(s, obs)).toMatchObject({
      status: 'violated',
      witness: { alertRows: [1], steps: [2], alerts: ['A1'] },
    });
  });

  it('should not be exercised when the subscription connector syncs the alert', () => {
    const synced = scenario(
      [raise('A1'), wait(10), incidentClosed('A1'), wait(5)],
      config({
        tenantConnector: true,
        subscriptionConnector: [{ subscription: 'sub-1', sync: true }],
        incidentRules: [MDC_RULE],
      }),
    );
    const obs = observation({
      SecurityAlert: [tenantRow('A1', 5)],
      SecurityIncident: incident,
      mdc: activeOnly,
    });
    expect(check(synced, obs)).toEqual({ status: 'not-exercised' });
  });
});

describe('TEN-VIA-XDR', () => {
  const check = judge('TEN-VIA-XDR');
  const s = scenario([raise('A1'), wait(40)], config({ ...tenantOnly, xdrMdcSetting: 'No alerts' }));

  it("should hold when nothing comes through the tenant connector with XDR's setting at 'No alerts'", () => {
    expect(check(s, observation())).toEqual({ status: 'holds', situations: 1 });
  });

  it("should be violated when an alert raised under 'No alerts' comes through the tenant connector", () => {
    expect(check(s, observation({ SecurityAlert: [tenantRow('A1', 20)] }))).toMatchObject({
      status: 'violated',
      witness: { alertRows: [0], steps: [0], alerts: ['A1'] },
    });
  });

  it("should not be exercised under 'All alerts'", () => {
    expect(check(scenario([raise('A1'), wait(40)], tenantOnly), observation())).toEqual({
      status: 'not-exercised',
    });
  });
});

describe('TEN-LINK', () => {
  const check = judge('TEN-LINK');
  const s = scenario([raise('A1'), wait(40)], tenantOnly);

  it('should hold when its rows carry a Defender XDR link', () => {
    expect(check(s, observation({ SecurityAlert: [tenantRow('A1', 20)] }))).toEqual({
      status: 'holds',
      situations: 1,
    });
  });

  it('should be violated when its row carries the Azure portal link', () => {
    const obs = observation({
      SecurityAlert: [tenantRow('A1', 20, { AlertLink: mdcPortalLink(nameOf('A1'), 'sub-1', 'rg-1') })],
    });
    expect(check(s, obs)).toMatchObject({ status: 'violated', witness: { alertRows: [0], alerts: ['A1'] } });
  });

  it('should not be exercised without tenant rows', () => {
    expect(check(s, observation({ SecurityAlert: [alertRow('A1', 2)] }))).toEqual({
      status: 'not-exercised',
    });
  });
});

describe('TEN-LATEST-STATUS', () => {
  const check = judge('TEN-LATEST-STATUS');
  const s = scenario([raise('A1'), wait(5), mdcChanged('A1', 'Resolved'), wait(40)], tenantOnly);

  it('should hold when the first row, written after the change, already says Resolved', () => {
    const obs = observation({
      SecurityAlert: [tenantRow('A1', 20, { Status: 'Resolved' })],
      mdc: resolvedAt5,
    });
    expect(check(s, obs)).toEqual({ status: 'holds', situations: 1 });
  });

  it('should be violated when the first row, written after the change, still says New', () => {
    const obs = observation({ SecurityAlert: [tenantRow('A1', 20)], mdc: resolvedAt5 });
    expect(check(s, obs)).toMatchObject({ status: 'violated', witness: { alertRows: [0], alerts: ['A1'] } });
  });

  it('should not be exercised when the status never changed', () => {
    const steady = scenario([raise('A1'), wait(40)], tenantOnly);
    expect(check(steady, observation({ SecurityAlert: [tenantRow('A1', 20)], mdc: activeOnly }))).toEqual({
      status: 'not-exercised',
    });
  });

  it('should excuse a stale repeat only where the profile allows Q-TENANT-REPEATS', () => {
    const obs = observation({
      SecurityAlert: [tenantRow('A1', 3), tenantRow('A1', 8, { Status: 'Resolved' }), tenantRow('A1', 23)],
      mdc: resolvedAt5,
    });
    expect(check(s, obs, OBSERVED)).toEqual({ status: 'holds', situations: 1 });
    expect(check(s, obs)).toMatchObject({ status: 'violated', witness: { alertRows: [2], alerts: ['A1'] } });
  });
});

describe('TEN-SLOWER', () => {
  const slower = typicalOf(tenantConnectorBehaviours, 'TEN-SLOWER');
  const s = scenario([raise('A1'), raise('A2'), raise('A3'), wait(40)], config({ tenantConnector: true }));

  it('should sample the alerts with rows from both connectors and count those whose tenant row came second', () => {
    const obs = observation({
      SecurityAlert: [
        alertRow('A1', 2),
        alertRow('A3', 2),
        tenantRow('A2', 3),
        alertRow('A2', 5),
        tenantRow('A1', 10),
      ],
    });
    expect(slower.sample(contextOf(s, obs))).toEqual({ situations: 2, successes: 1 });
    expect(slower.minRate).toBe(0.5);
  });

  it('should sample nothing when no alert came through both', () => {
    expect(slower.sample(contextOf(s, observation({ SecurityAlert: [alertRow('A1', 2)] })))).toEqual({
      situations: 0,
      successes: 0,
    });
  });
});
