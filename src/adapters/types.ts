/**
 * The one boundary between the suite and an implementation under test, whatever language it is in and
 * however it runs (docs/protocol.md): the suite hands over a scenario and a profile name and gets back an
 * observation, or the reason there is none. An implementation that fails never stops the run: each
 * failure is a RunResult for that scenario.
 */
import type { Observation } from '../../model/observation.ts';
import type { ProfileName } from '../../model/profile.ts';
import type { Scenario } from '../../model/scenario.ts';

export type ErroredReason =
  /** The process exited (or the in-process function threw) while the scenario was running. */
  | 'crashed'
  /** No answer within the per-scenario timeout; a subprocess is killed and restarted. */
  | 'hung'
  /** Something other than one JSON response line per request on stdout. */
  | 'protocol'
  /** A response whose observation does not follow the schema; the message names the field. */
  | 'invalid-observation'
  /** The implementation answered `{"id", "error"}`: it says it could not run the scenario. */
  | 'reported-error'
  /**
   * The implementation answered `{"id", "error": "unsupported"}` (a module returned `{ error: 'unsupported' }`):
   * the scenario is outside what it supports. Not a failure: the suite counts it as skipped.
   */
  | 'unsupported';

export type RunResult =
  | {
      kind: 'ok';
      observation: Observation;
      /** What the implementation wrote on stderr while the scenario ran (subprocess only; tail). */
      stderr?: string;
    }
  | {
      kind: 'errored';
      reason: ErroredReason;
      message: string;
      stderr: string;
      /**
       * A module's (or in-process function's) simulate threw: `crashed`, but its process and thread live on,
       * so it costs no restart. A module's way to say it cannot run a scenario, as `{"error"}` is a
       * subprocess's: the suite's stop rule does not count it.
       */
      threw?: true;
    };

export interface Implementation {
  /** For reports: 'reference', the module path or the command line. */
  name: string;
  run(scenario: Scenario, profile: ProfileName): Promise<RunResult>;
  /**
   * Runs many scenarios, results in input order. A subprocess keeps several requests in flight
   * (`maxInFlight`); the result of each scenario is the same as if it had been run alone.
   */
  runMany?(scenarios: readonly Scenario[], profile: ProfileName): Promise<RunResult[]>;
  /** runMany's results one promise per scenario, each settling as its answer comes (pipelined adapters). */
  runEach?(scenarios: readonly Scenario[], profile: ProfileName): Promise<RunResult>[];
  /**
   * Drops every scenario handed over and not yet answered: their promises settle (as errored, and are
   * not to be read) and the process or thread working on them is stopped; a later scenario gets a fresh one.
   * For a run that stops early (the suite's stop rule), so that nothing it abandoned delays what comes next.
   */
  abandon?(): Promise<void>;
  /**
   * What the implementation declares it supports (docs/protocol.md, "Declaring a partial implementation"),
   * as it gave it, not yet validated; undefined when it declares nothing (it supports everything). A
   * subprocess is asked with the declaration request; a module gives its `declaration` export. Asked once,
   * before any scenario.
   */
  declaration?(): Promise<unknown | undefined>;
  /** Ends the implementation (and every process it started). Idempotent. */
  close(): Promise<void>;
}

/** Per-scenario timeout when none is given: 10 s. */
export const DEFAULT_TIMEOUT_MS = 10_000;
/** Extra time a fresh subprocess gets for its first answer (interpreter or JVM start-up): 5 s. */
export const DEFAULT_STARTUP_GRACE_MS = 5_000;

/** The longest response line a subprocess may write: 64 MiB, far above any observation the suite asks for. */
export const DEFAULT_MAX_LINE_KB = 64 * 1024;

export interface AdapterOptions {
  /** Per-scenario timeout (ms); default DEFAULT_TIMEOUT_MS. */
  timeoutMs?: number;
  /** Subprocess: requests kept in flight by runMany and concurrent run calls; default 16. */
  maxInFlight?: number;
  /** Subprocess: how much of stderr (the last KiB) is kept per scenario; default 64. */
  stderrLimitKb?: number;
  /** Subprocess: the longest stdout line (KiB) read before the process is stopped; default DEFAULT_MAX_LINE_KB. */
  maxLineKb?: number;
  /** Subprocess: working directory of the command; default the current one. */
  cwd?: string;
  /** Subprocess: environment of the command; default this process's. */
  env?: NodeJS.ProcessEnv;
  /** Subprocess: extra time for the first answer of each fresh process; default DEFAULT_STARTUP_GRACE_MS. */
  startupGraceMs?: number;
  /** Subprocess: how long close() waits for the process to exit after closing its stdin; default 2000. */
  closeGraceMs?: number;
}

/** An implementation that cannot even be opened (a module that does not load or exports no function). */
export class ImplementationLoadError extends Error {}

/** What a scenario an adapter abandoned (Implementation.abandon) settles as; nobody reads it. */
export function abandonedResult(stderr = ''): RunResult {
  return {
    kind: 'errored',
    reason: 'crashed',
    message: 'abandoned: the run stopped before this scenario was answered',
    stderr,
  };
}

/**
 * The result of an answer `{"error": "unsupported", "detail"?}`, or undefined when the answer is not one.
 * The message is the detail when there is one.
 */
export function unsupportedResult(answer: unknown): RunResult | undefined {
  if (typeof answer !== 'object' || answer === null || Array.isArray(answer)) return undefined;
  const { error, detail } = answer as { error?: unknown; detail?: unknown };
  if (error !== 'unsupported' || 'observation' in answer) return undefined;
  const message = typeof detail === 'string' && detail.trim() !== '' ? detail : 'unsupported';
  return { kind: 'errored', reason: 'unsupported', message, stderr: '' };
}

export function erroredMessage(error: unknown): string {
  if (error instanceof Error) return `${error.name}: ${error.message}`;
  return String(error);
}
