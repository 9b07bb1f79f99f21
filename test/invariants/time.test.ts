/**
 * The time primitives' fast paths (model/time.ts) agree with their definitions everywhere: parseTime with
 * Date.parse after the zone rule, iso with toISOString, decodeMdcAlertName with the regular expression and
 * BigInt arithmetic, reverseTicks with BigInt arithmetic, including where the fast paths hand over to the definitions.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  decodeMdcAlertName,
  isCanonicalTimestamp,
  iso,
  mdcAlertName,
  parseTime,
  reverseTicks,
} from '../../model/time.ts';

const MAX_TICKS = 3155378975999999999n;
const EPOCH_TICKS = 621355968000000000n;

function parseTimeDefinition(text: string): number {
  if (typeof text !== 'string' || text === '') return Number.NaN;
  const zoned = /[zZ]|[+-]\d\d:?\d\d$/.test(text) ? text : `${text.replace(' ', 'T')}Z`;
  return Date.parse(zoned);
}

function isoDefinition(ms: number): string {
  try {
    return new Date(ms).toISOString();
  } catch (error) {
    return `throws ${(error as Error).name}`;
  }
}

function isoOrError(ms: number): string {
  try {
    return iso(ms);
  } catch (error) {
    return `throws ${(error as Error).name}`;
  }
}

function decodeDefinition(name: string): { startMs: number; guid: string } | null {
  const match = /^(\d{18,19})_(.+)$/.exec(name);
  if (!match?.[1] || !match[2]) return null;
  const ms = Number((MAX_TICKS - BigInt(match[1]) - EPOCH_TICKS) / 10_000n);
  return { startMs: ms, guid: match[2] };
}

const RUNS = { numRuns: 5000 }; // under the global test seed (test/setup.ts)
const pad = (width: number, max: number) => fc.nat({ max }).map((n) => String(n).padStart(width, '0'));
/** Canonical-looking timestamps, fields in and out of range, sometimes with one character changed. */
const timestampLike = fc
  .tuple(pad(4, 9999), pad(2, 13), pad(2, 32), pad(2, 25), pad(2, 61), pad(2, 61), pad(3, 999))
  .map(([y, mo, d, h, mi, s, ms]) => `${y}-${mo}-${d}T${h}:${mi}:${s}.${ms}Z`);
const mutated = fc
  .tuple(timestampLike, fc.nat({ max: 23 }), fc.constantFrom(...'0123456789-T:.Z +zx '))
  .map(([text, at, char]) => text.slice(0, at) + char + text.slice(at + 1));
const tickDigits = fc.oneof(
  fc.stringMatching(/^\d{15,21}$/),
  fc.stringMatching(/^253402300\d{9,10}$/),
  fc.bigInt({ min: 0n, max: 9999999999999999999n }).map(String),
);
const tail = fc.oneof(fc.string(), fc.constantFrom('', '_', '_g', '_\n', '_x\ry', '_x\u2028', '__'));

describe('parseTime', () => {
  it('should read timestamps as Date.parse does after the zone rule', () => {
    fc.assert(
      fc.property(fc.oneof(timestampLike, mutated, fc.string()), (text) => {
        expect(parseTime(text)).toBe(parseTimeDefinition(text));
      }),
      RUNS,
    );
    fc.assert(
      fc.property(fc.integer({ min: -8.64e15, max: 8.64e15 }), (ms) => {
        const text = new Date(ms).toISOString();
        expect(parseTime(text)).toBe(parseTimeDefinition(text));
      }),
      RUNS,
    );
  });

  it('should agree on leap days, boundaries and other forms', () => {
    for (const text of [
      '2024-02-29T00:00:00.000Z',
      '2023-02-29T00:00:00.000Z',
      '2000-02-29T12:00:00.000Z',
      '1900-02-29T00:00:00.000Z',
      '0999-12-31T23:59:59.999Z',
      '1000-01-01T00:00:00.000Z',
      '2026-01-01T24:00:00.000Z',
      '2026-01-01T23:59:60.000Z',
      '2026-01-01T00:00:00Z',
      '2026-01-01T00:00:00.1234567Z',
      '2026-01-01 00:00:00',
      '2026-01-01T00:00:00+01:00',
      '',
      42 as unknown as string,
    ]) {
      expect(parseTime(text)).toBe(parseTimeDefinition(text));
    }
  });
});

describe('iso', () => {
  it('should write what toISOString writes', () => {
    fc.assert(
      fc.property(fc.oneof(fc.integer({ min: -9e15, max: 9e15 }), fc.double()), (ms) => {
        expect(isoOrError(ms)).toBe(isoDefinition(ms));
      }),
      RUNS,
    );
    for (const ms of [
      0,
      -1,
      -62167219200000,
      -62167219200001,
      253402300799999,
      253402300800000,
      Number.NaN,
    ]) {
      expect(isoOrError(ms)).toBe(isoDefinition(ms));
    }
  });
});

describe('decodeMdcAlertName', () => {
  it('should decode as the regular expression and BigInt arithmetic do', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.tuple(tickDigits, tail).map(([d, t]) => d + t),
          fc.string(),
        ),
        (name) => {
          expect(decodeMdcAlertName(name)).toEqual(decodeDefinition(name));
        },
      ),
      RUNS,
    );
  });

  it('should decode the names it encodes, for starts whose reverse ticks have 18 or 19 digits', () => {
    fc.assert(
      fc.property(fc.integer({ min: -6e13, max: 2.4e14 }), fc.uuid(), (ms, guid) => {
        expect(decodeMdcAlertName(mdcAlertName(ms, guid))).toEqual({ startMs: ms, guid });
      }),
      RUNS,
    );
  });

  it('should read what is not a string as the regular expression does', () => {
    expect(decodeMdcAlertName(undefined as unknown as string)).toBeNull();
    const named = { toString: () => mdcAlertName(0, 'g') } as unknown as string;
    expect(decodeMdcAlertName(named)).toEqual({ startMs: 0, guid: 'g' });
    expect(decodeMdcAlertName(named)).toEqual(decodeDefinition(named));
  });
});

describe('reverseTicks', () => {
  const definition = (ms: number) =>
    (MAX_TICKS - (BigInt(Math.round(ms)) * 10_000n + EPOCH_TICKS)).toString();

  it('should write what the BigInt definition writes, fractional and far-off starts included', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.integer({ min: -62_135_596_800_000, max: 253_402_300_799_999 }),
          fc.double({ min: -7e13, max: 3e14, noNaN: true }),
          fc.integer({ min: -1e6, max: 1e6 }),
          fc.constantFrom(
            0,
            -1,
            999_999,
            1_000_000,
            -1_000_000,
            253_402_300_799_999,
            253_402_300_800_000,
            3e14,
          ),
        ),
        (ms) => {
          expect(reverseTicks(ms)).toBe(definition(ms));
        },
      ),
      { ...RUNS, numRuns: 20_000 },
    );
  });
});

describe('isCanonicalTimestamp', () => {
  /** Canonical: what toISOString writes for the instant Date.parse reads, with a four-digit year from 1000. */
  const canonical = (text: string) => {
    const ms = Date.parse(text);
    return Number.isFinite(ms) && new Date(ms).toISOString() === text && Number(text.slice(0, 4)) >= 1000;
  };

  it('should accept exactly the texts toISOString writes', () => {
    fc.assert(
      fc.property(fc.oneof(timestampLike, mutated, fc.string()), (text) => {
        expect(isCanonicalTimestamp(text)).toBe(canonical(text));
      }),
      RUNS,
    );
  });
});
