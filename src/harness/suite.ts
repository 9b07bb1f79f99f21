/**
 * The suite run: generate cases from a fixed seed, run them through an implementation, judge every
 * observation against every behaviour, and count per behaviour how often its situation occurred. Then,
 * for every behaviour that failed, ask fast-check for its own shrunk counterexample from the same seed,
 * so each failure replays from (seed, path) alone and carries the smallest scenario found.
 */
import fc from 'fast-check';
import { contextFor, evaluateOne, type Outcome, runVerdict } from '../../model/evaluate.ts';
import type { Behaviour } from '../../model/invariant.ts';
import type { Observation } from '../../model/observation.ts';
import type { Profile } from '../../model/profile.ts';
import type { Verdict, Witness } from '../../model/verdict.ts';
import { caseArb, type GeneratedCase } from '../../properties/arbitraries.ts';
import { declaredCaseArb, type Supported, supportsEverything } from '../../properties/declared.ts';
import { CHECKING } from '../../properties/settings.ts';
import type { RunResult } from '../adapters/types.ts';
import { unsupportedReason } from './needs.ts';

/** Runs one generated case; the schedule is the reference simulator's, others ignore it. */
export interface CaseRunner {
  name: string;
  run(input: GeneratedCase, profile: Profile): Promise<RunResult>;
  /** Optional batch form: all results at once (the reference, an in-process function). */
  runMany?(inputs: readonly GeneratedCase[], profile: Profile): Promise<RunResult[]>;
  /** Optional batch form that pipelines (subprocess, module thread): one result promise per input. */
  runEach?(inputs: readonly GeneratedCase[], profile: Profile): Promise<RunResult>[];
  /** Drops every case handed over and not yet answered (a run that stopped will not read them). */
  abandon?(): Promise<void>;
}

export interface SuiteOptions {
  runner: CaseRunner;
  behaviours: readonly Behaviour[];
  profile: Profile;
  runs: number;
  seed: number;
  /** Shrink a counterexample for each failed behaviour (default true). */
  shrink?: boolean;
  onProgress?: (done: number, total: number) => void;
  batchSize?: number;
  /** Stop after this many scenarios in a row crashed or hung (stopRule); 0 never. Default CHECKING.brokenStreak. */
  stopAfter?: number;
  /**
   * What a partial implementation declared (docs/protocol.md, "Declaring a partial implementation"):
   * scenarios are generated inside it, and behaviours it makes impossible are skipped. Absent: everything.
   */
  supported?: Supported;
  /** Judge only the cases from..to-1 of the run (a worker's or a shard's slice, src/harness/slices.ts). */
  range?: { from: number; to: number };
  /** Told every result, with its case's index in the run, before it is judged (slices count broken streaks). */
  onResult?: (result: RunResult, run: number) => void;
}

export interface Counterexample {
  behaviour: string;
  message: string;
  witness: Witness;
  seed: number;
  path: string;
  scenario: GeneratedCase['scenario'];
  schedule: GeneratedCase['schedule'];
  observation: Observation;
  /** Steps in the shrunk scenario. */
  size: number;
}

export interface ErroredRun {
  run: number;
  reason: string;
  message: string;
  stderr: string;
  scenario: GeneratedCase['scenario'];
  schedule: GeneratedCase['schedule'];
}

export interface BehaviourTally {
  id: string;
  kind: Behaviour['kind'];
  /** Runs whose observation was judged (not errored). */
  judged: number;
  /** Runs in which the behaviour's situation occurred. */
  exercised: number;
  /** Situations judged over all runs. */
  situations: number;
  violations: number;
  errored: number;
  skipped: number;
  /** typical: successes over situations. */
  successes: number;
  /** quirk: occurrences; advice: findings. */
  occurrences: number;
  firstViolation?: { run: number; message: string; witness: Witness };
  /** Runs with a situation left open (both outcomes allowed), and the first reason. */
  undecided?: { runs: number; first: string };
  skipReason?: string;
  /** Skipped as a whole: the declaration makes its situation impossible (`unsupported: …`). */
  unsupported?: string;
  counterexample?: Counterexample;
}

