/**
 * From an export's columns to the model's row types: which source column feeds each model column (current
 * names first, then the legacy ones), and how each value is coerced. Columns the model does not keep are
 * ignored; a pandas index column (unnamed) is ignored; a portal header suffix ` [UTC]` is dropped.
 */
import type { IncidentLabel, SecurityAlertRow, SecurityIncidentRow } from '../../model/tables.ts';
import { preview, TraceInputError } from './errors.ts';
import { normaliseTimestamp, parsePortalTime, type TimestampCounts } from './timestamps.ts';

export type TraceTable = 'SecurityAlert' | 'SecurityIncident';
type Kind = 'string' | 'time' | 'int' | 'labels' | 'ids';

export interface ColumnSpec {
  /** The model's column. */
  name: string;
  kind: Kind;
  /** Source names, in order of preference: the current name, then legacy ones. */
  sources: readonly string[];
  /** A file without it cannot be checked at all. */
  required: boolean;
}

function col(
  name: string,
  kind: Kind = 'string',
  legacy: readonly string[] = [],
  required = false,
): ColumnSpec {
  return { name, kind, sources: [name, ...legacy], required };
}

export const ALERT_COLUMNS: readonly ColumnSpec[] = [
  col('TimeGenerated', 'time', [], true),
  col('SystemAlertId', 'string', [], true),
  col('VendorOriginalId', 'string', ['ProviderAlertId']),
  col('AlertName', 'string', ['DisplayName', 'AlertDisplayName']),
  col('AlertSeverity', 'string', ['Severity']),
  col('AlertType'),
  col('ProductName'),
  col('ProviderName'),
  col('VendorName'),
  col('AlertLink'),
  col('Status'),
  col('StartTime', 'time', ['StartTimeUtc']),
  col('EndTime', 'time', ['EndTimeUtc']),
  col('ProcessingEndTime', 'time'),
  col('ResourceId'),
];

export const INCIDENT_COLUMNS: readonly ColumnSpec[] = [
  col('TimeGenerated', 'time'),
  col('IncidentName'),
  col('IncidentNumber', 'int', [], true),
  col('Title'),
  col('Severity'),
  col('Status'),
  col('Classification'),
  col('ProviderName'),
  col('ProviderIncidentId'),
  col('Labels', 'labels'),
  col('AlertIds', 'ids'),
  col('CreatedTime', 'time'),
  col('LastModifiedTime', 'time', [], true),
  col('ClosedTime', 'time'),
  col('ModifiedBy'),
];

export function columnsOf(table: TraceTable): readonly ColumnSpec[] {
  return table === 'SecurityAlert' ? ALERT_COLUMNS : INCIDENT_COLUMNS;
}

/**
 * A source column's name as the model matches it; null for a column to ignore (a pandas index). The portal
 * marks datetime columns ` [UTC]`, or ` [Local Time]` when the user shows local time: the latter cannot be
 * read as UTC, so it is refused.
 */
export function cleanColumnName(raw: string, file: string): { name: string; utc: boolean } | null {
  const name = raw.trim();
  if (name === '' || /^Unnamed: \d+$/.test(name)) return null;
  const suffix = /^(.*?)\s*\[([^\]]*)\]$/.exec(name);
  if (suffix === null) return { name, utc: false };
  if ((suffix[2] as string).trim().toUpperCase() !== 'UTC') {
    throw new TraceInputError(
      'unsupported-layout',
      file,
      null,
      raw,
      'times exported in local time cannot be read as UTC: export with the time zone set to UTC',
    );
  }
  return { name: suffix[1] as string, utc: true };
}

/** What a reader needs to coerce one value, and to name it in an error. */
export interface Context {
  file: string;
  row: number;
  /** The column as the file names it. */
  column: string;
  counts: TimestampCounts;
  /** The header says the column is UTC (portal ` [UTC]`): zone-less values are not counted as assumed. */
  utc: boolean;
}

function fail(ctx: Context, code: 'wrong-type' | 'bad-timestamp' | 'missing-value', reason: string): never {
  throw new TraceInputError(code, ctx.file, ctx.row, ctx.column, reason);
}

function typeName(value: unknown): string {
  return value === null
    ? 'null'
    : Array.isArray(value)
      ? 'an array'
      : typeof value === 'object'
        ? 'an object'
        : `a ${typeof value}`;
}

export function coerceString(value: unknown, ctx: Context): string {
  if (typeof value === 'string') return value;
  if (value === null || value === undefined) return '';
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint')
    return String(value);
  return fail(ctx, 'wrong-type', `expected a string, found ${typeName(value)}: ${preview(value)}`);
}

