/**
 * One seed for every fast-check property of the suite (test/setup.ts, properties/settings.ts): properties
 * without a seed of their own run under it, a failure names it with the commands that replay it, and the
 * failing case is written where it can be replayed from.
 */
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CHECKING, GLOBAL_SEED, testSeed } from '../properties/settings.ts';
import { TEST_COUNTEREXAMPLE_DIR, TEST_COUNTEREXAMPLE_FORMAT } from './setup.ts';

const ROOT = fileURLToPath(new URL('../', import.meta.url));

describe('SC_SEED', () => {
  it('is the global seed when unset, a given seed when a number, a drawn one for random', () => {
    expect(testSeed(undefined)).toEqual({ seed: GLOBAL_SEED, drawn: false });
    expect(testSeed('')).toEqual({ seed: GLOBAL_SEED, drawn: false });
    expect(testSeed('42')).toEqual({ seed: 42, drawn: false });
    expect(testSeed('4294967295')).toEqual({ seed: 4294967295, drawn: false });
    expect(testSeed('random', () => 0.5)).toEqual({ seed: 1073741824, drawn: true });
    expect(testSeed('random', () => 0.9999999999).seed).toBeLessThan(2 ** 31);
    expect(testSeed('random', () => 0).seed).toBe(1);
  });

  it('refuses anything else, naming it', () => {
    for (const bad of ['abc', '0', '-3', '1.5', '4294967296', '12abc'])
      expect(() => testSeed(bad)).toThrow(
        `SC_SEED must be a whole number from 1 to 4294967295 or 'random', got '${bad}'`,
      );
  });
});

describe('the global test seed', () => {
  it('is what fast-check runs every property under, the same in every test file', () => {
    expect(fc.readConfigureGlobal().seed).toBe(CHECKING.seed);
    expect(process.env.SC_SEED).toBe(String(CHECKING.seed));
  });

  it('makes two runs of a property without a seed of its own meet the same cases', () => {
    const seen = (): number[] => {
      const values: number[] = [];
      fc.assert(
        fc.property(fc.integer(), (n) => {
          values.push(n);
        }),
        { numRuns: 20 },
      );
      return values;
    };
    expect(seen()).toEqual(seen());
    expect(fc.sample(fc.integer(), 20)).toEqual(
      fc.sample(fc.integer(), { numRuns: 20, seed: CHECKING.seed }),
    );
  });

  it('names the seed on failure, says how to replay, and writes the counterexample it replays', () => {
    const property = fc.property(fc.integer({ min: 0, max: 1000 }), (n) => n < 500);
    let message = '';
    try {
      fc.assert(property);
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toContain(`Global test seed ${CHECKING.seed}`);
    expect(message).toContain(`Replay: SC_SEED=${CHECKING.seed} npx vitest run test/seed.test.ts`);
    expect(message).toMatch(
      /This case alone: SC_SEED=\d+ SC_PATH=[\d:]+ npx vitest run test\/seed\.test\.ts -t '/,
    );
    expect(message).toContain('Counterexample: [500]');
    const file = /Counterexample written to (\S+)\.$/m.exec(message)?.[1] ?? '';
    expect(file.startsWith(TEST_COUNTEREXAMPLE_DIR)).toBe(true);
    const written = JSON.parse(readFileSync(join(ROOT, file), 'utf8'));
    rmSync(join(ROOT, file));
    expect(written).toMatchObject({
      format: TEST_COUNTEREXAMPLE_FORMAT,
      file: 'test/seed.test.ts',
      seed: CHECKING.seed,
      counterexample: '[500]',
    });
    // Its seed and path replay the very case.
    const again = fc.check(property, { seed: written.seed, path: written.path, endOnFailure: true });
    expect(again.counterexample).toEqual([500]);
    expect(existsSync(join(ROOT, file))).toBe(false);
  });
});
