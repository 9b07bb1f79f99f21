/**
 * A declared configuration, linted and predicted. The findings are the article's advice (ADV-*,
 * model/invariants/advice.ts). The predictions come from the reference simulator, as the behaviour matrix's
 * do (src/report/behaviour-matrix.ts): for each subscription and severity, a one-alert probe scenario under
 * this very configuration says which connector brings the alert, who creates incidents, which duplicates
 * follow, whether an XDR incident arrives empty, and which sync directions work (probes that close the
 * incidents in Sentinel, in XDR, or the alert in MDC). The schedule is the reference's default one, in which
 * the tenant connector is the slower.
 */
import type { Severity, WorkspaceConfig } from '../../model/config.ts';
import { SEVERITIES } from '../../model/config.ts';
import type { AdviceFinding } from '../../model/invariant.ts';
import { adviceBehaviours } from '../../model/invariants/advice.ts';
import { headOf } from '../../model/invariants/support-incidents.ts';
import type { Observation } from '../../model/observation.ts';
import { IDEAL } from '../../model/profile.ts';
import { scheduleFor } from '../../model/reference/default-schedule.ts';
import { simulate } from '../../model/reference/simulator.ts';
import { SCENARIO_VERSION, type Scenario } from '../../model/scenario.ts';
import { isSentinelProvider, isXdrProvider } from '../../model/tables.ts';
import type { Step } from '../../model/timeline.ts';
import type { MatrixCell, MatrixKey } from '../report/behaviour-matrix.ts';
import { escapeMarkdown as markdownEscape } from '../report/markdown.ts';

/** What the model predicts for one alert: the behaviour matrix's columns, for this configuration. */
export type Prediction = Omit<MatrixCell, keyof MatrixKey> & {
  subscription: string;
  severity: Severity;
  /** Rows through both connectors (BOTH-DUPLICATES). */
  duplicateAlerts: boolean;
  /** An XDR incident and an 'Azure Sentinel' incident for the one alert (XDR-DUPLICATE-INCIDENTS). */
  duplicateIncidents: boolean;
};

export interface LintResult {
  findings: AdviceFinding[];
  predictions: Prediction[];
}

const TENANT_ID = '72f988bf-0000-4000-8000-00000000c0de';
const START = '2026-03-01T09:00:00.000Z';
const GUID = '6c1d0000-0000-4000-8000-0000000000b1';

function probe(
  config: WorkspaceConfig,
  subscription: string,
  severity: Severity,
  after: Step[],
): Observation {
  const scenario: Scenario = {
    version: SCENARIO_VERSION,
    tenantId: TENANT_ID,
    start: START,
    config,
    timeline: [
      {
        type: 'alert-raised',
        alert: 'P1',
        guid: GUID,
        subscription,
        severity,
        alertType: 'VM_SuspectExecutablePath',
      },
      { type: 'wait', minutes: 30 },
      ...after,
    ],
    settleMinutes: 90,
  };
  return simulate(scenario, scheduleFor(scenario), IDEAL);
}

function mdcEndsResolved(o: Observation): boolean {
  return o.mdc.alerts[0]?.statusHistory.at(-1)?.status === 'Resolved';
}

function incidentClosed(o: Observation, isProvider: (name: string) => boolean): boolean {
  return o.SecurityIncident.some((r) => isProvider(r.ProviderName) && r.Status === 'Closed');
}

