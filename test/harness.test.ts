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

  it('should make the same cases across its chunks (4,096 cases), forwards and back', () => {
    const all = generateCases(42, 4_200);
    const lazy = casesOf(42, 10_000);
    expect(lazy.slice(0, 64)).toEqual(all.slice(0, 64)); // the first chunk: 0 to 4,095
    expect(lazy.slice(4_090, 4_100)).toEqual(all.slice(4_090, 4_100)); // across its end
    expect(lazy.slice(4_150, 4_200)).toEqual(all.slice(4_150, 4_200)); // inside the new chunk
    expect(lazy.slice(10, 20)).toEqual(all.slice(10, 20)); // back before it
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
