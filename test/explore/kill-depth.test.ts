/**
 * Time to detect, exhaustively: the enumeration's order (waits vary slowest, the set unchanged), the budget
 * that bounds a depth, judging each distinct observation of a scenario once (the same tallies as judging every
 * run), and the smallest depths of the five mutants that needed more than two steps, each in the part of the
 * universe that shows it (its configuration, every wait at its longest), where every smaller depth is
 * exhausted: so their notes' counts of steps are checked, not only stated.
 */
import { describe, expect, it } from 'vitest';
import { BEHAVIOURS } from '../../model/invariants/index.ts';
import { IDEAL, OBSERVED } from '../../model/profile.ts';
import { mutantById } from '../../mutants/index.ts';
import { CHECKING } from '../../properties/settings.ts';
import { mutantsCommand } from '../../src/cli/commands/mutants.ts';
import { explore } from '../../src/explore/explore.ts';
import { exploreKillDepth, KILL_DEPTH_NOTES } from '../../src/explore/kill-depth.ts';
import { countOfDepth, scenariosOfDepth, WAITS, waitVectors } from '../../src/explore/universe.ts';
import { referenceRunner } from '../../src/harness/reference-runner.ts';
import { mutantRunner } from '../../src/mutation/suts.ts';
import { type MatrixKey, matrixKeys } from '../../src/report/behaviour-matrix.ts';

/** The waits between a timeline's consecutive steps (0 where none is written). */
function waitsOf(timeline: readonly { type: string; minutes?: number }[]): number[] {
  const out: number[] = [];
  let pending = 0;
  let steps = 0;
  for (const step of timeline) {
    if (step.type === 'wait') pending += step.minutes ?? 0;
    else {
      if (steps > 0) out.push(pending);
      steps += 1;
      pending = 0;
    }
  }
  return out;
}

describe('the enumeration order', () => {
  it('varies the waits slowest, every wait at its longest first, and keeps the set', () => {
    const key = matrixKeys()[5] as MatrixKey;
    const seen = [...scenariosOfDepth(3, { keys: [key] })].map((e) => e.scenario.timeline);
    // The set: as many as counted (the count does not follow the order), none twice, and each choice of
    // waits holds the same number of scenarios (the steps possible do not depend on the waits).
    expect(seen.length).toBe(countOfDepth(3, { keys: [key] }));
    expect(new Set(seen.map((t) => JSON.stringify(t))).size).toBe(seen.length);
    const vectors = seen.map((t) => waitsOf(t).join(','));
    const expected = waitVectors(3, WAITS).map((v) => v.join(','));
    expect(expected[0]).toBe('45,45');
    // In order: all of the first choice of waits, then all of the second…
    const runs = vectors.filter((v, i) => i === 0 || vectors[i - 1] !== v);
    expect(runs).toEqual(expected);
    const per = seen.length / expected.length;
    for (const v of expected) expect(vectors.filter((x) => x === v)).toHaveLength(per);
  });
});

describe('the budget', () => {
  it('stops a depth after that many scenarios, and a depth ending on it is exhausted', async () => {
    const base = {
      runner: referenceRunner(),
      behaviours: BEHAVIOURS,
      profile: IDEAL,
      seed: CHECKING.seed,
    };
    const one = countOfDepth(1);
    const exact = await explore({ ...base, depth: 1, maxScenarios: one });
    expect(exact.scenarios).toBe(one);
    expect(exact.stopped).toBeUndefined();
    expect(exact.perDepth).toEqual([expect.objectContaining({ depth: 1, scenarios: one, complete: true })]);
    const short = await explore({ ...base, depth: 1, maxScenarios: 100 });
    expect(short.scenarios).toBe(100);
    expect(short.stopped?.why).toMatch(/budget of 100 scenarios/);
    expect(short.perDepth[0]?.complete).toBe(false);
    const next = await explore({ ...base, depth: 2, maxScenarios: one });
    expect(next.perDepth.map((d) => [d.depth, d.complete])).toEqual([[1, true]]);
    expect(next.stopped?.why).toMatch(/budget/);
  });
});

