/**
 * Readings shared by the invariants of the SecurityAlert table, the two MDC connectors, XDR's setting for MDC
 * alerts, alert times and the quirks. An alert's MDC events come from the observation's MDC status history,
 * put on the scenario clock: the raise at the scenario's raise time (Q-FUTURE-TIME moves StartTime, EndTime
 * and the name, not MDC's history), every later entry at its reported time. Whether a connector took an event
 * is read from the configuration in force then: exactly at a step, and within ASSUME-TIME-TOLERANCE either way
 * at an observed time, so an event at the instant of a configuration change may or may not be taken. Every
 * reading here is a permission (any delay within the bounds of assumptions.ts), never one computed schedule.
 */
import {
  COVERAGE_WINDOW_MS,
  RULE_DELAY_MAX_MS,
  SUB_DELAY_MAX_MS,
  SYNC_DELAY_MAX_MS,
  TENANT_DELAY_MAX_MS,
  TENANT_REPEAT_GAP_MAX_MS,
  TIME_TOLERANCE_MS,
  XDR_INGEST_DELAY_MAX_MS,
  XDR_SYNC_DELAY_MAX_MS,
} from '../assumptions.ts';
import { ruleMatches, subscriptionConnectorOn, type WorkspaceConfig } from '../config.ts';
import type { CheckContext, MustInvariant } from '../invariant.ts';
import type { MdcAlertState } from '../observation.ts';
import { allows } from '../profile.ts';
import {
  alertOfRow,
  connectorOfRow,
  type IndexedAlertRow,
  type IndexedIncidentRow,
  mdcNameOfRow,
  sentinelStatusOf,
} from '../rows.ts';
import { type AlertConnector, isXdrProvider, type SecurityAlertRow } from '../tables.ts';
import { iso, MINUTE, parseTime } from '../time.ts';
import type { MdcStatus } from '../timeline.ts';
import { conclude, type Violation } from '../verdict.ts';
import { type AlertFact, configAtRaise, type ScenarioFacts, type TimedStep } from '../world.ts';
import {
  type AlertRowReading,
  alertRowReadings,
  incidentGroups,
  mdcStateOf,
  perContext,
  perFacts,
  perFactsBy,
  perObjectBy,
  rowsByAlert,
  viewOfHandle,
} from './views.ts';

/** ASSUME-TIME-TOLERANCE. */
export const TOL = TIME_TOLERANCE_MS;

export const CONNECTORS: readonly AlertConnector[] = ['subscription', 'tenant'];

/**
 * ASSUME-SUB-DELAY, ASSUME-TENANT-DELAY: how long after an MDC event a connector's row of it may come. The
 * tenant connector reads Defender XDR, so its delay runs from XDR's ingestion (ASSUME-XDR-INGEST-DELAY).
 */
export function delayMax(connector: AlertConnector): number {
  return connector === 'subscription' ? SUB_DELAY_MAX_MS : TENANT_DELAY_MAX_MS + XDR_INGEST_DELAY_MAX_MS;
}

export function connectorLabel(connector: AlertConnector): string {
  return connector === 'subscription' ? 'subscription connector' : 'tenant connector';
}

/** A time for messages: ISO-8601, without milliseconds when they are zero. */
export function clock(ms: number): string {
  return Number.isFinite(ms) ? iso(ms).replace('.000Z', 'Z') : 'an unreadable time';
}

/** Whether the observation lasts until `ms` (ASSUME-SETTLE): "eventually" can be judged only inside it. */
export function observed(facts: ScenarioFacts, ms: number): boolean {
  return ms <= facts.endMs;
}

/** Folds partial scans into one. */
export interface Judgement {
  situations: number;
  violations: Violation[];
}

/** A must invariant whose whole check is one shared judgement (judgeNoIncident, judgeNoSync, judgeSyncToMdc). */
export function mustFromJudgement(id: string, judge: (context: CheckContext) => Judgement): MustInvariant {
  return {
    id,
    kind: 'must',
    check(context) {
      const { situations, violations } = judge(context);
      return conclude(situations, violations);
    },
  };
}

// ---------------------------------------------------------------------------------------------------------
// Alerts, their rows and their MDC events

export interface MdcEvent {
  readonly time: number;
  readonly status: MdcStatus;
  /** The raise (creation, Active), timed by the scenario. */
  readonly raise: boolean;
  /** Whether it changed the status (a change to the current status is no change). */
  readonly change: boolean;
}

/** An alert with its rows and MDC events; shared by every check of a context (views.ts), so read-only. */
export interface AlertView {
  readonly fact: AlertFact;
  /** The alert's SecurityAlert rows, in arrival order. */
  readonly rows: readonly IndexedAlertRow[];
  /** Its MDC events oldest first, the raise first; null when the observation holds no MDC state for it. */
  readonly events: readonly MdcEvent[] | null;
  /** The SystemAlertIds its rows carry. */
  readonly systemAlertIds: ReadonlySet<string>;
  /** Its rows of each connector, in arrival order (rowsOf). */
  readonly subscriptionRows: readonly IndexedAlertRow[];
  readonly tenantRows: readonly IndexedAlertRow[];
}

/**
 * The alert's MDC events from MDC's state of it (matched by the GUID of the MDC alert name, since the start it
 * encodes may be shifted: views.ts mdcStateOf).
 */
