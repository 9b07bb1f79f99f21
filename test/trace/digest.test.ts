/**
 * The digest of a SecurityAlert row's other columns (src/trace/digest.ts): what tells two rows of one alert
 * apart when they differ only in a column the model does not read (Q-TENANT-REPEATS counts unchanged rows).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ALERT_COLUMNS, ArrayCoercer } from '../../src/trace/columns.ts';
import { outOfDigest, RestDigest } from '../../src/trace/digest.ts';
import { newTimestampCounts } from '../../src/trace/timestamps.ts';

function digestOf(columns: readonly (readonly [string, unknown])[]): number[] {
  const digest = new RestDigest();
  for (const [name, value] of columns) digest.add(name, value);
  return digest.value();
}

const name = fc.string({ minLength: 1, maxLength: 24, unit: 'grapheme' });
const text = fc.string({ maxLength: 300, unit: 'binary' });

describe('RestDigest', () => {
  it('tells apart two values of one length that differ in one UTF-16 unit, in every lane, always', () => {
    fc.assert(
      fc.property(
        name,
        fc.string({ minLength: 1, maxLength: 300, unit: 'binary' }),
        fc.nat(),
        fc.integer({ min: 1, max: 0xffff }),
        (column, value, where, delta) => {
          const i = where % value.length;
          const changed =
            value.slice(0, i) +
            String.fromCharCode((value.charCodeAt(i) + delta) & 0xffff) +
            value.slice(i + 1);
          const a = digestOf([[column, value]]);
          const b = digestOf([[column, changed]]);
          for (let lane = 0; lane < 4; lane++) expect(a[lane]).not.toBe(b[lane]);
        },
      ),
    );
  });

  it('tells apart rows that differ in any one character of any column (other columns equal)', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.tuple(name, text), { minLength: 1, maxLength: 8, selector: ([n]) => n }),
        fc.nat(),
        fc.nat(),
        fc.string({ minLength: 1, maxLength: 1, unit: 'binary' }),
        (columns, which, where, insert) => {
          const k = which % columns.length;
          const value = (columns[k] as [string, string])[1];
          const i = where % (value.length + 1);
          // One character inserted, or one replaced by another.
          const replaced = value.slice(0, i) + insert + value.slice(i + 1);
          const changed = replaced !== value ? replaced : value.slice(0, i) + insert + value.slice(i);
          const other = columns.map(([n, v], j) => [n, j === k ? changed : v] as const);
          expect(digestOf(other)).not.toEqual(digestOf(columns));
        },
      ),
    );
  });

  it("does not depend on the order of a record's keys", () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.tuple(name, fc.oneof(text, fc.double(), fc.boolean(), fc.constant(null))), {
          maxLength: 8,
          selector: ([n]) => n,
        }),
        fc.nat(),
        (columns, shift) => {
          const k = columns.length === 0 ? 0 : shift % columns.length;
          const turned = [...columns.slice(k), ...columns.slice(0, k)].reverse();
          expect(digestOf(turned)).toEqual(digestOf(columns));
        },
      ),
    );
  });

  it('reads an empty value (null, empty text, absent) as no column; tells text from number and boolean', () => {
    const base: [string, unknown][] = [['Entities', '[{"$id":"2"}]']];
    expect(digestOf([...base, ['Tactics', null]])).toEqual(digestOf(base));
    expect(digestOf([...base, ['Tactics', '']])).toEqual(digestOf(base));
    expect(digestOf([...base, ['Tactics', undefined]])).toEqual(digestOf(base));
    expect(digestOf([['ConfidenceScore', 1]])).not.toEqual(digestOf([['ConfidenceScore', '1']]));
    expect(digestOf([['IsIncident', false]])).not.toEqual(digestOf([['IsIncident', 'false']]));
    // The same value under another column name is another column.
    expect(digestOf([['Tactics', 'Execution']])).not.toEqual(digestOf([['Techniques', 'Execution']]));
    // A value moved from one column to the next is a change.
    expect(
      digestOf([
        ['A', 'x'],
        ['B', ''],
      ]),
    ).not.toEqual(
      digestOf([
        ['A', ''],
        ['B', 'x'],
      ]),
    );
  });

  it('leaves out TimeGenerated and the ingestion metadata, keeps every other column', () => {
    for (const left of [
      'TimeGenerated',
      '_ItemId',
      '_TimeReceived',
      '_BilledSize',
      '_Internal_WorkspaceResourceId',
    ])
      expect(outOfDigest(left)).toBe(true);
    for (const kept of ['Entities', 'ExtendedProperties', 'Description', 'TenantId', 'Type', 'Tactics'])
      expect(outOfDigest(kept)).toBe(false);
  });
});

describe('the digest of an export row (ArrayCoercer.rest)', () => {
  it('equals a fresh digest of the row, whatever repeats from the row before (a repeated value is not digested again)', () => {
    const names = [
      'Entities',
      'Description',
      'Tactics',
      'ConfidenceScore',
      'IsIncident',
      '_ItemId',
      'TimeGenerated',
    ];
    // Few values a column, so rows repeat the row before often; objects and NaN among them.
    const value = fc.oneof(
      fc.constantFrom('', 'Execution', 'Execution ', 'Persistence', '[{"$id":"2"}]', '[{"$id":"3"}]'),
      fc.constantFrom(null, 0.5, Number.NaN, true, false),
      fc.constant({ a: 1 }),
      fc.string({ maxLength: 4 }),
    );
    fc.assert(
      fc.property(
        fc.array(fc.array(value, { minLength: names.length, maxLength: names.length }), { maxLength: 12 }),
        (rows) => {
          const coercer = new ArrayCoercer(
            'f.json',
            ALERT_COLUMNS,
            newTimestampCounts(),
            [],
            names.length,
            names,
          );
          for (const row of rows) {
            const fresh = new RestDigest();
            names.forEach((name, k) => {
              if (!outOfDigest(name)) fresh.add(name, row[k]);
            });
            expect(coercer.rest(row)).toEqual(fresh.value());
          }
        },
      ),
    );
  });
});
