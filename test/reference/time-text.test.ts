/**
 * The simulator's cached time texts (model/reference/time-text.ts) always equal model/time.ts's general
 * forms, across the cache's slots (instants that share a slot evict each other) and its fallbacks.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isoText, mdcAlertNameOf } from '../../model/reference/time-text.ts';
import { iso, mdcAlertName } from '../../model/time.ts';

const RUNS = { numRuns: 20_000 }; // under the global test seed (test/setup.ts)
/** Instants near one another (the same day, the same cache slot) and anywhere iso can write. */
const instants = fc.oneof(
  fc.integer({ min: 1_700_000_000_000, max: 1_700_000_000_000 + 3 * 86_400_000 }),
  fc.integer({ min: -62_135_596_800_000, max: 253_402_300_799_999 }),
  fc.constantFrom(0, 1023, 1024, 86_399_999, 86_400_000, 249_999_999_999_999, 250_000_000_000_000),
  fc.double({ min: -1e13, max: 3e14, noNaN: true }),
);

describe('time texts', () => {
  it('should write what iso writes, again and again', () => {
    fc.assert(
      fc.property(fc.array(instants, { maxLength: 20 }), (list) => {
        for (const ms of [...list, ...list]) expect(isoText(ms)).toBe(iso(ms));
      }),
      RUNS,
    );
  });

  it('should name alerts as mdcAlertName does, again and again', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(instants, fc.uuid()), { maxLength: 20 }), (list) => {
        for (const [ms, guid] of [...list, ...list])
          expect(mdcAlertNameOf(ms, guid)).toBe(mdcAlertName(ms, guid));
      }),
      RUNS,
    );
  });
});
