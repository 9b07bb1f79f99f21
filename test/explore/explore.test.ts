/**
 * `explore`: the enumeration's count against a hand count, symmetry reduction (renamed subscriptions are
 * generated once), a bounded exhaustive exploration of the reference (depth 2, both profiles: every must
 * behaviour holds or is not exercised), and the same exploration failing a mutant (so its passing means
 * something), and the command's exit codes.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { BEHAVIOURS } from '../../model/invariants/index.ts';
import { IDEAL, OBSERVED } from '../../model/profile.ts';
import type { Step } from '../../model/timeline.ts';
import { mutantById } from '../../mutants/index.ts';
import { CHECKING } from '../../properties/settings.ts';
import { exploreCommand } from '../../src/cli/commands/explore.ts';
import { explore } from '../../src/explore/explore.ts';
import { exploreKillDepth } from '../../src/explore/kill-depth.ts';
import { countOfDepth, type Explored, scenariosOfDepth } from '../../src/explore/universe.ts';
import { referenceRunner } from '../../src/harness/reference-runner.ts';
import {
  type KillMatrix,
  type MutantResult,
  renderKillMatrixMarkdown,
  summarise,
} from '../../src/mutation/kill-matrix.ts';
import { mutantRunner } from '../../src/mutation/suts.ts';
import { matrixKeys } from '../../src/report/behaviour-matrix.ts';

const count = (it: Iterable<unknown>) => {
  let n = 0;
  for (const _ of it) n += 1;
  return n;
};

describe('the enumeration', () => {
  it('has the hand-counted number of one-step scenarios', () => {
    // Per configuration, one step: raise on sub-1 (never sub-2 first) × High/Informational = 2; add sub-3 = 1;
    // the subscription connector on sub-1: off → enable without or with sync = 2, on → the other sync or
    // disable = 2; tenant, XDR setting, XDR connector switched = 3; a rule added (MDC's or another product's) = 2;
    // the matrix's rule removed = 1 where the configuration has it. No alert yet, so nothing else.
    // 24 configurations without the rule × 10 + 24 with it × 11 = 504.
    expect(countOfDepth(1)).toBe(24 * 10 + 24 * 11);
    expect(count(scenariosOfDepth(1))).toBe(504);
  });

  it('generates as many scenarios as it counts, lazily, each of the depth asked', () => {
    expect(count(scenariosOfDepth(2))).toBe(countOfDepth(2));
    const first = scenariosOfDepth(3).next().value as Explored;
    expect(first.scenario.timeline.filter((s) => s.type !== 'wait')).toHaveLength(3);
    const key = matrixKeys()[0];
    expect(count(scenariosOfDepth(2, { keys: key ? [key] : [], waits: [0] }))).toBe(
      countOfDepth(2, { keys: key ? [key] : [], waits: [0] }),
    );
  });
});

/** The timeline with sub-1 and sub-2 swapped. */
function swapped(timeline: readonly Step[]): string {
  return JSON.stringify(timeline).replace(/"sub-([12])"/g, (_, n) => `"sub-${n === '1' ? '2' : '1'}"`);
}

/** The canonical form: sub-1 and sub-2 named in order of first use. */
function canonical(timeline: readonly Step[]): string {
  const text = JSON.stringify(timeline);
  const one = text.indexOf('"sub-1"');
  const two = text.indexOf('"sub-2"');
  return two >= 0 && (one < 0 || two < one) ? swapped(timeline) : text;
}

describe('symmetry reduction', () => {
  const keys = [matrixKeys()[0], matrixKeys()[30]].filter((k) => k !== undefined);

  it('keeps one scenario of each class of renamed subscriptions, and loses none', () => {
    for (const key of keys) {
      const reduced = [...scenariosOfDepth(2, { keys: [key] })].map((e) =>
        JSON.stringify(e.scenario.timeline),
      );
      const every = [...scenariosOfDepth(2, { keys: [key], symmetry: false })].map(
        (e) => e.scenario.timeline,
      );
      // Nothing twice, every reduced scenario canonical, and every scenario of the full enumeration is one
      // of the reduced ones once renamed.
      expect(new Set(reduced).size).toBe(reduced.length);
      for (const r of reduced) expect(canonical(JSON.parse(r))).toBe(r);
      expect(new Set(every.map(canonical))).toEqual(new Set(reduced));
      expect(every.length).toBeGreaterThan(reduced.length);
    }
  });

  it('never names sub-2 before sub-1', () => {
    for (const { scenario } of scenariosOfDepth(2, { keys })) {
      const text = JSON.stringify(scenario.timeline);
      const two = text.indexOf('"sub-2"');
      if (two >= 0) expect(text.indexOf('"sub-1"')).toBeGreaterThanOrEqual(0);
      if (two >= 0) expect(text.indexOf('"sub-1"')).toBeLessThan(two);
    }
  });
});