describe('judging each distinct observation of a scenario once', () => {
  it('gives the same tallies, counterexamples and runs as judging every run', async () => {
    const mutant = mutantById('sub-disable-ignored');
    if (!mutant) throw new Error('mutant sub-disable-ignored is gone from the catalogue');
    const key = matrixKeys().find((k) => k.subscription === 'on' && !k.tenant && !k.xdrConnector);
    for (const runner of [referenceRunner(), mutantRunner(mutant)])
      for (const profile of [IDEAL, OBSERVED]) {
        const options = {
          runner,
          behaviours: BEHAVIOURS,
          profile,
          depth: 3,
          fromDepth: 3,
          seed: CHECKING.seed,
          keys: [key as MatrixKey],
          waits: [45],
          maxScenarios: 300,
        };
        const reused = await explore(options);
        const fresh = await explore({ ...options, reuseJudgements: false });
        expect(reused.runs).toBe(fresh.runs);
        expect(reused.suite.tallies).toEqual(fresh.suite.tallies);
        expect(reused.firstFailureDepth).toBe(fresh.firstFailureDepth);
      }
    // The mutant fails there: the comparison covers a violation and its counterexample.
    const failed = await explore({
      runner: mutantRunner(mutant),
      behaviours: BEHAVIOURS,
      profile: IDEAL,
      depth: 3,
      fromDepth: 3,
      seed: CHECKING.seed,
      keys: [key as MatrixKey],
      waits: [45],
      maxScenarios: 300,
    });
    expect(failed.suite.tallies.find((t) => t.id === 'SUB-SCOPE')?.counterexample).toBeDefined();
  }, 300_000);
});

/** The configuration each hard mutant's smallest scenario starts from. */
const CONFIGS: Record<string, (k: MatrixKey) => boolean> = {
  'sub-disable-ignored': (k) => k.subscription === 'on' && !k.tenant && !k.xdrConnector && !k.rule,
  'sync-setting-read-at-raise': (k) => k.subscription === 'on' && !k.tenant && !k.xdrConnector && k.rule,
  'redirected-stays-open': (k) =>
    k.subscription === 'off' && !k.tenant && k.xdrSetting === 'All alerts' && k.xdrConnector && !k.rule,
  'merge-takes-closed': (k) =>
    k.subscription === 'off' && !k.tenant && k.xdrSetting === 'All alerts' && k.xdrConnector && !k.rule,
  'merged-close-resolves-own-alert': (k) =>
    k.subscription === 'off' && !k.tenant && k.xdrSetting === 'All alerts' && k.xdrConnector && !k.rule,
};

describe('the smallest explore depth of the mutants that need more than two steps', () => {
  for (const [id, note] of Object.entries(KILL_DEPTH_NOTES))
    it(`kills ${id} at depth ${note.depth} exactly, every smaller depth exhausted, in its configuration`, async () => {
      const mutant = mutantById(id);
      if (!mutant) throw new Error(`mutant ${id} is gone from the catalogue`);
      const key = matrixKeys().find(CONFIGS[id] as (k: MatrixKey) => boolean) as MatrixKey;
      const kill = await exploreKillDepth(mutant, {
        maxDepth: 4,
        seed: CHECKING.seed,
        universe: { keys: [key], waits: [45] },
      });
      expect(kill.depth).toBe(note.depth);
      expect(kill.exact).toBe(true);
      expect(kill.searched.filter((s) => s.depth < note.depth).every((s) => s.exhausted)).toBe(true);
    }, 300_000);
});

describe('mutants --explore-*', () => {
  it('refuses a budget or depth that is not a count', async () => {
    await expect(mutantsCommand(['--explore-budget', '0'])).rejects.toThrow(/--explore-budget must be/);
    await expect(mutantsCommand(['--explore-depth', 'deep'])).rejects.toThrow(/--explore-depth must be/);
  });
});
