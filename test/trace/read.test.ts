/**
 * The trace readers on well-formed input: every fixture format gives the same model rows, legacy column names
 * are normalised, zone-less timestamps are read as UTC and counted, the summary says which columns exist, and
 * generated rows round-trip through every format whatever the chunk size.
 */
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { SecurityAlertRow, SecurityIncidentRow } from '../../model/tables.ts';
import { isRedirectLabel, isXdrProvider } from '../../model/tables.ts';
import { mdcAlertName, parseTime } from '../../model/time.ts';
import {
  readAlerts,
  readAll as readAllRows,
  readIncidents,
  type TraceSummary,
} from '../../src/trace/index.ts';
import { normaliseTimestamp, parseExportTime } from '../../src/trace/timestamps.ts';
import {
  ALERT_COLUMN_NAMES,
  alertRow,
  csv,
  fixture,
  INCIDENT_COLUMN_NAMES,
  incidentRow,
  isoTime,
  jsonArray,
  LEGACY_ALERT_NAMES,
  laApi,
  tempDir,
} from './support.ts';

/**
 * Reads a whole export, with each SecurityAlert row's `_Rest` (the digest of the columns the model does not
 * read, tested in digest.test.ts) left out: these tests compare the model's columns.
 */
async function readAll<R>(trace: Parameters<typeof readAllRows<R>>[0]) {
  const read = await readAllRows(trace);
  for (const { row } of read.rows) delete (row as { _Rest?: unknown })._Rest;
  return read;
}

const TENANT = '00000000-0000-4000-8000-00000000aaaa';
const SUB = '11111111-2222-4333-8444-555555555555';
const NAME_A = mdcAlertName(Date.parse('2026-01-01T10:00:00Z'), '7c32a0e2-6fa3-436f-8541-00000000000a');
const NAME_B = mdcAlertName(Date.parse('2026-01-01T11:30:00Z'), '7c32a0e2-6fa3-436f-8541-00000000000b');
const portal = (name: string) =>
  `https://portal.azure.com/#blade/Microsoft_Azure_Security_AzureDefenderForData/AlertBlade/alertId/${name}/subscriptionId/${SUB}/resourceGroup/rg-1/referencedFrom/alertDeepLink/location/westeurope`;
const xdr = (i: number) => `https://security.microsoft.com/alerts/da638000000000000${i}_-12345?tid=${TENANT}`;
const VM = `/subscriptions/${SUB}/resourceGroups/rg-1/providers/Microsoft.Compute/virtualMachines/vm-1`;

const mdcA = {
  SystemAlertId: '5f1c0a7e-0000-4000-8000-000000000001',
  VendorOriginalId: NAME_A,
  AlertName: 'Suspicious process executed',
  AlertSeverity: 'Medium',
  AlertType: 'VM_SuspiciousProcess',
  ProductName: 'Azure Security Center',
  ProviderName: 'Azure Security Center',
  VendorName: 'Microsoft',
  StartTime: '2026-01-01T10:00:00.000Z',
  EndTime: '2026-01-01T10:00:00.000Z',
  ProcessingEndTime: '2026-01-01T10:00:00.500Z',
  ResourceId: VM,
};