describe('explore on the reference', () => {
  it('depth 2, both profiles: every must behaviour holds or is not exercised, nothing errors', async () => {
    for (const profile of [IDEAL, OBSERVED]) {
      const result = await explore({
        runner: referenceRunner(),
        behaviours: BEHAVIOURS,
        profile,
        depth: 2,
        seed: CHECKING.seed,
      });
      expect(result.scenarios).toBe(countOfDepth(1) + countOfDepth(2));
      expect(result.runs).toBe(result.scenarios * result.schedules);
      expect(result.suite.erroredRuns).toBe(0);
      const failed = result.suite.tallies.filter((t) => t.violations > 0 && t.kind !== 'advice');
      expect(failed.map((t) => `${t.id}: ${t.firstViolation?.message}`)).toEqual([]);
      // It exercises most must behaviours: the exploration is not empty.
      const exercised = result.suite.tallies.filter((t) => t.kind === 'must' && t.exercised > 0);
      expect(exercised.length).toBeGreaterThan(30);
    }
  }, 600_000);
});

describe('explore can fail', () => {
  it('kills a mutant whose connectors give one alert two ids, at depth 1, with a counterexample', async () => {
    const mutant = mutantById('alert-id-per-connector');
    if (!mutant) throw new Error('mutant alert-id-per-connector is gone from the catalogue');
    const result = await explore({
      runner: mutantRunner(mutant),
      behaviours: BEHAVIOURS,
      profile: IDEAL,
      depth: 1,
      seed: CHECKING.seed,
    });
    const tally = result.suite.tallies.find((t) => t.id === 'ALERT-ID-STABLE');
    expect(tally?.violations).toBeGreaterThan(0);
    expect(tally?.counterexample?.size).toBeGreaterThan(0);
    expect(result.firstFailureDepth).toBe(1);
    const kill = await exploreKillDepth(mutant, { maxDepth: 4, seed: CHECKING.seed });
    // The depth search stops at the first failing batch, whichever behaviour it fails there.
    expect(kill.depth).toBe(1);
    expect(kill.exact).toBe(true);
    expect(kill.failed.length).toBeGreaterThan(0);
  });
});

describe('the explore command', () => {
  afterEach(() => vi.restoreAllMocks());

  it('exits 3 on bad input, 2 when a must behaviour is never exercised at that depth', async () => {
    vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
    vi.spyOn(console, 'error').mockImplementation(() => undefined);
    await expect(exploreCommand(['--depth', '0'])).rejects.toThrow(/--depth must be a positive integer/);
    await expect(exploreCommand(['--waits', 'soon'])).rejects.toThrow(/--waits must be minutes/);
    const out = mkdtempSync(join(tmpdir(), 'explore-'));
    // Depth 1 has no second alert, so no correlation: XDR-REDIRECT is never exercised.
    expect(await exploreCommand(['--depth', '1', '--profile', 'ideal', '--out', out])).toBe(2);
  });
});

describe('the kill matrix column', () => {
  const mutant: MutantResult = {
    id: 'some-mutant',
    description: 'A bug.',
    targets: ['ALERT-ID-STABLE'],
    status: 'killed',
    precise: true,
    failed: ['ALERT-ID-STABLE'],
    caughtBy: ['ALERT-ID-STABLE'],
    runs: [{ profile: 'ideal', scenarios: 12, failed: ['ALERT-ID-STABLE'], erroredRuns: 0 }],
    ms: 1,
  };
  const matrix = (mutants: MutantResult[]): KillMatrix => ({
    suiteVersion: 'test',
    seed: 1,
    runs: 100,
    mode: 'until-target',
    reference: [],
    mutants,
    gaps: [],
    summary: summarise(mutants, [], 1),
  });

  it('shows the smallest explore depth beside the random scenarios run needed, only when searched', () => {
    const without = renderKillMatrixMarkdown(matrix([mutant]), { details: false });
    expect(without).toContain('random scenarios `run` needed');
    expect(without).not.toContain('smallest `explore` depth');
    const searched = (depth: number, exhausted: boolean) => ({
      depth,
      profile: 'ideal' as const,
      scenarios: 10,
      of: exhausted ? 10 : 99,
      exhausted,
    });
    const kill = {
      depth: 2,
      exact: true,
      maxDepth: 4,
      profile: 'ideal' as const,
      failed: ['ALERT-ID-STABLE'],
      scenarios: 700,
      searched: [searched(1, true), searched(2, false)],
      budget: 40_000,
      ms: 5,
    };
    const bound = {
      ...kill,
      depth: 4,
      exact: false,
      scenarios: 90_000,
      searched: [searched(1, true), searched(2, true), searched(3, false), searched(4, false)],
    };
    const missed = {
      depth: null,
      exact: false,
      maxDepth: 4,
      failed: [],
      scenarios: 9,
      searched: [],
      budget: 40_000,
      ms: 5,
      why: 'time limit of 60 s reached during depth 3',
    };
    const text = renderKillMatrixMarkdown(
      matrix([
        { ...mutant, explore: kill },
        { ...mutant, id: 'merge-takes-closed', explore: bound },
        { ...mutant, id: 'other', explore: missed },
      ]),
      { details: false },
    );
    expect(text).toContain('smallest `explore` depth that kills');
    expect(text).toContain('| 12 (ideal) | 2 (ideal; 700 scenarios) |');
    expect(text).toContain('| 12 (ideal) | ≤ 4 (ideal; 90,000 scenarios; depth 3 not exhausted) |');
    expect(text).toContain('not by depth 4: time limit of 60 s reached during depth 3');
    // How the column was searched, and why the mutant needs its depth.
    expect(text).toContain('the first 40,000 scenarios of each depth');
    expect(text).toMatch(/- `merge-takes-closed` \(4 steps\): two alerts raised/);
  });
});
