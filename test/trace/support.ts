/**
 * Helpers for the trace-reader tests: fixture paths, temp files, writers for the three export forms (so
 * property tests can round-trip generated rows), and arbitraries for rows.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { afterAll } from 'vitest';
import type { IncidentLabel, SecurityAlertRow, SecurityIncidentRow } from '../../model/tables.ts';

const here = dirname(fileURLToPath(import.meta.url));
export const FIXTURES = resolve(here, '../fixtures/trace');
export const REAL = resolve(here, '../../../shared/data/real');

export function fixture(name: string): string {
  return join(FIXTURES, name);
}

const tempDirs: string[] = [];
// Registered when a test file imports this module, so dirs made inside tests are removed after the file too.
afterAll(() => {
  for (const dir of tempDirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A temp dir, removed after the test file. */
export function tempDir(): { file(name: string, content: string | Buffer): string } {
  const dir = mkdtempSync(join(tmpdir(), 'trace-test-'));
  tempDirs.push(dir);
  let n = 0;
  return {
    file(name: string, content: string | Buffer): string {
      const path = join(dir, `${n++}-${name}`);
      writeFileSync(path, content);
      return path;
    },
  };
}

export const ALERT_COLUMN_NAMES = [
  'TimeGenerated',
  'SystemAlertId',
  'VendorOriginalId',
  'AlertName',
  'AlertSeverity',
  'AlertType',
  'ProductName',
  'ProviderName',
  'VendorName',
  'AlertLink',
  'Status',
  'StartTime',
  'EndTime',
  'ProcessingEndTime',
  'ResourceId',
] as const;

export const INCIDENT_COLUMN_NAMES = [
  'TimeGenerated',
  'IncidentName',
  'IncidentNumber',
  'Title',
  'Severity',
  'Status',
  'Classification',
  'ProviderName',
  'ProviderIncidentId',
  'Labels',
  'AlertIds',
  'CreatedTime',
  'LastModifiedTime',
  'ClosedTime',
  'ModifiedBy',
] as const;

const DATETIME = new Set([
  'TimeGenerated',
  'StartTime',
  'EndTime',
  'ProcessingEndTime',
  'CreatedTime',
  'LastModifiedTime',
  'ClosedTime',
]);
const DYNAMIC = new Set(['Labels', 'AlertIds']);

type Row = Record<string, unknown>;

/** A Log Analytics query API response; dynamic columns as JSON text, as the API sends them. */
export function laApi(
  names: readonly string[],
  rows: readonly Row[],
  rename: Record<string, string> = {},
): string {
  const columns = names.map((name) => ({
    name: rename[name] ?? name,
    type: DATETIME.has(name)
      ? 'datetime'
      : DYNAMIC.has(name)
        ? 'dynamic'
        : name === 'IncidentNumber'
          ? 'int'
          : 'string',
  }));
  const values = rows.map((row) =>
    names.map((name) => (DYNAMIC.has(name) ? JSON.stringify(row[name]) : row[name])),
  );
  return JSON.stringify({ tables: [{ name: 'PrimaryResult', columns, rows: values }] });
}

/** A JSON array of row objects; dynamic columns as arrays. */
export function jsonArray(
  names: readonly string[],
  rows: readonly Row[],
  rename: Record<string, string> = {},
): string {
  return JSON.stringify(
    rows.map((row) => Object.fromEntries(names.map((name) => [rename[name] ?? name, row[name]]))),
    null,
    1,
  );
}

export function csvField(value: unknown): string {
  const text =
    value === null || value === undefined
      ? ''
      : typeof value === 'string'
        ? value
        : typeof value === 'number'
          ? String(value)
          : JSON.stringify(value);
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** RFC 4180 CSV; dynamic columns as JSON text. */
export function csv(
  names: readonly string[],
  rows: readonly Row[],
  rename: Record<string, string> = {},
  eol = '\r\n',
): string {
  const lines = [names.map((name) => csvField(rename[name] ?? name)).join(',')];
  for (const row of rows) lines.push(names.map((name) => csvField(row[name])).join(','));
  return `${lines.join(eol)}${eol}`;
}

export const LEGACY_ALERT_NAMES: Record<string, string> = {
  StartTime: 'StartTimeUtc',
  EndTime: 'EndTimeUtc',
  AlertName: 'AlertDisplayName',
  AlertSeverity: 'Severity',
  VendorOriginalId: 'ProviderAlertId',
};

/** Text with the characters that stress CSV and JSON scanning. */
export const nastyText = fc.string({
  unit: fc.oneof(
    {
      weight: 4,
      arbitrary: fc.constantFrom(
        '"',
        ',',
        '\n',
        '\r',
        '\r\n',
        '\\',
        '[',
        ']',
        '{',
        '}',
        ':',
        ' ',
        '\t',
        'é',
        '–',
        '😀',
        '\u2028',
      ),
    },
    { weight: 6, arbitrary: fc.string({ unit: 'grapheme-ascii', minLength: 1, maxLength: 1 }) },
  ),
  maxLength: 30,
});

export const isoTime = fc
  .date({ min: new Date('1900-01-01T00:00:00Z'), max: new Date('2200-12-31T23:59:59Z'), noInvalidDate: true })
  .map((d) => d.toISOString());

const maybeTime = fc.oneof({ weight: 4, arbitrary: isoTime }, { weight: 1, arbitrary: fc.constant('') });

export const alertRow: fc.Arbitrary<SecurityAlertRow> = fc.record({
  TimeGenerated: isoTime,
  SystemAlertId: nastyText.filter((s) => s !== ''),
  VendorOriginalId: nastyText,
  AlertName: nastyText,
  AlertSeverity: fc.constantFrom('Informational', 'Low', 'Medium', 'High', ''),
  AlertType: nastyText,
  ProductName: nastyText,
  ProviderName: nastyText,
  VendorName: nastyText,
  AlertLink: nastyText,
  Status: fc.constantFrom('New', 'InProgress', 'Resolved', 'Dismissed', 'Unknown', ''),
  StartTime: maybeTime,
  EndTime: maybeTime,
  ProcessingEndTime: maybeTime,
  ResourceId: nastyText,
});

const label: fc.Arbitrary<IncidentLabel> = fc.record({
  labelName: nastyText,
  labelType: fc.constantFrom('User', 'AutoAssigned'),
});

export const incidentRow: fc.Arbitrary<SecurityIncidentRow> = fc.record({
  TimeGenerated: maybeTime,
  IncidentName: nastyText,
  IncidentNumber: fc.nat({ max: 10_000_000 }),
  Title: nastyText,
  Severity: fc.constantFrom('Informational', 'Low', 'Medium', 'High'),
  Status: fc.constantFrom('New', 'Active', 'Closed'),
  Classification: fc.constantFrom('', 'Undetermined', 'TruePositive', 'BenignPositive', 'FalsePositive'),
  ProviderName: fc.constantFrom('Azure Sentinel', 'Microsoft XDR', 'Microsoft 365 Defender'),
  ProviderIncidentId: nastyText,
  Labels: fc.array(label, { maxLength: 3 }),
  AlertIds: fc.array(nastyText, { maxLength: 4 }),
  CreatedTime: maybeTime,
  LastModifiedTime: isoTime,
  ClosedTime: maybeTime,
  ModifiedBy: nastyText,
});
