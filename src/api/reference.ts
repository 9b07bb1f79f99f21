/**
 * The bundled reference simulator, for a caller's own tests or as a baseline: `referenceSimulate` has the
 * signature every implementation module exports (scenario, profile) and runs under the deterministic
 * default schedule; `simulate` takes an explicit schedule of connector delays, repeats and anomalies.
 */
import type { Observation } from '../../model/observation.ts';
import { type ProfileName, profileByName } from '../../model/profile.ts';
import { scheduleFor } from '../../model/reference/default-schedule.ts';
import { simulate } from '../../model/reference/simulator.ts';
import type { Scenario } from '../../model/scenario.ts';
import type { GeneratedCase } from '../../properties/arbitraries.ts';
import { generateCases } from '../harness/suite.ts';

export { scheduleFor, simulate };

/** The reference simulator as an implementation: the default schedule, the profile by name. */
export function referenceSimulate(scenario: Scenario, profile: ProfileName): Observation {
  return simulate(scenario, scheduleFor(scenario), profileByName(profile));
}

/** The first `count` scenarios (each with its schedule) the suite generates from `seed`, as `run` meets them. */
export function sampleScenarios(seed: number, count: number): GeneratedCase[] {
  return generateCases(seed, count);
}