/** What every alerts-* fixture (bar 2019) holds, normalised. */
const EXPECTED_ALERTS: SecurityAlertRow[] = [
  { ...mdcA, TimeGenerated: '2026-01-01T10:02:00.123Z', AlertLink: portal(NAME_A), Status: 'New' },
  { ...mdcA, TimeGenerated: '2026-01-01T10:12:30.999Z', AlertLink: xdr(1), Status: 'New' },
  { ...mdcA, TimeGenerated: '2026-01-01T10:40:00.000Z', AlertLink: portal(NAME_A), Status: 'Resolved' },
  {
    TimeGenerated: '2026-01-01T11:00:01.040Z',
    SystemAlertId: 'c19a6ccd-40a6-9ef9-5a8b-598bcc3c53b0',
    VendorOriginalId: 'a3ce3da5-93a4-42f7-ae0f-0fee36a16527',
    AlertName: 'Rule "sudo", from an unexpected host',
    AlertSeverity: 'Low',
    AlertType: `${TENANT}_1e65fb27-5c2a-4e44-80da-8b5f9d8fdb24`,
    ProductName: 'Azure Sentinel',
    ProviderName: 'ASI Scheduled Alerts',
    VendorName: 'Microsoft',
    AlertLink: '',
    Status: 'New',
    StartTime: '2025-12-31T23:00:00.000Z',
    EndTime: '2026-01-01T00:00:00.000Z',
    ProcessingEndTime: '2026-01-01T11:00:01.000Z',
    ResourceId: '',
  },
  {
    TimeGenerated: '2026-01-01T11:41:00.000Z',
    SystemAlertId: '5f1c0a7e-0000-4000-8000-000000000002',
    VendorOriginalId: NAME_B,
    AlertName: 'Accès suspect – “vault” ü',
    AlertSeverity: 'High',
    AlertType: 'KV_SuspiciousAccess',
    ProductName: 'Azure Security Center',
    ProviderName: 'Azure Security Center',
    VendorName: 'Microsoft',
    AlertLink: xdr(2),
    Status: 'InProgress',
    StartTime: '2026-01-01T11:30:00.000Z',
    EndTime: '2026-01-01T11:30:00.000Z',
    ProcessingEndTime: '2026-01-01T11:31:00.000Z',
    ResourceId: '',
  },
];

const ALL_ALERT_COLUMNS = [...ALERT_COLUMN_NAMES];

