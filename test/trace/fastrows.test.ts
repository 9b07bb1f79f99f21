/**
 * The fast path for query API rows (fastrows.ts) must be invisible: wherever it answers, it gives the rows
 * JSON.parse gives (the values of the columns read, and each row's width), and it declines everything JSON.parse
 * refuses; read through the reader, an export gives the same rows, summary and error (code, file, row, column,
 * message) with the fast path on as with the plain JSON.parse path, and as row by row.
 */
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { FastRows, fastRowsSwitch } from '../../src/trace/fastrows.ts';
import {
  type ReadOptions,
  readAlerts,
  readIncidents,
  TraceInputError,
  type TraceRow,
  type TraceSummary,
} from '../../src/trace/index.ts';
import { ALERT_COLUMN_NAMES, INCIDENT_COLUMN_NAMES, isoTime } from './support.ts';

afterEach(() => {
  fastRowsSwitch.enabled = true;
});

const WS = fc.stringMatching(/^[ \t\r\n]{0,3}$/);

/** One character of a JSON string, written raw or escaped in one of the ways JSON allows. */
function encodeChar(ch: string, how: number): string {
  const code = ch.codePointAt(0) as number;
  const short: Record<string, string> = {
    '"': '\\"',
    '\\': '\\\\',
    '/': '\\/',
    '\b': '\\b',
    '\f': '\\f',
    '\n': '\\n',
    '\r': '\\r',
    '\t': '\\t',
  };
  const u = (n: number, upper: boolean) => {
    const hex = n.toString(16).padStart(4, '0');
    return `\\u${upper ? hex.toUpperCase() : hex}`;
  };
  const units = code > 0xffff ? [ch.charCodeAt(0), ch.charCodeAt(1)] : [code];
  const mustEscape = code < 0x20 || ch === '"' || ch === '\\';
  switch (how % 4) {
    case 0:
      if (!mustEscape) return ch;
      return short[ch] ?? u(code, false);
    case 1:
      return short[ch] ?? (mustEscape ? u(code, true) : ch);
    case 2:
      return units.map((n) => u(n, false)).join('');
    default:
      return units.map((n) => u(n, true)).join('');
  }
}

/** A JSON string (its text) and its value: any characters, any mix of raw and escaped forms. */
const jsonString: fc.Arbitrary<{ text: string; value: string }> = fc
  .array(
    fc.tuple(
      fc.oneof(
        { weight: 6, arbitrary: fc.string({ unit: 'grapheme-ascii', minLength: 1, maxLength: 1 }) },
        {
          weight: 3,
          arbitrary: fc.constantFrom(
            '"',
            '\\',
            '/',
            '\b',
            '\f',
            '\n',
            '\r',
            '\t',
            '\u0000',
            '\u001f',
            '\u007f',
          ),
        },
        {
          weight: 2,
          arbitrary: fc.constantFrom('é', '–', '😀', '\u2028', '\ufeff', '中', '\ud800', '\udfff'),
        },
        { weight: 1, arbitrary: fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }) },
      ),
      fc.nat(7),
    ),
    { maxLength: 24 },
  )
  .chain((chars) =>
    fc.constant({
      text: `"${chars
        .map(([ch, how]) => {
          // A lone surrogate can only be written escaped (raw, UTF-8 cannot carry it).
          const lone = ch.length === 1 && (ch.charCodeAt(0) & 0xf800) === 0xd800;
          return encodeChar(ch, lone ? 2 + (how & 1) : how < 4 ? 0 : how);
        })
        .join('')}"`,
      value: chars.map(([ch]) => ch).join(''),
    }),
  );

const jsonNumber: fc.Arbitrary<string> = fc.oneof(
  fc.integer({ min: -1e9, max: 1e9 }).map(String),
  fc.double({ noNaN: true, noDefaultInfinity: true }).map((n) => JSON.stringify(n)),
  fc
    .tuple(
      fc.constantFrom('', '-'),
      fc.constantFrom('0', '7', '12', '900'),
      fc.constantFrom('', '.0', '.5', '.125'),
      fc.constantFrom('', 'e5', 'E+2', 'e-3', 'E400', 'e-400'),
    )
    .map((parts) => parts.join('')),
);

