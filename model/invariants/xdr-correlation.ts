/**
 * Defender XDR's correlation of incidents, as Sentinel and XDR show it after an xdr-correlated step. The
 * incidents a step involves are found by identity, never by when they were created: XDR may ingest an alert
 * some time after its raise and create its incident minutes after that, so no instant names an incident.
 * From the alerts a step names, XDR's incidents are reached through what links them: the MDC alert names an
 * XDR incident holds, the SystemAlertIds its Sentinel incident (ProviderIncidentId = XDR incident ID) lists,
 * and redirectIncidentId both ways. Instants only bound: an incident created after the step cannot have
 * taken part; one created before it existed then; one created within ASSUME-TIME-TOLERANCE of the step may
 * or may not have taken part, and the step is left undecided (not judged) unless identity settles it (the
 * incident the step's own merge created, that the others are redirected into). Which alert an incident was
 * created for (ASSUME-XDR-ONE-INCIDENT-PER-ALERT) is read from a Sentinel row written before the step, or
 * from an incident no correlation touched. Whether each was open or already closed at the step is read from
 * its status history within the tolerance. A step is judged only when that reading is unambiguous: no
 * earlier correlation may have merged its alerts, and every incident involved is accounted for. The Sentinel
 * side has no time bound in the model, so it is judged at the end, and only when the XDR connector stayed on
 * while the step's changes could reach Sentinel; when a later correlation names the same alerts it may move
 * them on before Sentinel shows the holder, and only what stays true (Redirect labels, no new incident under
 * into-target) is judged.
 */
import { SYNC_DELAY_MAX_MS, XDR_INCIDENT_DELAY_MAX_MS } from '../assumptions.ts';
import type { Behaviour, CheckContext, MustInvariant } from '../invariant.ts';
import type { Observation, XdrIncidentState } from '../observation.ts';
import type { Profile } from '../profile.ts';
import type { IndexedIncidentRow } from '../rows.ts';
import type { SecurityIncidentRow } from '../tables.ts';
import { parseTime } from '../time.ts';
import { conclude, type Violation, witness } from '../verdict.ts';
import type { AlertFact } from '../world.ts';
import {
  type AlertView,
  alertIdsOfRow,
  alertViews,
  configsDuring,
  describeIncident,
  hasRedirectLabel,
  type IncidentView,
  incidentRowIndices,
  incidentViews,
  isOpenXdrStatus,
  isXdrIncident,
  namesAlert,
  nowHolds,
  quoteList,
  type StepOf,
  sentinelIncidentsOfXdr,
  stepsOf,
  TOL,
  when,
  xdrStatusAt,
} from './support-incidents.ts';
import { perContext, xdrAlertOf, xdrHolds } from './views.ts';

type InvolvedState = 'open' | 'closed' | 'uncertain';

interface Involved {
  xdr: XdrIncidentState;
  state: InvolvedState;
  /** The named alert it was created for, when identity tells (or, once closed, what it holds). */
  alerts: AlertFact[] | undefined;
  /** The Sentinel incidents that stand for it. */
  sentinel: readonly IncidentView[];
}

interface CorrelationCase {
  step: StepOf<'xdr-correlated'>;
  /** The named alerts that were in an XDR incident when the step came. */
  named: readonly AlertFact[];
  involved: Involved[];
  /** Whether a later correlation step names one of these alerts (and may move them on). */
  later: boolean;
  /** When those later steps came. */
  laterAt: readonly number[];
}

/** An XDR incident's state when a correlation step came at `at`. */
function stateAt(xdr: XdrIncidentState, at: number): InvolvedState {
  const before = xdrStatusAt(xdr, at - TOL);
  if (before === 'resolved' || before === 'redirected') return 'closed';
  const entries = xdr.statusHistory.map((e) => ({ at: parseTime(e.time), status: e.status }));
  const closing = entries.some(
    (e) => (e.status === 'resolved' && e.at <= at + TOL) || (e.status === 'redirected' && e.at < at - TOL),
  );
  const existing = entries.some((e) => e.at <= at + TOL && isOpenXdrStatus(e.status));
  return existing && !closing ? 'open' : 'uncertain';
}

/** Whether the XDR incident holds the alert at the end (views.ts). */
function holdsAlert(context: CheckContext, xdr: XdrIncidentState, alert: AlertFact): boolean {
  return xdrHolds(context, xdr, alert);
}

/** Where an instant lies relative to a step: before it, after it, or within the tolerance (either). */
type Relative = 'before' | 'near' | 'after';