describe('alert fixtures in every format', () => {
  it.each([
    ['alerts-la-api.json', 'la-api-json', false],
    ['alerts-array.json', 'json-array', false],
    ['alerts-current.csv', 'csv', false],
    ['alerts-bom.csv', 'csv', true],
    ['alerts-bom.json', 'la-api-json', true],
  ] as const)('%s reads to the expected rows (%s, BOM %s)', async (name, format, bom) => {
    const { rows, summary } = await readAll(readAlerts(fixture(name)));
    expect(rows.map((r) => r.row)).toEqual(EXPECTED_ALERTS);
    expect(rows.map((r) => r.fileRow)).toEqual([1, 2, 3, 4, 5]);
    expect(summary).toMatchObject({
      format,
      bom,
      table: 'SecurityAlert',
      rows: 5,
      complete: true,
      zoneLessTimestamps: 0,
      offsetTimestamps: 0,
      missingColumns: [],
      renamed: {},
    });
    expect(summary.columns).toEqual(ALL_ALERT_COLUMNS);
    expect(summary.sourceColumns).toContain('DisplayName');
  });

  it('gives the same rows for any chunk size (values crossing chunk boundaries)', async () => {
    for (const name of ['alerts-la-api.json', 'alerts-array.json', 'alerts-current.csv', 'alerts-bom.csv']) {
      for (const chunkBytes of [1, 2, 3, 7, 64, 1000]) {
        const { rows } = await readAll(readAlerts(fixture(name), { chunkBytes }));
        expect(
          rows.map((r) => r.row),
          `${name} @${chunkBytes}`,
        ).toEqual(EXPECTED_ALERTS);
      }
    }
  });

  it('reads UTF-16 with its byte-order mark (Windows PowerShell 5.1) as UTF-8, wherever chunks split a character', async () => {
    const dir = tempDir();
    // Non-ASCII text, a surrogate pair among it: chunks of odd sizes cut code units and pairs apart.
    const values = ['Zugriff verdächtig', 'Доступ 🚨 подозрительный', '可疑的访问', 'plain'];
    const rows = values.map((AlertName, i) => ({
      TimeGenerated: '2026-01-01T00:00:00.000Z',
      SystemAlertId: `id-${i}`,
      AlertName,
    }));
    const cols = ['TimeGenerated', 'SystemAlertId', 'AlertName'];
    const utf16 = (text: string, big: boolean) => {
      const le = Buffer.from(`\ufeff${text}`, 'utf16le');
      return big ? le.swap16() : le;
    };
    for (const [name, text] of [
      ['u16.json', laApi(cols, rows)],
      ['u16-array.json', jsonArray(cols, rows)],
      ['u16.csv', csv(cols, rows)],
    ] as const) {
      for (const big of [false, true]) {
        const path = dir.file(`${big ? 'be' : 'le'}-${name}`, utf16(text, big));
        for (const chunkBytes of [1, 2, 3, 5, 7, 64, 1000]) {
          const { rows: back, summary } = await readAll(readAlerts(path, { chunkBytes }));
          const where = `${name} ${big ? 'BE' : 'LE'} @${chunkBytes}`;
          expect(
            back.map((r) => r.row.AlertName),
            where,
          ).toEqual(values);
          expect(summary, where).toMatchObject({
            bom: true,
            encoding: big ? 'UTF-16BE' : 'UTF-16LE',
            complete: true,
          });
        }
      }
    }
  });

  it('finds row ends past escaped quotes and backslash runs, wherever chunks split them', async () => {
    const dir = tempDir();
    const values = ['\\', '\\"', '"\\', 'a\\\\"b', '{"k":"v \\"q\\" ]}', '\\\\\\', '"]",["', '\\u0022'];
    const rows = values.map((AlertName, i) => ({
      TimeGenerated: '2026-01-01T00:00:00.000Z',
      SystemAlertId: `id-${i}`,
      AlertName,
    }));
    const cols = ['TimeGenerated', 'SystemAlertId', 'AlertName'];
    for (const [name, text] of [
      ['bs.json', laApi(cols, rows)],
      ['bs-array.json', jsonArray(cols, rows)],
      ['bs.csv', csv(cols, rows)],
    ] as const) {
      const path = dir.file(name, text);
      for (let chunkBytes = 1; chunkBytes <= 24; chunkBytes++) {
        const { rows: back } = await readAll(readAlerts(path, { chunkBytes }));
        expect(
          back.map((r) => r.row.AlertName),
          `${name} @${chunkBytes}`,
        ).toEqual(values);
      }
    }
  });

  it('reads bytes in memory like the file, naming them in the summary', async () => {
    const bytes = readFileSync(fixture('alerts-bom.csv'));
    const { rows, summary } = await readAll(readAlerts({ name: 'upload.csv', bytes }, { chunkBytes: 5 }));
    expect(rows.map((r) => r.row)).toEqual(EXPECTED_ALERTS);
    expect(summary).toMatchObject({ file: 'upload.csv', format: 'csv', bom: true, complete: true });
  });

  it('keeps file order, and fills the summary as it goes (complete only at the end)', async () => {
    const reader = readAlerts(fixture('alerts-la-api.json'));
    const first = await reader.next();
    expect(first.done).toBe(false);
    expect(reader.summary.complete).toBe(false);
    expect(reader.summary.format).toBe('la-api-json');
    const rest: number[] = [];
    for await (const { fileRow } of reader) rest.push(fileRow);
    expect(rest).toEqual([2, 3, 4, 5]);
    expect(reader.summary.complete).toBe(true);
  });
});

