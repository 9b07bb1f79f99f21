/**
 * "XDR incidents always hold their alerts": a playbook triggered by a Defender XDR incident that reads the
 * incident's alerts (AlertIds → SecurityAlert) assumes there is something to read. Judged for every
 * incident the Defender XDR connector brought into Sentinel, except those XDR closed as redirected.
 */
import type { Assumption } from '../../src/assume/assumption.ts';

export const xdrIncidentsHoldAlerts: Assumption = {
  id: 'xdr-incidents-hold-alerts',
  sentence: 'Every incident the Defender XDR connector brings into Sentinel lists its alerts in AlertIds.',
  explainedBy: [
    'XDR-EMPTY-WITHOUT-MDC-CONNECTOR',
    'XDR-ALERT-FROM-MDC-CONNECTOR',
    'XDR-ANY-MDC-CONNECTOR',
    'SUB-SCOPE',
  ],
  holds(q) {
    const fromXdr = q.incidents().filter((i) => i.fromXdr && !i.redirected);
    if (fromXdr.length === 0) return undefined;
    const empty = fromXdr.find((i) => i.alertIds.length === 0);
    return empty ? `incident ${empty.number} by ${empty.provider} holds no alert (AlertIds is empty)` : true;
  },
};