function relativeTo(ms: number, step: number): Relative {
  if (ms < step - TOL) return 'before';
  return ms > step + TOL ? 'after' : 'near';
}

/** How XDR's incidents link to each other and to the scenario's alerts, read once per context. */
interface XdrIdentity {
  byId: ReadonlyMap<string, XdrIncidentState>;
  /** The incidents redirected into each incident ID. */
  redirectedInto: ReadonlyMap<string, readonly XdrIncidentState[]>;
  /** The scenario alert of each SystemAlertId (from SecurityAlert rows). */
  alertOfId: ReadonlyMap<string, AlertFact>;
  /** Whether an alert shows in Defender XDR at all: XDR lists it, an XDR incident holds it or a Sentinel one of XDR's lists it. */
  inXdr: (alert: AlertFact) => boolean;
}

const xdrIdentity = perContext((context): XdrIdentity => {
  const { observation } = context;
  const byId = new Map<string, XdrIncidentState>();
  const redirectedInto = new Map<string, XdrIncidentState[]>();
  for (const x of observation.xdr.incidents) {
    if (!byId.has(x.id)) byId.set(x.id, x);
    if (x.redirectIncidentId === undefined) continue;
    const list = redirectedInto.get(x.redirectIncidentId);
    if (list) list.push(x);
    else redirectedInto.set(x.redirectIncidentId, [x]);
  }
  const alertOfId = new Map<string, AlertFact>();
  for (const view of alertViews(context)) for (const id of view.ids) alertOfId.set(id, view.fact);
  const listedByXdr = new Set<AlertFact>();
  for (const incident of incidentViews(context)) {
    if (!isXdrIncident(incident)) continue;
    for (const id of incident.listed) {
      const alert = alertOfId.get(id);
      if (alert) listedByXdr.add(alert);
    }
  }
  const inXdr = (alert: AlertFact) =>
    xdrAlertOf(context, alert) !== undefined ||
    listedByXdr.has(alert) ||
    observation.xdr.incidents.some((x) => holdsAlert(context, x, alert));
  return { byId, redirectedInto, alertOfId, inXdr };
});

/** Whether a correlation ever touched the XDR incident: redirected, or another redirected into it. */
function touched(identity: XdrIdentity, xdr: XdrIncidentState): boolean {
  return (
    xdr.redirectIncidentId !== undefined ||
    xdr.statusHistory.some((e) => e.status === 'redirected') ||
    (identity.redirectedInto.get(xdr.id)?.length ?? 0) > 0
  );
}

/**
 * The alert an XDR incident was created for, by identity (ASSUME-XDR-ONE-INCIDENT-PER-ALERT): the one alert
 * whose SystemAlertId a row of its Sentinel incident lists before the step (before any merge at the step it
 * held its own alert only), or the one alert it holds at the end when no correlation touched it. Undefined
 * when neither tells, or they disagree. `other` when it is an alert of no scenario step (left undecided).
 */
function createdFor(
  context: CheckContext,
  identity: XdrIdentity,
  xdr: XdrIncidentState,
  before: number,
): AlertFact | undefined {
  const incidents = incidentViews(context);
  const fromRows = new Set<AlertFact>();
  for (const incident of sentinelIncidentsOfXdr(incidents, xdr.id)) {
    for (const entry of incident.rows) {
      if (entry.time >= before - TOL) continue;
      for (const id of alertIdsOfRow(entry.row)) {
        const alert = identity.alertOfId.get(id);
        if (alert) fromRows.add(alert);
      }
    }
  }
  let fromEnd: AlertFact | undefined;
  if (!touched(identity, xdr) && xdr.alertNames.length === 1) {
    const name = xdr.alertNames[0] as string;
    fromEnd = context.facts.alerts.find((a) => namesAlert(name, a));
  }
  if (fromRows.size > 1) return undefined;
  const [byRow] = fromRows;
  if (byRow && fromEnd && byRow !== fromEnd) return undefined;
  return byRow ?? fromEnd;
}

