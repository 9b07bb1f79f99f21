/**
 * The subscription-based (legacy) MDC connector: enabled per subscription, it forwards every MDC event of a
 * covered alert as a SecurityAlert row with an Azure-portal link, never an incident, and with bi-directional
 * sync it carries a rule incident's closing or updating back to MDC. Coverage is decided at each MDC event
 * (ASSUME-COVERAGE-AT-EVENT); delays are anything within ASSUME-SUB-DELAY and ASSUME-SYNC-DELAY. Steps on an
 * incident not yet in Sentinel, or closed, do nothing (ASSUME-STEP-WITHOUT-INCIDENT) and are not judged.
 */
import { SUB_DELAY_MAX_MS, SYNC_DELAY_MAX_MS } from '../assumptions.ts';
import { subscriptionConnectorOn } from '../config.ts';
import type { Behaviour, CheckContext, MustInvariant } from '../invariant.ts';
import { isMdcPortalLink, isXdrLink } from '../links.ts';
import { sentinelStatusOf } from '../rows.ts';
import { parseTime } from '../time.ts';
import { conclude, type Violation } from '../verdict.ts';
import { configAtRaise, type TimedStep } from '../world.ts';
import {
  type AlertView,
  alertViews,
  certainlyTakesChangeAt,
  clock,
  coverageOfEvent,
  covers,
  describeLatest,
  describeRow,
  explainingEvent,
  handleOfRow,
  incidentsHolding,
  incidentViews,
  judgeNoIncident,
  judgeNoSync,
  judgeSyncToMdc,
  latestStatusMiss,
  type MdcEvent,
  mustFromJudgement,
  observed,
  quietAfter,
  rowsOf,
  statusAt,
  TOL,
  viewOf,
} from './support-alerts.ts';

/** “necessitating additional automation or policies to ensure newly created subscriptions also forward alerts to Sentinel” */
const scope: MustInvariant = {
  id: 'SUB-SCOPE',
  kind: 'must',
  check(context: CheckContext) {
    const { facts } = context;
    const violations: Violation[] = [];
    let situations = 0;
    for (const view of alertViews(context)) {
      const events = view.events;
      if (!events) continue;
      const coverage = events.map((e) => coverageOfEvent(facts, 'subscription', view.fact, e));
      if (!coverage.includes('no')) continue;
      situations += 1;
      const subscription = view.fact.subscription;
      const added = facts.steps.find(
        (s) => s.step.type === 'subscription-added' && s.step.subscription === subscription,
      );
      for (const entry of rowsOf(view, 'subscription')) {
        if (explainingEvent(facts, view, entry, 'subscription')) continue;
        const from = entry.time - SUB_DELAY_MAX_MS - TOL;
        let uncoveredNear = false;
        let everCovered = false;
        for (let k = 0; k < events.length; k++) {
          const time = (events[k] as MdcEvent).time;
          if (time > entry.time + TOL) continue;
          if (coverage[k] !== 'no') everCovered = true;
          else if (time >= from) uncoveredNear = true;
        }
        if (!uncoveredNear && everCovered) continue;
        const note = added ? ` (${subscription} was added at step ${added.index})` : '';
        violations.push({
          message:
            `Only alerts of subscriptions the connector is enabled on reach Sentinel through it: ` +
            `${describeRow(facts, entry)} came through the subscription connector, but it was not enabled on ` +
            `${subscription}${note} at any MDC event of ${view.fact.alert} it could be delivering ` +
            `(${clock(from)} to ${clock(entry.time)})`,
          witness: { alertRows: [entry.index], incidentRows: [], steps: [], alerts: [view.fact.alert] },
        });
        break;
      }
    }
    return conclude(situations, violations);
  },
};

/** “the subscription-based connector forwards this alert to Sentinel” */
const forwards: MustInvariant = {
  id: 'SUB-FORWARDS',
  kind: 'must',
  check(context: CheckContext) {
    const { facts } = context;
    const violations: Violation[] = [];
    const undecided: string[] = [];
    let situations = 0;
    for (const view of alertViews(context)) {
      if (view.fact.open.subscription !== null) {
        // ASSUME-COVERAGE-AT-EVENT: left open
        undecided.push(`${view.fact.alert}: ${view.fact.open.subscription}`);
        continue;
      }
      if (!covers('subscription', view.fact, configAtRaise(facts, view.fact))) continue;
      const by = view.fact.raisedAt + SUB_DELAY_MAX_MS + TOL;
      if (!observed(facts, by)) continue;
      situations += 1;
      const rows = rowsOf(view, 'subscription');
      if (rows.some((r) => r.time >= view.fact.raisedAt - TOL && r.time <= by)) continue;
      const late = rows[0];
      violations.push({
        message:
          `An alert raised in a covered subscription reaches SecurityAlert through the subscription connector: ` +
          `${view.fact.alert} was raised at ${clock(view.fact.raisedAt)} in ${view.fact.subscription}, covered ` +
          `then, but the connector wrote no row of it by ${clock(by)}` +
          (late ? ` (its first one is ${describeRow(facts, late)})` : ''),
        witness: {
          alertRows: late ? [late.index] : [],
          incidentRows: [],
          steps: [view.fact.stepIndex],
          alerts: [view.fact.alert],
        },
      });
    }
    return conclude(situations, violations, undecided);
  },
};

