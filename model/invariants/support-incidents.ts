/**
 * Readings shared by the incident invariants (rules, the XDR connector, correlation, the SecurityIncident
 * table): the configuration in force around an observed time, each scenario alert with its rows and
 * SystemAlertIds, incidents as groups of rows, and the links from a scenario alert to Defender XDR's
 * incidents and from those to Sentinel's (by ProviderIncidentId). Observed times are compared with the
 * scenario's clock within ASSUME-TIME-TOLERANCE either way, so an event at the very instant of a
 * configuration change is read as possibly before and possibly after it; what happens at a step itself
 * (a raise, a close) is read from the scenario exactly.
 */
import { TIME_TOLERANCE_MS } from '../assumptions.ts';
import {
  type IncidentRule,
  ruleMatches,
  SEVERITIES,
  type Severity,
  subscriptionConnectorOn,
  type WorkspaceConfig,
} from '../config.ts';
import type { CheckContext } from '../invariant.ts';
import type { MdcAlertState, XdrIncidentState, XdrIncidentStatus } from '../observation.ts';
import { type IndexedAlertRow, type IndexedIncidentRow, latestRow } from '../rows.ts';
import { isRedirectLabel, isSentinelProvider, isXdrProvider, type SecurityIncidentRow } from '../tables.ts';
import { decodeMdcAlertName, iso, parseTime } from '../time.ts';
import type { Step } from '../timeline.ts';
import type { AlertFact, ScenarioFacts, TimedStep } from '../world.ts';
import {
  incidentGroups,
  mdcStateOf,
  perContext,
  perFacts,
  perFactsBy,
  perObject,
  perObjectBy,
  rowsByAlert,
  viewOfHandle,
  xdrIncidentsHolding,
} from './views.ts';

/** ASSUME-TIME-TOLERANCE. */
export const TOL = TIME_TOLERANCE_MS;

/** An observed time for messages. */
export function when(ms: number): string {
  return Number.isFinite(ms) ? iso(ms) : 'an unreadable time';
}

/**
 * A long list cut for a message: the first `max` items, and " and N more" for the rest (N in en-US digits),
 * so a tenant of thousands of subscriptions takes a line, not a page.
 */
export function headOf<T>(items: readonly T[], max: number): { head: readonly T[]; more: string } {
  if (items.length <= max) return { head: items, more: '' };
  return { head: items.slice(0, max), more: ` and ${(items.length - max).toLocaleString('en-US')} more` };
}

export function quoteList(items: Iterable<string>): string {
  const list = [...items];
  return list.length === 0 ? '[]' : `[${list.map((item) => `'${item}'`).join(', ')}]`;
}

// ---------------------------------------------------------------------------------------------------------
// Configuration over time

function configAfterStep(facts: ScenarioFacts, index: number): WorkspaceConfig {
  return facts.steps[index + 1]?.config ?? facts.finalConfig;
}

/**
 * Every configuration in force at some moment of [from, to]: the one before the window, and the one after
 * each change inside it (a change at an instant counts as possibly before and possibly after it).
 */
export function configsDuring(facts: ScenarioFacts, from: number, to: number): readonly WorkspaceConfig[] {
  let before = facts.steps[0]?.config ?? facts.finalConfig;
  const inside: WorkspaceConfig[] = [];
  for (const timed of facts.steps) {
    if (timed.step.type !== 'config-changed') continue;
    if (timed.at < from) before = configAfterStep(facts, timed.index);
    else if (timed.at <= to) inside.push(configAfterStep(facts, timed.index));
  }
  return [before, ...inside];
}

/** The configuration at a step, then after every later change: what is in force from that step on. */
export function configsFromStep(facts: ScenarioFacts, index: number): WorkspaceConfig[] {
  const at = facts.steps[index]?.config ?? facts.finalConfig;
  const later = facts.steps
    .filter((s) => s.index >= index && s.step.type === 'config-changed')
    .map((s) => configAfterStep(facts, s.index));
  return [at, ...later];
}

/** The configurations possibly in force at an observed time (kept per facts and time). */
export function configsAround(facts: ScenarioFacts, ms: number): readonly WorkspaceConfig[] {
  return onlyConfig(facts) ?? configsAroundMemo(facts, ms);
}

