import { describe, expect, it } from 'vitest';
import { IDEAL, OBSERVED } from '../../model/profile.ts';
import type { AlertSchedule } from '../../model/reference/schedule.ts';
import { at, config, MDC_RULE, nameOf, raise, scenario, wait } from '../support/build.ts';
import { alertRows, every, incidents, MIN, run } from './support.ts';

const QUIRKY: Partial<AlertSchedule> = {
  subscriptionDelayMs: 6 * MIN,
  tenantDelayMs: 10 * MIN,
  xdrIncidentDelayMs: 2 * MIN,
  tenantRepeatGapsMs: [5 * MIN, 12 * MIN],
  futureMs: 30 * MIN,
  nonUtcOffsetMinutes: 60,
  incidentBeforeAlert: true,
};
const PLAIN: Partial<AlertSchedule> = {
  ...QUIRKY,
  tenantRepeatGapsMs: [],
  futureMs: 0,
  nonUtcOffsetMinutes: 0,
  incidentBeforeAlert: false,
};
const everything = scenario(
  [raise('A1'), wait(40)],
  config({ tenantConnector: true, xdrConnector: true, incidentRules: [MDC_RULE] }),
);

describe('simulate', () => {
  describe('quirks', () => {
    it('should show none in the ideal profile, whatever the schedule asks', () => {
      expect(run(everything, every(QUIRKY), IDEAL)).toEqual(run(everything, every(PLAIN), IDEAL));
    });

    it('should show none in the observed profile unless the schedule asks', () => {
      expect(run(everything, every(PLAIN), OBSERVED)).toEqual(run(everything, every(PLAIN), IDEAL));
    });

    it('should repeat the tenant connector row unchanged, with still one rule incident (Q-TENANT-REPEATS)', () => {
      const input = scenario(
        [raise('A1'), wait(40)],
        config({ subscriptionConnector: [], tenantConnector: true, incidentRules: [MDC_RULE] }),
      );

      const observation = run(
        input,
        every({ tenantDelayMs: 10 * MIN, tenantRepeatGapsMs: [5 * MIN, 12 * MIN] }),
        OBSERVED,
      );

      expect(alertRows(observation)).toEqual([
        ['tenant', 'New', 10],
        ['tenant', 'New', 15],
        ['tenant', 'New', 22],
      ]);
      const [first, ...repeats] = observation.SecurityAlert;
      for (const repeat of repeats) expect({ ...repeat, TimeGenerated: first?.TimeGenerated }).toEqual(first);
      expect(incidents(observation)).toHaveLength(1);
    });

    it('should shift StartTime/EndTime of subscription rows only, the name keeping UTC (Q-NON-UTC-STARTTIME)', () => {
      const input = scenario([raise('A1'), wait(40)], config({ tenantConnector: true }));

      const observation = run(input, every({ nonUtcOffsetMinutes: 60 }), OBSERVED);

      expect(
        observation.SecurityAlert.map((row) => [
          row._Connector,
          row.StartTime,
          row.EndTime,
          row.ProcessingEndTime,
        ]),
      ).toEqual([
        ['subscription', at(60), at(60), at(0)],
        ['tenant', at(0), at(0), at(0)],
      ]);
      expect(observation.SecurityAlert.map((row) => row.VendorOriginalId)).toEqual([
        nameOf('A1'),
        nameOf('A1'),
      ]);
    });

    it("should put MDC's times and the alert name in the future (Q-FUTURE-TIME)", () => {
      const input = scenario([raise('A1'), wait(40)], config());

      const observation = run(input, every({ futureMs: 30 * MIN }), OBSERVED);

      expect(observation.SecurityAlert[0]).toMatchObject({
        VendorOriginalId: nameOf('A1', 30),
        StartTime: at(30),
        EndTime: at(30),
        ProcessingEndTime: at(0),
        TimeGenerated: at(0),
      });
      expect(observation.mdc.alerts[0]?.name).toBe(nameOf('A1', 30));
      expect(observation.mdc.alerts[0]?.statusHistory).toEqual([{ time: at(0), status: 'Active' }]);
      expect(observation.xdr.alerts).toEqual([{ name: nameOf('A1', 30), time: at(0) }]);
    });

    it('should bring the XDR incident empty before its alert, then link it (Q-INCIDENT-BEFORE-ALERT)', () => {
      const input = scenario([raise('A1'), wait(40)], config({ xdrConnector: true }));

      const observation = run(
        input,
        every({ subscriptionDelayMs: 6 * MIN, xdrIncidentDelayMs: 2 * MIN, incidentBeforeAlert: true }),
        OBSERVED,
      );

      const systemAlertId = observation.SecurityAlert[0]?.SystemAlertId;
      expect(observation.SecurityIncident.map((row) => [row.LastModifiedTime, row.AlertIds])).toEqual([
        [at(2), []],
        [at(6), [systemAlertId]],
      ]);
    });
  });

  describe('determinism', () => {
    it('should give deep-equal observations for the same input', () => {
      const input = scenario(
        [
          raise('A1'),
          raise('A2', { severity: 'Low' }),
          wait(10),
          { type: 'xdr-correlated', alerts: ['A1', 'A2'] },
          wait(5),
        ],
        config({ tenantConnector: true, xdrConnector: true, incidentRules: [MDC_RULE] }),
      );
      const schedule = every(QUIRKY);

      expect(run(input, schedule, OBSERVED)).toEqual(run(input, schedule, OBSERVED));
      expect(JSON.stringify(run(input, schedule, OBSERVED))).toBe(
        JSON.stringify(run(input, schedule, OBSERVED)),
      );
    });

    it('should return fresh arrays in every incident row', () => {
      const input = scenario(
        [raise('A1'), wait(10), { type: 'xdr-incident-closed', alert: 'A1' }, wait(10)],
        config({ xdrConnector: true }),
      );

      const [created, closed] = run(input).SecurityIncident;

      expect(created?.AlertIds).not.toBe(closed?.AlertIds);
      expect(created?.Labels).not.toBe(closed?.Labels);
    });
  });
});