/** “it does not automatically generate an incident” */
const noIncident = mustFromJudgement('SUB-NO-INCIDENT', (context) =>
  judgeNoIncident(context, 'subscription', 'The subscription connector writes alerts, never incidents'),
);

/** “the events contain a link if the alert is picked up by the Subscription-based connector” */
const link: MustInvariant = {
  id: 'SUB-LINK',
  kind: 'must',
  check(context: CheckContext) {
    const { facts } = context;
    const violations: Violation[] = [];
    let situations = 0;
    context.observation.SecurityAlert.forEach((row, index) => {
      // Only a declared connector can be judged: without it, the link itself says which connector wrote the row.
      if (row._Connector !== 'subscription') return;
      situations += 1;
      if (isMdcPortalLink(row.AlertLink) && !isXdrLink(row.AlertLink)) return;
      violations.push({
        message:
          `Rows from the subscription connector carry the Defender for Cloud (Azure portal) link: ` +
          `${describeRow(facts, { index, row, time: parseTime(row.TimeGenerated) })} has AlertLink '${row.AlertLink}'`,
        witness: { alertRows: [index], incidentRows: [], steps: [], alerts: [handleOfRow(facts, row)] },
      });
    });
    return conclude(situations, violations);
  },
};

function describeMdcChange(view: AlertView, timed: TimedStep): string {
  const status = timed.step.type === 'mdc-status-changed' ? timed.step.status : '';
  return `${view.fact.alert} became ${status} in MDC at ${clock(timed.at)} (step ${timed.index})`;
}

/** “while the Sentinel incident will remain intact” */
const mdcChangeNotToIncident: MustInvariant = {
  id: 'SUB-MDC-CHANGE-NOT-TO-INCIDENT',
  kind: 'must',
  check(context: CheckContext) {
    const { facts } = context;
    const views = alertViews(context);
    const incidents = incidentViews(context);
    const violations: Violation[] = [];
    let situations = 0;
    for (const timed of facts.steps) {
      const step = timed.step;
      if (step.type !== 'mdc-status-changed') continue;
      const view = viewOf(views, step.alert);
      const events = view?.events;
      if (!view || !events || !certainlyTakesChangeAt(facts, 'subscription', view.fact, timed.at)) continue;
      const before = statusAt(events, timed.at - TOL);
      if (before === null || before === step.status) continue;
      const ruleIncidents = incidentsHolding(incidents, view).filter((i) => !i.xdr);
      if (ruleIncidents.length === 0) continue;
      situations += 1;
      const by = timed.at + SUB_DELAY_MAX_MS + TOL;
      if (observed(facts, by) && quietAfter(facts, view, timed.at, by, timed.index)) {
        const miss = latestStatusMiss(context, view, 'subscription', timed.at, step.status);
        if (miss) {
          violations.push({
            message:
              `A change made in MDC writes a SecurityAlert row with the new status: ${describeMdcChange(view, timed)}, so the subscription ` +
              `connector's latest row by ${clock(miss.by)} must say ${sentinelStatusOf(step.status)}; ` +
              describeLatest(facts, miss.latest),
            witness: {
              alertRows: miss.latest ? [miss.latest.index] : [],
              incidentRows: [],
              steps: [timed.index],
              alerts: [view.fact.alert],
            },
          });
          continue;
        }
      }
      const sentinelSteps = facts.steps.filter(
        (s) =>
          (s.step.type === 'sentinel-incident-closed' || s.step.type === 'sentinel-incident-updated') &&
          s.step.provider === 'Azure Sentinel' &&
          s.step.alert === view.fact.alert,
      );
      for (const incident of ruleIncidents) {
        const changed = incident.rows.find(
          (r) =>
            r !== incident.first &&
            r.time >= timed.at - TOL &&
            !sentinelSteps.some((s) => r.time >= s.at - TOL && r.time <= s.at + SYNC_DELAY_MAX_MS + TOL),
        );
        if (!changed) continue;
        violations.push({
          message:
            `A change made in MDC leaves the rule's Sentinel incident intact: ${describeMdcChange(view, timed)}, and incident ` +
            `#${incident.number} got a new row at ${clock(changed.time)} (Status ${changed.row.Status}) that no ` +
            `Sentinel step on it explains`,
          witness: {
            alertRows: [],
            incidentRows: [changed.index],
            steps: [timed.index],
            alerts: [view.fact.alert],
          },
        });
        break;
      }
    }
    return conclude(situations, violations);
  },
};

/** “the alert in Defender for Cloud will also be closed” */
const syncIncidentToMdc = mustFromJudgement('SUB-SYNC-INCIDENT-TO-MDC', (context) =>
  judgeSyncToMdc(
    context,
    'With bi-directional sync on, changing the Sentinel incident reaches MDC and SecurityAlert',
    () => true,
  ),
);

/** “Consequently, there won’t be anything to be pushed back to MDC.” */
const noSync = mustFromJudgement('SUB-NO-SYNC', (context) =>
  judgeNoSync(
    context,
    'subscription',
    'With sync off, incident changes write no SecurityAlert row and never reach MDC',
    (s) => subscriptionConnectorOn(s.timed.config, s.view.fact.subscription)?.sync === false,
  ),
);

export const subscriptionConnectorBehaviours: Behaviour[] = [
  scope,
  forwards,
  noIncident,
  link,
  mdcChangeNotToIncident,
  syncIncidentToMdc,
  noSync,
];
