/**
 * Bounded-exhaustive exploration: every scenario of the small universe (universe.ts) up to K steps, each run
 * under the extreme schedules and a few seeded random ones, through any implementation, judged by the same
 * code `run` uses (evaluateOne, and the suite's tallies), so its result renders with run's reports.
 *
 * Schedules per scenario: every open delay at 0, and every open delay at its bound (model/assumptions.ts),
 * each with ties in both orders (ASSUME-TIES); under a profile that allows quirks, the two extremes once more
 * with the quirks a schedule can switch on (tenant repeats, the XDR incident before the alert); then
 * `random` schedules drawn from the suite's schedule generator, from a pool seeded by the seed.
 */
import fc from 'fast-check';
import { contextFor, evaluateOne, type Outcome, runVerdict } from '../../model/evaluate.ts';
import type { Behaviour, CheckContext } from '../../model/invariant.ts';
import type { Observation } from '../../model/observation.ts';
import type { Profile } from '../../model/profile.ts';
import type { Schedule } from '../../model/reference/schedule.ts';
import type { Scenario } from '../../model/scenario.ts';
import { extremeAlertSchedule, type GeneratedCase, scheduleArb } from '../../properties/arbitraries.ts';
import type { RunResult } from '../adapters/types.ts';
import {
  type BehaviourTally,
  type CaseRunner,
  type ErroredRun,
  emptyTally,
  record,
  type SuiteResult,
  startBatch,
} from '../harness/suite.ts';
import { type Explored, scenariosOfDepth, type UniverseOptions } from './universe.ts';

export const DEFAULT_RANDOM_SCHEDULES = 2;
const RANDOM_POOL = 64;
const ERRORED_KEPT = 20;

export interface ExploreOptions extends UniverseOptions {
  runner: CaseRunner;
  behaviours: readonly Behaviour[];
  profile: Profile;
  /** Scenarios of 1 to `depth` steps (from `fromDepth`, default 1). */
  depth: number;
  fromDepth?: number;
  seed: number;
  /** Random schedules per scenario, besides the extreme ones (default DEFAULT_RANDOM_SCHEDULES). */
  random?: number;
  batchSize?: number;
  /** Stop as soon as a must behaviour (or a quirk the profile forbids) is violated: for the kill matrix. */
  stopOnFailure?: boolean;
  /** Stop once this much time (ms) has passed; the result says so. */
  timeLimitMs?: number;
  /**
   * Stop after this many scenarios (over every depth explored); the result says so. Unlike the time limit,
   * where it stops does not depend on the machine: the kill matrix bounds its depth search with it.
   */
  maxScenarios?: number;
  onProgress?: (scenarios: number) => void;
  /**
   * Judge an observation once per scenario (default true): when two schedules of a scenario give the same
   * observation, the second run is counted with the first one's outcomes, as judging is a function of the
   * scenario, the observation and the profile alone. False judges every run afresh (the tests compare).
   */
  reuseJudgements?: boolean;
}

export interface ScheduleVariant {
  label: string;
  schedule: Schedule;
}

export interface DepthCount {
  depth: number;
  scenarios: number;
  ms: number;
  /** False when the exploration stopped inside this depth. */
  complete: boolean;
}

export interface ExploreResult {
  suite: SuiteResult;
  /** Scenarios explored (each under every schedule). */
  scenarios: number;
  /** Runs of the implementation: scenarios × schedules. */
  runs: number;
  schedules: number;
  perDepth: DepthCount[];
  ms: number;
  /** Why it stopped before the end: a failure (stopOnFailure) or the time limit. */
  stopped?: { after: number; why: string };
  /** The depth of the first violating scenario, when any behaviour is violated. */
  firstFailureDepth?: number;
}

