/**
 * "With a Defender for Cloud connector on, every alert reaches Sentinel": analytics over SecurityAlert
 * assume no alert is missing. Judged for every alert raised while the tenant connector was on, or while
 * the subscription connector covered its subscription: it must have a SecurityAlert row by the end.
 */
import type { Assumption } from '../../src/assume/assumption.ts';

export const everyAlertReachesSentinel: Assumption = {
  id: 'every-alert-reaches-sentinel',
  sentence:
    'With a Defender for Cloud connector enabled, every Defender for Cloud alert reaches SecurityAlert.',
  explainedBy: ['TEN-VIA-XDR', 'XDR-SETTING-NO-ALERTS', 'DOC-TEN-NO-INFORMATIONAL', 'SUB-SCOPE'],
  holds(q) {
    let judged = false;
    for (const alert of q.alerts()) {
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
