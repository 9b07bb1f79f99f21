/**
 * The forms a workspace's data export writes, read from files made here in the documented layout: JSON lines
 * in a storage account's blob tree, Event Hubs `{"records": [...]}` messages, gzip Parquet from export jobs;
 * export duplicates told apart from rows; duplicate keys; bad input in each form.
 */
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ExportDuplicates } from '../../src/trace/duplicates.ts';
import { blobOrder } from '../../src/trace/folder.ts';
import {
  readAlerts,
  readAll,
  readIncidents,
  type TraceInputError,
  type TraceReader,
} from '../../src/trace/index.ts';
import { checkTrace } from '../../src/trace-check/check.ts';
import { renderTraceSection } from '../../src/trace-check/report.ts';
import {
  alertParquet,
  alertRecord,
  eventHubsMessage,
  incidentRecord,
  jsonLines,
  tempRoot,
  timeFolder,
  writeBlob,
} from './export-support.ts';

const at = (minutes: number) => new Date(Date.UTC(2025, 2, 1, 0, 0) + minutes * 60_000);
const iso = (minutes: number, seconds = 0) =>
  new Date(at(minutes).getTime() + seconds * 1000).toISOString().replace('.000Z', '.1234567Z');

async function failure<R>(reader: TraceReader<R>): Promise<TraceInputError> {
  try {
    await readAll(reader);
  } catch (error) {
    expect((error as Error).name).toBe('TraceInputError');
    expect((error as Error).message).not.toMatch(/[\r\n]/);
    expect(reader.summary.complete).toBe(false);
    return error as TraceInputError;
  }
  throw new Error('read without error');
}

/** A storage-account container of SecurityAlert blobs: 3 windows, a rolled-over blob, an old hourly blob. */
function alertContainer(): { container: string; order: string[] } {
  const container = join(tempRoot(), 'am-SecurityAlert');
  // Written out of time order on purpose: the reader orders by folder time, then the blob's suffix.
  writeBlob(container, `${timeFolder(at(10))}/PT05M.json`, jsonLines([alertRecord(5, iso(10, 1))]));
  writeBlob(
    container,
    `${timeFolder(at(5))}/PT05M_1.json`,
    jsonLines([alertRecord(3, iso(7)), alertRecord(4, iso(8))]),
  );
  writeBlob(
    container,
    `${timeFolder(at(5))}/PT05M.json`,
    jsonLines([alertRecord(1, iso(5)), alertRecord(2, iso(6))]),
  );
  writeBlob(container, `${timeFolder(at(-60))}/PT1H.json`, jsonLines([alertRecord(0, iso(-30))]));
  writeBlob(container, `${timeFolder(at(15))}/PT05M.json`, ''); // created, never appended to
  writeBlob(container, '.DS_Store', 'not a blob');
  return { container, order: ['alert-0', 'alert-1', 'alert-2', 'alert-3', 'alert-4', 'alert-5'] };
}

