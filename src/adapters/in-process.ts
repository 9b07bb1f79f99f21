/**
 * Implementations in the suite's own process. A module path (`--sut sim.ts`) runs in a worker thread of
 * its own (module-worker.mjs): the module whose named export `simulate` (or default export) is
 * `(scenario, profile) => Observation | Promise<Observation>` (docs/protocol.md) gets a copy of each
 * scenario; what it returns is validated like a subprocess's answer; a throw is a crash of that scenario,
 * and so are a process.exit and an uncaught error from a timer, which end its thread, not the suite; no
 * answer within the timeout, even from a synchronous endless loop, is a hang, and the thread is stopped.
 * A function handed over directly (inProcessImplementation: the reference simulator, tests) runs in the
 * suite's thread, where only a promise that never settles can be timed out.
 */
import { Worker } from 'node:worker_threads';
import type { Observation } from '../../model/observation.ts';
import type { ProfileName } from '../../model/profile.ts';
import type { Scenario } from '../../model/scenario.ts';
import { checkObservation } from '../../model/schema.ts';
import { StderrTail } from './subprocess.ts';
import {
  type AdapterOptions,
  DEFAULT_STARTUP_GRACE_MS,
  DEFAULT_TIMEOUT_MS,
  erroredMessage,
  type Implementation,
  ImplementationLoadError,
  type RunResult,
} from './types.ts';

export type SimulateFunction = (
  scenario: Scenario,
  profile: ProfileName,
) => Observation | Promise<Observation>;

const HUNG = Symbol('hung');

/** Wraps a simulate function as an Implementation. */
export function inProcessImplementation(
  name: string,
  simulate: SimulateFunction,
  options: Pick<AdapterOptions, 'timeoutMs'> = {},
): Implementation {
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  let closed = false;

  const run = async (scenario: Scenario, profile: ProfileName): Promise<RunResult> => {
    if (closed) return { kind: 'errored', reason: 'crashed', message: `${name} is closed`, stderr: '' };
    let timer: NodeJS.Timeout | undefined;
    try {
      // A copy, so an implementation that mutates its input cannot change the suite's scenario.
      const answer = Promise.resolve(simulate(structuredClone(scenario), profile));
      const hung = new Promise<typeof HUNG>((done) => {
        timer = setTimeout(() => done(HUNG), timeoutMs);
      });
      const value = await Promise.race([answer, hung]);
      if (value === HUNG) {
        answer.catch(() => {}); // settles later, if ever: nobody listens
        return {
          kind: 'errored',
          reason: 'hung',
          message: `no observation within ${timeoutMs} ms`,
          stderr: '',
        };
      }
      const checked = checkObservation(value);
      return checked.ok
        ? { kind: 'ok', observation: checked.observation }
        : { kind: 'errored', reason: 'invalid-observation', message: checked.error.message, stderr: '' };
    } catch (error) {
      return {
        kind: 'errored',
        reason: 'crashed',
        message: `threw ${erroredMessage(error)}`,
        stderr: error instanceof Error && error.stack ? error.stack : '',
      };
    } finally {
      clearTimeout(timer);
    }
  };

  return {
    name,
    run,
    async runMany(scenarios, profile) {
      const results: RunResult[] = [];
      for (const scenario of scenarios) results.push(await run(scenario, profile));
      return results;
    },
    async close() {
      closed = true;
    },
  };
}

/** The thread a module runs in (a plain JavaScript file beside this one). */
const WORKER = new URL('./module-worker.mjs', import.meta.url);

type WorkerAnswer =
  | { ready: true }
  | { loadError: string }
  | { id: number; observation: unknown }
  | { id: number; threw: string; stack: string }
  | { id: number; uncopyable: string };

/** How a worker run ended, before the observation is validated. */
type Ending =
  | { kind: 'answer'; answer: WorkerAnswer }
  | { kind: 'exit'; code: number }
  | { kind: 'error'; error: unknown }
  | { kind: 'timeout' };

interface Thread {
  worker: Worker;
  /** What the module wrote on stdout and stderr, together (its tail). */
  output: StderrTail;
  /** Settles the run in progress with how it ended. */
  onEnding: ((ending: Ending) => void) | undefined;
  /** The thread's exit code once it is gone. */
  gone: boolean;
}

/**
 * A module implementation in a worker thread of its own: the suite's thread only posts scenarios and waits,
 * so a synchronous endless loop is a hang the timeout ends (the thread is terminated and a fresh one loads
 * the module for the next scenario), and a process.exit or an uncaught error from a timer is a crash of the
 * scenario, never the end of the suite. Scenarios run one at a time.
 */
class ModuleImplementation implements Implementation {
  readonly name: string;
  private readonly path: string;
  private readonly timeoutMs: number;
  private readonly startupMs: number;
  private readonly outputLimit: number;
  private thread: Thread | undefined;
  private queue: Promise<unknown> = Promise.resolve();
  private nextId = 1;
  private closed = false;

  constructor(path: string, options: AdapterOptions) {
    this.path = path;
    this.name = path;
    this.timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    this.startupMs = options.startupGraceMs ?? DEFAULT_STARTUP_GRACE_MS;
    this.outputLimit = Math.max(1, Math.round((options.stderrLimitKb ?? 64) * 1024));
  }