const UNCOUNTED: TimestampCounts = { zoneLess: 0, offset: 0 };

export function coerceTime(value: unknown, ctx: Context): string {
  if (value === null || value === undefined || value === '') return '';
  if (typeof value !== 'string') {
    return fail(
      ctx,
      'wrong-type',
      `expected a timestamp (text), found ${typeName(value)}: ${preview(value)}`,
    );
  }
  const text = value.trim();
  if (text === '') return '';
  const counts = ctx.utc ? UNCOUNTED : ctx.counts;
  const iso = normaliseTimestamp(text, counts);
  if (iso !== null) return iso;
  const portal = parsePortalTime(text);
  if (!Number.isNaN(portal)) {
    if (!ctx.utc) ctx.counts.zoneLess++;
    return new Date(portal).toISOString();
  }
  return fail(ctx, 'bad-timestamp', `not a timestamp: ${preview(value)}`);
}

export function coerceInt(value: unknown, ctx: Context): number {
  if (typeof value === 'number' && Number.isSafeInteger(value) && value >= 0) return value;
  if (typeof value === 'string' && /^\s*\d{1,15}\s*$/.test(value)) return Number(value);
  if (value === null || value === undefined || value === '') return fail(ctx, 'missing-value', 'no value');
  return fail(ctx, 'wrong-type', `expected a whole number, found ${typeName(value)}: ${preview(value)}`);
}

/** A dynamic column: an array, or its JSON text (as the query API and CSV give it). '' and null are []. */
function dynamicArray(value: unknown, ctx: Context): unknown[] {
  if (value === null || value === undefined) return [];
  if (Array.isArray(value)) return value;
  if (typeof value === 'string') {
    const text = value.trim();
    if (text === '') return [];
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      return fail(ctx, 'wrong-type', `expected a JSON array, found text that is not JSON: ${preview(value)}`);
    }
    if (Array.isArray(parsed)) return parsed;
    if (parsed === null) return [];
    return fail(ctx, 'wrong-type', `expected a JSON array, found ${typeName(parsed)}: ${preview(value)}`);
  }
  return fail(ctx, 'wrong-type', `expected an array, found ${typeName(value)}: ${preview(value)}`);
}

export function coerceIds(value: unknown, ctx: Context): string[] {
  return dynamicArray(value, ctx).map((id) => {
    if (typeof id === 'string') return id;
    if (typeof id === 'number') return String(id);
    return fail(ctx, 'wrong-type', `an alert id is ${typeName(id)}: ${preview(id)}`);
  });
}

export function coerceLabels(value: unknown, ctx: Context): IncidentLabel[] {
  return dynamicArray(value, ctx).map((label) => {
    if (typeof label === 'string') return { labelName: label, labelType: '' };
    const l = label as { labelName?: unknown; labelType?: unknown } | null;
    if (typeof l === 'object' && l !== null && !Array.isArray(l) && typeof l.labelName === 'string') {
      const labelType = l.labelType === undefined || l.labelType === null ? '' : l.labelType;
      if (typeof labelType !== 'string')
        return fail(ctx, 'wrong-type', `a labelType is ${typeName(labelType)}`);
      return { labelName: l.labelName, labelType };
    }
    return fail(ctx, 'wrong-type', `a label is not {labelName, labelType}: ${preview(label)}`);
  });
}

export function coerce(kind: Kind, value: unknown, ctx: Context): unknown {
  switch (kind) {
    case 'string':
      return coerceString(value, ctx);
    case 'time':
      return coerceTime(value, ctx);
    case 'int':
      return coerceInt(value, ctx);
    case 'labels':
      return coerceLabels(value, ctx);
    case 'ids':
      return coerceIds(value, ctx);
  }
}

export function emptyAlert(): SecurityAlertRow {
  return {
    TimeGenerated: '',
    SystemAlertId: '',
    VendorOriginalId: '',
    AlertName: '',
    AlertSeverity: '',
    AlertType: '',
    ProductName: '',
    ProviderName: '',
    VendorName: '',
    AlertLink: '',
    Status: '',
    StartTime: '',
    EndTime: '',
    ProcessingEndTime: '',
    ResourceId: '',
  };
}

export function emptyIncident(): SecurityIncidentRow {
  return {
    TimeGenerated: '',
    IncidentName: '',
    IncidentNumber: 0,
    Title: '',
    Severity: '',
    Status: '',
    Classification: '',
    ProviderName: '',
    ProviderIncidentId: '',
    Labels: [],
    AlertIds: [],
    CreatedTime: '',
    LastModifiedTime: '',
    ClosedTime: '',
    ModifiedBy: '',
  };
}
