/**
 * Helpers for the trace-check tests: judging rows held in memory (a simulator's observation) as if read from
 * complete exports, writing rows as real export files (Log Analytics API JSON, CSV, JSON array), and
 * looking up one verdict.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { WorkspaceConfig } from '../../model/config.ts';
import type { SecurityAlertRow, SecurityIncidentRow } from '../../model/tables.ts';
import {
  ALERT_COLUMNS,
  INCIDENT_COLUMNS,
  type TraceSummary,
  type TraceTable,
} from '../../src/trace/index.ts';
import { TraceChecker, type TraceCheckResult } from '../../src/trace-check/check.ts';
import type { TraceVerdict } from '../../src/trace-check/verdict.ts';

export const FIXTURES = new URL('../fixtures/trace-check/', import.meta.url).pathname;

export function fixture(name: string): string {
  return join(FIXTURES, name);
}

/** A reader's summary of a complete export with every model column. */
export function fullSummary(table: TraceTable, file: string, rows: number): TraceSummary {
  const columns = (table === 'SecurityAlert' ? ALERT_COLUMNS : INCIDENT_COLUMNS).map((c) => c.name);
  return {
    file,
    table,
    format: 'la-api-json',
    bom: false,
    sourceColumns: columns,
    columns,
    missingColumns: [],
    renamed: {},
    ignoredColumns: [],
    rows,
    zoneLessTimestamps: 0,
    offsetTimestamps: 0,
    complete: true,
  };
}

/** Judges rows held in memory, as from complete exports (file rows are 1-based positions). */
export function checkRows(
  alerts: readonly SecurityAlertRow[],
  incidents: readonly SecurityIncidentRow[] | null,
  config: WorkspaceConfig | null = null,
): TraceCheckResult {
  const checker = new TraceChecker(
    { alerts: 'alerts.json', incidents: incidents === null ? null : 'incidents.json' },
    config,
    config === null ? null : 'workspace.json',
  );
  for (const [i, row] of alerts.entries()) {
    const { _Connector, ...plain } = row;
    void _Connector;
    checker.addAlert(plain, i + 1);
  }
  for (const [i, row] of (incidents ?? []).entries()) checker.addIncident(row, i + 1);
  return checker.finish(
    fullSummary('SecurityAlert', 'alerts.json', alerts.length),
    incidents === null ? null : fullSummary('SecurityIncident', 'incidents.json', incidents.length),
  );
}

export function verdictOf(result: TraceCheckResult, id: string): TraceVerdict {
  const found = result.verdicts.find((v) => v.id === id);
  if (!found) throw new Error(`no verdict for ${id}`);
  return found;
}

// ------------------------------------------------------------------------------------------ export files

type Row = Record<string, unknown>;

const LA_TYPES: Record<string, string> = {
  TimeGenerated: 'datetime',
  StartTime: 'datetime',
  EndTime: 'datetime',
  ProcessingEndTime: 'datetime',
  CreatedTime: 'datetime',
  LastModifiedTime: 'datetime',
  ClosedTime: 'datetime',
  FirstModifiedTime: 'datetime',
  IncidentNumber: 'int',
  Labels: 'dynamic',
  AlertIds: 'dynamic',
  Owner: 'dynamic',
};

/** A Log Analytics query API response (`tables[0].columns` + `rows`), as `az rest` or the API returns it. */
export function laApiJson(columns: readonly string[], rows: readonly Row[]): string {
  const table = {
    name: 'PrimaryResult',
    columns: columns.map((name) => ({ name, type: LA_TYPES[name] ?? 'string' })),
    rows: rows.map((row) =>
      columns.map((c) => {
        const value = row[c];
        // The API sends dynamic columns as JSON text.
        return Array.isArray(value) ? JSON.stringify(value) : (value ?? null);
      }),
    ),
  };
  return `${JSON.stringify({ tables: [table] }, null, 1)}\n`;
}

function csvField(value: unknown): string {
  const text =
    value === null || value === undefined ? '' : Array.isArray(value) ? JSON.stringify(value) : String(value);
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** A portal / `Export to CSV` file: a header, CRLF line ends, RFC 4180 quoting. */
export function csv(columns: readonly string[], rows: readonly Row[]): string {
  return [columns.join(','), ...rows.map((row) => columns.map((c) => csvField(row[c])).join(','))]
    .map((line) => `${line}\r\n`)
    .join('');
}

/** A JSON array of row objects (`az monitor log-analytics query` output). */
export function jsonArray(rows: readonly Row[]): string {
  return `${JSON.stringify(rows, null, 1)}\n`;
}

/** A fresh temporary directory, removed by `removeTemporary()`. */
const made: string[] = [];
export function temporaryDir(prefix = 'sc-trace-check-'): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  made.push(dir);
  return dir;
}
export function removeTemporary(): void {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
}

export function writeText(dir: string, name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}
