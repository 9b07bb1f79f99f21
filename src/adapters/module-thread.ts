/**
 * A module implementation (`--sut sim.ts`) in a worker thread of its own (module-worker.mjs). The suite's
 * thread only posts scenarios and takes answers, so nothing the module does can stop the run: a synchronous
 * endless loop is a hang the timeout ends (the thread is terminated; a fresh one loads the module for the
 * next scenario), a process.exit or an error thrown later from a timer is a crash of the scenario.
 *
 * Pipelining, as the subprocess adapter does it: up to `maxInFlight` scenarios are posted before their
 * answers come, so the module simulates the next batch while the suite judges this one. Answers are matched
 * by id. The timeout runs for the oldest scenario in flight from the moment it became the oldest. A failure
 * is only ever blamed on a scenario that was alone in flight: when the thread hangs or ends holding several,
 * each is run again alone on a fresh thread.
 */
import { Worker } from 'node:worker_threads';
import type { ProfileName } from '../../model/profile.ts';
import type { Scenario } from '../../model/scenario.ts';
import { checkObservation } from '../../model/schema.ts';
import { StderrTail } from './subprocess.ts';
import {
  type AdapterOptions,
  abandonedResult,
  DEFAULT_STARTUP_GRACE_MS,
  DEFAULT_TIMEOUT_MS,
  erroredMessage,
  type Implementation,
  ImplementationLoadError,
  type RunResult,
  unsupportedResult,
} from './types.ts';
import { OldestWatchdog, timerDelay } from './watchdog.ts';

/** The thread's entry: plain JavaScript beside this file, so the thread needs no TypeScript loader. */
const WORKER = new URL('./module-worker.mjs', import.meta.url);

/** Each with what the module wrote on stdout and stderr since the previous answer. */
type Answer = { id: number; output: string } & (
  | { observation: unknown }
  | { threw: string; stack: string }
  | { uncopyable: string }
);

type Hello = { ready: true; declaration?: unknown } | { loadError: string };

interface Job {
  id: number;
  scenario: Scenario;
  profile: ProfileName;
  settle: (result: RunResult) => void;
  /** Was in flight when the thread failed with others: runs alone from now on. */
  suspect: boolean;
}

interface Thread {
  worker: Worker;
  /** What the module wrote on stdout and stderr, together (its tail). */
  output: StderrTail;
  /** Where the output stood at the last answer: what a call that never answers wrote starts there. */
  answeredAt: number;
  /** Stopped by this adapter (hang, close): its end is no crash. */
  stopped: boolean;
}

function resultOf(answer: Answer): RunResult {
  const stderr = answer.output;
  if ('threw' in answer) {
    const withStack = [stderr, answer.stack].filter((text) => text !== '').join('\n');
    return {
      kind: 'errored',
      reason: 'crashed',
      message: `threw ${answer.threw}`,
      stderr: withStack,
      threw: true,
    };
  }
  if ('uncopyable' in answer) {
    const message = `the observation is not plain data (${answer.uncopyable})`;
    return { kind: 'errored', reason: 'invalid-observation', message, stderr };
  }
  const unsupported = unsupportedResult(answer.observation);
  if (unsupported) return { ...unsupported, stderr };
  const checked = checkObservation(answer.observation);
  return checked.ok
    ? { kind: 'ok', observation: checked.observation, stderr }
    : { kind: 'errored', reason: 'invalid-observation', message: checked.error.message, stderr };
}

export class ModuleThreadImplementation implements Implementation {
  readonly name: string;
  private readonly path: string;
  private readonly timeoutMs: number;
  private readonly startupMs: number;
  private readonly maxInFlight: number;
  private readonly outputLimit: number;
  private thread: Thread | undefined;
  private starting = false;
  private readonly queue: Job[] = [];
  /** In send order. */
  private readonly inFlight = new Map<number, Job>();
  private readonly watchdog = new OldestWatchdog<number>();
  private nextId = 1;
  private closed = false;
  /** The module's exported `declaration` (not yet validated), from its first load. */
  private declared: unknown;

