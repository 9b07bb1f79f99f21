/**
 * "Closing the Sentinel incident resolves the MDC alert": an analyst who closes incidents in Sentinel and
 * never opens Defender for Cloud assumes it. Judged for every closure step, in Sentinel, of an incident
 * (found by identity: the step's provider, one of the alert's SystemAlertIds in its AlertIds) that is Closed
 * at the end and not closed by Defender XDR as redirected: Defender for Cloud must show the alert Resolved or
 * Dismissed at or after that moment (or already show it so). An incident's CreatedTime only bounds: an XDR
 * incident may reach Sentinel minutes after XDR created it, and a step on an incident not yet in Sentinel does
 * nothing (ASSUME-STEP-WITHOUT-INCIDENT), so the incident must show the closure, not merely predate it.
 */
import type { Assumption } from '../../src/assume/assumption.ts';

export const closeResolvesMdc: Assumption = {
  id: 'close-resolves-mdc',
  sentence: 'Closing an incident in Sentinel resolves the Defender for Cloud alert it holds.',
  explainedBy: [
    'SUB-SYNC-INCIDENT-TO-MDC',
    'SUB-NO-SYNC',
    'TEN-NO-SYNC',
    'BOTH-SYNC-APPLIES',
    'XDR-INCIDENT-SYNC',
  ],
  holds(q) {
    let judged = false;
    for (const { time, step } of q.steps()) {
      if (step.type !== 'sentinel-incident-closed') continue;
      const closedAt = Date.parse(time);
      const existed = q
        .incidentsEverHolding(step.alert)
        .filter(
          (i) =>
            i.provider === step.provider &&
            i.status === 'Closed' &&
            !i.redirected &&
            Date.parse(i.createdTime) <= closedAt,
        );
      if (existed.length === 0) continue;
      judged = true;
      // Resolved (or Dismissed) at the moment of the closure already, or at some moment after it.
      const history = q.mdcStatusHistory(step.alert);
      const closedState = (s: string) => s === 'Resolved' || s === 'Dismissed';
      const atClosure = history.filter((h) => Date.parse(h.time) <= closedAt).at(-1);
      const resolved =
        (atClosure !== undefined && closedState(atClosure.status)) ||
        history.some((h) => Date.parse(h.time) >= closedAt && closedState(h.status));
      if (!resolved)
        return `the ${step.provider} incident of ${step.alert} was closed in Sentinel at ${time.slice(11, 16)}, and Defender for Cloud never resolved ${step.alert} after it`;
    }
    return judged ? true : undefined;
  },
};