describe('2019 column names (pandas CSV export)', () => {
  it('maps StartTimeUtc/EndTimeUtc/ProviderAlertId/Severity/AlertName, ignores the index, reads zone-less times as UTC', async () => {
    const { rows, summary } = await readAll(readAlerts(fixture('alerts-2019.csv')));
    const name = mdcAlertName(Date.parse('2019-01-10T04:15:02Z'), 'e0c9484b-ad5f-4161-b73b-388676c05818');
    expect(rows.map((r) => r.row)).toEqual([
      {
        TimeGenerated: '2019-01-10T04:15:09.000Z',
        SystemAlertId: name,
        VendorOriginalId: 'e0c9484b-ad5f-4161-b73b-388676c05818',
        AlertName: 'Rare SVCHOST service group executed',
        AlertSeverity: 'Informational',
        AlertType: 'SuspiciousSVCHOSTRareGroup',
        ProductName: '',
        ProviderName: 'Detection',
        VendorName: 'Microsoft',
        AlertLink: '',
        Status: '',
        StartTime: '2019-01-10T04:15:02.000Z',
        EndTime: '2019-01-10T04:15:02.000Z',
        ProcessingEndTime: '',
        ResourceId: '/subscriptions/x/resourceGroups/y/providers/Microsoft.Compute/virtualMachines/HOST-1',
      },
      {
        TimeGenerated: '2019-01-12T06:41:44.000Z',
        SystemAlertId: '2d06cb42-bdff-426d-8091-ccc151bcbc94',
        VendorOriginalId: '8095ce01-1a2f-4973-95bb-bb46ee6c8016',
        AlertName: 'DC local group addition - Demo',
        AlertSeverity: 'Low',
        AlertType: 'DC local group addition - Demo',
        ProductName: '',
        ProviderName: 'CustomAlertRule',
        VendorName: 'Alert Rule',
        AlertLink: '',
        Status: '',
        StartTime: '2019-01-11T06:31:40.000Z',
        EndTime: '2019-01-12T06:31:40.000Z',
        ProcessingEndTime: '',
        ResourceId: '',
      },
    ]);
    expect(summary).toMatchObject({
      format: 'csv',
      rows: 2,
      complete: true,
      zoneLessTimestamps: 6,
      ignoredColumns: [''],
      renamed: {
        VendorOriginalId: 'ProviderAlertId',
        AlertSeverity: 'Severity',
        StartTime: 'StartTimeUtc',
        EndTime: 'EndTimeUtc',
      },
      missingColumns: ['ProductName', 'AlertLink', 'Status', 'ProcessingEndTime'],
    });
  });

  it('takes AlertDisplayName for AlertName only when AlertName and DisplayName are absent', async () => {
    const dir = tempDir();
    const only = dir.file(
      'legacy.csv',
      'TimeGenerated,SystemAlertId,AlertDisplayName\n2019-01-01 00:00:00,a,Shown name\n',
    );
    const { rows, summary } = await readAll(readAlerts(only));
    expect(rows[0]?.row.AlertName).toBe('Shown name');
    expect(summary.renamed).toEqual({ AlertName: 'AlertDisplayName' });
    const both = dir.file(
      'both.csv',
      'TimeGenerated,SystemAlertId,AlertDisplayName,DisplayName\n2019-01-01 00:00:00,a,Old,Current\n',
    );
    expect((await readAll(readAlerts(both))).rows[0]?.row.AlertName).toBe('Current');
  });

  it('prefers VendorOriginalId to ProviderAlertId when both exist, and Severity maps to AlertSeverity for alerts only', async () => {
    const dir = tempDir();
    const path = dir.file(
      'both.csv',
      'TimeGenerated,SystemAlertId,ProviderAlertId,VendorOriginalId,Severity\n2019-01-01T00:00:00Z,a,p,v,High\n',
    );
    const { rows } = await readAll(readAlerts(path));
    expect(rows[0]?.row).toMatchObject({ VendorOriginalId: 'v', AlertSeverity: 'High' });
  });
});