/** The XDR incidents linked to the alerts: holding them, listing them in Sentinel, or by redirects either way. */
function linkedIncidents(
  context: CheckContext,
  identity: XdrIdentity,
  alerts: readonly AlertFact[],
): XdrIncidentState[] {
  const incidents = incidentViews(context);
  const ids = new Set<string>();
  for (const view of alertViews(context))
    if (alerts.includes(view.fact)) for (const id of view.ids) ids.add(id);
  const found = new Set<XdrIncidentState>();
  for (const x of context.observation.xdr.incidents) {
    if (alerts.some((a) => holdsAlert(context, x, a))) found.add(x);
    else if (sentinelIncidentsOfXdr(incidents, x.id).some((i) => [...i.listed].some((id) => ids.has(id))))
      found.add(x);
  }
  const queue = [...found];
  for (let next = queue.pop(); next !== undefined; next = queue.pop()) {
    const linked = [...(identity.redirectedInto.get(next.id) ?? [])];
    const target =
      next.redirectIncidentId === undefined ? undefined : identity.byId.get(next.redirectIncidentId);
    if (target) linked.push(target);
    for (const x of linked) {
      if (found.has(x)) continue;
      found.add(x);
      queue.push(x);
    }
  }
  return [...found];
}

/** The judgeable correlation steps, read once per context for the three behaviours. */
const correlationCases = perContext((context): readonly CorrelationCase[] => {
  const { facts } = context;
  const identity = xdrIdentity(context);
  const incidents = incidentViews(context);
  const steps = stepsOf(facts, 'xdr-correlated');
  const inXdrOf = (step: StepOf<'xdr-correlated'>) =>
    [...new Set(step.step.alerts)].flatMap((handle) => {
      const alert = facts.alertByHandle.get(handle);
      return alert && alert.stepIndex < step.index && identity.inXdr(alert) ? [alert] : [];
    });
  const cases: CorrelationCase[] = [];
  for (const step of steps) {
    const handles = new Set(step.step.alerts);
    const touching = steps.filter((o) => o !== step && o.step.alerts.some((a) => handles.has(a)));
    // An earlier step that may have merged one of these alerts leaves its incident unknown; one with fewer
    // than two alerts in XDR certainly did nothing.
    if (touching.some((o) => o.index < step.index && inXdrOf(o).length >= 2)) continue;
    const shown = inXdrOf(step);
    if (shown.length === 0) continue;
    const laterSteps = touching.filter((o) => o.index > step.index);
    const movedOn = new Set(laterSteps.flatMap((o) => o.step.alerts));
    const judged = judgeable(context, identity, step, shown, movedOn);
    if (!judged) continue;
    const involved = judged.involved.map(({ xdr, alert }): Involved => {
      const state = stateAt(xdr, step.at);
      const held = judged.named.filter((a) => holdsAlert(context, xdr, a));
      const alerts = alert ? [alert] : state === 'closed' && held.length === 1 ? held : undefined;
      return { xdr, state, alerts, sentinel: sentinelIncidentsOfXdr(incidents, xdr.id) };
    });
    cases.push({
      step,
      named: judged.named,
      involved,
      later: laterSteps.length > 0,
      laterAt: laterSteps.map((o) => o.at),
    });
  }
  return cases;
});

/**
 * What an XDR incident may have been created for, as keys: any alert Defender XDR had received (else raised)
 * by its creation, within the tolerance (its handle); and, for an incident others were redirected into, a
 * merge of another correlation step that came by then (`step N`).
 */
function mayBeFor(
  context: CheckContext,
  identity: XdrIdentity,
  xdr: XdrIncidentState,
  self: StepOf<'xdr-correlated'>,
): string[] {
  const created = parseTime(xdr.createdTime);
  const out: string[] = [];
  for (const alert of context.facts.alerts) {
    if (!identity.inXdr(alert)) continue;
    const arrival = xdrAlertOf(context, alert);
    const from = arrival === undefined ? alert.raisedAt : parseTime(arrival.time);
    if (from <= created + TOL) out.push(alert.alert);
  }
  if ((identity.redirectedInto.get(xdr.id)?.length ?? 0) > 0) {
    for (const step of stepsOf(context.facts, 'xdr-correlated'))
      if (step !== self && step.at <= created + TOL) out.push(`step ${step.index}`);
  }
  return out;
}

/**
 * The incidents a step involves (those existing at it that held a named alert) and the named alerts that
 * were in one, or undefined when identity and the bounds leave that open.
 */
