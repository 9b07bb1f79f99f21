/**
 * "Every MDC alert yields exactly one incident": a playbook that runs once per incident, or a metric that
 * counts incidents as alerts, assumes it. Judged for every alert that reached Sentinel (has a SecurityAlert
 * row): the incidents whose latest row holds one of its SystemAlertIds, leaving out incidents Defender XDR
 * closed as redirected into another.
 */
import type { Assumption } from '../../src/assume/assumption.ts';

export const oneIncidentPerAlert: Assumption = {
  id: 'one-incident-per-alert',
  sentence: 'Every Defender for Cloud alert that reaches Sentinel is held by exactly one incident.',
  // Both connectors on do not break it: their duplicate rows share one SystemAlertId (BOTH-DUPLICATES) and a
  // rule makes one incident per SystemAlertId (RULE-ONE-INCIDENT).
  explainedBy: [
    'XDR-DUPLICATE-INCIDENTS',
    'RULE-REQUIRED',
    'SUB-NO-INCIDENT',
    'TEN-NO-INCIDENT',
    'XDR-CREATES-INCIDENTS',
    'DOC-TEN-NO-INFORMATIONAL',
  ],
  holds(q) {
    let judged = false;
    for (const alert of q.alerts()) {
      if (q.rows(alert.handle).length === 0) continue;
      judged = true;
      const held = q.incidentsOf(alert.handle).filter((i) => !i.redirected);
      if (held.length !== 1) {
        const which = held.map((i) => `incident ${i.number} by ${i.provider}`).join(', ');
        return `${alert.handle} is held by ${held.length} incidents${which ? ` (${which})` : ''}`;
      }
    }
    return judged ? true : undefined;
  },
};
