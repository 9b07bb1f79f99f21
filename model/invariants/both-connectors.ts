/**
 * Both MDC connectors at once: every alert in scope of both arrives twice, as duplicate rows under one
 * SystemAlertId, and the subscription connector's bi-directional sync still works on the one rule incident,
 * whichever connector's row created it (ASSUME-SUB-SYNC-ANY-FIRST-ROW: the article saw the subscription
 * connector's row come first, and says nothing of the other order). Which connector arrives first is
 * typical, not required: see TEN-SLOWER.
 */
import type { Behaviour, CheckContext, MustInvariant } from '../invariant.ts';
import { conclude, type Violation } from '../verdict.ts';
import { configAtRaise } from '../world.ts';
import {
  alertViews,
  clock,
  covers,
  delayMax,
  describeRow,
  judgeSyncToMdc,
  mustFromJudgement,
  observed,
  rowsOf,
  TOL,
  tenantOpenAt,
} from './support-alerts.ts';

/** “resulting in duplicate alerts being forwarded to Sentinel” */
const duplicates: MustInvariant = {
  id: 'BOTH-DUPLICATES',
  kind: 'must',
  check(context: CheckContext) {
    const { facts } = context;
    const violations: Violation[] = [];
    const undecided: string[] = [];
    let situations = 0;
    for (const view of alertViews(context)) {
      const atRaise = configAtRaise(facts, view.fact);
      const { open } = view.fact;
      const openWhy = open.subscription ?? open.tenant ?? open.xdr;
      if (openWhy !== null) {
        undecided.push(`${view.fact.alert}: ${openWhy}`);
        continue;
      }
      if (!covers('subscription', view.fact, atRaise) || !covers('tenant', view.fact, atRaise)) continue;
      if (!observed(facts, view.fact.raisedAt + delayMax('tenant') + TOL)) continue;
      situations += 1;
      const sub = rowsOf(view, 'subscription');
      const tenant = rowsOf(view, 'tenant');
      const base = { incidentRows: [], steps: [view.fact.stepIndex], alerts: [view.fact.alert] };
      const firstSub = sub[0];
      const firstTenant = tenant[0];
      if (!firstSub || !firstTenant) {
        const missing = firstSub ? 'tenant' : firstTenant ? 'subscription' : 'subscription nor the tenant';
        const present = firstSub ?? firstTenant;
        violations.push({
          message:
            `With both connectors on, an alert in scope of both arrives through both: ${view.fact.alert}, raised at ` +
            `${clock(view.fact.raisedAt)} in ${view.fact.subscription}, has no row from the ${missing} connector`,
          witness: { ...base, alertRows: present ? [present.index] : [] },
        });
        continue;
      }
      const odd = tenant.find((t) => t.row.SystemAlertId !== firstSub.row.SystemAlertId);
      if (odd) {
        violations.push({
          message:
            `With both connectors on, the duplicates share one SystemAlertId: ${describeRow(facts, firstSub)} has ` +
            `'${firstSub.row.SystemAlertId}' but ${describeRow(facts, odd)} has '${odd.row.SystemAlertId}'`,
          witness: { ...base, alertRows: [firstSub.index, odd.index] },
        });
      }
    }
    return conclude(situations, violations, undecided);
  },
};

/** “Bi-directional syncing works on these incidents.” */
const syncApplies = mustFromJudgement('BOTH-SYNC-APPLIES', (context) =>
  judgeSyncToMdc(
    context,
    'With both connectors on and sync on, closing the rule incident writes a Resolved row and closes the MDC alert',
    (s) =>
      s.closed &&
      covers('tenant', s.view.fact, s.timed.config) &&
      tenantOpenAt(s.view.fact, s.timed.at) === null,
  ),
);

export const bothConnectorsBehaviours: Behaviour[] = [duplicates, syncApplies];
