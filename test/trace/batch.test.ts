/**
 * The batched JSON row path (many rows per JSON.parse, cut where a row boundary seems to be, proven by the
 * parse) must never change a result: the same rows, and the same error (code, row, column, message), as
 * parsing each row alone (`batchBytes: 0`), whatever the batch and chunk sizes. Covers rows straddling chunk
 * boundaries, strings holding `],[` / `},{` / escaped quotes / non-ASCII / invalid UTF-8, whitespace and CRLF
 * between rows, rows larger than a batch or a chunk, errors inside a batch, and mangled input. Also the pieces
 * under it: the boundary search, the fast timestamp path, and the recycled read buffers.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ByteSource } from '../../src/trace/bytes.ts';
import {
  ALERT_COLUMNS,
  ArrayCoercer,
  type Context,
  coerceString,
  coerceTime,
} from '../../src/trace/columns.ts';
import {
  type ReadOptions,
  readAlerts,
  readIncidents,
  TraceInputError,
  type TraceRow,
  type TraceSummary,
} from '../../src/trace/index.ts';
import { lastRowBoundary } from '../../src/trace/json.ts';
import { isoTimestamp, normaliseTimestamp, zuluTimestamp } from '../../src/trace/timestamps.ts';
import {
  ALERT_COLUMN_NAMES,
  alertRow,
  INCIDENT_COLUMN_NAMES,
  incidentRow,
  isoTime,
  jsonArray,
  LEGACY_ALERT_NAMES,
  laApi,
} from './support.ts';

type Table = 'alerts' | 'incidents';

interface Outcome {
  rows: TraceRow<unknown>[];
  error: { code: string; row: number | null; column: string | null; message: string } | null;
  summary: TraceSummary;
}

async function outcome(bytes: Uint8Array, table: Table, options: ReadOptions): Promise<Outcome> {
  const source = { name: 'batch.json', bytes };
  const reader = table === 'alerts' ? readAlerts(source, options) : readIncidents(source, options);
  const rows: TraceRow<unknown>[] = [];
  try {
    for await (const row of reader) rows.push(row);
  } catch (error) {
    if (!(error instanceof TraceInputError)) throw error;
    const { code, row, column, message } = error;
    return { rows, error: { code, row, column, message }, summary: reader.summary };
  }
  return { rows, error: null, summary: reader.summary };
}

/** The batched read gives what the row-by-row read gives (rows handed out before an error: a common prefix). */
async function expectSameAsRowByRow(
  bytes: Uint8Array,
  table: Table,
  options: ReadOptions,
  label = '',
): Promise<Outcome> {
  const copy = Uint8Array.from(bytes);
  const single = await outcome(bytes, table, { ...options, batchBytes: 0 });
  const batched = await outcome(bytes, table, options);
  expect(batched.error, label).toEqual(single.error);
  if (single.error === null) {
    expect(batched.rows, label).toEqual(single.rows);
    expect(batched.summary, label).toEqual(single.summary);
  } else {
    const n = Math.min(single.rows.length, batched.rows.length);
    expect(batched.rows.slice(0, n), label).toEqual(single.rows.slice(0, n));
    expect(batched.summary.complete).toBe(false);
  }
  expect(batched.rows.map((r) => r.fileRow)).toEqual(batched.rows.map((_, i) => i + 1));
  // The reader writes brackets around a span in its own buffer: never in the caller's bytes.
  expect(Buffer.from(bytes).equals(Buffer.from(copy))).toBe(true);
  return batched;
}

const T = '2026-01-01T00:00:00.000Z';
const COLS = ['TimeGenerated', 'SystemAlertId', 'AlertName', 'StartTime'];
const row = (i: number, AlertName = `alert ${i}`) => ({
  TimeGenerated: T,
  SystemAlertId: `id-${i}`,
  AlertName,
  StartTime: T,
});

/** An API response with its rows joined by the given separators (whitespace around the commas). */
function laApiSpaced(
  rows: readonly unknown[][],
  separators: readonly string[],
  head = '',
  tail = '',
): string {
  const columns = COLS.map((name) => ({ name, type: name.endsWith('Time') ? 'datetime' : 'string' }));
  const body = rows.map(
    (r, i) => (i === 0 ? '' : (separators[i % separators.length] ?? ',')) + JSON.stringify(r),
  );
  return `{"tables":[{"name":"PrimaryResult","columns":${JSON.stringify(columns)},"rows":[${head}${body.join('')}${tail}]}]}`;
}

