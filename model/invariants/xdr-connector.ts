/**
 * The Defender XDR connector, judged from SecurityIncident and from Defender XDR's and MDC's reported
 * state. An XDR connector incident has an XDR provider name and stands for the XDR incident whose ID is its
 * ProviderIncidentId. Whether the connector brought an incident is decided at the XDR incident's creation
 * (within ASSUME-XDR-INGEST-DELAY and ASSUME-XDR-INCIDENT-CREATE-DELAY of the raise; a switch in that
 * window leaves it open; ASSUME-XDR-CONNECTOR-NEW-INCIDENTS). Alerts any xdr-correlated step names are left to the correlation
 * family (their incidents may have been merged away), except in XDR-INCIDENT-SYNC: closing the incident that
 * holds such an alert is judged once no later correlation can move its alerts, against every alert it holds.
 * Leaves out XDR incident updates that do not close.
 */
import {
  RULE_DELAY_MAX_MS,
  SUB_DELAY_MAX_MS,
  TENANT_DELAY_MAX_MS,
  XDR_INCIDENT_CREATE_DELAY_MAX_MS,
  XDR_INCIDENT_DELAY_MAX_MS,
  XDR_INGEST_DELAY_MAX_MS,
  XDR_SYNC_DELAY_MAX_MS,
} from '../assumptions.ts';
import type { Behaviour, CheckContext, MustInvariant } from '../invariant.ts';
import type { XdrIncidentState } from '../observation.ts';
import { parseTime } from '../time.ts';
import { conclude, type Violation, witness } from '../verdict.ts';
import { type AlertFact, configAtRaise, type ScenarioFacts } from '../world.ts';
import { xdrLinked } from './support-alerts.ts';
import {
  type AlertView,
  alertIdsOfRow,
  alertViews,
  certainlyMatched,
  configsDuring,
  configsFromStep,
  correlatedAlerts,
  describeIncident,
  describeRow,
  everHolds,
  hadStatusDuring,
  type IncidentView,
  idOf,
  incidentRowIndices,
  incidentViews,
  isXdrIncident,
  mdcAlertOf,
  mdcConnectorsCovering,
  nowHolds,
  quoteList,
  ruleIncidentsOf,
  type StepOf,
  sentinelIncidentsOfXdr,
  stepsOf,
  TOL,
  viewOf as viewOfHandle,
  when,
  xdrMirrorsOf,
} from './support-incidents.ts';
import { perFacts, xdrHolds, xdrIncidentsHolding } from './views.ts';

/**
 * How long after the raise an XDR incident may take to reach Sentinel: its own delay, or (ideal profile)
 * the first row of its alert, whichever is later.
 */
const XDR_ARRIVAL_MAX_MS = Math.max(
  XDR_INGEST_DELAY_MAX_MS + XDR_INCIDENT_CREATE_DELAY_MAX_MS + XDR_INCIDENT_DELAY_MAX_MS,
  SUB_DELAY_MAX_MS,
  XDR_INGEST_DELAY_MAX_MS + TENANT_DELAY_MAX_MS,
);

/** An alert that reached XDR while the XDR connector was on, no correlation names, judged early enough. */
const mirroredAlerts = perFacts((facts: ScenarioFacts): readonly AlertFact[] => {
  const correlated = correlatedAlerts(facts);
  return facts.alerts.filter(
    (a) =>
      a.reachedXdr &&
      // ASSUME-XDR-INGEST-DELAY, ASSUME-XDR-INCIDENT-CREATE-DELAY: a switch before XDR made the incident leaves it open.
      a.open.xdr === null &&
      a.open.xdrConnector === null &&
      !correlated.has(a.alert) &&
      configAtRaise(facts, a).xdrConnector &&
      a.raisedAt + XDR_ARRIVAL_MAX_MS + TOL <= facts.endMs,
  );
});

function viewOf(views: readonly AlertView[], alert: AlertFact): AlertView {
  return viewOfHandle(views, alert.alert) ?? { fact: alert, rows: [], ids: new Set() };
}

