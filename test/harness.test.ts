import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { caseArb } from '../properties/arbitraries.ts';
import { generateCases } from '../src/harness/suite.ts';

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
