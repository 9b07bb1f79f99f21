/**
 * The exactness of the ledger's fast paths (src/trace-check/compact.ts, alerts.ts): TextArena keeps texts
 * off the heap and compares them natively; rows keep their classes with the arena's pages made tiny (so
 * values fill pages, start new ones, and fall back to strings past the page limit); linkNameAt finds the
 * alert's name in a link as indexOf and linkClassOf do; isoMs reads every text as the arithmetic it replaced.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isMdcPortalLink, isXdrLink } from '../../model/links.ts';
import { parseTime } from '../../model/time.ts';
import { LINK_NONE, LINK_OTHER, LINK_PORTAL, LINK_XDR, linkNameAt } from '../../src/trace-check/alerts.ts';
import { isoMs, lastIsoFixed, RowClasses, TextArena } from '../../src/trace-check/compact.ts';

/** Texts that differ in one character anywhere, some past U+00FF, some long enough to fill a tiny page. */
const base = fc.string({ maxLength: 40 });
const char = fc.constantFrom('a', 'b', '\u0000', '\u00e9', '\u00ff', '\u0100', '\ud800', '\uffff');
const text = fc.oneof(
  base,
  fc.tuple(base, fc.nat(), char).map(([t, at, c]) => {
    const i = t.length === 0 ? 0 : at % (t.length + 1);
    return `${t.slice(0, i)}${c}${t.slice(i + 1)}`;
  }),
  fc.constantFrom('', 'a', 'ab', 'x'.repeat(200)),
);

describe('TextArena', () => {
  it('should give every text back and compare it character for character, whatever the page size', () => {
    fc.assert(
      fc.property(fc.integer({ min: 6, max: 24 }), fc.array(text, { maxLength: 60 }), (bits, texts) => {
        const arena = new TextArena(bits);
        const refs = texts.map((t) => arena.add(t));
        for (const [i, t] of texts.entries()) {
          const ref = refs[i] as number;
          expect(arena.text(ref)).toBe(t);
          expect(arena.length(ref)).toBe(t.length);
          for (const other of texts) expect(arena.equals(ref, `${other}`)).toBe(other === t);
          for (let from = 0; from <= Math.min(3, t.length); from++)
            for (const other of texts)
              for (let start = 0; start <= Math.min(3, other.length); start++)
                expect(arena.equalsFrom(ref, from, other, start)).toBe(t.slice(from) === other.slice(start));
        }
      }),
      { numRuns: 300 },
    );
  });
});

