/**
 * An implementation behind a command line, in any language, speaking the JSON-lines protocol of
 * docs/protocol.md: one request per line on its stdin, one response per line on its stdout, stderr free
 * text kept for the report. The process is started on the first request and kept across scenarios.
 *
 * Failures are the scenario's, never the run's:
 * - no response within the timeout → `hung`; the process (its whole process group) is killed;
 * - the process exits while a scenario runs → `crashed`;
 * - a stdout line that is not a response (not JSON, no id, an unknown id) → `protocol`, blamed on the
 *   request in flight (or on the next one sent, when nothing is in flight);
 * - a stdout line longer than `maxLineKb` (an endless stream) → `protocol`; the process is killed, since
 *   it can answer nothing more;
 * - `{"id", "error"}` → `reported-error`; an observation off the schema → `invalid-observation`.
 * The next scenario starts a fresh process when the last one is gone.
 *
 * Pipelining: up to `maxInFlight` requests are written before their answers arrive, and answers are
 * matched by id, in any order. Results do not depend on it. The timeout runs for the oldest request in
 * flight from the moment it became the oldest, so a process answering in order has the full timeout for
 * each scenario (a fresh process gets a start-up allowance on top, until it first answers). A failure is only ever blamed on a request that was alone in flight: when the process
 * hangs, crashes or writes a line that is no response while holding several requests, it is killed and
 * each of them is run again alone, so the failure lands on the scenario that causes it.
 */
import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import type { ProfileName } from '../../model/profile.ts';
import type { Scenario } from '../../model/scenario.ts';
import { checkObservation, PROTOCOL_VERSION, show } from '../../model/schema.ts';
import {
  type AdapterOptions,
  abandonedResult,
  DEFAULT_MAX_LINE_KB,
  DEFAULT_STARTUP_GRACE_MS,
  DEFAULT_TIMEOUT_MS,
  erroredMessage,
  type Implementation,
  type RunResult,
  unsupportedResult,
} from './types.ts';
import { OldestWatchdog } from './watchdog.ts';

/** How long after `exit` the adapter waits for the pipes to close before it treats the process as gone. */
const PIPE_CLOSE_WAIT_MS = 500;
/** Longest stdout line or error text quoted in a message. */
const QUOTE_MAX = 200;

/** `64 MiB`, `1.5 KiB`: a size in characters (UTF-16 units, as near to bytes as a decoded line gets). */
function sizeOf(chars: number): string {
  const kib = chars / 1024;
  return kib >= 1024 ? `${+(kib / 1024).toFixed(1)} MiB` : `${+kib.toFixed(1)} KiB`;
}

function clip(text: string, max = QUOTE_MAX): string {
  const line = text.replace(/\s+/g, ' ').trim();
  return line.length <= max ? line : `${line.slice(0, max - 1)}…`;
}

/** The last `limit` bytes of a stream, with a running byte count, so each scenario can take its part. */
export class StderrTail {
  total = 0;
  private chunks: Buffer[] = [];
  private held = 0;

  constructor(private readonly limit: number) {}

  append(chunk: Buffer): void {
    this.total += chunk.length;
    this.chunks.push(chunk);
    this.held += chunk.length;
    if (this.held > 2 * this.limit) {
      const tail = Buffer.concat(this.chunks).subarray(-this.limit);
      this.chunks = [tail];
      this.held = tail.length;
    }
  }

  /** What arrived after byte `mark`, at most the last `limit` bytes of it. */
  since(mark: number): string {
    const arrived = this.total - mark;
    const kept = Math.min(arrived, this.limit);
    if (kept <= 0) return '';
    const all = Buffer.concat(this.chunks);
    const text = all.subarray(all.length - kept).toString('utf8');
    return arrived > kept ? `[… ${arrived - kept} earlier bytes of stderr dropped]\n${text}` : text;
  }
}

interface Proc {
  child: ChildProcessWithoutNullStreams;
  pid: number | undefined;
  /** Unterminated stdout. */
  stdout: string;
  stderr: StderrTail;
  /** Has written a line on stdout: it is up, no startup allowance any more. */
  answered: boolean;
  /** Killed by the adapter (hang, close): its exit is no crash. */
  killed: boolean;
  gone: boolean;
  exit?: string;
  /** A stdout line that was no response while nothing was in flight: the next request is blamed. */
  stray?: { what: string; mark: number };
  done: Promise<void>;
  markGone: () => void;
}

/** What a job settles with: a run's result, or the answer to the declaration request. */
type Answer = RunResult | { kind: 'declaration'; declaration: unknown; stderr?: string };