const scalar: fc.Arbitrary<string> = fc.oneof(
  { weight: 8, arbitrary: jsonString.map((s) => s.text) },
  { weight: 2, arbitrary: jsonNumber },
  { weight: 2, arbitrary: fc.constantFrom('null', 'true', 'false') },
);

/** The text of one value in a row: a scalar mostly, now and then an array or an object. */
const value: fc.Arbitrary<string> = fc.oneof(
  { weight: 12, arbitrary: scalar },
  { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 2 }).map((v) => JSON.stringify(v)) },
);

/** A span of rows of the given values as the query API writes them (any whitespace between the tokens). */
const spanOf = (values: fc.Arbitrary<string>) =>
  fc
    .array(fc.tuple(fc.array(fc.tuple(WS, values, WS), { maxLength: 8 }), WS, WS), {
      minLength: 1,
      maxLength: 6,
    })
    .map((rows) =>
      rows
        .map(
          ([vals, before, after]) =>
            `${before}[${vals.map(([a, v, b]) => `${a}${v}${b}`).join(',')}]${after}`,
        )
        .join(',')
        .trim(),
    );

/** Spans of scalars mostly (what the fast path answers), now and then with nested values. */
const span = fc.oneof({ weight: 3, arbitrary: spanOf(scalar) }, { weight: 1, arbitrary: spanOf(value) });

const wantedOf = (bits: readonly boolean[]) => Uint8Array.from(bits, (b) => (b ? 1 : 0));

/** What JSON.parse makes of the span (null when it refuses it, or an element is not an array). */
function parsed(bytes: Buffer): unknown[][] | null {
  try {
    const rows = JSON.parse(`[${bytes.toString('utf8')}]`) as unknown[];
    return rows.every((row) => Array.isArray(row)) ? (rows as unknown[][]) : null;
  } catch {
    return null;
  }
}

/** The fast rows are JSON.parse's rows, with the values of columns not wanted left out. */
function expectSameRows(fast: unknown[][], slow: unknown[][], wanted: Uint8Array): void {
  expect(fast.length).toBe(slow.length);
  fast.forEach((row, r) => {
    const want = slow[r] as unknown[];
    expect(row.length).toBe(want.length);
    for (let k = 0; k < want.length; k++) {
      if (k < wanted.length && wanted[k] === 1) {
        expect(k in row).toBe(true);
        expect(row[k]).toStrictEqual(want[k]);
      } else {
        expect(k in row).toBe(false);
      }
    }
  });
}

/** Runs the fast path on the span, placed inside a larger buffer (as the reader's window holds it). */
function fastRows(text: string | Buffer, wanted: Uint8Array): { fast: unknown[][] | null; bytes: Buffer } {
  const bytes = Buffer.isBuffer(text) ? text : Buffer.from(text);
  const window = Buffer.concat([Buffer.from(' ,'), bytes, Buffer.from(',[')]);
  return { fast: new FastRows(wanted).rows(window, 2, 2 + bytes.length), bytes };
}

