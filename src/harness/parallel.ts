/**
 * `run --workers N`: the run's cases cut into contiguous chunks (chunksOf), judged by this process and N-1
 * worker processes (parallel-worker.ts), each with its own implementation (its own subprocess for a
 * command, its own module thread for a module), each taking the next chunk when it is free; the chunks are
 * then joined into the single run's result (slices.ts joinSlices: the same whatever the cut). Workers are
 * started once per run (WorkerPool) and load the compiled suite when there is one. Counterexamples are
 * shrunk here, after joining, by the coordinator's own runner: each from the seed and its first violation's
 * index (fast-check's replay path), which reaches the same shrunk case as a single run's search from the
 * start (test/harness/shards.test.ts). So the report equals `--workers 1`'s, timings apart.
 */
import { type ChildProcess, fork } from 'node:child_process';
import { existsSync } from 'node:fs';
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

/** What a worker is told to open once, before any chunk: its own implementation, from the --sut text. */
export interface WorkerOpen {
  /** reference, a module path or a command line, as --sut. */
  sut: string;
  timeoutMs: number;
}

/** A chunk of the run for a worker: everything but the runner (it has its own) and the behaviours' code. */
export interface SliceJob {
  /** The chunk's number in this pool, so that its answers can be told from another's. */
  id: number;
  behaviourIds: string[];
  profile: Profile;
  runs: number;
  seed: number;
  stopAfter?: number;
  batchSize?: number;
  range: Range;
}

/** From the coordinator: open the implementation, then judge chunks one at a time. */
export type CoordinatorMessage = { open: WorkerOpen } | { job: SliceJob };

/** From a worker: ready (loaded, its implementation open), then per chunk its progress and its result. */
export type WorkerMessage =
  | { ready: true }
  | { id: number; progress: number }
  | { id: number; done: SliceResult }
  | { id?: number; error: string };

/**
 * Scenarios a worker should have to be worth its cost: loading the compiled model takes a process about
 * 0.35 s of CPU, and its first 1,500 scenarios cost about 1.5 s more than later ones (the JIT warming up),
 * against about 1 ms a scenario warm; a second process pays both again, so below about 1,000 scenarios it
 * gains nothing. A guess from those figures, not tuned: the report is the same whatever it is.
 */
export const SCENARIOS_PER_WORKER = 1_000;

/**
 * `--workers` when not given: every core (os.availableParallelism), but no more workers than the run has
 * SCENARIOS_PER_WORKER scenarios for, so a short run stays in one process. The report is the same either way.
 */
export function defaultWorkers(runs: number): number {
  return Math.max(1, Math.min(availableParallelism(), Math.floor(runs / SCENARIOS_PER_WORKER)));
}

/**
 * How a range of the run is cut for `lanes` judges (this process and the workers) taking chunks as they
 * free up: each chunk a 2·lanes-th of what is left (guided self-scheduling), so the first are large and the
 * last small, and a judge that started late (a worker loading) or runs slow (a busy core) is caught up by
 * the others within one small chunk. No chunk is smaller than a 50th of the run's cases up to the range's
 * end (each chunk skips fast-check's stream to its first case, about 1 µs a case skipped: a chunk of a 50th
 * costs at most 50 µs a case that way, against about 1 ms to judge one), nor than 50 cases, unless the
 * range shared among the lanes is smaller (or `smallest` says otherwise). The cut changes no result: joinSlices joins any cut to the same.
 */
export function chunksOf(range: Range, lanes: number, smallest?: number): Range[] {
  const size = range.to - range.from;
  if (size <= 0) return [{ ...range }];
  const least = Math.max(
    1,
    smallest ?? Math.min(Math.ceil(size / Math.max(1, lanes)), Math.max(50, Math.ceil(range.to / 50))),
  );
  const chunks: Range[] = [];
  for (let from = range.from; from < range.to; ) {
    const left = range.to - from;
    const take = Math.min(left, Math.max(least, Math.ceil(left / (2 * Math.max(1, lanes)))));
    chunks.push({ from, to: from + take });
    from += take;
  }
  return chunks;
}

/** Cleanup on a signal: each worker stops its implementation's processes and exits (parallel-worker.ts). */
const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;
const workers = new Set<ChildProcess>();
function passSignal(signal: NodeJS.Signals): void {
  for (const worker of workers) worker.kill(signal);
}