export function mdcEventsOf(state: MdcAlertState | undefined, fact: AlertFact): MdcEvent[] | null {
  if (!state) return null;
  const history = state.statusHistory;
  const later: { time: number; status: MdcStatus }[] = [];
  let sorted = true;
  for (let i = 0; i < history.length; i++) {
    const entry = history[i] as MdcAlertState['statusHistory'][number];
    if (i === 0 && entry.status === 'Active') continue; // the creation: timed by the raise
    const time = parseTime(entry.time);
    if (!Number.isFinite(time)) continue;
    const last = later[later.length - 1];
    if (last !== undefined && last.time > time) sorted = false;
    later.push({ time, status: entry.status });
  }
  if (!sorted) later.sort((a, b) => a.time - b.time); // stable: equal times keep the history's order
  const events: MdcEvent[] = [{ time: fact.raisedAt, status: 'Active', raise: true, change: false }];
  let current: MdcStatus = 'Active';
  for (const entry of later) {
    events.push({ time: entry.time, status: entry.status, raise: false, change: entry.status !== current });
    current = entry.status;
  }
  return events;
}

const NO_ROWS_YET: readonly IndexedAlertRow[] = [];

/** Every scenario alert with its rows and MDC events, in raise order; computed once per context. */
export const alertViews = perContext((context): readonly AlertView[] => {
  const byAlert = rowsByAlert(context);
  const readings = alertRowReadings(context);
  return context.facts.alerts.map((fact) => {
    const rows = byAlert.get(fact.alert) ?? NO_ROWS_YET;
    const systemAlertIds = new Set<string>();
    const subscriptionRows: IndexedAlertRow[] = [];
    const tenantRows: IndexedAlertRow[] = [];
    for (const r of rows) {
      systemAlertIds.add(r.row.SystemAlertId);
      const connector = readings[r.index]?.connector; // connectorOfRow, read once per row
      if (connector === 'subscription') subscriptionRows.push(r);
      else if (connector === 'tenant') tenantRows.push(r);
    }
    return {
      fact,
      rows,
      events: mdcEventsOf(mdcStateOf(context, fact), fact),
      systemAlertIds,
      subscriptionRows,
      tenantRows,
    };
  });
});

export function viewOf(views: readonly AlertView[], alert: string): AlertView | undefined {
  return viewOfHandle(views, alert);
}

/** The alert's rows that came through a connector, in arrival order. */
export function rowsOf(view: AlertView, connector: AlertConnector): readonly IndexedAlertRow[] {
  return connector === 'subscription' ? view.subscriptionRows : view.tenantRows;
}

/** The handle of a row's alert for witnesses and messages: the scenario's, else the MDC alert name. */
export function handleOfRow(facts: ScenarioFacts, row: SecurityAlertRow): string {
  return alertOfRow(facts, row)?.alert ?? mdcNameOfRow(row) ?? row.SystemAlertId;
}

/** A row for messages: `row 3 (A1, tenant connector, 10:05:00Z, New)`. */
export function describeRow(facts: ScenarioFacts, entry: IndexedAlertRow): string {
  const connector = connectorOfRow(entry.row);
  const via = connector ? `, ${connectorLabel(connector)}` : '';
  return `row ${entry.index} (${handleOfRow(facts, entry.row)}${via}, ${clock(entry.time)}, ${entry.row.Status})`;
}

/** The MDC status at `ms` (the last event at or before it); null before the raise. */
export function statusAt(events: readonly MdcEvent[], ms: number): MdcStatus | null {
  let status: MdcStatus | null = null;
  for (const e of events) {
    if (e.time > ms) break;
    status = e.status;
  }
  return status;
}

/** Whether the alert held a SecurityAlert status at some instant within the tolerance around `ms`. */
export function heldAround(events: readonly MdcEvent[], ms: number, status: string): boolean {
  const before = statusAt(events, ms - TOL);
  if (before && sentinelStatusOf(before) === status) return true;
  for (const e of events) {
    if (e.time > ms - TOL && e.time <= ms + TOL && sentinelStatusOf(e.status) === status) return true;
  }
  return false;
}

/** Whether the alert held a SecurityAlert status at some instant up to `ms` (within the tolerance). */
export function heldBy(events: readonly MdcEvent[], status: string, ms: number): boolean {
  return events.some((e) => e.time <= ms + TOL && sentinelStatusOf(e.status) === status);
}

/** When the alert first took a SecurityAlert status, if ever. */
export function firstHeld(events: readonly MdcEvent[], status: string): number | undefined {
  return events.find((e) => sentinelStatusOf(e.status) === status)?.time;
}

/** The mdc-status-changed step behind an MDC event, if one is. */
export function stepOfEvent(facts: ScenarioFacts, alert: string, event: MdcEvent): number | undefined {
  if (event.raise) return facts.alertByHandle.get(alert)?.stepIndex;
  return facts.steps.find(
    (s) =>
      s.step.type === 'mdc-status-changed' &&
      s.step.alert === alert &&
      s.step.status === event.status &&
      Math.abs(s.at - event.time) <= TOL,
  )?.index;
}

// ---------------------------------------------------------------------------------------------------------
// Configuration and coverage

function configAfter(facts: ScenarioFacts, index: number): WorkspaceConfig {
  return facts.steps[index + 1]?.config ?? facts.finalConfig;
}