  constructor(path: string, options: AdapterOptions = {}) {
    this.path = path;
    this.name = path;
    this.timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    this.startupMs = options.startupGraceMs ?? DEFAULT_STARTUP_GRACE_MS;
    this.maxInFlight = Math.max(1, Math.floor(options.maxInFlight ?? 16));
    this.outputLimit = Math.max(1, Math.round((options.stderrLimitKb ?? 64) * 1024));
  }

  run(scenario: Scenario, profile: ProfileName): Promise<RunResult> {
    if (this.closed) return Promise.resolve(this.closedResult());
    return new Promise((settle) => {
      this.queue.push({ id: this.nextId++, scenario, profile, settle, suspect: false });
      this.pump();
    });
  }

  /** What the module declares it supports (its `declaration` export, not yet validated); undefined: everything. */
  async declaration(): Promise<unknown | undefined> {
    return this.declared;
  }

  runMany(scenarios: readonly Scenario[], profile: ProfileName): Promise<RunResult[]> {
    return Promise.all(this.runEach(scenarios, profile));
  }

  runEach(scenarios: readonly Scenario[], profile: ProfileName): Promise<RunResult>[] {
    return scenarios.map((scenario) => this.run(scenario, profile));
  }

  /** Drops what is queued and in flight (settled as abandoned) and stops the thread; the next run loads afresh. */
  abandon(): Promise<void> {
    return this.dropAll(abandonedResult());
  }

  async close(): Promise<void> {
    this.closed = true;
    await this.dropAll(this.closedResult());
  }

  /** Settles every scenario queued or in flight with `result` and stops the thread. */
  private async dropAll(result: RunResult): Promise<void> {
    for (const job of [...this.inFlight.values(), ...this.queue.splice(0)]) job.settle(result);
    this.inFlight.clear();
    this.rearm(); // nothing in flight: the watchdog stops
    const thread = this.thread;
    this.thread = undefined;
    if (thread) await this.stop(thread);
  }

  /**
   * Loads the module in a fresh thread and waits for it to say it is ready; throws ImplementationLoadError
   * when it does not load (or not within the start-up allowance plus the timeout).
   */
  async start(): Promise<void> {
    const worker = new Worker(WORKER, {
      workerData: { path: this.path, outputLimit: this.outputLimit },
      stdout: true,
      stderr: true,
      execArgv: [],
    });
    const thread: Thread = {
      worker,
      output: new StderrTail(this.outputLimit),
      answeredAt: 0,
      stopped: false,
    };
    worker.stdout.on('data', (chunk: Buffer) => thread.output.append(chunk));
    worker.stderr.on('data', (chunk: Buffer) => thread.output.append(chunk));
    const ms = this.startupMs + this.timeoutMs;
    const hello = await new Promise<Hello | string>((settle) => {
      const timer = setTimeout(
        () => settle(`implementation module ${this.path} did not load within ${ms} ms`),
        timerDelay(ms),
      );
      const done = (outcome: Hello | string) => {
        clearTimeout(timer);
        worker.removeAllListeners('message').removeAllListeners('error').removeAllListeners('exit');
        settle(outcome);
      };
      worker.once('message', (message: Hello) => done(message));
      worker.once('error', (error) =>
        done(`implementation module ${this.path} failed while loading: ${erroredMessage(error)}`),
      );
      worker.once('exit', (code) =>
        done(`implementation module ${this.path} ended its thread while loading (exit code ${code})`),
      );
    });
    if (typeof hello === 'string' || 'loadError' in hello) {
      await this.stop(thread);
      throw new ImplementationLoadError(typeof hello === 'string' ? hello : hello.loadError);
    }
    if (this.declared === undefined) this.declared = hello.declaration;
    if (this.closed) {
      await this.stop(thread); // closed while it loaded: nobody will stop it later
      return;
    }
    worker.on('message', (answer: Answer) => this.onAnswer(thread, answer));
    worker.on('error', (error) => this.onEnd(thread, `an uncaught ${erroredMessage(error)}`));
    worker.on('exit', (code) =>
      this.onEnd(thread, `its thread ended with exit code ${code} (process.exit?)`),
    );
    this.thread = thread;
  }