/**
 * The worker's entry: the compiled JavaScript beside this file when this is the compiled suite; from the
 * sources, the compiled dist/ when it is as new as the sources (scripts/build.mjs's own rule: a worker on a
 * stale build would judge with other code), else the TypeScript through tsx's loader. Loading the model
 * compiled takes a worker about 0.35 s of CPU, through tsx about 1.3 s.
 */
let entryOnce: Promise<{ entry: string; execArgv: string[] }> | undefined;
function workerEntry(): Promise<{ entry: string; execArgv: string[] }> {
  entryOnce ??= (async () => {
    if (!import.meta.url.endsWith('.ts'))
      return { entry: fileURLToPath(new URL('./parallel-worker.js', import.meta.url)), execArgv: [] };
    const compiled = fileURLToPath(new URL('../../dist/src/harness/parallel-worker.js', import.meta.url));
    if (existsSync(compiled) && !(await compiledIsStale())) return { entry: compiled, execArgv: [] };
    return {
      entry: fileURLToPath(new URL('./parallel-worker.ts', import.meta.url)),
      execArgv: ['--import', pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href],
    };
  })();
  return entryOnce;
}

/** scripts/build.mjs's isStale (a source newer than dist/); stale when it cannot say. */
async function compiledIsStale(): Promise<boolean> {
  try {
    const build = (await import(new URL('../../scripts/build.mjs', import.meta.url).href)) as {
      isStale(): boolean;
    };
    return build.isStale();
  } catch {
    return true;
  }
}

/**
 * A worker process running parallel-worker, with its own implementation, judging the chunks it is given one
 * at a time. A process of its own (not a thread) so that a signal reaches it, and it stops its
 * implementation's processes before it ends; the coordinator passes on the signals it gets.
 */
class PoolWorker {
  /** Settles when the worker has loaded and opened its implementation. */
  readonly ready: Promise<void>;
  private readonly child: Promise<ChildProcess>;
  private current:
    | {
        job: SliceJob;
        progress: (done: number) => void;
        resolve: (slice: SliceResult) => void;
        reject: (error: Error) => void;
      }
    | undefined;
  private ended: Error | undefined;
  private readonly exited: Promise<void>;

  constructor(open: WorkerOpen) {
    let markReady: () => void = () => undefined;
    let failReady: (error: Error) => void = () => undefined;
    this.ready = new Promise((resolve, reject) => {
      markReady = resolve;
      failReady = reject;
    });
    this.ready.catch(() => undefined); // met by whoever awaits it
    let markExited: () => void = () => undefined;
    this.exited = new Promise((resolve) => {
      markExited = resolve;
    });
    this.child = workerEntry().then(({ entry, execArgv }) => {
      if (workers.size === 0) for (const signal of SIGNALS) process.prependListener(signal, passSignal);
      const child = fork(entry, [], { execArgv, serialization: 'advanced', stdio: 'inherit' });
      workers.add(child);
      child.on('message', (message: WorkerMessage) => {
        if ('ready' in message) markReady();
        else if ('error' in message) {
          const error = new Error(message.error);
          failReady(error);
          this.settle(error);
        } else if (message.id !== this.current?.job.id) return;
        else if ('progress' in message) this.current.progress(message.progress);
        else this.settle(message.done);
      });
      child.on('error', (error) => {
        failReady(error);
        this.settle(error);
      });
      child.once('exit', (code, signal) => {
        workers.delete(child);
        if (workers.size === 0) for (const signal of SIGNALS) process.off(signal, passSignal);
        const range = this.current?.job.range;
        this.ended = new Error(
          range
            ? `the worker judging scenarios ${range.from}–${range.to - 1} ended (${signal ?? `exit ${code}`})`
            : `a worker ended before it was ready (${signal ?? `exit ${code}`})`,
        );
        failReady(this.ended);
        this.settle(this.ended);
        markExited();
      });
      child.send({ open } satisfies CoordinatorMessage);
      return child;
    });
    this.child.catch((error: unknown) => {
      failReady(error instanceof Error ? error : new Error(String(error)));
      markExited();
    });
  }

  private settle(outcome: SliceResult | Error): void {
    const current = this.current;
    if (!current) return;
    this.current = undefined;
    if (outcome instanceof Error) current.reject(outcome);
    else current.resolve(outcome);
  }

  /** Judges one chunk; one at a time. */
  async judge(job: SliceJob, progress: (done: number) => void): Promise<SliceResult> {
    const child = await this.child;
    if (this.ended) throw this.ended;
    return new Promise((resolve, reject) => {
      this.current = { job, progress, resolve, reject };
      child.send({ job } satisfies CoordinatorMessage);
    });
  }

