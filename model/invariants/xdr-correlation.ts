/**
 * Defender XDR's correlation of incidents, as Sentinel and XDR show it after an xdr-correlated step. The
 * incidents a step involves are those XDR created for the alerts it names (one per alert, at its raise:
 * ASSUME-XDR-ONE-INCIDENT-PER-ALERT), found in XDR's reported state by creation time; whether each was open
 * or already closed at the step is read from its status history within ASSUME-TIME-TOLERANCE. A step is
 * judged only when that reading is unambiguous: no earlier correlation may have merged its alerts, no other
 * alert moved by a correlation (nor a correlation) shares an alert's raise instant, one incident per alert
 * is found, and (for the merge itself) none was closing at that very instant. The Sentinel side has no
 * time bound in the model, so it is judged at the end; when a later correlation names the same alerts it
 * may move them on before Sentinel shows the holder, and only what stays true (Redirect labels, no new
 * incident under into-target) is judged.
 */
import type { Behaviour, CheckContext, MustInvariant } from '../invariant.ts';
import type { Observation, XdrIncidentState } from '../observation.ts';
import type { Profile } from '../profile.ts';
import type { IndexedIncidentRow } from '../rows.ts';
import type { SecurityIncidentRow } from '../tables.ts';
import { decodeMdcAlertName, parseTime } from '../time.ts';
import { conclude, type Violation, witness } from '../verdict.ts';
import type { AlertFact, ScenarioFacts } from '../world.ts';
import {
  type AlertView,
  alertIdsOfRow,
  alertViews,
  describeIncident,
  hasRedirectLabel,
  type IncidentView,
  incidentRowIndices,
  incidentViews,
  isOpenXdrStatus,
  isXdrIncident,
  nowHolds,
  quoteList,
  type StepOf,
  sentinelIncidentsOfXdr,
  stepsOf,
  TOL,
  when,
  xdrStatusAt,
} from './support-incidents.ts';
import { perContext, perFacts, perFactsBy, xdrHolds } from './views.ts';

type InvolvedState = 'open' | 'closed' | 'uncertain';

interface Involved {
  xdr: XdrIncidentState;
  state: InvolvedState;
  /** The named alert it was created for, when creation times (or, once closed, what it holds) tell. */
  alerts: AlertFact[] | undefined;
  /** The Sentinel incidents that stand for it. */
  sentinel: readonly IncidentView[];
}

