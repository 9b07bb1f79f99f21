/**
 * Writers for the forms a workspace's data export and export jobs write, in their documented layout, for the
 * export tests (nothing binary is committed: every file is made here, in a temp dir).
 *
 * - Storage account: container `am-<Table>`, folders
 *   `WorkspaceResourceId=/subscriptions/<sub>/resourcegroups/<rg>/providers/microsoft.operationalinsights/workspaces/<ws>/y=YYYY/m=MM/d=DD/h=HH/m=MM/`,
 *   blobs `PT05M.json` (`PT05M_1.json`, … after 50,000 appends; `PT1H.json` from older rules), JSON lines.
 * - Event Hubs: messages `{"records": [ … ]}`.
 * - Export jobs: gzip Parquet, a file an hour.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { type ColumnSource, parquetWriteBuffer } from 'hyparquet-writer';
import { afterAll } from 'vitest';

const roots: string[] = [];
afterAll(() => {
  for (const dir of roots.splice(0)) rmSync(dir, { recursive: true, force: true });
});

export function tempRoot(): string {
  const dir = mkdtempSync(join(tmpdir(), 'trace-export-'));
  roots.push(dir);
  return dir;
}

export const WORKSPACE =
  'WorkspaceResourceId=/subscriptions/00000000-1111-2222-3333-444444444444/resourcegroups/rg-soc/providers/microsoft.operationalinsights/workspaces/ws-soc';

const pad = (n: number) => String(n).padStart(2, '0');

/** The folder (under the container) of the 5-minute (or hour) window that starts at `at`. */
export function timeFolder(at: Date): string {
  return `${WORKSPACE}/y=${at.getUTCFullYear()}/m=${pad(at.getUTCMonth() + 1)}/d=${pad(at.getUTCDate())}/h=${pad(at.getUTCHours())}/m=${pad(at.getUTCMinutes())}`;
}

/** Writes a blob under `container` at `under` (a `/`-separated path); returns its full path. */
export function writeBlob(container: string, under: string, content: string | Uint8Array): string {
  const path = join(container, ...under.split('/'));
  mkdirSync(join(path, '..'), { recursive: true });
  writeFileSync(path, content);
  return path;
}

/** JSON lines: one record a line, as the storage account's blobs hold them. */
export function jsonLines(records: readonly object[]): string {
  return records.map((record) => `${JSON.stringify(record)}\n`).join('');
}

/** One Event Hubs message. */
export function eventHubsMessage(records: readonly object[]): string {
  return JSON.stringify({ records });
}

/** A SecurityAlert record as data export writes it (the table's columns plus the export's own). */
export function alertRecord(i: number, generated: string, extra: Record<string, unknown> = {}) {
  return {
    TenantId: '52b1ab41-869e-4138-9e40-2a4457f09bf0',
    TimeGenerated: generated,
    DisplayName: `Suspicious process ${i}`,
    AlertName: `Suspicious process ${i}`,
    AlertSeverity: 'Medium',
    Description: 'A suspicious process was executed.',
    ProviderName: 'Azure Security Center',
    VendorName: 'Microsoft',
    VendorOriginalId: `vendor-${i}`,
    SystemAlertId: `alert-${i}`,
    AlertLink: '',
    ResourceId: '/subscriptions/x/resourceGroups/rg/providers/Microsoft.Compute/virtualMachines/vm1',
    ProductName: 'Azure Security Center',
    AlertType: 'VM_SuspiciousProcess',
    Status: 'New',
    StartTime: '2025-03-01T00:00:00.0000000Z',
    EndTime: '2025-03-01T00:00:00.0000000Z',
    ProcessingEndTime: generated,
    Entities: [{ $id: '2', HostName: 'vm1', Type: 'host', Status: 'nested, not the alert status' }],
    ExtendedProperties: '{"resourceType":"Virtual Machine"}',
    Type: 'SecurityAlert',
    _ItemId: `item-${i}-${generated}`,
    _Internal_WorkspaceResourceId:
      '/subscriptions/x/resourcegroups/rg-soc/providers/microsoft.operationalinsights/workspaces/ws-soc',
    ...extra,
  };
}

/** A SecurityIncident record as data export writes it. */
export function incidentRecord(n: number, modified: string) {
  return {
    TenantId: '52b1ab41-869e-4138-9e40-2a4457f09bf0',
    TimeGenerated: modified,
    IncidentName: `guid-${n}`,
    Title: `Incident ${n}`,
    Severity: 'Medium',
    Status: 'New',
    ProviderName: 'Azure Sentinel',
    IncidentNumber: n,
    LastModifiedTime: modified,
    CreatedTime: '2025-03-01T00:00:00Z',
    AlertIds: [`alert-${n}`],
    Labels: [],
    Owner: { objectId: null, email: null, assignedTo: null },
    AdditionalData: { alertsCount: 1, alertProductNames: ['Azure Security Center'] },
    Type: 'SecurityIncident',
  };
}

/** A gzip Parquet file of alert records (TimeGenerated as a UTC timestamp in µs, other columns text). */
export function alertParquet(
  records: readonly ReturnType<typeof alertRecord>[],
  rowGroupSize = 1000,
): Uint8Array {
  const text = (key: keyof ReturnType<typeof alertRecord>): ColumnSource => ({
    name: key,
    data: records.map((r) => {
      const v = r[key];
      return typeof v === 'string' ? v : JSON.stringify(v);
    }),
    type: 'STRING',
  });
  const columns: ColumnSource[] = [
    { name: 'TenantId', data: records.map((r) => r.TenantId), type: 'STRING' },
    { name: 'TimeGenerated', data: records.map((r) => new Date(r.TimeGenerated)), type: 'TIMESTAMP' },
    text('AlertName'),
    text('AlertSeverity'),
    text('SystemAlertId'),
    text('VendorOriginalId'),
    text('ProviderName'),
    text('ProductName'),
    text('Status'),
    text('StartTime'),
    text('Entities'),
    text('_ItemId'),
  ];
  const buffer = parquetWriteBuffer({
    columnData: columns,
    codec: 'GZIP',
    compressors: { GZIP: (input: Uint8Array) => new Uint8Array(gzipSync(input)) },
    rowGroupSize,
  });
  return new Uint8Array(buffer);
}
