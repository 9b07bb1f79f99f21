/**
 * Implementation specs for the commands that compare or mutate: everything `run --sut` accepts, plus
 * `mutant:<id>`, a mutant of the reference simulator from the catalogue (mutants/index.ts), run in process
 * on the generated schedule like the reference itself.
 */
import { MUTANTS, type Mutant, mutantById } from '../../mutants/index.ts';
import { UsageError } from '../cli/args.ts';
import { openRunner } from '../cli/commands/run.ts';
import { simulatorRunner } from '../harness/reference-runner.ts';
import type { CaseRunner } from '../harness/suite.ts';

export const MUTANT_PREFIX = 'mutant:';

export function mutantRunner(mutant: Pick<Mutant, 'id' | 'simulate'>): CaseRunner {
  return simulatorRunner(`${MUTANT_PREFIX}${mutant.id}`, mutant.simulate);
}

/** The mutant a `mutant:<id>` spec names; a UsageError listing the known ids otherwise. */
export function resolveMutant(spec: string): Mutant {
  const id = spec.slice(MUTANT_PREFIX.length).trim();
  const found = mutantById(id);
  if (!found) {
    throw new UsageError(
      `unknown mutant '${id}' (${MUTANTS.length} known: see sentinel-conformance mutants --list)`,
    );
  }
  return found;
}

/** Opens `reference`, a module, a command line, or `mutant:<id>`. */
export async function openSut(
  spec: string,
  timeoutMs: number,
): Promise<{ runner: CaseRunner; close(): Promise<void> }> {
  if (spec.trim().startsWith(MUTANT_PREFIX)) {
    return { runner: mutantRunner(resolveMutant(spec.trim())), close: async () => {} };
  }
  return openRunner(spec, timeoutMs);
}