describe('the fast path alone', () => {
  it('gives the values JSON.parse gives for the wanted columns, and engages on rows of scalars', () => {
    fc.assert(
      fc.property(span, fc.array(fc.boolean(), { maxLength: 10 }), (text, bits) => {
        const wanted = wantedOf(bits);
        const { fast, bytes } = fastRows(text, wanted);
        const slow = parsed(bytes);
        expect(slow).not.toBeNull();
        if (fast !== null) expectSameRows(fast, slow as unknown[][], wanted);
        // Only a nested value makes it decline a valid span.
        const nested = (slow as unknown[][]).some((row) =>
          row.some((v) => typeof v === 'object' && v !== null),
        );
        if (!nested) expect(fast).not.toBeNull();
      }),
      { numRuns: 3000 },
    );
  });

  it('decodes every kind of string the way JSON.parse does', () => {
    fc.assert(
      fc.property(fc.array(jsonString, { minLength: 1, maxLength: 6 }), (strings) => {
        const text = `[${strings.map((s) => s.text).join(',')}]`;
        const { fast } = fastRows(text, wantedOf(strings.map(() => true)));
        expect(fast).toEqual([strings.map((s) => s.value)]);
      }),
      { numRuns: 3000 },
    );
  });

  it('declines whatever JSON.parse refuses (mangled spans), and agrees where it answers', () => {
    // Positions spread evenly over the span (a biased one would mostly be 0).
    const edit = fc.record({
      at: fc.noBias(fc.nat(1_000_000)).map((n) => n / 1_000_001),
      text: fc.constantFrom(
        '',
        '"',
        '\\',
        '\\u',
        '\\x',
        '\\u12',
        '\u0001',
        '\u001f',
        '\t',
        '\n',
        ',',
        ']',
        '[',
        '{',
        '}',
        ':',
        '-',
        '.',
        '0',
        'e',
        'E+',
        '1',
        'nul',
        'tru',
        'x',
        '\xff',
        '\xc3',
      ),
      remove: fc.integer({ min: 0, max: 3 }),
    });
    fc.assert(
      fc.property(
        span,
        fc.array(edit, { minLength: 1, maxLength: 2 }),
        fc.array(fc.boolean(), { maxLength: 10 }),
        (text, edits, bits) => {
          let bytes = Buffer.from(text);
          for (const e of edits) {
            const i = Math.floor(e.at * bytes.length);
            const insert = Buffer.from(e.text, e.text.length === 1 && e.text >= '\x80' ? 'latin1' : 'utf8');
            bytes = Buffer.concat([bytes.subarray(0, i), insert, bytes.subarray(i + e.remove)]);
          }
          const wanted = wantedOf(bits);
          const { fast } = fastRows(bytes, wanted);
          const slow = parsed(bytes);
          if (slow === null) expect(fast).toBeNull();
          else if (fast !== null) expectSameRows(fast, slow, wanted);
        },
      ),
      { numRuns: 6000 },
    );
  });

  it('declines each kind of malformed row', () => {
    const all = wantedOf([true, true, true]);
    for (const text of [
      '["a\\qb", 1]', // bad escape
      '["a\\u12g4", 1]', // bad \u escape
      '["a\\', // truncated in an escape
      '["a\u0001b", 1]', // raw control character
      '["a\tb", 1]', // raw tab
      '["ab", 1', // truncated row
      '["ab", 01]', // leading zero
      '["ab", 1.]', // no digit after the point
      '["ab", -]',
      '["ab", 1e]',
      '["ab", .5]',
      '["ab", +1]',
      '["ab", 1,]', // trailing comma
      '["ab",, 1]',
      '[,"ab"]',
      '["ab" 1]',
      '["ab", nul]',
      '["ab", True]',
      '["ab", NaN]',
      '["ab"], ["cd"],', // trailing comma after a row
      '["ab"] ["cd"]',
      '["ab"]]',
      '"ab"',
      '{"a": 1}',
    ]) {
      expect(parsed(Buffer.from(text)), text).toBeNull();
      expect(fastRows(text, all).fast, text).toBeNull();
    }
  });
});

type Table = 'alerts' | 'incidents';

interface Outcome {
  rows: TraceRow<unknown>[];
  error: { code: string; file: string; row: number | null; column: string | null; message: string } | null;
  summary: TraceSummary;
}

