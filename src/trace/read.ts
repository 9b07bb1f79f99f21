/**
 * Readers from a real SecurityAlert / SecurityIncident export into the model's row types, streaming: memory
 * holds one chunk plus one batch of rows (about 24 kB of JSON) or one row, whatever the file's size. The
 * format is found from the content (a Log Analytics query API response, a JSON array of row objects, or CSV;
 * a UTF-8 byte-order mark is skipped, UTF-16 with its mark is read as UTF-8), columns are normalised (current and legacy names), timestamps become ISO-8601 UTC
 * with ms. Rows come in file order, each with its 1-based data row number for naming witnesses; a checker
 * sorts them by TimeGenerated itself. `nextRows()` hands them out a batch at a time, for consumers that take
 * every row.
 *
 * Bad input is a TraceInputError (file, row, column, code, one-line message) and ends the iteration: a
 * consumer that sees one must treat the rows it got so far as incomplete. `summary.complete` turns true only
 * after the last row; the summary also says which model columns the file has (so a checker can answer
 * 'undecidable: column X missing') and how many timestamps had no zone and were read as UTC.
 */
import type { SecurityAlertRow, SecurityIncidentRow } from '../../model/tables.ts';
import { ByteSource, DEFAULT_CHUNK_BYTES, DEFAULT_MAX_ROW_BYTES } from './bytes.ts';
import {
  ArrayCoercer,
  buildAlert,
  buildIncident,
  type Coercer,
  type ColumnSpec,
  cleanColumnName,
  columnsOf,
  ObjectCoercer,
  type Slot,
  type TraceTable,
} from './columns.ts';
import { type CsvReadOptions, csvEvents } from './csv.ts';
import { TraceInputError } from './errors.ts';
import { DEFAULT_BATCH_BYTES, type JsonReadOptions, jsonEvents } from './json.ts';
import { newTimestampCounts } from './timestamps.ts';

export type TraceFormat = 'la-api-json' | 'json-array' | 'csv';

export interface TraceSummary {
  file: string;
  table: TraceTable;
  /** null until the content has been sniffed. */
  format: TraceFormat | null;
  /** The file starts with a byte-order mark (UTF-8's, or the UTF-16 one `encoding` names). */
  bom: boolean;
  /** Set when the file is UTF-16 (told by its byte-order mark), read as UTF-8. */
  encoding?: 'UTF-16LE' | 'UTF-16BE';
  /** The file's own column names (a JSON array's: the keys of all its rows, in first-seen order). */
  sourceColumns: string[];
  /** The model's columns the file has (under a current or a legacy name). */
  columns: string[];
  /** The model's columns the file lacks: a check that needs one is undecidable. */
  missingColumns: string[];
  /** model column → the file's column, where they differ (legacy names). */
  renamed: Record<string, string>;
  /** Source columns ignored outright (a pandas index). */
  ignoredColumns: string[];
  /** Data rows handed out so far (all of them once `complete`). */
  rows: number;
  /** Timestamps with no zone, read as UTC. */
  zoneLessTimestamps: number;
  /** Timestamps with a non-zero UTC offset, converted to UTC. */
  offsetTimestamps: number;
  /** True only once the whole file was read without error. */
  complete: boolean;
}

export interface TraceRow<R> {
  row: R;
  /** 1-based data row number in the file (header excluded). */
  fileRow: number;
}

export interface ReadOptions {
  /** Largest row (or header, or envelope value) accepted, in bytes; default 16 MiB. */
  maxRowBytes?: number;
  /** Read size; default 1 MiB (larger chunks measured no faster). */
  chunkBytes?: number;
  /**
   * JSON forms: the largest span of rows parsed by one JSON.parse (default 24 kB, never over maxRowBytes); 0
   * parses each row alone. Changes speed only, never a row or an error.
   */
  batchBytes?: number;
}

