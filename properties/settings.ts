/**
 * How hard the suite checks, apart from what it checks: run counts, seeds, generation bounds and the
 * floors the no-vacuity check applies. Environment variables override the run counts for longer runs.
 */

function envInt(name: string, fallback: number): number {
  const raw = process.env[name];
  const value = raw === undefined ? Number.NaN : Number.parseInt(raw, 10);
  return Number.isFinite(value) && value > 0 ? value : fallback;
}

export const CHECKING = {
  /** Scenarios per profile in CI's suite run and in `npm start`. */
  suiteRuns: envInt('SC_RUNS', 10_000),
  /** Scenarios per property in properties/*.prop.ts. */
  propertyRuns: envInt('SC_PROPERTY_RUNS', 1_000),
  seed: envInt('SC_SEED', 20_261_128),
  /** A must invariant's situation must occur in at least this share of generated scenarios. */
  situationFloor: 0.05,
  /** Per-scenario timeout for implementations outside the process. */
  scenarioTimeoutMs: 10_000,
} as const;

export const GENERATION = {
  maxSteps: 30,
  settleMinutes: 90,
  /** Relative weights of step kinds in generated timelines. */
  stepWeights: {
    wait: 24,
    raise: 22,
    mdcStatus: 10,
    sentinelClose: 14,
    sentinelUpdate: 4,
    xdrClose: 6,
    correlate: 9,
    addSubscription: 4,
    config: 7,
  },
} as const;
