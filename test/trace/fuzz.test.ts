/**
 * Fuzz: 10,000+ mangled exports (truncations, byte flips, inserted quotes / brackets / separators, deleted or
 * repeated spans, huge fields, BOMs), read as alerts or incidents with random chunk sizes and a small size
 * cap, from memory (the file layer under it is the same for every source and is exercised by the other tests).
 * Every read either completes (summary complete, row count consistent) or throws a TraceInputError:
 * never another exception, never a hang (the whole run is bounded by the test timeout).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { SecurityAlertRow } from '../../model/tables.ts';
import { readAlerts, readIncidents, TraceInputError, type TraceReader } from '../../src/trace/index.ts';
import {
  ALERT_COLUMN_NAMES,
  alertRow,
  csv,
  INCIDENT_COLUMN_NAMES,
  incidentRow,
  jsonArray,
  LEGACY_ALERT_NAMES,
  laApi,
} from './support.ts';

const writers = { laApi, jsonArray, csv } as const;

/** A valid export to start from: a few generated rows in one of the three forms. */
const seed = fc.oneof(
  fc
    .tuple(fc.array(alertRow, { maxLength: 3 }), fc.constantFrom('laApi', 'jsonArray', 'csv'), fc.boolean())
    .map(([rows, format, legacy]) =>
      writers[format](ALERT_COLUMN_NAMES, rows as never, legacy ? LEGACY_ALERT_NAMES : {}),
    ),
  fc
    .tuple(fc.array(incidentRow, { maxLength: 3 }), fc.constantFrom('laApi', 'jsonArray', 'csv'))
    .map(([rows, format]) => writers[format](INCIDENT_COLUMN_NAMES, rows as never)),
);

const INSERTS = [
  '"',
  '""',
  '[',
  ']',
  '{',
  '}',
  ',',
  ':',
  '\\',
  '\n',
  '\r\n',
  '\ufeff',
  '\u0000',
  'null',
  '[[',
  '{"a":',
  '"tables"',
  '\xff',
];

type Mutation =
  | { kind: 'truncate'; at: number }
  | { kind: 'flip'; at: number; byte: number }
  | { kind: 'insert'; at: number; text: string }
  | { kind: 'delete'; at: number; length: number }
  | { kind: 'repeat'; at: number; length: number }
  | { kind: 'huge'; at: number; length: number; quoted: boolean };

const at = fc.double({ min: 0, max: 1, noNaN: true });
const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant('truncate' as const), at }),
  fc.record({ kind: fc.constant('flip' as const), at, byte: fc.integer({ min: 0, max: 255 }) }),
  fc.record({ kind: fc.constant('insert' as const), at, text: fc.constantFrom(...INSERTS) }),
  fc.record({ kind: fc.constant('delete' as const), at, length: fc.integer({ min: 1, max: 40 }) }),
  fc.record({ kind: fc.constant('repeat' as const), at, length: fc.integer({ min: 1, max: 80 }) }),
  fc.record({
    kind: fc.constant('huge' as const),
    at,
    length: fc.integer({ min: 1000, max: 5000 }),
    quoted: fc.boolean(),
  }),
);

function mutate(input: Buffer, m: Mutation): Buffer {
  const i = Math.floor(m.at * input.length);
  switch (m.kind) {
    case 'truncate':
      return input.subarray(0, i);
    case 'flip': {
      const out = Buffer.from(input);
      if (i < out.length) out[i] = m.byte;
      return out;
    }
    case 'insert':
      return Buffer.concat([
        input.subarray(0, i),
        Buffer.from(m.text, m.text === '\xff' ? 'latin1' : 'utf8'),
        input.subarray(i),
      ]);
    case 'delete':
      return Buffer.concat([input.subarray(0, i), input.subarray(i + m.length)]);
    case 'repeat':
      return Buffer.concat([input.subarray(0, i + m.length), input.subarray(i)]);
    case 'huge': {
      const body = 'x'.repeat(m.length);
      return Buffer.concat([
        input.subarray(0, i),
        Buffer.from(m.quoted ? `"${body}"` : body),
        input.subarray(i),
      ]);
    }
  }
}

/** Small chunks put values across chunk boundaries. */
const chunkBytes = fc.oneof(
  { weight: 2, arbitrary: fc.integer({ min: 1, max: 64 }) },
  { weight: 2, arbitrary: fc.integer({ min: 65, max: 1024 }) },
  { weight: 2, arbitrary: fc.constant(65_536) },
);

describe('fuzzing the readers with mangled exports', () => {
  it('only ever throws TraceInputError, and a completed read is consistent', async () => {
    let completed = 0;
    let refused = 0;
    const codes = new Map<string, number>();
    await fc.assert(
      fc.asyncProperty(
        seed,
        fc.array(mutation, { minLength: 1, maxLength: 3 }),
        fc.constantFrom('alerts', 'incidents'),
        chunkBytes,
        async (text, mutations, table, chunk) => {
          const input = mutations.reduce(mutate, Buffer.from(text));
          const source = { name: 'fuzz.dat', bytes: input };
          const options = { chunkBytes: chunk, maxRowBytes: 2048 };
          const reader: TraceReader<unknown> =
            table === 'alerts' ? readAlerts(source, options) : readIncidents(source, options);
          let rows = 0;
          try {
            for await (const { row, fileRow } of reader) {
              rows++;
              expect(fileRow).toBe(rows);
              if (table === 'alerts') expect(typeof (row as SecurityAlertRow).TimeGenerated).toBe('string');
            }
          } catch (error) {
            if (!(error instanceof TraceInputError)) throw error;
            expect(error.message).not.toMatch(/[\r\n]/);
            expect(reader.summary.complete).toBe(false);
            refused++;
            codes.set(error.code, (codes.get(error.code) ?? 0) + 1);
            return;
          }
          expect(reader.summary.complete).toBe(true);
          expect(reader.summary.rows).toBe(rows);
          completed++;
        },
      ),
      { numRuns: 10_000 },
    );
    expect(completed + refused).toBe(10_000);
    // The fuzz reaches both outcomes and many error kinds.
    expect(completed).toBeGreaterThan(100);
    expect(refused).toBeGreaterThan(1000);
    expect(codes.size).toBeGreaterThanOrEqual(8);
  });
});
