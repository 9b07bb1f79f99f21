/**
 * RowClasses (src/trace-check/compact.ts) gives the same classes as a plain reference that keeps every
 * distinct row of every group whole: class 0 for a group's first row, then 1, 2, … for each further distinct
 * row in the order it first appears, and the earlier class for a row equal to an earlier one (text columns
 * equal character for character, number columns equal with NaN equal to NaN). The values are drawn so that
 * many differ only in characters RowClasses's cache of shared values does not look at, so its cache slots
 * collide, and short texts run together ('a' + 'b' is 'ab' + ''): a speed-up in how values are kept must not
 * change a class, and so not a verdict.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { KEEP_LAST, KEEP_OWN, KEEP_POOLED, RowClasses } from '../../src/trace-check/compact.ts';

/** Texts of one length that differ only at index 5 (a character the cache's slot does not read). */
const lookalikes = ['a', 'b', 'c', '\u00e9', '\ud800'].map(
  (ch) => `/subscriptions/0000${ch}/resourceGroups/rg-1/providers/Microsoft.Compute/vm-1`,
);
const text = fc.oneof(
  { arbitrary: fc.constantFrom(...lookalikes), weight: 3 },
  { arbitrary: fc.constantFrom('', 'New', 'Resolved', 'new'), weight: 2 },
  { arbitrary: fc.string({ maxLength: 12 }), weight: 1 },
  // Short texts whose concatenations coincide ('a' + 'b' = 'ab' + ''): columns must be kept apart.
  { arbitrary: fc.constantFrom('a', 'b', 'ab', 'ba'), weight: 2 },
);
const time = fc.oneof(fc.constantFrom(Number.NaN, 0, -0, 1_767_225_600_000), fc.integer({ min: 0, max: 3 }));

/** The reference: every group's distinct rows, whole. */
function referenceClasses(rows: readonly { g: number; values: string[]; numbers: number[] }[]): number[] {
  const seen = new Map<number, string[]>();
  return rows.map(({ g, values, numbers }) => {
    const key = JSON.stringify([
      values,
      numbers.map((x) => (Number.isNaN(x) ? 'NaN' : Object.is(x, -0) ? 0 : x)),
    ]);
    const list = seen.get(g) ?? [];
    seen.set(g, list);
    const at = list.indexOf(key);
    if (at >= 0) return at;
    list.push(key);
    return list.length - 1;
  });
}

describe('RowClasses against a reference that keeps whole rows', () => {
  it('should give every row the class the reference gives it, whatever the columns’ keeping', () => {
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom(KEEP_OWN, KEEP_LAST, KEEP_POOLED), { minLength: 1, maxLength: 6 }),
        fc.integer({ min: 0, max: 3 }),
        fc.array(
          fc.record({
            group: fc.nat({ max: 3 }),
            values: fc.array(text, { minLength: 6, maxLength: 6 }),
            numbers: fc.array(time, { minLength: 3, maxLength: 3 }),
          }),
          { minLength: 1, maxLength: 60 },
        ),
        (keeping, numberColumns, drawn) => {
          const columns = keeping.length;
          // Groups are numbered in the order they first appear, as AlertLedger numbers alerts.
          const order = new Map<number, number>();
          const rows = drawn.map((d) => {
            if (!order.has(d.group)) order.set(d.group, order.size);
            return {
              g: order.get(d.group) as number,
              values: d.values.slice(0, columns),
              numbers: d.numbers.slice(0, numberColumns),
            };
          });
          const classes = new RowClasses(columns, numberColumns, keeping);
          // Fresh copies each time, as a reader hands out new strings for every row.
          const got = rows.map((r) =>
            classes.classOf(
              r.g,
              r.values.map((v) => (v.length > 0 ? `${v.slice(0, 1)}${v.slice(1)}` : v)),
              Float64Array.from(r.numbers),
            ),
          );
          expect(got).toEqual(referenceClasses(rows));
        },
      ),
      { numRuns: 400 },
    );
  });

  it('should keep columns apart whose texts run together', () => {
    for (const keeping of [KEEP_OWN, KEEP_POOLED, KEEP_LAST]) {
      const classes = new RowClasses(3, 1, [keeping, keeping, keeping]);
      expect(classes.classOf(0, ['ab', '', 'c'], [1])).toBe(0);
      expect(classes.classOf(0, ['a', 'b', 'c'], [1])).toBe(1);
      expect(classes.classOf(0, ['', 'ab', 'c'], [1])).toBe(2);
      expect(classes.classOf(0, ['', 'a', 'bc'], [1])).toBe(3);
      expect(classes.classOf(0, ['a', 'b', 'c'], [Number.NaN])).toBe(4);
      expect(classes.classOf(0, ['a', 'b', 'c'], [-0])).toBe(5);
      expect(classes.classOf(0, ['a', 'b', 'c'], [0])).toBe(5);
      expect(classes.classOf(0, ['a', 'b', 'c'], [Number.NaN])).toBe(4);
      expect(classes.classOf(0, ['ab', '', 'c'], [1])).toBe(0);
    }
  });

  it('should keep lookalike texts apart though they share a cache slot', () => {
    const classes = new RowClasses(1, 0, [KEEP_POOLED]);
    // Group 0 keeps the first lookalike; group 1's base is the second, which takes the same slot.
    expect(classes.classOf(0, [lookalikes[0] as string])).toBe(0);
    expect(classes.classOf(1, [lookalikes[1] as string])).toBe(0);
    expect(classes.classOf(0, [lookalikes[1] as string])).toBe(1);
    expect(classes.classOf(1, [lookalikes[0] as string])).toBe(1);
    expect(classes.classOf(0, [`${lookalikes[0]}`])).toBe(0);
    expect(classes.classOf(1, [`${lookalikes[1]}`])).toBe(0);
  });
});