function judgeable(
  context: CheckContext,
  identity: XdrIdentity,
  step: StepOf<'xdr-correlated'>,
  shown: readonly AlertFact[],
  movedOn: ReadonlySet<string>,
): { involved: { xdr: XdrIncidentState; alert: AlertFact | undefined }[]; named: AlertFact[] } | undefined {
  const t = step.at;
  const linked = linkedIncidents(context, identity, shown);
  const byWhen = (r: Relative) => linked.filter((x) => relativeTo(parseTime(x.createdTime), t) === r);
  const involved: { xdr: XdrIncidentState; alert: AlertFact | undefined }[] = [];
  const before = byWhen('before').map((xdr) => ({ xdr, alert: createdFor(context, identity, xdr, t) }));
  // Where identity does not tell which alert an incident was created for, it cannot be one XDR received
  // after the incident was created, nor one another incident was created for; an incident left with one
  // such alert was created for it, which rules that alert out for the others.
  const known = new Set<string>();
  for (const x of context.observation.xdr.incidents) {
    const alert = createdFor(context, identity, x, t);
    if (alert) known.add(alert.alert);
  }
  const possibleOf = new Map<XdrIncidentState, string[]>();
  for (const b of before) if (!b.alert) possibleOf.set(b.xdr, mayBeFor(context, identity, b.xdr, step));
  const settled = new Set<XdrIncidentState>();
  for (let changed = true; changed; ) {
    changed = false;
    for (const [xdr, possible] of possibleOf) {
      if (settled.has(xdr)) continue;
      const left = possible.filter((a) => !known.has(a));
      possibleOf.set(xdr, left);
      if (left.length !== 1) continue;
      settled.add(xdr);
      known.add(left[0] as string);
      changed = true;
    }
  }
  // Incidents that may only be for as many alerts as there are of them were created for those alerts.
  const unsettled = [...possibleOf].filter(([xdr]) => !settled.has(xdr));
  const union = new Set(unsettled.flatMap(([, possible]) => possible));
  if (union.size === unsettled.length) for (const a of union) known.add(a);
  const shownKeys = new Set(shown.map((a) => a.alert));
  for (const { xdr, alert } of before) {
    if (alert === undefined) {
      // If every alert it may be for is named by the step, it took part; if none is, a later step brought it
      // in; otherwise (or if nothing is left it may be for) the step is left undecided.
      const possible = possibleOf.get(xdr) ?? [];
      if (possible.length === 0) return undefined;
      if (possible.every((a) => shownKeys.has(a))) involved.push({ xdr, alert });
      else if (possible.some((a) => shownKeys.has(a)) || movedOn.size === 0) return undefined;
    } else if (shown.includes(alert)) involved.push({ xdr, alert });
    else if (!movedOn.has(alert.alert)) return undefined;
  }
  const ids = new Set(involved.map((i) => i.xdr.id));
  const attributed = new Set(involved.flatMap((i) => (i.alert ? [i.alert] : [])));
  for (const xdr of byWhen('near')) {
    // Created at the step's instant: the incident this step's merge created (the others are redirected into
    // it, or it holds several alerts, or one another incident held) did not take part, nor did one created
    // for an alert the step does not name; any other may have.
    const target = (identity.redirectedInto.get(xdr.id) ?? []).some((x) => ids.has(x.id));
    const several = xdr.alertNames.length >= 2;
    const alert = createdFor(context, identity, xdr, Number.POSITIVE_INFINITY);
    if (target || several || (alert !== undefined && attributed.has(alert))) continue;
    if (alert !== undefined && !shown.includes(alert)) continue;
    const possible = mayBeFor(context, identity, xdr, step).filter((a) => !known.has(a));
    if (alert === undefined && possible.length > 0 && !possible.some((a) => shownKeys.has(a))) continue;
    return undefined;
  }
  const late = new Set<AlertFact>();
  for (const xdr of byWhen('after')) {
    // Created after the step, so it took no part; one created for a named alert (not the step's own holder,
    // that the others are redirected into) shows that alert was not in an incident yet.
    if ((identity.redirectedInto.get(xdr.id) ?? []).some((x) => ids.has(x.id))) continue;
    const alert = createdFor(context, identity, xdr, Number.POSITIVE_INFINITY);
    if (alert && shown.includes(alert) && !attributed.has(alert)) late.add(alert);
  }
  const named: AlertFact[] = [];
  for (const alert of shown) {
    if (late.has(alert)) continue;
    const arrival = xdrAlertOf(context, alert);
    const arrived = arrival === undefined ? 'before' : relativeTo(parseTime(arrival.time), t);
    if (arrived === 'after' && !attributed.has(alert)) continue;
    if (arrived === 'near' && !attributed.has(alert)) return undefined;
    named.push(alert);
  }
  return { involved, named };
}

