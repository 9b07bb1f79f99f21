/**
 * Case runners for the harness: the reference simulator (or any function of its signature) takes the
 * generated schedule; an implementation behind an adapter takes only the scenario and the profile's name.
 */
import type { Profile } from '../../model/profile.ts';
import type { GeneratedCase } from '../../properties/arbitraries.ts';
import type { Implementation } from '../adapters/types.ts';
import type { CaseRunner } from './suite.ts';

export function implementationRunner(implementation: Implementation): CaseRunner {
  const { runMany, runEach, abandon } = implementation;
  const scenarios = (inputs: readonly GeneratedCase[]) => inputs.map((i) => i.scenario);
  return {
    name: implementation.name,
    run: (input, profile: Profile) => implementation.run(input.scenario, profile.name),
    ...(runMany
      ? {
          runMany: (inputs, profile: Profile) =>
            runMany.call(implementation, scenarios(inputs), profile.name),
        }
      : {}),
    ...(runEach
      ? {
          runEach: (inputs, profile: Profile) =>
            runEach.call(implementation, scenarios(inputs), profile.name),
        }
      : {}),
    ...(abandon ? { abandon: () => abandon.call(implementation) } : {}),
  };
}
