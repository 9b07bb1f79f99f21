import { describe, expect, it } from 'vitest';
import { alertTableBehaviours } from '../../model/invariants/alert-table.ts';
import type { Observation } from '../../model/observation.ts';
import { OBSERVED } from '../../model/profile.ts';
import { alertRow, config, mdcAlert, observation, raise, scenario, wait } from '../support/build.ts';
import { mdcChanged, mdcResolvedAt30, resolvedAt30, tenantRow, verdictOf } from './support-alerts.ts';

describe('ALERT-APPEND-ONLY', () => {
  const check = (obs: Observation, s = resolvedAt30) =>
    verdictOf(alertTableBehaviours, 'ALERT-APPEND-ONLY', s, obs);

  it('should hold when each status change is a new row, in order', () => {
    const obs = observation({
      SecurityAlert: [alertRow('A1', 2), alertRow('A1', 33, { Status: 'Resolved' })],
      mdc: mdcResolvedAt30,
    });
    expect(check(obs)).toEqual({ status: 'holds', situations: 2 });
  });

  it('should be violated when a row says a status the alert took only after the row was written', () => {
    const obs = observation({
      SecurityAlert: [alertRow('A1', 2, { Status: 'Resolved' })],
      mdc: mdcResolvedAt30,
    });
    const verdict = check(obs);
    expect(verdict).toMatchObject({
      status: 'violated',
      witness: { alertRows: [0], alerts: ['A1'], steps: [], incidentRows: [] },
    });
  });

  it('should be violated when a row is appended behind a row written later', () => {
    const s = scenario([raise('A1'), raise('A2'), wait(30)]);
    const obs = observation({
      SecurityAlert: [alertRow('A1', 5), alertRow('A2', 3)],
      mdc: { alerts: [mdcAlert('A1', [[0, 'Active']]), mdcAlert('A2', [[0, 'Active']])] },
    });
    expect(check(obs, s)).toMatchObject({
      status: 'violated',
      witness: { alertRows: [0, 1], alerts: ['A2'] },
    });
  });

  it('should not be exercised when no row was written', () => {
    expect(check(observation({ mdc: mdcResolvedAt30 }))).toEqual({ status: 'not-exercised' });
  });

  it("should excuse a tenant repeat keeping its original's time only where the profile allows Q-TENANT-REPEATS", () => {
    const s = scenario(
      [raise('A1'), wait(20), mdcChanged('A1', 'Resolved'), wait(10)],
      config({ subscriptionConnector: [], tenantConnector: true }),
    );
    const obs = observation({
      SecurityAlert: [tenantRow('A1', 10), tenantRow('A1', 25, { Status: 'Resolved' }), tenantRow('A1', 10)],
      mdc: {
        alerts: [
          mdcAlert('A1', [
            [0, 'Active'],
            [20, 'Resolved'],
          ]),
        ],
      },
    });
    expect(verdictOf(alertTableBehaviours, 'ALERT-APPEND-ONLY', s, obs, OBSERVED)).toEqual({
      status: 'holds',
      situations: 2,
    });
    expect(verdictOf(alertTableBehaviours, 'ALERT-APPEND-ONLY', s, obs)).toMatchObject({
      status: 'violated',
      witness: { alertRows: [1, 2], alerts: ['A1'] },
    });
  });
});

describe('ALERT-ID-STABLE', () => {
  const s = scenario([raise('A1'), raise('A2'), wait(30)]);
  const check = (obs: Observation) => verdictOf(alertTableBehaviours, 'ALERT-ID-STABLE', s, obs);

  it('should hold when all rows of an alert carry one SystemAlertId', () => {
    const obs = observation({
      SecurityAlert: [alertRow('A1', 2), alertRow('A1', 20, { _Connector: 'tenant' })],
    });
    expect(check(obs)).toEqual({ status: 'holds', situations: 1 });
  });

  it('should be violated when one alert has two SystemAlertIds', () => {
    const obs = observation({
      SecurityAlert: [alertRow('A1', 2), alertRow('A1', 20, { SystemAlertId: 'other' })],
    });
    expect(check(obs)).toMatchObject({ status: 'violated', witness: { alertRows: [0, 1], alerts: ['A1'] } });
  });

  it('should be violated when two alerts share a SystemAlertId', () => {
    const obs = observation({
      SecurityAlert: [
        alertRow('A1', 2, { SystemAlertId: 'shared' }),
        alertRow('A2', 3, { SystemAlertId: 'shared' }),
      ],
    });
    expect(check(obs)).toMatchObject({
      status: 'violated',
      witness: { alertRows: [0, 1], alerts: ['A1', 'A2'] },
    });
  });

  it('should not be exercised with a single row', () => {
    expect(check(observation({ SecurityAlert: [alertRow('A1', 2)] }))).toEqual({ status: 'not-exercised' });
  });
});