interface Merge {
  /** The involved incidents open at the step: two or more. */
  open: Involved[];
  /** The alerts they held: what the merge brings together. */
  alerts: AlertFact[];
}

/**
 * Whether the step merged an incident that was closed at it anyway: redirected, or taking the others. That
 * is DOC-NO-MERGE-CLOSED's to judge; the merge's outcome is then no one else's.
 */
function mergedClosed(c: CorrelationCase, closed: readonly Involved[]): boolean {
  return closed.some(
    (i) =>
      i.xdr.redirectIncidentId !== undefined ||
      i.xdr.statusHistory.some((e) => e.status === 'redirected') ||
      c.involved.some((o) => o.xdr.redirectIncidentId === i.xdr.id),
  );
}

/** The merge a step makes, when its open and closed incidents are certain and two or more are open. */
function mergeOf(c: CorrelationCase): Merge | undefined {
  if (c.involved.some((i) => i.state === 'uncertain')) return undefined;
  const open = c.involved.filter((i) => i.state === 'open');
  const closed = c.involved.filter((i) => i.state === 'closed');
  if (open.length < 2 || mergedClosed(c, closed)) return undefined;
  const closedAlerts = new Set<string>();
  for (const incident of closed) {
    if (!incident.alerts) return undefined;
    for (const alert of incident.alerts) closedAlerts.add(alert.alert);
  }
  const alerts = c.named.filter((a) => !closedAlerts.has(a.alert));
  return alerts.length === open.length ? { open, alerts } : undefined;
}

function describeStep(c: CorrelationCase, alerts: readonly AlertFact[]): string {
  return `after XDR correlated ${alerts.map((a) => a.alert).join(', ')} at ${when(c.step.at)} (step ${c.step.index})`;
}

/** The merged alerts that have rows in SecurityAlert (so their SystemAlertIds are known). */
function viewsOf(views: readonly AlertView[], alerts: readonly AlertFact[]): AlertView[] {
  return views.filter((v) => v.ids.size > 0 && alerts.some((a) => a.alert === v.fact.alert));
}

function coversAll(row: SecurityIncidentRow, alerts: readonly AlertView[]): boolean {
  const listed = alertIdsOfRow(row);
  return alerts.every((a) => listed.some((id) => a.ids.has(id)));
}

/**
 * A row, from `from` on and before the incident was ever redirected, that lists one SystemAlertId of each
 * of the alerts: the incident held them all then. (Judged on some row rather than the latest, because a
 * later correlation may move the alerts on again.)
 */
function coveringRow(
  incident: IncidentView,
  alerts: readonly AlertView[],
  from: number,
): IndexedIncidentRow | undefined {
  for (const entry of incident.rows) {
    if (hasRedirectLabel(entry.row)) return undefined;
    if (entry.time >= from && coversAll(entry.row, alerts)) return entry;
  }
  return undefined;
}

/**
 * How long after a step its outcome may take to reach Sentinel: a redirect or the holder's new AlertIds sync
 * (ASSUME-SYNC-DELAY), a new holder comes through the XDR connector (ASSUME-XDR-INCIDENT-DELAY).
 */
const SENTINEL_REACH_MS = Math.max(SYNC_DELAY_MAX_MS, XDR_INCIDENT_DELAY_MAX_MS);

/**
 * The Sentinel side of a merge: judged when the XDR connector was on from the step until its outcome could
 * reach Sentinel (a change within that window leaves it open) and every open incident is in Sentinel.
 */
function sentinelSide(context: CheckContext, c: CorrelationCase, merge: Merge): IncidentView[] | undefined {
  const configs = configsDuring(context.facts, c.step.at - TOL, c.step.at + SENTINEL_REACH_MS + TOL);
  if (configs.some((config) => !config.xdrConnector)) return undefined;
  if (merge.open.some((i) => i.sentinel.length === 0)) return undefined;
  return merge.open.flatMap((i) => i.sentinel);
}

/** Whether an incident is one of these (by IncidentNumber). */
function isAmong(incident: IncidentView, incidents: readonly IncidentView[]): boolean {
  return incidents.some((i) => i.number === incident.number);
}

/** Whether a Sentinel incident stands for an XDR incident created by (or after) the step. */
function isNew(incident: IncidentView, c: CorrelationCase, observation: Observation): boolean {
  if (c.involved.some((i) => i.xdr.id === incident.providerIncidentId)) return false;
  const xdr = observation.xdr.incidents.find((x) => x.id === incident.providerIncidentId);
  return xdr ? parseTime(xdr.createdTime) >= c.step.at - TOL : incident.since >= c.step.at - TOL;
}

