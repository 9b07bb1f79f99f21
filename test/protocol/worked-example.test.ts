/**
 * The worked example of docs/protocol.md is written by hand; here the model's own checks confirm it: no
 * behaviour of the catalogue finds it violated, under either profile.
 */
import { describe, expect, it } from 'vitest';
import { contextFor, evaluate, runVerdict } from '../../model/evaluate.ts';
import { BEHAVIOURS } from '../../model/invariants/index.ts';
import { IDEAL, OBSERVED } from '../../model/profile.ts';
import { validateObservation, validateScenario } from '../../model/schema.ts';
import { protocolExamples } from './examples.ts';

describe('docs/protocol.md worked example', () => {
  const examples = protocolExamples();
  const scenario = validateScenario(examples['example-scenario']);
  const observation = validateObservation(examples['example-observation']);

  it.each([IDEAL, OBSERVED])('violates no behaviour under the $name profile', (profile) => {
    const outcomes = evaluate(BEHAVIOURS, contextFor(scenario, observation, profile));
    const failed = outcomes
      .map((outcome) => ({ id: outcome.id, verdict: runVerdict(outcome) }))
      .filter(({ verdict }) => verdict.status === 'violated' || verdict.status === 'errored');
    expect(failed).toEqual([]);
    expect(outcomes.filter((o) => runVerdict(o).status === 'holds').length).toBeGreaterThan(5);
  });
});
