/**
 * Judges one observation against every behaviour (or a chosen few): must invariants give their verdict,
 * typical checks their sample, quirk detectors their occurrences (a violation where the profile forbids
 * the quirk), advice lints their findings over every configuration the timeline passes through.
 */
import type { AdviceFinding, Behaviour, CheckContext, QuirkOccurrence } from './invariant.ts';
import type { Observation } from './observation.ts';
import { allows, type Profile } from './profile.ts';
import type { Scenario } from './scenario.ts';
import { conclude, type Verdict } from './verdict.ts';
import { interpret } from './world.ts';

export type Outcome =
  | { id: string; kind: 'must'; verdict: Verdict }
  | { id: string; kind: 'typical'; situations: number; successes: number }
  | { id: string; kind: 'quirk'; occurrences: QuirkOccurrence[]; verdict: Verdict }
  | { id: string; kind: 'advice'; findings: AdviceFinding[] };

export function contextFor(scenario: Scenario, observation: Observation, profile: Profile): CheckContext {
  return { scenario, observation, facts: interpret(scenario), profile };
}

function quirkVerdict(
  context: CheckContext,
  id: Parameters<typeof allows>[1],
  found: QuirkOccurrence[],
): Verdict {
  if (allows(context.profile, id))
    return found.length === 0 ? { status: 'not-exercised' } : { status: 'holds', situations: found.length };
  return conclude(
    found.length,
    found.map((o) => ({
      message: `${o.message} (the ${context.profile.name} profile forbids this quirk)`,
      witness: o.witness,
    })),
  );
}

/** Runs one behaviour; an exception inside a check is reported as an errored verdict, never thrown. */
export function evaluateOne(behaviour: Behaviour, context: CheckContext): Outcome {
  try {
    switch (behaviour.kind) {
      case 'must':
        return { id: behaviour.id, kind: 'must', verdict: behaviour.check(context) };
      case 'typical': {
        const { situations, successes } = behaviour.sample(context);
        return { id: behaviour.id, kind: 'typical', situations, successes };
      }
      case 'quirk': {
        const occurrences = behaviour.detect(context);
        return {
          id: behaviour.id,
          kind: 'quirk',
          occurrences,
          verdict: quirkVerdict(context, behaviour.id, occurrences),
        };
      }
      case 'advice': {
        const seen = new Set<string>();
        const findings: AdviceFinding[] = [];
        let previous: (typeof context.facts.steps)[number] | undefined;
        for (const step of context.facts.steps.length > 0 ? context.facts.steps : []) {
          // A lint is a pure function of its arguments: the same ones again can only repeat findings `seen` has.
          const same = previous?.config === step.config && previous.subscriptions === step.subscriptions;
          previous = step;
          if (same) continue;
          for (const finding of behaviour.lint(step.config, step.subscriptions)) {
            if (!seen.has(finding.message)) {
              seen.add(finding.message);
              findings.push(finding);
            }
          }
        }
        return { id: behaviour.id, kind: 'advice', findings };
      }
    }
  } catch (error) {
    const reason = `the check itself failed: ${error instanceof Error ? error.message : String(error)}`;
    if (behaviour.kind === 'must' || behaviour.kind === 'quirk') {
      return behaviour.kind === 'must'
        ? { id: behaviour.id, kind: 'must', verdict: { status: 'errored', reason } }
        : { id: behaviour.id, kind: 'quirk', occurrences: [], verdict: { status: 'errored', reason } };
    }
    throw error;
  }
}

export function evaluate(behaviours: readonly Behaviour[], context: CheckContext): Outcome[] {
  return behaviours.map((behaviour) => evaluateOne(behaviour, context));
}

/** The verdict an outcome gives for one run (typical and advice never fail a single run). */
export function runVerdict(outcome: Outcome): Verdict {
  switch (outcome.kind) {
    case 'must':
    case 'quirk':
      return outcome.verdict;
    case 'typical':
      return outcome.situations === 0
        ? { status: 'not-exercised' }
        : { status: 'holds', situations: outcome.situations };
    case 'advice':
      return outcome.findings.length === 0
        ? { status: 'not-exercised' }
        : { status: 'holds', situations: outcome.findings.length };
  }
}