/** The configuration after every step at or before `ms` (the config of the first step after it). */
export function configAt(facts: ScenarioFacts, ms: number): WorkspaceConfig {
  // Steps are in time order: binary search for the first step after `ms`.
  const steps = facts.steps;
  let low = 0;
  let high = steps.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if ((steps[mid] as TimedStep).at > ms) high = mid;
    else low = mid + 1;
  }
  return steps[low]?.config ?? facts.finalConfig;
}

/** The configuration changes of the timeline, and the one configuration when there are none. */
const configChanges = perFacts((facts) => {
  const changes = facts.steps.filter((s) => s.step.type === 'config-changed');
  return { changes, only: changes.length === 0 ? [facts.finalConfig] : null };
});

/**
 * Every configuration possibly in force when a connector decided on an MDC event recorded at `ms`: a change
 * within ASSUME-COVERAGE-AT-EVENT's window either side may or may not precede the decision.
 */
export function configsAround(facts: ScenarioFacts, ms: number): readonly WorkspaceConfig[] {
  const { only } = configChanges(facts);
  return only ?? configsAroundMemo(facts, ms);
}

const configsAroundMemo = perFactsBy((facts, ms: number): readonly WorkspaceConfig[] => {
  const configs = [configAt(facts, ms - COVERAGE_WINDOW_MS)];
  for (const s of configChanges(facts).changes) {
    if (s.at > ms - COVERAGE_WINDOW_MS && s.at <= ms + COVERAGE_WINDOW_MS)
      configs.push(configAfter(facts, s.index));
  }
  return configs;
});

/** Every configuration in force at some moment of [from, to]. */
export function configsDuring(facts: ScenarioFacts, from: number, to: number): readonly WorkspaceConfig[] {
  const configs = [configAt(facts, from)];
  for (const s of facts.steps) {
    if (s.step.type === 'config-changed' && s.at > from && s.at <= to)
      configs.push(configAfter(facts, s.index));
  }
  return configs;
}

/** Whether a connector takes an MDC event of the alert under a configuration (README, Connectors). */
export function covers(connector: AlertConnector, alert: AlertFact, config: WorkspaceConfig): boolean {
  return connector === 'subscription'
    ? subscriptionConnectorOn(config, alert.subscription) !== undefined
    : config.tenantConnector && alert.reachedXdr;
}

export type Coverage = 'yes' | 'no' | 'maybe';

/**
 * Whether a connector took an MDC event (ASSUME-COVERAGE-AT-EVENT): 'maybe' where a configuration change
 * within the window leaves it open. The raise: the subscription connector around it, the tenant connector
 * at XDR's ingestion (ASSUME-XDR-INGEST-DELAY); other events around their time.
 */
export function coverageOfEvent(
  facts: ScenarioFacts,
  connector: AlertConnector,
  alert: AlertFact,
  event: MdcEvent,
): Coverage {
  if (event.raise) {
    const open =
      connector === 'subscription' ? alert.open.subscription : (alert.open.tenant ?? alert.open.xdr);
    if (open !== null) return 'maybe';
    return covers(connector, alert, configAtRaise(facts, alert)) ? 'yes' : 'no';
  }
  if (connector === 'tenant' && tenantOpenAt(alert, event.time) !== null) return 'maybe';
  let covered = 0;
  let uncovered = 0;
  for (const config of configsAround(facts, event.time)) {
    if (covers(connector, alert, config)) covered += 1;
    else uncovered += 1;
  }
  if (uncovered === 0) return 'yes';
  return covered > 0 ? 'maybe' : 'no';
}

/**
 * Whether a connector certainly takes an MDC change made by a step at `ms`: covered under every configuration
 * that may be in force when it decides (ASSUME-COVERAGE-AT-EVENT's window, the tenant connector's XDR window).
 * A switch near the step leaves the outcome open, so the step is no situation for a must invariant.
 */
export function certainlyTakesChangeAt(
  facts: ScenarioFacts,
  connector: AlertConnector,
  alert: AlertFact,
  ms: number,
): boolean {
  const change: MdcEvent = { time: ms, status: 'Active', raise: false, change: true };
  return coverageOfEvent(facts, connector, alert, change) === 'yes';
}

/**
 * Why whether the tenant connector takes an MDC event of the alert at `ms` is open, or null. It reads
 * Defender XDR, so it takes nothing before XDR has ingested the alert (ASSUME-XDR-INGEST-DELAY): an event
 * before the end of that window is taken at the ingestion, whose switch state near the raise may be open.
 */
export function tenantOpenAt(alert: AlertFact, ms: number): string | null {
  if (alert.open.xdr !== null) return alert.open.xdr;
  return ms <= alert.raisedAt + XDR_INGEST_DELAY_MAX_MS + TOL ? alert.open.tenant : null;
}

/** Whether the subscription connector with bi-directional sync covered the alert under a configuration. */
export function syncOn(config: WorkspaceConfig, alert: AlertFact): boolean {
  return subscriptionConnectorOn(config, alert.subscription)?.sync === true;
}

/** An MDC event of the alert that a row of `connector` can be the delivery of: taken, and within the delay bound. */
export function explainingEvent(
  facts: ScenarioFacts,
  view: AlertView,
  entry: IndexedAlertRow,
  connector: AlertConnector,
): MdcEvent | undefined {
  return (view.events ?? []).find(
    (e) =>
      e.time >= entry.time - delayMax(connector) - TOL &&
      e.time <= entry.time + TOL &&
      coverageOfEvent(facts, connector, view.fact, e) !== 'no',
  );
}