  /**
   * Ends the worker (it closes its implementation first) and settles when it has exited. One that has not
   * ended 10 s later (it missed the disconnection while loading, say) is sent SIGTERM, on which it stops its
   * implementation's processes and exits.
   */
  async close(): Promise<void> {
    const child = await this.child.catch(() => undefined);
    if (child?.connected) child.disconnect();
    const late = child && setTimeout(() => child.kill('SIGTERM'), 10_000);
    await this.exited;
    if (late) clearTimeout(late);
  }
}

/**
 * Worker processes for one run, started once and kept for all its profiles (each loads the model, warms
 * up and opens its implementation once), given chunks of the run as they free up. Close it when the run
 * is over: no worker outlives it.
 */
export class WorkerPool {
  readonly size: number;
  private readonly members: PoolWorker[];
  private jobs = 0;

  constructor(options: WorkerOpen & { size: number }) {
    this.size = Math.max(0, options.size);
    this.members = Array.from(
      { length: this.size },
      () => new PoolWorker({ sut: options.sut, timeoutMs: options.timeoutMs }),
    );
  }

  /** @internal The lanes judging for the pool: each worker once it is ready. */
  lanes(): { ready: Promise<void>; judge: PoolWorker['judge'] }[] {
    return this.members.map((member) => ({
      ready: member.ready,
      judge: (job, progress) => member.judge(job, progress),
    }));
  }

  /** @internal A fresh chunk number. */
  nextId(): number {
    this.jobs += 1;
    return this.jobs;
  }

  /** Chunks handed out by the runs on this pool so far (to its workers, or to the coordinator beside them). */
  get handedOut(): number {
    return this.jobs;
  }

  async close(): Promise<void> {
    await Promise.all(this.members.map((member) => member.close()));
  }
}

/** Lets the event loop run: a worker's messages (ready, a chunk's result) are read only then. */
const yieldToEvents = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * The runner, letting the event loop run before each batch (or each 64th case): judging in process is a
 * chain of promises already settled that would otherwise keep this process from reading its workers'
 * messages until its own chunk ends, so a worker would wait, idle, for its next chunk. A runner that
 * pipelines (runEach: a subprocess, a module thread) waits on I/O anyway and is left as it is.
 */
export function yieldingRunner(runner: CaseRunner): CaseRunner {
  if (runner.runEach) return runner;
  let calls = 0;
  const { runMany, abandon } = runner;
  return {
    name: runner.name,
    async run(input, profile) {
      calls += 1;
      if (calls % 64 === 0) await yieldToEvents();
      return runner.run(input, profile);
    },
    ...(runMany
      ? {
          async runMany(inputs, profile) {
            await yieldToEvents();
            return runMany.call(runner, inputs, profile);
          },
        }
      : {}),
    ...(abandon ? { abandon: () => abandon.call(runner) } : {}),
  };
}

export interface WorkersOptions extends Omit<SuiteOptions, 'runner' | 'range' | 'onResult' | 'shrink'> {
  sut: string;
  timeoutMs: number;
  workers: number;
  /** The slice of the run to judge (a shard's); default the whole run. */
  range?: Range;
  /** When given, this process judges chunks too, through it, beside the worker processes. */
  runner?: CaseRunner;
  /** Worker processes already started (kept across profiles); else started here and ended after. */
  pool?: WorkerPool;
  /** The smallest chunk (chunksOf's own choice when absent; tests cut finer). */
  smallestChunk?: number;
}

/** The worker processes a run of `workers` needs beside this process (judging too when it has a runner). */
export function openWorkerPool(options: {
  sut: string;
  timeoutMs: number;
  workers: number;
  here: boolean;
}): WorkerPool {
  return new WorkerPool({
    sut: options.sut,
    timeoutMs: options.timeoutMs,
    size: Math.max(0, options.workers - (options.here ? 1 : 0)),
  });
}

/**
 * Judges a range of the run in worker processes (and this one too, given a runner) and joins their chunks
 * (no shrinking). The range is cut by chunksOf, and each judge takes the next chunk when it is free: a
 * worker once it has loaded, so a short run is not kept waiting for one. Once the chunks judged show the
 * stop rule ending the run, no later chunk is handed out (a broken implementation is not run for longer
 * than in one process, give or take the chunks under way).
 */