/** Whether the XDR connector was on from just before the alert's first row until a sync could land. */
function syncingAtFirstRow(facts: ScenarioFacts, alert: AlertView): boolean {
  const first = alert.rows[0];
  return (
    first !== undefined &&
    configsDuring(facts, first.entry.time - TOL, first.entry.time + XDR_SYNC_DELAY_MAX_MS).every(
      (c) => c.xdrConnector,
    )
  );
}

/** Whether the incident reached Sentinel after the alert's first row (so it arrived listing it). */
function arrivedAfterFirstRow(incident: IncidentView, alert: AlertView): boolean {
  const first = alert.rows[0];
  return first !== undefined && incident.since >= first.entry.time + TOL;
}

/** “the incident generation now occurs within the connector itself” */
const xdrCreatesIncidents: MustInvariant = {
  id: 'XDR-CREATES-INCIDENTS',
  kind: 'must',
  check(context) {
    const { facts, observation } = context;
    const incidents = incidentViews(context);
    const mirrored = mirroredAlerts(facts);
    const violations: Violation[] = [];
    let situations = 0;
    for (const xdr of observation.xdr.incidents) {
      const alerts = mirrored.filter((a) => xdrHolds(context, xdr, a));
      const alert = alerts[0];
      if (!alert) continue;
      situations += 1;
      if (sentinelIncidentsOfXdr(incidents, xdr.id).length > 0) continue;
      const impostor = incidents.find((i) => !isXdrIncident(i) && i.providerIncidentId === xdr.id);
      violations.push({
        message:
          `XDR incident '${xdr.id}' (${alerts.map((a) => a.alert).join(', ')}, created ${xdr.createdTime}) ` +
          `was created while the XDR connector was on, but no SecurityIncident with an XDR provider name ` +
          `has ProviderIncidentId '${xdr.id}'` +
          (impostor ? `: ${describeIncident(impostor)} has it with another ProviderName` : ''),
        witness: witness({
          incidentRows: impostor ? incidentRowIndices([impostor]) : [],
          steps: alerts.map((a) => a.stepIndex),
          alerts: alerts.map((a) => a.alert),
        }),
      });
    }
    return conclude(situations, violations);
  },
};

function coverageText(connectors: readonly string[]): string {
  if (connectors.length === 0) return 'no MDC connector covering it';
  if (connectors.length === 2) return 'both MDC connectors covering it';
  return `only the ${connectors[0]} connector covering it`;
}

/** “regardless of the chosen MDC connector” */
const xdrAnyMdcConnector: MustInvariant = {
  id: 'XDR-ANY-MDC-CONNECTOR',
  kind: 'must',
  check(context) {
    const { facts } = context;
    const incidents = incidentViews(context);
    const views = alertViews(context);
    const violations: Violation[] = [];
    let situations = 0;
    for (const alert of mirroredAlerts(facts)) {
      situations += 1;
      const view = viewOf(views, alert);
      const mirrors = xdrMirrorsOf(context, alert);
      if (mirrors.sentinel.length > 0 || incidents.some((i) => isXdrIncident(i) && everHolds(i, view.ids))) {
        continue;
      }
      const coverage = coverageText(mdcConnectorsCovering(configAtRaise(facts, alert), alert));
      const xdrIds = mirrors.xdr.map((x) => `'${x.id}'`).join(', ');
      violations.push({
        message:
          `${alert.alert} reached Defender XDR at ${when(alert.raisedAt)} with the XDR connector on and ` +
          `${coverage}, but no SecurityIncident with an XDR provider name stands for its incident` +
          (xdrIds ? ` (XDR incident ${xdrIds})` : ' (Defender XDR reports no incident holding it)'),
        witness: witness({ steps: [alert.stepIndex], alerts: [alert.alert] }),
      });
    }
    return conclude(situations, violations);
  },
};

