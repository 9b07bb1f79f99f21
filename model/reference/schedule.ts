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
  /** ≤ XDR_INGEST_DELAY_MAX_MS: Defender XDR ingests the alert (and decides by its setting then) this long after the raise. */
  xdrIngestDelayMs: number;
  /** ≤ XDR_INCIDENT_CREATE_DELAY_MAX_MS: Defender XDR creates the alert's incident this long after ingesting it. */
  xdrIncidentCreateDelayMs: number;
  /** ≤ XDR_INCIDENT_DELAY_MAX_MS: the XDR connector brings a new XDR incident this long after XDR created it. */
  xdrIncidentDelayMs: number;
  /** ≤ RULE_DELAY_MAX_MS. */
  ruleDelayMs: number;
  /** ≤ SYNC_DELAY_MAX_MS; bi-directional sync of this alert's rule incident to MDC. */
  syncDelayMs: number;
  /** ≤ XDR_SYNC_DELAY_MAX_MS; every sync through the XDR connector that concerns this alert's XDR incident. */
  xdrSyncDelayMs: number;
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
  /**
   * Tie order: false (the default) lets every event due at a step's instant happen before the step, and
   * events due at one instant happen in the order they were caused; true runs the step first and such
   * events in the reverse order. The article leaves both open (ASSUME-TIES).
   */
  reverseTies?: boolean;
}

export const ZERO_ALERT_SCHEDULE: AlertSchedule = {
  subscriptionDelayMs: 0,
  tenantDelayMs: 0,
  xdrIngestDelayMs: 0,
  xdrIncidentCreateDelayMs: 0,
  xdrIncidentDelayMs: 0,
  ruleDelayMs: 0,
  syncDelayMs: 0,
  xdrSyncDelayMs: 0,
  tenantRepeatGapsMs: [],
  futureMs: 0,
  nonUtcOffsetMinutes: 0,
  incidentBeforeAlert: false,
};

/** Alert `alertIndex`'s entry; fields an older schedule file lacks are zero. */
export function alertSchedule(schedule: Schedule, alertIndex: number): AlertSchedule {
  const { perAlert } = schedule;
  const entry = perAlert.length === 0 ? undefined : perAlert[alertIndex % perAlert.length];
  if (entry === undefined) return ZERO_ALERT_SCHEDULE;
  return entry.xdrIngestDelayMs === undefined ||
    entry.xdrIncidentCreateDelayMs === undefined ||
    entry.xdrSyncDelayMs === undefined
    ? { ...ZERO_ALERT_SCHEDULE, ...entry }
    : entry;
}