interface Job {
  scenario: Scenario;
  profile: ProfileName;
  settle: (result: Answer) => void;
  /** The declaration request (docs/protocol.md, "Declaring a partial implementation"). */
  declare?: true;
  /** Was in flight when the process crashed with others: runs alone from now on. */
  suspect: boolean;
}

interface Sent {
  id: string;
  job: Job;
  proc: Proc;
  stderrMark: number;
}

/** The scenario of the declaration request: nothing happens in it, so any implementation can answer it. */
export const DECLARATION_SCENARIO: Scenario = {
  version: 1,
  tenantId: '00000000-0000-4000-8000-000000000000',
  start: '2026-01-01T10:00:00.000Z',
  config: {
    subscriptions: ['sub-1'],
    subscriptionConnector: [],
    tenantConnector: false,
    xdrMdcSetting: 'No alerts',
    xdrConnector: false,
    incidentRules: [],
  },
  timeline: [],
  settleMinutes: 60,
};

// Processes still running when the suite's own process exits are killed with it. Each runs in a process
// group of its own, which a Ctrl-C in the terminal does not reach: the CLI calls stopAllSubprocesses on
// SIGINT/SIGTERM/SIGHUP (a library installs no signal handlers of its own).
const live = new Set<Proc>();
let exitHookInstalled = false;

function killGroup(proc: Proc): void {
  if (proc.pid === undefined) return;
  try {
    process.kill(-proc.pid, 'SIGKILL');
  } catch {
    try {
      proc.child.kill('SIGKILL');
    } catch {
      // already gone
    }
  }
}

/** Kills every implementation process still running (each whole process group); returns how many. */
export function stopAllSubprocesses(): number {
  const count = live.size;
  for (const proc of live) killGroup(proc);
  return count;
}

function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.once('exit', stopAllSubprocesses);
}

function describeExit(code: number | null, signal: NodeJS.Signals | null): string {
  if (signal) return `was killed by ${signal}`;
  // The shell's own codes: the command line names no program it can run.
  if (code === 127) return 'exited with code 127 (the shell found no such command: check --sut)';
  if (code === 126) return 'exited with code 126 (the shell could not execute the command: check --sut)';
  return `exited with code ${code}`;
}

function delay(ms: number): Promise<void> {
  return new Promise((done) => setTimeout(done, ms));
}

export class SubprocessImplementation implements Implementation {
  readonly name: string;
  private readonly command: string;
  private readonly timeoutMs: number;
  private readonly maxInFlight: number;
  private readonly stderrLimit: number;
  private readonly maxLineChars: number;
  private readonly cwd: string | undefined;
  private readonly env: NodeJS.ProcessEnv | undefined;
  private readonly closeGraceMs: number;
  private readonly startupGraceMs: number;

  private proc: Proc | undefined;
  private readonly procs = new Set<Proc>();
  private readonly queue: Job[] = [];
  /** In send order. */
  private readonly inFlight = new Map<string, Sent>();
  /** Requests already settled (blamed, or resent under a new id) whose late answers are dropped. */
  private readonly abandoned = new Set<string>();
  private nextId = 1;
  private closed = false;
  private closing: Promise<void> | undefined;
  private readonly watchdog = new OldestWatchdog<string>();
  private started = 0;

  constructor(command: string, options: AdapterOptions = {}) {
    this.command = command;
    this.name = command;
    this.timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    this.maxInFlight = Math.max(1, Math.floor(options.maxInFlight ?? 16));
    this.stderrLimit = Math.max(1, Math.round((options.stderrLimitKb ?? 64) * 1024));
    this.maxLineChars = Math.max(1, Math.round((options.maxLineKb ?? DEFAULT_MAX_LINE_KB) * 1024));
    this.cwd = options.cwd;
    this.env = options.env;
    this.closeGraceMs = options.closeGraceMs ?? 2000;
    this.startupGraceMs = options.startupGraceMs ?? DEFAULT_STARTUP_GRACE_MS;
  }

  /** How many processes have been started (1 + restarts). */
  get processesStarted(): number {
    return this.started;
  }

  /** The running process's id, if one runs. */
  get pid(): number | undefined {
    return this.proc?.pid;
  }

  run(scenario: Scenario, profile: ProfileName): Promise<RunResult> {
    if (this.closed) return Promise.resolve(this.closedResult(''));
    return new Promise((settle) => {
      this.queue.push({ scenario, profile, settle: settle as (result: Answer) => void, suspect: false });
      this.pump();
    });
  }