/** “the actual alert is forwarded by one of the MDC connectors” */
const xdrAlertFromMdcConnector: MustInvariant = {
  id: 'XDR-ALERT-FROM-MDC-CONNECTOR',
  kind: 'must',
  check(context) {
    const { facts } = context;
    const views = alertViews(context);
    const violations: Violation[] = [];
    let situations = 0;
    for (const alert of mirroredAlerts(facts)) {
      const view = viewOf(views, alert);
      const first = view.rows[0];
      const incident = xdrMirrorsOf(context, alert).sentinel[0];
      if (!first || !incident) continue;
      if (!arrivedAfterFirstRow(incident, view) && !syncingAtFirstRow(facts, view)) continue;
      situations += 1;
      if (nowHolds(incident, view.ids)) continue;
      violations.push({
        message:
          `${alert.alert}'s first row (${describeRow(first)}) came through an MDC connector while the XDR ` +
          `connector was on, but ${describeIncident(incident)} does not link its SystemAlertId ` +
          `${idOf(view)}: its latest row ${incident.latest.index} has AlertIds ` +
          `${quoteList(alertIdsOfRow(incident.latest.row))}`,
        witness: witness({
          alertRows: [first.entry.index],
          incidentRows: incidentRowIndices([incident]),
          alerts: [alert.alert],
        }),
      });
    }
    return conclude(situations, violations);
  },
};

/** “an incident from XDR may be received without an underlying alert” */
const xdrEmptyWithoutMdcConnector: MustInvariant = {
  id: 'XDR-EMPTY-WITHOUT-MDC-CONNECTOR',
  kind: 'must',
  check(context) {
    const { facts } = context;
    const violations: Violation[] = [];
    let situations = 0;
    for (const alert of mirroredAlerts(facts)) {
      const covered = configsFromStep(facts, alert.stepIndex).some(
        (c) => mdcConnectorsCovering(c, alert).length > 0,
      );
      const mirrors = xdrMirrorsOf(context, alert).sentinel;
      if (covered || mirrors.length === 0) continue;
      situations += 1;
      for (const incident of mirrors) {
        const listing = incident.rows.find((r) => alertIdsOfRow(r.row).length > 0);
        if (!listing) continue;
        violations.push({
          message:
            `no MDC connector covered ${alert.alert} (subscription '${alert.subscription}') from its raise ` +
            `on, yet row ${listing.index} of ${describeIncident(incident)} lists AlertIds ` +
            `${quoteList(alertIdsOfRow(listing.row))}`,
          witness: witness({
            incidentRows: [listing.index],
            steps: [alert.stepIndex],
            alerts: [alert.alert],
          }),
        });
        break;
      }
    }
    return conclude(situations, violations);
  },
};

/** “leading to the absence of incidents for MDC detections” */
const xdrNoAlertsNoIncidents: MustInvariant = {
  id: 'XDR-NO-ALERTS-NO-INCIDENTS',
  kind: 'must',
  check(context) {
    const { facts } = context;
    const incidents = incidentViews(context);
    const views = alertViews(context);
    const violations: Violation[] = [];
    let situations = 0;
    for (const alert of facts.alerts) {
      if (configAtRaise(facts, alert).xdrMdcSetting !== 'No alerts' || alert.open.xdr !== null) continue;
      if (!configsFromStep(facts, alert.stepIndex).some((c) => c.xdrConnector)) continue;
      situations += 1;
      const view = viewOf(views, alert);
      const xdrIds = new Set(xdrIncidentsHolding(context, alert).map((x) => x.id));
      const found = incidents.filter(
        (i) => isXdrIncident(i) && (everHolds(i, view.ids) || xdrIds.has(i.providerIncidentId)),
      );
      const first = found[0];
      if (!first) continue;
      violations.push({
        message:
          `${alert.alert} was raised at ${when(alert.raisedAt)} with Defender XDR's MDC setting at ` +
          `'No alerts', yet ${describeIncident(first)} came from the XDR connector for it`,
        witness: witness({
          incidentRows: incidentRowIndices(found),
          steps: [alert.stepIndex],
          alerts: [alert.alert],
        }),
      });
    }
    return conclude(situations, violations);
  },
};