const configsAroundMemo = perFactsBy((facts, ms: number): readonly WorkspaceConfig[] =>
  configsDuring(facts, ms - TOL, ms + TOL),
);

/** The one configuration of a timeline that changes none (what configsDuring gives then), else null. */
const onlyConfig = perFacts((facts): readonly WorkspaceConfig[] | null =>
  facts.steps.some((s) => s.step.type === 'config-changed')
    ? null
    : [facts.steps[0]?.config ?? facts.finalConfig],
);

// ---------------------------------------------------------------------------------------------------------
// Alerts with their rows, read against the incident creation rules

/** Severity as the rule sees it: the row's AlertSeverity, or the alert's when the row's is not one. */
export function severityOfRow(row: IndexedAlertRow['row'], alert: AlertFact): Severity {
  return (SEVERITIES as readonly string[]).includes(row.AlertSeverity)
    ? (row.AlertSeverity as Severity)
    : alert.severity;
}

export function matchingRules(
  config: WorkspaceConfig,
  row: IndexedAlertRow['row'],
  alert: AlertFact,
): IncidentRule[] {
  return config.incidentRules.filter((rule) => ruleMatches(rule, row.ProductName, severityOfRow(row, alert)));
}

/** One row of an alert, with how many rules (and matching rules) were in force at its arrival. */
export interface RowReading {
  readonly entry: IndexedAlertRow;
  /** Fewest and most rules in force over the tolerance window around the row's TimeGenerated. */
  readonly fewestRules: number;
  readonly mostRules: number;
  /** Fewest and most of those that match the row's ProductName and severity. */
  readonly fewestMatching: number;
  readonly mostMatching: number;
  /** Names of the matching rules possibly in force. */
  readonly matchingNames: readonly string[];
}

export function possiblyMatched(reading: RowReading): boolean {
  return reading.mostMatching > 0;
}

export function certainlyMatched(reading: RowReading): boolean {
  return reading.fewestMatching > 0;
}

/** An alert with its rows read against the rules; shared by every check of a context (views.ts), so read-only. */
export interface AlertView {
  readonly fact: AlertFact;
  /** The alert's SecurityAlert rows in arrival order. */
  readonly rows: readonly RowReading[];
  /** The SystemAlertIds its rows carry. */
  readonly ids: ReadonlySet<string>;
}

/** A row read against the configurations possibly in force at its arrival. */
function readRow(configs: readonly WorkspaceConfig[], entry: IndexedAlertRow, fact: AlertFact): RowReading {
  const product = entry.row.ProductName;
  const severity = severityOfRow(entry.row, fact);
  let fewestRules = Number.POSITIVE_INFINITY;
  let mostRules = Number.NEGATIVE_INFINITY;
  let fewestMatching = Number.POSITIVE_INFINITY;
  let mostMatching = Number.NEGATIVE_INFINITY;
  let matchingNames: string[] | undefined;
  for (const config of configs) {
    const rules = config.incidentRules;
    fewestRules = Math.min(fewestRules, rules.length);
    mostRules = Math.max(mostRules, rules.length);
    let matching = 0;
    for (const rule of rules) {
      if (!ruleMatches(rule, product, severity)) continue;
      matching += 1;
      matchingNames ??= [];
      if (!matchingNames.includes(rule.name)) matchingNames.push(rule.name);
    }
    fewestMatching = Math.min(fewestMatching, matching);
    mostMatching = Math.max(mostMatching, matching);
  }
  return {
    entry,
    fewestRules,
    mostRules,
    fewestMatching,
    mostMatching,
    matchingNames: matchingNames ?? NO_NAMES,
  };
}

const NO_NAMES: readonly string[] = Object.freeze([]);

/** Every scenario alert with its rows read against the rules, in raise order; computed once per context. */
export const alertViews = perContext((context): readonly AlertView[] => {
  const { facts } = context;
  const byAlert = rowsByAlert(context);
  return facts.alerts.map((fact) => {
    const entries = byAlert.get(fact.alert) ?? [];
    const rows: RowReading[] = [];
    const ids = new Set<string>();
    for (const entry of entries) {
      rows.push(readRow(configsAround(facts, entry.time), entry, fact));
      ids.add(entry.row.SystemAlertId);
    }
    return { fact, rows, ids };
  });
});