  /**
   * Asks the implementation what it supports: the declaration request, an ordinary request for the empty
   * scenario marked `"declare": true`. The declaration it answers (not yet validated), or undefined when it
   * answers the scenario as usual, an error, or nothing usable: an implementation that knows nothing of
   * declarations declares nothing. Call it before any scenario.
   */
  declaration(): Promise<unknown | undefined> {
    if (this.closed) return Promise.resolve(undefined);
    return new Promise((done) => {
      this.queue.push({
        scenario: DECLARATION_SCENARIO,
        profile: 'ideal',
        declare: true,
        settle: (answer) => done(answer.kind === 'declaration' ? answer.declaration : undefined),
        suspect: false,
      });
      this.pump();
    });
  }

  runMany(scenarios: readonly Scenario[], profile: ProfileName): Promise<RunResult[]> {
    return Promise.all(this.runEach(scenarios, profile));
  }

  runEach(scenarios: readonly Scenario[], profile: ProfileName): Promise<RunResult>[] {
    return scenarios.map((scenario) => this.run(scenario, profile));
  }

  close(): Promise<void> {
    this.closing ??= this.shutDown();
    return this.closing;
  }

  /** Drops what is queued and in flight (settled as abandoned) and kills the process; the next run starts one. */
  async abandon(): Promise<void> {
    this.dropAll(abandonedResult);
    const proc = this.proc;
    if (proc && !proc.gone && !proc.killed) {
      proc.killed = true;
      this.proc = undefined;
      killGroup(proc);
      await Promise.race([proc.done, delay(2000)]);
    }
    this.rearm();
  }

  // ------------------------------------------------------------------------------------ scheduling

  private pump(): void {
    while (!this.closed && this.queue.length > 0) {
      const next = this.queue[0] as Job;
      const held = [...this.inFlight.values()];
      if (held.some((s) => s.job.suspect)) return;
      if (held.length > 0 && (next.suspect || held.length >= this.maxInFlight)) return;
      this.queue.shift();
      this.send(next);
    }
  }

  private send(job: Job): void {
    const proc = this.proc ?? this.start();
    if (proc.stray) {
      const { what, mark } = proc.stray;
      proc.stray = undefined;
      job.settle({
        kind: 'errored',
        reason: 'protocol',
        message: `before this request, stdout had ${what}`,
        stderr: proc.stderr.since(mark),
      });
      return;
    }
    const id = `r${this.nextId++}`;
    this.inFlight.set(id, { id, job, proc, stderrMark: proc.stderr.total });
    const request = {
      protocol: PROTOCOL_VERSION,
      id,
      scenario: job.scenario,
      profile: job.profile,
      ...(job.declare ? { declare: true } : {}),
    };
    proc.child.stdin.write(`${JSON.stringify(request)}\n`);
    this.rearm();
  }

  /**
   * The watchdog runs for the oldest request in flight, from the moment it became the oldest; a process
   * that has not answered yet is still starting, and gets the startup allowance on top.
   */
  private rearm(): void {
    const head = this.inFlight.values().next().value as Sent | undefined;
    const ms = this.timeoutMs + (head?.proc.answered ? 0 : this.startupGraceMs);
    this.watchdog.follow(head?.id, ms, (id) => this.onTimeout(id, ms));
  }

  private finish(sent: Sent, result: Answer, abandon = false): void {
    this.inFlight.delete(sent.id);
    if (abandon) this.abandoned.add(sent.id);
    // Stderr and stdout are separate pipes: what the process wrote on stderr just before its answer may
    // be read just after the answer, in the same turn of the event loop. Take stderr once the turn is over.
    setImmediate(() => {
      sent.job.settle({ ...result, stderr: sent.proc.stderr.since(sent.stderrMark) } as Answer);
    });
    this.rearm();
    this.pump();
  }

  /**
   * Takes back the requests a dead or killed process held, when the failure cannot be told apart: they go
   * first, in their order, and each runs alone from now on.
   */
  private takeBack(proc: Proc): void {
    const held = [...this.inFlight.values()].filter((s) => s.proc === proc);
    for (const sent of held) {
      this.inFlight.delete(sent.id);
      this.abandoned.add(sent.id);
      sent.job.suspect = true;
    }
    this.queue.unshift(...held.map((s) => s.job));
  }

  // ------------------------------------------------------------------------------------ the process