/** The extreme schedules for a profile (see the module comment). */
export function extremeSchedules(profile: Profile): ScheduleVariant[] {
  const out: ScheduleVariant[] = [];
  for (const extreme of ['zero', 'max'] as const)
    for (const reverseTies of [false, true])
      out.push({
        label: `every delay ${extreme === 'zero' ? 'at 0' : 'at its bound'}${reverseTies ? ', ties reversed' : ''}`,
        schedule: {
          perAlert: [extremeAlertSchedule(extreme, false)],
          ...(reverseTies ? { reverseTies } : {}),
        },
      });
  if (profile.allowedQuirks.length > 0)
    for (const extreme of ['zero', 'max'] as const)
      out.push({
        label: `every delay ${extreme === 'zero' ? 'at 0' : 'at its bound'}, with quirks`,
        schedule: { perAlert: [extremeAlertSchedule(extreme, true)] },
      });
  return out;
}

/** The seeded pool random schedules are taken from, cyclically. */
export function randomSchedulePool(seed: number): Schedule[] {
  return fc.sample(scheduleArb, { seed, numRuns: RANDOM_POOL });
}

/** A failure as the kill matrix counts one: a must behaviour violated, or a quirk the profile forbids shown. */
export function failing(tally: BehaviourTally): boolean {
  return tally.violations > 0 && (tally.kind === 'must' || tally.kind === 'quirk');
}

