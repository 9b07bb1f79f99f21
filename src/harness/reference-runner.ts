/**
 * The bundled reference simulator as a case runner: it takes the generated schedule, so one suite run
 * explores the delays, repeats and anomalies the real service leaves open.
 */
import type { Profile } from '../../model/profile.ts';
import { simulate } from '../../model/reference/simulator.ts';
import type { GeneratedCase } from '../../properties/arbitraries.ts';
import type { RunResult } from '../adapters/types.ts';
import type { CaseRunner } from './suite.ts';

export type Simulator = typeof simulate;

/** A runner around any function with the reference simulator's signature (mutants use this too). */
export function simulatorRunner(name: string, simulator: Simulator): CaseRunner {
  const runOne = (input: GeneratedCase, profile: Profile): RunResult => {
    try {
      return { kind: 'ok', observation: simulator(input.scenario, input.schedule, profile) };
    } catch (error) {
      return {
        kind: 'errored',
        reason: 'crashed',
        message: error instanceof Error ? error.message : String(error),
        stderr: '',
        threw: true,
      };
    }
  };
  return {
    name,
    run: async (input, profile) => runOne(input, profile),
    runMany: async (inputs, profile) => inputs.map((input) => runOne(input, profile)),
  };
}

export function referenceRunner(): CaseRunner {
  return simulatorRunner('reference simulator', simulate);
}