  private start(): Proc {
    const child = spawn(this.command, {
      shell: true,
      cwd: this.cwd,
      env: this.env ?? process.env,
      stdio: ['pipe', 'pipe', 'pipe'],
      // Its own process group, so a kill reaches the shell's children too.
      detached: true,
    });
    let markGone = () => {};
    const done = new Promise<void>((resolve) => {
      markGone = resolve;
    });
    const proc: Proc = {
      child,
      pid: child.pid,
      stdout: '',
      stderr: new StderrTail(this.stderrLimit),
      answered: false,
      killed: false,
      gone: false,
      done,
      markGone,
    };
    this.proc = proc;
    this.procs.add(proc);
    this.started++;
    live.add(proc);
    installExitHook();
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => this.onStdout(proc, chunk));
    child.stderr.on('data', (chunk: Buffer) => proc.stderr.append(chunk));
    child.stdin.on('error', () => {
      // EPIPE once the process is dead: its exit is reported by onGone.
    });
    child.on('error', (error) => {
      proc.exit ??= `could not be started (${error.message})`;
      this.onGone(proc);
    });
    child.on('exit', (code, signal) => {
      proc.exit ??= describeExit(code, signal);
      setTimeout(() => this.onGone(proc), PIPE_CLOSE_WAIT_MS);
    });
    child.on('close', (code, signal) => {
      proc.exit ??= describeExit(code, signal);
      this.onGone(proc);
    });
    return proc;
  }

  /** Splits stdout into lines; only the new chunk is searched, so a long line costs linear time. */
  private onStdout(proc: Proc, chunk: string): void {
    if (proc.killed || proc.gone) return;
    let start = 0;
    let newline = chunk.indexOf('\n');
    while (newline >= 0) {
      const line = proc.stdout + chunk.slice(start, newline);
      proc.stdout = '';
      try {
        this.onLine(proc, line);
      } catch (error) {
        // Reading an answer must never take the suite down: whatever it trips is this answer's fault.
        this.violation(proc, `a line the suite could not read (${erroredMessage(error)}): ${clip(line)}`);
      }
      if (proc.killed || proc.gone) return;
      start = newline + 1;
      newline = chunk.indexOf('\n', start);
    }
    if (proc.stdout.length + chunk.length - start > this.maxLineChars) {
      this.stopFor(
        proc,
        `stdout had more than ${sizeOf(this.maxLineChars)} without a newline; the process was killed`,
      );
      return;
    }
    proc.stdout += chunk.slice(start);
  }

  private onLine(proc: Proc, text: string): void {
    // A byte-order mark (what .NET and PowerShell may write first) and a \r (Windows line ends) are framing.
    const line = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
    if (line.trim() === '') return;
    proc.answered = true;
    let message: unknown;
    try {
      message = JSON.parse(line);
    } catch {
      this.violation(proc, `a line that is not JSON: ${clip(line)}`);
      return;
    }
    const response = message as {
      id?: unknown;
      observation?: unknown;
      error?: unknown;
      declaration?: unknown;
    };
    if (typeof message !== 'object' || message === null || typeof response.id !== 'string') {
      this.violation(proc, `a line that is not a response {"id", "observation" | "error"}: ${clip(line)}`);
      return;
    }
    const sent = this.inFlight.get(response.id);
    if (!sent) {
      if (!this.abandoned.has(response.id)) {
        this.violation(proc, `a response for id ${JSON.stringify(response.id)}, which is not in flight`);
      }
      return;
    }
    if ('declaration' in response) {
      this.finish(
        sent,
        sent.job.declare
          ? { kind: 'declaration', declaration: response.declaration }
          : {
              kind: 'errored',
              reason: 'protocol',
              message: `a declaration answered a scenario: it answers only the declaration request, the first one: ${clip(line)}`,
              stderr: '',
            },
      );
      return;
    }
    const unsupported = unsupportedResult(response);
    if (unsupported) {
      const { message } = unsupported as { message: string };
      this.finish(sent, { ...unsupported, message: clip(message, 2000) } as RunResult);
      return;
    }
    if ('error' in response) {
      const text = typeof response.error === 'string' ? response.error : show(response.error);
      this.finish(sent, { kind: 'errored', reason: 'reported-error', message: clip(text, 2000), stderr: '' });
      return;
    }
    if (!('observation' in response)) {
      this.finish(sent, {
        kind: 'errored',
        reason: 'protocol',
        message: `the response has neither "observation" nor "error": ${clip(line)}`,
        stderr: '',
      });
      return;
    }
    const checked = checkObservation(response.observation);
    this.finish(
      sent,
      checked.ok
        ? { kind: 'ok', observation: checked.observation }
        : { kind: 'errored', reason: 'invalid-observation', message: checked.error.message, stderr: '' },
    );
  }

  /**
   * A stdout line that is no response. With one request in flight it is that request's; with several it
   * could be any one's, so the process is killed and each is run again alone; with none, the next one sent
   * is blamed.
   */
  private violation(proc: Proc, what: string): void {
    const held = [...this.inFlight.values()].filter((s) => s.proc === proc);
    const [only] = held;
    if (held.length === 1 && only) {
      this.finish(
        only,
        { kind: 'errored', reason: 'protocol', message: `stdout had ${what}`, stderr: '' },
        true,
      );
    } else if (held.length > 1) {
      this.kill(proc);
      this.rearm();
      this.pump();
    } else {
      proc.stray ??= { what, mark: proc.stderr.total };
    }
  }

  /**
   * The oldest request got no answer in time. Alone in flight, it is hung. With others in flight, the
   * process may be stuck on any of them (or on their interleaving), so each is run again alone.
   */
  private onTimeout(id: string, ms: number): void {
    const sent = this.inFlight.get(id);
    if (!sent) return;
    this.stopFor(
      sent.proc,
      ms === this.timeoutMs
        ? `no response within ${ms} ms; the process was killed`
        : `no response within ${ms} ms (${this.timeoutMs} ms + ${ms - this.timeoutMs} ms for a fresh process to start); the process was killed`,
      'hung',
    );
  }

  /**
   * Kills a process that can answer nothing more. The one request it held is blamed; several are run again,
   * each alone, so the failure lands on its own scenario; none, and the next request starts a fresh process.
   */
  private stopFor(proc: Proc, message: string, reason: 'hung' | 'protocol' = 'protocol'): void {
    if (proc.killed || proc.gone) return;
    const held = [...this.inFlight.values()].filter((s) => s.proc === proc);
    const [only] = held;
    if (held.length === 1 && only) {
      const stderr = proc.stderr.since(only.stderrMark);
      this.inFlight.delete(only.id);
      this.abandoned.add(only.id);
      this.kill(proc);
      only.job.settle({ kind: 'errored', reason, message, stderr });
    } else {
      this.kill(proc);
    }
    this.rearm();
    this.pump();
  }

  /** Kills a process and its group; the requests it still held are run again, each alone. */
  private kill(proc: Proc): void {
    proc.killed = true;
    if (this.proc === proc) this.proc = undefined;
    killGroup(proc);
    this.takeBack(proc);
  }

  private onGone(proc: Proc): void {
    if (proc.gone) return;
    proc.gone = true;
    live.delete(proc);
    this.procs.delete(proc);
    if (this.proc === proc) this.proc = undefined;
    // Whatever the shell left behind in the group goes with it.
    killGroup(proc);
    proc.markGone();
    if (proc.killed || this.closed) return;
    const held = [...this.inFlight.values()].filter((s) => s.proc === proc);
    const [only] = held;
    if (held.length === 1 && only) {
      const partial = proc.stdout.trim() === '' ? '' : `; unterminated stdout: ${clip(proc.stdout)}`;
      this.finish(only, {
        kind: 'errored',
        reason: 'crashed',
        message: `the process ${proc.exit ?? 'exited'} while running this scenario${partial}`,
        stderr: '',
      });
    } else if (held.length > 1) {
      // Which of them made it crash? Run each again alone.
      this.takeBack(proc);
      this.rearm();
      this.pump();
    } else {
      this.pump();
    }
  }

  // ------------------------------------------------------------------------------------ closing

  private closedResult(stderr: string): RunResult {
    return {
      kind: 'errored',
      reason: 'crashed',
      message: `${this.name} was closed before it answered`,
      stderr,
    };
  }

  /** Settles every request queued or in flight with `resultFor` (given its stderr); late answers are dropped. */
  private dropAll(resultFor: (stderr: string) => RunResult): void {
    for (const job of this.queue.splice(0)) job.settle(resultFor(''));
    for (const sent of this.inFlight.values()) {
      this.abandoned.add(sent.id);
      sent.job.settle(resultFor(sent.proc.stderr.since(sent.stderrMark)));
    }
    this.inFlight.clear();
  }

  private async shutDown(): Promise<void> {
    this.closed = true;
    this.watchdog.stop();
    this.dropAll((stderr) => this.closedResult(stderr));
    const current = this.proc;
    this.proc = undefined;
    if (current && !current.gone && !current.killed) {
      current.child.stdin.end();
      await Promise.race([current.done, delay(this.closeGraceMs)]);
    }
    for (const proc of this.procs) {
      if (!proc.gone) {
        proc.killed = true;
        killGroup(proc);
      }
    }
    await Promise.race([Promise.all([...this.procs].map((p) => p.done)), delay(2000)]);
  }
}

/** Opens a command line (run through the shell) as an implementation. */
export function openSubprocess(command: string, options: AdapterOptions = {}): SubprocessImplementation {
  return new SubprocessImplementation(command, options);
}
