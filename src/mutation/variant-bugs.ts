/**
 * The second group of the kill matrix: the seeded bugs of the variant simulator (examples/variant-sim/),
 * an implementation written apart from the reference. Each runs in process (a direct call, as the mutants
 * do; the protocol path is the same code behind examples/variant-sim/main.ts) with the variant's own
 * timing, `mixed` unless told otherwise; the suite's generated schedule is ignored, as it would be by any
 * implementation outside the project.
 */
import { SEEDED_BUGS } from '../../examples/variant-sim/bugs.ts';
import { type Bug, simulateVariant, type TimingMode } from '../../examples/variant-sim/sim.ts';
import type { Scenario as VariantScenario } from '../../examples/variant-sim/types.ts';
import type { Observation } from '../../model/observation.ts';
import type { Mutant } from '../../mutants/index.ts';

export const VARIANT_PREFIX = 'variant:';

/** What the kill matrix needs of a bug, whichever implementation it is seeded in. */
export type Killable = Pick<Mutant, 'id' | 'targets' | 'description' | 'profiles' | 'simulate'>;

function variantSimulator(bug: Bug | undefined, timing: TimingMode): Mutant['simulate'] {
  return (scenario, _schedule, profile) =>
    simulateVariant(scenario as unknown as VariantScenario, profile.name, {
      timing,
      bug,
    }) as unknown as Observation;
}

/** The clean variant, as a killable with no targets (the kill matrix checks what it fails). */
export function cleanVariant(timing: TimingMode = 'mixed'): Killable {
  return {
    id: `${VARIANT_PREFIX}clean`,
    targets: [],
    description: 'The variant simulator without a seeded bug.',
    profiles: ['ideal', 'observed'],
    simulate: variantSimulator(undefined, timing),
  };
}

export function variantBugs(timing: TimingMode = 'mixed'): Killable[] {
  return SEEDED_BUGS.map((b) => ({
    id: `${VARIANT_PREFIX}${b.bug}`,
    targets: [b.target],
    description: b.description,
    profiles: b.profiles,
    simulate: variantSimulator(b.bug, timing),
  }));
}

export const VARIANT_BUGS: readonly Killable[] = variantBugs();
