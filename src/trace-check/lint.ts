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
import { type MatrixCell, type MatrixKey, PROBLEMS, type Problem } from '../report/behaviour-matrix.ts';

/** What the model predicts for one alert: the behaviour matrix's columns, for this configuration. */
export type Prediction = Omit<MatrixCell, keyof MatrixKey> & {
  subscription: string;
  severity: Severity;
  /** Rows through both connectors (BOTH-DUPLICATES). */
  duplicateAlerts: boolean;
  /** An XDR incident and an 'Azure Sentinel' incident for the one alert (XDR-DUPLICATE-INCIDENTS). */
  duplicateIncidents: boolean;
  /** With both incidents, closing the XDR one (in Sentinel or in XDR) leaves the rule's incident open. */
  ruleLeftOpen: boolean;
};

/** The pitfalls (the behaviour matrix's) a prediction shows, for one subscription and severity. */
export interface PredictedProblems {
  subscription: string;
  severity: Severity;
  problems: Problem[];
}

export interface LintResult {
  findings: AdviceFinding[];
  predictions: Prediction[];
  /**
   * The pitfalls the predictions show, where there are any (the behaviour matrix's names): some are what an
   * advice finding warns of, others no advice covers (an alert with no incident, RULE-REQUIRED). They are
   * shown, not counted: only findings set lint's exit code.
   */
  problems: PredictedProblems[];
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

/** Whether the rule's incident is still open at the end (its latest row, by IncidentNumber). */
function ruleIncidentOpen(o: Observation): boolean {
  const latest = new Map<number, Observation['SecurityIncident'][number]>();
  for (const row of o.SecurityIncident) latest.set(row.IncidentNumber, row);
  return [...latest.values()].some((r) => isSentinelProvider(r.ProviderName) && r.Status !== 'Closed');
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
  const duplicateIncidents = incidents.some(isXdrProvider) && incidents.some(isSentinelProvider);
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
    duplicateIncidents,
    ruleLeftOpen:
      duplicateIncidents &&
      [xdrClose, inXdr].some((o) => incidentClosed(o, isXdrProvider) && ruleIncidentOpen(o)),
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
  return { findings, predictions, problems: problemsOf(config, predictions) };
}

/**
 * The behaviour matrix's pitfalls, per subscription and severity. An Informational alert that does not
 * arrive, or arrives without an incident, where the same subscription's other alerts do, is the matrix's
 * 'Informational lost' / 'Informational without incident' (they never reach Defender XDR), not 'nothing
 * arrives' / 'no incident'. The tenant connector is silenced where it is on and brings no alert of a
 * severity XDR takes.
 */
function problemsOf(config: WorkspaceConfig, predictions: readonly Prediction[]): PredictedProblems[] {
  const others = new Map<string, Prediction[]>();
  for (const p of predictions) {
    if (p.severity === 'Informational') continue;
    const list = others.get(p.subscription);
    if (list) list.push(p);
    else others.set(p.subscription, [p]);
  }
  const result: PredictedProblems[] = [];
  for (const p of predictions) {
    const found = new Set<Problem>();
    const informational = p.severity === 'Informational';
    const rest = informational ? (others.get(p.subscription) ?? []) : [];
    if (p.alertRows === 0 && p.incidents.length === 0)
      found.add(
        informational && rest.some((o) => o.alertRows > 0 || o.incidents.length > 0)
          ? 'informational-lost'
          : 'nothing-arrives',
      );
    if (p.alertRows > 0 && p.incidents.length === 0)
      found.add(
        informational && rest.some((o) => o.incidents.length > 0)
          ? 'informational-no-incident'
          : 'no-incident',
      );
    if (config.tenantConnector && !informational && !p.alertVia.includes('tenant'))
      found.add('tenant-silenced');
    if (p.emptyIncident) found.add('empty-incident');
    if (p.duplicateIncidents) found.add('duplicate-incidents');
    if (p.ruleLeftOpen) found.add('rule-incident-left-open');
    if (p.duplicateAlerts) found.add('duplicate-rows');
    const problems = (Object.keys(PROBLEMS) as Problem[]).filter((x) => found.has(x));
    if (problems.length > 0) result.push({ subscription: p.subscription, severity: p.severity, problems });
  }
  return result;
}

/**
 * The advice findings that warn of a problem (their consequence names it): a problem with one of them among
 * the findings is theirs to count. 'Informational without incident' has none: ADV-NO-RULE-WITH-XDR is about
 * a rule that duplicates incidents, not about a missing one.
 */
const WARNED_BY: Record<Problem, readonly string[]> = {
  'nothing-arrives': ['ADV-SUB-COVERAGE', 'ADV-ALL-ALERTS-FOR-TENANT'],
  'no-incident': [],
  'tenant-silenced': ['ADV-ALL-ALERTS-FOR-TENANT'],
  'empty-incident': ['ADV-MDC-CONNECTOR-WITH-XDR'],
  'duplicate-incidents': ['ADV-NO-RULE-WITH-XDR'],
  'rule-incident-left-open': ['ADV-NO-RULE-WITH-XDR'],
  'duplicate-rows': [],
  'informational-lost': ['ADV-SUB-COVERAGE'],
  'informational-no-incident': [],
};

/** What to do about a problem no advice finding covers (the article's words where it has them). */
const REMEDY: Partial<Record<Problem, string>> = {
  'no-incident':
    "add a Microsoft incident creation rule for Defender for Cloud alerts (the article: to generate incidents, such a rule 'must be deployed', L65), or the Defender XDR connector with XDR's setting at 'All alerts'",
  'informational-lost':
    'where they matter, enable the subscription-based connector, with a rule restricted to Informational for their incidents',
  'informational-no-incident':
    "add a Microsoft incident creation rule for Defender for Cloud alerts with severitiesFilter ['Informational']: it does not duplicate the XDR incidents",
  'duplicate-rows':
    'expected with both MDC connectors on (the article); count alerts by SystemAlertId, or turn one connector off',
};

/** `yes`/`no`, or `n/a` where the question cannot arise (there is no such incident), as in the behaviour matrix. */
const answer = (applies: boolean, value: boolean): string => (!applies ? 'n/a' : value ? 'yes' : 'no');
const yes = (b: boolean) => (b ? 'yes' : 'no');

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
 * Text for lint's Markdown, escaped only where Markdown would misread it: a table cell's bar, emphasis,
 * code spans, HTML, a link's `](` or `][`, an entity. Parentheses, brackets, `+`, `'` stay as they are, so
 * the Markdown also reads as plain text where it is not rendered (a CI log, a pipe into less).
 */
function markdownEscape(text: string): string {
  return text
    .replace(/[\\`*_|]/g, '\\$&')
    .replace(/&(?=#?\w+;)/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/\]([([])/g, '\\]$1')
    .replace(/\r?\n/g, ' ');
}

/**
 * The lint as Markdown, or (`plain`, for a terminal) as the same text unescaped: a terminal shows
 * `rule 'a_b'`, not `rule 'a\\_b'`.
 */
export function renderLint(result: LintResult, file: string, options: { plain?: boolean } = {}): string {
  const escapeMarkdown = options.plain ? (text: string) => text : markdownEscape;
  const lines = [`# Lint of ${escapeMarkdown(file)}`, ''];
  if (result.findings.length === 0) {
    lines.push(
      result.problems.length === 0
        ? 'No finding: the configuration has none of the pitfalls the article warns about.'
        : "No finding: the configuration has none of the pitfalls the article's advice (ADV-…) names; the model still predicts the problems marked ⚠ below, which no advice covers (they do not change the exit code).",
    );
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
    "- **Problems**: the pitfalls the alert meets (the behaviour matrix's, explained below the table).",
    '',
    'Answers: yes; no; n/a: the question cannot arise (there is no such incident).',
    '',
    '| Subscription | Severity | SecurityAlert via | Incidents | Duplicates (alerts / incidents) | Empty | Sentinel → MDC (rule / XDR) | XDR → Sentinel | MDC → incident | Problems |',
    '|---|---|---|---|---|---|---|---|---|---|',
  );
  const problemsAt = new Map(
    result.problems.map((p) => [`${p.subscription}\u0000${p.severity}`, p.problems]),
  );
  const seen = new Set<Problem>();
  for (const { subscriptions, rows } of groupBySubscription(result.predictions)) {
    const who = escapeMarkdown(subscriptionsWords(subscriptions));
    for (const p of rows) {
      const rule = p.incidents.some(isSentinelProvider);
      const xdr = p.incidents.some(isXdrProvider);
      const problems = problemsAt.get(`${subscriptions[0]}\u0000${p.severity}`) ?? [];
      for (const problem of problems) seen.add(problem);
      lines.push(
        `| ${who} | ${p.severity} | ${viaWords(p)} | ${escapeMarkdown(incidentWords(p))} | ${yes(p.duplicateAlerts)} / ${yes(p.duplicateIncidents)} | ${answer(xdr, p.emptyIncident)} | ${answer(rule, p.ruleCloseToMdc)} / ${answer(xdr, p.xdrCloseToMdc)} | ${answer(xdr, p.xdrToSentinel)} | ${answer(rule || xdr, p.mdcCloseToIncident)} | ${problems.map((x) => `⚠ ${PROBLEMS[x].label}`).join(', ')} |`,
      );
    }
  }
  if (result.predictions.length === 0)
    lines.push('', 'The configuration lists no subscription: nothing to predict.');
  if (seen.size > 0) {
    const found = new Set(result.findings.map((f) => f.id));
    lines.push('', '## Problems', '');
    for (const problem of Object.keys(PROBLEMS) as Problem[]) {
      if (!seen.has(problem)) continue;
      const { label, means, see } = PROBLEMS[problem];
      const covered = WARNED_BY[problem].filter((id) => found.has(id));
      const remedy = REMEDY[problem];
      lines.push(
        `- ⚠ ${label}: ${escapeMarkdown(means)} (${see.join(', ')}). ` +
          (covered.length > 0
            ? `The finding ${covered.join(', ')} above warns of it.`
            : `Not an advice finding, so the exit code does not count it${remedy ? `; ${escapeMarkdown(remedy)}` : ''}.`),
      );
    }
  }
  return `${lines.join('\n')}\n`;
}
