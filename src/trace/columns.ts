/**
 * From an export's columns to the model's row types: which source column feeds each model column (current
 * names first, then the legacy ones), and how each value is coerced. Columns the model does not keep are
 * ignored; a pandas index column (unnamed) is ignored; a portal header suffix ` [UTC]` is dropped.
 */
import type { IncidentLabel, SecurityAlertRow, SecurityIncidentRow } from '../../model/tables.ts';
import { columnLanes, outOfDigest, RestDigest } from './digest.ts';
import { preview, TraceInputError } from './errors.ts';
import {
  isoTimestamp,
  normaliseTimestamp,
  parsePortalTime,
  type TimestampCounts,
  zuluTimestamp,
} from './timestamps.ts';

export type TraceTable = 'SecurityAlert' | 'SecurityIncident';
export type Kind = 'string' | 'time' | 'int' | 'labels' | 'ids';

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

/**
 * Coerces the values of one row to the model's types, naming the column as the file does on error. The
 * array form (Log Analytics API, CSV) maps each model column to a position once per file; the object form
 * (JSON array) resolves the source key per row (current name first, then legacy ones).
 */
export abstract class Coercer {
  protected readonly ctx: Context;
  /** The file's name of each model column (by spec index), for errors. */
  protected readonly names: string[];
  /** Whether the header marks each model column UTC (` [UTC]`). */
  protected readonly utc: boolean[];

  constructor(
    file: string,
    protected readonly specs: readonly ColumnSpec[],
    counts: TimestampCounts,
  ) {
    this.ctx = { file, row: 0, column: '', counts, utc: false };
    this.names = specs.map((spec) => spec.name);
    this.utc = specs.map(() => false);
  }

  /** The text zuluTimestamp read last (it counts nothing: a repeat is answered from here) and its result. */
  private lastTime: string | null = null;
  private lastIso = '';

  set row(row: number) {
    this.ctx.row = row;
  }

  /** The raw value of model column k in `row`, or undefined when the row has none. */
  abstract get(row: unknown, k: number): unknown;

  protected readonly digest = new RestDigest();

  /** The digest of the row's columns the model does not read, and of its raw StartTime, EndTime and ProcessingEndTime (digest.ts). */
  abstract rest(row: unknown): [number, number, number, number];

  private at(k: number): Context {
    this.ctx.column = this.names[k] as string;
    this.ctx.utc = this.utc[k] as boolean;
    return this.ctx;
  }

  private required(value: string, k: number): string {
    if (value === '') {
      const ctx = this.at(k);
      throw new TraceInputError(
        'missing-value',
        ctx.file,
        ctx.row,
        ctx.column,
        `${this.specs[k]?.name} is empty`,
      );
    }
    return value;
  }

  str(row: unknown, k: number, required = false): string {
    const v = this.get(row, k);
    if (typeof v === 'string' && (v !== '' || !required)) return v;
    const s = typeof v === 'string' ? v : coerceString(v, this.at(k));
    return required ? this.required(s, k) : s;
  }

  time(row: unknown, k: number, required = false): string {
    const v = this.get(row, k);
    if (typeof v === 'string') {
      // The usual cases without the context, giving what coerceTime would: the text met last (a row's start and
      // end times are often the same), the API's form, any well-formed ISO form.
      if (v === this.lastTime) return this.lastIso;
      let iso: string | null | undefined = zuluTimestamp(v);
      if (iso !== undefined) {
        this.lastTime = v;
        this.lastIso = iso;
        return iso;
      }
      iso = isoTimestamp(v, this.utc[k] === true ? undefined : this.ctx.counts);
      if (typeof iso === 'string' && iso !== '') return iso;
    }
    const t = coerceTime(v, this.at(k));
    return required ? this.required(t, k) : t;
  }

  int(row: unknown, k: number): number {
    return coerceInt(this.get(row, k), this.at(k));
  }

  labels(row: unknown, k: number): IncidentLabel[] {
    return coerceLabels(this.get(row, k), this.at(k));
  }

  ids(row: unknown, k: number): string[] {
    return coerceIds(this.get(row, k), this.at(k));
  }
}

/** Rows as arrays in header order: each model column at a fixed position (absent: past the end). */
export class ArrayCoercer extends Coercer {
  private readonly index: number[];
  /** The header positions the digest reads, and their names. */
  private readonly restAt: number[] = [];
  private readonly restNames: string[] = [];

  /** `header`: the file's column names (null for an ignored one, a pandas index), for the digest of the rest. */
  constructor(
    file: string,
    specs: readonly ColumnSpec[],
    counts: TimestampCounts,
    slots: readonly Slot[],
    width: number,
    header: readonly (string | null)[] = [],
  ) {
    super(file, specs, counts);
    this.index = specs.map(() => width);
    const read = new Set<number>();
    for (const slot of slots) {
      const k = specs.indexOf(slot.spec);
      this.index[k] = slot.index;
      this.names[k] = slot.source;
      this.utc[k] = slot.utc;
      if (!DIGESTED_TIMES.has(slot.spec.name)) read.add(slot.index);
    }
    header.forEach((name, at) => {
      if (name === null || read.has(at) || outOfDigest(name)) return;
      this.restAt.push(at);
      this.restNames.push(name);
    });
  }

  /** The header positions whose values the digest reads (a reader that makes only some values makes these). */
  get digested(): readonly number[] {
    return this.restAt;
  }

  get(row: unknown, k: number): unknown {
    return (row as readonly unknown[])[this.index[k] as number];
  }