interface CorrelationCase {
  step: StepOf<'xdr-correlated'>;
  /** The named alerts that were in XDR when the step came. */
  named: readonly AlertFact[];
  involved: Involved[];
  /** Whether a later correlation step names one of these alerts (and may move them on). */
  later: boolean;
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

/** The alerts a correlation step names that were in XDR when it came (kept per facts). */
const namedInXdr = perFactsBy((facts, step: StepOf<'xdr-correlated'>): readonly AlertFact[] =>
  [...new Set(step.step.alerts)].flatMap((handle) => {
    const alert = facts.alertByHandle.get(handle);
    return alert?.reachedXdr && alert.stepIndex < step.index ? [alert] : [];
  }),
);

/** Handles of the alerts any correlation step names (kept per facts). */
const movedByCorrelation = perFacts(
  (facts): ReadonlySet<string> => new Set(stepsOf(facts, 'xdr-correlated').flatMap((s) => s.step.alerts)),
);

/** Whether every name an XDR incident holds names one of the alerts (its own name, or one with its GUID). */
function holdsOnly(xdr: XdrIncidentState, alerts: readonly AlertFact[]): boolean {
  const names = new Set(alerts.map((a) => a.name));
  const guids = new Set(alerts.map((a) => a.guid));
  return xdr.alertNames.every((name) => {
    if (names.has(name)) return true;
    const guid = decodeMdcAlertName(name)?.guid;
    return guid !== undefined && guids.has(guid);
  });
}

/**
 * Whether XDR incidents created at a named alert's raise could be someone else's: another alert raised at
 * that instant that a correlation moves (its incident may end up empty, or holding these alerts), or a
 * correlation at that instant (a new incident created then).
 */
function sameInstantDoubt(
  facts: ScenarioFacts,
  step: StepOf<'xdr-correlated'>,
  named: readonly AlertFact[],
  steps: readonly StepOf<'xdr-correlated'>[],
): boolean {
  const moved = movedByCorrelation(facts);
  const twin = facts.alerts.some(
    (a) => a.reachedXdr && !named.includes(a) && moved.has(a.alert) && raisedNear(named, a.raisedAt),
  );
  return twin || steps.some((s) => s !== step && raisedNear(named, s.at));
}

/** Whether one of the alerts was raised at `ms` (within the tolerance). */
function raisedNear(alerts: readonly AlertFact[], ms: number): boolean {
  return alerts.some((a) => Math.abs(a.raisedAt - ms) <= TOL);
}

/** The alerts an XDR incident was created for: raised at its creation (within the tolerance). */
function createdFor(named: readonly AlertFact[], xdr: XdrIncidentState): AlertFact[] {
  const created = parseTime(xdr.createdTime);
  return named.filter((a) => Math.abs(created - a.raisedAt) <= TOL);
}

/** The judgeable correlation steps, read once per context for the three behaviours. */
const correlationCases = perContext((context): readonly CorrelationCase[] => {
  const { facts, observation, profile } = context;
  const incidents = incidentViews(context);
  const steps = stepsOf(facts, 'xdr-correlated');
  const cases: CorrelationCase[] = [];
  for (const step of steps) {
    const handles = new Set(step.step.alerts);
    const touching = steps.filter((o) => o !== step && o.step.alerts.some((a) => handles.has(a)));
    // An earlier step that may have merged one of these alerts leaves its incident unknown; one with fewer
    // than two alerts in XDR certainly did nothing.
    if (touching.some((o) => o.index < step.index && namedInXdr(facts, o).length >= 2)) continue;
    const named = namedInXdr(facts, step);
    if (named.length === 0 || sameInstantDoubt(facts, step, named, steps)) continue;
    const movedOnWith = new Set(steps.filter((o) => o.index > step.index).flatMap((o) => o.step.alerts));
    const known = facts.alerts.filter((a) => handles.has(a.alert) || movedOnWith.has(a.alert));
    let found = observation.xdr.incidents.filter(
      (x) => createdFor(named, x).length > 0 && holdsOnly(x, known),
    );
    if (found.length === named.length + 1 && profile.merge === 'new-incident') {
      // The new incident this very step created, at the instant one of the alerts was raised: not involved.
      const fresh = found.filter(
        (x) =>
          Math.abs(parseTime(x.createdTime) - step.at) <= TOL &&
          found.some((y) => y.redirectIncidentId === x.id),
      );
      if (fresh.length === 1) found = found.filter((x) => x !== fresh[0]);
    }
    if (found.length !== named.length) continue;
    const involved = found.map((xdr): Involved => {
      const state = stateAt(xdr, step.at);
      const byTime = createdFor(named, xdr);
      const held = named.filter((a) => holdsAlert(context, xdr, a));
      const alerts =
        byTime.length === 1 ? byTime : state === 'closed' && held.length === 1 ? held : undefined;
      return { xdr, state, alerts, sentinel: sentinelIncidentsOfXdr(incidents, xdr.id) };
    });
    cases.push({ step, named, involved, later: touching.some((o) => o.index > step.index) });
  }
  return cases;
});

interface Merge {
  /** The involved incidents open at the step: two or more. */
  open: Involved[];
  /** The alerts they held: what the merge brings together. */
  alerts: AlertFact[];
}

/** The merge a step makes, when its open and closed incidents are certain and two or more are open. */
function mergeOf(c: CorrelationCase): Merge | undefined {
  if (c.involved.some((i) => i.state === 'uncertain')) return undefined;
  const open = c.involved.filter((i) => i.state === 'open');
  const closed = c.involved.filter((i) => i.state === 'closed');
  if (open.length < 2) return undefined;
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

/** The Sentinel side of a merge: judged when the connector was on and every open incident is in Sentinel. */
function sentinelSide(c: CorrelationCase, merge: Merge): IncidentView[] | undefined {
  if (!c.step.config.xdrConnector || merge.open.some((i) => i.sentinel.length === 0)) return undefined;
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
  const involved = sentinelSide(c, merge);
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
  const involved = sentinelSide(c, merge);
  if (!involved) return 'holds';
  const withRows = viewsOf(alertViews(context), merge.alerts);
  const fresh = incidents.find(
    (i) =>
      isFresh(i, involved, c, observation) &&
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
