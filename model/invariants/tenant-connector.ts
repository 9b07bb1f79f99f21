/**
 * The tenant-based MDC connector: one switch for every subscription of the tenant, later ones included, that
 * reads MDC alerts through Defender XDR (so only alerts that reached XDR), mirrors MDC changes as new rows
 * with a Defender XDR link, writes no incident and carries nothing back to MDC. Connectors forward an alert's
 * status as of the moment they forward it, whichever event they are delivering (TEN-LATEST-STATUS, judged for
 * both connectors). Delays are anything within ASSUME-TENANT-DELAY; under a profile allowing Q-TENANT-REPEATS
 * a repeated row is excused from the status checks and left to the quirk detector.
 */
import type { Behaviour, CheckContext, MustInvariant, TypicalCheck } from '../invariant.ts';
import { isXdrLink } from '../links.ts';
import { connectorOfRow, sentinelStatusOf } from '../rows.ts';
import { parseTime } from '../time.ts';
import { conclude, type Violation } from '../verdict.ts';
import { configAtRaise } from '../world.ts';
import {
  alertViews,
  certainlyTakesChangeAt,
  clock,
  configsDuring,
  covers,
  delayMax,
  describeLatest,
  describeRow,
  excusedRepeats,
  firstHeld,
  handleOfRow,
  heldAround,
  heldBy,
  judgeNoIncident,
  judgeNoSync,
  latestStatusMiss,
  mustFromJudgement,
  observed,
  quietAfter,
  rowsOf,
  statusAt,
  syncOn,
  TOL,
  tenantOpenAt,
  viewOf,
} from './support-alerts.ts';

/** “it does not offer the option to selectively configure alert collection from specific subscriptions” */
const scope: MustInvariant = {
  id: 'TEN-SCOPE',
  kind: 'must',
  check(context: CheckContext) {
    const { facts, scenario } = context;
    const violations: Violation[] = [];
    const open: string[] = [];
    let situations = 0;
    for (const view of alertViews(context)) {
      const atRaise = configAtRaise(facts, view.fact);
      // ASSUME-XDR-INGEST-DELAY, ASSUME-COVERAGE-AT-EVENT: a switch near the raise leaves it open.
      const openWhy = view.fact.open.tenant ?? view.fact.open.xdr;
      if (openWhy !== null) {
        open.push(`${view.fact.alert}: ${openWhy}`);
        continue;
      }
      if (!covers('tenant', view.fact, atRaise)) continue;
      const by = view.fact.raisedAt + delayMax('tenant') + TOL;
      if (!observed(facts, by)) continue;
      situations += 1;
      const rows = rowsOf(view, 'tenant');
      if (rows.some((r) => r.time >= view.fact.raisedAt - TOL && r.time <= by)) continue;
      const subscription = view.fact.subscription;
      const note = !scenario.config.subscriptions.includes(subscription)
        ? `, a subscription added during the scenario`
        : covers('subscription', view.fact, atRaise)
          ? ''
          : `, which the subscription connector does not cover`;
      violations.push({
        message:
          `The tenant connector covers every subscription of the tenant: ${view.fact.alert} was raised at ` +
          `${clock(view.fact.raisedAt)} in ${subscription}${note}, with the connector on and the alert in ` +
          `Defender XDR, but it wrote no row of it by ${clock(by)}`,
        witness: {
          alertRows: rows[0] ? [rows[0].index] : [],
          incidentRows: [],
          steps: [view.fact.stepIndex],
          alerts: [view.fact.alert],
        },
      });
    }
    return conclude(situations, violations, open);
  },
};

/** “this new connector forwards alerts to Sentinel and does not create incidents” */
const noIncident = mustFromJudgement('TEN-NO-INCIDENT', (context) =>
  judgeNoIncident(context, 'tenant', 'The tenant connector writes alerts, never incidents'),
);

/** “any modifications made in MDC are mirrored in the SecurityAlert table” */
const mirrorsMdc: MustInvariant = {
  id: 'TEN-MIRRORS-MDC',
  kind: 'must',
  check(context: CheckContext) {
    const { facts } = context;
    const views = alertViews(context);
    const violations: Violation[] = [];
    let situations = 0;
    for (const timed of facts.steps) {
      const step = timed.step;
      if (step.type !== 'mdc-status-changed') continue;
      const view = viewOf(views, step.alert);
      const events = view?.events;
      if (!view || !events || tenantOpenAt(view.fact, timed.at) !== null) continue;
      if (!certainlyTakesChangeAt(facts, 'tenant', view.fact, timed.at)) continue;
      const before = statusAt(events, timed.at - TOL);
      if (before === null || before === step.status) continue;
      const by = timed.at + delayMax('tenant') + TOL;
      if (!observed(facts, by) || !quietAfter(facts, view, timed.at, by, timed.index)) continue;
      situations += 1;
      const miss = latestStatusMiss(context, view, 'tenant', timed.at, step.status);
      if (!miss) continue;
      violations.push({
        message:
          `A change made in MDC is mirrored as a new SecurityAlert row: ${view.fact.alert} became ${step.status} in ` +
          `MDC at ${clock(timed.at)} (step ${timed.index}) with the tenant connector on, so its latest row by ` +
          `${clock(miss.by)} must say ${sentinelStatusOf(step.status)}; ${describeLatest(facts, miss.latest)}`,
        witness: {
          alertRows: miss.latest ? [miss.latest.index] : [],
          incidentRows: [],
          steps: [timed.index],
          alerts: [view.fact.alert],
        },
      });
    }
    return conclude(situations, violations);
  },
};

