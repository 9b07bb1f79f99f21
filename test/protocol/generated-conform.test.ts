/**
 * What the suite sends passes the scenario schema, and what the reference simulator answers passes the
 * observation schema, quirks included: otherwise the reference could not speak its own protocol.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { IDEAL, OBSERVED } from '../../model/profile.ts';
import { scheduleFor } from '../../model/reference/default-schedule.ts';
import { simulate } from '../../model/reference/simulator.ts';
import { checkObservation, checkScenario } from '../../model/schema.ts';
import { caseArb } from '../../properties/arbitraries.ts';

function problem(result: { ok: true } | { ok: false; error: Error }): string {
  return result.ok ? 'valid' : result.error.message;
}

describe('generated scenarios and reference observations follow the protocol', () => {
  const cases = fc.sample(caseArb, { numRuns: 150, seed: 20260101 });

  it('every generated scenario is valid', () => {
    for (const { scenario } of cases) expect(problem(checkScenario(scenario))).toBe('valid');
  });

  it('every observation of the reference simulator is valid, under generated and default schedules', () => {
    for (const { scenario, schedule } of cases) {
      for (const profile of [IDEAL, OBSERVED]) {
        expect(problem(checkObservation(simulate(scenario, schedule, profile)))).toBe('valid');
        expect(problem(checkObservation(simulate(scenario, scheduleFor(scenario), profile)))).toBe('valid');
      }
    }
  });
});