export interface TraceReader<R> extends AsyncIterableIterator<TraceRow<R>, TraceSummary, undefined> {
  /** Filled in as the file is read; `rows` counts the rows handed out, `complete` turns true only at the end. */
  readonly summary: TraceSummary;
  next(): Promise<IteratorResult<TraceRow<R>, TraceSummary>>;
  /**
   * The next rows in file order, as many as are ready (a few dozen), or null after the last: for a consumer
   * that takes every row, one promise per batch instead of one per row. Mixes with `next()`; `summary.rows`
   * counts these rows too. The array is the consumer's (the reader keeps no reference to it).
   */
  nextRows(): Promise<readonly TraceRow<R>[] | null>;
  /** Stops reading and closes the file (what `break` in `for await` calls). */
  return(): Promise<IteratorResult<TraceRow<R>, TraceSummary>>;
}

/** An export already in memory; `name` stands for the file in errors and the summary. */
export interface TraceBytes {
  name: string;
  bytes: Uint8Array;
}

/** Reads a SecurityAlert export: a file path, or bytes in memory. */
export function readAlerts(
  source: string | TraceBytes,
  options: ReadOptions = {},
): TraceReader<SecurityAlertRow> {
  return reader<SecurityAlertRow>('SecurityAlert', source, options);
}

/** Reads a SecurityIncident export: a file path, or bytes in memory. */
export function readIncidents(
  source: string | TraceBytes,
  options: ReadOptions = {},
): TraceReader<SecurityIncidentRow> {
  return reader<SecurityIncidentRow>('SecurityIncident', source, options);
}

/** Reads a whole (moderate) file: rows in file order and the final summary. */
export async function readAll<R>(
  trace: TraceReader<R>,
): Promise<{ rows: TraceRow<R>[]; summary: TraceSummary }> {
  const rows: TraceRow<R>[] = [];
  for await (const row of trace) rows.push(row);
  return { rows, summary: trace.summary };
}

/** Whether the export has a model column (under any of its names). */
export function hasColumn(summary: TraceSummary, column: string): boolean {
  return summary.columns.includes(column);
}

function reader<R>(table: TraceTable, source: string | TraceBytes, options: ReadOptions): TraceReader<R> {
  const summary: TraceSummary = {
    file: typeof source === 'string' ? source : source.name,
    table,
    format: null,
    bom: false,
    sourceColumns: [],
    columns: [],
    missingColumns: [],
    renamed: {},
    ignoredColumns: [],
    rows: 0,
    zoneLessTimestamps: 0,
    offsetTimestamps: 0,
    complete: false,
  };
  const batches = readTable(table, source, options, summary) as AsyncGenerator<
    TraceRow<R>[],
    TraceSummary,
    undefined
  >;
  return new BatchedReader<R>(summary, batches);
}

/**
 * Hands out the rows of the batches (one per chunk) one at a time. An async generator yielding each row would
 * cost a few promise round trips per row; this costs one resolved promise per row.
 */
class BatchedReader<R> implements TraceReader<R> {
  private batch: TraceRow<R>[] = [];
  private index = 0;
  private finished = false;

  constructor(
    readonly summary: TraceSummary,
    private readonly batches: AsyncGenerator<TraceRow<R>[], TraceSummary, undefined>,
  ) {}

  [Symbol.asyncIterator](): this {
    return this;
  }

  next(): Promise<IteratorResult<TraceRow<R>, TraceSummary>> {
    if (this.index < this.batch.length) {
      const value = this.batch[this.index++] as TraceRow<R>;
      this.summary.rows = value.fileRow;
      return Promise.resolve({ value, done: false });
    }
    return this.pull();
  }

  async nextRows(): Promise<readonly TraceRow<R>[] | null> {
    if (this.index >= this.batch.length && !(await this.fill())) return null;
    const rows = this.index === 0 ? this.batch : this.batch.slice(this.index);
    this.batch = [];
    this.index = 0;
    this.summary.rows = (rows[rows.length - 1] as TraceRow<R>).fileRow;
    return rows;
  }

  private async pull(): Promise<IteratorResult<TraceRow<R>, TraceSummary>> {
    return (await this.fill()) ? this.next() : { value: this.summary, done: true };
  }

