import { describe, expect, it } from 'vitest';
import { IDEAL, OBSERVED } from '../../model/profile.ts';
import { at, config, MDC_RULE, nameOf, raise, scenario, wait } from '../support/build.ts';
import {
  alertRows,
  closeIncident,
  closeInXdr,
  correlate,
  every,
  incidents,
  latest,
  MIN,
  mdcHistory,
  run,
  updateIncident,
} from './support.ts';

const xdrOnly = config({ subscriptionConnector: [], xdrConnector: true });
const xdrWithSub = config({ xdrConnector: true });

describe('simulate', () => {
  describe('Defender XDR', () => {
    it('should hold the alert and one incident for it from the raise', () => {
      const observation = run(scenario([wait(2), raise('A1'), wait(10)], xdrOnly));

      expect(observation.xdr).toEqual({
        alerts: [{ name: nameOf('A1', 2), time: at(2) }],
        incidents: [
          {
            id: '5001',
            createdTime: at(2),
            alertNames: [nameOf('A1', 2)],
            statusHistory: [{ time: at(2), status: 'active' }],
          },
        ],
      });
    });
  });

  describe('Defender XDR connector', () => {
    it('should bring an empty incident when no MDC connector is on', () => {
      const input = scenario([raise('A1'), wait(20)], xdrOnly);

      const observation = run(input, every({ xdrIncidentDelayMs: 4 * MIN }));

      expect(observation.SecurityAlert).toEqual([]);
      expect(observation.SecurityIncident).toEqual([
        expect.objectContaining({
          IncidentNumber: 1,
          ProviderName: 'Microsoft XDR',
          ProviderIncidentId: '5001',
          Status: 'New',
          AlertIds: [],
          CreatedTime: at(4),
        }),
      ]);
    });

    it('should not bring an incident before the first row of its alert (ideal profile)', () => {
      const input = scenario([raise('A1'), wait(20)], xdrWithSub);

      const observation = run(input, every({ subscriptionDelayMs: 6 * MIN, xdrIncidentDelayMs: 2 * MIN }));

      const systemAlertId = observation.SecurityAlert[0]?.SystemAlertId;
      expect(observation.SecurityIncident.map((row) => [row.CreatedTime, row.AlertIds])).toEqual([
        [at(6), [systemAlertId]],
      ]);
    });

    it('should wait for the tenant connector when it is the only MDC connector', () => {
      const input = scenario([raise('A1'), wait(40)], { ...xdrOnly, tenantConnector: true });

      const observation = run(input, every({ tenantDelayMs: 25 * MIN, xdrIncidentDelayMs: 5 * MIN }));

      expect(alertRows(observation)).toEqual([['tenant', 'New', 25]]);
      expect(observation.SecurityIncident.map((row) => [row.CreatedTime, row.AlertIds.length])).toEqual([
        [at(25), 1],
      ]);
    });

    it('should link the alert with a new row when its first row arrives later', () => {
      const input = scenario(
        [
          raise('A1'),
          wait(15),
          {
            type: 'config-changed',
            change: { kind: 'subscription-connector-enabled', subscription: 'sub-1', sync: false },
          },
          { type: 'mdc-status-changed', alert: 'A1', status: 'InProgress' },
          wait(10),
        ],
        xdrOnly,
      );

      const observation = run(input, every({ xdrIncidentDelayMs: 3 * MIN, subscriptionDelayMs: 1 * MIN }));

      const systemAlertId = observation.SecurityAlert[0]?.SystemAlertId;
      expect(observation.SecurityIncident.map((row) => [row.LastModifiedTime, row.AlertIds])).toEqual([
        [at(3), []],
        [at(16), [systemAlertId]],
      ]);
    });

    it('should bring no incident for an alert raised while it was off', () => {
      const input = scenario([raise('A1'), wait(20)], config({ xdrConnector: false }));

      const observation = run(input);

      expect(observation.xdr.incidents).toHaveLength(1);
      expect(observation.SecurityIncident).toEqual([]);
    });

    it("should bring no incident when XDR's MDC setting is 'No alerts'", () => {
      const input = scenario([raise('A1'), wait(20)], { ...xdrWithSub, xdrMdcSetting: 'No alerts' });

      expect(run(input).SecurityIncident).toEqual([]);
    });

    it('should yield two incidents, one per provider, with a rule on top', () => {
      const input = scenario([raise('A1'), wait(20)], { ...xdrWithSub, incidentRules: [MDC_RULE] });

      const observation = run(input, every({ subscriptionDelayMs: 1 * MIN, xdrIncidentDelayMs: 5 * MIN }));

      const systemAlertId = observation.SecurityAlert[0]?.SystemAlertId;
      expect(
        latest(observation).map((row) => [row.ProviderName, row.ProviderIncidentId, row.AlertIds]),
      ).toEqual([
        ['Azure Sentinel', '1', [systemAlertId]],
        ['Microsoft XDR', '5001', [systemAlertId]],
      ]);
    });

    it('should resolve the XDR incident and the MDC alert when the incident is closed in Sentinel', () => {
      const input = scenario(
        [raise('A1'), wait(10), closeIncident('A1', 'Microsoft XDR'), wait(20)],
        xdrWithSub,
      );

      const observation = run(input, every({ xdrSyncDelayMs: 3 * MIN }));

      expect(observation.xdr.incidents[0]?.statusHistory).toEqual([
        { time: at(0), status: 'active' },
        { time: at(13), status: 'resolved' },
      ]);
      expect(mdcHistory(observation)).toEqual([
        [0, 'Active'],
        [13, 'Resolved'],
      ]);
      expect(alertRows(observation)).toEqual([
        ['subscription', 'New', 0],
        ['subscription', 'Resolved', 13],
      ]);
    });

    it('should only set the XDR incident inProgress when the incident is updated in Sentinel', () => {
      const input = scenario(
        [raise('A1'), wait(10), updateIncident('A1', 'Microsoft XDR'), wait(20)],
        xdrWithSub,
      );

      const observation = run(input, every({ xdrSyncDelayMs: 1 * MIN }));

      expect(observation.xdr.incidents[0]?.statusHistory.map((h) => h.status)).toEqual([
        'active',
        'inProgress',
      ]);
      expect(mdcHistory(observation)).toEqual([[0, 'Active']]);
      expect(latest(observation).map((row) => row.Status)).toEqual(['Active']);
    });

    it('should close the incident in Sentinel and the MDC alert when it is closed in XDR', () => {
      const input = scenario([raise('A1'), wait(10), closeInXdr('A1'), wait(20)], xdrWithSub);

      const observation = run(input, every({ xdrSyncDelayMs: 2 * MIN }));

      expect(observation.xdr.incidents[0]?.statusHistory.map((h) => [h.time, h.status])).toEqual([
        [at(0), 'active'],
        [at(10), 'resolved'],
      ]);
      expect(mdcHistory(observation)).toEqual([
        [0, 'Active'],
        [12, 'Resolved'],
      ]);
      expect(latest(observation)).toEqual([
        expect.objectContaining({ Status: 'Closed', Classification: 'Undetermined', ClosedTime: at(12) }),
      ]);
    });

    it('should bring an incident closed in XDR before it arrived as Closed', () => {
      const input = scenario([raise('A1'), wait(1), closeInXdr('A1'), wait(20)], xdrOnly);

      const observation = run(input, every({ xdrIncidentDelayMs: 8 * MIN, xdrSyncDelayMs: 1 * MIN }));

      expect(
        observation.SecurityIncident.map((row) => [row.Status, row.Classification, row.ClosedTime]),
      ).toEqual([['Closed', 'Undetermined', at(8)]]);
    });

    it('should not sync a closure while it is off', () => {
      const input = scenario(
        [
          raise('A1'),
          wait(10),
          { type: 'config-changed', change: { kind: 'xdr-connector', enabled: false } },
          closeIncident('A1', 'Microsoft XDR'),
          wait(20),
        ],
        xdrWithSub,
      );

      const observation = run(input);

      expect(latest(observation).map((row) => row.Status)).toEqual(['Closed']);
      expect(observation.xdr.incidents[0]?.statusHistory.map((h) => h.status)).toEqual(['active']);
      expect(mdcHistory(observation)).toEqual([[0, 'Active']]);
    });
  });

  describe('Defender XDR correlation', () => {
    const twoAlerts = scenario(
      [raise('A1'), raise('A2'), wait(10), correlate('A1', 'A2'), wait(20)],
      xdrWithSub,
    );

    it('should merge into the oldest open incident in the ideal profile', () => {
      const observation = run(twoAlerts, every({ xdrSyncDelayMs: 1 * MIN }), IDEAL);

      expect(observation.xdr.incidents).toEqual([
        expect.objectContaining({ id: '5001', alertNames: [nameOf('A1'), nameOf('A2')] }),
        expect.objectContaining({ id: '5002', alertNames: [], redirectIncidentId: '5001' }),
      ]);
      expect(observation.xdr.incidents[1]?.statusHistory.map((h) => h.status)).toEqual([
        'active',
        'redirected',
      ]);
      const [a1, a2] = observation.SecurityAlert.map((row) => row.SystemAlertId);
      expect(
        latest(observation).map((row) => [row.ProviderIncidentId, row.Status, row.Labels, row.AlertIds]),
      ).toEqual([
        ['5001', 'New', [], [a1, a2]],
        ['5002', 'Closed', [{ labelName: 'Redirected', labelType: 'AutoAssigned' }], []],
      ]);
      expect(observation.SecurityIncident.slice(-2).map((row) => row.LastModifiedTime)).toEqual([
        at(11),
        at(11),
      ]);
    });

    it('should merge into a new incident in the observed profile', () => {
      const observation = run(
        twoAlerts,
        every({ xdrSyncDelayMs: 1 * MIN, xdrIncidentDelayMs: 2 * MIN }),
        OBSERVED,
      );

      expect(observation.xdr.incidents.map((i) => [i.id, i.alertNames.length, i.redirectIncidentId])).toEqual(
        [
          ['5001', 0, '5003'],
          ['5002', 0, '5003'],
          ['5003', 2, undefined],
        ],
      );
      const [a1, a2] = observation.SecurityAlert.map((row) => row.SystemAlertId);
      expect(
        latest(observation).map((row) => [
          row.ProviderIncidentId,
          row.Status,
          row.Labels.length,
          row.AlertIds,
        ]),
      ).toEqual([
        ['5001', 'Closed', 1, []],
        ['5002', 'Closed', 1, []],
        ['5003', 'New', 0, [a1, a2]],
      ]);
      expect(latest(observation).map((row) => row.ProviderName)).toEqual([
        'Microsoft XDR',
        'Microsoft XDR',
        'Microsoft XDR',
      ]);
      expect(incidents(observation)[2]?.[0]?.CreatedTime).toBe(at(12));
    });

    it('should bring an incident redirected before it arrived as Closed and labelled', () => {
      const input = scenario([raise('A1'), raise('A2'), wait(1), correlate('A1', 'A2'), wait(20)], xdrOnly);

      const observation = run(input, every({ xdrIncidentDelayMs: 5 * MIN }), IDEAL);

      expect(
        observation.SecurityIncident.map((row) => [row.ProviderIncidentId, row.Status, row.Labels]),
      ).toEqual([
        ['5001', 'New', []],
        ['5002', 'Closed', [{ labelName: 'Redirected', labelType: 'AutoAssigned' }]],
      ]);
    });

    it('should never merge a closed incident', () => {
      const input = scenario(
        [
          raise('A1'),
          raise('A2'),
          raise('A3'),
          wait(10),
          closeInXdr('A1'),
          correlate('A1', 'A2', 'A3'),
          wait(20),
        ],
        xdrWithSub,
      );

      const observation = run(input);

      expect(
        observation.xdr.incidents.map((i) => [i.id, i.statusHistory.at(-1)?.status, i.alertNames.length]),
      ).toEqual([
        ['5001', 'resolved', 1],
        ['5002', 'active', 2],
        ['5003', 'redirected', 0],
      ]);
    });

    it('should do nothing with fewer than two open incidents', () => {
      const input = scenario(
        [raise('A1'), raise('A2'), wait(10), closeInXdr('A1'), correlate('A1', 'A2'), wait(20)],
        xdrWithSub,
      );

      const observation = run(input);

      expect(observation.xdr.incidents.map((i) => i.redirectIncidentId)).toEqual([undefined, undefined]);
      expect(observation.xdr.incidents.map((i) => i.alertNames.length)).toEqual([1, 1]);
    });
  });
});
