/**
 * A schedule: the choices the real service leaves open, which the reference simulator takes as input
 * so that one scenario can be run under many allowed timings. Entries are per alert, in raise order,
 * used cyclically (alert i takes `perAlert[i % length]`); an empty list means every delay is zero.
 * Anomalies are applied only when the profile allows the quirk.
 */

export interface AlertSchedule {
  /** ≤ SUB_DELAY_MAX_MS. */
  subscriptionDelayMs: number;
  /** ≤ TENANT_DELAY_MAX_MS. */
  tenantDelayMs: number;
  /** ≤ XDR_INCIDENT_DELAY_MAX_MS. */
  xdrIncidentDelayMs: number;
  /** ≤ RULE_DELAY_MAX_MS. */
  ruleDelayMs: number;
  /** ≤ SYNC_DELAY_MAX_MS; used for every sync that concerns this alert or its incidents. */
  syncDelayMs: number;
  /** Q-TENANT-REPEATS: the tenant connector's first row is written again after each of these gaps (≤ TENANT_REPEAT_GAP_MAX_MS). */
  tenantRepeatGapsMs: number[];
  /** Q-FUTURE-TIME: MDC's times for this alert (StartTime, EndTime, its name) lie this far in the future (> 0). */
  futureMs: number;
  /** Q-NON-UTC-STARTTIME: subscription-connector rows write StartTime/EndTime shifted by this many minutes (≠ 0). */
  nonUtcOffsetMinutes: number;
  /** Q-INCIDENT-BEFORE-ALERT: the XDR incident may reach Sentinel before the alert's first row. */
  incidentBeforeAlert: boolean;
}

export interface Schedule {
  perAlert: AlertSchedule[];
}

export const ZERO_ALERT_SCHEDULE: AlertSchedule = {
  subscriptionDelayMs: 0,
  tenantDelayMs: 0,
  xdrIncidentDelayMs: 0,
  ruleDelayMs: 0,
  syncDelayMs: 0,
  tenantRepeatGapsMs: [],
  futureMs: 0,
  nonUtcOffsetMinutes: 0,
  incidentBeforeAlert: false,
};

export function alertSchedule(schedule: Schedule, alertIndex: number): AlertSchedule {
  const { perAlert } = schedule;
  return perAlert.length === 0
    ? ZERO_ALERT_SCHEDULE
    : (perAlert[alertIndex % perAlert.length] ?? ZERO_ALERT_SCHEDULE);
}