  /** Takes the next non-empty batch; false at the end (or after an error, which it rethrows). */
  private async fill(): Promise<boolean> {
    while (!this.finished) {
      let step: IteratorResult<TraceRow<R>[], TraceSummary>;
      try {
        step = await this.batches.next();
      } catch (error) {
        this.finished = true;
        throw error;
      }
      if (step.done) break;
      this.batch = step.value;
      this.index = 0;
      if (this.batch.length > 0) return true;
    }
    this.finished = true;
    this.batch = [];
    return false;
  }

  async return(): Promise<IteratorResult<TraceRow<R>, TraceSummary>> {
    this.finished = true;
    this.batch = [];
    await this.batches.return(this.summary);
    return { value: this.summary, done: true };
  }
}

/** Maps a header (LA columns or CSV header) to slots; throws on a missing required or a duplicate column. */
function planHeader(specs: readonly ColumnSpec[], names: readonly string[], summary: TraceSummary): Slot[] {
  const byName = new Map<string, { index: number; utc: boolean }>();
  summary.sourceColumns = [...names];
  names.forEach((raw, index) => {
    const clean = cleanColumnName(raw, summary.file);
    if (clean === null) {
      summary.ignoredColumns.push(raw);
      return;
    }
    if (byName.has(clean.name)) {
      throw new TraceInputError(
        'duplicate-column',
        summary.file,
        null,
        raw,
        `the column ${clean.name} appears twice`,
      );
    }
    byName.set(clean.name, { index, utc: clean.utc });
  });
  const slots: Slot[] = [];
  for (const spec of specs) {
    const source = spec.sources.find((name) => byName.has(name));
    if (source === undefined) {
      if (spec.required) throw missingColumn(summary, spec, null);
      summary.missingColumns.push(spec.name);
      continue;
    }
    const at = byName.get(source) as { index: number; utc: boolean };
    slots.push({ spec, index: at.index, source: names[at.index] as string, utc: at.utc });
    summary.columns.push(spec.name);
    if (source !== spec.name) summary.renamed[spec.name] = source;
  }
  return slots;
}

function missingColumn(summary: TraceSummary, spec: ColumnSpec, row: number | null): TraceInputError {
  const legacy = spec.sources.length > 1 ? ` (nor ${spec.sources.slice(1).join(', ')})` : '';
  const where = row === null ? 'the file has' : 'the row has';
  return new TraceInputError(
    'missing-column',
    summary.file,
    row,
    spec.name,
    `${where} no ${spec.name} column${legacy}`,
  );
}

/** Sniffs the content: BOM, encoding, JSON or CSV. Leaves src.pos on the first byte of the document. */
async function sniff(src: ByteSource, summary: TraceSummary): Promise<'json' | 'csv'> {
  while (src.buf.length - src.pos < 4 && (await src.more(src.pos)) >= 0) {}
  const buf = src.buf;
  if (buf.length === 0) throw new TraceInputError('empty-file', src.file, null, null, 'the file is empty');
  if (src.encoding !== 'UTF-8') {
    summary.bom = true; // the byte-order mark that told UTF-16 (the decoder dropped it)
    summary.encoding = src.encoding;
  }
  if (buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf) {
    summary.bom = true;
    src.pos = 3;
  }
  const head = buf.subarray(src.pos, Math.min(buf.length, src.pos + 4096));
  if (head.includes(0)) {
    // Text in UTF-16 without its byte-order mark: a NUL beside every ASCII character, '[', '{' or a letter.
    const utf16 = head.length >= 2 && (head[0] === 0) !== (head[1] === 0);
    throw new TraceInputError(
      utf16 ? 'unsupported-encoding' : 'unknown-format',
      src.file,
      null,
      null,
      utf16
        ? 'the file looks like UTF-16 without a byte-order mark: save it as UTF-8 (or as UTF-16 with its mark)'
        : 'the file holds NUL bytes: not a text export',
    );
  }
  for (;;) {
    while (src.pos < src.buf.length) {
      const c = src.buf[src.pos];
      if (c !== 0x20 && c !== 0x0a && c !== 0x0d && c !== 0x09)
        return c === 0x5b || c === 0x7b ? 'json' : 'csv';
      src.pos++;
    }
    if ((await src.more(src.pos)) < 0) {
      throw new TraceInputError('empty-file', src.file, null, null, 'the file holds only whitespace');
    }
  }
}