export async function explore(options: ExploreOptions): Promise<ExploreResult> {
  const { runner, behaviours, profile, depth, seed } = options;
  const started = Date.now();
  const tallies = behaviours.map(emptyTally);
  const extremes = extremeSchedules(profile);
  const pool = randomSchedulePool(seed);
  const randomCount = options.random ?? DEFAULT_RANDOM_SCHEDULES;
  const schedulesPer = extremes.length + randomCount;
  const errored: ErroredRun[] = [];
  let erroredRuns = 0;
  const unsupported: SuiteResult['unsupported'] = [];
  let unsupportedRuns = 0;
  let scenarios = 0;
  let runs = 0;
  const perDepth: DepthCount[] = [];
  let stopped: ExploreResult['stopped'];
  let firstFailureDepth: number | undefined;
  const batchSize = options.batchSize ?? 64;

  const casesOf = (explored: Explored, index: number): { input: GeneratedCase; label: string }[] => [
    ...extremes.map((v) => ({
      input: { scenario: explored.scenario, schedule: v.schedule },
      label: v.label,
    })),
    ...Array.from({ length: randomCount }, (_, j) => {
      const at = (index * randomCount + j) % RANDOM_POOL;
      return {
        input: { scenario: explored.scenario, schedule: pool[at] as Schedule },
        label: `random schedule ${at}`,
      };
    }),
  ];

  // The scenario's facts are interpreted once, and each distinct observation of it judged once.
  const reuse = options.reuseJudgements ?? true;
  const memo = new WeakMap<Scenario, { base: CheckContext; seen: Map<string, Outcome[]> }>();
  const judgedOutcomes = (scenario: Scenario, observation: Observation): Outcome[] => {
    if (!reuse) {
      const context = contextFor(scenario, observation, profile);
      return behaviours.map((b) => evaluateOne(b, context));
    }
    let entry = memo.get(scenario);
    if (!entry) {
      entry = { base: contextFor(scenario, observation, profile), seen: new Map() };
      memo.set(scenario, entry);
    }
    const key = JSON.stringify(observation);
    const known = entry.seen.get(key);
    if (known) return known;
    const context: CheckContext = { ...entry.base, observation };
    const outcomes = behaviours.map((b) => evaluateOne(b, context));
    entry.seen.set(key, outcomes);
    return outcomes;
  };

  const judge = (result: RunResult, input: GeneratedCase, label: string, d: number, run: number) => {
    if (result.kind === 'errored' && result.reason === 'unsupported') {
      unsupportedRuns += 1;
      if (unsupported.length < ERRORED_KEPT) unsupported.push({ run, message: result.message });
      return;
    }
    if (result.kind !== 'ok') {
      erroredRuns += 1;
      for (const tally of tallies) tally.errored += 1;
      if (errored.length < ERRORED_KEPT)
        errored.push({
          run,
          reason: result.reason,
          message: result.message,
          stderr: result.stderr,
          scenario: input.scenario,
          schedule: input.schedule,
        });
      return;
    }
    const outcomes = judgedOutcomes(input.scenario, result.observation);
    for (const [i, behaviour] of behaviours.entries()) {
      const tally = tallies[i] as BehaviourTally;
      const outcome = outcomes[i] as Outcome;
      const before = tally.violations;
      record(tally, outcome, run);
      if (tally.violations > before && !tally.counterexample) {
        const verdict = runVerdict(outcome);
        if (verdict.status !== 'violated') continue;
        firstFailureDepth ??= d;
        tally.counterexample = {
          behaviour: behaviour.id,
          message: verdict.message,
          witness: verdict.witness,
          seed,
          path: `explore depth ${d}, run ${run} (${label})`,
          scenario: input.scenario,
          schedule: input.schedule,
          observation: result.observation,
          size: input.scenario.timeline.length,
        };
      }
    }
  };

  outer: for (let d = options.fromDepth ?? 1; d <= depth; d++) {
    const depthStart = Date.now();
    let inDepth = 0;
    let batch: { input: GeneratedCase; label: string }[] = [];
    const flush = async () => {
      const inputs = batch.map((c) => c.input);
      const results = startBatch(runner, inputs, profile);
      for (const [i, promise] of results.entries()) {
        const c = batch[i] as { input: GeneratedCase; label: string };
        judge(await promise, c.input, c.label, d, runs);
        runs += 1;
      }
      batch = [];
    };
    const budgetSpent = () => options.maxScenarios !== undefined && scenarios >= options.maxScenarios;
    const budgetWhy = `the budget of ${(options.maxScenarios ?? 0).toLocaleString('en-US')} scenarios was spent`;
    // The budget is checked before each scenario (a depth that ends on it is exhausted), the rest after a batch.
    const stopWhy = (): string | undefined => {
      if (options.stopOnFailure && tallies.some(failing))
        return 'a behaviour failed (stopped at the first failure)';
      if (options.timeLimitMs !== undefined && Date.now() - started > options.timeLimitMs)
        return `the time limit of ${Math.round(options.timeLimitMs / 1000)} s was reached`;
      return undefined;
    };
    for (const explored of scenariosOfDepth(d, options)) {
      if (budgetSpent()) {
        // A scenario is left over: this depth is not exhausted.
        if (batch.length > 0) await flush();
        stopped = { after: scenarios, why: stopWhy() ?? budgetWhy };
        perDepth.push({ depth: d, scenarios: inDepth, ms: Date.now() - depthStart, complete: false });
        break outer;
      }
      batch.push(...casesOf(explored, scenarios));
      scenarios += 1;
      inDepth += 1;
      if (batch.length >= batchSize) {
        await flush();
        options.onProgress?.(scenarios);
        const why = stopWhy();
        if (why) {
          stopped = { after: scenarios, why };
          perDepth.push({ depth: d, scenarios: inDepth, ms: Date.now() - depthStart, complete: false });
          await runner.abandon?.();
          break outer;
        }
      }
    }
    if (batch.length > 0) await flush();
    options.onProgress?.(scenarios);
    perDepth.push({ depth: d, scenarios: inDepth, ms: Date.now() - depthStart, complete: true });
    const why = stopWhy() ?? (budgetSpent() ? budgetWhy : undefined);
    if (why && d < depth) {
      stopped = { after: scenarios, why };
      break;
    }
  }
  return {
    suite: {
      implementation: runner.name,
      profile,
      runs,
      seed,
      tallies,
      erroredRuns,
      errored,
      unsupportedRuns,
      unsupported,
      ...(stopped ? { stopped: { after: runs, why: stopped.why } } : {}),
    },
    scenarios,
    runs,
    schedules: schedulesPer,
    perDepth,
    ms: Date.now() - started,
    ...(stopped ? { stopped } : {}),
    ...(firstFailureDepth === undefined ? {} : { firstFailureDepth }),
  };
}
