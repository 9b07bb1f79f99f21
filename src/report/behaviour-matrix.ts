/**
 * The behaviour matrix: for each combination of subscription connector (off / on / on+sync), tenant
 * connector, XDR's MDC setting, XDR connector and incident creation rule, what reaches Sentinel for one
 * alert. Each cell is read off observations of the reference simulator on small probe scenarios (one alert;
 * then closing its incidents in Sentinel, in XDR, or closing the alert in MDC), under one fixed schedule in
 * which the tenant connector is slower, as the article typically saw.
 */
import type { WorkspaceConfig, XdrMdcSetting } from '../../model/config.ts';
import type { Observation } from '../../model/observation.ts';
import { IDEAL } from '../../model/profile.ts';
import type { Schedule } from '../../model/reference/schedule.ts';
import { simulate } from '../../model/reference/simulator.ts';
import type { Scenario } from '../../model/scenario.ts';
import { isSentinelProvider, isXdrProvider } from '../../model/tables.ts';
import { MINUTE } from '../../model/time.ts';
import type { Step } from '../../model/timeline.ts';

export type SubscriptionMode = 'off' | 'on' | 'on+sync';

export interface MatrixKey {
  subscription: SubscriptionMode;
  tenant: boolean;
  xdrSetting: XdrMdcSetting;
  xdrConnector: boolean;
  rule: boolean;
}

export interface MatrixCell extends MatrixKey {
  /** Connectors through which SecurityAlert rows arrived, e.g. ['subscription', 'tenant']. */
  alertVia: ('subscription' | 'tenant')[];
  alertRows: number;
  /** Provider names of the incidents created for the alert. */
  incidents: string[];
  /** An XDR incident in Sentinel with no AlertIds at the end. */
  emptyIncident: boolean;
  /** Closing the rule incident in Sentinel closes the MDC alert. */
  ruleCloseToMdc: boolean;
  /** Closing the XDR incident in Sentinel closes the XDR incident and the MDC alert. */
  xdrCloseToMdc: boolean;
  /** Closing the incident in XDR closes the Sentinel incident. */
  xdrToSentinel: boolean;
  /** Closing the alert in MDC changes a Sentinel incident. */
  mdcCloseToIncident: boolean;
}

const PROBE_SCHEDULE: Schedule = {
  perAlert: [
    {
      subscriptionDelayMs: 2 * MINUTE,
      tenantDelayMs: 12 * MINUTE,
      xdrIngestDelayMs: 0,
      xdrIncidentCreateDelayMs: 0,
      xdrIncidentDelayMs: 5 * MINUTE,
      ruleDelayMs: 1 * MINUTE,
      syncDelayMs: 1 * MINUTE,
      xdrSyncDelayMs: 1 * MINUTE,
      tenantRepeatGapsMs: [],
      futureMs: 0,
      nonUtcOffsetMinutes: 0,
      incidentBeforeAlert: false,
    },
  ],
};

export function matrixConfig(key: MatrixKey): WorkspaceConfig {
  return {
    subscriptions: ['sub-1'],
    subscriptionConnector:
      key.subscription === 'off' ? [] : [{ subscription: 'sub-1', sync: key.subscription === 'on+sync' }],
    tenantConnector: key.tenant,
    xdrMdcSetting: key.xdrSetting,
    xdrConnector: key.xdrConnector,
    incidentRules: key.rule
      ? [{ name: 'mdc', productFilter: ['Azure Security Center'], severitiesFilter: [] }]
      : [],
  };
}

const RAISE: Step = {
  type: 'alert-raised',
  alert: 'A1',
  guid: '6c1d0000-0000-4000-8000-0000000000a1',
  subscription: 'sub-1',
  severity: 'High',
  alertType: 'VM_SuspectExecutablePath',
};

function probe(key: MatrixKey, after: Step[]): Observation {
  const scenario: Scenario = {
    version: 1,
    tenantId: '72f988bf-0000-4000-8000-00000000c0de',
    start: '2026-03-01T09:00:00.000Z',
    config: matrixConfig(key),
    timeline: [RAISE, { type: 'wait', minutes: 30 }, ...after],
    settleMinutes: 90,
  };
  return simulate(scenario, PROBE_SCHEDULE, IDEAL);
}

function mdcEndsResolved(o: Observation): boolean {
  const history = o.mdc.alerts[0]?.statusHistory ?? [];
  return history.at(-1)?.status === 'Resolved';
}

function incidentClosed(o: Observation, isProvider: (name: string) => boolean): boolean {
  return o.SecurityIncident.some((r) => isProvider(r.ProviderName) && r.Status === 'Closed');
}