  // ------------------------------------------------------------------------------------ scheduling

  private pump(): void {
    if (this.closed || this.starting) return;
    if (!this.thread) {
      if (this.queue.length === 0) return;
      this.starting = true;
      this.start().then(
        () => {
          this.starting = false;
          this.pump();
        },
        (error: unknown) => {
          // A module that no longer loads fails the scenario that needed it; the next one tries afresh.
          this.starting = false;
          const job = this.queue.shift();
          const message = error instanceof ImplementationLoadError ? error.message : erroredMessage(error);
          job?.settle({ kind: 'errored', reason: 'crashed', message, stderr: '' });
          this.pump();
        },
      );
      return;
    }
    const thread = this.thread;
    while (this.queue.length > 0) {
      const next = this.queue[0] as Job;
      const held = [...this.inFlight.values()];
      if (held.some((job) => job.suspect)) return;
      if (held.length > 0 && (next.suspect || held.length >= this.maxInFlight)) return;
      this.queue.shift();
      if (this.inFlight.size === 0) thread.answeredAt = thread.output.total;
      this.inFlight.set(next.id, next);
      thread.worker.postMessage({ id: next.id, scenario: next.scenario, profile: next.profile });
      this.rearm();
    }
  }

  private rearm(): void {
    const head = this.inFlight.values().next().value as Job | undefined;
    this.watchdog.follow(head?.id, this.timeoutMs, (id) => this.onTimeout(id));
  }

  private onAnswer(thread: Thread, answer: Answer): void {
    const job = this.inFlight.get(answer.id);
    if (thread !== this.thread || !job) return;
    this.inFlight.delete(answer.id);
    thread.answeredAt = thread.output.total;
    job.settle(resultOf(answer));
    this.rearm();
    this.pump();
  }

  /** The oldest scenario got no answer in time: alone in flight, it is hung; with others, each runs again alone. */
  private onTimeout(id: number): void {
    const job = this.inFlight.get(id);
    const thread = this.thread;
    if (!job || !thread) return;
    if (this.inFlight.size === 1) {
      this.inFlight.delete(id);
      const stderr = thread.output.since(thread.answeredAt);
      job.settle({
        kind: 'errored',
        reason: 'hung',
        message: `no observation within ${this.timeoutMs} ms; the module's thread was stopped`,
        stderr,
      });
    } else {
      this.takeBack();
    }
    this.thread = undefined;
    void this.stop(thread);
    this.rearm();
    this.pump();
  }

  /** The thread ended (process.exit) or threw outside any scenario's call: a crash of what it held. */
  private onEnd(thread: Thread, why: string): void {
    if (thread.stopped || thread !== this.thread) return;
    this.thread = undefined;
    const stderr = thread.output.since(thread.answeredAt);
    const [only, ...others] = this.inFlight.values();
    if (only && others.length === 0) {
      this.inFlight.delete(only.id);
      only.settle({ kind: 'errored', reason: 'crashed', message: why, stderr });
    } else {
      this.takeBack();
    }
    void this.stop(thread);
    this.rearm();
    this.pump();
  }

  /** Puts what is in flight back first in the queue, in order, each to run alone from now on. */
  private takeBack(): void {
    const held = [...this.inFlight.values()];
    this.inFlight.clear();
    for (const job of held) job.suspect = true;
    this.queue.unshift(...held);
  }

  private async stop(thread: Thread): Promise<void> {
    thread.stopped = true;
    thread.worker.on('error', () => {}); // whatever it still throws on its way out is nobody's now
    await thread.worker.terminate();
  }

  private closedResult(): RunResult {
    return { kind: 'errored', reason: 'crashed', message: `${this.name} is closed`, stderr: '' };
  }
}

/**
 * Opens a module path as an implementation in a worker thread of the suite's process; rejects with
 * ImplementationLoadError when the module does not load or exports no function.
 */
export async function openModuleThread(path: string, options: AdapterOptions = {}): Promise<Implementation> {
  const implementation = new ModuleThreadImplementation(path, options);
  await implementation.start();
  return implementation;
}
