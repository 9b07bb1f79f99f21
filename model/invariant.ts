/**
 * The four shapes a behaviour takes in the model, after its kind in the spec:
 * - must: an invariant over (scenario, observation) that returns a Verdict;
 * - typical: a statistical check, sampled per run and judged over many runs;
 * - quirk: a detector of a documented anomaly; the profile decides whether it is allowed;
 * - advice: a lint over a configuration.
 * Every one carries its behaviour ID; its citation (quote, line) comes from the catalogue.
 */
import type { WorkspaceConfig } from './config.ts';
import type { Observation } from './observation.ts';
import type { Profile, QuirkId } from './profile.ts';
import type { Scenario } from './scenario.ts';
import type { Verdict, Witness } from './verdict.ts';
import type { ScenarioFacts } from './world.ts';

export interface CheckContext {
  scenario: Scenario;
  observation: Observation;
  facts: ScenarioFacts;
  profile: Profile;
}

export interface MustInvariant {
  id: string;
  kind: 'must';
  check(context: CheckContext): Verdict;
}

export interface TypicalCheck {
  id: string;
  kind: 'typical';
  /** How often the situation occurred in one run, and how often the typical outcome followed. */
  sample(context: CheckContext): { situations: number; successes: number };
  /** The typical outcome must follow in more than this share of situations over all runs. */
  minRate: number;
}

export interface QuirkOccurrence {
  message: string;
  witness: Witness;
}

export interface QuirkDetector {
  id: QuirkId;
  kind: 'quirk';
  /** Every occurrence of the anomaly in one run. */
  detect(context: CheckContext): QuirkOccurrence[];
}

export interface AdviceFinding {
  id: string;
  message: string;
  /** What the model predicts follows from the pitfall. */
  consequence: string;
}

export interface AdviceLint {
  id: string;
  kind: 'advice';
  /** Findings for one configuration; `subscriptions` lists those that exist (for coverage checks). */
  lint(config: WorkspaceConfig, subscriptions: readonly string[]): AdviceFinding[];
}

export type Behaviour = MustInvariant | TypicalCheck | QuirkDetector | AdviceLint;