describe('timestamps', () => {
  it('normalises the forms exports hold to toISOString, zone-less ones as UTC (counted)', () => {
    const counts = { zoneLess: 0, offset: 0 };
    const cases: [string, string][] = [
      ['2019-01-10 04:15:02', '2019-01-10T04:15:02.000Z'],
      ['2019-02-18T02:29:07.000', '2019-02-18T02:29:07.000Z'],
      ['2023-02-20T11:04:02.6371632Z', '2023-02-20T11:04:02.637Z'],
      ['2023-02-20T11:04:02Z', '2023-02-20T11:04:02.000Z'],
      ['2023-02-20T11:04:02.5z', '2023-02-20T11:04:02.500Z'],
      ['2023-02-20T12:04:02+01:00', '2023-02-20T11:04:02.000Z'],
      ['2023-02-20T06:34:02.1-0430', '2023-02-20T11:04:02.100Z'],
      ['2023-02-20T11:04:02+00:00', '2023-02-20T11:04:02.000Z'],
      ['2023-02-20', '2023-02-20T00:00:00.000Z'],
      ['2024-02-29T23:59:59.999Z', '2024-02-29T23:59:59.999Z'],
    ];
    for (const [text, iso] of cases) expect(normaliseTimestamp(text, counts), text).toBe(iso);
    expect(counts).toEqual({ zoneLess: 3, offset: 2 });
  });

  it('rejects text that is not a date', () => {
    for (const text of [
      'yesterday',
      '2023-02-30T00:00:00Z',
      '2023-13-01',
      '2023-02-20T24:00:00Z',
      '2023-02-20T11:60:00Z',
      '0000-01-01T00:00:00Z',
      '2023-2-3',
      '20230220',
      '2023-02-20T11:04:02+25:00',
      '2023-02-20T11:04:02.Z',
    ]) {
      expect(normaliseTimestamp(text), text).toBeNull();
    }
  });

  it('agrees with Date for every ISO timestamp, in each written form', () => {
    fc.assert(
      fc.property(isoTime, fc.constantFrom('Z', '', '+00:00', '7'), (iso, form) => {
        const text =
          form === 'Z'
            ? iso
            : form === ''
              ? iso.slice(0, -1).replace('T', ' ')
              : form === '7'
                ? `${iso.slice(0, -1)}4567Z`
                : `${iso.slice(0, -1)}+00:00`;
        expect(normaliseTimestamp(text)).toBe(iso);
        expect(parseExportTime(text)).toBe(parseTime(iso));
      }),
      { numRuns: 2000 },
    );
  });

  it("reads the portal's en-US display form under a ' [UTC]' header as UTC, not counted as zone-less", async () => {
    const dir = tempDir();
    const path = dir.file(
      'portal.csv',
      'TimeGenerated [UTC],SystemAlertId,StartTime [UTC]\r\n"2/20/2023, 11:04:02.637 AM",a,"2/20/2023, 12:00:00.000 AM"\r\n',
    );
    const { rows, summary } = await readAll(readAlerts(path));
    expect(rows[0]?.row).toMatchObject({
      TimeGenerated: '2023-02-20T11:04:02.637Z',
      StartTime: '2023-02-20T00:00:00.000Z',
    });
    expect(summary.zoneLessTimestamps).toBe(0);
    expect(summary.renamed).toEqual({});
  });
});

const EXPECTED_INCIDENTS: SecurityIncidentRow[] = [
  {
    TimeGenerated: '2026-01-01T10:05:00.000Z',
    IncidentName: '3fa85f64-5717-4562-b3fc-2c963f66afa6',
    IncidentNumber: 17,
    Title: 'Suspicious process executed',
    Severity: 'Medium',
    Status: 'New',
    Classification: '',
    ProviderName: 'Azure Sentinel',
    ProviderIncidentId: '17',
    Labels: [],
    AlertIds: ['5f1c0a7e-0000-4000-8000-000000000001'],
    CreatedTime: '2026-01-01T10:04:59.500Z',
    LastModifiedTime: '2026-01-01T10:04:59.500Z',
    ClosedTime: '',
    ModifiedBy: 'Incident created from alert',
  },
  {
    TimeGenerated: '2026-01-01T10:20:00.000Z',
    IncidentName: '9b2e6c1d-0000-4000-8000-0000000000aa',
    IncidentNumber: 18,
    Title: 'Suspicious process executed on one endpoint',
    Severity: 'Medium',
    Status: 'New',
    Classification: '',
    ProviderName: 'Microsoft XDR',
    ProviderIncidentId: '4242',
    Labels: [],
    AlertIds: [],
    CreatedTime: '2026-01-01T10:19:58.000Z',
    LastModifiedTime: '2026-01-01T10:19:58.000Z',
    ClosedTime: '',
    ModifiedBy: 'Microsoft 365 Defender',
  },
  {
    TimeGenerated: '2026-01-01T10:50:00.000Z',
    IncidentName: '9b2e6c1d-0000-4000-8000-0000000000aa',
    IncidentNumber: 18,
    Title: 'Suspicious process executed on one endpoint',
    Severity: 'Medium',
    Status: 'Closed',
    Classification: 'Undetermined',
    ProviderName: 'Microsoft 365 Defender',
    ProviderIncidentId: '4242',
    Labels: [
      { labelName: 'Redirected', labelType: 'AutoAssigned' },
      { labelName: 'Tier "2", EMEA', labelType: 'User' },
    ],
    AlertIds: ['5f1c0a7e-0000-4000-8000-000000000001', '5f1c0a7e-0000-4000-8000-000000000002'],
    CreatedTime: '2026-01-01T10:19:58.000Z',
    LastModifiedTime: '2026-01-01T10:49:00.000Z',
    ClosedTime: '2026-01-01T10:49:00.000Z',
    ModifiedBy: 'Microsoft Defender XDR - alert correlation',
  },
];

