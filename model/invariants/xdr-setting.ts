/**
 * Defender XDR's setting for Defender for Cloud alerts, read as the gate of the XDR route: an alert reaches
 * XDR iff the setting is 'All alerts' when XDR ingests it and it is not Informational (ASSUME-XDR-INGEST-DELAY,
 * DOC-TEN-NO-INFORMATIONAL); only then can the tenant connector or the XDR connector bring anything of it.
 * XDR's side is judged from the observation's XDR alerts and incidents, matched to scenario alerts by the
 * GUID of the MDC alert name. What the XDR connector does with alerts that did reach XDR is the XDR family's.
 */
import type { Behaviour, CheckContext, MustInvariant } from '../invariant.ts';
import { conclude, type Violation } from '../verdict.ts';
import { configAtRaise } from '../world.ts';
import {
  type AlertView,
  alertViews,
  clock,
  configsDuring,
  describeRow,
  excusedRepeats,
  explainingEvent,
  incidentsHolding,
  incidentViews,
  rowsOf,
} from './support-alerts.ts';
import { xdrAlertOf, xdrIncidentsHolding } from './views.ts';

/** A violation for an alert that reached Defender XDR although it must not have, or undefined. */
function reachedXdrViolation(
  context: CheckContext,
  view: AlertView,
  sentence: string,
): Violation | undefined {
  const alert = xdrAlertOf(context, view.fact);
  const incident = xdrIncidentsHolding(context, view.fact)[0];
  if (!alert && !incident) return undefined;
  const what = alert
    ? `Defender XDR received it at ${alert.time}`
    : `Defender XDR incident ${incident?.id} holds it`;
  return {
    message: `${sentence}: ${view.fact.alert} was raised at ${clock(view.fact.raisedAt)}, yet ${what}`,
    witness: { alertRows: [], incidentRows: [], steps: [view.fact.stepIndex], alerts: [view.fact.alert] },
  };
}

/** “with MDC alerts no longer being forwarded to Defender XDR” */
const settingNoAlerts: MustInvariant = {
  id: 'XDR-SETTING-NO-ALERTS',
  kind: 'must',
  check(context: CheckContext) {
    const { facts } = context;
    const violations: Violation[] = [];
    let situations = 0;
    for (const view of alertViews(context)) {
      if (configAtRaise(facts, view.fact).xdrMdcSetting !== 'No alerts' || view.fact.open.xdr !== null)
        continue;
      situations += 1;
      const v = reachedXdrViolation(
        context,
        view,
        "With XDR's MDC setting at 'No alerts', MDC alerts do not reach Defender XDR",
      );
      if (v) violations.push(v);
    }
    return conclude(situations, violations);
  },
};

/** “Defender XDR will still receive the alerts, but they will not be forwarded from XDR to Sentinel” */
const allAlertsNoTenant: MustInvariant = {
  id: 'XDR-ALL-ALERTS-NO-TENANT',
  kind: 'must',
  check(context: CheckContext) {
    const { facts } = context;
    const violations: Violation[] = [];
    const undecided: string[] = [];
    let situations = 0;
    for (const view of alertViews(context)) {
      const atRaise = configAtRaise(facts, view.fact);
      if (!view.fact.reachedXdr || atRaise.tenantConnector) continue;
      // ASSUME-XDR-INGEST-DELAY, ASSUME-COVERAGE-AT-EVENT: a switch near the raise leaves it open.
      const openWhy = view.fact.open.xdr ?? view.fact.open.tenant;
      if (openWhy !== null) {
        undecided.push(`${view.fact.alert}: ${openWhy}`);
        continue;
      }
      situations += 1;
      const base = { incidentRows: [], steps: [view.fact.stepIndex], alerts: [view.fact.alert] };
      if (!xdrAlertOf(context, view.fact)) {
        violations.push({
          message:
            `With 'All alerts' but the tenant connector off, Defender XDR still receives the alerts: ` +
            `${view.fact.alert} was raised at ${clock(view.fact.raisedAt)} and Defender XDR does not hold it`,
          witness: { ...base, alertRows: [] },
        });
        continue;
      }
      const excused = excusedRepeats(context, view);
      const stray = rowsOf(view, 'tenant').find((entry) =>
        excused.has(entry.index)
          ? false
          : view.events
            ? !explainingEvent(facts, view, entry, 'tenant')
            : !configsDuring(facts, view.fact.raisedAt, entry.time).some((c) => c.tenantConnector),
      );
      if (!stray) continue;
      violations.push({
        message:
          `With 'All alerts' but the tenant connector off, nothing of the alerts reaches SecurityAlert through ` +
          `XDR: ${view.fact.alert} was raised at ${clock(view.fact.raisedAt)} with the tenant connector off, yet ` +
          `${describeRow(facts, stray)} came through it with no MDC event it took to deliver`,
        witness: { ...base, alertRows: [stray.index] },
      });
    }
    return conclude(situations, violations, undecided);
  },
};

/** Informational-severity MDC alerts are not integrated into the Defender portal (Microsoft Learn). */
const noInformational: MustInvariant = {
  id: 'DOC-TEN-NO-INFORMATIONAL',
  kind: 'must',
  check(context: CheckContext) {
    const { facts } = context;
    const incidents = incidentViews(context);
    const violations: Violation[] = [];
    let situations = 0;
    for (const view of alertViews(context)) {
      if (view.fact.severity !== 'Informational') continue;
      if (configAtRaise(facts, view.fact).xdrMdcSetting !== 'All alerts') continue;
      situations += 1;
      const sentence = 'Informational MDC alerts do not reach Defender XDR, nor the tenant or XDR connector';
      const inXdr = reachedXdrViolation(context, view, sentence);
      if (inXdr) {
        violations.push(inXdr);
        continue;
      }
      const tenantRow = rowsOf(view, 'tenant')[0];
      if (tenantRow) {
        violations.push({
          message: `${sentence}: ${view.fact.alert} is Informational, yet ${describeRow(facts, tenantRow)} came through the tenant connector`,
          witness: {
            alertRows: [tenantRow.index],
            incidentRows: [],
            steps: [view.fact.stepIndex],
            alerts: [view.fact.alert],
          },
        });
        continue;
      }
      const xdrIncident = incidentsHolding(incidents, view).find((i) => i.xdr);
      if (xdrIncident) {
        violations.push({
          message:
            `${sentence}: ${view.fact.alert} is Informational, yet the XDR connector's incident #${xdrIncident.number} ` +
            `(provider '${xdrIncident.first.row.ProviderName}') holds it`,
          witness: {
            alertRows: [],
            incidentRows: xdrIncident.rows.map((r) => r.index),
            steps: [view.fact.stepIndex],
            alerts: [view.fact.alert],
          },
        });
      }
    }
    return conclude(situations, violations);
  },
};

export const xdrSettingBehaviours: Behaviour[] = [settingNoAlerts, allAlertsNoTenant, noInformational];
