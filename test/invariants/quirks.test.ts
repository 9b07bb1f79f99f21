import { describe, expect, it } from 'vitest';
import { quirkBehaviours } from '../../model/invariants/quirks.ts';
import type { Observation } from '../../model/observation.ts';
import type { Scenario } from '../../model/scenario.ts';
import {
  alertRow,
  at,
  config,
  mdcAlert,
  observation,
  raise,
  scenario,
  systemAlertIdOf,
  wait,
} from '../support/build.ts';
import {
  contextOf,
  mdcChanged,
  quirkOf,
  tenantRow,
  xdrCorrelated,
  xdrIncident,
  xdrIncidentRow,
} from './support-alerts.ts';

const detect = (id: string) => (s: Scenario, obs: Observation) =>
  quirkOf(quirkBehaviours, id).detect(contextOf(s, obs));
const oneAlert = scenario([raise('A1'), wait(40)]);

describe('Q-FUTURE-TIME', () => {
  const find = detect('Q-FUTURE-TIME');

  it('should detect a row whose name and StartTime lie after the raise', () => {
    const found = find(
      oneAlert,
      observation({ SecurityAlert: [alertRow('A1', 2), alertRow('A1', 5, {}, 30)] }),
    );
    expect(found.map((o) => o.witness)).toEqual([
      { alertRows: [1], incidentRows: [], steps: [], alerts: ['A1'] },
    ]);
  });

  it('should not detect a row with true times', () => {
    expect(find(oneAlert, observation({ SecurityAlert: [alertRow('A1', 2)] }))).toEqual([]);
  });

  it('should not mistake a time-zone shift, which the name does not share, for a future time', () => {
    const shifted = alertRow('A1', 2, { StartTime: at(60), EndTime: at(60) });
    expect(find(oneAlert, observation({ SecurityAlert: [shifted] }))).toEqual([]);
  });
});

describe('Q-NON-UTC-STARTTIME', () => {
  const find = detect('Q-NON-UTC-STARTTIME');

  it('should detect a subscription row shifted from its encoded start by whole quarter hours', () => {
    const found = find(
      oneAlert,
      observation({ SecurityAlert: [alertRow('A1', 2, { StartTime: at(-330) })] }),
    );
    expect(found).toHaveLength(1);
    expect(found[0]?.witness.alertRows).toEqual([0]);
    expect(found[0]?.message).toContain('-330 min');
  });

  it('should not detect a shift that is no time-zone offset', () => {
    expect(find(oneAlert, observation({ SecurityAlert: [alertRow('A1', 2, { StartTime: at(7) })] }))).toEqual(
      [],
    );
  });

  it('should not detect it on a tenant-connector row', () => {
    expect(
      find(oneAlert, observation({ SecurityAlert: [tenantRow('A1', 2, { StartTime: at(60) })] })),
    ).toEqual([]);
  });
});