/** The (first) view of an alert handle. */
export function viewOf(views: readonly AlertView[], alert: string): AlertView | undefined {
  return viewOfHandle(views, alert);
}

export function describeRow(reading: RowReading | IndexedAlertRow): string {
  const entry = 'entry' in reading ? reading.entry : reading;
  const connector = entry.row._Connector ? `, ${entry.row._Connector} connector` : '';
  return `row ${entry.index} (${when(entry.time)}${connector})`;
}

export function idOf(alert: AlertView): string {
  return alert.ids.size === 0 ? '(no row)' : quoteList(alert.ids);
}

// ---------------------------------------------------------------------------------------------------------
// Incidents

/** An incident as a group of rows; shared by every check of a context (views.ts), so read-only. */
export interface IncidentView {
  readonly number: number;
  /** Rows in append order. */
  readonly rows: readonly IndexedIncidentRow[];
  readonly first: IndexedIncidentRow;
  readonly latest: IndexedIncidentRow;
  /** ProviderName and ProviderIncidentId of its first row. */
  readonly provider: string;
  readonly providerIncidentId: string;
  /** When it appeared in Sentinel: its first row's LastModifiedTime. */
  readonly since: number;
  /** Every SystemAlertId some row of it lists. */
  readonly listed: ReadonlySet<string>;
}

function listedIds(rows: readonly IndexedIncidentRow[]): ReadonlySet<string> {
  const ids = new Set<string>();
  for (const r of rows) for (const id of alertIdsOfRow(r.row)) ids.add(id);
  return ids;
}

/** Incidents by IncidentNumber, in order of first appearance; computed once per context. */
export const incidentViews = perContext((context): readonly IncidentView[] => {
  const views: IncidentView[] = [];
  for (const [number, rows] of incidentGroups(context)) {
    const first = rows[0];
    const latest = latestRow(rows);
    if (!first || !latest) continue;
    views.push({
      number,
      rows,
      first,
      latest,
      provider: first.row.ProviderName,
      providerIncidentId: first.row.ProviderIncidentId,
      since: first.time,
      listed: listedIds(rows),
    });
  }
  return views;
});

export function isRuleIncident(incident: IncidentView): boolean {
  return isSentinelProvider(incident.provider);
}

export function isXdrIncident(incident: IncidentView): boolean {
  return isXdrProvider(incident.provider);
}

export function alertIdsOfRow(row: SecurityIncidentRow): readonly string[] {
  return Array.isArray(row.AlertIds) ? row.AlertIds : [];
}

/** Whether any row of the incident lists one of these SystemAlertIds. */
export function everHolds(incident: IncidentView, ids: ReadonlySet<string>): boolean {
  if (ids.size === 0) return false;
  for (const id of ids) if (incident.listed.has(id)) return true;
  return false;
}

/** Whether the incident's current state (latest row) lists one of these SystemAlertIds. */
export function nowHolds(incident: IncidentView, ids: ReadonlySet<string>): boolean {
  return alertIdsOfRow(incident.latest.row).some((id) => ids.has(id));
}

export function hasRedirectLabel(row: SecurityIncidentRow): boolean {
  return Array.isArray(row.Labels) && row.Labels.some(isRedirectLabel);
}

export function incidentRowIndices(incidents: readonly IncidentView[]): number[] {
  return incidents.flatMap((incident) => incident.rows.map((r) => r.index));
}

export function describeIncident(incident: IncidentView): string {
  return `incident #${incident.number} (${incident.provider}, ProviderIncidentId '${incident.providerIncidentId}')`;
}

/** The rule incidents ('Azure Sentinel') holding one of the alert's SystemAlertIds, oldest first. */
export const ruleIncidentsOf = perObjectBy(
  (incidents: readonly IncidentView[], alert: AlertView): readonly IncidentView[] =>
    alert.ids.size === 0
      ? []
      : incidents.filter((i) => isRuleIncident(i) && everHolds(i, alert.ids)).sort(bySince),
);

function bySince(a: IncidentView, b: IncidentView): number {
  return a.since - b.since || a.number - b.number;
}

// ---------------------------------------------------------------------------------------------------------
// MDC and Defender XDR as the observation reports them

