/**
 * A mutant: the reference simulator with ONE plausible bug, described in one sentence and naming the
 * behaviour(s) it breaks. The bug is a `Mutation` (model/reference/mutation.ts): a few of the simulator's
 * named decision points answered otherwise, so it lives where a real simulator author would make it.
 * `profiles` says which profiles the kill matrix runs it in: `ideal` always, `observed` too where the bug
 * concerns a quirk or the article's merge variant.
 */
import type { ProfileName } from '../model/profile.ts';
import type { Mutation } from '../model/reference/mutation.ts';
import { simulate } from '../model/reference/simulator.ts';

export interface Mutant {
  id: string;
  /** The must behaviours the bug breaks: the kill matrix expects (one of) them among the failures. */
  targets: string[];
  description: string;
  simulate: typeof simulate;
  /** Profiles to run it in (default: ideal only). */
  profiles: ProfileName[];
  mutation: Mutation;
}

export function mutant(spec: {
  id: string;
  targets: string[];
  description: string;
  mutation: Mutation;
  profiles?: ProfileName[];
}): Mutant {
  const { mutation } = spec;
  return {
    id: spec.id,
    targets: spec.targets,
    description: spec.description,
    profiles: spec.profiles ?? ['ideal'],
    mutation,
    simulate: (scenario, schedule, profile) => simulate(scenario, schedule, profile, mutation),
  };
}