describe('incident fixtures', () => {
  it.each([
    ['incidents-la-api.json', 'la-api-json'],
    ['incidents-array.json', 'json-array'],
    ['incidents.csv', 'csv'],
  ] as const)('%s reads Labels/AlertIds (JSON text or arrays) to the expected rows', async (name, format) => {
    const { rows, summary } = await readAll(readIncidents(fixture(name)));
    expect(rows.map((r) => r.row)).toEqual(EXPECTED_INCIDENTS);
    expect(summary).toMatchObject({
      format,
      rows: 3,
      complete: true,
      table: 'SecurityIncident',
      missingColumns: [],
    });
    expect(summary.columns).toEqual([...INCIDENT_COLUMN_NAMES]);
  });

  it('keeps both XDR provider spellings as they are, for the model to treat as one', async () => {
    const { rows } = await readAll(readIncidents(fixture('incidents-la-api.json')));
    expect(rows.map((r) => r.row.ProviderName)).toEqual([
      'Azure Sentinel',
      'Microsoft XDR',
      'Microsoft 365 Defender',
    ]);
    expect(rows.map((r) => isXdrProvider(r.row.ProviderName))).toEqual([false, true, true]);
    expect(rows[2]?.row.Labels.some(isRedirectLabel)).toBe(true);
  });

  it('accepts labels given as plain strings, null labelType, and null dynamic columns', async () => {
    const dir = tempDir();
    const path = dir.file(
      'inc.json',
      JSON.stringify([
        {
          IncidentNumber: '5',
          LastModifiedTime: '2026-01-01T00:00:00Z',
          Labels: ['Redirected', { labelName: 'x', labelType: null }],
          AlertIds: null,
        },
      ]),
    );
    const { rows } = await readAll(readIncidents(path));
    expect(rows[0]?.row).toMatchObject({
      IncidentNumber: 5,
      Labels: [
        { labelName: 'Redirected', labelType: '' },
        { labelName: 'x', labelType: '' },
      ],
      AlertIds: [],
    });
  });
});