export function matrixCell(key: MatrixKey): MatrixCell {
  const base = probe(key, []);
  const via = new Set(base.SecurityAlert.map((r) => r._Connector).filter((c) => c !== undefined));
  const numbers = new Map<number, string>();
  for (const row of base.SecurityIncident) numbers.set(row.IncidentNumber, row.ProviderName);
  const latest = new Map<number, string[]>();
  for (const row of base.SecurityIncident) latest.set(row.IncidentNumber, row.AlertIds);
  const emptyIncident = [...numbers].some(
    ([n, provider]) => isXdrProvider(provider) && (latest.get(n) ?? []).length === 0,
  );
  const ruleClose = probe(key, [
    {
      type: 'sentinel-incident-closed',
      alert: 'A1',
      provider: 'Azure Sentinel',
      classification: 'TruePositive',
    },
  ]);
  const xdrClose = probe(key, [
    {
      type: 'sentinel-incident-closed',
      alert: 'A1',
      provider: 'Microsoft XDR',
      classification: 'TruePositive',
    },
  ]);
  const inXdr = probe(key, [{ type: 'xdr-incident-closed', alert: 'A1' }]);
  const inMdc = probe(key, [{ type: 'mdc-status-changed', alert: 'A1', status: 'Resolved' }]);
  return {
    ...key,
    alertVia: (['subscription', 'tenant'] as const).filter((c) => via.has(c)),
    alertRows: base.SecurityAlert.length,
    incidents: [...numbers.values()].sort(),
    emptyIncident,
    ruleCloseToMdc: incidentClosed(ruleClose, isSentinelProvider) && mdcEndsResolved(ruleClose),
    xdrCloseToMdc: incidentClosed(xdrClose, isXdrProvider) && mdcEndsResolved(xdrClose),
    xdrToSentinel: incidentClosed(inXdr, isXdrProvider),
    mdcCloseToIncident: inMdc.SecurityIncident.some((r) => r.Status === 'Closed'),
  };
}

export function matrixKeys(): MatrixKey[] {
  const keys: MatrixKey[] = [];
  for (const subscription of ['off', 'on', 'on+sync'] as const)
    for (const tenant of [false, true])
      for (const xdrSetting of ['All alerts', 'No alerts'] as const)
        for (const xdrConnector of [false, true])
          for (const rule of [false, true])
            keys.push({ subscription, tenant, xdrSetting, xdrConnector, rule });
  return keys;
}

export function behaviourMatrix(): MatrixCell[] {
  return matrixKeys().map(matrixCell);
}

const yes = (b: boolean) => (b ? 'yes' : '—');
const onOff = (b: boolean) => (b ? 'on' : 'off');

export function renderBehaviourMatrix(cells: readonly MatrixCell[]): string {
  const lines = [
    '# Behaviour matrix',
    '',
    'What reaches Sentinel for one High-severity Defender for Cloud alert, per configuration, as the reference',
    'model says. Generated by `npm start` from the reference simulator (profile `ideal`, subscription connector',
    '2 min, tenant connector 12 min, XDR incident 5 min); see model/README.md for the semantics and assumptions.',
    '',
    '- **SecurityAlert via**: the connectors whose rows arrived (rows in all).',
    '- **Incidents**: the provider of each incident created for the alert.',
    '- **Empty**: an XDR incident in Sentinel without the alert (no AlertIds).',
    '- **Sentinel → MDC**: closing the incident in Sentinel closes the MDC alert (rule incident / XDR incident).',
    '- **XDR → Sentinel**: closing the incident in Defender XDR closes it in Sentinel.',
    '- **MDC → incident**: closing the alert in MDC closes a Sentinel incident.',
    '',
    '| Subscription connector | Tenant connector | XDR MDC setting | XDR connector | Rule | SecurityAlert via | Incidents | Empty | Sentinel → MDC (rule / XDR) | XDR → Sentinel | MDC → incident |',
    '|---|---|---|---|---|---|---|---|---|---|---|',
  ];
  for (const c of cells) {
    const via = c.alertVia.length === 0 ? 'nothing' : `${c.alertVia.join(' + ')} (${c.alertRows})`;
    const incidents = c.incidents.length === 0 ? 'none' : c.incidents.join(' + ');
    lines.push(
      `| ${c.subscription} | ${onOff(c.tenant)} | ${c.xdrSetting} | ${onOff(c.xdrConnector)} | ${onOff(c.rule)} | ${via} | ${incidents} | ${yes(c.emptyIncident)} | ${yes(c.ruleCloseToMdc)} / ${yes(c.xdrCloseToMdc)} | ${yes(c.xdrToSentinel)} | ${yes(c.mdcCloseToIncident)} |`,
    );
  }
  return `${lines.join('\n')}\n`;
}
