/**
 * The configuration advice, checked against the model: each lint fires exactly on the configurations
 * where the reference simulator shows the pitfall's consequence, on a probe timeline that raises one
 * Low, Medium and High alert in every subscription. ADV-MDC-CONNECTOR-WITH-XDR ⟺ an XDR incident stays
 * empty; ADV-NO-RULE-WITH-XDR ⟺ (with an MDC connector forwarding) an alert gets two incidents;
 * ADV-ALL-ALERTS-FOR-TENANT ⟺ the tenant connector, while on, writes nothing; ADV-SUB-COVERAGE ⟺ some
 * alert gets no subscription-connector row while that connector is in use.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { WorkspaceConfig } from '../model/config.ts';
import type { AdviceLint } from '../model/invariant.ts';
import { behaviourById } from '../model/invariants/index.ts';
import { IDEAL } from '../model/profile.ts';
import { scheduleFor } from '../model/reference/default-schedule.ts';
import { simulate } from '../model/reference/simulator.ts';
import type { Scenario } from '../model/scenario.ts';
import { isSentinelProvider, isXdrProvider } from '../model/tables.ts';
import type { Step } from '../model/timeline.ts';
import { alertGuid, configArb, SCENARIO_START, TENANT_ID } from './arbitraries.ts';
import { CHECKING, GENERATION } from './settings.ts';

function probe(config: WorkspaceConfig): Scenario {
  const timeline: Step[] = [];
  for (const subscription of config.subscriptions) {
    for (const severity of ['Low', 'Medium', 'High'] as const) {
      const i = timeline.length;
      timeline.push({
        type: 'alert-raised',
        alert: `A${i + 1}`,
        guid: alertGuid(i),
        subscription,
        severity,
        alertType: 'VM_SuspectExecutablePath',
      });
    }
  }
  return {
    version: 1,
    tenantId: TENANT_ID,
    start: SCENARIO_START,
    config,
    timeline,
    settleMinutes: GENERATION.settleMinutes,
  };
}

function flagged(id: string, config: WorkspaceConfig): boolean {
  return (behaviourById(id) as AdviceLint).lint(config, config.subscriptions).length > 0;
}

function consequences(config: WorkspaceConfig) {
  const scenario = probe(config);
  const o = simulate(scenario, scheduleFor(scenario), IDEAL);
  const latest = new Map<number, (typeof o.SecurityIncident)[number]>();
  for (const row of o.SecurityIncident) latest.set(row.IncidentNumber, row);
  const incidents = [...latest.values()];
  const byAlert = (id: string, provider: (n: string) => boolean) =>
    incidents.some((i) => provider(i.ProviderName) && i.AlertIds.includes(id));
  const alertIds = new Set(o.SecurityAlert.map((r) => r.SystemAlertId));
  const subRowsByGuid = new Set(
    o.SecurityAlert.filter((r) => r._Connector === 'subscription').map(
      (r) => r.VendorOriginalId.split('_')[1],
    ),
  );
  return {
    emptyXdrIncident: incidents.some((i) => isXdrProvider(i.ProviderName) && i.AlertIds.length === 0),
    duplicateIncidents: [...alertIds].some(
      (id) => byAlert(id, isXdrProvider) && byAlert(id, isSentinelProvider),
    ),
    tenantRows: o.SecurityAlert.some((r) => r._Connector === 'tenant'),
    alertWithoutSubRow: scenario.timeline.some(
      (s) => s.type === 'alert-raised' && !subRowsByGuid.has(s.guid),
    ),
  };
}

const anyMdcConnector = (c: WorkspaceConfig) => c.subscriptionConnector.length > 0 || c.tenantConnector;

describe('configuration advice', () => {
  it('should flag ADV-MDC-CONNECTOR-WITH-XDR exactly when an XDR incident arrives empty', () => {
    fc.assert(
      fc.property(configArb, (config) => {
        expect(flagged('ADV-MDC-CONNECTOR-WITH-XDR', config)).toBe(consequences(config).emptyXdrIncident);
      }),
      { seed: CHECKING.seed, numRuns: CHECKING.propertyRuns },
    );
  });

  it('should flag ADV-NO-RULE-WITH-XDR exactly when a forwarded alert gets two incidents', () => {
    fc.assert(
      fc.property(configArb, (config) => {
        const c = consequences(config);
        if (anyMdcConnector(config))
          expect(flagged('ADV-NO-RULE-WITH-XDR', config)).toBe(c.duplicateIncidents);
        else expect(c.duplicateIncidents).toBe(false);
      }),
      { seed: CHECKING.seed, numRuns: CHECKING.propertyRuns },
    );
  });

  it('should flag ADV-ALL-ALERTS-FOR-TENANT exactly when the enabled tenant connector stays silent', () => {
    fc.assert(
      fc.property(configArb, (config) => {
        if (!config.tenantConnector) return;
        expect(flagged('ADV-ALL-ALERTS-FOR-TENANT', config)).toBe(!consequences(config).tenantRows);
      }),
      { seed: CHECKING.seed, numRuns: CHECKING.propertyRuns },
    );
  });

  it('should flag ADV-SUB-COVERAGE exactly when an alert misses the subscription connector in use', () => {
    fc.assert(
      fc.property(configArb, (config) => {
        if (config.subscriptionConnector.length === 0) return;
        expect(flagged('ADV-SUB-COVERAGE', config)).toBe(consequences(config).alertWithoutSubRow);
      }),
      { seed: CHECKING.seed, numRuns: CHECKING.propertyRuns },
    );
  });
});
