/**
 * "An incident's status follows MDC": a SOC that resolves alerts in Defender for Cloud expects the Sentinel
 * incidents to close with them. Judged for every resolve or dismiss in Defender for Cloud of an alert some
 * incident held before that moment (an incident created at the same instant is not judged: instants only bound): those incidents must be Closed at the end.
 */
import type { Assumption } from '../../src/assume/assumption.ts';

export const statusFollowsMdc: Assumption = {
  id: 'status-follows-mdc',
  sentence:
    'When an alert is resolved or dismissed in Defender for Cloud, the Sentinel incidents holding it close.',
  explainedBy: ['SUB-MDC-CHANGE-NOT-TO-INCIDENT', 'TEN-MIRRORS-MDC', 'XDR-INCIDENT-SYNC'],
  holds(q) {
    let judged = false;
    for (const { time, step } of q.steps()) {
      if (step.type !== 'mdc-status-changed') continue;
      if (step.status !== 'Resolved' && step.status !== 'Dismissed') continue;
      const at = Date.parse(time);
      const holding = q
        .incidentsEverHolding(step.alert)
        .filter((i) => Date.parse(i.createdTime) < at && !i.redirected);
      if (holding.length === 0) continue;
      judged = true;
      const open = holding.find((i) => i.status !== 'Closed');
      if (open)
        return `${step.alert} was set to ${step.status} in Defender for Cloud at ${time.slice(11, 16)}; incident ${open.number} by ${open.provider} stayed ${open.status}`;
    }
    return judged ? true : undefined;
  },
};