  /** Per digested column, its value in the row before and that value's contribution (a value repeated from
   * the row before, a description, a tactic, the tenant, is not digested again: equal text, equal lanes). */
  private lastValues: unknown[] = [];
  private lastLanes = new Int32Array(0);

  rest(row: unknown): [number, number, number, number] {
    const values = row as readonly unknown[];
    const digest = this.digest;
    digest.reset();
    const count = this.restAt.length;
    if (this.lastLanes.length !== 4 * count) {
      this.lastLanes = new Int32Array(4 * count);
      this.lastValues = new Array<unknown>(count).fill(undefined);
    }
    const lanes = this.lastLanes;
    const last = this.lastValues;
    for (let i = 0; i < count; i++) {
      const value = values[this.restAt[i] as number];
      // Text compares by content (===); anything else (an object, NaN) is digested again.
      if (value !== last[i] || typeof value !== 'string') {
        columnLanes(this.restNames[i] as string, value, lanes, 4 * i);
        last[i] = value;
      }
      digest.addLanes(lanes, 4 * i);
    }
    return digest.value();
  }
}

/** The model's time columns whose raw text the digest reads too (TimeGenerated is left out). */
const DIGESTED_TIMES = new Set(['StartTime', 'EndTime', 'ProcessingEndTime']);

/** Rows as objects: the source key of each model column is resolved per row by `prepare`. */
export class ObjectCoercer extends Coercer {
  private readonly keys: (string | null)[];

  constructor(file: string, specs: readonly ColumnSpec[], counts: TimestampCounts) {
    super(file, specs, counts);
    this.keys = specs.map(() => null);
  }

  /** Resolves the row's keys; returns the spec of a required column the row lacks, if any. */
  prepare(row: Record<string, unknown>, seen: (k: number, source: string) => void): ColumnSpec | null {
    for (let k = 0; k < this.specs.length; k++) {
      const spec = this.specs[k] as ColumnSpec;
      let source: string | null = null;
      for (const name of spec.sources) {
        if (Object.hasOwn(row, name)) {
          source = name;
          break;
        }
      }
      if (source === null && spec.required) return spec;
      this.keys[k] = source;
      if (source !== null) {
        this.names[k] = source;
        seen(k, source);
      }
    }
    return null;
  }

  get(row: unknown, k: number): unknown {
    const key = this.keys[k];
    return key === null || key === undefined ? undefined : (row as Record<string, unknown>)[key];
  }

  rest(row: unknown): [number, number, number, number] {
    const record = row as Record<string, unknown>;
    const digest = this.digest;
    digest.reset();
    const read = this.read;
    read.clear();
    for (let k = 0; k < this.specs.length; k++) {
      const key = this.keys[k];
      if (key !== null && key !== undefined && !DIGESTED_TIMES.has((this.specs[k] as ColumnSpec).name))
        read.add(key);
    }
    for (const key in record) {
      if (read.has(key) || outOfDigest(key) || key === '' || key.startsWith('Unnamed: ')) continue;
      digest.add(key, record[key]);
    }
    return digest.value();
  }

  private readonly read = new Set<string>();
}

/** A header column that feeds a model column. */
export interface Slot {
  spec: ColumnSpec;
  index: number;
  source: string;
  utc: boolean;
}

/**
 * A SecurityAlert row as read from an export: the model's columns and `_Rest`, a digest of the row's other
 * columns and of its raw StartTime, EndTime and ProcessingEndTime (digest.ts), so a check can tell rows apart
 * that differ only there. Rows made in memory (a simulator's) have no `_Rest`.
 */
export interface ExportedAlertRow extends SecurityAlertRow {
  _Rest: readonly number[];
}

/** A SecurityAlertRow from a row; the indices are positions in ALERT_COLUMNS. */
export function buildAlert(row: unknown, c: Coercer): ExportedAlertRow {
  return {
    TimeGenerated: c.time(row, 0, true),
    SystemAlertId: c.str(row, 1, true),
    VendorOriginalId: c.str(row, 2),
    AlertName: c.str(row, 3),
    AlertSeverity: c.str(row, 4),
    AlertType: c.str(row, 5),
    ProductName: c.str(row, 6),
    ProviderName: c.str(row, 7),
    VendorName: c.str(row, 8),
    AlertLink: c.str(row, 9),
    Status: c.str(row, 10),
    StartTime: c.time(row, 11),
    EndTime: c.time(row, 12),
    ProcessingEndTime: c.time(row, 13),
    ResourceId: c.str(row, 14),
    _Rest: c.rest(row),
  };
}

/** A SecurityIncidentRow from a row; the indices are positions in INCIDENT_COLUMNS. */
export function buildIncident(row: unknown, c: Coercer): SecurityIncidentRow {
  return {
    TimeGenerated: c.time(row, 0),
    IncidentName: c.str(row, 1),
    IncidentNumber: c.int(row, 2),
    Title: c.str(row, 3),
    Severity: c.str(row, 4),
    Status: c.str(row, 5),
    Classification: c.str(row, 6),
    ProviderName: c.str(row, 7),
    ProviderIncidentId: c.str(row, 8),
    Labels: c.labels(row, 9),
    AlertIds: c.ids(row, 10),
    CreatedTime: c.time(row, 11),
    LastModifiedTime: c.time(row, 12, true),
    ClosedTime: c.time(row, 13),
    ModifiedBy: c.str(row, 14),
  };
}