/**
 * ASSUME-NO-REDUNDANT-ROW: the first of a connector's rows of the alert that says the status of its previous
 * row although no MDC event is left for it to deliver. Each row must be the delivery of its own MDC event (the
 * raise or a change) that the connector may have taken, within its delay bound, in order: matched greedily,
 * earliest first. Two changes in quick succession may give two rows of one status (TEN-LATEST-STATUS), so
 * only a row with no event of its own is redundant. Rows in `skip` (the tenant connector's repeats) are left out.
 */
export function redundantRow(
  facts: ScenarioFacts,
  view: AlertView,
  connector: AlertConnector,
  skip: ReadonlyMap<number, unknown> | undefined,
): { row: IndexedAlertRow; of: IndexedAlertRow } | undefined {
  const events = (view.events ?? []).filter(
    (e) => (e.raise || e.change) && coverageOfEvent(facts, connector, view.fact, e) !== 'no',
  );
  const rows = rowsOf(view, connector)
    .filter((r) => !skip?.has(r.index))
    .sort((a, b) => a.time - b.time || a.index - b.index);
  let next = 0;
  let previous: IndexedAlertRow | undefined;
  for (const entry of rows) {
    let k = next;
    while (k < events.length && (events[k] as MdcEvent).time < entry.time - delayMax(connector) - TOL) k++;
    const event = events[k];
    if (event && event.time <= entry.time + TOL) next = k + 1;
    else if (previous && previous.row.Status === entry.row.Status) return { row: entry, of: previous };
    previous = entry;
  }
  return undefined;
}

// ---------------------------------------------------------------------------------------------------------
// The tenant connector's repeats (Q-TENANT-REPEATS)

export type RepeatReason = 'consecutive' | 'no-change' | 'stale';

export interface Repeat {
  of: IndexedAlertRow;
  reason: RepeatReason;
}

/**
 * The tenant rows of an alert that repeat an earlier one, by row index. Read in arrival order against the
 * connector's previous row (the last row that was not a repeat): a row saying what that row says (the
 * connector never writes it, ASSUME-NO-REDUNDANT-ROW), a row with the Status of an earlier row and no MDC
 * change between the two, or a copy of an earlier row's Status, within TENANT_REPEAT_GAP_MAX_MS, that the
 * alert no longer held when it was written. Under the semantics no row of a run without repeats qualifies.
 */
function findRepeats(view: AlertView): Map<number, Repeat> {
  const out = new Map<number, Repeat>();
  const rows = view.tenantRows;
  if (rows.length < 2) return out; // a first row repeats nothing
  let previous: IndexedAlertRow | undefined;
  for (let at = 0; at < rows.length; at++) {
    const current = rows[at] as IndexedAlertRow;
    const repeat = repeatOf(view.events, rows, at, previous);
    if (repeat) out.set(current.index, repeat);
    else previous = current;
  }
  return out;
}

/**
 * Whether `copy` is `original` written again unchanged (Q-TENANT-REPEATS: "forward the same alert, unchanged"):
 * every column the same but TimeGenerated, the time of writing. A row with a new status, or any other column
 * changed, is not a repeat, so the quirk does not excuse it.
 */
export function unchangedCopy(original: SecurityAlertRow, copy: SecurityAlertRow): boolean {
  const a = original as unknown as Record<string, unknown>;
  const b = copy as unknown as Record<string, unknown>;
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  for (const key of keys) {
    if (key === 'TimeGenerated') continue;
    const x = a[key];
    const y = b[key];
    if (x === y) continue;
    if (typeof x !== 'object' || typeof y !== 'object' || JSON.stringify(x) !== JSON.stringify(y))
      return false;
  }
  return true;
}

/** Whether the tenant row at `at` repeats an earlier one (findRepeats), and which. */
function repeatOf(
  events: readonly MdcEvent[] | null,
  rows: readonly IndexedAlertRow[],
  at: number,
  previous: IndexedAlertRow | undefined,
): Repeat | null {
  const current = rows[at] as IndexedAlertRow;
  if (previous && unchangedCopy(previous.row, current.row)) return { of: previous, reason: 'consecutive' };
  if (!events) return null;
  for (let k = at - 1; k >= 0; k--) {
    const candidate = rows[k] as IndexedAlertRow;
    if (!unchangedCopy(candidate.row, current.row)) continue;
    const changed = events.some(
      (e) => e.change && e.time >= candidate.time - TOL && e.time <= current.time + TOL,
    );
    if (!changed) return { of: candidate, reason: 'no-change' };
    const stale = !heldAround(events, current.time, current.row.Status);
    if (stale && current.time - candidate.time <= TENANT_REPEAT_GAP_MAX_MS + TOL) {
      return { of: candidate, reason: 'stale' };
    }
  }
  return null;
}

const repeatsMemo = perContext(
  () => new Map<AlertView, { repeats: ReadonlyMap<number, Repeat>; rows: ReadonlySet<number> }>(),
);

/** An alert with fewer than two tenant rows repeats nothing: one shared answer, nothing to remember. */
const NO_REPEATS = { repeats: new Map<number, Repeat>(), rows: new Set<number>() } as const;