export interface SuiteResult {
  implementation: string;
  profile: Profile;
  runs: number;
  seed: number;
  tallies: BehaviourTally[];
  /** How many scenarios the implementation failed (crashed, hung, broke the protocol…). */
  erroredRuns: number;
  /** The first CHECKING.erroredKept of them. */
  errored: ErroredRun[];
  /** How many scenarios the implementation answered `{"error": "unsupported"}` to: skipped, not failed. */
  unsupportedRuns: number;
  /** The first CHECKING.erroredKept of them, with the implementation's words. */
  unsupported: { run: number; message: string }[];
  /** Set when the run stopped before its last scenario (stopRule): how many were run, and why it stopped. */
  stopped?: { after: number; why: string };
}

export function emptyTally(b: Behaviour): BehaviourTally {
  return {
    id: b.id,
    kind: b.kind,
    judged: 0,
    exercised: 0,
    situations: 0,
    violations: 0,
    errored: 0,
    skipped: 0,
    successes: 0,
    occurrences: 0,
  };
}

function situationsOf(verdict: Verdict): number {
  return verdict.status === 'holds' || verdict.status === 'violated' ? verdict.situations : 0;
}

export function record(tally: BehaviourTally, outcome: Outcome, run: number): void {
  tally.judged += 1;
  const verdict = runVerdict(outcome);
  const situations = situationsOf(verdict);
  if (situations > 0) tally.exercised += 1;
  tally.situations += situations;
  if (outcome.kind === 'typical') tally.successes += outcome.successes;
  if (outcome.kind === 'quirk') tally.occurrences += outcome.occurrences.length;
  if (outcome.kind === 'advice') tally.occurrences += outcome.findings.length;
  if (verdict.status === 'violated') {
    tally.violations += 1;
    tally.firstViolation ??= { run, message: verdict.message, witness: verdict.witness };
  }
  if ((verdict.status === 'holds' || verdict.status === 'not-exercised') && verdict.undecided) {
    if (tally.undecided) tally.undecided.runs += 1;
    else tally.undecided = { runs: 1, first: verdict.undecided.first };
  }
  if (verdict.status === 'errored') tally.errored += 1;
  if (verdict.status === 'skipped') {
    tally.skipped += 1;
    tally.skipReason ??= verdict.reason;
  }
}

async function runBatch(runner: CaseRunner, inputs: GeneratedCase[], profile: Profile): Promise<RunResult[]> {
  if (runner.runMany) return runner.runMany(inputs, profile);
  const out: RunResult[] = [];
  for (const input of inputs) out.push(await runner.run(input, profile));
  return out;
}

/** A batch's results, one promise per case: each as it comes when the runner pipelines, else all at once. */
export function startBatch(
  runner: CaseRunner,
  inputs: GeneratedCase[],
  profile: Profile,
): Promise<RunResult>[] {
  if (runner.runEach) return runner.runEach(inputs, profile);
  const all = runBatch(runner, inputs, profile);
  const each = inputs.map((_, i) => all.then((results) => results[i] as RunResult));
  // Should the batch fail, the caller meets it at the first result it awaits; the rest must not be unhandled.
  for (const result of each) result.catch(() => undefined);
  return each;
}

/** What `handle` returns to end a forEachResult early. */
export const STOP = Symbol('stop');

/** The generated cases of a run, exactly as fast-check's check() meets them for this seed. */
export function generateCases(
  seed: number,
  runs: number,
  arb: fc.Arbitrary<GeneratedCase> = caseArb,
): GeneratedCase[] {
  return fc.sample(arb, { seed, numRuns: runs });
}

/** The cases a run generates: the full generator's, or those inside a declaration. */
export function caseArbFor(supported: Supported | undefined): fc.Arbitrary<GeneratedCase> {
  return supported === undefined || supportsEverything(supported) ? caseArb : declaredCaseArb(supported);
}

/** A run's cases, read a slice at a time: an array, or casesOf's list that makes them when asked. */
export interface CaseList {
  readonly length: number;
  slice(from: number, to: number): GeneratedCase[];
}

/**
 * generateCases(seed, runs), made a chunk at a time as slices are asked for, so a long run never holds all
 * its cases at once (about 3.5 KB each). A chunk starts at fast-check's replay path `from`: the cases
 * before it are skipped over in the random stream (a jump each, about 0.3 µs), not made. Chunks of a 64th
 * of the run (4,096 to 32,768 cases) keep both the skipping (quadratic in the chunks) and memory small.
 */