/** “there will be an incident where the Incident provider name is’Microsoft Defender XDR’ and another where the provider is ‘Azure Sentinel’” */
const xdrDuplicateIncidents: MustInvariant = {
  id: 'XDR-DUPLICATE-INCIDENTS',
  kind: 'must',
  check(context) {
    const { facts } = context;
    const incidents = incidentViews(context);
    const views = alertViews(context);
    const violations: Violation[] = [];
    let situations = 0;
    for (const alert of mirroredAlerts(facts)) {
      const view = viewOf(views, alert);
      const obliging = view.rows.find(
        (r) =>
          certainlyMatched(r) &&
          r.entry.time + Math.max(RULE_DELAY_MAX_MS, XDR_SYNC_DELAY_MAX_MS) + TOL <= facts.endMs,
      );
      if (!obliging) continue;
      const mirror = xdrMirrorsOf(context, alert).sentinel[0];
      const listed = syncingAtFirstRow(facts, view) || (mirror && arrivedAfterFirstRow(mirror, view));
      if (!listed) continue;
      situations += 1;
      const rule = ruleIncidentsOf(incidents, view);
      const xdr = incidents.filter((i) => isXdrIncident(i) && everHolds(i, view.ids));
      const missing = [
        ...(xdr.length === 0 ? ['no incident with an XDR provider name'] : []),
        ...(rule.length === 0 ? ["no 'Azure Sentinel' incident"] : []),
      ];
      if (missing.length === 0) continue;
      violations.push({
        message:
          `${alert.alert} reached Defender XDR with the XDR connector on and its ${describeRow(obliging)} ` +
          `arrived under rule(s) ${quoteList(obliging.matchingNames)}, yet ${missing.join(' and ')} holds ` +
          `its SystemAlertId ${idOf(view)}`,
        witness: witness({
          alertRows: [obliging.entry.index],
          incidentRows: incidentRowIndices([...rule, ...xdr]),
          steps: [alert.stepIndex],
          alerts: [alert.alert],
        }),
      });
    }
    return conclude(situations, violations);
  },
};

/** Whether an earlier step (in timeline order) may already have closed the alert's XDR incident. */
function closedEarlier(facts: ScenarioFacts, alert: string, before: number): boolean {
  return facts.steps.some(
    (s) =>
      s.index < before &&
      ((s.step.type === 'sentinel-incident-closed' &&
        s.step.alert === alert &&
        s.step.provider === 'Microsoft XDR') ||
        (s.step.type === 'xdr-incident-closed' && s.step.alert === alert)),
  );
}

interface SyncCase {
  step: StepOf<'sentinel-incident-closed'> | StepOf<'xdr-incident-closed'>;
  alert: AlertFact;
  from: number;
  to: number;
  /** Whether a correlation named the alert before the step: its incident may hold other alerts too. */
  merged: boolean;
}

/** Whether the timeline correlates anything after a step: its incidents' alerts may still move then. */
function correlatesAfter(facts: ScenarioFacts, index: number): boolean {
  return facts.steps.some((s) => s.index > index && s.step.type === 'xdr-correlated');
}

/**
 * Checks that the XDR incident and its MDC alerts were resolved at some moment of the sync window: the
 * alert of the step, and for a merged incident every scenario alert it holds (ASSUME-XDR-CLOSE-RESOLVES-ALERTS).
 */
function resolvedElsewhere(context: CheckContext, sync: SyncCase, xdr: XdrIncidentState): string[] {
  const { alert, from, to } = sync;
  const problems: string[] = [];
  if (!hadStatusDuring(xdr.statusHistory, 'resolved', from, to)) {
    problems.push(`XDR incident '${xdr.id}' was not resolved by ${when(to)}`);
  }
  const held = sync.merged ? context.facts.alerts.filter((a) => xdrHolds(context, xdr, a)) : [alert];
  for (const each of held.includes(alert) ? held : [alert, ...held]) {
    const mdc = mdcAlertOf(context, each);
    const moved = each === alert ? '' : ` (held by XDR incident '${xdr.id}' after correlation)`;
    if (!mdc) problems.push(`MDC reports no alert ${each.alert}`);
    else if (!hadStatusDuring(mdc.statusHistory, 'Resolved', from, to)) {
      problems.push(`MDC alert ${each.alert}${moved} was not Resolved by ${when(to)}`);
    }
  }
  return problems;
}

