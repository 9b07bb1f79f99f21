/**
 * What an implementation reports back for a scenario: the SecurityAlert and SecurityIncident rows it
 * wrote, in the order they were written, plus the end state of the two other products as seen from their
 * own portals: each MDC alert's status history and Defender XDR's alerts and incidents. Times are ISO-8601
 * UTC on the scenario's clock.
 */

import type { SecurityAlertRow, SecurityIncidentRow } from './tables.ts';
import type { MdcStatus } from './timeline.ts';

export interface MdcAlertState {
  /** The MDC alert name `<reverseTicks>_<GUID>`. */
  name: string;
  /** Every status the alert held, oldest first; the first entry is its creation (Active). */
  statusHistory: { time: string; status: MdcStatus }[];
}

export const XDR_INCIDENT_STATUSES = ['active', 'inProgress', 'resolved', 'redirected'] as const;
export type XdrIncidentStatus = (typeof XDR_INCIDENT_STATUSES)[number];

export interface XdrIncidentState {
  /** Defender XDR's incident ID; the Sentinel incident's ProviderIncidentId. */
  id: string;
  createdTime: string;
  /** MDC alert names the incident holds at the end. */
  alertNames: string[];
  statusHistory: { time: string; status: XdrIncidentStatus }[];
  /** Set when the incident was redirected into another one. */
  redirectIncidentId?: string;
}

export interface Observation {
  /** Rows in the order they were written (arrival order). */
  SecurityAlert: SecurityAlertRow[];
  /** Rows in the order they were written. */
  SecurityIncident: SecurityIncidentRow[];
  mdc: { alerts: MdcAlertState[] };
  xdr: {
    /** MDC alert names that reached Defender XDR, with when. */
    alerts: { name: string; time: string }[];
    incidents: XdrIncidentState[];
  };
}