export function casesOf(seed: number, runs: number, arb: fc.Arbitrary<GeneratedCase> = caseArb): CaseList {
  const chunkSize = Math.min(32_768, Math.max(4_096, Math.ceil(runs / 64)));
  let chunk: { from: number; cases: GeneratedCase[] } = { from: 0, cases: [] };
  return {
    length: runs,
    slice(from, to) {
      const end = Math.min(to, runs);
      if (end <= from) return [];
      if (from < chunk.from || end > chunk.from + chunk.cases.length) {
        const size = Math.min(runs - from, Math.max(chunkSize, end - from));
        chunk = { from, cases: fc.sample(arb, { seed, path: String(from), numRuns: size }) };
      }
      return chunk.cases.slice(from - chunk.from, end - chunk.from);
    },
  };
}

/** The cases from `from` on of a list, indexed from 0. */
function rangeOf(cases: CaseList, from: number): CaseList {
  if (from === 0) return cases;
  return {
    length: Math.max(0, cases.length - from),
    slice: (start, end) => cases.slice(from + start, from + Math.min(end, cases.length - from)),
  };
}

/**
 * Runs cases through a runner in batches and hands each result over in case order, as soon as it and those
 * before it are in. The next batch is asked for once the current one's first result is in, so an
 * implementation in another process works on it while this one judges. `done` is told how many cases were
 * handed over after each one. When `handle` returns STOP, no more results are handed over, the cases
 * still out are abandoned (runner.abandon), and the count handed over is returned; else cases.length.
 */
export async function forEachResult(
  runner: CaseRunner,
  cases: CaseList,
  profile: Profile,
  batchSize: number,
  handle: (result: RunResult, input: GeneratedCase, index: number) => unknown,
  done?: (count: number) => void,
): Promise<number> {
  const batchAt = (from: number) => {
    const inputs = cases.slice(from, from + batchSize);
    return { inputs, results: startBatch(runner, inputs, profile) };
  };
  let batch = cases.length > 0 ? batchAt(0) : undefined;
  for (let from = 0; batch !== undefined; from += batchSize) {
    const { inputs, results } = batch;
    let next: ReturnType<typeof batchAt> | undefined;
    for (let offset = 0; offset < results.length; offset++) {
      const result = await (results[offset] as Promise<RunResult>);
      if (offset === 0 && from + batchSize < cases.length) next = batchAt(from + batchSize);
      if (handle(result, inputs[offset] as GeneratedCase, from + offset) === STOP) {
        await runner.abandon?.();
        return from + offset + 1;
      }
      done?.(from + offset + 1);
    }
    batch = next;
  }
  return cases.length;
}

/**
 * When a run stops early: after `after` (CHECKING.brokenStreak) scenarios in a row crashed or hung, the implementation
 * is broken, and the rest of the run would only repeat it (an implementation that hangs on every scenario
 * would take runs × the timeout; one that dies on every scenario, runs × its start-up). A module's throw
 * does not count: it costs nothing, and it is how a module says it cannot run a scenario, as a subprocess's
 * `{"error"}` (reported-error) is. Returns why, or undefined to go on; `after` 0 never stops.
 */
export function stopRule(after: number = CHECKING.brokenStreak): (result: RunResult) => string | undefined {
  if (after <= 0) return () => undefined; // never stop
  let streak = 0;
  return (result) => {
    const broken =
      result.kind === 'errored' &&
      (result.reason === 'hung' || (result.reason === 'crashed' && result.threw !== true));
    streak = broken ? streak + 1 : 0;
    return streak >= after
      ? `${streak} scenarios in a row crashed or hung, so the implementation is broken and the rest would only repeat that`
      : undefined;
  };
}

