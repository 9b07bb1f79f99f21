/**
 * The schedule the reference simulator runs under when it is the implementation under test (`--sut
 * reference`) rather than a generator of many timings: deterministic and seed-free, derived from the
 * scenario's alerts alone, so the same scenario always gives the same observation.
 *
 * Delays vary with the alert's index (raise order) so that alerts overtake one another, stay within the
 * bounds of assumptions.ts, and keep the tenant connector slower than the subscription connector for each
 * alert (the article: its delay is "typically bigger"). No quirks: no repeats, no future times, no time-zone
 * shift, no incident before its alert.
 */
import {
  RULE_DELAY_MAX_MS,
  SUB_DELAY_MAX_MS,
  SYNC_DELAY_MAX_MS,
  TENANT_DELAY_MAX_MS,
  XDR_INCIDENT_CREATE_DELAY_MAX_MS,
  XDR_INCIDENT_DELAY_MAX_MS,
  XDR_INGEST_DELAY_MAX_MS,
  XDR_SYNC_DELAY_MAX_MS,
} from '../assumptions.ts';
import type { Scenario } from '../scenario.ts';
import type { AlertSchedule, Schedule } from './schedule.ts';

const SECOND = 1000;

/**
 * A delay in [min, max] that moves through the range as the index grows, in whole seconds: `stride` is
 * chosen coprime with the range so consecutive alerts land far apart and no value repeats soon.
 */
function spread(index: number, minMs: number, maxMs: number, stride: number): number {
  const steps = Math.floor((maxMs - minMs) / SECOND) + 1;
  return minMs + ((index * stride) % steps) * SECOND;
}

/** Alert `index`'s delays (raise order, from 0). */
export function defaultAlertSchedule(index: number): AlertSchedule {
  const subscriptionDelayMs = spread(index, 30 * SECOND, SUB_DELAY_MAX_MS - 60 * SECOND, 97);
  // The tenant connector is at least a minute slower than the subscription connector, within its bound.
  const tenantDelayMs = Math.min(
    TENANT_DELAY_MAX_MS,
    subscriptionDelayMs + spread(index, 60 * SECOND, TENANT_DELAY_MAX_MS - SUB_DELAY_MAX_MS, 211),
  );
  return {
    subscriptionDelayMs,
    tenantDelayMs,
    xdrIngestDelayMs: spread(index, 0, XDR_INGEST_DELAY_MAX_MS, 17),
    xdrIncidentCreateDelayMs: spread(index, 0, XDR_INCIDENT_CREATE_DELAY_MAX_MS, 29),
    xdrIncidentDelayMs: spread(index, 45 * SECOND, XDR_INCIDENT_DELAY_MAX_MS, 131),
    ruleDelayMs: spread(index, 5 * SECOND, RULE_DELAY_MAX_MS, 37),
    syncDelayMs: spread(index, 20 * SECOND, SYNC_DELAY_MAX_MS, 53),
    xdrSyncDelayMs: spread(index, 20 * SECOND, XDR_SYNC_DELAY_MAX_MS, 59),
    tenantRepeatGapsMs: [],
    futureMs: 0,
    nonUtcOffsetMinutes: 0,
    incidentBeforeAlert: false,
  };
}

/** One entry per alert the scenario raises, in raise order. */
export function scheduleFor(scenario: Scenario): Schedule {
  const alerts = scenario.timeline.filter((step) => step.type === 'alert-raised').length;
  return { perAlert: Array.from({ length: alerts }, (_, index) => defaultAlertSchedule(index)) };
}
