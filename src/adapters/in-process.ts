/**
 * An implementation that runs in the suite's own process: a module whose named export `simulate` (or
 * default export) is `(scenario, profile) => Observation | Promise<Observation>` (docs/protocol.md). What
 * it returns is validated like a subprocess's answer; a throw is a crash of that scenario, a promise that
 * does not settle within the timeout is a hang. A synchronous endless loop cannot be interrupted in
 * process: use the subprocess protocol for implementations that may hang.
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Observation } from '../../model/observation.ts';
import type { ProfileName } from '../../model/profile.ts';
import type { Scenario } from '../../model/scenario.ts';
import { checkObservation } from '../../model/schema.ts';
import {
  type AdapterOptions,
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

function isTypeScript(path: string): boolean {
  return /\.[cm]?ts$/.test(path);
}

/** Imports a module; .ts files go through tsx when the running loader does not handle TypeScript. */
async function importModule(path: string): Promise<Record<string, unknown>> {
  const url = pathToFileURL(resolve(path)).href;
  try {
    return (await import(url)) as Record<string, unknown>;
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    if (!isTypeScript(path) || code !== 'ERR_UNKNOWN_FILE_EXTENSION') throw error;
    const { tsImport } = await import('tsx/esm/api');
    return (await tsImport(url, import.meta.url)) as Record<string, unknown>;
  }
}

/** The simulate function of a module: named `simulate`, else the default export (or its `simulate`). */
export async function loadSimulateModule(path: string): Promise<SimulateFunction> {
  let module: Record<string, unknown>;
  try {
    module = await importModule(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why =
      code === 'ERR_MODULE_NOT_FOUND' && !existsSync(path)
        ? 'no such file'
        : (error instanceof Error ? error.message : String(error)).split('\n')[0];
    throw new ImplementationLoadError(`cannot load implementation module ${path}: ${why}`);
  }
  const fallback = module.default as { simulate?: unknown } | undefined;
  const candidate =
    typeof module.simulate === 'function'
      ? module.simulate
      : typeof fallback === 'function'
        ? fallback
        : fallback?.simulate;
  if (typeof candidate !== 'function') {
    throw new ImplementationLoadError(
      `implementation module ${path} exports no function: expected a named export 'simulate' or a default ` +
        'export (scenario, profile) => Observation',
    );
  }
  return candidate as SimulateFunction;
}

/** Opens a module path as an in-process implementation. */
export async function openInProcess(path: string, options: AdapterOptions = {}): Promise<Implementation> {
  return inProcessImplementation(path, await loadSimulateModule(path), options);
}