/** Whether an MDC alert name (possibly with a shifted start, Q-FUTURE-TIME) names this scenario alert. */
export function namesAlert(name: string, alert: AlertFact): boolean {
  return name === alert.name || decodeMdcAlertName(name)?.guid === alert.guid;
}

/** MDC's state of the alert: the first MDC alert that names it. */
export function mdcAlertOf(context: CheckContext, alert: AlertFact): MdcAlertState | undefined {
  return mdcStateOf(context, alert);
}

/** Whether a status history shows `status` at some moment of [from, to]. */
export function hadStatusDuring<Status extends string>(
  history: readonly { time: string; status: Status }[],
  status: Status,
  from: number,
  to: number,
): boolean {
  let before: Status | undefined;
  for (const entry of history) {
    const at = parseTime(entry.time);
    if (at <= from) before = entry.status;
    else if (at <= to && entry.status === status) return true;
  }
  return before === status;
}

/** Incidents with an XDR provider name by ProviderIncidentId, each group oldest first. */
const xdrIncidentsById = perObject((incidents: readonly IncidentView[]) => {
  const out = new Map<string, IncidentView[]>();
  for (const i of incidents) {
    if (!isXdrIncident(i)) continue;
    const group = out.get(i.providerIncidentId);
    if (group) group.push(i);
    else out.set(i.providerIncidentId, [i]);
  }
  for (const group of out.values()) group.sort(bySince);
  return out;
});

/** Sentinel incidents with an XDR provider that stand for this XDR incident (by ProviderIncidentId). */
export function sentinelIncidentsOfXdr(
  incidents: readonly IncidentView[],
  xdrId: string,
): readonly IncidentView[] {
  return xdrIncidentsById(incidents).get(xdrId) ?? [];
}

/** Handles of the alerts any xdr-correlated step names (kept per facts). */
export const correlatedAlerts = perFacts(
  (facts): ReadonlySet<string> =>
    new Set(facts.steps.flatMap((s) => (s.step.type === 'xdr-correlated' ? s.step.alerts : []))),
);

/**
 * For an alert no correlation names (so its XDR incident never took part in one): XDR's incidents that
 * hold it and the Sentinel incidents that stand for them.
 */
export interface XdrMirrors {
  readonly xdr: readonly XdrIncidentState[];
  readonly sentinel: readonly IncidentView[];
}

const mirrorsMemo = perContext(() => new Map<AlertFact, XdrMirrors>());

export function xdrMirrorsOf(context: CheckContext, alert: AlertFact): XdrMirrors {
  const memo = mirrorsMemo(context);
  const known = memo.get(alert);
  if (known) return known;
  const incidents = incidentViews(context);
  const xdr = xdrIncidentsHolding(context, alert);
  const mirrors = { xdr, sentinel: xdr.flatMap((x) => sentinelIncidentsOfXdr(incidents, x.id)) };
  memo.set(alert, mirrors);
  return mirrors;
}

export function xdrStatusAt(incident: XdrIncidentState, ms: number): XdrIncidentStatus | undefined {
  let status: XdrIncidentStatus | undefined;
  for (const entry of incident.statusHistory) if (parseTime(entry.time) <= ms) status = entry.status;
  return status;
}

export function isOpenXdrStatus(status: XdrIncidentStatus | undefined): boolean {
  return status === 'active' || status === 'inProgress';
}

/** Which MDC connectors covered an alert's subscription in a configuration (the tenant one only if it reached XDR). */
export function mdcConnectorsCovering(config: WorkspaceConfig, alert: AlertFact): string[] {
  const out: string[] = [];
  if (subscriptionConnectorOn(config, alert.subscription)) out.push('subscription');
  if (config.tenantConnector && alert.reachedXdr) out.push('tenant');
  return out;
}

// ---------------------------------------------------------------------------------------------------------
// Steps

export type StepOf<Type extends Step['type']> = TimedStep & { step: Extract<Step, { type: Type }> };

const stepsByType = perFactsBy((facts, type: Step['type']): readonly TimedStep[] =>
  facts.steps.filter((s) => s.step.type === type),
);

/** The steps of one type, in timeline order (kept per facts). */
export function stepsOf<Type extends Step['type']>(
  facts: ScenarioFacts,
  type: Type,
): readonly StepOf<Type>[] {
  return stepsByType(facts, type) as readonly StepOf<Type>[];
}
