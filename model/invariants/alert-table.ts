/**
 * The SecurityAlert table as the article describes it: an append-only log where an MDC alert's status
 * changes appear as new rows under one SystemAlertId, so that the latest row tells the current status. The
 * table is judged against the MDC status history the observation reports: a row is written at its
 * TimeGenerated with the status MDC held then, so a status MDC took only afterwards means the row was
 * rewritten. Whether a connector took a change is read from the configuration (ASSUME-COVERAGE-AT-EVENT);
 * what a connector writes for a change that is overtaken by another before it is delivered is left open.
 */
import type { Behaviour, CheckContext, MustInvariant } from '../invariant.ts';
import { type IndexedAlertRow, sentinelStatusOf } from '../rows.ts';
import { conclude, type Violation } from '../verdict.ts';
import type { ScenarioFacts } from '../world.ts';
import {
  type AlertView,
  alertViews,
  CONNECTORS,
  clock,
  connectorLabel,
  coverageOfEvent,
  delayMax,
  describeLatest,
  describeRow,
  excusedRepeats,
  firstHeld,
  heldBy,
  latestStatusMiss,
  observed,
  redundantRow,
  rowsOf,
  stepOfEvent,
  TOL,
  tenantRepeats,
} from './support-alerts.ts';
import { type AlertRowReading, alertRowReadings, perContext } from './views.ts';

/** Each row of a scenario alert with its view (the last view listing it), by row index. */
const viewsByRow = perContext((context) => {
  const out: ({ view: AlertView; entry: IndexedAlertRow } | undefined)[] = new Array(
    context.observation.SecurityAlert.length,
  ).fill(undefined);
  for (const view of alertViews(context)) for (const entry of view.rows) out[entry.index] = { view, entry };
  return out;
});

/** The rows the profile excuses as tenant repeats, over every alert. */
function allExcused(context: CheckContext, views: readonly AlertView[]): ReadonlySet<number> {
  const out = new Set<number>();
  for (const view of views) for (const index of excusedRepeats(context, view)) out.add(index);
  return out;
}

/** “their fields and values cannot be updated once the event has been saved in the SecurityAlert table” */
const appendOnly: MustInvariant = {
  id: 'ALERT-APPEND-ONLY',
  kind: 'must',
  check(context: CheckContext) {
    const { facts } = context;
    const sentence = 'A SecurityAlert row, once written, is never changed';
    const views = alertViews(context);
    const excused = allExcused(context, views);
    const viewByRow = viewsByRow(context);
    const violations: Violation[] = [];
    let situations = 0;
    let newest: { index: number; time: number } | undefined;
    context.observation.SecurityAlert.forEach((row, index) => {
      const found = viewByRow[index];
      if (!found || excused.has(index)) return;
      const { view, entry } = found;
      situations += 1;
      const time = entry.time;
      if (newest && time < newest.time - TOL) {
        violations.push({
          message:
            `${sentence}: ${describeRow(facts, entry)} comes after row ${newest.index} in the table although that ` +
            `row is stamped later (${clock(newest.time)}), so a row was inserted behind others or restamped`,
          witness: {
            alertRows: [newest.index, index],
            incidentRows: [],
            steps: [],
            alerts: [view.fact.alert],
          },
        });
      }
      if (!newest || time >= newest.time) newest = { index, time };
      const events = view.events;
      if (!events || time < view.fact.raisedAt - TOL || heldBy(events, row.Status, time)) return;
      const took = firstHeld(events, row.Status);
      if (took !== undefined) {
        violations.push({
          message:
            `${sentence}: ${describeRow(facts, entry)} says ${row.Status}, a status ${view.fact.alert} took in MDC ` +
            `only at ${clock(took)}, after the row was written: the row was changed afterwards`,
          witness: { alertRows: [index], incidentRows: [], steps: [], alerts: [view.fact.alert] },
        });
      }
    });
    return conclude(situations, violations);
  },
};

/** A row's alert for messages: the scenario's handle, else its MDC alert name, else its SystemAlertId. */
function handleAt(facts: ScenarioFacts, readings: readonly AlertRowReading[], index: number): string {
  const reading = readings[index];
  if (!reading) return String(index);
  const { row, guid } = reading;
  return facts.alerts.find((a) => a.guid === guid)?.alert ?? reading.name ?? row.SystemAlertId;
}

/** The first two distinct values seen, with the row where each first appeared. */
interface FirstTwo<T> {
  first: T;
  firstRow: number;
  second?: T;
  secondRow?: number;
}

function noteSecond<T>(seen: FirstTwo<T>, value: T, row: number): void {
  if (seen.secondRow === undefined && value !== seen.first) {
    seen.second = value;
    seen.secondRow = row;
  }
}

