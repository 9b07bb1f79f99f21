/**
 * `run --workers N`: the run's cases cut into N contiguous slices (slices.ts), each judged in a worker
 * process of its own (parallel-worker.ts) with its own implementation (its own subprocess for a command,
 * its own module thread for a module), then joined into the single run's result. Counterexamples are
 * shrunk here, after joining, by the coordinator's own runner: each from the seed and its first violation's
 * index (fast-check's replay path), which reaches the same shrunk case as a single run's search from the
 * start (test/harness/shards.test.ts). So the report equals `--workers 1`'s, timings apart.
 */
import { type ChildProcess, fork } from 'node:child_process';
import { createRequire } from 'node:module';
import { availableParallelism } from 'node:os';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Behaviour } from '../../model/invariant.ts';
import type { Profile } from '../../model/profile.ts';
import { CHECKING } from '../../properties/settings.ts';
import {
  joinSlices,
  type Range,
  type SliceResult,
  sliceOf,
  sliceWatch,
  toSliceResult,
  toSuiteResult,
} from './slices.ts';
import {
  type BehaviourTally,
  type CaseRunner,
  runSuite,
  type SuiteOptions,
  type SuiteResult,
  shrinkFor,
} from './suite.ts';

/** What a worker is told: everything but the runner (it opens its own from `sut`) and the behaviours' code. */
export interface SliceJob {
  /** reference, a module path or a command line, as --sut. */
  sut: string;
  timeoutMs: number;
  behaviourIds: string[];
  profile: Profile;
  runs: number;
  seed: number;
  stopAfter?: number;
  batchSize?: number;
  range: Range;
}

export type WorkerMessage = { progress: number } | { done: SliceResult } | { error: string };

/**
 * Scenarios a worker should have to be worth its start-up: a Node process loading the model through tsx took
 * 1.3 s of CPU (3 s wall at load 10 on 2 cores), against 2 to 4 ms a scenario in process at that load. A guess
 * from those figures, not tuned: the report is the same whatever it is.
 */
export const SCENARIOS_PER_WORKER = 1_000;

/**
 * `--workers` when not given: every core (os.availableParallelism), but no more workers than the run has
 * SCENARIOS_PER_WORKER scenarios for, so a short run stays in one process. The report is the same either way.
 */
export function defaultWorkers(runs: number): number {
  return Math.max(1, Math.min(availableParallelism(), Math.floor(runs / SCENARIOS_PER_WORKER)));
}

/** Cleanup on a signal: each worker stops its implementation's processes and exits (parallel-worker.ts). */
const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;
const workers = new Set<ChildProcess>();
function passSignal(signal: NodeJS.Signals): void {
  for (const worker of workers) worker.kill(signal);
}

/**
 * A worker process running parallel-worker: the compiled JavaScript beside this file, or the TypeScript
 * source through tsx's loader. A process of its own (not a thread) so that a signal reaches it, and it
 * stops its implementation's processes before it ends; the coordinator passes on the signals it gets.
 */
function startWorker(): ChildProcess {
  const typescript = import.meta.url.endsWith('.ts');
  const entry = fileURLToPath(new URL(`./parallel-worker.${typescript ? 'ts' : 'js'}`, import.meta.url));
  const execArgv = typescript
    ? ['--import', pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href]
    : [];
  if (workers.size === 0) for (const signal of SIGNALS) process.prependListener(signal, passSignal);
  const worker = fork(entry, [], { execArgv, serialization: 'advanced', stdio: 'inherit' });
  workers.add(worker);
  worker.once('exit', () => {
    workers.delete(worker);
    if (workers.size === 0) for (const signal of SIGNALS) process.off(signal, passSignal);
  });
  return worker;
}

/** Judges one slice in a worker process; `progress` is told the cases judged so far. */
function judgeInWorker(job: SliceJob, progress: (done: number) => void): Promise<SliceResult> {
  return new Promise((resolve, reject) => {
    const worker = startWorker();
    // Settles when the worker has ended, so that no worker outlives the run.
    let outcome: { done: SliceResult } | { error: Error } | undefined;
    const end = (result: typeof outcome) => {
      if (outcome !== undefined) return;
      outcome = result;
      if (worker.connected) worker.disconnect();
    };
    worker.on('message', (message: WorkerMessage) => {
      if ('progress' in message) progress(message.progress);
      else if ('done' in message) end({ done: message.done });
      else end({ error: new Error(message.error) });
    });
    worker.on('error', (error) => end({ error }));
    worker.on('exit', (code, signal) => {
      end({
        error: new Error(
          `the worker judging scenarios ${job.range.from}–${job.range.to - 1} ended (${signal ?? `exit ${code}`})`,
        ),
      });
      if (outcome && 'done' in outcome) resolve(outcome.done);
      else reject(outcome?.error);
    });
    worker.send(job);
  });
}