export async function runSuite(options: SuiteOptions): Promise<SuiteResult> {
  const { runner, behaviours, profile, runs, seed, supported } = options;
  const tallies = behaviours.map(emptyTally);
  const errored: ErroredRun[] = [];
  let erroredRuns = 0;
  const unsupported: SuiteResult['unsupported'] = [];
  let unsupportedRuns = 0;
  const arb = caseArbFor(supported);
  // The behaviours the declaration leaves possible are judged; the others are skipped, with the reason.
  const judged: [Behaviour, BehaviourTally][] = [];
  for (const [i, behaviour] of behaviours.entries()) {
    const tally = tallies[i] as BehaviourTally;
    const reason = supported && unsupportedReason(behaviour.id, supported, profile.name);
    if (reason) tally.unsupported = reason;
    else judged.push([behaviour, tally]);
  }
  // A profile left out of the declaration runs no scenario at all.
  const from = options.range?.from ?? 0;
  const to = supported && !supported.profiles.has(profile.name) ? 0 : (options.range?.to ?? runs);
  const cases = rangeOf(casesOf(seed, to, arb), from);
  const stopFor = stopRule(options.stopAfter);
  let stopped: SuiteResult['stopped'];
  const handle = (result: RunResult, input: GeneratedCase, index: number) => {
    const run = from + index;
    options.onResult?.(result, run);
    const why = stopFor(result);
    if (result.kind === 'errored' && result.reason === 'unsupported') {
      unsupportedRuns += 1;
      if (unsupported.length < CHECKING.erroredKept) unsupported.push({ run, message: result.message });
      return undefined;
    }
    if (result.kind !== 'ok') {
      erroredRuns += 1;
      for (const [, tally] of judged) tally.errored += 1;
      if (errored.length < CHECKING.erroredKept)
        errored.push({
          run,
          reason: result.reason,
          message: result.message,
          stderr: result.stderr,
          scenario: input.scenario,
          schedule: input.schedule,
        });
      if (why === undefined || run + 1 >= runs) return undefined;
      stopped = { after: run + 1, why };
      return STOP;
    }
    const context = contextFor(input.scenario, result.observation, profile);
    for (const [behaviour, tally] of judged) record(tally, evaluateOne(behaviour, context), run);
    return undefined;
  };
  await forEachResult(runner, cases, profile, options.batchSize ?? 64, handle, (count) =>
    options.onProgress?.(count, cases.length),
  );
  if (options.shrink !== false) {
    for (const [i, tally] of tallies.entries()) {
      if (tally.violations === 0) continue;
      const found = await shrinkFor(runner, behaviours[i] as Behaviour, profile, seed, runs, undefined, arb);
      if (found) tally.counterexample = found;
    }
  }
  return {
    implementation: runner.name,
    profile,
    runs,
    seed,
    tallies,
    erroredRuns,
    errored,
    unsupportedRuns,
    unsupported,
    ...(stopped ? { stopped } : {}),
  };
}

/** fast-check's own search and shrink for one behaviour, from the suite's seed. */
export async function shrinkFor(
  runner: CaseRunner,
  behaviour: Behaviour,
  profile: Profile,
  seed: number,
  runs: number,
  path?: string,
  arb: fc.Arbitrary<GeneratedCase> = caseArb,
): Promise<Counterexample | undefined> {
  let last: { observation: Observation; message: string; witness: Witness } | undefined;
  const property = fc.asyncProperty(arb, async (input) => {
    const result = await runner.run(input, profile);
    if (result.kind !== 'ok') return true;
    const verdict = runVerdict(
      evaluateOne(behaviour, contextFor(input.scenario, result.observation, profile)),
    );
    if (verdict.status !== 'violated') return true;
    last = { observation: result.observation, message: verdict.message, witness: verdict.witness };
    return false;
  });
  const details = await fc.check(property, {
    seed,
    numRuns: runs,
    ...(path === undefined ? {} : { path }),
    endOnFailure: false,
  });
  if (!details.failed || !details.counterexample || details.counterexamplePath === null) return undefined;
  const [input] = details.counterexample;
  // Re-run the shrunk case so the stored observation is the one that breaks the behaviour.
  const result = await runner.run(input, profile);
  if (result.kind === 'ok') {
    const verdict = runVerdict(
      evaluateOne(behaviour, contextFor(input.scenario, result.observation, profile)),
    );
    if (verdict.status === 'violated')
      last = { observation: result.observation, message: verdict.message, witness: verdict.witness };
  }
  if (!last) return undefined;
  return {
    behaviour: behaviour.id,
    message: last.message,
    witness: last.witness,
    seed,
    path: details.counterexamplePath,
    scenario: input.scenario,
    schedule: input.schedule,
    observation: last.observation,
    size: input.scenario.timeline.length,
  };
}