const values = (r: ReturnType<typeof row>) => COLS.map((c) => r[c as keyof typeof r]);
const bytesOf = (text: string) => Buffer.from(text);

describe('the row boundary search', () => {
  const buf = (s: string) => Buffer.from(s, 'latin1');
  const [LB, RB, LC, RC] = [0x5b, 0x5d, 0x7b, 0x7d];

  it('finds the end of the last row that another row follows, before the limit', () => {
    const b = buf('[1,2],[3],[4]');
    expect(lastRowBoundary(b, 0, b.length, LB, RB)).toBe(9);
    expect(lastRowBoundary(b, 0, 11, LB, RB)).toBe(9);
    expect(lastRowBoundary(b, 0, 10, LB, RB)).toBe(5);
    expect(lastRowBoundary(b, 0, 6, LB, RB)).toBe(-1);
    expect(lastRowBoundary(b, 6, b.length, LB, RB)).toBe(9);
    expect(lastRowBoundary(b, 10, b.length, LB, RB)).toBe(-1);
  });

  it('allows whitespace and CRLF around the comma, nothing else', () => {
    const b = buf('[1] \r\n\t, \r\n[2]');
    expect(lastRowBoundary(b, 0, b.length, LB, RB)).toBe(3);
    expect(lastRowBoundary(buf('[1] x, [2]'), 0, 10, LB, RB)).toBe(-1);
    expect(lastRowBoundary(buf('[1],,[2]'), 0, 8, LB, RB)).toBe(-1);
    expect(lastRowBoundary(buf('[1][2]'), 0, 6, LB, RB)).toBe(-1);
  });

  it('is fooled by strings, which the parse then refuses', () => {
    const b = buf('["a],[b"],[1]');
    expect(lastRowBoundary(b, 0, b.length, LB, RB)).toBe(9);
    expect(lastRowBoundary(b, 0, 9, LB, RB)).toBe(4);
  });

  it('for objects, can require the next row to start like the first (skipping nested `},{`)', () => {
    const b = buf('{"k":[{"a":1},{"a":2}]},{"k":3}');
    expect(lastRowBoundary(b, 0, b.length, LC, RC)).toBe(23);
    expect(lastRowBoundary(b, 0, 24, LC, RC)).toBe(13);
    expect(lastRowBoundary(b, 0, 24, LC, RC, 5)).toBe(-1);
    expect(lastRowBoundary(b, 0, b.length, LC, RC, 5)).toBe(23);
  });
});

