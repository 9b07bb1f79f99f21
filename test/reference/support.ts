/**
 * Builders and read-outs for the reference simulator's tests: steps the shared builders do not have,
 * schedules with a few delays set, and compact views of an observation (rows as `[connector, status,
 * minute]`, incidents by number) so each case asserts what it is about in one line.
 */
import type { ConfigChange } from '../../model/config.ts';
import type { Observation } from '../../model/observation.ts';
import { IDEAL, type Profile } from '../../model/profile.ts';
import { type AlertSchedule, type Schedule, ZERO_ALERT_SCHEDULE } from '../../model/reference/schedule.ts';
import { simulate } from '../../model/reference/simulator.ts';
import type { Scenario } from '../../model/scenario.ts';
import type { SecurityIncidentRow } from '../../model/tables.ts';
import { MINUTE, parseTime } from '../../model/time.ts';
import type { Classification, IncidentProviderRef, MdcStatus, Step } from '../../model/timeline.ts';
import { START_MS } from '../support/build.ts';

export const MIN = MINUTE;

export function mdcStatus(alert: string, status: MdcStatus): Step {
  return { type: 'mdc-status-changed', alert, status };
}

export function closeIncident(
  alert: string,
  provider: IncidentProviderRef = 'Azure Sentinel',
  classification: Classification = 'TruePositive',
): Step {
  return { type: 'sentinel-incident-closed', alert, provider, classification };
}

export function updateIncident(alert: string, provider: IncidentProviderRef = 'Azure Sentinel'): Step {
  return { type: 'sentinel-incident-updated', alert, provider, status: 'Active' };
}

export function closeInXdr(alert: string): Step {
  return { type: 'xdr-incident-closed', alert };
}

export function correlate(...alerts: string[]): Step {
  return { type: 'xdr-correlated', alerts };
}

export function addSubscription(subscription: string): Step {
  return { type: 'subscription-added', subscription };
}

export function change(change: ConfigChange): Step {
  return { type: 'config-changed', change };
}

/** A schedule giving every alert the same choices (zero unless set). */
export function every(part: Partial<AlertSchedule> = {}): Schedule {
  return { perAlert: [{ ...ZERO_ALERT_SCHEDULE, ...part }] };
}

/** A schedule with one entry per alert, in raise order. */
export function perAlert(...parts: Partial<AlertSchedule>[]): Schedule {
  return { perAlert: parts.map((part) => ({ ...ZERO_ALERT_SCHEDULE, ...part })) };
}

export function run(scenario: Scenario, schedule: Schedule = every(), profile: Profile = IDEAL): Observation {
  return simulate(scenario, schedule, profile);
}

/** Minutes after START of an ISO time. */
export function minuteOf(time: string): number {
  return (parseTime(time) - START_MS) / MINUTE;
}

/** SecurityAlert rows as `[connector, Status, minute of TimeGenerated]`, in write order. */
export function alertRows(observation: Observation): [string, string, number][] {
  return observation.SecurityAlert.map((row) => [
    row._Connector ?? '?',
    row.Status,
    minuteOf(row.TimeGenerated),
  ]);
}

/** SecurityIncident rows grouped by IncidentNumber, in append order. */
export function incidents(observation: Observation): SecurityIncidentRow[][] {
  const groups = new Map<number, SecurityIncidentRow[]>();
  for (const row of observation.SecurityIncident) {
    groups.set(row.IncidentNumber, [...(groups.get(row.IncidentNumber) ?? []), row]);
  }
  return [...groups.values()];
}

/** The latest row of each incident, in incident-number order. */
export function latest(observation: Observation): SecurityIncidentRow[] {
  return incidents(observation).flatMap((rows) => rows.slice(-1));
}

/** An MDC alert's status history as `[minute, status]`. */
export function mdcHistory(observation: Observation, index = 0): [number, MdcStatus][] {
  return (observation.mdc.alerts[index]?.statusHistory ?? []).map((h) => [minuteOf(h.time), h.status]);
}