describe('ALERT-STATUS-NEW-ROW', () => {
  const check = (obs: Observation, s = resolvedAt30) =>
    verdictOf(alertTableBehaviours, 'ALERT-STATUS-NEW-ROW', s, obs);

  it('should hold when the connector writes a new row with the new status', () => {
    const obs = observation({
      SecurityAlert: [alertRow('A1', 2), alertRow('A1', 33, { Status: 'Resolved' })],
      mdc: mdcResolvedAt30,
    });
    // One change judged, and one connector's rows read for redundancy (ASSUME-NO-REDUNDANT-ROW).
    expect(check(obs)).toEqual({ status: 'holds', situations: 2 });
  });

  describe('redundant rows (ASSUME-NO-REDUNDANT-ROW, issue 12 item 5)', () => {
    it('should be violated when the subscription connector writes a row again with no MDC event of its own', () => {
      const obs = observation({
        SecurityAlert: [alertRow('A1', 2), alertRow('A1', 4), alertRow('A1', 33, { Status: 'Resolved' })],
        mdc: mdcResolvedAt30,
      });
      const verdict = check(obs);
      expect(verdict).toMatchObject({ status: 'violated', witness: { alertRows: [0, 1], alerts: ['A1'] } });
      expect(verdict.status === 'violated' && verdict.message).toContain(
        'repeats the status of row 0 (A1, subscription connector',
      );
    });

    it('should hold when two MDC changes in one minute give two rows of one status (TEN-LATEST-STATUS)', () => {
      // A1 goes InProgress and back to Active at 10: the connector took both events and sent the latest status each time.
      const s = scenario([
        raise('A1'),
        wait(10),
        mdcChanged('A1', 'InProgress'),
        mdcChanged('A1', 'Active'),
        wait(30),
      ]);
      const obs = observation({
        SecurityAlert: [alertRow('A1', 2), alertRow('A1', 12), alertRow('A1', 12)],
        mdc: {
          alerts: [
            mdcAlert('A1', [
              [0, 'Active'],
              [10, 'InProgress'],
              [10, 'Active'],
            ]),
          ],
        },
      });
      expect(check(obs, s).status).toBe('holds');
    });

    it("should leave the tenant connector's unchanged repeats to Q-TENANT-REPEATS", () => {
      const s = scenario([raise('A1'), wait(40)], config({ tenantConnector: true }));
      const obs = observation({
        SecurityAlert: [alertRow('A1', 2), tenantRow('A1', 5), tenantRow('A1', 20)],
        mdc: { alerts: [mdcAlert('A1', [[0, 'Active']])] },
      });
      expect(check(obs, s).status).toBe('holds');
    });
  });

  it('should be violated when the connector that took the change writes no new row', () => {
    const obs = observation({ SecurityAlert: [alertRow('A1', 2)], mdc: mdcResolvedAt30 });
    expect(check(obs)).toMatchObject({
      status: 'violated',
      witness: { alertRows: [0], steps: [2], alerts: ['A1'] },
    });
  });

  it('should be violated with an empty witness row list when the connector wrote nothing at all', () => {
    const verdict = check(observation({ mdc: mdcResolvedAt30 }));
    expect(verdict).toMatchObject({
      status: 'violated',
      witness: { alertRows: [], steps: [2], alerts: ['A1'] },
    });
  });

  it('should not be exercised when the status never changes', () => {
    const obs = observation({
      SecurityAlert: [alertRow('A1', 2)],
      mdc: { alerts: [mdcAlert('A1', [[0, 'Active']])] },
    });
    expect(check(obs, scenario([raise('A1'), wait(30)]))).toEqual({ status: 'not-exercised' });
  });

  it('should not judge a change overtaken by another within the delay bound', () => {
    const s = scenario([
      raise('A1'),
      wait(30),
      mdcChanged('A1', 'Resolved'),
      wait(2),
      mdcChanged('A1', 'Active'),
    ]);
    const obs = observation({
      SecurityAlert: [alertRow('A1', 2)],
      mdc: {
        alerts: [
          mdcAlert('A1', [
            [0, 'Active'],
            [30, 'Resolved'],
            [32, 'Active'],
          ]),
        ],
      },
    });
    expect(check(obs, s)).toEqual({ status: 'holds', situations: 1 });
  });

  it("should want a connector's first row to carry the newer status when it forwards after the change", () => {
    const s = scenario(
      [raise('A1'), wait(5), mdcChanged('A1', 'Resolved'), wait(30)],
      config({ subscriptionConnector: [], tenantConnector: true }),
    );
    const mdc = {
      alerts: [
        mdcAlert('A1', [
          [0, 'Active'],
          [5, 'Resolved'],
        ]),
      ],
    };
    const fresh = observation({ SecurityAlert: [tenantRow('A1', 20, { Status: 'Resolved' })], mdc });
    const stale = observation({ SecurityAlert: [tenantRow('A1', 20)], mdc });
    expect(check(fresh, s)).toEqual({ status: 'holds', situations: 1 });
    expect(check(stale, s)).toMatchObject({
      status: 'violated',
      witness: { alertRows: [0], alerts: ['A1'] },
    });
  });
});
