/**
 * A speed-up never changes a verdict: the fast paths of the export reader give what the plain ones give.
 *
 * - A blob tree read the default way (the listing and each small blob read whole with synchronous calls) gives
 *   the same rows, summary, export duplicates and errors as the same tree read the plain way (every blob read
 *   in chunks of a few bytes, asynchronously, row by row), and both agree with a reference written here: blobs
 *   in time order, records told apart by their exact bytes.
 * - KeyGuard's counting throws exactly when the member-by-member walk finds a read key named twice.
 */
import { closeSync, fstatSync, openSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ByteSource } from '../../src/trace/bytes.ts';
import { ALERT_COLUMNS } from '../../src/trace/columns.ts';
import { type ReadOptions, readAlerts, readAll, type TraceSummary } from '../../src/trace/index.ts';
import { KeyGuard, repeatedKey } from '../../src/trace/keys.ts';
import { alertRecord, tempRoot, timeFolder, writeBlob } from './export-support.ts';

const at = (minutes: number) => new Date(Date.UTC(2025, 2, 1, 0, 0) + minutes * 60_000);
const iso = (minutes: number, seconds: number) =>
  new Date(at(minutes).getTime() + seconds * 1000).toISOString().replace('.000Z', '.1234567Z');

/**
 * What a read gives: its rows and summary, or its error (everything an error carries; the rows handed out
 * before it depend on batching and are incomplete by contract).
 */
async function outcome(container: string, options: ReadOptions): Promise<unknown> {
  const reader = readAlerts(container, options);
  try {
    const { rows, summary } = await readAll(reader);
    return { rows, summary };
  } catch (error) {
    const e = error as Error & Record<string, unknown>;
    expect(e.name).toBe('TraceInputError');
    return {
      error: e.message,
      code: e.code,
      file: e.file,
      row: e.row,
      column: e.column,
    };
  }
}

// PT05M_10.json sorts before PT05M_2.json by name, after it by suffix number.
const BLOB_NAMES = ['PT05M.json', 'PT05M_1.json', 'PT05M_2.json', 'PT05M_10.json', 'PT1H.json'] as const;

const blobSpec = fc.record({
  window: fc.integer({ min: 0, max: 5 }),
  // Two workspaces in one container: their blobs interleave by time, not by path.
  workspace: fc.constantFrom('ws-soc', 'ws-a'),
  name: fc.constantFrom(...BLOB_NAMES),
  records: fc.array(fc.nat({ max: 7 }), { maxLength: 4 }),
  unterminated: fc.boolean(),
});

/** Sort keys of the reference order: folder time (an hour folder has no m=), then suffix, then path. */
function referenceOrder(a: { time: number; part: number; under: string }, b: typeof a): number {
  return a.time - b.time || a.part - b.part || (a.under < b.under ? -1 : a.under > b.under ? 1 : 0);
}

describe('a blob tree read fast and read plainly', () => {
  it('gives the same rows, export duplicates and errors, and agrees with a byte-exact reference', async () => {
    // Records of several sizes, so that some span several of the plain read's chunks.
    const pool = Array.from({ length: 8 }, (_, i) =>
      JSON.stringify(
        alertRecord(i, iso(i, i), i % 3 === 0 ? { Description: `long ${'x'.repeat(300 * i)}` } : {}),
      ),
    );
    await fc.assert(
      fc.asyncProperty(
        fc.uniqueArray(blobSpec, {
          minLength: 1,
          maxLength: 9,
          selector: (b) => `${b.workspace}/${b.name === 'PT1H.json' ? 'PT1H' : `${b.window}/${b.name}`}`,
        }),
        fc.boolean(),
        async (blobs, malformed) => {
          const container = join(tempRoot(), 'am-SecurityAlert');
          const placed = blobs.map((b) => {
            const folder = timeFolder(at(b.window * 5)).replace('ws-soc', b.workspace);
            const under = b.name === 'PT1H.json' ? folder.replace(/\/m=\d\d$/, '') : folder;
            return {
              ...b,
              under: `${under}/${b.name}`,
              time: b.name === 'PT1H.json' ? at(0).getTime() : at(b.window * 5).getTime(),
              part: Number(/_(\d+)\.json$/.exec(b.name)?.[1] ?? 0),
              lines: b.records.map((r) => pool[r] as string),
            };
          });
          const sorted = [...placed].sort(referenceOrder);
          // A malformed line in the 3rd blob read (or the last, when fewer).
          const bad = malformed ? sorted[Math.min(2, sorted.length - 1)] : undefined;
          if (bad) bad.lines.splice(bad.lines.length >> 1, 0, '{"TimeGenerated": oops}');
          for (const b of placed) {
            const text = b.lines.join('\n');
            writeBlob(container, b.under, text === '' || b.unterminated ? text : `${text}\n`);
          }
          const fast = await outcome(container, {});
          const plain = await outcome(container, { chunkBytes: 7, batchBytes: 0 });
          expect(fast).toEqual(plain);
          // The reference: records in blob order, a record equal byte for byte to one before set aside.
          const seen = new Set<string>();
          const ids: [string, number][] = [];
          let fileRow = 0;
          let duplicates = 0;
          for (const b of sorted) {
            for (const [k, line] of b.lines.entries()) {
              fileRow++;
              if (line === '{"TimeGenerated": oops}') {
                // An error names the blob, and the row in it.
                expect(fast).toMatchObject({ code: 'malformed-json', row: k + 1 });
                expect((fast as { file: string }).file).toBe(join(container, ...b.under.split('/')));
                return;
              }
              if (seen.has(line)) duplicates++;
              else {
                seen.add(line);
                ids.push([(JSON.parse(line) as { SystemAlertId: string }).SystemAlertId, fileRow]);
              }
            }
          }
          const { rows, summary } = fast as {
            rows: { row: { SystemAlertId: string }; fileRow: number }[];
            summary: TraceSummary;
          };
          expect(rows.map((r) => [r.row.SystemAlertId, r.fileRow])).toEqual(ids);
          expect(summary.exportDuplicates).toBe(duplicates);
          expect(summary.blobs).toBe(blobs.length);
          expect(summary.complete).toBe(true);
        },
      ),
      { numRuns: 60 },
    );
  });
});

