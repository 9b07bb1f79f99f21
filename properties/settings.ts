/**
 * How hard the suite checks, apart from what it checks: run counts, seeds, generation bounds and the
 * floors the no-vacuity check applies. Environment variables override the run counts for longer runs.
 */

function envInt(name: string, fallback: number): number {
  const raw = process.env[name];
  const value = raw === undefined ? Number.NaN : Number.parseInt(raw, 10);
  return Number.isFinite(value) && value > 0 ? value : fallback;
}

/**
 * The global seed: every fast-check property of the test suite (test/ and properties/) runs under it
 * (test/setup.ts sets it with fc.configureGlobal), and it is the CLI's default --seed. SC_SEED overrides it;
 * SC_SEED=random picks one for a run of the tests and prints it (see testSeed).
 */
export const GLOBAL_SEED = 20_261_128;

/** The largest seed: fast-check reads 32 bits of it. */
const MAX_TEST_SEED = 0xffff_ffff;
/** A drawn seed stays below 2^31, where fast-check prints it as it is (above, as its signed twin). */
const DRAWN_SEED_MAX = 0x7fff_ffff;

/**
 * The seed a run of the test suite uses, from SC_SEED: unset means GLOBAL_SEED, a whole number from 1 to
 * 4294967295 is that seed, 'random' draws one (`random` is injectable for tests), anything else throws.
 * vitest.config.ts calls it once, in the main process, and hands the number to every worker as SC_SEED, so
 * all test files of one run share the seed even when it was drawn.
 */
export function testSeed(
  raw: string | undefined,
  random: () => number = Math.random,
): { seed: number; drawn: boolean } {
  if (raw === undefined || raw.trim() === '') return { seed: GLOBAL_SEED, drawn: false };
  if (raw.trim().toLowerCase() === 'random')
    return { seed: 1 + Math.floor(random() * (DRAWN_SEED_MAX - 1)), drawn: true };
  const value = /^\d+$/.test(raw.trim()) ? Number(raw.trim()) : Number.NaN;
  if (!Number.isSafeInteger(value) || value < 1 || value > MAX_TEST_SEED)
    throw new Error(`SC_SEED must be a whole number from 1 to ${MAX_TEST_SEED} or 'random', got '${raw}'`);
  return { seed: value, drawn: false };
}

export const CHECKING = {
  /** Scenarios per profile in CI's suite run and in `npm start`. */
  suiteRuns: envInt('SC_RUNS', 10_000),
  /** Scenarios per property in properties/*.prop.ts. */
  propertyRuns: envInt('SC_PROPERTY_RUNS', 1_000),
  seed: envInt('SC_SEED', GLOBAL_SEED),
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