async function* readTable(
  table: TraceTable,
  source: string | TraceBytes,
  options: ReadOptions,
  summary: TraceSummary,
): AsyncGenerator<TraceRow<SecurityAlertRow | SecurityIncidentRow>[], TraceSummary, undefined> {
  const specs = columnsOf(table);
  const maxRowBytes = options.maxRowBytes ?? DEFAULT_MAX_ROW_BYTES;
  const counts = newTimestampCounts();
  const build = table === 'SecurityAlert' ? buildAlert : buildIncident;
  const path = summary.file;
  const chunkBytes = options.chunkBytes ?? DEFAULT_CHUNK_BYTES;
  const src =
    typeof source === 'string'
      ? await ByteSource.open(source, chunkBytes)
      : ByteSource.fromBytes(source.bytes, source.name, chunkBytes);
  try {
    const kind = await sniff(src, summary);
    // Array rows (API, CSV): a coercer per header. Object rows (JSON array): keys resolved per row.
    let coercer: Coercer | null = null;
    let width = 0;
    const objects = new ObjectCoercer(path, specs, counts);
    const seenKeys = new Set<string>();
    const seenModel = new Set<number>();
    const seen = (k: number, source: string): void => {
      if (seenModel.has(k)) return;
      seenModel.add(k);
      const name = (specs[k] as ColumnSpec).name;
      if (source !== name) summary.renamed[name] = source;
    };
    const convert = (value: unknown, fileRow: number): TraceRow<SecurityAlertRow | SecurityIncidentRow> => {
      if (coercer === objects) {
        const obj = value as Record<string, unknown>;
        for (const key in obj) if (!seenKeys.has(key)) seenKeys.add(key);
        const lacking = objects.prepare(obj, seen);
        if (lacking !== null) throw missingColumn(summary, lacking, fileRow);
      } else if (!Array.isArray(value) || value.length !== width) {
        const found = Array.isArray(value) ? `${value.length} values` : 'no array';
        throw new TraceInputError(
          'wrong-type',
          path,
          fileRow,
          null,
          `the row has ${found}, the header names ${width} columns`,
        );
      }
      (coercer as Coercer).row = fileRow;
      return { row: build(value, coercer as Coercer), fileRow };
    };
    const csvOptions: CsvReadOptions = { maxRowBytes, wanted: null, convert };
    const batchBytes = options.batchBytes ?? DEFAULT_BATCH_BYTES;
    const jsonOptions: JsonReadOptions = { maxRowBytes, batchBytes, convert };
    const events = kind === 'json' ? jsonEvents(src, jsonOptions) : csvEvents(src, csvOptions);
    if (kind === 'csv') summary.format = 'csv';
    for await (const event of events) {
      if (event.kind === 'format') {
        summary.format = event.format;
        if (event.format === 'json-array') coercer = objects;
      } else if (event.kind === 'columns') {
        const names = 'names' in event ? event.names : event.columns.map((c) => c.name);
        const slots = planHeader(specs, names, summary);
        width = names.length;
        coercer = new ArrayCoercer(path, specs, counts, slots, width);
        const wanted = names.map(() => false);
        for (const slot of slots) wanted[slot.index] = true;
        csvOptions.wanted = wanted;
      } else {
        summary.zoneLessTimestamps = counts.zoneLess;
        summary.offsetTimestamps = counts.offset;
        yield event.rows as TraceRow<SecurityAlertRow | SecurityIncidentRow>[];
      }
    }
    if (summary.format === 'json-array') {
      summary.sourceColumns = [...seenKeys];
      summary.columns = specs.filter((_, k) => seenModel.has(k)).map((s) => s.name);
      summary.missingColumns = specs.filter((_, k) => !seenModel.has(k)).map((s) => s.name);
    }
    summary.zoneLessTimestamps = counts.zoneLess;
    summary.offsetTimestamps = counts.offset;
    summary.complete = true;
    return summary;
  } finally {
    await src.close();
  }
}