function repeatsOf(
  context: CheckContext,
  view: AlertView,
): { repeats: ReadonlyMap<number, Repeat>; rows: ReadonlySet<number> } {
  if (view.tenantRows.length < 2) return NO_REPEATS;
  const memo = repeatsMemo(context);
  let known = memo.get(view);
  if (!known) {
    const repeats = findRepeats(view);
    known = { repeats, rows: new Set(repeats.keys()) };
    memo.set(view, known);
  }
  return known;
}

/** The tenant rows of an alert that repeat an earlier one (see findRepeats), kept per context. */
export function tenantRepeats(context: CheckContext, view: AlertView): ReadonlyMap<number, Repeat> {
  return repeatsOf(context, view).repeats;
}

const NO_ROWS: ReadonlySet<number> = new Set();

/** Row indices a profile allowing Q-TENANT-REPEATS excuses as repeats (empty otherwise). */
export function excusedRepeats(context: CheckContext, view: AlertView): ReadonlySet<number> {
  return allows(context.profile, 'Q-TENANT-REPEATS') ? repeatsOf(context, view).rows : NO_ROWS;
}

/** The latest row (by TimeGenerated, arrival order breaking ties) written by `ms`, skipping excused ones. */
export function latestRowBy(
  rows: readonly IndexedAlertRow[],
  ms: number,
  skip: ReadonlySet<number>,
): IndexedAlertRow | undefined {
  let best: IndexedAlertRow | undefined;
  for (const r of rows) if (!skip.has(r.index) && r.time <= ms && (!best || r.time >= best.time)) best = r;
  return best;
}

/**
 * A connector that took a change to `status` at `ms`, with nothing else changing the alert while the change
 * is in flight, must have the new status in its latest row once its delay bound has passed: a new row, or
 * (for a connector that had not forwarded the alert yet) its first row (TEN-LATEST-STATUS).
 */
export function latestStatusMiss(
  context: CheckContext,
  view: AlertView,
  connector: AlertConnector,
  ms: number,
  status: MdcStatus,
): { by: number; latest: IndexedAlertRow | undefined } | null {
  const by = ms + delayMax(connector) + TOL;
  const latest = latestRowBy(rowsOf(view, connector), by, excusedRepeats(context, view));
  return latest?.row.Status === sentinelStatusOf(status) ? null : { by, latest };
}

export function describeLatest(facts: ScenarioFacts, latest: IndexedAlertRow | undefined): string {
  return latest
    ? `its latest row by then, ${describeRow(facts, latest)}, does not`
    : 'it wrote no row by then';
}

// ---------------------------------------------------------------------------------------------------------
// Incidents

export interface IncidentView {
  readonly number: number;
  readonly rows: readonly IndexedIncidentRow[];
  readonly first: IndexedIncidentRow;
  readonly createdAt: number;
  /** Brought by the XDR connector (XDR provider name); otherwise a Sentinel (rule) incident. */
  readonly xdr: boolean;
}

/** Incidents by IncidentNumber, in order of first appearance; computed once per context. */
export const incidentViews = perContext((context): readonly IncidentView[] =>
  [...incidentGroups(context)].flatMap(([number, rows]): IncidentView[] => {
    const first = rows[0];
    if (!first) return [];
    const created = parseTime(first.row.CreatedTime);
    return [
      {
        number,
        rows,
        first,
        createdAt: Number.isFinite(created) ? created : first.time,
        xdr: isXdrProvider(first.row.ProviderName),
      },
    ];
  }),
);

/** Incidents some row of which holds one of the alert's SystemAlertIds (kept per incident list and view). */
export const incidentsHolding = perObjectBy(
  (incidents: readonly IncidentView[], view: AlertView): readonly IncidentView[] =>
    incidents.filter((i) => i.rows.some((r) => r.row.AlertIds.some((id) => view.systemAlertIds.has(id)))),
);

/** The alert's rule incident when it certainly is in Sentinel and open at `ms` (ASSUME-STEP-WITHOUT-INCIDENT). */
export function ruleIncidentOpenAt(
  incidents: readonly IncidentView[],
  view: AlertView,
  ms: number,
): IncidentView | undefined {
  return incidentsHolding(incidents, view).find((i) => {
    if (i.xdr || !(i.createdAt < ms - TOL)) return false;
    let latest: IndexedIncidentRow | undefined;
    for (const r of i.rows) if (r.time <= ms - TOL && (!latest || r.time >= latest.time)) latest = r;
    return latest !== undefined && latest.row.Status !== 'Closed';
  });
}

/** Whether a Microsoft incident creation rule may have created an incident at `createdAt` from a row of the alert. */
export function ruleExplainsCreation(facts: ScenarioFacts, view: AlertView, createdAt: number): boolean {
  return view.rows.some(
    (r) =>
      createdAt >= r.time - TOL &&
      createdAt <= r.time + RULE_DELAY_MAX_MS + TOL &&
      configsAround(facts, r.time).some((c) =>
        c.incidentRules.some((rule) => ruleMatches(rule, r.row.ProductName, view.fact.severity)),
      ),
  );
}

// ---------------------------------------------------------------------------------------------------------
// What may change an MDC alert

/**
 * The alerts whose XDR incidents may have been joined with the alert's: those named with it, directly or
 * through others, in any correlation of the timeline (read broadly: whatever the correlation's time).
 */