/** The model's prediction for one alert of `severity` raised in `subscription`. */
export function predict(config: WorkspaceConfig, subscription: string, severity: Severity): Prediction {
  const base = probe(config, subscription, severity, []);
  const via = new Set(base.SecurityAlert.map((r) => r._Connector).filter((c) => c !== undefined));
  const providers = new Map<number, string>();
  const latestIds = new Map<number, string[]>();
  for (const row of base.SecurityIncident) {
    providers.set(row.IncidentNumber, row.ProviderName);
    latestIds.set(row.IncidentNumber, row.AlertIds);
  }
  const incidents = [...providers.values()].sort();
  const close = (provider: 'Azure Sentinel' | 'Microsoft XDR') =>
    probe(config, subscription, severity, [
      { type: 'sentinel-incident-closed', alert: 'P1', provider, classification: 'TruePositive' },
    ]);
  const ruleClose = close('Azure Sentinel');
  const xdrClose = close('Microsoft XDR');
  const inXdr = probe(config, subscription, severity, [{ type: 'xdr-incident-closed', alert: 'P1' }]);
  const inMdc = probe(config, subscription, severity, [
    { type: 'mdc-status-changed', alert: 'P1', status: 'Resolved' },
  ]);
  const alertVia = (['subscription', 'tenant'] as const).filter((c) => via.has(c));
  return {
    subscription,
    severity,
    alertVia,
    alertRows: base.SecurityAlert.length,
    incidents,
    emptyIncident: [...providers].some(
      ([n, provider]) => isXdrProvider(provider) && (latestIds.get(n) ?? []).length === 0,
    ),
    duplicateAlerts: alertVia.length === 2,
    duplicateIncidents: incidents.some(isXdrProvider) && incidents.some(isSentinelProvider),
    ruleCloseToMdc: incidentClosed(ruleClose, isSentinelProvider) && mdcEndsResolved(ruleClose),
    xdrCloseToMdc: incidentClosed(xdrClose, isXdrProvider) && mdcEndsResolved(xdrClose),
    xdrToSentinel: incidentClosed(inXdr, isXdrProvider),
    mdcCloseToIncident: inMdc.SecurityIncident.some((r) => r.Status === 'Closed'),
  };
}

/**
 * The findings, and a prediction per subscription and severity. A subscription's own part of the
 * configuration is its subscription-connector entry (or none); everything else is the tenant's. So the
 * probes run once per kind of entry and severity, and subscriptions of one kind share the answer: a
 * tenant of 20,000 subscriptions costs as few probes as one of three (each probe validates the whole
 * configuration, so probing every subscription was quadratic).
 */
export function lintConfig(config: WorkspaceConfig): LintResult {
  const findings = adviceBehaviours.flatMap((b) =>
    b.kind === 'advice' ? b.lint(config, config.subscriptions) : [],
  );
  const entries = new Map(config.subscriptionConnector.map((c) => [c.subscription, c]));
  const probed = new Map<string, Prediction>();
  const predictions = config.subscriptions.flatMap((subscription) =>
    SEVERITIES.map((severity) => {
      const entry = entries.get(subscription);
      const kind = `${severity} ${entry ? `connector sync=${entry.sync}` : 'no connector'}`;
      let prediction = probed.get(kind);
      if (!prediction) {
        prediction = predict(config, subscription, severity);
        probed.set(kind, prediction);
      }
      return { ...prediction, subscription };
    }),
  );
  return { findings, predictions };
}

const yes = (b: boolean) => (b ? 'yes' : '—');

function viaWords(p: Prediction): string {
  if (p.alertVia.length === 0) return 'nothing arrives';
  return `${p.alertVia.join(' + ')} connector${p.alertVia.length > 1 ? 's' : ''} (${p.alertRows} row${p.alertRows === 1 ? '' : 's'})`;
}

function incidentWords(p: Prediction): string {
  if (p.incidents.length === 0) return 'none';
  return p.incidents
    .map((name) =>
      isXdrProvider(name) ? `${name} (XDR connector)` : isSentinelProvider(name) ? `${name} (rule)` : name,
    )
    .join(' + ');
}

/** Subscriptions a group names in full; a larger group names this many and counts the rest. */
const NAMED_PER_GROUP = 3;

/**
 * The predictions grouped by subscription: subscriptions whose predictions are the same at every severity
 * share one group (in order of first appearance), so a tenant of 20,000 subscriptions takes a few rows.
 */