/**
 * Whether an incident created at `createdMs` (after the step) existed when a later correlation naming these
 * alerts came, so that step may have moved them into it: the target it picks need not be the oldest.
 */
function mayBeLaterTarget(c: CorrelationCase, createdMs: number): boolean {
  return c.laterAt.some((at) => createdMs <= at + TOL);
}

/** When the XDR incident a Sentinel incident stands for was created (else when it reached Sentinel). */
function createdMsOf(incident: IncidentView, observation: Observation): number {
  const xdr = observation.xdr.incidents.find((x) => x.id === incident.providerIncidentId);
  return xdr ? parseTime(xdr.createdTime) : incident.since;
}

function redirectRow(incident: IncidentView, from: number): IndexedIncidentRow | undefined {
  return incident.rows.find((r) => r.row.Status === 'Closed' && hasRedirectLabel(r.row) && r.time >= from);
}

function describeLatest(incident: IncidentView): string {
  const latest = incident.latest.row;
  return (
    `latest row ${incident.latest.index}: Status '${latest.Status}', Labels ` +
    quoteList((Array.isArray(latest.Labels) ? latest.Labels : []).map((l) => l.labelName))
  );
}

type Judgement = Violation | 'skip' | 'holds';

/** The SystemAlertIds of the alerts, for messages. */
function idsOf(views: readonly AlertView[]): string {
  return quoteList(views.flatMap((v) => [...v.ids]));
}

function mergeWitness(
  c: CorrelationCase,
  merge: Merge,
  involved: readonly IncidentView[],
  extra: readonly IncidentView[],
) {
  return witness({
    incidentRows: incidentRowIndices([...involved, ...extra]),
    steps: [c.step.index],
    alerts: merge.alerts.map((a) => a.alert),
  });
}

/** A Sentinel incident with an XDR provider name, none of the involved ones, standing for a new XDR incident. */
function isFresh(
  incident: IncidentView,
  involved: readonly IncidentView[],
  c: CorrelationCase,
  observation: Observation,
): boolean {
  return isXdrIncident(incident) && !isAmong(incident, involved) && isNew(incident, c, observation);
}

function redirectCheck(
  context: CheckContext,
  c: CorrelationCase,
  incidents: readonly IncidentView[],
): Judgement {
  const { observation, profile } = context;
  const merge = mergeOf(c);
  if (!merge) return 'skip';
  const involved = sentinelSide(context, c, merge);
  if (!involved) return 'skip';
  const from = c.step.at - TOL;
  const withRows = viewsOf(alertViews(context), merge.alerts);
  if (withRows.length < 2 || c.later) {
    // AlertIds cannot show who holds the alerts when fewer than two of them are in SecurityAlert, nor when a
    // later correlation may move them on before Sentinel shows the holder; the Redirect labels still show.
    const spared = profile.merge === 'new-incident' ? 0 : 1;
    const unlabelled = involved.filter((i) => !redirectRow(i, from));
    const culprit = unlabelled[spared];
    if (!culprit) return 'holds';
    return {
      message:
        `${describeStep(c, merge.alerts)}, ${describeIncident(culprit)} got no Closed row with a Redirect label ` +
        `(${describeLatest(culprit)})` +
        (spared === 0 ? ', though every existing incident is redirected into a new one' : ''),
      witness: mergeWitness(c, merge, involved, []),
    };
  }
  const found = incidents.filter((i) => isXdrIncident(i) && coveringRow(i, withRows, from));
  const existing = found.find((i) => isAmong(i, involved));
  const fresh = found.find((i) => !isAmong(i, involved) && isNew(i, c, observation));
  const holder = profile.merge === 'new-incident' ? fresh : (existing ?? found[0]);
  if (!holder) {
    const what = describeStep(c, merge.alerts);
    const ids = idsOf(withRows);
    const message = existing
      ? `${what}, the existing ${describeIncident(existing)} holds ${ids}, where the ${profile.name} ` +
        'profile (the article) expects a new incident to hold them'
      : `${what}, no incident with an XDR provider name held all of ${ids}`;
    return { message, witness: mergeWitness(c, merge, involved, found) };
  }
  for (const incident of involved) {
    if (incident.number === holder.number || redirectRow(incident, from)) continue;
    return {
      message:
        `${describeStep(c, merge.alerts)}, ${describeIncident(incident)} got no Closed row with a Redirect label ` +
        `(${describeLatest(incident)}), while #${holder.number} holds ${idsOf(withRows)}`,
      witness: mergeWitness(c, merge, involved, [holder]),
    };
  }
  return 'holds';
}

