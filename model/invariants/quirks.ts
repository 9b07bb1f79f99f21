/**
 * Detectors of the four anomalies the article saw in the real service. They report every occurrence and
 * judge nothing: the `ideal` profile forbids them all, the `observed` profile allows them, and trace checking
 * of real data reports them. Each is read from the tables with the same predicates the invariants use to
 * excuse it (support-alerts.ts), so what a profile allows is exactly what is detected. An XDR incident that
 * arrives before its alert is a quirk only when an MDC connector took the alert's raise: otherwise the
 * semantics lets it come first.
 */
import type { Behaviour, CheckContext, QuirkDetector, QuirkOccurrence } from '../invariant.ts';
import { isXdrProvider, type SecurityIncidentRow } from '../tables.ts';
import { MINUTE, parseTime } from '../time.ts';
import { configAtRaise } from '../world.ts';
import {
  alertViews,
  clock,
  covers,
  describeRow,
  handleOfRow,
  isFutureTimeRow,
  nonUtcOffsetOf,
  TOL,
  tenantRepeats,
} from './support-alerts.ts';
import { alertOfRowAt, alertRowReadings, perContext, perFactsBy, xdrIncidentsHolding } from './views.ts';

/** “I observed alerts containing future time” */
const futureTime: QuirkDetector = {
  id: 'Q-FUTURE-TIME',
  kind: 'quirk',
  detect(context: CheckContext) {
    const { facts } = context;
    const out: QuirkOccurrence[] = [];
    alertRowReadings(context).forEach((reading, index) => {
      if (reading.name === null) return;
      const { row } = reading;
      const fact = alertOfRowAt(context, index);
      if (!isFutureTimeRow(reading, fact)) return;
      const entry = reading;
      const start = reading.nameStart as number;
      const reference = fact ? `${fact.alert} was raised at ${clock(fact.raisedAt)}` : `TimeGenerated`;
      out.push({
        message: `${describeRow(facts, entry)} has a name and StartTime at ${clock(start)}, in the future: ${reference}`,
        witness: { alertRows: [index], incidentRows: [], steps: [], alerts: [handleOfRow(facts, row)] },
      });
    });
    return out;
  },
};

/** “StartTime field in Sentinel does not contain UTC time” */
const nonUtcStartTime: QuirkDetector = {
  id: 'Q-NON-UTC-STARTTIME',
  kind: 'quirk',
  detect(context: CheckContext) {
    const { facts } = context;
    const out: QuirkOccurrence[] = [];
    alertRowReadings(context).forEach((reading, index) => {
      const offset = nonUtcOffsetOf(reading);
      if (offset === null) return;
      const { row } = reading;
      const entry = reading;
      const sign = offset > 0 ? '+' : '-';
      out.push({
        message:
          `${describeRow(facts, entry)} has StartTime ${row.StartTime}, ${sign}${Math.abs(offset) / MINUTE} min from ` +
          `the UTC start its name encodes (${clock(reading.nameStart as number)})`,
        witness: { alertRows: [index], incidentRows: [], steps: [], alerts: [handleOfRow(facts, row)] },
      });
    });
    return out;
  },
};

/** The XDR connector's incident rows, by ProviderIncidentId, each with its time (TimeGenerated, else LastModifiedTime). */
const xdrIncidentRows = perContext((context) => {
  const groups = new Map<string, { index: number; row: SecurityIncidentRow; time: number }[]>();
  context.observation.SecurityIncident.forEach((row, index) => {
    if (!isXdrProvider(row.ProviderName)) return;
    const generated = parseTime(row.TimeGenerated);
    const time = Number.isFinite(generated) ? generated : parseTime(row.LastModifiedTime);
    const group = groups.get(row.ProviderIncidentId) ?? [];
    group.push({ index, row, time });
    groups.set(row.ProviderIncidentId, group);
  });
  return groups;
});

/** The first correlation step naming the alert, if any. */
const firstCorrelation = perFactsBy((facts, alert: string) =>
  facts.steps.find((s) => s.step.type === 'xdr-correlated' && s.step.alerts.includes(alert)),
);

/** “the Defender XDR incident arrived to Sentinel before the related alert” */
const incidentBeforeAlert: QuirkDetector = {
  id: 'Q-INCIDENT-BEFORE-ALERT',
  kind: 'quirk',
  detect(context: CheckContext) {
    const { facts } = context;
    const out: QuirkOccurrence[] = [];
    const groups = xdrIncidentRows(context);
    for (const view of alertViews(context)) {
      const fact = view.fact;
      const firstRow = view.rows.reduce<(typeof view.rows)[number] | undefined>(
        (best, r) => (!best || r.time < best.time ? r : best),
        undefined,
      );
      if (!firstRow) continue;
      const atRaise = configAtRaise(facts, fact);
      // Whether a connector took the raise is open when one was switched near it: not judged then.
      if (fact.open.subscription !== null || fact.open.tenant !== null || fact.open.xdr !== null) continue;
      if (!covers('subscription', fact, atRaise) && !covers('tenant', fact, atRaise)) continue;
      // Its own incident: the one XDR made for it at its raise. Until the alert takes part in a correlation,
      // that is the only one holding it; after, a merge may have moved it into an older incident.
      const correlated = firstCorrelation(facts, fact.alert);
      const heldInXdr = correlated ? undefined : xdrIncidentsHolding(context, fact);
      if (heldInXdr?.length === 0) continue;
      for (const [id, rows] of groups) {
        const own = correlated
          ? rows.some(
              (r) => r.time < correlated.at - TOL && r.row.AlertIds.some((a) => view.systemAlertIds.has(a)),
            )
          : heldInXdr?.some((i) => i.id === id);
        if (!own) continue;
        const earliest = rows.reduce((best, r) => (r.time < best.time ? r : best));
        if (!(earliest.time < firstRow.time - TOL)) continue;
        out.push({
          message:
            `XDR incident ${id} of ${fact.alert} reached Sentinel at ${clock(earliest.time)} (incident row ` +
            `${earliest.index}), before the alert's first SecurityAlert row, ${describeRow(facts, firstRow)}`,
          witness: {
            alertRows: [firstRow.index],
            incidentRows: [earliest.index],
            steps: [fact.stepIndex],
            alerts: [fact.alert],
          },
        });
      }
    }
    return out;
  },
};

/** “the same MDC alert was forwarded to Sentinel multiple times” */
const tenantRepeatsSeen: QuirkDetector = {
  id: 'Q-TENANT-REPEATS',
  kind: 'quirk',
  detect(context: CheckContext) {
    const { facts } = context;
    const out: QuirkOccurrence[] = [];
    for (const view of alertViews(context)) {
      const repeats = tenantRepeats(context, view);
      for (const entry of view.rows) {
        const repeat = repeats.get(entry.index);
        if (!repeat) continue;
        const why =
          repeat.reason === 'consecutive'
            ? "while the connector's previous row already said it"
            : repeat.reason === 'no-change'
              ? 'with no MDC change between them'
              : `although ${view.fact.alert} no longer held that status`;
        out.push({
          message: `${describeRow(facts, entry)} repeats ${describeRow(facts, repeat.of)} ${why}`,
          witness: {
            alertRows: [repeat.of.index, entry.index],
            incidentRows: [],
            steps: [],
            alerts: [view.fact.alert],
          },
        });
      }
    }
    return out;
  },
};

export const quirkBehaviours: Behaviour[] = [
  futureTime,
  nonUtcStartTime,
  incidentBeforeAlert,
  tenantRepeatsSeen,
];
