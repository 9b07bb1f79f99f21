/**
 * Opens the implementation under test from the `--sut` text:
 * - `reference`: the bundled reference simulator, in process, under the deterministic default schedule;
 * - a path to a .ts/.mts/.js/.mjs/.cjs module: in process (docs/protocol.md, "In-process modules");
 * - anything else: a command line, run through the shell, speaking the JSON-lines protocol.
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { type ProfileName, profileByName } from '../../model/profile.ts';
import { scheduleFor } from '../../model/reference/default-schedule.ts';
import type { Scenario } from '../../model/scenario.ts';
import { inProcessImplementation, openInProcess } from './in-process.ts';
import { openSubprocess } from './subprocess.ts';
import {
  type AdapterOptions,
  type Implementation,
  ImplementationLoadError,
  type RunResult,
} from './types.ts';

export {
  inProcessImplementation,
  openInProcess,
  type SimulateFunction,
} from './in-process.ts';
export { openSubprocess, SubprocessImplementation } from './subprocess.ts';
export type { AdapterOptions, ErroredReason, Implementation, RunResult } from './types.ts';
export { DEFAULT_STARTUP_GRACE_MS, DEFAULT_TIMEOUT_MS, ImplementationLoadError } from './types.ts';

export const REFERENCE_SPEC = 'reference';

const MODULE_EXTENSION = /\.(?:[cm]?ts|[cm]?js)$/;

export type ImplementationKind = 'reference' | 'module' | 'command';

/** How a spec is read: a module path has a module extension and exists or is one word. */
export function implementationKind(spec: string): ImplementationKind {
  const text = spec.trim();
  if (text === REFERENCE_SPEC) return 'reference';
  if (MODULE_EXTENSION.test(text) && (existsSync(resolve(text)) || !/\s/.test(text))) return 'module';
  return 'command';
}

/** The reference simulator as an implementation: default schedule, the profile by name. */
export async function openReference(options: AdapterOptions = {}): Promise<Implementation> {
  const { simulate } = await import('../../model/reference/simulator.ts');
  return inProcessImplementation(
    REFERENCE_SPEC,
    (scenario, profile) => simulate(scenario, scheduleFor(scenario), profileByName(profile)),
    options,
  );
}

/** Opens an implementation; rejects when a module cannot be loaded (a command's failures are per scenario). */
export async function openImplementation(
  spec: string,
  options: AdapterOptions = {},
): Promise<Implementation> {
  const text = spec.trim();
  if (text === '')
    throw new ImplementationLoadError(
      'the implementation is empty: give reference, a module path or a command line',
    );
  switch (implementationKind(text)) {
    case 'reference':
      return openReference(options);
    case 'module':
      return openInProcess(text, options);
    case 'command':
      return openSubprocess(text, options);
  }
}

/** Runs scenarios through any implementation: its runMany when it has one, else one at a time. */
export async function runAll(
  implementation: Implementation,
  scenarios: readonly Scenario[],
  profile: ProfileName,
): Promise<RunResult[]> {
  if (implementation.runMany) return implementation.runMany(scenarios, profile);
  const results: RunResult[] = [];
  for (const scenario of scenarios) results.push(await implementation.run(scenario, profile));
  return results;
}