/** Runs a per-case check over every judgeable correlation step. */
function overCases(
  context: CheckContext,
  judge: (c: CorrelationCase, incidents: readonly IncidentView[]) => Judgement,
): ReturnType<MustInvariant['check']> {
  const incidents = incidentViews(context);
  const violations: Violation[] = [];
  let situations = 0;
  for (const c of correlationCases(context)) {
    const result = judge(c, incidents);
    if (result === 'skip') continue;
    situations += 1;
    if (result !== 'holds') violations.push(result);
  }
  return conclude(situations, violations);
}

/** “the existing individual incidents will be closed and marked with the ‘Redirect’ tag” */
const xdrRedirect: MustInvariant = {
  id: 'XDR-REDIRECT',
  kind: 'must',
  check(context) {
    return overCases(context, (c, incidents) => redirectCheck(context, c, incidents));
  },
};

function skippedVariant(profile: Profile) {
  return {
    status: 'skipped' as const,
    reason:
      `the ${profile.name} profile follows the article's merge variant (a new incident takes the alerts: ` +
      "XDR-REDIRECT); DOC-MERGE-TARGET is Microsoft's documentation's variant (ASSUME-MERGE-VARIANT)",
  };
}

function mergeTargetCheck(
  context: CheckContext,
  c: CorrelationCase,
  incidents: readonly IncidentView[],
): Judgement {
  const { observation } = context;
  const merge = mergeOf(c);
  if (!merge) return 'skip';
  const from = c.step.at - TOL;
  const base = { steps: [c.step.index], alerts: merge.alerts.map((a) => a.alert) };
  const involvedIds = new Set(c.involved.map((i) => i.xdr.id));

  // In Defender XDR: no incident created from the step on holds any of the alerts ...
  const created = observation.xdr.incidents.find(
    (x) =>
      !involvedIds.has(x.id) &&
      parseTime(x.createdTime) >= from &&
      !mayBeLaterTarget(c, parseTime(x.createdTime)) &&
      merge.alerts.some((a) => holdsAlert(context, x, a)),
  );
  if (created) {
    return {
      message:
        `${describeStep(c, merge.alerts)}, XDR incident '${created.id}', created at ${created.createdTime} and ` +
        `none of the correlated incidents ${quoteList(merge.open.map((i) => i.xdr.id))}, holds ${quoteList(created.alertNames)}`,
      witness: witness(base),
    };
  }
  // ... and, unless a later correlation moves them on, one of the correlated incidents holds them all.
  const target = merge.open.find(
    (i) => i.xdr.redirectIncidentId === undefined && merge.alerts.every((a) => holdsAlert(context, i.xdr, a)),
  );
  if (!c.later && !target) {
    return {
      message: `${describeStep(c, merge.alerts)}, none of the correlated XDR incidents ${quoteList(merge.open.map((i) => i.xdr.id))} holds all their alerts at the end`,
      witness: witness(base),
    };
  }
  // In Sentinel: no new incident takes the alerts; an existing one holds them all.
  const involved = sentinelSide(context, c, merge);
  if (!involved) return 'holds';
  const withRows = viewsOf(alertViews(context), merge.alerts);
  const fresh = incidents.find(
    (i) =>
      isFresh(i, involved, c, observation) &&
      !mayBeLaterTarget(c, createdMsOf(i, observation)) &&
      i.rows.some((r) => r.time >= from && withRows.some((v) => coversAll(r.row, [v]))),
  );
  if (fresh) {
    return {
      message: `${describeStep(c, merge.alerts)}, ${describeIncident(fresh)}, a new incident, holds their alerts (AlertIds ${quoteList(alertIdsOfRow(fresh.latest.row))})`,
      witness: witness({ ...base, incidentRows: incidentRowIndices([...involved, fresh]) }),
    };
  }
  if (
    withRows.length >= 2 &&
    !c.later &&
    !incidents.some(
      (i) => isXdrIncident(i) && !isFresh(i, involved, c, observation) && coveringRow(i, withRows, from),
    )
  ) {
    return {
      message:
        `${describeStep(c, merge.alerts)}, none of the existing incidents (${involved.map((i) => `#${i.number}`).join(', ')}) ` +
        `held all of ${idsOf(withRows)}`,
      witness: witness({ ...base, incidentRows: incidentRowIndices(involved) }),
    };
  }
  return 'holds';
}

