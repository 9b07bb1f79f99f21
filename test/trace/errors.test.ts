/**
 * Bad input gives a TraceInputError naming the right code, file, data row and column, with a one-line
 * message; never another exception, never a result marked complete.
 */
import { mkdirSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  readAlerts,
  readAll,
  readIncidents,
  type TraceErrorCode,
  TraceInputError,
} from '../../src/trace/index.ts';
import { csv, laApi, tempDir } from './support.ts';

const dir = tempDir();

interface Expected {
  code: TraceErrorCode;
  row: number | null;
  column: string | null;
}

async function failure(
  path: string,
  table: 'alerts' | 'incidents' = 'alerts',
  maxRowBytes?: number,
): Promise<TraceInputError> {
  const options = maxRowBytes === undefined ? {} : { maxRowBytes };
  const reader = table === 'alerts' ? readAlerts(path, options) : readIncidents(path, options);
  try {
    await readAll(reader as AsyncGenerator<unknown, unknown, undefined> as never);
  } catch (error) {
    expect(error).toBeInstanceOf(TraceInputError);
    expect(reader.summary.complete).toBe(false);
    const e = error as TraceInputError;
    expect(e.message).not.toMatch(/[\r\n]/);
    expect(e.message).toContain(basename(path));
    expect(e.message).toContain(`[${e.code}]`);
    expect(e.file).toBe(path);
    return e;
  }
  throw new Error(`${path} was read without error`);
}

function expectError(e: TraceInputError, expected: Expected): void {
  expect({ code: e.code, row: e.row, column: e.column }, e.message).toEqual(expected);
}

const T = '2026-01-01T00:00:00Z';
const good = (i: number) => ({
  TimeGenerated: T,
  SystemAlertId: `id-${i}`,
  StartTime: T,
  AlertName: `alert ${i}`,
});
const ALERT_COLS = ['TimeGenerated', 'SystemAlertId', 'StartTime', 'AlertName'];

