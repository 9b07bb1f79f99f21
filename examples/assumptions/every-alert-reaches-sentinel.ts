/**
 * "With a Defender for Cloud connector on, every alert reaches Sentinel": analytics over SecurityAlert
 * assume no alert is missing. Judged for every alert raised while the tenant connector was on, or while
 * the subscription connector covered its subscription: it must have a SecurityAlert row by the end.
 * An alert whose fate a configuration change near its raise leaves open is not judged: a connector decides
 * within 2 minutes either side of the raise (ASSUME-COVERAGE-AT-EVENT), and Defender XDR ingests the alert
 * (and decides by its MDC setting, for the tenant connector) up to 5 minutes after it (ASSUME-XDR-INGEST-DELAY).
 */
import type { Assumption } from '../../src/assume/assumption.ts';

const MINUTE = 60_000;
/** From 2 minutes before the raise to 2 minutes after XDR's latest ingestion. */
const OPEN_BEFORE = 2 * MINUTE;
const OPEN_AFTER = (5 + 2) * MINUTE;

export const everyAlertReachesSentinel: Assumption = {
  id: 'every-alert-reaches-sentinel',
  sentence:
    'With a Defender for Cloud connector enabled, every Defender for Cloud alert reaches SecurityAlert.',
  explainedBy: ['TEN-VIA-XDR', 'XDR-SETTING-NO-ALERTS', 'DOC-TEN-NO-INFORMATIONAL', 'SUB-SCOPE'],
  holds(q) {
    const changes = q
      .steps()
      .filter((s) => s.step.type === 'config-changed')
      .map((s) => Date.parse(s.time));
    let judged = false;
    for (const alert of q.alerts()) {
      const raisedAt = Date.parse(alert.raisedAt);
      if (changes.some((t) => t >= raisedAt - OPEN_BEFORE && t <= raisedAt + OPEN_AFTER)) continue;
      const config = q.configAtRaise(alert.handle);
      const covered = config.subscriptionConnector.some((c) => c.subscription === alert.subscription);
      if (!covered && !config.tenantConnector) continue;
      judged = true;
      if (q.rows(alert.handle).length === 0)
        return `${alert.handle} (${alert.severity}, in ${alert.subscription}) never reached SecurityAlert though the ${covered ? 'subscription' : 'tenant'} connector was on`;
    }
    return judged ? true : undefined;
  },
};
