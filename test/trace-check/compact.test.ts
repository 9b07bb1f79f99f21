/**
 * The fast paths of src/trace-check/compact.ts agree with the model's slow ones: timestamps read by
 * arithmetic as Date.parse reads them, MDC alert names decoded in doubles as model/time.ts decodes them with
 * BigInt, and the row fingerprint equal for equal values.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeMdcAlertName, mdcAlertName, parseTime } from '../../model/time.ts';
import { Fingerprint, isoMs, mdcNameSplit, mdcNameStart } from '../../src/trace-check/compact.ts';

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

describe('Fingerprint', () => {
  const print = (values: string[], numbers: number[]) => {
    const f = new Fingerprint();
    f.reset();
    for (const v of values) f.add(v);
    for (const n of numbers) f.addNumber(n);
    return [f.lowBits, f.highBits];
  };

  it('should be equal for equal values', () => {
    fc.assert(
      fc.property(fc.array(fc.string()), fc.array(fc.double()), (values, numbers) => {
        expect(print(values, numbers)).toEqual(print([...values], [...numbers]));
      }),
    );
  });

  it('should differ when a short value, a number, or a long value’s end differs', () => {
    const link = `https://portal.azure.com/#blade/x/${'a'.repeat(150)}`;
    expect(print(['New', link], [1])).not.toEqual(print(['Resolved', link], [1]));
    expect(print(['New', link], [1])).not.toEqual(print(['New', link], [2]));
    expect(print(['New', `${link}/westeurope`], [1])).not.toEqual(print(['New', `${link}/northeurope`], [1]));
    expect(print(['ab', 'c'], [])).not.toEqual(print(['a', 'bc'], []));
  });
});