describe('Q-INCIDENT-BEFORE-ALERT', () => {
  const find = detect('Q-INCIDENT-BEFORE-ALERT');
  const s = scenario([raise('A1'), wait(40)], config({ xdrConnector: true }));
  const xdr = { alerts: [], incidents: [xdrIncident('5001', 0, ['A1'])] };

  it('should detect an XDR incident reaching Sentinel before the first row of its alert', () => {
    const obs = observation({
      SecurityAlert: [alertRow('A1', 5)],
      SecurityIncident: [
        xdrIncidentRow(1, 1, '5001', []),
        xdrIncidentRow(1, 5, '5001', [systemAlertIdOf('A1')]),
      ],
      xdr,
    });
    expect(find(s, obs).map((o) => o.witness)).toEqual([
      { alertRows: [0], incidentRows: [0], steps: [0], alerts: ['A1'] },
    ]);
  });

  it('should not detect an incident arriving after its alert', () => {
    const obs = observation({
      SecurityAlert: [alertRow('A1', 5)],
      SecurityIncident: [xdrIncidentRow(1, 6, '5001', [systemAlertIdOf('A1')])],
      xdr,
    });
    expect(find(s, obs)).toEqual([]);
  });

  it('should not detect it when no MDC connector took the raise', () => {
    const late = scenario([raise('A1'), wait(40)], config({ xdrConnector: true, subscriptionConnector: [] }));
    const obs = observation({
      SecurityAlert: [alertRow('A1', 30)],
      SecurityIncident: [xdrIncidentRow(1, 1, '5001', [])],
      xdr,
    });
    expect(find(late, obs)).toEqual([]);
  });

  it("should not take an older incident that absorbed the alert in a correlation for the alert's own", () => {
    const merged = scenario(
      [raise('A1'), raise('A2'), wait(10), xdrCorrelated('A2', 'A1'), wait(30)],
      config({ xdrConnector: true }),
    );
    const obs = observation({
      SecurityAlert: [alertRow('A1', 1), alertRow('A2', 2)],
      SecurityIncident: [
        xdrIncidentRow(1, 1, '5001', [systemAlertIdOf('A1')]),
        xdrIncidentRow(2, 3, '5002', [systemAlertIdOf('A2')]),
        xdrIncidentRow(1, 10, '5001', [systemAlertIdOf('A1'), systemAlertIdOf('A2')]),
      ],
      xdr: { alerts: [], incidents: [xdrIncident('5001', 0, ['A1', 'A2']), xdrIncident('5002', 0, [])] },
    });
    expect(find(merged, obs)).toEqual([]);
  });
});

describe('Q-TENANT-REPEATS', () => {
  const find = detect('Q-TENANT-REPEATS');
  const s = scenario(
    [raise('A1'), wait(5), mdcChanged('A1', 'Resolved'), wait(40)],
    config({ tenantConnector: true }),
  );
  const mdc = {
    alerts: [
      mdcAlert('A1', [
        [0, 'Active'],
        [5, 'Resolved'],
      ]),
    ],
  };

  it('should detect a tenant row repeating the Status of the previous one', () => {
    const obs = observation({ SecurityAlert: [tenantRow('A1', 3), tenantRow('A1', 4)], mdc });
    expect(find(s, obs).map((o) => o.witness.alertRows)).toEqual([[0, 1]]);
  });

  it('should detect a stale copy of the first row written after the status moved on', () => {
    const obs = observation({
      SecurityAlert: [tenantRow('A1', 3), tenantRow('A1', 8, { Status: 'Resolved' }), tenantRow('A1', 23)],
      mdc,
    });
    expect(find(s, obs).map((o) => o.witness.alertRows)).toEqual([[0, 2]]);
  });

  it('should not take a row with a new status or another column changed for a repeat (issue 12 item 4)', () => {
    // A quirk excuses only what it describes: the same alert forwarded again, unchanged.
    const changed = observation({
      SecurityAlert: [tenantRow('A1', 3), tenantRow('A1', 4, { AlertSeverity: 'Low' })],
      mdc,
    });
    expect(find(s, changed)).toEqual([]);
    const staleButChanged = observation({
      SecurityAlert: [
        tenantRow('A1', 3),
        tenantRow('A1', 8, { Status: 'Resolved' }),
        tenantRow('A1', 23, { AlertLink: 'https://security.microsoft.com/alerts/other' }),
      ],
      mdc,
    });
    expect(find(s, staleButChanged)).toEqual([]);
  });

  it('should not detect rows that follow the MDC changes', () => {
    const obs = observation({
      SecurityAlert: [tenantRow('A1', 3), tenantRow('A1', 8, { Status: 'Resolved' })],
      mdc,
    });
    expect(find(s, obs)).toEqual([]);
  });

  it('should not detect the subscription connector duplicating the tenant one', () => {
    const obs = observation({ SecurityAlert: [alertRow('A1', 2), tenantRow('A1', 3)], mdc });
    expect(find(s, obs)).toEqual([]);
  });
});