describe('batched rows give what row-by-row parsing gives', () => {
  const BATCHES = [1, 10, 64, 200, 1000, 24 << 10];
  const CHUNKS = [7, 64, 333, 4096, 1 << 20];

  it('rows straddling chunk boundaries, for any batch and chunk size', async () => {
    const rows = Array.from({ length: 200 }, (_, i) => row(i + 1));
    const text = laApi(COLS, rows);
    for (const batchBytes of BATCHES) {
      for (const chunkBytes of CHUNKS) {
        const { rows: back } = await expectSameAsRowByRow(
          bytesOf(text),
          'alerts',
          { batchBytes, chunkBytes },
          `batch ${batchBytes} chunk ${chunkBytes}`,
        );
        expect(back.map((r) => (r.row as { SystemAlertId: string }).SystemAlertId)).toEqual(
          rows.map((r) => r.SystemAlertId),
        );
      }
    }
  });

  it('strings holding row separators, escaped quotes, backslashes, non-ASCII text', async () => {
    const names = [
      '],[',
      '"],["',
      ']  ,\r\n  [',
      '"] , ["id-x", "a"]',
      '},{',
      '"},{"TimeGenerated":"x"',
      '\\',
      '\\"],[\\"',
      'a\\\\"],["b',
      'é – “quoted” 😀 \u2028 \u0000',
      '[[1,2],[3,4]]',
      '{"a":[{"b":1},{"b":2}]}',
    ];
    const rows = [...names, ...names, ...names].map((name, i) => row(i + 1, name));
    for (const text of [laApi(COLS, rows), jsonArray(COLS, rows), JSON.stringify(rows)]) {
      for (const batchBytes of BATCHES) {
        for (const chunkBytes of [13, 500, 1 << 20]) {
          const { rows: back, error } = await expectSameAsRowByRow(bytesOf(text), 'alerts', {
            batchBytes,
            chunkBytes,
          });
          expect(error).toBeNull();
          expect(back.map((r) => (r.row as { AlertName: string }).AlertName)).toEqual(
            rows.map((r) => r.AlertName),
          );
        }
      }
    }
  });

  it('invalid UTF-8 in a string reads as U+FFFD either way', async () => {
    const good = bytesOf(laApi(COLS, [row(1, 'aXb'), row(2, 'cXd'), row(3)]));
    const bytes = Buffer.from(good.toString('latin1').replaceAll('X', '\xff\xc3'), 'latin1');
    for (const batchBytes of BATCHES) {
      const { rows } = await expectSameAsRowByRow(bytes, 'alerts', { batchBytes });
      expect(rows.map((r) => (r.row as { AlertName: string }).AlertName).slice(0, 2)).toEqual([
        'a\ufffd\ufffdb',
        'c\ufffd\ufffdd',
      ]);
    }
  });

  it('whitespace and CRLF between rows and around the array', async () => {
    const rows = Array.from({ length: 20 }, (_, i) => values(row(i + 1)));
    const text = laApiSpaced(rows, [',', ' ,', ', ', '\r\n,\r\n', '\t,\n  ', ',\r\n'], '\r\n  ', '\r\n');
    for (const batchBytes of BATCHES) {
      for (const chunkBytes of [5, 100, 1 << 20]) {
        const { rows: back } = await expectSameAsRowByRow(bytesOf(text), 'alerts', {
          batchBytes,
          chunkBytes,
        });
        expect(back).toHaveLength(20);
      }
    }
  });

  it('rows larger than a batch and than a chunk, between small ones', async () => {
    const big = (i: number, n: number) => row(i, `${'x'.repeat(n)}],[${'y'.repeat(n)}`);
    const rows = [row(1), big(2, 40_000), row(3), row(4), big(5, 5_000), row(6), big(7, 70_000), row(8)];
    for (const text of [laApi(COLS, rows), jsonArray(COLS, rows)]) {
      for (const chunkBytes of [4096, 16 << 10, 1 << 20]) {
        const { rows: back } = await expectSameAsRowByRow(bytesOf(text), 'alerts', { chunkBytes });
        expect(back.map((r) => (r.row as { AlertName: string }).AlertName)).toEqual(
          rows.map((r) => r.AlertName),
        );
      }
    }
  });

  it('a batch never holds a row over the size cap: the row-by-row path refuses it, naming it', async () => {
    const rows = [row(1), row(2), row(3, 'z'.repeat(300)), row(4), row(5)];
    for (const batchBytes of BATCHES) {
      const { error } = await expectSameAsRowByRow(bytesOf(laApi(COLS, rows)), 'alerts', {
        batchBytes,
        maxRowBytes: 250,
      });
      expect(error).toMatchObject({ code: 'too-large', row: 3 });
    }
  });

  it('an error inside a batch names its row exactly', async () => {
    const rows = Array.from({ length: 30 }, (_, i) => row(i + 1));
    const base = laApi(COLS, rows);
    const cases: [string, string, Partial<NonNullable<Outcome['error']>>][] = [
      [
        'malformed',
        base.replace('["2026-01-01T00:00:00.000Z","id-17"', '["2026-01-01T00:00:00.000Z",,"id-17"'),
        {
          code: 'malformed-json',
          row: 17,
          column: null,
        },
      ],
      [
        'not an array',
        base.replace('["2026-01-01T00:00:00.000Z","id-12",', '{"x":1},["2026-01-01T00:00:00.000Z","id-12",'),
        {
          code: 'wrong-type',
          row: 12,
        },
      ],
      [
        'a number',
        base.replace('["2026-01-01T00:00:00.000Z","id-9",', '5,["2026-01-01T00:00:00.000Z","id-9",'),
        {
          code: 'wrong-type',
          row: 9,
        },
      ],
      ['wrong width', base.replace('"id-21","alert 21",', '"id-21",'), { code: 'wrong-type', row: 21 }],
      [
        'bad timestamp',
        base.replace(
          '"id-25","alert 25","2026-01-01T00:00:00.000Z"',
          '"id-25","alert 25","2026-02-30T00:00:00.000Z"',
        ),
        {
          code: 'bad-timestamp',
          row: 25,
          column: 'StartTime',
        },
      ],
      ['bad type', base.replace('"alert 6"', '{"a":1}'), { code: 'wrong-type', row: 6, column: 'AlertName' }],
      [
        'empty id',
        base.replace('"id-14"', '""'),
        { code: 'missing-value', row: 14, column: 'SystemAlertId' },
      ],
      [
        'stray comma',
        base.replace('"alert 19","2026-01-01T00:00:00.000Z"],', '"alert 19","2026-01-01T00:00:00.000Z"],,'),
        { code: 'malformed-json', row: 20 },
      ],
      ['truncated', base.slice(0, base.indexOf('id-27')), { code: 'truncated', row: 27 }],
    ];
    for (const [label, text, expected] of cases) {
      expect(text, label).not.toBe(base);
      for (const batchBytes of BATCHES) {
        for (const chunkBytes of [64, 1 << 20]) {
          const { error } = await expectSameAsRowByRow(
            bytesOf(text),
            'alerts',
            { batchBytes, chunkBytes },
            `${label} batch ${batchBytes} chunk ${chunkBytes}`,
          );
          expect(error, label).toMatchObject(expected);
        }
      }
    }
  });

  it('nested arrays of objects in JSON-array rows (incident labels) read the same', async () => {
    const incidents = Array.from({ length: 40 }, (_, i) => ({
      IncidentNumber: i + 1,
      LastModifiedTime: T,
      Title: `t ${i}`,
      Labels: [
        { labelName: `a${i}`, labelType: 'User' },
        { labelName: `b${i}`, labelType: 'AutoAssigned' },
      ],
      AlertIds: [`x${i}`, `y${i}`],
    }));
    for (const text of [JSON.stringify(incidents), JSON.stringify(incidents, null, 2)]) {
      for (const batchBytes of BATCHES) {
        const { rows } = await expectSameAsRowByRow(bytesOf(text), 'incidents', { batchBytes });
        expect(rows).toHaveLength(40);
      }
    }
  });

  it('API rows holding nested arrays (false cuts outside strings): read the same, batching given up', async () => {
    const columns = [
      { name: 'IncidentNumber', type: 'int' },
      { name: 'LastModifiedTime', type: 'datetime' },
      { name: 'Matrix', type: 'dynamic' },
      { name: 'AlertIds', type: 'dynamic' },
    ];
    const rows = Array.from({ length: 300 }, (_, i) => [
      i + 1,
      T,
      [[i, 1], [2, [3]], []],
      [`a${i}`, `b${i}`],
    ]);
    const text = JSON.stringify({ tables: [{ name: 'PrimaryResult', columns, rows }] });
    for (const batchBytes of BATCHES) {
      const { rows: back } = await expectSameAsRowByRow(bytesOf(text), 'incidents', { batchBytes });
      expect(back.map((r) => (r.row as { AlertIds: string[] }).AlertIds)).toEqual(rows.map((r) => r[3]));
    }
  });

  it('generated rows, every JSON form, any batch and chunk size', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc
            .tuple(fc.array(alertRow, { maxLength: 12 }), fc.boolean(), fc.boolean())
            .map(([rows, array, legacy]) => ({
              table: 'alerts' as const,
              text: (array ? jsonArray : laApi)(
                ALERT_COLUMN_NAMES,
                rows as never,
                legacy ? LEGACY_ALERT_NAMES : {},
              ),
            })),
          fc.tuple(fc.array(incidentRow, { maxLength: 10 }), fc.boolean()).map(([rows, array]) => ({
            table: 'incidents' as const,
            text: (array ? jsonArray : laApi)(INCIDENT_COLUMN_NAMES, rows as never),
          })),
        ),
        fc.integer({ min: 1, max: 3000 }),
        fc.integer({ min: 1, max: 2000 }),
        async ({ table, text }, batchBytes, chunkBytes) => {
          const { error } = await expectSameAsRowByRow(bytesOf(text), table, { batchBytes, chunkBytes });
          expect(error).toBeNull();
        },
      ),
      { numRuns: 300 },
    );
  });

  it('mangled input: the same rows or the same error', async () => {
    const mutation = fc.record({
      at: fc.double({ min: 0, max: 1, noNaN: true }),
      text: fc.constantFrom(
        '',
        '"',
        '\\',
        '],[',
        '},{',
        ',',
        ']',
        '[',
        '{',
        '\n',
        '\r\n',
        ' ',
        'x',
        '\xff',
        'null',
      ),
      remove: fc.integer({ min: 0, max: 6 }),
    });
    await fc.assert(
      fc.asyncProperty(
        fc.array(alertRow, { minLength: 1, maxLength: 10 }),
        fc.boolean(),
        fc.array(mutation, { minLength: 1, maxLength: 3 }),
        fc.integer({ min: 1, max: 2000 }),
        fc.constantFrom(17, 256, 1 << 20),
        fc.constantFrom(undefined, 600),
        async (rows, array, mutations, batchBytes, chunkBytes, maxRowBytes) => {
          let bytes = bytesOf((array ? jsonArray : laApi)(ALERT_COLUMN_NAMES, rows as never));
          for (const m of mutations) {
            const i = Math.floor(m.at * bytes.length);
            const insert = Buffer.from(m.text, m.text === '\xff' ? 'latin1' : 'utf8');
            bytes = Buffer.concat([bytes.subarray(0, i), insert, bytes.subarray(i + m.remove)]);
          }
          const options: ReadOptions = { batchBytes, chunkBytes };
          if (maxRowBytes !== undefined) options.maxRowBytes = maxRowBytes;
          await expectSameAsRowByRow(bytes, 'alerts', options);
        },
      ),
      { numRuns: 1500 },
    );
  });
});

