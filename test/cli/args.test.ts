/** Option values the commands share: a seed fast-check can tell apart from every other, wherever it comes from. */
import { describe, expect, it } from 'vitest';
import { MAX_SEED, seedOf, UsageError } from '../../src/cli/args.ts';

describe('seedOf', () => {
  it('takes any seed of 32 bits, from --seed or from the fallback (SC_SEED or the default)', () => {
    expect(seedOf('1', 7)).toBe(1);
    expect(seedOf(String(MAX_SEED), 7)).toBe(MAX_SEED);
    expect(seedOf(undefined, 7)).toBe(7);
  });

  it('refuses a larger one, naming where it came from', () => {
    expect(() => seedOf(String(MAX_SEED + 1), 7)).toThrow(UsageError);
    expect(() => seedOf(String(MAX_SEED + 1), 7)).toThrow(/^--seed must be at most 4294967295 /);
    // SC_SEED=99999999999 reaches seedOf as the fallback.
    expect(() => seedOf(undefined, 99_999_999_999)).toThrow(
      /^SC_SEED must be at most 4294967295 .*got '99999999999'$/,
    );
  });
});