describe('summary of columns present', () => {
  it('says which model columns a file lacks, so a checker can call a check undecidable', async () => {
    const dir = tempDir();
    const path = dir.file('min.csv', 'SystemAlertId,TimeGenerated,Unrelated\nA,2026-01-01T00:00:00Z,x\n');
    const { summary } = await readAll(readAlerts(path));
    expect(summary.columns).toEqual(['TimeGenerated', 'SystemAlertId']);
    expect(summary.missingColumns).toContain('AlertLink');
    expect(summary.sourceColumns).toEqual(['SystemAlertId', 'TimeGenerated', 'Unrelated']);
  });

  it('for a JSON array, the columns are those any row has', async () => {
    const dir = tempDir();
    const path = dir.file(
      'a.json',
      JSON.stringify([
        { SystemAlertId: 'a', TimeGenerated: '2026-01-01T00:00:00Z' },
        {
          SystemAlertId: 'b',
          TimeGenerated: '2026-01-01T00:00:00Z',
          StartTimeUtc: '2026-01-01 00:00:00',
          Extra: 1,
        },
      ]),
    );
    const { rows, summary } = await readAll(readAlerts(path));
    expect(rows[1]?.row.StartTime).toBe('2026-01-01T00:00:00.000Z');
    expect(summary.columns).toEqual(['TimeGenerated', 'SystemAlertId', 'StartTime']);
    expect(summary.renamed).toEqual({ StartTime: 'StartTimeUtc' });
    expect(summary.sourceColumns).toEqual(['SystemAlertId', 'TimeGenerated', 'StartTimeUtc', 'Extra']);
    expect(summary.zoneLessTimestamps).toBe(1);
  });

  it('reads a header-only file as zero rows, complete', async () => {
    const dir = tempDir();
    const { rows, summary } = await readAll(readAlerts(dir.file('h.csv', 'TimeGenerated,SystemAlertId\r\n')));
    expect(rows).toEqual([]);
    expect(summary).toMatchObject({ rows: 0, complete: true });
    const api = await readAll(readAlerts(dir.file('h.json', laApi(['TimeGenerated', 'SystemAlertId'], []))));
    expect(api.summary).toMatchObject({ rows: 0, complete: true, format: 'la-api-json' });
    const arr = await readAll(readAlerts(dir.file('e.json', ' [ ] ')));
    expect(arr.summary).toMatchObject({ rows: 0, complete: true, format: 'json-array' });
  });

  it('reads only the first table of a multi-table API response, skipping the rest', async () => {
    const dir = tempDir();
    const one = JSON.parse(
      laApi(
        ['TimeGenerated', 'SystemAlertId'],
        [{ TimeGenerated: '2026-01-01T00:00:00Z', SystemAlertId: 'a' }],
      ),
    );
    one.tables.push({
      name: 'Other',
      columns: [{ name: 'x', type: 'string' }],
      rows: [['q'], [['nested', { a: ']' }]]],
    });
    one.statistics = { query: { executionTime: 0.1 } };
    const { rows, summary } = await readAll(readAlerts(dir.file('multi.json', JSON.stringify(one, null, 2))));
    expect(rows.map((r) => r.row.SystemAlertId)).toEqual(['a']);
    expect(summary.complete).toBe(true);
  });
});

describe('round trips of generated rows', () => {
  const dir = tempDir();
  const writers = { laApi, jsonArray, csv } as const;

  it('alerts: every format, current and legacy names, any chunk size', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(alertRow, { maxLength: 6 }),
        fc.constantFrom('laApi', 'jsonArray', 'csv'),
        fc.boolean(),
        fc.integer({ min: 1, max: 300 }),
        async (rows, format, legacy, chunkBytes) => {
          const text = writers[format](
            ALERT_COLUMN_NAMES,
            rows as unknown as Record<string, unknown>[],
            legacy ? LEGACY_ALERT_NAMES : {},
          );
          const path = dir.file(`rt.${format}`, text);
          const { rows: back, summary } = await readAll(readAlerts(path, { chunkBytes }));
          expect(back.map((r) => r.row)).toEqual(rows);
          expect(back.map((r) => r.fileRow)).toEqual(rows.map((_, i) => i + 1));
          expect(summary.complete).toBe(true);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('incidents: every format, dynamic columns as text or arrays, any chunk size', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(incidentRow, { maxLength: 5 }),
        fc.constantFrom('laApi', 'jsonArray', 'csv'),
        fc.integer({ min: 1, max: 300 }),
        async (rows, format, chunkBytes) => {
          const text = writers[format](INCIDENT_COLUMN_NAMES, rows as unknown as Record<string, unknown>[]);
          const path = dir.file(`rti.${format}`, text);
          const { rows: back } = await readAll(readIncidents(path, { chunkBytes }));
          expect(back.map((r) => r.row)).toEqual(rows);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('a BOM and LF line ends change nothing', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(alertRow, { minLength: 1, maxLength: 4 }), async (rows) => {
        const text = `\ufeff${csv(ALERT_COLUMN_NAMES, rows as unknown as Record<string, unknown>[], {}, '\n')}`;
        const reader = readAlerts(dir.file('bom.csv', text));
        const { rows: back, summary } = await readAll(reader);
        expect(back.map((r) => r.row)).toEqual(rows);
        expect((summary as TraceSummary).bom).toBe(true);
      }),
      { numRuns: 100 },
    );
  });
});