  /** Loads the module in a fresh thread; throws ImplementationLoadError when it does not load in time. */
  async start(): Promise<Thread> {
    if (this.thread && !this.thread.gone) return this.thread;
    const worker = new Worker(WORKER, {
      workerData: { path: this.path },
      stdout: true,
      stderr: true,
      execArgv: [],
    });
    const thread: Thread = {
      worker,
      output: new StderrTail(this.outputLimit),
      onEnding: undefined,
      gone: false,
    };
    worker.stdout.on('data', (chunk: Buffer) => thread.output.append(chunk));
    worker.stderr.on('data', (chunk: Buffer) => thread.output.append(chunk));
    worker.on('message', (answer: WorkerAnswer) => thread.onEnding?.({ kind: 'answer', answer }));
    worker.on('error', (error) => thread.onEnding?.({ kind: 'error', error }));
    worker.on('exit', (code) => {
      thread.gone = true;
      thread.onEnding?.({ kind: 'exit', code });
    });
    const ending = await this.until(thread, this.startupMs + this.timeoutMs);
    if (ending.kind === 'answer' && 'ready' in ending.answer) {
      this.thread = thread;
      return thread;
    }
    await worker.terminate();
    let why: string;
    if (ending.kind === 'timeout')
      why = `implementation module ${this.path} did not load within ${this.startupMs + this.timeoutMs} ms`;
    else if (ending.kind !== 'answer')
      why = `implementation module ${this.path} failed while loading: ${this.describe(ending)}`;
    else if ('loadError' in ending.answer) why = ending.answer.loadError;
    else why = `implementation module ${this.path} answered before it was asked`;
    throw new ImplementationLoadError(why);
  }

  /** The next ending of the thread (an answer, its exit, an uncaught error), or a timeout after `ms`. */
  private until(thread: Thread, ms: number): Promise<Ending> {
    return new Promise((settle) => {
      const timer = setTimeout(() => done({ kind: 'timeout' }), ms);
      const done = (ending: Ending) => {
        clearTimeout(timer);
        thread.onEnding = undefined;
        settle(ending);
      };
      thread.onEnding = done;
    });
  }

  private describe(ending: Exclude<Ending, { kind: 'answer' } | { kind: 'timeout' }>): string {
    return ending.kind === 'exit'
      ? `its thread ended with exit code ${ending.code} (process.exit?)`
      : `an uncaught ${erroredMessage(ending.error)}`;
  }

  run(scenario: Scenario, profile: ProfileName): Promise<RunResult> {
    const result = this.queue.then(() => this.runOne(scenario, profile));
    this.queue = result;
    return result;
  }

  async runMany(scenarios: readonly Scenario[], profile: ProfileName): Promise<RunResult[]> {
    const results: RunResult[] = [];
    for (const scenario of scenarios) results.push(await this.run(scenario, profile));
    return results;
  }

  private async runOne(scenario: Scenario, profile: ProfileName): Promise<RunResult> {
    if (this.closed)
      return { kind: 'errored', reason: 'crashed', message: `${this.name} is closed`, stderr: '' };
    let thread: Thread;
    try {
      thread = await this.start();
    } catch (error) {
      return { kind: 'errored', reason: 'crashed', message: erroredMessage(error), stderr: '' };
    }
    const mark = thread.output.total;
    const id = this.nextId++;
    const answered = this.until(thread, this.timeoutMs);
    thread.worker.postMessage({ id, scenario, profile });
    const ending = await answered;
    // What the thread wrote just before it answered may arrive a moment later.
    await new Promise((done) => setImmediate(done));
    const stderr = thread.output.since(mark);
    if (ending.kind === 'timeout') {
      this.thread = undefined;
      await thread.worker.terminate();
      return {
        kind: 'errored',
        reason: 'hung',
        message: `no observation within ${this.timeoutMs} ms; the module's thread was stopped`,
        stderr,
      };
    }
    if (ending.kind !== 'answer') {
      this.thread = undefined;
      await thread.worker.terminate();
      return { kind: 'errored', reason: 'crashed', message: this.describe(ending), stderr };
    }
    const answer = ending.answer;
    if (!('id' in answer) || answer.id !== id) {
      return {
        kind: 'errored',
        reason: 'protocol',
        message: 'the module thread answered out of turn',
        stderr,
      };
    }
    if ('threw' in answer) {
      return {
        kind: 'errored',
        reason: 'crashed',
        message: `threw ${answer.threw}`,
        stderr: answer.stack || stderr,
      };
    }
    if ('uncopyable' in answer) {
      return {
        kind: 'errored',
        reason: 'invalid-observation',
        message: `the observation is not plain data (${answer.uncopyable})`,
        stderr,
      };
    }
    const checked = checkObservation(answer.observation);
    return checked.ok
      ? { kind: 'ok', observation: checked.observation, stderr }
      : { kind: 'errored', reason: 'invalid-observation', message: checked.error.message, stderr };
  }

  async close(): Promise<void> {
    this.closed = true;
    const thread = this.thread;
    this.thread = undefined;
    if (thread) await thread.worker.terminate();
  }
}

/**
 * Opens a module path as an implementation that runs in a worker thread of the suite's process; rejects
 * with ImplementationLoadError when the module does not load or exports no function.
 */
export async function openInProcess(path: string, options: AdapterOptions = {}): Promise<Implementation> {
  const implementation = new ModuleImplementation(path, options);
  await implementation.start();
  return implementation;
}