describe('duplicate keys: the count and the walk agree', () => {
  const names = ALERT_COLUMNS.flatMap((spec) => spec.sources);
  const guard = new KeyGuard(names);
  const nameSet = new Set(names);
  /** `name` with some of its letters written as \u escapes. */
  const escaped = (name: string, mask: number) =>
    [...name]
      .map((c, i) =>
        (mask >> i) & 1 ? `\\u${(c.codePointAt(0) as number).toString(16).padStart(4, '0')}` : c,
      )
      .join('');
  const member = fc.oneof(
    fc.record({
      key: fc.constantFrom(...names.slice(0, 6), 'TenantId', 'Type', 'Other'),
      escape: fc.nat({ max: 7 }),
      value: fc.oneof(
        fc.constant('"plain"'),
        fc.constant('"caf\\u00e9 \\\\users"'),
        fc.constant('"Status"'),
        fc.constant('{"Status": "nested", "S\\u0074atus": 1}'),
        fc.constant('"{\\"AlertName\\":\\"in a string\\"}"'),
        fc.constant('7'),
      ),
      space: fc.constantFrom('', ' ', '\t'),
    }),
  );
  it('check throws exactly when a read key is named twice in a row (escaped spellings included)', () => {
    fc.assert(
      fc.property(fc.array(fc.array(member, { maxLength: 8 }), { minLength: 1, maxLength: 3 }), (rows) => {
        const texts = rows.map(
          (members) =>
            `{${members.map((m) => `"${escaped(m.key, m.escape)}"${m.space}:${m.value}`).join(',')}}`,
        );
        for (const wrapped of [false, true]) {
          if (!wrapped && texts.length > 1) continue;
          const text = wrapped ? `[${texts.join(',')}]` : (texts[0] as string);
          const parsed = JSON.parse(text) as unknown;
          const rowsParsed = wrapped ? (parsed as unknown[]) : [parsed];
          const repeat = repeatedKey(text, nameSet, wrapped ? 2 : 1);
          let thrown: unknown = null;
          try {
            guard.check(text, rowsParsed, 1, wrapped, 'f.json');
          } catch (error) {
            thrown = error;
          }
          if (repeat === null) expect(thrown).toBeNull();
          else
            expect(thrown).toMatchObject({
              code: 'duplicate-column',
              row: 1 + repeat.row,
              column: repeat.key,
            });
        }
      }),
      { numRuns: 400 },
    );
  });
});

describe('a file read in chunks', () => {
  it('is closed once, however often close is called (a second close would shut the next file opened)', async () => {
    const path = join(tempRoot(), 'big.json');
    writeFileSync(path, `[${'1,'.repeat(100)}1]`);
    const src = await ByteSource.open(path, 16); // larger than a chunk: read through its descriptor
    await src.close();
    const other = openSync(path, 'r'); // most likely the descriptor number just freed
    try {
      await src.close();
      expect(fstatSync(other).size).toBe(203);
    } finally {
      closeSync(other);
    }
  });
});