/**
 * DOC-MERGE-TARGET (learn.microsoft.com/defender-xdr/alerts-incidents-correlation; no verbatim quote pinned):
 * “In a merge, the alerts of each source incident move to one existing target incident; no new incident is
 * created.”
 */
const docMergeTarget: MustInvariant = {
  id: 'DOC-MERGE-TARGET',
  kind: 'must',
  check(context) {
    if (context.profile.merge !== 'into-target') return skippedVariant(context.profile);
    return overCases(context, (c, incidents) => mergeTargetCheck(context, c, incidents));
  },
};

/**
 * DOC-NO-MERGE-CLOSED (learn.microsoft.com/defender-xdr/alerts-incidents-correlation; no verbatim quote
 * pinned): “XDR never correlates a closed incident into another ("resolved incidents don't get reopened").”
 */
const docNoMergeClosed: MustInvariant = {
  id: 'DOC-NO-MERGE-CLOSED',
  kind: 'must',
  check(context) {
    const { observation } = context;
    const incidents = incidentViews(context);
    const views = alertViews(context);
    const violations: Violation[] = [];
    let situations = 0;
    for (const c of correlationCases(context)) {
      for (const closed of c.involved.filter((i) => i.state === 'closed')) {
        situations += 1;
        const { xdr } = closed;
        const alerts = closed.alerts ?? c.named.filter((a) => holdsAlert(context, xdr, a));
        const problems: string[] = [];
        if (
          xdr.redirectIncidentId !== undefined ||
          xdr.statusHistory.some((e) => e.status === 'redirected')
        ) {
          problems.push(
            `XDR set it redirected${xdr.redirectIncidentId ? ` into '${xdr.redirectIncidentId}'` : ''}`,
          );
        }
        const lost = (closed.alerts ?? []).filter((a) => !holdsAlert(context, xdr, a));
        if (lost.length > 0 || xdr.alertNames.length === 0) {
          problems.push(
            `it no longer holds ${lost.length > 0 ? lost.map((a) => a.alert).join(', ') : 'any alert'}`,
          );
        }
        const elsewhere = observation.xdr.incidents.filter(
          (x) => x.id !== xdr.id && alerts.some((a) => holdsAlert(context, x, a)),
        );
        for (const x of elsewhere)
          problems.push(`XDR incident '${x.id}' now holds ${quoteList(x.alertNames)}`);
        const rows: number[] = [];
        for (const incident of closed.sentinel) {
          const labelled = incident.rows.find((r) => hasRedirectLabel(r.row));
          if (labelled)
            problems.push(`row ${labelled.index} of ${describeIncident(incident)} carries a Redirect label`);
          const before = [...incident.rows].reverse().find((r) => r.time < c.step.at - TOL);
          const held = new Set([
            ...(before ? alertIdsOfRow(before.row) : []),
            ...views.filter((v) => alerts.some((a) => a.alert === v.fact.alert)).flatMap((v) => [...v.ids]),
          ]);
          const dropped = (before ? alertIdsOfRow(before.row) : []).filter(
            (id) => !alertIdsOfRow(incident.latest.row).includes(id),
          );
          if (dropped.length > 0) {
            problems.push(`${describeIncident(incident)} no longer lists ${quoteList(dropped)}`);
          }
          const takers = incidents.filter(
            (i) => isXdrIncident(i) && !isAmong(i, closed.sentinel) && nowHolds(i, held),
          );
          for (const taker of takers) {
            problems.push(`${describeIncident(taker)} now holds its alerts`);
            rows.push(...incidentRowIndices([taker]));
          }
          rows.push(...incidentRowIndices([incident]));
        }
        if (problems.length === 0) continue;
        violations.push({
          message:
            `XDR incident '${xdr.id}' (${alerts.map((a) => a.alert).join(', ') || 'its alert'}) was resolved ` +
            `before XDR correlated ${c.step.step.alerts.join(', ')} at ${when(c.step.at)} (step ${c.step.index}), ` +
            `yet ${problems.join('; ')}`,
          witness: witness({ incidentRows: rows, steps: [c.step.index], alerts: alerts.map((a) => a.alert) }),
        });
      }
    }
    return conclude(situations, violations);
  },
};

export const xdrCorrelationBehaviours: Behaviour[] = [xdrRedirect, docMergeTarget, docNoMergeClosed];
