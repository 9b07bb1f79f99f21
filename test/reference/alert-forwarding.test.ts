import { describe, expect, it } from 'vitest';
import { isMdcPortalLink, isXdrLink } from '../../model/links.ts';
import { decodeMdcAlertName } from '../../model/time.ts';
import { at, config, guidOf, nameOf, raise, scenario, TENANT, wait } from '../support/build.ts';
import {
  addSubscription,
  alertRows,
  change,
  every,
  MIN,
  mdcHistory,
  mdcStatus,
  perAlert,
  run,
} from './support.ts';

describe('simulate', () => {
  describe('subscription-based connector', () => {
    it('should forward a raised alert as one New row with every column filled', () => {
      // Arrange
      const input = scenario([raise('A1'), wait(10)]);
      // Act
      const observation = run(input, every({ subscriptionDelayMs: 3 * MIN }));
      // Assert
      expect(observation.SecurityAlert).toHaveLength(1);
      const row = observation.SecurityAlert[0];
      expect(row).toMatchObject({
        TimeGenerated: at(3),
        VendorOriginalId: nameOf('A1'),
        AlertName: 'Suspect executable path',
        AlertSeverity: 'High',
        AlertType: 'VM_SuspectExecutablePath',
        ProductName: 'Azure Security Center',
        ProviderName: 'Azure Security Center',
        VendorName: 'Microsoft',
        Status: 'New',
        StartTime: at(0),
        EndTime: at(0),
        ProcessingEndTime: at(0),
        _Connector: 'subscription',
      });
      expect(row?.SystemAlertId).toMatch(
        /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
      );
      expect(row?.SystemAlertId).not.toBe(guidOf('A1'));
      expect(row?.ResourceId).toMatch(/^\/subscriptions\/sub-1\/resourceGroups\//);
      expect(isMdcPortalLink(row?.AlertLink ?? '')).toBe(true);
      expect(row?.AlertLink).toContain(`/alertId/${nameOf('A1')}/subscriptionId/sub-1/`);
    });

    it("should name MDC's sample alerts as the portal does", () => {
      const input = scenario([raise('A1', { alertType: 'SIMULATED_K8S_PrivilegedContainer' }), wait(1)]);

      expect(run(input).SecurityAlert[0]?.AlertName).toBe('[SAMPLE ALERT] Privileged container');
    });

    it('should write a new row with the same SystemAlertId when the MDC status changes', () => {
      const input = scenario([raise('A1'), wait(5), mdcStatus('A1', 'Resolved'), wait(5)]);

      const observation = run(input, every({ subscriptionDelayMs: 1 * MIN }));

      expect(alertRows(observation)).toEqual([
        ['subscription', 'New', 1],
        ['subscription', 'Resolved', 6],
      ]);
      const [first, second] = observation.SecurityAlert;
      expect(second?.SystemAlertId).toBe(first?.SystemAlertId);
      expect(second?.VendorOriginalId).toBe(first?.VendorOriginalId);
      expect(mdcHistory(observation)).toEqual([
        [0, 'Active'],
        [5, 'Resolved'],
      ]);
    });

    it('should write no row for a change to the status the alert already has', () => {
      const input = scenario([raise('A1'), wait(5), mdcStatus('A1', 'Active'), wait(5)]);

      const observation = run(input);

      expect(alertRows(observation)).toEqual([['subscription', 'New', 0]]);
      expect(mdcHistory(observation)).toEqual([[0, 'Active']]);
    });

    it('should give different alerts different SystemAlertIds', () => {
      const input = scenario([raise('A1'), raise('A2'), wait(1)]);

      const [a1, a2] = run(input).SecurityAlert;

      expect(a1?.SystemAlertId).not.toBe(a2?.SystemAlertId);
    });

    it('should not cover a subscription added later, which the tenant connector covers', () => {
      const input = scenario(
        [addSubscription('sub-2'), raise('A1', { subscription: 'sub-2' }), wait(20)],
        config({ tenantConnector: true }),
      );

      const observation = run(input, every({ subscriptionDelayMs: 1 * MIN, tenantDelayMs: 10 * MIN }));

      expect(alertRows(observation)).toEqual([['tenant', 'New', 10]]);
      expect(isXdrLink(observation.SecurityAlert[0]?.AlertLink ?? '')).toBe(true);
      expect(observation.SecurityAlert[0]?.AlertLink).toContain(`tid=${TENANT}`);
    });

    it('should cover an added subscription once the connector is enabled on it', () => {
      const input = scenario([
        addSubscription('sub-2'),
        change({ kind: 'subscription-connector-enabled', subscription: 'sub-2', sync: false }),
        raise('A1', { subscription: 'sub-2' }),
        wait(5),
      ]);

      expect(alertRows(run(input))).toEqual([['subscription', 'New', 0]]);
    });

    it('should deliver what it took before being disabled, and nothing after', () => {
      const input = scenario([
        raise('A1'),
        change({ kind: 'subscription-connector-disabled', subscription: 'sub-1' }),
        mdcStatus('A1', 'Resolved'),
        wait(20),
      ]);

      const observation = run(input, every({ subscriptionDelayMs: 5 * MIN }));

      expect(alertRows(observation)).toEqual([['subscription', 'Resolved', 5]]);
    });
  });

  describe('tenant-based connector', () => {
    const tenantOnly = config({ subscriptionConnector: [], tenantConnector: true });

    it('should mirror MDC changes as new rows with a Defender XDR link', () => {
      const input = scenario([raise('A1'), wait(25), mdcStatus('A1', 'Dismissed'), wait(30)], tenantOnly);

      const observation = run(input, every({ tenantDelayMs: 20 * MIN }));

      expect(alertRows(observation)).toEqual([
        ['tenant', 'New', 20],
        ['tenant', 'Dismissed', 45],
      ]);
      expect(observation.SecurityAlert.every((row) => isXdrLink(row.AlertLink))).toBe(true);
    });

    it('should send the status of the moment it forwards in its first row', () => {
      const input = scenario([raise('A1'), wait(5), mdcStatus('A1', 'Dismissed'), wait(30)], tenantOnly);

      const observation = run(input, every({ tenantDelayMs: 20 * MIN }));

      expect(alertRows(observation)).toEqual([['tenant', 'Dismissed', 20]]);
    });

    it("should forward nothing when XDR's MDC setting is 'No alerts'", () => {
      const input = scenario([raise('A1'), wait(60)], { ...tenantOnly, xdrMdcSetting: 'No alerts' });

      const observation = run(input);

      expect(observation.SecurityAlert).toEqual([]);
      expect(observation.xdr).toEqual({ alerts: [], incidents: [] });
      expect(observation.mdc.alerts).toHaveLength(1);
    });

    it('should not forward Informational alerts, which never reach XDR', () => {
      const input = scenario([raise('A1', { severity: 'Informational' }), wait(60)], {
        ...tenantOnly,
        xdrConnector: true,
      });

      const observation = run(input);

      expect(observation.SecurityAlert).toEqual([]);
      expect(observation.SecurityIncident).toEqual([]);
      expect(observation.xdr).toEqual({ alerts: [], incidents: [] });
    });

    it('should keep alerts ingested by XDR forwarding after the setting changes to No alerts', () => {
      const input = scenario(
        [
          raise('A1'),
          change({ kind: 'xdr-mdc-setting', value: 'No alerts' }),
          raise('A2'),
          wait(1),
          mdcStatus('A1', 'Resolved'),
          wait(1),
        ],
        tenantOnly,
      );

      const observation = run(input);

      expect(observation.xdr.alerts.map((a) => a.name)).toEqual([nameOf('A1')]);
      expect(alertRows(observation)).toEqual([
        ['tenant', 'New', 0],
        ['tenant', 'Resolved', 1],
      ]);
    });
  });

  describe('both connectors', () => {
    it('should write duplicate rows with one SystemAlertId, the tenant ones later', () => {
      const input = scenario([raise('A1'), wait(30)], config({ tenantConnector: true }));

      const observation = run(input, every({ subscriptionDelayMs: 2 * MIN, tenantDelayMs: 15 * MIN }));

      expect(alertRows(observation)).toEqual([
        ['subscription', 'New', 2],
        ['tenant', 'New', 15],
      ]);
      const ids = new Set(observation.SecurityAlert.map((row) => row.SystemAlertId));
      expect(ids.size).toBe(1);
    });

    it('should use each alert its own delays, by raise order', () => {
      const input = scenario([raise('A1'), raise('A2'), wait(30)]);

      const observation = run(
        input,
        perAlert({ subscriptionDelayMs: 9 * MIN }, { subscriptionDelayMs: 4 * MIN }),
      );

      expect(observation.SecurityAlert.map((row) => decodeMdcAlertName(row.VendorOriginalId)?.guid)).toEqual([
        guidOf('A2'),
        guidOf('A1'),
      ]);
    });
  });

  describe('the observation window', () => {
    it('should drop deliveries due after the last step plus settleMinutes', () => {
      const input = scenario([raise('A1'), wait(1)], config(), 60);

      const observation = run(input, every({ subscriptionDelayMs: 62 * MIN }));

      expect(observation.SecurityAlert).toEqual([]);
      expect(mdcHistory(observation)).toEqual([[0, 'Active']]);
    });
  });
});
