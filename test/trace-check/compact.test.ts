/**
 * The fast paths of src/trace-check/compact.ts agree with the model's slow ones: timestamps read by
 * arithmetic as Date.parse reads them, MDC alert names decoded in doubles as model/time.ts decodes them with
 * BigInt, and rows put in one equality class exactly when they are equal.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeMdcAlertName, mdcAlertName, parseTime } from '../../model/time.ts';
import {
  isoMs,
  lastIsoFixed,
  mdcNameSplit,
  mdcNameStart,
  RowClasses,
} from '../../src/trace-check/compact.ts';

const instant = fc.integer({ min: Date.UTC(1, 0, 1), max: Date.UTC(9999, 11, 31, 23, 59, 59, 999) });

describe('isoMs', () => {
  it('should read the readers’ timestamps as Date.parse does', () => {
    fc.assert(
      fc.property(instant, (ms) => {
        const text = new Date(ms).toISOString();
        expect(isoMs(text)).toBe(Date.parse(text));
      }),
      { numRuns: 2000 },
    );
  });

  it('should read other forms through the model, and reject what is no time', () => {
    expect(isoMs('2026-01-01 10:00:00')).toBe(Date.UTC(2026, 0, 1, 10));
    // Not the readers' form: read as the model reads it (Date.parse rolls 30 February over).
    expect(isoMs('2026-02-30T10:00:00.000Z')).toBe(parseTime('2026-02-30T10:00:00.000Z'));
    expect(isoMs('2026-01-01T1x:00:00.000Z')).toBeNaN();
    expect(isoMs('')).toBeNaN();
  });
});

describe('mdcNameStart', () => {
  it('should decode every MDC alert name as decodeMdcAlertName does', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: Date.UTC(1, 0, 1), max: Date.UTC(9999, 0, 1) }),
        fc.uuid(),
        (ms, guid) => {
          const name = mdcAlertName(ms, guid);
          const at = mdcNameSplit(name);
          const model = decodeMdcAlertName(name);
          // Far-future starts make a 17-digit prefix, which is no MDC alert name for either.
          if (model === null) expect(at).toBe(-1);
          else expect(mdcNameStart(name, at)).toBe(model.startMs);
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('should decode arbitrary 18- and 19-digit prefixes as the model does', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[0-9]{18,19}_[a-z0-9-]{1,40}$/), (name) => {
        const at = mdcNameSplit(name);
        expect(mdcNameStart(name, at)).toBe(decodeMdcAlertName(name)?.startMs);
      }),
      { numRuns: 2000 },
    );
  });

  it('should not take other ids for names', () => {
    for (const text of [
      '',
      '5f1c0a7e-0000-4000-8000-000000000001',
      '12345_x',
      '25183863809999999999_x',
      '2518386380999999999_',
    ])
      expect(mdcNameSplit(text)).toBe(-1);
  });
});

describe('RowClasses', () => {
  const row = fc.array(fc.string({ maxLength: 300 }), { minLength: 1, maxLength: 14 });

  it('should put equal rows in one class and rows differing in one character of one column apart', () => {
    fc.assert(
      fc.property(
        row,
        fc.nat(),
        fc.nat(),
        fc.integer({ min: 0, max: 0xffff }),
        fc.array(row, { maxLength: 40 }),
        (values, column, at, code, others) => {
          const classes = new RowClasses(values.length);
          const c = column % values.length;
          const text = values[c] as string;
          const i = text.length === 0 ? 0 : at % (text.length + 1);
          // Replace the character at i, or insert one at the end.
          const changed = `${text.slice(0, i)}${String.fromCharCode(code)}${text.slice(i + 1)}`;
          if (changed === text) return;
          const mutated = values.map((v, k) => (k === c ? changed : v));
          // Other rows of the group first (of the row's length, so they can collide), in any order.
          const sized = others.map((o) => values.map((v, k) => o[k] ?? v));
          const first = [values, ...sized].map((r) => classes.classOf(0, r));
          const a = classes.classOf(0, [...values]);
          const b = classes.classOf(0, mutated);
          expect(a).toBe(first[0]);
          expect(b).not.toBe(a);
          expect(classes.classOf(0, [...mutated])).toBe(b);
          // Every row gets the class of the first equal row.
          for (const [k, r] of sized.entries()) {
            const equal = [values, ...sized].findIndex((q) => q.every((v, j) => v === r[j]));
            expect(first[k + 1]).toBe(first[equal]);
          }
        },
      ),
      { numRuns: 500 },
    );
  });

  it('should keep groups apart', () => {
    const classes = new RowClasses(2);
    expect(classes.classOf(0, ['New', 'x'])).toBe(0);
    expect(classes.classOf(1, ['Resolved', 'x'])).toBe(0);
    expect(classes.classOf(0, ['Resolved', 'x'])).toBe(1);
    expect(classes.classOf(1, ['New', 'x'])).toBe(1);
    expect(classes.classOf(0, ['ab', 'c'])).not.toBe(classes.classOf(0, ['a', 'bc']));
  });
});

describe('lastIsoFixed', () => {
  it('should say fixed only for a text its time gives back character for character', () => {
    fc.assert(
      fc.property(instant, fc.nat(23), fc.integer({ min: 0x20, max: 0x7e }), (ms, at, code) => {
        const text = new Date(ms).toISOString();
        if (text.length !== 24) return;
        const changed = `${text.slice(0, at)}${String.fromCharCode(code)}${text.slice(at + 1)}`;
        const read = isoMs(changed);
        if (lastIsoFixed()) expect(new Date(read).toISOString()).toBe(changed);
        isoMs(text);
        expect(lastIsoFixed()).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });
});
