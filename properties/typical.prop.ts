/**
 * The typical behaviour, judged statistically over many runs, never on one: TEN-SLOWER ("The delay of the
 * tenant-based connector is typically bigger") holds when, over the generated runs of the reference
 * simulator, the tenant connector's first row comes after the subscription connector's in more than the
 * check's minimum share of the alerts both connectors brought.
 */
import { describe, expect, it } from 'vitest';
import { contextFor } from '../model/evaluate.ts';
import type { TypicalCheck } from '../model/invariant.ts';
import { behaviourById } from '../model/invariants/index.ts';
import { IDEAL, OBSERVED } from '../model/profile.ts';
import { simulate } from '../model/reference/simulator.ts';
import { generateCases } from '../src/harness/suite.ts';
import { CHECKING } from './settings.ts';

describe('TEN-SLOWER', () => {
  const check = behaviourById('TEN-SLOWER') as TypicalCheck;
  for (const profile of [IDEAL, OBSERVED]) {
    it(`should typically see the tenant connector's duplicate after the subscription connector's (${profile.name})`, () => {
      let situations = 0;
      let successes = 0;
      for (const input of generateCases(CHECKING.seed, CHECKING.propertyRuns)) {
        const observation = simulate(input.scenario, input.schedule, profile);
        const sample = check.sample(contextFor(input.scenario, observation, profile));
        situations += sample.situations;
        successes += sample.successes;
      }
      expect(situations).toBeGreaterThan(100);
      expect(successes / situations).toBeGreaterThan(check.minRate);
    });
  }
});
