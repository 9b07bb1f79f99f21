import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BEHAVIOURS } from '../model/invariants/index.ts';
import type { Profile } from '../model/profile.ts';
import { IDEAL } from '../model/profile.ts';
import { caseArb } from '../properties/arbitraries.ts';
import { CHECKING } from '../properties/settings.ts';
import { casesOf, generateCases, runSuite } from '../src/harness/suite.ts';

describe('generateCases', () => {
  it('should meet the same cases, in the same order, as fast-check check() does for a seed', () => {
    const seen: unknown[] = [];
    fc.check(
      fc.property(caseArb, (input) => {
        seen.push(input);
        return true;
      }),
      { seed: 42, numRuns: 25 },
    );
    expect(generateCases(42, 25)).toEqual(seen);
  });

  it('should give other cases for another seed', () => {
    expect(generateCases(43, 5)).not.toEqual(generateCases(42, 5));
  });
});

describe('casesOf', () => {
  it('should make the same cases as generateCases, a slice at a time, from any point', () => {
    const all = generateCases(42, 300);
    const lazy = casesOf(42, 300);
    expect(lazy.length).toBe(300);
    for (const [from, to] of [
      [0, 64],
      [64, 128],
      [250, 300],
      [299, 400],
      [300, 364],
    ] as const) {
      expect(lazy.slice(from, to), `${from}..${to}`).toEqual(all.slice(from, to));
    }
  });
});

describe('runSuite', () => {
  it('should count every failed scenario and keep only the first few whole', async () => {
    const failing = {
      name: 'always fails',
      async run(_input: unknown, _profile: Profile) {
        return { kind: 'errored', reason: 'crashed', message: 'no', stderr: 'x'.repeat(1000) } as const;
      },
    };
    const runs = CHECKING.erroredKept * 3;
    const result = await runSuite({ runner: failing, behaviours: BEHAVIOURS, profile: IDEAL, runs, seed: 1 });
    expect(result.erroredRuns).toBe(runs);
    expect(result.errored.map((e) => e.run)).toEqual([...Array(CHECKING.erroredKept).keys()]);
    expect(result.tallies.every((t) => t.errored === runs)).toBe(true);
  });
});