/** “changes made to the Sentinel incident do not trigger the creation of a new event” */
const noSync = mustFromJudgement('TEN-NO-SYNC', (context) =>
  judgeNoSync(
    context,
    'tenant',
    'Changes to the Sentinel incident write no row through the tenant connector and never reach MDC',
    (s) => covers('tenant', s.view.fact, s.timed.config) && !syncOn(s.timed.config, s.view.fact),
  ),
);

/** “this change also resulted in the Tenant-based MDC connector not forwarding any alerts to Sentinel” */
const viaXdr: MustInvariant = {
  id: 'TEN-VIA-XDR',
  kind: 'must',
  check(context: CheckContext) {
    const { facts } = context;
    const violations: Violation[] = [];
    let situations = 0;
    for (const view of alertViews(context)) {
      if (configAtRaise(facts, view.fact).xdrMdcSetting !== 'No alerts' || view.fact.open.xdr !== null)
        continue;
      if (!configsDuring(facts, view.fact.raisedAt, facts.endMs).some((c) => c.tenantConnector)) continue;
      situations += 1;
      const first = rowsOf(view, 'tenant')[0];
      if (!first) continue;
      violations.push({
        message:
          `The tenant connector forwards only alerts that reached Defender XDR: ${view.fact.alert} was raised at ` +
          `${clock(view.fact.raisedAt)} with XDR's MDC setting at 'No alerts', yet ${describeRow(facts, first)} ` +
          `came through the tenant connector`,
        witness: {
          alertRows: [first.index],
          incidentRows: [],
          steps: [view.fact.stepIndex],
          alerts: [view.fact.alert],
        },
      });
    }
    return conclude(situations, violations);
  },
};

/** “they include a (Defender XDR) link if the alert is picked up by the Tenant-based connector” */
const link: MustInvariant = {
  id: 'TEN-LINK',
  kind: 'must',
  check(context: CheckContext) {
    const { facts } = context;
    const violations: Violation[] = [];
    let situations = 0;
    context.observation.SecurityAlert.forEach((row, index) => {
      // Only a declared connector can be judged: without it, the link itself says which connector wrote the row.
      if (row._Connector !== 'tenant') return;
      situations += 1;
      if (isXdrLink(row.AlertLink)) return;
      violations.push({
        message:
          `Rows from the tenant connector carry a Defender XDR link: ` +
          `${describeRow(facts, { index, row, time: parseTime(row.TimeGenerated) })} has AlertLink '${row.AlertLink}'`,
        witness: { alertRows: [index], incidentRows: [], steps: [], alerts: [handleOfRow(facts, row)] },
      });
    });
    return conclude(situations, violations);
  },
};

/** “the connectors capture the most recent status of the Defender for Cloud alerts” */
const latestStatus: MustInvariant = {
  id: 'TEN-LATEST-STATUS',
  kind: 'must',
  check(context: CheckContext) {
    const { facts } = context;
    const violations: Violation[] = [];
    let situations = 0;
    for (const view of alertViews(context)) {
      const events = view.events;
      if (!events) continue;
      const excused = excusedRepeats(context, view);
      for (const entry of view.rows) {
        if (excused.has(entry.index) || entry.time < view.fact.raisedAt - TOL) continue;
        const changedBefore = events.some((e) => e.change && e.time < entry.time + TOL);
        const status = entry.row.Status;
        const fine = heldAround(events, entry.time, status);
        // A status taken only after the row was written is ALERT-APPEND-ONLY's.
        const fromTheFuture = !heldBy(events, status, entry.time) && firstHeld(events, status) !== undefined;
        if (changedBefore || (!fine && !fromTheFuture)) situations += 1;
        if (fine || fromTheFuture) continue;
        const current = statusAt(events, entry.time);
        const since = [...events].reverse().find((e) => e.time <= entry.time)?.time ?? view.fact.raisedAt;
        violations.push({
          message:
            `A connector forwards the alert's status as of the moment it forwards it: ${describeRow(facts, entry)} ` +
            `says ${status}, but ${view.fact.alert} was ${current ?? 'not raised'} in MDC then (since ${clock(since)})`,
          witness: { alertRows: [entry.index], incidentRows: [], steps: [], alerts: [view.fact.alert] },
        });
      }
    }
    return conclude(situations, violations);
  },
};

/** “The delay of the tenant-based connector is typically bigger” */
const slower: TypicalCheck = {
  id: 'TEN-SLOWER',
  kind: 'typical',
  minRate: 0.5,
  sample(context: CheckContext) {
    let situations = 0;
    let successes = 0;
    for (const view of alertViews(context)) {
      const firstSub = view.rows.find((r) => connectorOfRow(r.row) === 'subscription');
      const firstTenant = view.rows.find((r) => connectorOfRow(r.row) === 'tenant');
      if (!firstSub || !firstTenant) continue;
      situations += 1;
      if (firstTenant.index > firstSub.index) successes += 1;
    }
    return { situations, successes };
  },
};

export const tenantConnectorBehaviours: Behaviour[] = [
  scope,
  noIncident,
  mirrorsMdc,
  noSync,
  viaXdr,
  link,
  latestStatus,
  slower,
];
