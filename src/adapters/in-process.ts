/**
 * Implementations in the suite's own process. A module path (`--sut sim.ts`) runs in a worker thread of
 * its own (module-thread.ts): the module whose named export `simulate` (or default export) is
 * `(scenario, profile) => Observation | Promise<Observation>` (docs/protocol.md) gets a copy of each
 * scenario; what it returns is validated like a subprocess's answer; a throw is a crash of that scenario,
 * and so are a process.exit and an uncaught error from a timer, which end its thread, not the suite; no
 * answer within the timeout, even from a synchronous endless loop, is a hang, and the thread is stopped.
 * A function handed over directly (inProcessImplementation: the reference simulator, tests) runs in the
 * suite's thread, where only a promise that never settles can be timed out.
 */
import type { Observation } from '../../model/observation.ts';
import type { ProfileName } from '../../model/profile.ts';
import type { Scenario } from '../../model/scenario.ts';
import { checkObservation } from '../../model/schema.ts';
import { openModuleThread } from './module-thread.ts';
import {
  type AdapterOptions,
  DEFAULT_TIMEOUT_MS,
  erroredMessage,
  type Implementation,
  type RunResult,
  unsupportedResult,
} from './types.ts';
import { timerDelay } from './watchdog.ts';

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
        timer = setTimeout(() => done(HUNG), timerDelay(timeoutMs));
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
      const unsupported = unsupportedResult(value);
      if (unsupported) return unsupported;
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
        threw: true,
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

/**
 * Opens a module path as an implementation; it runs in a worker thread of the suite's process
 * (module-thread.ts). Rejects with ImplementationLoadError when the module does not load or exports no
 * function.
 */
export function openInProcess(path: string, options: AdapterOptions = {}): Promise<Implementation> {
  return openModuleThread(path, options);
}
