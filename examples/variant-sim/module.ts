/**
 * The variant simulator as an in-process module (docs/protocol.md, "In-process modules"):
 * `--sut examples/variant-sim/module.ts`. VARIANT_TIMING and VARIANT_BUG are read from the environment.
 */
import { optionsFromEnv, simulateVariant } from './sim.ts';
import type { Observation, Profile, Scenario } from './types.ts';

const options = optionsFromEnv();

export function simulate(scenario: Scenario, profile: Profile): Observation {
  return simulateVariant(scenario, profile, options);
}