async function outcome(
  bytes: Uint8Array,
  table: Table,
  options: ReadOptions,
  fast: boolean,
): Promise<Outcome> {
  fastRowsSwitch.enabled = fast;
  try {
    const source = { name: 'fast.json', bytes };
    const reader = table === 'alerts' ? readAlerts(source, options) : readIncidents(source, options);
    const rows: TraceRow<unknown>[] = [];
    try {
      for await (const row of reader) rows.push(row);
    } catch (error) {
      if (!(error instanceof TraceInputError)) throw error;
      const { code, file, row, column, message } = error;
      return { rows, error: { code, file, row, column, message }, summary: reader.summary };
    }
    return { rows, error: null, summary: reader.summary };
  } finally {
    fastRowsSwitch.enabled = true;
  }
}

/** The fast path gives what the plain JSON.parse path gives (same batches), and what row by row gives. */
async function expectSameAsPlain(bytes: Uint8Array, table: Table, options: ReadOptions): Promise<Outcome> {
  const fast = await outcome(bytes, table, options, true);
  const plain = await outcome(bytes, table, options, false);
  const single = await outcome(bytes, table, { ...options, batchBytes: 0 }, false);
  expect(fast.error).toEqual(plain.error);
  expect(fast.rows).toEqual(plain.rows);
  expect(fast.summary).toEqual(plain.summary);
  expect(fast.error).toEqual(single.error);
  if (single.error === null) expect(fast.rows).toEqual(single.rows);
  return fast;
}

/** A value for a column of the export: the column's own kind of value mostly, anything now and then. */
function columnValue(name: string, wild: number): fc.Arbitrary<string> {
  const own = /Time/.test(name)
    ? fc.oneof(
        isoTime.map((t) => JSON.stringify(t.replace('Z', '1234Z'))),
        isoTime.map((t) => JSON.stringify(t)),
        isoTime.map((t) => JSON.stringify(t.replace('Z', ''))),
        // Empty where the column may be (an empty required time ends the read).
        fc.constant(
          name === 'TimeGenerated' || name === 'LastModifiedTime' ? '"2026-01-01T00:00:00Z"' : '""',
        ),
      )
    : name === 'IncidentNumber'
      ? fc.oneof(
          fc.nat(1000).map(String),
          fc.nat(1000).map((n) => `"${n}"`),
        )
      : name === 'Labels' || name === 'AlertIds'
        ? fc
            .array(fc.string({ maxLength: 4 }), { maxLength: 3 })
            .map((a) => JSON.stringify(JSON.stringify(a)))
        : jsonString.filter((s) => s.value !== '').map((s) => s.text);
  // wild 0: anything now and then, nested values included; 1: scalars; else: only the column's own kind.
  if (wild > 1) return own;
  return fc.oneof({ weight: 12, arbitrary: own }, { weight: 1, arbitrary: wild === 0 ? value : scalar });
}

/**
 * An API export: the model's columns (some left out), extra columns the model does not read (with anything in
 * them, nested values included), in any order; now and then a row one value short or long.
 */
function apiExport(names: readonly string[], required: readonly string[]): fc.Arbitrary<string> {
  const extra = fc.subarray(['Entities', 'ExtendedProperties', 'Description', 'TenantId', 'Matrix']);
  const optional = names.filter((name) => !required.includes(name));
  return fc
    .tuple(fc.subarray(optional, { minLength: optional.length - 3 }), extra, fc.nat(20), fc.nat(3))
    .chain(([model, extras, drop, wild]) => {
      // Now and then a required column is missing too (the header's error).
      const columns = [...(drop === 0 ? required.slice(1) : required), ...model, ...extras];
      return fc
        .shuffledSubarray(columns, { minLength: columns.length, maxLength: columns.length })
        .chain((order) =>
          fc
            .array(
              fc.tuple(
                fc.tuple(...order.map((name) => columnValue(name, wild))),
                fc.oneof(
                  { weight: 30, arbitrary: fc.constant(0) },
                  { weight: 1, arbitrary: fc.constantFrom(-1, 1) },
                ),
                WS,
              ),
              { maxLength: 20 },
            )
            .map((rows) => {
              const header = order.map((name) => ({ name, type: 'string' }));
              const body = rows
                .map(([values, widen, ws]) => {
                  const vals = widen < 0 ? values.slice(1) : widen > 0 ? [...values, '"x"'] : values;
                  return `${ws}[${vals.join(',')}]`;
                })
                .join(',');
              return `{"tables":[{"name":"PrimaryResult","columns":${JSON.stringify(header)},"rows":[${body}]}]}`;
            }),
        );
    });
}

