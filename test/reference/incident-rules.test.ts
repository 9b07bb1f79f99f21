import { describe, expect, it } from 'vitest';
import { at, config, MDC_RULE, raise, scenario, wait } from '../support/build.ts';
import {
  alertRows,
  change,
  closeIncident,
  every,
  incidents,
  latest,
  MIN,
  mdcHistory,
  mdcStatus,
  run,
  updateIncident,
} from './support.ts';

const withRule = (part: Parameters<typeof config>[0] = {}) => config({ incidentRules: [MDC_RULE], ...part });
const synced = withRule({ subscriptionConnector: [{ subscription: 'sub-1', sync: true }] });

describe('simulate', () => {
  describe('Microsoft incident creation rules', () => {
    it('should create no incident without a rule', () => {
      const observation = run(scenario([raise('A1'), wait(10)]));

      expect(observation.SecurityAlert).toHaveLength(1);
      expect(observation.SecurityIncident).toEqual([]);
    });

    it('should create exactly one incident, from the first row', () => {
      const input = scenario([raise('A1'), wait(5), mdcStatus('A1', 'InProgress'), wait(30)], withRule());

      const observation = run(input, every({ subscriptionDelayMs: 1 * MIN, ruleDelayMs: 2 * MIN }));

      expect(observation.SecurityAlert).toHaveLength(2);
      expect(observation.SecurityIncident).toEqual([
        {
          TimeGenerated: at(3),
          IncidentName: expect.stringMatching(/^[0-9a-f]{8}-[0-9a-f]{4}-4/),
          IncidentNumber: 1,
          Title: 'Suspect executable path',
          Severity: 'High',
          Status: 'New',
          Classification: '',
          ProviderName: 'Azure Sentinel',
          ProviderIncidentId: '1',
          Labels: [],
          AlertIds: [observation.SecurityAlert[0]?.SystemAlertId],
          CreatedTime: at(3),
          LastModifiedTime: at(3),
          ClosedTime: '',
          ModifiedBy: 'Incident created from alert',
        },
      ]);
    });

    it('should create incidents only for the products the rule names', () => {
      const otherProduct = { ...MDC_RULE, productFilter: ['Microsoft Cloud App Security' as const] };
      const input = scenario([raise('A1'), wait(10)], config({ incidentRules: [otherProduct] }));

      expect(run(input).SecurityIncident).toEqual([]);
    });

    it('should create one incident when several rules match', () => {
      const input = scenario(
        [raise('A1'), wait(10)],
        config({ incidentRules: [MDC_RULE, { ...MDC_RULE, name: 'b' }] }),
      );

      expect(incidents(run(input))).toHaveLength(1);
    });

    it('should number incidents from 1 in creation order', () => {
      const input = scenario([raise('A1'), wait(1), raise('A2'), wait(5)], withRule());

      const observation = run(input);

      expect(observation.SecurityIncident.map((row) => [row.IncidentNumber, row.ProviderIncidentId])).toEqual(
        [
          [1, '1'],
          [2, '2'],
        ],
      );
      const names = new Set(observation.SecurityIncident.map((row) => row.IncidentName));
      expect(names.size).toBe(2);
    });

    it('should create the incident from the first row written while the rule is on', () => {
      const input = scenario(
        [
          raise('A1'),
          wait(5),
          change({ kind: 'rule-added', rule: MDC_RULE }),
          mdcStatus('A1', 'Resolved'),
          wait(5),
        ],
        config(),
      );

      const observation = run(input);

      expect(latest(observation)).toEqual([expect.objectContaining({ Status: 'New', IncidentNumber: 1 })]);
      expect(observation.SecurityIncident[0]?.CreatedTime).toBe(at(5));
    });

    it('should leave the incident intact when the MDC alert changes', () => {
      const input = scenario([raise('A1'), wait(5), mdcStatus('A1', 'Resolved'), wait(30)], synced);

      const observation = run(input);

      expect(alertRows(observation)).toEqual([
        ['subscription', 'New', 0],
        ['subscription', 'Resolved', 5],
      ]);
      expect(observation.SecurityIncident).toHaveLength(1);
    });
  });

  describe('bi-directional sync of the subscription connector', () => {
    it('should resolve the MDC alert and write a Resolved row when the incident is closed', () => {
      const input = scenario([raise('A1'), wait(5), closeIncident('A1'), wait(30)], synced);

      const observation = run(input, every({ syncDelayMs: 2 * MIN, subscriptionDelayMs: 1 * MIN }));

      expect(mdcHistory(observation)).toEqual([
        [0, 'Active'],
        [7, 'Resolved'],
      ]);
      expect(alertRows(observation)).toEqual([
        ['subscription', 'New', 1],
        ['subscription', 'Resolved', 8],
      ]);
      const rows = incidents(observation)[0] ?? [];
      expect(rows.map((row) => [row.Status, row.Classification, row.ClosedTime])).toEqual([
        ['New', '', ''],
        ['Closed', 'TruePositive', at(5)],
      ]);
      expect(
        new Set(rows.map((row) => `${row.IncidentName}|${row.IncidentNumber}|${row.CreatedTime}`)).size,
      ).toBe(1);
    });

    it('should set the MDC alert InProgress when the incident is updated', () => {
      const input = scenario([raise('A1'), wait(5), updateIncident('A1'), wait(30)], synced);

      const observation = run(input);

      expect(mdcHistory(observation)).toEqual([
        [0, 'Active'],
        [5, 'InProgress'],
      ]);
      expect(latest(observation).map((row) => row.Status)).toEqual(['Active']);
      expect(alertRows(observation)).toEqual([
        ['subscription', 'New', 0],
        ['subscription', 'InProgress', 5],
      ]);
    });

    it('should write no row and leave MDC alone when sync is off', () => {
      const input = scenario([raise('A1'), wait(5), closeIncident('A1'), wait(30)], withRule());

      const observation = run(input);

      expect(mdcHistory(observation)).toEqual([[0, 'Active']]);
      expect(alertRows(observation)).toEqual([['subscription', 'New', 0]]);
      expect(latest(observation).map((row) => row.Status)).toEqual(['Closed']);
    });

    it('should do nothing for a step on an incident not yet in Sentinel', () => {
      const input = scenario([raise('A1'), closeIncident('A1'), wait(30)], synced);

      const observation = run(input, every({ subscriptionDelayMs: 5 * MIN }));

      expect(latest(observation).map((row) => row.Status)).toEqual(['New']);
      expect(mdcHistory(observation)).toEqual([[0, 'Active']]);
    });

    it('should do nothing for a step on an incident already closed', () => {
      const input = scenario(
        [
          raise('A1'),
          wait(5),
          closeIncident('A1'),
          wait(1),
          closeIncident('A1', 'Azure Sentinel', 'FalsePositive'),
        ],
        withRule(),
      );

      const rows = incidents(run(input))[0] ?? [];

      expect(rows.map((row) => row.Classification)).toEqual(['', 'TruePositive']);
    });
  });

  describe('both connectors with sync', () => {
    it("should give the tenant connector's first row the Resolved status after a prompt closure", () => {
      // The article's worked example: the subscription row, the Resolved row from the sync, then the
      // tenant row, already Resolved, all under one incident.
      const input = scenario([raise('A1'), wait(3), closeIncident('A1'), wait(30)], {
        ...synced,
        tenantConnector: true,
      });

      const observation = run(
        input,
        every({
          subscriptionDelayMs: 1 * MIN,
          tenantDelayMs: 10 * MIN,
          ruleDelayMs: 1 * MIN,
          syncDelayMs: 1 * MIN,
        }),
      );

      expect(alertRows(observation)).toEqual([
        ['subscription', 'New', 1],
        ['subscription', 'Resolved', 5],
        ['tenant', 'Resolved', 10],
      ]);
      expect(incidents(observation)).toHaveLength(1);
      expect(new Set(observation.SecurityAlert.map((row) => row.SystemAlertId)).size).toBe(1);
    });

    it('should create one incident from the earlier subscription row, however many rows arrive', () => {
      const input = scenario(
        [raise('A1'), wait(5), mdcStatus('A1', 'InProgress'), wait(40)],
        withRule({ tenantConnector: true }),
      );

      const observation = run(input, every({ subscriptionDelayMs: 1 * MIN, tenantDelayMs: 3 * MIN }));

      expect(alertRows(observation)).toEqual([
        ['subscription', 'New', 1],
        ['tenant', 'New', 3],
        ['subscription', 'InProgress', 6],
        ['tenant', 'InProgress', 8],
      ]);
      expect(incidents(observation)).toHaveLength(1);
      expect(observation.SecurityIncident[0]?.CreatedTime).toBe(at(1));
    });

    it('should sync the rule incident even when the tenant row came first', () => {
      const input = scenario([raise('A1'), wait(10), closeIncident('A1'), wait(40)], {
        ...synced,
        tenantConnector: true,
      });

      const observation = run(input, every({ subscriptionDelayMs: 8 * MIN, tenantDelayMs: 2 * MIN }));

      expect(observation.SecurityIncident[0]?.CreatedTime).toBe(at(2));
      expect(mdcHistory(observation)).toEqual([
        [0, 'Active'],
        [10, 'Resolved'],
      ]);
    });
  });
});