export const xdrLinked = perFactsBy((facts, alert: string): ReadonlySet<string> => {
  const linked = new Set([alert]);
  let grew = true;
  while (grew) {
    grew = false;
    for (const s of facts.steps) {
      if (s.step.type !== 'xdr-correlated' || !s.step.alerts.some((a) => linked.has(a))) continue;
      for (const a of s.step.alerts) {
        if (!linked.has(a)) {
          linked.add(a);
          grew = true;
        }
      }
    }
  }
  return linked;
});

/**
 * How long after a step its sync may land in MDC: ASSUME-SYNC-DELAY for a rule incident, ASSUME-XDR-SYNC-DELAY
 * for what goes through Defender XDR (an XDR closure, or an XDR connector incident closed in Sentinel).
 */
export function syncBoundOf(s: TimedStep): number {
  const step = s.step;
  if (step.type === 'xdr-incident-closed' || step.type === 'xdr-correlated') return XDR_SYNC_DELAY_MAX_MS;
  if (
    (step.type === 'sentinel-incident-closed' || step.type === 'sentinel-incident-updated') &&
    step.provider === 'Microsoft XDR'
  )
    return XDR_SYNC_DELAY_MAX_MS;
  return SYNC_DELAY_MAX_MS;
}

/** Steps that may change the alert's MDC status, directly or through a sync (read broadly). */
export const mdcCauseSteps = perFactsBy((facts, alert: string): readonly TimedStep[] => {
  const linked = xdrLinked(facts, alert);
  return facts.steps.filter((s) => {
    const step = s.step;
    switch (step.type) {
      case 'mdc-status-changed':
      case 'sentinel-incident-updated':
        return step.alert === alert;
      case 'sentinel-incident-closed':
        return step.alert === alert || (step.provider === 'Microsoft XDR' && linked.has(step.alert));
      case 'xdr-incident-closed':
        return linked.has(step.alert);
      default:
        return false;
    }
  });
});

/**
 * Whether nothing but the change under judgement may move the alert's MDC status in (from, to]: no other
 * MDC entry there, and no other step whose effect (within SYNC_DELAY_MAX_MS) could land there.
 */
export function quietAfter(
  facts: ScenarioFacts,
  view: AlertView,
  from: number,
  to: number,
  exceptStep: number | null,
): boolean {
  if ((view.events ?? []).some((e) => !e.raise && e.time > from + TOL && e.time <= to)) return false;
  return !mdcCauseSteps(facts, view.fact.alert).some(
    (s) => s.index !== exceptStep && s.at >= from - syncBoundOf(s) - TOL && s.at <= to,
  );
}

/** A step other than `exceptStep` that explains an MDC entry (status at time) by the semantics, if any. */
export function mdcEntryCause(
  facts: ScenarioFacts,
  view: AlertView,
  time: number,
  status: MdcStatus,
  exceptStep: number,
): TimedStep | undefined {
  const alert = view.fact;
  const linked = xdrLinked(facts, alert.alert);
  const syncWindow = (s: TimedStep) => s.at >= time - syncBoundOf(s) - TOL && s.at <= time + TOL;
  return facts.steps.find((s) => {
    if (s.index === exceptStep) return false;
    const step = s.step;
    switch (step.type) {
      case 'mdc-status-changed':
        return step.alert === alert.alert && step.status === status && Math.abs(s.at - time) <= TOL;
      case 'sentinel-incident-closed':
        if (status !== 'Resolved' || !syncWindow(s)) return false;
        return step.provider === 'Microsoft XDR'
          ? s.config.xdrConnector && linked.has(step.alert)
          : step.alert === alert.alert && syncOn(s.config, alert);
      case 'sentinel-incident-updated':
        return (
          status === 'InProgress' &&
          syncWindow(s) &&
          step.provider === 'Azure Sentinel' &&
          step.alert === alert.alert &&
          syncOn(s.config, alert)
        );
      case 'xdr-incident-closed':
        return status === 'Resolved' && syncWindow(s) && linked.has(step.alert);
      default:
        return false;
    }
  });
}

// ---------------------------------------------------------------------------------------------------------
// Incident steps on a rule incident (the two sync directions)

export interface RuleIncidentStep {
  readonly timed: TimedStep;
  readonly view: AlertView;
  readonly incident: IncidentView;
  readonly closed: boolean;
  /** The MDC status the sync would set: Resolved (closed) or InProgress (updated), ASSUME-CLOSE-MEANS-RESOLVED. */
  readonly target: MdcStatus;
}

/** Sentinel steps that close or update an alert's rule incident while it is certainly open in Sentinel. */
export const ruleIncidentSteps = perContext((context): readonly RuleIncidentStep[] => {
  const out: RuleIncidentStep[] = [];
  for (const timed of context.facts.steps) {
    const step = timed.step;
    if (step.type !== 'sentinel-incident-closed' && step.type !== 'sentinel-incident-updated') continue;
    if (step.provider !== 'Azure Sentinel') continue;
    const view = viewOf(alertViews(context), step.alert);
    if (!view) continue;
    const incident = ruleIncidentOpenAt(incidentViews(context), view, timed.at);
    if (!incident) continue;
    const closed = step.type === 'sentinel-incident-closed';
    out.push({ timed, view, incident, closed, target: closed ? 'Resolved' : 'InProgress' });
  }
  return out;
});