export async function judgeInWorkers(options: WorkersOptions): Promise<SliceResult> {
  const range = options.range ?? { from: 0, to: options.runs };
  const stopAfter = options.stopAfter ?? CHECKING.brokenStreak;
  const { runner } = options;
  const pool =
    options.pool ??
    openWorkerPool({
      sut: options.sut,
      timeoutMs: options.timeoutMs,
      workers: options.workers,
      here: runner !== undefined,
    });
  try {
    const chunks = chunksOf(range, pool.size + (runner ? 1 : 0), options.smallestChunk);
    const size = range.to - range.from;
    const done = new Array<number>(chunks.length).fill(0);
    const results = new Array<SliceResult | undefined>(chunks.length);
    const report = () =>
      options.onProgress?.(
        done.reduce((a, b) => a + b, 0),
        size,
      );
    let next = 0;
    /** The last chunk the run needs: all, until the chunks judged show it stopped. */
    let last = chunks.length - 1;
    let failure: Error | undefined;
    const take = (): number | undefined => (failure === undefined && next <= last ? next++ : undefined);
    /** The chunks judged from the first on, without a gap. */
    const prefix = (): SliceResult[] => {
      const out: SliceResult[] = [];
      for (const result of results) {
        if (result === undefined) break;
        out.push(result);
      }
      return out;
    };
    const judged = (i: number, slice: SliceResult) => {
      results[i] = slice;
      if (slice.stopped) last = Math.min(last, i);
      const joined = prefix();
      if (joined.length > 0 && joinSlices(joined, options.runs, stopAfter).stopped)
        last = Math.min(last, joined.length - 1);
    };
    const job = (i: number): SliceJob => ({
      id: pool.nextId(),
      behaviourIds: options.behaviours.map((b) => b.id),
      profile: options.profile,
      runs: options.runs,
      seed: options.seed,
      ...(options.stopAfter === undefined ? {} : { stopAfter: options.stopAfter }),
      ...(options.batchSize === undefined ? {} : { batchSize: options.batchSize }),
      range: chunks[i] as Range,
    });
    const progressOf = (i: number) => (n: number) => {
      done[i] = n;
      report();
    };
    const lane = async (judge: (job: SliceJob, progress: (done: number) => void) => Promise<SliceResult>) => {
      for (let i = take(); i !== undefined; i = take()) {
        try {
          judged(i, await judge(job(i), progressOf(i)));
        } catch (error) {
          failure ??= error instanceof Error ? error : new Error(String(error));
          return;
        }
      }
    };
    const mine = runner && yieldingRunner(runner);
    const here = mine
      ? lane((job, progress) =>
          judgeSlice({
            runner: mine,
            behaviours: options.behaviours,
            profile: options.profile,
            runs: options.runs,
            seed: options.seed,
            range: job.range,
            ...(options.stopAfter === undefined ? {} : { stopAfter: options.stopAfter }),
            ...(options.batchSize === undefined ? {} : { batchSize: options.batchSize }),
            onProgress: progress,
          }),
        )
      : undefined;
    // A worker joins in once it is ready; the run does not wait for one still loading when the others are done.
    await new Promise<void>((resolve, reject) => {
      let open = 0;
      // On a failure, this process's chunk under way is finished first (it cannot be called off).
      const settled = () => {
        if (failure) void (here ?? Promise.resolve()).then(() => reject(failure));
        else if (open === 0 && prefix().length > last) resolve();
      };
      const track = (lanePromise: Promise<void>) => {
        open += 1;
        lanePromise.then(() => {
          open -= 1;
          settled();
        });
      };
      if (here) track(here);
      for (const worker of pool.lanes())
        worker.ready.then(
          () => track(lane(worker.judge)),
          (error: unknown) => {
            failure ??= error instanceof Error ? error : new Error(String(error));
            settled();
          },
        );
      if (!here && pool.size === 0) reject(new Error('no process to judge the run in'));
    });
    const joined = joinSlices(prefix().slice(0, last + 1), options.runs, stopAfter);
    if (last < chunks.length - 1 && !joined.stopped)
      throw new Error(`scenarios ${chunks[last + 1]?.from} on were not judged, and the run did not stop`);
    return { ...joined, from: range.from, to: range.to };
  } finally {
    if (!options.pool) await pool.close();
  }
}

/** Judges a slice in this process (a worker's chunk, or one the coordinator takes). */
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
 * runSuite over `workers` processes (this one among them): the same SuiteResult as runSuite with the same
 * options (timings apart). This process judges chunks too, through `runner`, and shrinks. `pool`: worker
 * processes kept across profiles (openWorkerPool), else started for this call and ended after it.
 */
export async function runSuiteInWorkers(
  options: SuiteOptions & { sut: string; timeoutMs: number; workers: number; pool?: WorkerPool },
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
