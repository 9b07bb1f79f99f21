/**
 * The readings every check of a context shares (model/invariants/views.ts) are pure derived data: sharing them
 * changes no outcome, whatever order the behaviours run in, and no check writes to them (or to the scenario
 * and observation it judges).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { contextFor, evaluate, evaluateOne, type Outcome } from '../../model/evaluate.ts';
import type { CheckContext } from '../../model/invariant.ts';
import { BEHAVIOURS } from '../../model/invariants/index.ts';
import * as alerts from '../../model/invariants/support-alerts.ts';
import * as incidents from '../../model/invariants/support-incidents.ts';
import { alertRowReadings, incidentGroups, rowsByAlert } from '../../model/invariants/views.ts';
import type { Observation } from '../../model/observation.ts';
import { IDEAL, OBSERVED, type Profile } from '../../model/profile.ts';
import { simulate } from '../../model/reference/simulator.ts';
import type { Scenario } from '../../model/scenario.ts';
import { MUTANTS } from '../../mutants/index.ts';
import { caseArb } from '../../properties/arbitraries.ts';

interface Judged {
  scenario: Scenario;
  observation: Observation;
  profile: Profile;
}

/** Reference runs judged as their own profile and as the other one, and a few runs of every mutant. */
function judgedCases(): Judged[] {
  const cases = fc.sample(caseArb, { seed: 424242, numRuns: 120 });
  const out: Judged[] = [];
  for (const [i, c] of cases.entries()) {
    const ran = i % 2 === 0 ? IDEAL : OBSERVED;
    const observation = simulate(c.scenario, c.schedule, ran);
    for (const profile of [IDEAL, OBSERVED]) out.push({ scenario: c.scenario, observation, profile });
  }
  const few = fc.sample(caseArb, { seed: 777, numRuns: 6 });
  for (const mutant of MUTANTS) {
    for (const c of few) {
      const profile = mutant.profiles.includes('observed') ? OBSERVED : IDEAL;
      out.push({
        scenario: c.scenario,
        observation: mutant.simulate(c.scenario, c.schedule, profile),
        profile,
      });
    }
  }
  return out;
}

const CASES = judgedCases();

/** Each behaviour alone on a context of its own: nothing shared with any other check. */
function alone({ scenario, observation, profile }: Judged): Outcome[] {
  return BEHAVIOURS.map((b) => evaluateOne(b, contextFor(scenario, observation, profile)));
}

function deepFreeze(value: unknown, seen = new Set<unknown>()): void {
  // Frozen already: a reading shared across contexts (an empty answer), frozen with an earlier case.
  if (value === null || typeof value !== 'object' || seen.has(value) || Object.isFrozen(value)) return;
  seen.add(value);
  if (value instanceof Map || value instanceof Set) {
    for (const entry of value instanceof Map ? value.entries() : value.values()) deepFreeze(entry, seen);
    const refuse = () => {
      throw new TypeError('a check wrote to a shared reading');
    };
    for (const method of ['set', 'add', 'delete', 'clear'])
      Object.defineProperty(value, method, { value: refuse });
  }
  for (const inner of Object.values(value)) deepFreeze(inner, seen);
  Object.freeze(value);
}

/** Every shared reading of the context, computed now. */
function sharedReadings(context: CheckContext): unknown[] {
  const alertViews = alerts.alertViews(context);
  return [
    alertRowReadings(context),
    rowsByAlert(context),
    incidentGroups(context),
    alertViews,
    alertViews.map((view) => alerts.tenantRepeats(context, view)),
    alerts.incidentViews(context),
    alerts.ruleIncidentSteps(context),
    incidents.alertViews(context),
    incidents.incidentViews(context),
  ];
}

describe('shared readings', () => {
  it('should judge every case as each behaviour does alone, in order and in reverse', () => {
    let violated = 0;
    for (const judged of CASES) {
      const expected = alone(judged);
      const shared = contextFor(judged.scenario, judged.observation, judged.profile);
      expect(evaluate(BEHAVIOURS, shared)).toEqual(expected);
      const reversed = contextFor(judged.scenario, judged.observation, judged.profile);
      expect(evaluate([...BEHAVIOURS].reverse(), reversed).reverse()).toEqual(expected);
      violated += expected.filter((o) => 'verdict' in o && o.verdict.status === 'violated').length;
    }
    expect(violated).toBeGreaterThan(CASES.length / 10);
  });

  it('should leave the readings, the scenario and the observation as they were', () => {
    for (const judged of CASES) {
      const expected = alone(judged);
      const frozen = structuredClone(judged);
      const context = contextFor(frozen.scenario, frozen.observation, frozen.profile);
      deepFreeze(frozen);
      deepFreeze(context.facts);
      deepFreeze(sharedReadings(context));
      expect(evaluate(BEHAVIOURS, context)).toEqual(expected);
    }
  });

  it('should read a context afresh when its observation is replaced', () => {
    const judged = CASES.find((c) => c.observation.SecurityAlert.length > 0) as Judged;
    const context = contextFor(judged.scenario, judged.observation, judged.profile);
    expect(alertRowReadings(context)).toHaveLength(judged.observation.SecurityAlert.length);
    context.observation = { ...judged.observation, SecurityAlert: [] };
    expect(alertRowReadings(context)).toHaveLength(0);
    expect(evaluate(BEHAVIOURS, context)).toEqual(alone({ ...judged, observation: context.observation }));
  });
});