/** “The SystemAlertId field uniquely identifies the alert.” */
const idStable: MustInvariant = {
  id: 'ALERT-ID-STABLE',
  kind: 'must',
  check(context: CheckContext) {
    const { facts } = context;
    // Per GUID: the first two SystemAlertIds its rows carry (with the row of each), and how many rows;
    // per SystemAlertId: the first rows of the first two GUIDs carrying it.
    const byGuid = new Map<string, FirstTwo<string> & { rows: number }>();
    const byId = new Map<string, FirstTwo<string>>();
    const readings = alertRowReadings(context);
    for (let index = 0; index < readings.length; index++) {
      const { row, guid } = readings[index] as AlertRowReading;
      if (guid === null) continue;
      const id = row.SystemAlertId;
      const group = byGuid.get(guid);
      if (group) {
        group.rows += 1;
        noteSecond(group, id, index);
      } else byGuid.set(guid, { first: id, firstRow: index, rows: 1 });
      const sharing = byId.get(id);
      if (sharing) noteSecond(sharing, guid, index);
      else byId.set(id, { first: guid, firstRow: index });
    }
    const handle = (index: number) => handleAt(facts, readings, index);
    const violations: Violation[] = [];
    for (const group of byGuid.values()) {
      if (group.secondRow === undefined) continue;
      const [first, second] = [group.firstRow, group.secondRow];
      violations.push({
        message:
          `All rows of one MDC alert carry the same SystemAlertId: ${handle(first)} has '${group.first}' in row ` +
          `${first} and '${group.second}' in row ${second}`,
        witness: { alertRows: [first, second], incidentRows: [], steps: [], alerts: [handle(first)] },
      });
    }
    for (const [id, sharing] of byId) {
      if (sharing.secondRow === undefined) continue;
      const [first, second] = [sharing.firstRow, sharing.secondRow];
      violations.push({
        message:
          `Different MDC alerts never share a SystemAlertId: ${handle(first)} (row ${first}) and ` +
          `${handle(second)} (row ${second}) both carry '${id}'`,
        witness: {
          alertRows: [first, second],
          incidentRows: [],
          steps: [],
          alerts: [handle(first), handle(second)],
        },
      });
    }
    let situations = 0;
    if (byGuid.size >= 2) situations = byGuid.size;
    else for (const group of byGuid.values()) if (group.rows >= 2) situations += 1;
    return conclude(situations, violations);
  },
};

/** “the connector creates a new event for the same MDC alert with the updated ‘Resolved’ status” */
const statusNewRow: MustInvariant = {
  id: 'ALERT-STATUS-NEW-ROW',
  kind: 'must',
  check(context: CheckContext) {
    const { facts } = context;
    const violations: Violation[] = [];
    let situations = 0;
    for (const view of alertViews(context)) {
      const events = view.events ?? [];
      // ASSUME-NO-REDUNDANT-ROW: a row per MDC event a connector took, never a second one of its own
      // status without one; the tenant connector's repeats (Q-TENANT-REPEATS) are the quirk's to judge.
      for (const connector of CONNECTORS) {
        const rows = rowsOf(view, connector);
        if (rows.length < 2 || !view.events) continue;
        situations += 1;
        const skip = connector === 'tenant' ? tenantRepeats(context, view) : undefined;
        const redundant = redundantRow(facts, view, connector, skip);
        if (!redundant) continue;
        violations.push({
          message:
            `A connector writes a new row only for a status change it took: ${describeRow(facts, redundant.row)} ` +
            `repeats the status of ${describeRow(facts, redundant.of)}, the ${connectorLabel(connector)}'s previous ` +
            `row of ${view.fact.alert}, and no MDC event of ${view.fact.alert} is left for it to deliver`,
          witness: {
            alertRows: [redundant.of.index, redundant.row.index],
            incidentRows: [],
            steps: [],
            alerts: [view.fact.alert],
          },
        });
      }
      for (const event of events) {
        if (!event.change) continue;
        for (const connector of CONNECTORS) {
          if (coverageOfEvent(facts, connector, view.fact, event) !== 'yes') continue;
          const windowEnd = event.time + delayMax(connector) + TOL;
          if (!observed(facts, windowEnd)) continue;
          const overtaken = events.some(
            (e) => e !== event && e.time >= event.time - TOL && e.time <= windowEnd,
          );
          if (overtaken) continue;
          situations += 1;
          const miss = latestStatusMiss(context, view, connector, event.time, event.status);
          if (!miss) continue;
          const step = stepOfEvent(facts, view.fact.alert, event);
          violations.push({
            message:
              `When an MDC alert's status changes, the connector writes a new row with it: ${view.fact.alert} became ` +
              `${event.status} in MDC at ${clock(event.time)} and the ${connectorLabel(connector)} took the change, ` +
              `so its latest row by ${clock(miss.by)} must say ${sentinelStatusOf(event.status)}; ` +
              describeLatest(facts, miss.latest),
            witness: {
              alertRows: miss.latest ? [miss.latest.index] : [],
              incidentRows: [],
              steps: step === undefined ? [] : [step],
              alerts: [view.fact.alert],
            },
          });
        }
      }
    }
    return conclude(situations, violations);
  },
};

export const alertTableBehaviours: Behaviour[] = [appendOnly, idStable, statusNewRow];
