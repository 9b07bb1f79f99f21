/**
 * A small Sentinel simulator in TypeScript, as a test bed would have one: it builds on the suite's
 * reference model (`simulate`, which takes the timings the real service leaves open as a schedule) and
 * fixes its own timings, each within the bounds the suite allows (model/assumptions.ts): the subscription
 * connector writes 2 min after an MDC event, the tenant connector 9 min, Defender XDR opens its incident
 * 4 min after the raise, an incident creation rule acts in 45 s, and every sync lands in 90 s. It shows
 * none of the anomalies the `observed` profile allows.
 *
 * `simulate(scenario, profile)` is the signature every implementation exports (docs/protocol.md), so the
 * same file also runs from the command line: `npx sentinel-conformance run --sut examples/ts-sim/simulator.ts`.
 *
 * TS_SIM_BUG=late-tenant makes the tenant connector 40 min late (the suite allows at most 30): the
 * conformance tests then fail with a shrunk counterexample (test/package/vitest.test.ts checks they do).
 */
import type { Observation, ProfileName, Scenario } from 'sentinel-conformance';
import { simulate as modelSimulate, profileByName } from 'sentinel-conformance';

const SECOND = 1_000;
const MINUTE = 60 * SECOND;

const TIMINGS = {
  subscriptionDelayMs: 2 * MINUTE,
  tenantDelayMs: (process.env.TS_SIM_BUG === 'late-tenant' ? 40 : 9) * MINUTE,
  xdrIngestDelayMs: 30 * SECOND,
  xdrIncidentCreateDelayMs: 1 * MINUTE,
  xdrIncidentDelayMs: 4 * MINUTE,
  ruleDelayMs: 45 * SECOND,
  syncDelayMs: 90 * SECOND,
  xdrSyncDelayMs: 3 * MINUTE,
  tenantRepeatGapsMs: [],
  futureMs: 0,
  nonUtcOffsetMinutes: 0,
  incidentBeforeAlert: false,
};

export function simulate(scenario: Scenario, profile: ProfileName): Observation {
  return modelSimulate(scenario, { perAlert: [TIMINGS] }, profileByName(profile));
}