describe('JSON input', () => {
  it('a row that is not valid JSON names its row', async () => {
    const text = laApi(ALERT_COLS, [good(1), good(2), good(3)]).replace(
      /\["2026-01-01T00:00:00Z","id-2"/,
      '["2026-01-01T00:00:00Z",,"id-2"',
    );
    expectError(await failure(dir.file('bad-row.json', text)), {
      code: 'malformed-json',
      row: 2,
      column: null,
    });
  });

  it('a file truncated inside a row names that row; after the rows, no row', async () => {
    const text = laApi(ALERT_COLS, [good(1), good(2), good(3)]);
    const cut = text.indexOf('id-3');
    expectError(await failure(dir.file('cut-row.json', text.slice(0, cut))), {
      code: 'truncated',
      row: 3,
      column: null,
    });
    expectError(await failure(dir.file('cut-end.json', text.slice(0, -3))), {
      code: 'truncated',
      row: null,
      column: null,
    });
    expectError(await failure(dir.file('cut-head.json', text.slice(0, 40))), {
      code: 'truncated',
      row: null,
      column: null,
    });
    const arr = JSON.stringify([good(1), good(2)]);
    expectError(await failure(dir.file('cut-arr.json', arr.slice(0, -1))), {
      code: 'truncated',
      row: null,
      column: null,
    });
    expectError(await failure(dir.file('cut-arr2.json', arr.slice(0, -5))), {
      code: 'truncated',
      row: 2,
      column: null,
    });
  });

  it('an object where a timestamp is due names row and column; a number where a string is due is coerced', async () => {
    const rows = [good(1), { ...good(2), StartTime: { value: T } }];
    expectError(await failure(dir.file('obj-time.json', JSON.stringify(rows))), {
      code: 'wrong-type',
      row: 2,
      column: 'StartTime',
    });
    const coerced = await readAll(
      readAlerts(dir.file('num.json', JSON.stringify([{ ...good(1), AlertName: 42, SystemAlertId: 7 }]))),
    );
    expect(coerced.rows[0]?.row).toMatchObject({ AlertName: '42', SystemAlertId: '7' });
    expectError(
      await failure(
        dir.file('num-time.json', JSON.stringify([{ ...good(1), TimeGenerated: 1767225600000 }])),
      ),
      {
        code: 'wrong-type',
        row: 1,
        column: 'TimeGenerated',
      },
    );
    expectError(
      await failure(
        dir.file('obj-str.json', JSON.stringify([good(1), good(2), { ...good(3), AlertName: ['x'] }])),
      ),
      {
        code: 'wrong-type',
        row: 3,
        column: 'AlertName',
      },
    );
  });

  it('a legacy column is named as the file names it', async () => {
    const text = JSON.stringify([{ TimeGenerated: T, SystemAlertId: 'a', StartTimeUtc: 'soon' }]);
    expectError(await failure(dir.file('legacy-bad.json', text)), {
      code: 'bad-timestamp',
      row: 1,
      column: 'StartTimeUtc',
    });
  });

  it('timestamps that are not dates', async () => {
    const text = laApi(ALERT_COLS, [good(1), { ...good(2), TimeGenerated: '2026-02-30T00:00:00Z' }]);
    expectError(await failure(dir.file('feb30.json', text)), {
      code: 'bad-timestamp',
      row: 2,
      column: 'TimeGenerated',
    });
  });

  it('a row object without a required key, and an element that is not an object', async () => {
    expectError(await failure(dir.file('nokey.json', JSON.stringify([good(1), { SystemAlertId: 'x' }]))), {
      code: 'missing-column',
      row: 2,
      column: 'TimeGenerated',
    });
    expectError(
      await failure(
        dir.file('notobj.json', '[{"TimeGenerated":"2026-01-01T00:00:00Z","SystemAlertId":"a"}, 5]'),
      ),
      {
        code: 'wrong-type',
        row: 2,
        column: null,
      },
    );
    expectError(await failure(dir.file('arrrow.json', '[["a"]]')), {
      code: 'wrong-type',
      row: 1,
      column: null,
    });
  });

  it('a value nested 200,000 deep is quoted in a few characters, where a column or a cell is due', async () => {
    const deep = `${'['.repeat(200_000)}${']'.repeat(200_000)}`;
    const columns = await failure(
      dir.file('deep-columns.json', `{"tables":[{"name":"PrimaryResult","columns":${deep},"rows":[]}]}`),
    );
    expectError(columns, { code: 'malformed-json', row: null, column: null });
    expect(columns.message).toMatch(/columns\[0\] has no string "name": \[{60}…/);
    const cell = JSON.stringify([{ ...good(1), AlertName: 'x' }]).replace('"x"', deep);
    const cellError = await failure(dir.file('deep-cell.json', cell));
    expectError(cellError, { code: 'wrong-type', row: 1, column: 'AlertName' });
    expect(cellError.message.length).toBeLessThan(200);
  });

  it('an API row of the wrong width', async () => {
    const text = laApi(ALERT_COLS, [good(1), good(2)]).replace('"id-2",', '');
    expectError(await failure(dir.file('width.json', text)), { code: 'wrong-type', row: 2, column: null });
  });

  it('an API response without a required column, or with rows before columns', async () => {
    const text = laApi(['SystemAlertId', 'AlertName'], [{ SystemAlertId: 'a', AlertName: 'n' }]);
    expectError(await failure(dir.file('nocol.json', text)), {
      code: 'missing-column',
      row: null,
      column: 'TimeGenerated',
    });
    const swapped =
      '{"tables":[{"name":"PrimaryResult","rows":[["2026-01-01T00:00:00Z","a"]],"columns":[{"name":"TimeGenerated","type":"datetime"},{"name":"SystemAlertId","type":"string"}]}]}';
    expectError(await failure(dir.file('swapped.json', swapped)), {
      code: 'unsupported-layout',
      row: null,
      column: null,
    });
  });

  it('a partial or paged result is refused, after its rows', async () => {
    const base = JSON.parse(laApi(ALERT_COLS, [good(1)]));
    base.error = { code: 'PartialError', message: 'Query result set has exceeded the internal limit' };
    expectError(await failure(dir.file('partial.json', JSON.stringify(base))), {
      code: 'partial-result',
      row: null,
      column: null,
    });
    const paged = JSON.stringify({ value: [good(1)], '@odata.nextLink': 'https://example.invalid/next' });
    expectError(await failure(dir.file('paged.json', paged)), {
      code: 'partial-result',
      row: null,
      column: null,
    });
  });

  it('stray separators between rows are syntax errors, not type errors', async () => {
    const one = '{"TimeGenerated":"2026-01-01T00:00:00Z","SystemAlertId":"a"}';
    expectError(await failure(dir.file('lead.json', `[,${one}]`)), {
      code: 'malformed-json',
      row: 1,
      column: null,
    });
    expectError(await failure(dir.file('trailing.json', `[${one},]`)), {
      code: 'malformed-json',
      row: 2,
      column: null,
    });
    expectError(await failure(dir.file('double.json', `[${one},,${one}]`)), {
      code: 'malformed-json',
      row: 2,
      column: null,
    });
    expectError(await failure(dir.file('nocomma.json', `[${one} ${one}]`)), {
      code: 'malformed-json',
      row: 2,
      column: null,
    });
  });

  it('data after the document, an object without rows, and a required value left empty', async () => {
    expectError(await failure(dir.file('trail.json', `${JSON.stringify([good(1)])} [`)), {
      code: 'malformed-json',
      row: null,
      column: null,
    });
    // An object whose first key is not a row container's is a row of JSON lines (a data export's form).
    expectError(await failure(dir.file('norows.json', '{"name":"x"}')), {
      code: 'missing-column',
      row: 1,
      column: 'TimeGenerated',
    });
    expectError(await failure(dir.file('norows.json', '{"@odata.context":"x"}')), {
      code: 'malformed-json',
      row: null,
      column: null,
    });
    expectError(
      await failure(dir.file('emptyid.json', JSON.stringify([{ ...good(1), SystemAlertId: '' }]))),
      {
        code: 'missing-value',
        row: 1,
        column: 'SystemAlertId',
      },
    );
  });
});

describe('CSV input', () => {
  it('a CSV missing a required column', async () => {
    expectError(
      await failure(dir.file('no-id.csv', 'TimeGenerated,AlertName\r\n2026-01-01T00:00:00Z,x\r\n')),
      {
        code: 'missing-column',
        row: null,
        column: 'SystemAlertId',
      },
    );
    expectError(await failure(dir.file('no-tg.csv', 'SystemAlertId,AlertName\r\na,x\r\n')), {
      code: 'missing-column',
      row: null,
      column: 'TimeGenerated',
    });
    expectError(
      await failure(
        dir.file('no-num.csv', 'LastModifiedTime,Title\r\n2026-01-01T00:00:00Z,x\r\n'),
        'incidents',
      ),
      {
        code: 'missing-column',
        row: null,
        column: 'IncidentNumber',
      },
    );
    expectError(await failure(dir.file('no-lmt.csv', 'IncidentNumber,Title\r\n1,x\r\n'), 'incidents'), {
      code: 'missing-column',
      row: null,
      column: 'LastModifiedTime',
    });
  });

  it('a quoted field left open, a wrong field count, a stray quote, text after a closing quote', async () => {
    const head = 'TimeGenerated,SystemAlertId,AlertName\n';
    const row = (i: number) => `2026-01-01T00:00:00Z,id-${i},x\n`;
    expectError(
      await failure(
        dir.file('open.csv', `${head}${row(1)}${row(2)}2026-01-01T00:00:00Z,id-3,"never closed\n`),
      ),
      {
        code: 'truncated',
        row: 3,
        column: null,
      },
    );
    expectError(await failure(dir.file('count.csv', `${head}${row(1)}2026-01-01T00:00:00Z,id-2\n`)), {
      code: 'malformed-csv',
      row: 2,
      column: null,
    });
    expectError(
      await failure(dir.file('stray.csv', `${head}${row(1)}${row(2)}2026-01-01T00:00:00Z,id"3,x\n`)),
      {
        code: 'malformed-csv',
        row: 3,
        column: null,
      },
    );
    expectError(await failure(dir.file('after.csv', `${head}"2026-01-01T00:00:00Z"x,id-1,x\n`)), {
      code: 'malformed-csv',
      row: 1,
      column: null,
    });
  });

  it('a duplicated column, and a value of the wrong kind', async () => {
    expectError(await failure(dir.file('dup.csv', 'TimeGenerated,SystemAlertId,TimeGenerated\nx,y,z\n')), {
      code: 'duplicate-column',
      row: null,
      column: 'TimeGenerated',
    });
    const inc = csv(
      ['IncidentNumber', 'LastModifiedTime', 'Labels'],
      [
        { IncidentNumber: 1, LastModifiedTime: T, Labels: '[]' },
        { IncidentNumber: 'two', LastModifiedTime: T, Labels: '[]' },
      ],
    );
    expectError(await failure(dir.file('num.csv', inc), 'incidents'), {
      code: 'wrong-type',
      row: 2,
      column: 'IncidentNumber',
    });
    const labels = csv(
      ['IncidentNumber', 'LastModifiedTime', 'Labels'],
      [{ IncidentNumber: 1, LastModifiedTime: T, Labels: '[{oops' }],
    );
    expectError(await failure(dir.file('labels.csv', labels), 'incidents'), {
      code: 'wrong-type',
      row: 1,
      column: 'Labels',
    });
    const ids = csv(
      ['IncidentNumber', 'LastModifiedTime', 'AlertIds'],
      [{ IncidentNumber: 1, LastModifiedTime: T, AlertIds: '{"a":1}' }],
    );
    expectError(await failure(dir.file('ids.csv', ids), 'incidents'), {
      code: 'wrong-type',
      row: 1,
      column: 'AlertIds',
    });
    const empty = csv(['IncidentNumber', 'LastModifiedTime'], [{ IncidentNumber: '', LastModifiedTime: T }]);
    expectError(await failure(dir.file('nonum.csv', empty), 'incidents'), {
      code: 'missing-value',
      row: 1,
      column: 'IncidentNumber',
    });
  });

  it('a portal export in local time is refused, not misread as UTC', async () => {
    const text = 'TimeGenerated [Local Time],SystemAlertId\n"2/20/2023, 11:04:02.637 AM",a\n';
    expectError(await failure(dir.file('local.csv', text)), {
      code: 'unsupported-layout',
      row: null,
      column: 'TimeGenerated [Local Time]',
    });
  });
});

describe('any format', () => {
  it('an enormous field is refused at the cap (default 16 MiB), naming its row', async () => {
    const big = 'x'.repeat(17 << 20);
    const text = JSON.stringify([good(1), { ...good(2), AlertName: big }]);
    expectError(await failure(dir.file('big.json', text)), { code: 'too-large', row: 2, column: null });
    const small = csv(ALERT_COLS, [good(1), good(2), { ...good(3), AlertName: 'y'.repeat(5000) }]);
    expectError(await failure(dir.file('big.csv', small), 'alerts', 4096), {
      code: 'too-large',
      row: 3,
      column: null,
    });
    expectError(await failure(dir.file('big-head.csv', `${'h'.repeat(5000)}\n`), 'alerts', 4096), {
      code: 'too-large',
      row: null,
      column: null,
    });
  });

  it('an empty file, a BOM alone, whitespace alone', async () => {
    for (const [name, content] of [
      ['empty.csv', ''],
      ['bom.csv', '\ufeff'],
      ['ws.json', ' \r\n\t '],
    ] as const) {
      expectError(await failure(dir.file(name, content)), { code: 'empty-file', row: null, column: null });
    }
  });

  it('a missing file, a directory, UTF-16, binary', async () => {
    // A folder is an export container (test/trace/export.test.ts); one without files is bad input.
    const empty = join(dirname(dir.file('y', '')), 'empty-folder');
    mkdirSync(empty);
    expectError(await failure(empty), { code: 'empty-file', row: null, column: null });
    expectError(await failure(`${dir.file('x', '')}.does-not-exist`), {
      code: 'io-error',
      row: null,
      column: null,
    });
    // UTF-16 with its byte-order mark is read (test/trace/read.test.ts); without it, it cannot be told for sure.
    for (const [name, bytes] of [
      ['u16le.csv', Buffer.from('TimeGenerated,SystemAlertId\n', 'utf16le')],
      ['u16be.json', Buffer.from('[{"TimeGenerated": 1}]', 'utf16le').swap16()],
    ] as const) {
      expectError(await failure(dir.file(name, bytes)), {
        code: 'unsupported-encoding',
        row: null,
        column: null,
      });
    }
    expectError(await failure(dir.file('bin.dat', Buffer.from([0x1f, 0x8b, 0x08, 0x00, 0x00, 0x00]))), {
      code: 'unknown-format',
      row: null,
      column: null,
    });
  });
});