function groupBySubscription(
  predictions: readonly Prediction[],
): { subscriptions: string[]; rows: Prediction[] }[] {
  const bySubscription = new Map<string, Prediction[]>();
  for (const p of predictions) {
    const rows = bySubscription.get(p.subscription);
    if (rows) rows.push(p);
    else bySubscription.set(p.subscription, [p]);
  }
  const groups = new Map<string, { subscriptions: string[]; rows: Prediction[] }>();
  for (const [subscription, rows] of bySubscription) {
    const key = JSON.stringify(rows.map(({ subscription: _, ...rest }) => rest));
    const group = groups.get(key);
    if (group) group.subscriptions.push(subscription);
    else groups.set(key, { subscriptions: [subscription], rows });
  }
  return [...groups.values()];
}

function subscriptionsWords(subscriptions: readonly string[]): string {
  const { head, more } = headOf(subscriptions, NAMED_PER_GROUP);
  return `${head.join(', ')}${more}`;
}

/**
 * The lint as Markdown, or (`plain`, for a terminal) as the same text without Markdown's escapes: a
 * terminal shows `('Microsoft XDR')`, not `\\('Microsoft XDR'\\)`.
 */
export function renderLint(result: LintResult, file: string, options: { plain?: boolean } = {}): string {
  const escapeMarkdown = options.plain ? (text: string) => text : markdownEscape;
  const lines = [`# Lint of ${escapeMarkdown(file)}`, ''];
  if (result.findings.length === 0) {
    lines.push('No finding: the configuration has none of the pitfalls the article warns about.');
  } else {
    lines.push(`${result.findings.length} finding${result.findings.length === 1 ? '' : 's'}:`, '');
    for (const f of result.findings) {
      lines.push(
        `- **${f.id}**: ${escapeMarkdown(f.message)}`,
        `  - Consequence: ${escapeMarkdown(f.consequence)}`,
      );
    }
  }
  lines.push(
    '',
    '## What the model predicts',
    '',
    'For one Defender for Cloud alert per subscription and severity, as the reference simulator runs it under this',
    'configuration (model/README.md; the tenant connector slower than the subscription connector). Subscriptions',
    'whose predictions are the same share a row (`--json` lists each one):',
    '',
    '- **SecurityAlert via**: the connectors whose rows arrive; **Incidents**: who creates them;',
    '- **Duplicates**: alert rows through both connectors (BOTH-DUPLICATES) / two incidents for the alert (XDR-DUPLICATE-INCIDENTS);',
    '- **Empty**: an XDR incident arrives without the alert (XDR-EMPTY-WITHOUT-MDC-CONNECTOR);',
    '- **Sync**: closing the incident in Sentinel closes the MDC alert (rule incident / XDR incident); closing it in',
    '  Defender XDR closes it in Sentinel; closing the alert in MDC closes an incident.',
    '',
    '| Subscription | Severity | SecurityAlert via | Incidents | Duplicates (alerts / incidents) | Empty | Sentinel → MDC (rule / XDR) | XDR → Sentinel | MDC → incident |',
    '|---|---|---|---|---|---|---|---|---|',
  );
  for (const { subscriptions, rows } of groupBySubscription(result.predictions)) {
    const who = escapeMarkdown(subscriptionsWords(subscriptions));
    for (const p of rows)
      lines.push(
        `| ${who} | ${p.severity} | ${viaWords(p)} | ${escapeMarkdown(incidentWords(p))} | ${yes(p.duplicateAlerts)} / ${yes(p.duplicateIncidents)} | ${yes(p.emptyIncident)} | ${yes(p.ruleCloseToMdc)} / ${yes(p.xdrCloseToMdc)} | ${yes(p.xdrToSentinel)} | ${yes(p.mdcCloseToIncident)} |`,
      );
  }
  if (result.predictions.length === 0)
    lines.push('', 'The configuration lists no subscription: nothing to predict.');
  return `${lines.join('\n')}\n`;
}