describe('the fast path inside the reader', () => {
  it('generated API exports: the same rows, summary and error as the plain JSON.parse path', async () => {
    const before = fastRowsSwitch.spans;
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          apiExport(ALERT_COLUMN_NAMES, ['TimeGenerated', 'SystemAlertId']).map((text) => ({
            table: 'alerts' as const,
            text,
          })),
          apiExport(INCIDENT_COLUMN_NAMES, ['IncidentNumber', 'LastModifiedTime']).map((text) => ({
            table: 'incidents' as const,
            text,
          })),
        ),
        fc.constantFrom(undefined, 1, 200, 1000, 24 << 10),
        fc.constantFrom(undefined, 64, 700),
        async ({ table, text }, batchBytes, chunkBytes) => {
          const options: ReadOptions = {};
          if (batchBytes !== undefined) options.batchBytes = batchBytes;
          if (chunkBytes !== undefined) options.chunkBytes = chunkBytes;
          await expectSameAsPlain(Buffer.from(text), table, options);
        },
      ),
      { numRuns: 400 },
    );
    // The fast path answered (most spans there): the comparison is not between two plain reads.
    expect(fastRowsSwitch.spans - before).toBeGreaterThan(150);
  });

  it('malformed rows: the same TraceInputError as the plain path', async () => {
    const columns = ALERT_COLUMN_NAMES.map((name) => ({ name, type: 'string' }));
    const good = (i: number) =>
      JSON.stringify([
        '2026-01-01T00:00:00.0000000Z',
        `id-${i}`,
        'v',
        'name',
        'High',
        'T',
        'P',
        'Azure Security Center',
        'Microsoft',
        'https://x',
        'New',
        '2026-01-01T00:00:00.0000000Z',
        '2026-01-01T00:00:00.0000000Z',
        '2026-01-01T00:00:00.0000000Z',
        '/subscriptions/x',
      ]);
    const file = (bad: string) =>
      `{"tables":[{"name":"PrimaryResult","columns":${JSON.stringify(columns)},"rows":[${[1, 2, 3].map(good).join(',')},${bad},${[5, 6].map(good).join(',')}]}]}`;
    const row4 = good(4);
    const cases: [string, string, string][] = [
      ['bad escape', row4.replace('"name"', '"na\\qme"'), 'malformed-json'],
      ['bad \\u escape', row4.replace('"name"', '"na\\u12x4me"'), 'malformed-json'],
      ['raw control character', row4.replace('"name"', '"na\u0001me"'), 'malformed-json'],
      ['bad number', row4.replace('"name"', '01'), 'malformed-json'],
      ['trailing comma', row4.replace(']', ',]'), 'malformed-json'],
      ['a nested value where text is read', row4.replace('"name"', '{"a":[1]}'), 'wrong-type'],
      ['one value short', row4.replace('"name",', ''), 'wrong-type'],
    ];
    for (const [label, bad, code] of cases) {
      for (const batchBytes of [undefined, 100, 1000]) {
        const options: ReadOptions = batchBytes === undefined ? {} : { batchBytes };
        const { error } = await expectSameAsPlain(Buffer.from(file(bad)), 'alerts', options);
        expect(error, label).toMatchObject({ code, row: 4 });
      }
    }
    const text = file(row4);
    const truncated = text.slice(0, text.indexOf('id-4') + 2);
    const { error } = await expectSameAsPlain(Buffer.from(truncated), 'alerts', {});
    expect(error).toMatchObject({ code: 'truncated', row: 4 });
  });
});