export interface WorkersOptions extends Omit<SuiteOptions, 'runner' | 'range' | 'onResult' | 'shrink'> {
  sut: string;
  timeoutMs: number;
  workers: number;
  /** The slice of the run to judge (a shard's); default the whole run. */
  range?: Range;
  /** When given, the first slice is judged here, through it, and only the others in worker processes. */
  runner?: CaseRunner;
}

/** Judges a range of the run in `workers` processes (this one too, given a runner) and joins their slices (no shrinking). */
export async function judgeInWorkers(options: WorkersOptions): Promise<SliceResult> {
  const range = options.range ?? { from: 0, to: options.runs };
  const size = range.to - range.from;
  const count = Math.max(1, Math.min(options.workers, size));
  const done = new Array<number>(count).fill(0);
  const report = () =>
    options.onProgress?.(
      done.reduce((a, b) => a + b, 0),
      size,
    );
  const jobs = Array.from({ length: count }, (_, i): SliceJob => {
    const part = sliceOf(i, count, size);
    return {
      sut: options.sut,
      timeoutMs: options.timeoutMs,
      behaviourIds: options.behaviours.map((b) => b.id),
      profile: options.profile,
      runs: options.runs,
      seed: options.seed,
      ...(options.stopAfter === undefined ? {} : { stopAfter: options.stopAfter }),
      ...(options.batchSize === undefined ? {} : { batchSize: options.batchSize }),
      range: { from: range.from + part.from, to: range.from + part.to },
    };
  });
  const progressOf = (i: number) => (n: number) => {
    done[i] = n;
    report();
  };
  const { runner } = options;
  // The workers start first; this process then judges the first slice while they load.
  const inWorkers = jobs.map((job, i) => (runner && i === 0 ? undefined : judgeInWorker(job, progressOf(i))));
  const here = runner
    ? judgeSlice({
        runner,
        behaviours: options.behaviours,
        profile: options.profile,
        runs: options.runs,
        seed: options.seed,
        range: (jobs[0] as SliceJob).range,
        ...(options.stopAfter === undefined ? {} : { stopAfter: options.stopAfter }),
        ...(options.batchSize === undefined ? {} : { batchSize: options.batchSize }),
        onProgress: progressOf(0),
      })
    : undefined;
  const slices = await Promise.all(inWorkers.map((slice) => slice ?? (here as Promise<SliceResult>)));
  return joinSlices(slices, options.runs, options.stopAfter ?? CHECKING.brokenStreak);
}

/** Judges a slice in this process (a worker, or the coordinator its first slice). */
export async function judgeSlice(
  options: Omit<SuiteOptions, 'range' | 'onResult' | 'shrink'> & { range: Range },
): Promise<SliceResult> {
  const watch = sliceWatch();
  const result = await runSuite({ ...options, shrink: false, onResult: watch.onResult });
  return toSliceResult(options.range, result, watch.streaks());
}

/**
 * The shrunk counterexample of every behaviour a slice (or the joined run) violated: fast-check's shrink
 * from the seed, replayed from the first violating case's index, as suite.ts shrinkFor does for a run.
 */
export async function shrinkViolations(
  runner: CaseRunner,
  behaviours: readonly Behaviour[],
  profile: Profile,
  seed: number,
  runs: number,
  tallies: BehaviourTally[],
): Promise<void> {
  for (const [i, tally] of tallies.entries()) {
    if (tally.violations === 0 || tally.firstViolation === undefined) continue;
    const behaviour = behaviours[i] as Behaviour;
    const found = await shrinkFor(runner, behaviour, profile, seed, runs, String(tally.firstViolation.run));
    if (found) tally.counterexample = found;
  }
}

/**
 * runSuite over `workers` processes (this one among them): the same SuiteResult as runSuite with the same options (timings apart).
 * One worker runs runSuite itself, in this thread.
 */
export async function runSuiteInWorkers(
  options: SuiteOptions & { sut: string; timeoutMs: number; workers: number },
): Promise<SuiteResult> {
  // A partial implementation's declaration is judged in one process (its case generator is not sent to workers).
  if (options.workers <= 1 || options.supported) return runSuite(options);
  const { runner, onProgress: _, ...rest } = options;
  const joined = await judgeInWorkers({
    ...rest,
    runner,
    ...(options.onProgress ? { onProgress: options.onProgress } : {}),
  });
  const result = toSuiteResult(joined, {
    implementation: runner.name,
    profile: options.profile,
    runs: options.runs,
    seed: options.seed,
  });
  if (options.shrink !== false)
    await shrinkViolations(
      runner,
      options.behaviours,
      options.profile,
      options.seed,
      options.runs,
      result.tallies,
    );
  return result;
}