describe('storage account: a folder of JSON-lines blobs', () => {
  it('reads every blob in time order, then by suffix, numbering rows across the export', async () => {
    const { container, order } = alertContainer();
    const { rows, summary } = await readAll(readAlerts(container));
    expect(rows.map((r) => r.row.SystemAlertId)).toEqual(order);
    expect(rows.map((r) => r.fileRow)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(summary).toMatchObject({
      format: 'json-lines',
      blobs: 5,
      rows: 6,
      exportDuplicates: 0,
      complete: true,
    });
    expect(summary.missingColumns).toEqual([]);
    expect(summary.sourceColumns).toContain('_ItemId');
    expect(rows[1]?.row.TimeGenerated).toBe('2025-03-01T00:05:00.123Z');
  });

  it('orders blobs by folder time and suffix number, not by name', () => {
    const folder = (y: number, mo: number, d: number, h: number, mi: number) =>
      `${timeFolder(new Date(Date.UTC(y, mo - 1, d, h, mi)))}`;
    const paths = [
      `${folder(2025, 12, 31, 23, 55)}/PT05M.json`,
      `${folder(2025, 3, 1, 0, 5)}/PT05M_10.json`,
      `${folder(2025, 3, 1, 0, 5)}/PT05M_2.json`,
      `${folder(2025, 3, 1, 0, 5)}/PT05M.json`,
      `${folder(2024, 3, 1, 0, 0)}/PT1H.json`,
    ];
    const keys = paths.map((p) => ({ p, ...blobOrder(p) }));
    keys.sort((a, b) => a.time - b.time || a.part - b.part);
    expect(keys.map((k) => k.p)).toEqual([paths[4], paths[3], paths[2], paths[1], paths[0]]);
    expect(blobOrder(paths[1] as string)).toEqual({ time: Date.UTC(2025, 2, 1, 0, 5), part: 10 });
  });

  it('a bad record names the blob (its folder path), the row and the line', async () => {
    const container = join(tempRoot(), 'am-SecurityAlert');
    writeBlob(container, `${timeFolder(at(0))}/PT05M.json`, jsonLines([alertRecord(1, iso(0))]));
    const bad = `${jsonLines([alertRecord(2, iso(5))])}\n{"TimeGenerated": "${iso(6)}", "SystemAlertId": \n`;
    writeBlob(container, `${timeFolder(at(5))}/PT05M.json`, bad);
    const e = await failure(readAlerts(container));
    expect(e.code).toBe('truncated');
    expect(e.row).toBe(2);
    expect(e.message).toContain('am-SecurityAlert/WorkspaceResourceId=/subscriptions/');
    expect(e.message).toContain('y=2025/m=03/d=01/h=00/m=05/PT05M.json, row 2');
    expect(e.message).toContain('line 3');

    const wrong = join(tempRoot(), 'am-SecurityAlert');
    writeBlob(wrong, `${timeFolder(at(0))}/PT05M.json`, jsonLines([alertRecord(1, 'yesterday')]));
    const w = await failure(readAlerts(wrong));
    expect({ code: w.code, row: w.row, column: w.column }).toEqual({
      code: 'bad-timestamp',
      row: 1,
      column: 'TimeGenerated',
    });
    expect(w.message).toContain('m=00/PT05M.json, row 1, column TimeGenerated');

    const syntax = join(tempRoot(), 'am-SecurityAlert');
    writeBlob(
      syntax,
      `${timeFolder(at(0))}/PT05M.json`,
      `${jsonLines([alertRecord(1, iso(0))])}{"a": tru}\n`,
    );
    const s = await failure(readAlerts(syntax));
    expect({ code: s.code, row: s.row }).toEqual({ code: 'malformed-json', row: 2 });
    expect(s.message).toContain('line 2');
  });

  it('tells a row of JSON lines from an envelope by its first key, and says so when a row lacks a column', async () => {
    const api = `{"statistics":{},"tables":[{"name":"PrimaryResult","columns":[{"name":"TimeGenerated","type":"datetime"},{"name":"SystemAlertId","type":"string"}],"rows":[["${iso(0)}","a"]]}]}`;
    const read = await readAll(readAlerts({ name: 'api.json', bytes: Buffer.from(api) }));
    expect(read.summary.format).toBe('la-api-json');
    const e = await failure(readAlerts({ name: 'other.json', bytes: Buffer.from('{"Results":[]}') }));
    expect({ code: e.code, row: e.row, column: e.column }).toEqual({
      code: 'missing-column',
      row: 1,
      column: 'TimeGenerated',
    });
    expect(e.message).toContain('read as JSON lines');
  });

  it('a record spread over lines, or two on a line, is still read', async () => {
    const container = join(tempRoot(), 'am-SecurityAlert');
    const pretty = `${JSON.stringify(alertRecord(1, iso(0)), null, 2)}\n${JSON.stringify(alertRecord(2, iso(1)))} ${JSON.stringify(alertRecord(3, iso(2)))}\r\n`;
    writeBlob(container, `${timeFolder(at(0))}/PT05M.json`, pretty);
    const { rows } = await readAll(readAlerts(container, { chunkBytes: 97 }));
    expect(rows.map((r) => r.row.SystemAlertId)).toEqual(['alert-1', 'alert-2', 'alert-3']);
  });

  it('incidents: a folder of SecurityIncident blobs', async () => {
    const container = join(tempRoot(), 'am-SecurityIncident');
    writeBlob(
      container,
      `${timeFolder(at(0))}/PT05M.json`,
      jsonLines([incidentRecord(1, iso(0)), incidentRecord(1, iso(3))]),
    );
    const { rows, summary } = await readAll(readIncidents(container));
    expect(rows.map((r) => r.row.LastModifiedTime)).toEqual([
      '2025-03-01T00:00:00.123Z',
      '2025-03-01T00:03:00.123Z',
    ]);
    expect(rows[0]?.row.AlertIds).toEqual(['alert-1']);
    expect(summary.format).toBe('json-lines');
  });
});

describe('export duplicates', () => {
  it('a record repeated byte for byte, in the same or a later blob, is counted and not handed out', async () => {
    const container = join(tempRoot(), 'am-SecurityAlert');
    const one = alertRecord(1, iso(0));
    const two = alertRecord(2, iso(1));
    writeBlob(container, `${timeFolder(at(0))}/PT05M.json`, jsonLines([one, two, one]));
    // The connector's own repeat of alert 1: a new row, a new TimeGenerated (and _ItemId). Not a duplicate.
    const repeat = alertRecord(1, iso(6));
    writeBlob(container, `${timeFolder(at(5))}/PT05M.json`, jsonLines([two, repeat]));
    const { rows, summary } = await readAll(readAlerts(container));
    expect(rows.map((r) => [r.row.SystemAlertId, r.fileRow])).toEqual([
      ['alert-1', 1],
      ['alert-2', 2],
      ['alert-1', 5],
    ]);
    expect(summary.exportDuplicates).toBe(2);
    expect(summary.rows).toBe(3);
  });

  it('records that differ in any one character are different records', async () => {
    const line = JSON.stringify(alertRecord(1, iso(0)));
    await fc.assert(
      fc.asyncProperty(fc.nat({ max: line.length - 1 }), async (i) => {
        const c = line[i] as string;
        // Change one character inside a string value or a key, keeping the JSON valid.
        if (/[{}[\]:,"\\ ]/.test(c) || /\d/.test(c)) return;
        const other = `${line.slice(0, i)}${c === 'x' ? 'y' : 'x'}${line.slice(i + 1)}`;
        let parsed: unknown;
        try {
          parsed = JSON.parse(other);
        } catch {
          return;
        }
        if ((parsed as { TimeGenerated?: unknown }).TimeGenerated === undefined) return;
        if ((parsed as { SystemAlertId?: unknown }).SystemAlertId === undefined) return;
        const reader = readAlerts({ name: 'PT05M.json', bytes: Buffer.from(`${line}\n${other}\n`) });
        try {
          const { summary } = await readAll(reader);
          expect(summary.exportDuplicates).toBe(0);
          expect(summary.rows).toBe(2);
        } catch (error) {
          // A changed key can make a required column missing or a timestamp bad: never a duplicate.
          expect((error as Error).name).toBe('TraceInputError');
        }
      }),
      { numRuns: 200 },
    );
  });

  it('query results (a JSON array) keep identical rows: only an export writes duplicates', async () => {
    const row = alertRecord(1, iso(0));
    const { rows, summary } = await readAll(
      readAlerts({ name: 'query.json', bytes: Buffer.from(JSON.stringify([row, row])) }),
    );
    expect(rows).toHaveLength(2);
    expect(summary.exportDuplicates).toBe(0);
  });

  it('check-trace reports them apart, never as rows', async () => {
    const container = join(tempRoot(), 'am-SecurityAlert');
    const one = alertRecord(1, iso(0));
    writeBlob(container, `${timeFolder(at(0))}/PT05M.json`, jsonLines([one, one, one]));
    const result = await checkTrace({ alerts: container });
    expect(result.counts.alertRows).toBe(1);
    expect(result.alerts.exportDuplicates).toBe(2);
    const section = renderTraceSection(result);
    expect(section).toContain('2 export duplicates');
    expect(section).toContain('1 row');
  });
});

describe('Event Hubs messages', () => {
  it('one message a file, several messages a file (one a line), in a folder', async () => {
    const hub = join(tempRoot(), 'am-securityalert');
    writeBlob(hub, 'a/0.json', eventHubsMessage([alertRecord(1, iso(0)), alertRecord(2, iso(1))]));
    writeBlob(
      hub,
      'b/1.json',
      `${eventHubsMessage([alertRecord(3, iso(2))])}\n${eventHubsMessage([alertRecord(4, iso(3)), alertRecord(1, iso(0))])}\n`,
    );
    const { rows, summary } = await readAll(readAlerts(hub));
    expect(rows.map((r) => r.row.SystemAlertId)).toEqual(['alert-1', 'alert-2', 'alert-3', 'alert-4']);
    expect(rows.map((r) => r.fileRow)).toEqual([1, 2, 3, 4]);
    expect(summary).toMatchObject({ format: 'event-hubs', exportDuplicates: 1, rows: 4 });
  });

  it('a bad record names its row across the messages of a file', async () => {
    const text = `${eventHubsMessage([alertRecord(1, iso(0))])}\n${eventHubsMessage([alertRecord(2, iso(1)), { ...alertRecord(3, iso(2)), SystemAlertId: '' }])}`;
    const e = await failure(readAlerts({ name: 'hub.json', bytes: Buffer.from(text) }));
    expect({ code: e.code, row: e.row, column: e.column }).toEqual({
      code: 'missing-value',
      row: 3,
      column: 'SystemAlertId',
    });
    const mixed = `${eventHubsMessage([alertRecord(1, iso(0))])}\n{"tables": []}`;
    const m = await failure(readAlerts({ name: 'hub.json', bytes: Buffer.from(mixed) }));
    expect(m.code).toBe('malformed-json');
  });
});

describe('Parquet (export jobs: gzip, a file an hour)', () => {
  it('reads a folder of hourly gzip Parquet files, row groups and all', async () => {
    const container = join(tempRoot(), 'export-job');
    const hour0 = Array.from({ length: 5 }, (_, i) => alertRecord(i, iso(i)));
    const hour1 = Array.from({ length: 3 }, (_, i) => alertRecord(10 + i, iso(60 + i)));
    writeBlob(
      container,
      `${timeFolder(at(60))}/part-0.parquet`,
      alertParquet([...hour1, hour1[0] as never], 2),
    );
    writeBlob(container, `${timeFolder(at(0))}/part-0.parquet`, alertParquet(hour0, 2));
    writeBlob(container, `${timeFolder(at(0))}/_SUCCESS`, '');
    const { rows, summary } = await readAll(readAlerts(container));
    expect(rows.map((r) => r.row.SystemAlertId)).toEqual([
      'alert-0',
      'alert-1',
      'alert-2',
      'alert-3',
      'alert-4',
      'alert-10',
      'alert-11',
      'alert-12',
    ]);
    expect(rows[0]?.row.TimeGenerated).toBe('2025-03-01T00:00:00.123Z');
    expect(rows[0]?.row.AlertName).toBe('Suspicious process 0');
    expect(summary).toMatchObject({ format: 'parquet', blobs: 2, exportDuplicates: 1, rows: 8 });
    expect(summary.missingColumns).toContain('ResourceId');
  });

  it('a single file, from memory too; a corrupt file is one line naming it', async () => {
    const bytes = alertParquet([alertRecord(1, iso(0))]);
    const { rows } = await readAll(readAlerts({ name: 'job.parquet', bytes }));
    expect(rows.map((r) => r.row.SystemAlertId)).toEqual(['alert-1']);
    const cut = bytes.slice(0, bytes.length - 20);
    const broken = Buffer.concat([Buffer.from(cut), Buffer.from('PAR1')]);
    const e = await failure(readAlerts({ name: 'job.parquet', bytes: broken }));
    expect(e.code).toBe('malformed-parquet');
    expect(e.message).toMatch(/^job\.parquet: /);
  });

  it('a bad value names its row and column', async () => {
    const records = [alertRecord(1, iso(0)), { ...alertRecord(2, iso(1)), StartTime: 'not a time' }];
    const e = await failure(readAlerts({ name: 'job.parquet', bytes: alertParquet(records) }));
    expect({ code: e.code, row: e.row, column: e.column }).toEqual({
      code: 'bad-timestamp',
      row: 2,
      column: 'StartTime',
    });
  });
});

describe('duplicate keys: one rule for JSON and CSV (item 8)', () => {
  const T = '2025-03-01T00:00:00Z';
  const row = `{"TimeGenerated":"${T}","SystemAlertId":"a","Status":"New"`;

  it('a key the tool reads, twice in a JSON row, names the row and the key', async () => {
    const lines = `${row}}\n${row},"Status":"Resolved"}\n`;
    const e = await failure(readAlerts({ name: 'PT05M.json', bytes: Buffer.from(lines) }));
    expect({ code: e.code, row: e.row, column: e.column }).toEqual({
      code: 'duplicate-column',
      row: 2,
      column: 'Status',
    });
    expect(e.message).toContain('line 2');
    // The same in a JSON array (read in batches) and in an Event Hubs message.
    for (const text of [
      `[${row}},${row},"Status":"Resolved"}]`,
      `{"records":[${row}},${row},"Status":"x"}]}`,
    ]) {
      const a = await failure(readAlerts({ name: 'rows.json', bytes: Buffer.from(text) }));
      expect({ code: a.code, row: a.row, column: a.column }).toEqual({
        code: 'duplicate-column',
        row: 2,
        column: 'Status',
      });
    }
  });

  it('a read key repeated under a \\u-escaped spelling is a repeat too (keys are compared unescaped)', async () => {
    // "Sta\u0074us" is Status: JSON.parse would keep the last of the two values silently.
    const escaped = '"Sta\\u0074us":"Resolved"';
    const texts: [string, string][] = [
      ['PT05M.json', `${row}}\n${row},${escaped}}\n`],
      ['rows.json', `[${row}},${row},${escaped}}]`],
      ['rows.json', `[${row}},{"TimeGenerated":"${T}","SystemAlertId":"a",${escaped},"Status":"New"}]`],
      ['rows.json', `{"value":[${row}},${row},${escaped}}]}`],
      ['hub.json', `{"records":[${row}},${row},${escaped}}]}`],
      ['PT05M.json', `${row}}\n{"TimeGenerated":"${T}","\\u0053ystemAlertId":"b","SystemAlertId":"a"}\n`],
    ];
    for (const [name, text] of texts) {
      for (const batchBytes of [undefined, 0]) {
        const e = await failure(readAlerts({ name, bytes: Buffer.from(text) }, { batchBytes }));
        expect({ code: e.code, row: e.row, name: e.file }).toEqual({
          code: 'duplicate-column',
          row: 2,
          name,
        });
        expect(['Status', 'SystemAlertId']).toContain(e.column);
        expect(e.message).toMatch(/names the key (Status|SystemAlertId) twice/);
      }
    }
    // The API form's header: a column named twice, once escaped.
    const api = `{"tables":[{"name":"t","columns":[{"name":"TimeGenerated","type":"datetime"},{"name":"Status","type":"string"},{"name":"Sta\\u0074us","type":"string"}],"rows":[["${T}","New","New"]]}]}`;
    const h = await failure(readAlerts({ name: 'api.json', bytes: Buffer.from(api) }));
    expect({ code: h.code, column: h.column }).toEqual({ code: 'duplicate-column', column: 'Status' });
  });

  it('an escaped key alone, and escapes in values, are no repeat', async () => {
    const lines = `{"TimeGenerated":"${T}","SystemAlertId":"a","Sta\\u0074us":"New"}\n${row},"AlertName":"caf\\u00e9 \\u0022Status\\u0022:"}\n`;
    for (const text of [lines, `[${lines.trim().split('\n').join(',')}]`]) {
      const { rows } = await readAll(readAlerts({ name: 'rows.json', bytes: Buffer.from(text) }));
      expect(rows.map((r) => r.row.Status)).toEqual(['New', 'New']);
    }
  });

  it('a key the tool never reads may repeat, in JSON and in CSV alike', async () => {
    const json = `[${row},"Extra":1,"Extra":2,"Entities":[{"Status":"nested"}]}]`;
    const { rows } = await readAll(readAlerts({ name: 'rows.json', bytes: Buffer.from(json) }));
    expect(rows[0]?.row.Status).toBe('New');
    const csv = `TimeGenerated,SystemAlertId,Extra,Extra\n${T},a,1,2\n`;
    const read = await readAll(readAlerts({ name: 'rows.csv', bytes: Buffer.from(csv) }));
    expect(read.rows.map((r) => r.row.SystemAlertId)).toEqual(['a']);
  });

  it('a column the tool reads, twice in a CSV header, names the column', async () => {
    const csv = `TimeGenerated,SystemAlertId,Status,Status\n${T},a,New,Resolved\n`;
    const e = await failure(readAlerts({ name: 'rows.csv', bytes: Buffer.from(csv) }));
    expect({ code: e.code, row: e.row, column: e.column }).toEqual({
      code: 'duplicate-column',
      row: null,
      column: 'Status',
    });
    expect(e.message).toContain('header');
  });
});

describe('the table of records seen', () => {
  it('keeps every record through its growth, tells repeats exactly', () => {
    const seen = new ExportDuplicates();
    const n = 20_000; // well past the first table's 4,096 slots
    for (let i = 0; i < n; i++) expect(seen.seenText(`{"r":${i}}`)).toBe(false);
    for (let i = 0; i < n; i++) expect(seen.seenText(`{"r":${i}}`)).toBe(true);
    expect(seen.seenText(`{"r":${n}}`)).toBe(false);
    const bytes = Buffer.from('xx{"r":1}yy');
    expect(seen.seenBytes(bytes, 2, 9)).toBe(true);
    expect(seen.seenBytes(bytes, 2, 10)).toBe(false);
    expect(seen.count).toBe(n + 1);
  });
});