/** “ensuring that closures in Sentinel are mirrored in Defender XDR (and MDC), and vice versa” */
const xdrIncidentSync: MustInvariant = {
  id: 'XDR-INCIDENT-SYNC',
  kind: 'must',
  check(context) {
    const { facts } = context;
    const incidents = incidentViews(context);
    const correlated = correlatedAlerts(facts);
    const violations: Violation[] = [];
    const undecided: string[] = [];
    let situations = 0;
    const cases: SyncCase[] = [];
    for (const step of [
      ...stepsOf(facts, 'sentinel-incident-closed'),
      ...stepsOf(facts, 'xdr-incident-closed'),
    ]) {
      const alert = facts.alertByHandle.get(step.step.alert);
      if (step.step.type === 'sentinel-incident-closed' && step.step.provider !== 'Microsoft XDR') continue;
      if (!alert?.reachedXdr || alert.open.xdr !== null) continue;
      // A merged incident: judged when no later correlation can move its alerts, and nothing earlier may
      // have closed it through any alert correlation linked to this one.
      const merged = correlated.has(alert.alert);
      if (merged && correlatesAfter(facts, step.index)) continue;
      const linked = merged ? xdrLinked(facts, alert.alert) : [alert.alert];
      if ([...linked].some((a) => closedEarlier(facts, a, step.index))) continue;
      const to = step.at + XDR_SYNC_DELAY_MAX_MS + TOL;
      if (to > facts.endMs) continue;
      cases.push({ step, alert, from: step.at - TOL, to, merged });
    }
    for (const sync of cases.sort((a, b) => a.step.index - b.step.index)) {
      const { step, alert, from, to } = sync;
      const xdr = xdrIncidentsHolding(context, alert)[0];
      const incident = xdr ? sentinelIncidentsOfXdr(incidents, xdr.id)[0] : undefined;
      const inSentinel =
        incident !== undefined &&
        incident.since <= from &&
        !incident.rows.some((r) => r.row.Status === 'Closed' && r.time < from);
      // The witness of a violation (built only when there is one).
      const base = () => ({
        incidentRows: incident ? incidentRowIndices([incident]) : [],
        steps: [step.index],
        alerts: [alert.alert],
      });
      if (step.step.type === 'sentinel-incident-closed') {
        // Closing in Sentinel: only an incident in Sentinel and open, with the connector on, syncs.
        if (!xdr || !incident || !inSentinel || !step.config.xdrConnector) continue;
        situations += 1;
        const problems = resolvedElsewhere(context, sync, xdr);
        if (problems.length > 0) {
          violations.push({
            message:
              `${describeIncident(incident)} (${alert.alert}) was closed in Sentinel at ${when(step.at)} ` +
              `with the XDR connector on, but ${problems.join(' and ')}`,
            witness: witness(base()),
          });
        }
        continue;
      }
      // Closing in XDR: the XDR incident resolves with its MDC alerts; Sentinel follows with the connector on.
      // An incident XDR created at the step's instant (or after) may not have existed yet: either order is allowed.
      if (!xdr) continue;
      if (!(parseTime(xdr.createdTime) < step.at - TOL)) {
        undecided.push(
          `${alert.alert}: its XDR incident was closed in XDR at ${when(step.at)}, when XDR may not have created it yet (created ${xdr.createdTime})`,
        );
        continue;
      }
      situations += 1;
      const problems = resolvedElsewhere(context, sync, xdr);
      if (step.config.xdrConnector && incident && inSentinel) {
        const closed = incident.rows.some((r) => r.row.Status === 'Closed' && r.time >= from && r.time <= to);
        if (!closed) problems.push(`${describeIncident(incident)} got no Closed row by ${when(to)}`);
      }
      if (problems.length > 0) {
        violations.push({
          message: `the XDR incident of ${alert.alert} was closed in XDR at ${when(step.at)}, but ${problems.join(' and ')}`,
          witness: witness(base()),
        });
      }
    }
    return conclude(situations, violations, undecided);
  },
};

export const xdrConnectorBehaviours: Behaviour[] = [
  xdrCreatesIncidents,
  xdrIncidentSync,
  xdrAnyMdcConnector,
  xdrAlertFromMdcConnector,
  xdrEmptyWithoutMdcConnector,
  xdrNoAlertsNoIncidents,
  xdrDuplicateIncidents,
];