/**
 * SUB-SYNC-INCIDENT-TO-MDC (and BOTH-SYNC-APPLIES): after a step on an open rule incident with sync on, MDC
 * takes the target status within SYNC_DELAY_MAX_MS, and the subscription connector's latest row once its
 * delay has passed says it. Not judged where the MDC alert already had the target status, where another
 * step may change the alert in the window and mask it, where the connector may not have taken the change, or
 * where the observation ends too soon. An MDC change in the window that no other step can explain is what the
 * sync did: landing a status other than the target by the sync's bound is a violation.
 */
export function judgeSyncToMdc(
  context: CheckContext,
  sentence: string,
  accept: (s: RuleIncidentStep) => boolean,
): Judgement {
  const { facts } = context;
  const out: Judgement = { situations: 0, violations: [] };
  for (const s of ruleIncidentSteps(context)) {
    const { timed, view, target } = s;
    const events = view.events;
    if (!events || !syncOn(timed.config, view.fact) || !accept(s)) continue;
    // Already the target before the step: by the status just before, or by an MDC step of that instant that
    // comes earlier in the timeline (order, not instants: a sync landing in the step's instant is judged).
    if (alreadyHeld(facts, view, timed, target)) continue;
    const syncBy = timed.at + SYNC_DELAY_MAX_MS + TOL;
    const windowEnd = syncBy + SUB_DELAY_MAX_MS;
    if (!observed(facts, windowEnd)) continue;
    const landed = events.find(
      (e) => !e.raise && e.status === target && e.time >= timed.at - TOL && e.time <= syncBy,
    );
    const others = events.filter(
      (e) => !e.raise && e !== landed && e.time >= timed.at - TOL && e.time <= windowEnd,
    );
    const otherSteps = mdcCauseSteps(facts, view.fact.alert).filter(
      (c) => c.index !== timed.index && c.at >= timed.at - syncBoundOf(c) - TOL && c.at <= windowEnd,
    );
    // Another step that may move the MDC alert in the window masks what this one did: not judged. Another
    // MDC entry masks it too, unless no step but this one can explain it: then it is what the sync did.
    if (otherSteps.length > 0) continue;
    const wrong = landed ? undefined : others.find((e) => e.time <= syncBy);
    if (others.length > 0 && !wrong) continue;
    if (landed && coverageOfEvent(facts, 'subscription', view.fact, landed) !== 'yes') continue;
    out.situations += 1;
    const action = s.closed ? 'closing' : 'updating';
    const base = {
      steps: [timed.index],
      alerts: [view.fact.alert],
      incidentRows: s.incident.rows.filter((r) => r.time <= timed.at + TOL).map((r) => r.index),
    };
    if (!landed) {
      const instead = wrong ? ` (it became ${wrong.status} at ${clock(wrong.time)} instead)` : '';
      out.violations.push({
        message:
          `${sentence}: ${action} the rule incident #${s.incident.number} of ${view.fact.alert} at ` +
          `${clock(timed.at)} (step ${timed.index}), with sync on for ${view.fact.subscription}, did not make the ` +
          `MDC alert ${target} by ${clock(syncBy)}${instead}`,
        witness: { ...base, alertRows: [] },
      });
      continue;
    }
    const miss = latestStatusMiss(context, view, 'subscription', landed.time, target);
    if (miss) {
      out.violations.push({
        message:
          `${sentence}: ${action} the rule incident #${s.incident.number} of ${view.fact.alert} at ` +
          `${clock(timed.at)} (step ${timed.index}) made the MDC alert ${target} at ${clock(landed.time)}, so the ` +
          `subscription connector had to write a ${sentinelStatusOf(target)} row by ${clock(miss.by)}; ` +
          describeLatest(facts, miss.latest),
        witness: { ...base, alertRows: miss.latest ? [miss.latest.index] : [] },
      });
    }
  }
  return out;
}

/** Whether the alert had `target`'s SecurityAlert status before the step (judgeSyncToMdc). */
function alreadyHeld(facts: ScenarioFacts, view: AlertView, timed: TimedStep, target: MdcStatus): boolean {
  const events = view.events ?? [];
  const wanted = sentinelStatusOf(target);
  const before = statusAt(events, timed.at - TOL);
  if (before !== null && sentinelStatusOf(before) === wanted) return true;
  return facts.steps.some(
    (s) =>
      s.index < timed.index &&
      s.at >= timed.at - TOL &&
      s.step.type === 'mdc-status-changed' &&
      s.step.alert === view.fact.alert &&
      sentinelStatusOf(s.step.status) === wanted,
  );
}

function describeIncidentStep(s: RuleIncidentStep): string {
  const action = s.closed ? 'closing' : 'updating';
  return `${action} the rule incident #${s.incident.number} of ${s.view.fact.alert} at ${clock(s.timed.at)} (step ${s.timed.index})`;
}

/**
 * SUB-NO-SYNC and TEN-NO-SYNC: after a step on an open rule incident that no sync carries to MDC, no MDC
 * entry of the target status appears that no other step explains, and the connector writes no row the
 * change could have caused: a row repeating its previous status, a row with a status MDC did not hold, or a
 * row no taken MDC event explains.
 */
