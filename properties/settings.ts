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
  /** Failed scenarios a run keeps and reports whole; the rest are counted (memory stays bounded). */
  erroredKept: 20,
  /**
   * A run stops after this many scenarios in a row crashed or hung (src/harness/suite.ts stopRule): an
   * implementation that hangs on every scenario would otherwise take runs × the timeout (83 hours by default).
   */
  brokenStreak: 10,
} as const;

export const GENERATION = {
  /** Intents per timeline; an episode intent makes three steps. */
  maxIntents: 20,
  settleMinutes: 90,
  /** Relative weights of step kinds in generated timelines. */
  stepWeights: {
    wait: 20,
    raise: 16,
    mdcStatus: 8,
    sentinelClose: 8,
    sentinelUpdate: 3,
    xdrClose: 4,
    correlate: 6,
    addSubscription: 4,
    config: 7,
    episode: 24,
    correlationEpisode: 8,
    promptClosure: 10,
    syncSwitchEpisode: 4,
  },
} as const;