describe('RowClasses with tiny arena pages', () => {
  it('should put rows in one class exactly when they are equal', () => {
    const value = fc.oneof(text, fc.constantFrom('New', 'Resolved', 'y'.repeat(100), `${'y'.repeat(99)}z`));
    fc.assert(
      fc.property(
        fc.integer({ min: 5, max: 9 }),
        fc.array(fc.constantFrom(0, 1, 2), { minLength: 3, maxLength: 3 }),
        fc.array(fc.tuple(fc.nat({ max: 2 }), fc.array(value, { minLength: 3, maxLength: 3 })), {
          maxLength: 80,
        }),
        (bits, keeping, rows) => {
          const classes = new RowClasses(3, 1, keeping, bits);
          const order = new Map<number, number>();
          const seen = new Map<number, string[]>();
          for (const [group, values] of rows) {
            if (!order.has(group)) order.set(group, order.size);
            const g = order.get(group) as number;
            const key = JSON.stringify(values);
            const list = seen.get(g) ?? [];
            seen.set(g, list);
            let expected = list.indexOf(key);
            if (expected < 0) expected = list.push(key) - 1;
            expect(
              classes.classOf(
                g,
                values.map((v) => `${v}`),
                [1],
              ),
            ).toBe(expected);
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});

/** The definition linkNameAt speeds up. */
function plainNameAt(link: string, name: string): { at: number; link: number } {
  let cls = LINK_OTHER;
  if (link === '') cls = LINK_NONE;
  else if (isMdcPortalLink(link)) cls = LINK_PORTAL;
  else if (isXdrLink(link)) cls = LINK_XDR;
  return { at: link.length > name.length ? link.indexOf(name) : -1, link: cls };
}

describe('linkNameAt', () => {
  it('should find the name and class every link as indexOf and model/links.ts do, whatever came before', () => {
    const blades = [
      'https://portal.azure.com/#blade/Microsoft_Azure_Security/AlertBlade/',
      'https://portal.azure.com/#blade/Microsoft_Azure_Security_AzureDefenderForData/AlertBlade/',
      'https://portal.azure.com/#blade/Microsoft_Azure_Security_x/AlertBlad/',
      'https://security.microsoft.com/alerts/',
      'https://example.com/',
      '',
    ];
    const names = ['2516666111999999999_c10eda53', '2516666111929999999_c10eda53', '251666611192999999_x'];
    const link = fc
      .tuple(
        fc.constantFrom(...blades),
        fc.constantFrom('alertId/', 'alertid/', '', 'alertId/x'),
        fc.constantFrom(...names, ''),
        fc.constantFrom('/subscriptionId/s', '', '?tid=1', names[0] as string),
      )
      .map(([blade, key, name, rest]) => `${blade}${key}${name}${rest}`);
    fc.assert(
      fc.property(
        fc.array(fc.tuple(link, fc.constantFrom(...names)), { minLength: 1, maxLength: 30 }),
        (rows) => {
          for (const [l, name] of rows) {
            const found = linkNameAt(l, name);
            const plain = plainNameAt(l, name);
            expect({ at: found.at, link: found.link }).toEqual(plain);
            expect(found.before).toBe(plain.at < 0 ? '' : l.slice(0, plain.at));
          }
        },
      ),
      { numRuns: 500 },
    );
  });
});

/** isoMs as it was before its digits were read in one pass: the reference for every text. */
function previousIsoMs(text: string): { ms: number; fixed: boolean } {
  const two = (at: number) => {
    const a = text.charCodeAt(at) - 48;
    const b = text.charCodeAt(at + 1) - 48;
    return a >>> 0 > 9 || b >>> 0 > 9 ? -1 : a * 10 + b;
  };
  let ms = Number.NaN;
  if (
    text.length === 24 &&
    text.charCodeAt(10) === 84 &&
    text.charCodeAt(23) === 90 &&
    text.charCodeAt(19) === 46 &&
    text.charCodeAt(4) === 45 &&
    text.charCodeAt(0) !== 48
  ) {
    const [century, yy, month, day, hour, minute, second, msHigh] = [0, 2, 5, 8, 11, 14, 17, 20].map(
      two,
    ) as number[];
    const msLow = text.charCodeAt(22) - 48;
    const year = (century as number) * 100 + (yy as number);
    const days = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
    if (
      !(
        ((century as number) |
          (yy as number) |
          (hour as number) |
          (minute as number) |
          (second as number) |
          (msHigh as number)) <
          0 ||
        msLow >>> 0 > 9 ||
        !(
          (month as number) >= 1 &&
          (month as number) <= 12 &&
          (day as number) >= 1 &&
          (day as number) <= (days[(month as number) - 1] as number)
        ) ||
        !((hour as number) <= 23 && (minute as number) <= 59 && (second as number) <= 59) ||
        (month === 2 && day === 29 && !(year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0)))
      )
    ) {
      ms = Date.UTC(
        year,
        (month as number) - 1,
        day as number,
        hour as number,
        minute as number,
        second as number,
        (msHigh as number) * 10 + msLow,
      );
      // Date.UTC maps years 0–99 to 1900–1999; the form's years here are 1000 and up.
    }
  }
  const fixed =
    !Number.isNaN(ms) &&
    text.charCodeAt(7) === 45 &&
    text.charCodeAt(13) === 58 &&
    text.charCodeAt(16) === 58;
  if (Number.isNaN(ms)) ms = text === '' ? Number.NaN : parseTime(text);
  return { ms, fixed };
}

describe('isoMs', () => {
  it('should read every text, in the fixed form or one character off it, as before', () => {
    const instant = fc.integer({ min: Date.UTC(1000, 0, 1), max: Date.UTC(9999, 11, 31, 23, 59, 59, 999) });
    fc.assert(
      fc.property(instant, fc.nat(24), fc.integer({ min: 0x20, max: 0x7e }), (ms, at, code) => {
        const iso = new Date(ms).toISOString();
        const texts = [iso, `${iso.slice(0, at)}${String.fromCharCode(code)}${iso.slice(at + 1)}`];
        for (const t of texts) {
          const expected = previousIsoMs(t);
          expect(isoMs(t)).toBe(expected.ms);
          expect(lastIsoFixed()).toBe(expected.fixed);
        }
      }),
      { numRuns: 3000 },
    );
    // Days a month does not have: read by parseTime (which may roll them over), never as the fixed form,
    // whose time would then equal another text's (2023-02-29 and 2023-03-01).
    for (const t of [
      '2024-02-29T00:00:00.000Z',
      '2023-02-29T00:00:00.000Z',
      '2100-02-29T00:00:00.000Z',
      '2000-02-29T00:00:00.000Z',
      '2026-04-31T00:00:00.000Z',
      '2026-13-01T00:00:00.000Z',
    ]) {
      const expected = previousIsoMs(t);
      expect(isoMs(t)).toBe(expected.ms);
      expect(lastIsoFixed()).toBe(expected.fixed);
    }
  });
});