export function judgeNoSync(
  context: CheckContext,
  connector: AlertConnector,
  sentence: string,
  accept: (s: RuleIncidentStep) => boolean,
): Judgement {
  const { facts } = context;
  const out: Judgement = { situations: 0, violations: [] };
  for (const s of ruleIncidentSteps(context)) {
    const { timed, view, target } = s;
    const events = view.events;
    if (!events || !accept(s)) continue;
    out.situations += 1;
    const base = { steps: [timed.index], alerts: [view.fact.alert], incidentRows: [] as number[] };
    const leak = events.find(
      (e) =>
        !e.raise &&
        e.change &&
        e.status === target &&
        e.time >= timed.at - TOL &&
        !mdcEntryCause(facts, view, e.time, e.status, timed.index),
    );
    if (leak) {
      out.violations.push({
        message: `${sentence}: after ${describeIncidentStep(s)}, the MDC alert became ${target} at ${clock(leak.time)} and no other step explains it`,
        witness: { ...base, alertRows: [] },
      });
      continue;
    }
    const until = timed.at + SYNC_DELAY_MAX_MS + delayMax(connector) + TOL;
    const excused = excusedRepeats(context, view);
    let previous: IndexedAlertRow | undefined;
    for (const entry of rowsOf(view, connector)) {
      if (excused.has(entry.index)) continue;
      const inWindow = entry.time >= timed.at - TOL && entry.time <= until;
      if (inWindow) {
        const redundant = previous?.row.Status === entry.row.Status;
        const foreign = !heldAround(events, entry.time, entry.row.Status);
        const uncaused = !explainingEvent(facts, view, entry, connector);
        if (redundant || foreign || uncaused) {
          const why = redundant
            ? `repeats the status of ${describeRow(facts, previous as IndexedAlertRow)}`
            : foreign
              ? `says a status the MDC alert did not hold then`
              : `follows no MDC event the ${connectorLabel(connector)} took`;
          out.violations.push({
            message: `${sentence}: after ${describeIncidentStep(s)}, ${describeRow(facts, entry)} ${why}`,
            witness: { ...base, alertRows: [entry.index] },
          });
          break;
        }
      }
      previous = entry;
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------------------------
// Incidents that a connector rather than a rule made (SUB-NO-INCIDENT, TEN-NO-INCIDENT)

/**
 * Each row of `connector` is a moment it could have made an incident: a Sentinel (non-XDR) incident holding
 * the alert, created within RULE_DELAY_MAX_MS after the row, that no Microsoft incident creation rule in force
 * at a row of the alert explains.
 */
export function judgeNoIncident(
  context: CheckContext,
  connector: AlertConnector,
  sentence: string,
): Judgement {
  const { facts } = context;
  const incidents = incidentViews(context);
  const out: Judgement = { situations: 0, violations: [] };
  for (const view of alertViews(context)) {
    const rows = rowsOf(view, connector);
    out.situations += rows.length;
    if (rows.length === 0) continue;
    const held = incidentsHolding(incidents, view);
    for (const entry of rows) {
      let made: IncidentView | undefined;
      for (const i of held) {
        if (
          !i.xdr &&
          i.createdAt >= entry.time - TOL &&
          i.createdAt <= entry.time + RULE_DELAY_MAX_MS + TOL &&
          !ruleExplainsCreation(facts, view, i.createdAt)
        ) {
          made = i;
          break;
        }
      }
      if (made) {
        out.violations.push({
          message:
            `${sentence}: incident #${made.number} (provider '${made.first.row.ProviderName}', created ` +
            `${clock(made.createdAt)}) holds ${view.fact.alert} right after ${describeRow(facts, entry)}, and no ` +
            `Microsoft incident creation rule in force at a row of ${view.fact.alert} explains it`,
          witness: {
            alertRows: [entry.index],
            incidentRows: [made.first.index],
            steps: [],
            alerts: [view.fact.alert],
          },
        });
      }
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------------------------
// Times (Q-NON-UTC-STARTTIME, Q-FUTURE-TIME)

const QUARTER_HOUR = 15 * MINUTE;
const MAX_ZONE_OFFSET = 14 * 60 * MINUTE;

/**
 * Q-NON-UTC-STARTTIME: how far a subscription-connector row's StartTime lies from the UTC start its name
 * encodes, when that is a non-zero whole number of quarter hours within 14 hours (a time-zone offset); else null.
 * Read from the row's reading (views.ts), once per row.
 */
export function nonUtcOffsetOf(reading: AlertRowReading): number | null {
  if (reading.connector !== 'subscription') return null;
  const nameStart = reading.nameStart;
  const start = reading.times[0];
  if (nameStart === null || !Number.isFinite(start)) return null;
  const offset = start - nameStart;
  const quarters = Math.round(offset / QUARTER_HOUR);
  if (quarters === 0 || Math.abs(offset) > MAX_ZONE_OFFSET + TOL) return null;
  return Math.abs(offset - quarters * QUARTER_HOUR) <= TOL ? offset : null;
}

/**
 * Q-FUTURE-TIME: the row's StartTime (read in UTC, so net of a Q-NON-UTC-STARTTIME offset) agrees with its
 * name and lies after the alert's true raise (for an alert outside the scenario: after TimeGenerated).
 */
export function isFutureTimeRow(reading: AlertRowReading, fact: AlertFact | undefined): boolean {
  const nameStart = reading.nameStart;
  const start = reading.times[0] - (nonUtcOffsetOf(reading) ?? 0);
  if (nameStart === null || !Number.isFinite(start) || Math.abs(start - nameStart) > TOL) return false;
  const reference = fact ? fact.raisedAt : reading.time;
  return Number.isFinite(reference) && start > reference + TOL;
}
