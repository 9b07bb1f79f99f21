/**
 * The trace checkers never accuse a conforming implementation: the reference simulator's observations,
 * under the observed profile (every quirk allowed) and generated scenarios, judged as if they were a real
 * workspace's exports, violate no behaviour. With a declared configuration, only scenarios whose timeline
 * never changes it are judged with it (trace mode takes a configuration as in force throughout).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { OBSERVED } from '../../model/profile.ts';
import { simulate } from '../../model/reference/simulator.ts';
import { caseArb } from '../../properties/arbitraries.ts';
import { checkRows } from './support.ts';

const RUNS = Number(process.env.SC_TRACE_RUNS ?? 300);

describe('trace checks on the reference simulator', () => {
  it('should find no violation in its observations (observed profile)', () => {
    fc.assert(
      fc.property(caseArb, ({ scenario, schedule }) => {
        const observation = simulate(scenario, schedule, OBSERVED);
        const staticConfig = !scenario.timeline.some(
          (s) => s.type === 'config-changed' || s.type === 'subscription-added',
        );
        const result = checkRows(
          observation.SecurityAlert,
          observation.SecurityIncident,
          staticConfig ? scenario.config : null,
        );
        // A typical behaviour is a rate over many alerts, not a property of each observation; an advice
        // finding (ADV-*) judges the generated configuration, not the simulator.
        const violated = result.verdicts.filter(
          (v) => v.status === 'violated' && v.id !== 'TEN-SLOWER' && !v.id.startsWith('ADV-'),
        );
        expect(violated.map((v) => `${v.id}: ${v.detail}`)).toEqual([]);
      }),
      { numRuns: RUNS }, // under the global test seed (test/setup.ts): SC_SEED explores others
    );
  });
});