describe('nextRows', () => {
  const text = laApi(
    COLS,
    Array.from({ length: 150 }, (_, i) => row(i + 1)),
  );

  it('hands out every row once, in order, mixed with next(), counting them in the summary', async () => {
    for (const chunkBytes of [100, 1 << 20]) {
      const reader = readAlerts({ name: 'n.json', bytes: bytesOf(text) }, { chunkBytes });
      const seen: number[] = [];
      const one = await reader.next();
      if (!one.done) seen.push(one.value.fileRow);
      for (let turn = 0; ; turn++) {
        if (turn % 3 === 2) {
          const step = await reader.next();
          if (step.done) break;
          seen.push(step.value.fileRow);
          continue;
        }
        const rows = await reader.nextRows();
        if (rows === null) break;
        expect(rows.length).toBeGreaterThan(0);
        for (const r of rows) seen.push(r.fileRow);
        expect(reader.summary.rows).toBe(seen.at(-1));
      }
      expect(seen).toEqual(Array.from({ length: 150 }, (_, i) => i + 1));
      expect(reader.summary).toMatchObject({ rows: 150, complete: true });
      expect(await reader.nextRows()).toBeNull();
      expect((await reader.next()).done).toBe(true);
    }
  });

  it('throws the error after the rows before it, and then ends', async () => {
    const bad = text.replace('"id-120"', '""');
    const reader = readAlerts({ name: 'n.json', bytes: bytesOf(bad) }, { chunkBytes: 1000 });
    let count = 0;
    let error: unknown = null;
    try {
      for (let rows = await reader.nextRows(); rows !== null; rows = await reader.nextRows())
        count += rows.length;
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(TraceInputError);
    expect(error).toMatchObject({ code: 'missing-value', row: 120 });
    expect(count).toBeLessThan(120);
    expect(reader.summary.complete).toBe(false);
    expect(await reader.nextRows()).toBeNull();
  });
});

describe('the fast timestamp path', () => {
  it("gives normaliseTimestamp's answer for the API's form, and declines anything else", () => {
    const near = fc
      .tuple(
        isoTime,
        fc.integer({ min: 0, max: 7 }),
        fc.array(
          fc.tuple(fc.nat(40), fc.constantFrom('0', '9', '3', '2', 'a', ' ', '-', ':', '.', 'T', 'Z', 'z')),
          { maxLength: 2 },
        ),
      )
      .map(([iso, digits, edits]) => {
        let text = `${iso.slice(0, 19)}${digits === 0 ? '' : `.${'1234567'.slice(0, digits)}`}Z`;
        for (const [at, ch] of edits) text = text.slice(0, at) + ch + text.slice(at + 1);
        return text;
      });
    fc.assert(
      fc.property(near, (text) => {
        const fast = zuluTimestamp(text);
        const counts = { zoneLess: 0, offset: 0 };
        const slow = normaliseTimestamp(text, counts);
        if (fast !== undefined) {
          expect(fast).toBe(slow);
          expect(counts).toEqual({ zoneLess: 0, offset: 0 });
        }
        const general = isoTimestamp(text);
        if (fast !== undefined) expect(general).toBe(fast);
      }),
      { numRuns: 20_000 },
    );
    expect(zuluTimestamp('2025-01-01T00:01:56.2710938Z')).toBe('2025-01-01T00:01:56.271Z');
    const canonical = '2025-01-01T00:01:56.271Z';
    expect(zuluTimestamp(canonical)).toBe(canonical);
    for (const text of [
      '2025-02-29T00:00:00.000Z',
      '2024-02-30T00:00:00.000Z',
      '2025-04-31T00:00:00.000Z',
      '2025-01-01T24:00:00.000Z',
      '2025-01-01T00:00:60.000Z',
      '2025-01-01T00:00:00.00Z',
      '2025-01-01T00:00:00Z',
      '2025-01-01 00:00:00.000Z',
      '2025-01-01T00:00:00.000z',
      ' 2025-01-01T00:00:00.000Z',
      '0000-01-01T00:00:00.000Z',
      '2025-01-01T00:00:00.0a0Z',
    ]) {
      expect(zuluTimestamp(text), text).toBeUndefined();
    }
    expect(zuluTimestamp('2024-02-29T23:59:59.999Z')).toBe('2024-02-29T23:59:59.999Z');
  });

  it('the coercer fast paths (and the repeat memo) agree with coerceTime / coerceString, counts included', () => {
    const times = fc.oneof(
      isoTime,
      isoTime.map((t) => t.replace('Z', '1234Z')),
      isoTime.map((t) => t.replace('Z', '')),
      isoTime.map((t) => t.replace('Z', '1234')),
      isoTime.map((t) => t.replace('T', ' ')),
      isoTime.map((t) => t.replace('Z', '+02:00')),
      isoTime.map((t) => ` ${t} `),
      isoTime.map((t) => t.replace(/\.\d+Z$/, 'Z')),
      fc.constantFrom(
        '',
        ' ',
        '2025-02-29T00:00:00.000Z',
        '2024-02-29T00:00:00.0000000Z',
        '2025-13-01T00:00:00.000Z',
      ),
      fc.constantFrom('0000-01-01T00:00:00.000Z', '1/2/2025, 3:04:05 PM', 'soon', '2025-01-01T00:00:60.000Z'),
    );
    const value = fc.oneof(
      { weight: 6, arbitrary: times },
      { weight: 1, arbitrary: fc.constantFrom(null, undefined, 0, 12.5, true, { a: 1 }, ['x']) },
    );
    // Each step reads one value as a time or a string, required or not, from a column marked UTC or not.
    const step = fc.record({ value, time: fc.boolean(), required: fc.boolean(), k: fc.nat(14) });
    const utcs = fc.array(fc.boolean(), { minLength: 15, maxLength: 15 });
    fc.assert(
      fc.property(fc.array(step, { minLength: 1, maxLength: 12 }), utcs, (steps, utc) => {
        const counts = { zoneLess: 0, offset: 0 };
        const slots = ALERT_COLUMNS.map((spec, index) => ({
          spec,
          index,
          source: spec.name,
          utc: utc[index] === true,
        }));
        const coercer = new ArrayCoercer('f.json', ALERT_COLUMNS, counts, slots, ALERT_COLUMNS.length);
        const refCounts = { zoneLess: 0, offset: 0 };
        const attempt = (f: () => string) => {
          try {
            return { value: f() };
          } catch (error) {
            const e = error as TraceInputError;
            return { code: e.code, column: e.column, message: e.message };
          }
        };
        for (const [i, s] of steps.entries()) {
          const row = ALERT_COLUMNS.map((_, j) => (j === s.k ? s.value : null));
          coercer.row = i + 1;
          const name = (ALERT_COLUMNS[s.k] as { name: string }).name;
          const ctx: Context = {
            file: 'f.json',
            row: i + 1,
            column: name,
            counts: refCounts,
            utc: utc[s.k] === true,
          };
          const fast = attempt(() =>
            s.time ? coercer.time(row, s.k, s.required) : coercer.str(row, s.k, s.required),
          );
          const slow = attempt(() => {
            const v = s.time ? coerceTime(s.value, ctx) : coerceString(s.value, ctx);
            if (s.required && v === '')
              throw new TraceInputError('missing-value', 'f.json', i + 1, name, `${name} is empty`);
            return v;
          });
          expect(fast, JSON.stringify(s)).toEqual(slow);
          expect(counts).toEqual(refCounts);
        }
      }),
      { numRuns: 3000 },
    );
  });

  it('an empty required time is still refused, first row or not', async () => {
    for (const at of [0, 1]) {
      const rows = [row(1), row(2)];
      rows[at] = { ...rows[at], TimeGenerated: '' } as ReturnType<typeof row>;
      const { error } = await outcome(bytesOf(laApi(COLS, rows)), 'alerts', {});
      expect(error).toMatchObject({ code: 'missing-value', row: at + 1, column: 'TimeGenerated' });
    }
    const incidents = [{ IncidentNumber: 1, LastModifiedTime: '', CreatedTime: '' }];
    const { error } = await outcome(bytesOf(JSON.stringify(incidents)), 'incidents', {});
    expect(error).toMatchObject({ code: 'missing-value', row: 1, column: 'LastModifiedTime' });
  });

  it('repeated timestamps in a row are read once and still counted per value when zone-less', async () => {
    const cols = ['TimeGenerated', 'SystemAlertId', 'StartTime', 'EndTime', 'ProcessingEndTime'];
    const zoneLess = '2026-01-01T00:00:00.1234567';
    const text = laApi(cols, [
      {
        TimeGenerated: zoneLess,
        SystemAlertId: 'a',
        StartTime: zoneLess,
        EndTime: zoneLess,
        ProcessingEndTime: '',
      },
      { TimeGenerated: `${zoneLess}Z`, SystemAlertId: 'b', StartTime: `${zoneLess}Z`, EndTime: zoneLess },
    ]);
    const { rows, summary } = await outcome(bytesOf(text), 'alerts', {});
    expect(rows.map((r) => r.row)).toMatchObject([
      {
        TimeGenerated: '2026-01-01T00:00:00.123Z',
        StartTime: '2026-01-01T00:00:00.123Z',
        EndTime: '2026-01-01T00:00:00.123Z',
      },
      {
        TimeGenerated: '2026-01-01T00:00:00.123Z',
        StartTime: '2026-01-01T00:00:00.123Z',
        EndTime: '2026-01-01T00:00:00.123Z',
      },
    ]);
    expect(summary.zoneLessTimestamps).toBe(4);
  });
});

describe('the read buffers, recycled between chunks', () => {
  // A file starting with a UTF-16 byte-order mark is UTF-16 and handed out as UTF-8 (what its text says):
  // the bytes expected are then the text's UTF-8, without the mark. Random bytes start with one now and then
  // (fresh-clone counterexample [[0xff, 0xfe], 1, [0]]); the generator makes them common, both byte orders.
  it('hand out exactly the bytes of the input (a UTF-16 input as its text in UTF-8), whatever is kept across reads', async () => {
    const BOMS = [[], [0xff, 0xfe], [0xfe, 0xff]];
    const input = fc
      .tuple(fc.constantFrom(...BOMS), fc.uint8Array({ minLength: 0, maxLength: 5000 }))
      .map(([bom, rest]) => Uint8Array.from([...bom, ...rest]));
    const expected = (bytes: Uint8Array): Buffer => {
      const utf16 =
        bytes[0] === 0xff && bytes[1] === 0xfe
          ? 'utf-16le'
          : bytes[0] === 0xfe && bytes[1] === 0xff
            ? 'utf-16be'
            : null;
      return utf16 === null ? Buffer.from(bytes) : Buffer.from(new TextDecoder(utf16).decode(bytes));
    };
    await fc.assert(
      fc.asyncProperty(
        input,
        fc.integer({ min: 1, max: 700 }),
        fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 1, maxLength: 50 }),
        async (input, chunkBytes, keeps) => {
          const src = ByteSource.fromBytes(input, 'bytes', chunkBytes);
          const out: Buffer[] = [];
          let k = 0;
          for (;;) {
            // Consume (and copy out) a random part of the window, keep the rest.
            const consume =
              src.pos + Math.floor((keeps[k++ % keeps.length] as number) * (src.buf.length - src.pos));
            out.push(Buffer.from(src.buf.subarray(src.pos, consume)));
            src.pos = consume;
            if ((await src.more(src.pos)) < 0) break;
          }
          out.push(Buffer.from(src.buf.subarray(src.pos)));
          await src.close();
          expect(Buffer.concat(out).equals(expected(input))).toBe(true);
        },
      ),
      {
        numRuns: 500,
        examples: [
          [Uint8Array.from([255, 254]), 1, [0]],
          [Uint8Array.from([254, 255, 0, 0x41, 0xd8]), 1, [0.5]],
        ],
      },
    );
  });
});
