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
import type { MdcAlertState, Observation, XdrIncidentState, XdrIncidentStatus } from '../observation.ts';
import {
  alertRowsByAlert,
  type IndexedAlertRow,
  type IndexedIncidentRow,
  incidentsByNumber,
  latestRow,
} from '../rows.ts';
import { isRedirectLabel, isSentinelProvider, isXdrProvider, type SecurityIncidentRow } from '../tables.ts';
import { decodeMdcAlertName, iso, parseTime } from '../time.ts';
import type { Step } from '../timeline.ts';
import type { AlertFact, ScenarioFacts, TimedStep } from '../world.ts';

/** ASSUME-TIME-TOLERANCE. */
export const TOL = TIME_TOLERANCE_MS;

/** An observed time for messages. */
export function when(ms: number): string {
  return Number.isFinite(ms) ? iso(ms) : 'an unreadable time';
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
export function configsDuring(facts: ScenarioFacts, from: number, to: number): WorkspaceConfig[] {
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

/** The configurations possibly in force at an observed time. */
export function configsAround(facts: ScenarioFacts, ms: number): WorkspaceConfig[] {
  return configsDuring(facts, ms - TOL, ms + TOL);
}

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
  entry: IndexedAlertRow;
  /** Fewest and most rules in force over the tolerance window around the row's TimeGenerated. */
  fewestRules: number;
  mostRules: number;
  /** Fewest and most of those that match the row's ProductName and severity. */
  fewestMatching: number;
  mostMatching: number;
  /** Names of the matching rules possibly in force. */
  matchingNames: string[];
}

export function possiblyMatched(reading: RowReading): boolean {
  return reading.mostMatching > 0;
}

export function certainlyMatched(reading: RowReading): boolean {
  return reading.fewestMatching > 0;
}

export interface AlertView {
  fact: AlertFact;
  /** The alert's SecurityAlert rows in arrival order. */
  rows: RowReading[];
  /** The SystemAlertIds its rows carry. */
  ids: ReadonlySet<string>;
}

export function alertViews(facts: ScenarioFacts, observation: Observation): AlertView[] {
  const byAlert = alertRowsByAlert(facts, observation.SecurityAlert);
  return facts.alerts.map((fact) => {
    const entries = byAlert.get(fact.alert) ?? [];
    const rows = entries.map((entry): RowReading => {
      const configs = configsAround(facts, entry.time);
      const ruleCounts = configs.map((c) => c.incidentRules.length);
      const matching = configs.map((c) => matchingRules(c, entry.row, fact));
      return {
        entry,
        fewestRules: Math.min(...ruleCounts),
        mostRules: Math.max(...ruleCounts),
        fewestMatching: Math.min(...matching.map((m) => m.length)),
        mostMatching: Math.max(...matching.map((m) => m.length)),
        matchingNames: [...new Set(matching.flat().map((rule) => rule.name))],
      };
    });
    return { fact, rows, ids: new Set(entries.map((e) => e.row.SystemAlertId)) };
  });
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

export interface IncidentView {
  number: number;
  /** Rows in append order. */
  rows: IndexedIncidentRow[];
  first: IndexedIncidentRow;
  latest: IndexedIncidentRow;
  /** ProviderName and ProviderIncidentId of its first row. */
  provider: string;
  providerIncidentId: string;
  /** When it appeared in Sentinel: its first row's LastModifiedTime. */
  since: number;
}

export function incidentViews(observation: Observation): IncidentView[] {
  const views: IncidentView[] = [];
  for (const [number, rows] of incidentsByNumber(observation.SecurityIncident)) {
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
    });
  }
  return views;
}

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
  return incident.rows.some((r) => alertIdsOfRow(r.row).some((id) => ids.has(id)));
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
export function ruleIncidentsOf(incidents: readonly IncidentView[], alert: AlertView): IncidentView[] {
  if (alert.ids.size === 0) return [];
  return incidents.filter((i) => isRuleIncident(i) && everHolds(i, alert.ids)).sort(bySince);
}

function bySince(a: IncidentView, b: IncidentView): number {
  return a.since - b.since || a.number - b.number;
}

// ---------------------------------------------------------------------------------------------------------
// MDC and Defender XDR as the observation reports them

/** Whether an MDC alert name (possibly with a shifted start, Q-FUTURE-TIME) names this scenario alert. */
export function namesAlert(name: string, alert: AlertFact): boolean {
  return name === alert.name || decodeMdcAlertName(name)?.guid === alert.guid;
}

export function mdcAlertOf(observation: Observation, alert: AlertFact): MdcAlertState | undefined {
  return observation.mdc.alerts.find((a) => namesAlert(a.name, alert));
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

/** XDR's incidents that hold the alert at the end. */
export function xdrIncidentsHolding(observation: Observation, alert: AlertFact): XdrIncidentState[] {
  return observation.xdr.incidents.filter((x) => x.alertNames.some((name) => namesAlert(name, alert)));
}

/** Sentinel incidents with an XDR provider that stand for this XDR incident (by ProviderIncidentId). */
export function sentinelIncidentsOfXdr(incidents: readonly IncidentView[], xdrId: string): IncidentView[] {
  return incidents.filter((i) => isXdrIncident(i) && i.providerIncidentId === xdrId).sort(bySince);
}

/** Handles of the alerts any xdr-correlated step names. */
export function correlatedAlerts(facts: ScenarioFacts): Set<string> {
  return new Set(facts.steps.flatMap((s) => (s.step.type === 'xdr-correlated' ? s.step.alerts : [])));
}

/**
 * For an alert no correlation names (so its XDR incident never took part in one): XDR's incidents that
 * hold it and the Sentinel incidents that stand for them.
 */
export function xdrMirrorsOf(
  observation: Observation,
  incidents: readonly IncidentView[],
  alert: AlertFact,
): { xdr: XdrIncidentState[]; sentinel: IncidentView[] } {
  const xdr = xdrIncidentsHolding(observation, alert);
  return { xdr, sentinel: xdr.flatMap((x) => sentinelIncidentsOfXdr(incidents, x.id)) };
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

export function stepsOf<Type extends Step['type']>(facts: ScenarioFacts, type: Type): StepOf<Type>[] {
  return facts.steps.filter((s): s is StepOf<Type> => s.step.type === type);
}
