/**
 * Readers from a real SecurityAlert / SecurityIncident export into the model's row types, streaming: memory
 * holds one chunk plus one batch of rows (about 24 kB of JSON) or one row, whatever the file's size. The
 * format is found from the content: a query's result (a Log Analytics query API response, a JSON array of row
 * objects, or CSV) or what a data export writes (JSON lines, one record a line, as a storage account's blobs
 * hold them; Event Hubs messages `{"records": [...]}`, one or several a file; Parquet, as export jobs write it,
 * see parquet.ts). A UTF-8 byte-order mark is skipped, UTF-16 with its mark is read as UTF-8; columns are
 * normalised (current and legacy names), timestamps become ISO-8601 UTC with ms. A folder is read as an export
 * container: every blob under it, one after another in time order (see folder.ts). Rows come in file order,
 * each with its 1-based data row number for naming witnesses (in a folder: its number in the whole export, in
 * the order read); a checker sorts them by TimeGenerated itself. `nextRows()` hands them out a batch at a time,
 * for consumers that take every row. In the export forms, records the export wrote twice are set aside and
 * counted (`exportDuplicates`, see duplicates.ts); a key the tool reads, repeated in a row or a header, is bad
 * input (see keys.ts).
 *
 * Bad input is a TraceInputError (file, row, column, code, one-line message) and ends the iteration: a
 * consumer that sees one must treat the rows it got so far as incomplete. `summary.complete` turns true only
 * after the last row; the summary also says which model columns the file has (so a checker can answer
 * 'undecidable: column X missing') and how many timestamps had no zone and were read as UTC.
 */
import { statSync } from 'node:fs';
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
import { ExportDuplicates } from './duplicates.ts';
import { TraceInputError } from './errors.ts';
import { blobPath, blobShown, listBlobs } from './folder.ts';
import { DEFAULT_BATCH_BYTES, type JsonReadOptions, jsonEvents } from './json.ts';
import { KeyGuard } from './keys.ts';
import { isParquet, type ParquetSource, parquetEvents } from './parquet.ts';
import { newTimestampCounts, type TimestampCounts } from './timestamps.ts';

export type TraceFormat = 'la-api-json' | 'json-array' | 'csv' | 'json-lines' | 'event-hubs' | 'parquet';

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
  /**
   * Records the export wrote more than once, byte for byte (a destination's retries), set aside and not
   * handed out (export forms only; see duplicates.ts). The readers always set it; absent means 0.
   */
  exportDuplicates?: number;
  /** A folder: the blobs read (absent or null: one file). `format` is then the first blob's. */
  blobs?: number | null;
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

/** Reads a SecurityAlert export: a file or folder path, or bytes in memory. */
export function readAlerts(
  source: string | TraceBytes,
  options: ReadOptions = {},
): TraceReader<SecurityAlertRow> {
  return reader<SecurityAlertRow>('SecurityAlert', source, options);
}

/** Reads a SecurityIncident export: a file or folder path, or bytes in memory. */
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
    exportDuplicates: 0,
    blobs: null,
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
      this.summary.rows++;
      return Promise.resolve({ value, done: false });
    }
    return this.pull();
  }

  async nextRows(): Promise<readonly TraceRow<R>[] | null> {
    if (this.index >= this.batch.length && !(await this.fill())) return null;
    const rows = this.index === 0 ? this.batch : this.batch.slice(this.index);
    this.batch = [];
    this.index = 0;
    this.summary.rows += rows.length;
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

/**
 * Maps a header (LA columns, CSV header, Parquet schema) to slots; throws on a missing required column, or on a
 * column the tool reads named twice (keys.ts's rule: a repeated column it never reads is let be, the first
 * kept). Records the columns in `table`.
 */
function planHeader(table: TableState, names: readonly string[], file: string): Slot[] {
  const byName = new Map<string, { index: number; utc: boolean }>();
  const { specs } = table;
  names.forEach((raw, index) => {
    table.sourceColumns.add(raw);
    const clean = cleanColumnName(raw, file);
    if (clean === null) {
      table.ignoredColumns.add(raw);
      return;
    }
    if (byName.has(clean.name)) {
      if (!table.readNames.has(clean.name)) return;
      throw new TraceInputError(
        'duplicate-column',
        file,
        null,
        raw,
        `the header names the column ${clean.name} twice`,
      );
    }
    byName.set(clean.name, { index, utc: clean.utc });
  });
  const slots: Slot[] = [];
  specs.forEach((spec, k) => {
    const source = spec.sources.find((name) => byName.has(name));
    if (source === undefined) {
      if (spec.required) throw missingColumn(file, spec, null);
      return;
    }
    const at = byName.get(source) as { index: number; utc: boolean };
    slots.push({ spec, index: at.index, source: names[at.index] as string, utc: at.utc });
    table.seen(k, source);
  });
  return slots;
}

function missingColumn(file: string, spec: ColumnSpec, row: number | null): TraceInputError {
  const legacy = spec.sources.length > 1 ? ` (nor ${spec.sources.slice(1).join(', ')})` : '';
  const where = row === null ? 'the file has' : 'the row has';
  return new TraceInputError(
    'missing-column',
    file,
    row,
    spec.name,
    `${where} no ${spec.name} column${legacy}`,
  );
}

/** Sniffs the content: BOM, encoding, JSON, CSV or Parquet. Leaves src.pos on the first byte of the document. */
async function sniff(src: ByteSource, summary: TraceSummary): Promise<'json' | 'csv' | 'parquet'> {
  while (src.buf.length - src.pos < 4 && (await src.more(src.pos)) >= 0) {}
  const buf = src.buf;
  if (buf.length === 0) throw new TraceInputError('empty-file', src.file, null, null, 'the file is empty');
  if (src.encoding === 'UTF-8' && isParquet(buf)) return 'parquet';
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

/** What the files of one export share: column bookkeeping, timestamp counts, the duplicates seen. */
class TableState {
  readonly specs: readonly ColumnSpec[];
  readonly counts: TimestampCounts = newTimestampCounts();
  readonly build: typeof buildAlert | typeof buildIncident;
  /** Whether rows carry the digest of the columns the model does not read (SecurityAlert's do). */
  readonly digest: boolean;
  readonly duplicates = new ExportDuplicates();
  readonly keys: KeyGuard;
  /** Every name of every model column: the keys the tool reads. */
  readonly readNames: ReadonlySet<string>;
  readonly sourceColumns = new Set<string>();
  readonly ignoredColumns = new Set<string>();
  private readonly seenModel = new Set<number>();

  constructor(
    table: TraceTable,
    readonly summary: TraceSummary,
  ) {
    this.specs = columnsOf(table);
    this.build = table === 'SecurityAlert' ? buildAlert : buildIncident;
    this.digest = table === 'SecurityAlert';
    const names = this.specs.flatMap((spec) => spec.sources);
    this.readNames = new Set(names);
    this.keys = new KeyGuard(names);
  }

  /** Model column k was found, under the file's name `source`. */
  seen(k: number, source: string): void {
    if (this.seenModel.has(k)) return;
    this.seenModel.add(k);
    const name = (this.specs[k] as ColumnSpec).name;
    if (source !== name) this.summary.renamed[name] = source;
  }

  /** Puts the columns seen into the summary. */
  close(): void {
    const s = this.summary;
    s.sourceColumns = [...this.sourceColumns];
    s.ignoredColumns = [...this.ignoredColumns];
    s.columns = this.specs.filter((_, k) => this.seenModel.has(k)).map((spec) => spec.name);
    s.missingColumns = this.specs.filter((_, k) => !this.seenModel.has(k)).map((spec) => spec.name);
    s.zoneLessTimestamps = this.counts.zoneLess;
    s.offsetTimestamps = this.counts.offset;
    s.exportDuplicates = this.duplicates.count;
  }
}

type AnyRow = TraceRow<SecurityAlertRow | SecurityIncidentRow>;

function isFolder(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false; // opening it names the problem
  }
}

/** Where each blob of a folder starts: the rows before it, and the blob as the folder's name and its path. */
interface BlobIndex {
  starts: number[];
  shown: string[];
}

/** A folder's blob index, kept beside its summary (not in it: the summary is written to trace.json). */
const BLOB_INDEX = new WeakMap<TraceSummary, BlobIndex>();

/**
 * The blob that holds row `fileRow` of a folder (rows are numbered on across its blobs in time order), as the
 * folder's name and the blob's path under it, and the row's number in that blob; null for a single file.
 */
export function blobOfRow(summary: TraceSummary, fileRow: number): { file: string; row: number } | null {
  const index = BLOB_INDEX.get(summary);
  if (index === undefined || index.starts.length === 0) return null;
  const { starts } = index;
  let lo = 0;
  let hi = starts.length - 1;
  // The last blob that starts before the row.
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if ((starts[mid] as number) < fileRow) lo = mid;
    else hi = mid - 1;
  }
  return { file: index.shown[lo] as string, row: fileRow - (starts[lo] as number) };
}

async function* readTable(
  table: TraceTable,
  source: string | TraceBytes,
  options: ReadOptions,
  summary: TraceSummary,
): AsyncGenerator<AnyRow[], TraceSummary, undefined> {
  const state = new TableState(table, summary);
  if (typeof source === 'string' && isFolder(source)) {
    const blobs = await listBlobs(source);
    summary.blobs = blobs.length;
    if (blobs.length === 0) {
      throw new TraceInputError('empty-file', source, null, null, 'the folder holds no files');
    }
    let offset = 0;
    const index: BlobIndex = { starts: [], shown: [] };
    BLOB_INDEX.set(summary, index);
    for (const blob of blobs) {
      const path = blobPath(blob);
      index.starts.push(offset);
      index.shown.push(blobShown(source, blob));
      try {
        offset = yield* readFile(state, path, options, offset, true);
      } catch (error) {
        if (!(error instanceof TraceInputError)) throw error;
        const shown = blobShown(source, blob);
        throw new TraceInputError(error.code, path, error.row, error.column, error.reason, shown);
      }
    }
  } else {
    yield* readFile(state, source, options, 0, false);
  }
  state.close();
  summary.complete = true;
  return summary;
}

/**
 * Reads one file (or blob) of the export; its rows are numbered on from `offset`. Returns the offset after it
 * (export duplicates count: the numbers stay those of the records the export wrote). In a folder, an empty
 * blob (created, never appended to) holds no rows.
 */
async function* readFile(
  state: TableState,
  source: string | TraceBytes,
  options: ReadOptions,
  offset: number,
  inFolder: boolean,
): AsyncGenerator<AnyRow[], number, undefined> {
  const { specs, counts, summary, build } = state;
  const maxRowBytes = options.maxRowBytes ?? DEFAULT_MAX_ROW_BYTES;
  const path = typeof source === 'string' ? source : source.name;
  const chunkBytes = options.chunkBytes ?? DEFAULT_CHUNK_BYTES;
  const src =
    typeof source === 'string'
      ? await ByteSource.open(source, chunkBytes)
      : ByteSource.fromBytes(source.bytes, source.name, chunkBytes);
  const duplicatesBefore = state.duplicates.count;
  let converted = 0;
  try {
    let kind: 'json' | 'csv' | 'parquet';
    try {
      kind = await sniff(src, summary);
    } catch (error) {
      if (inFolder && error instanceof TraceInputError && error.code === 'empty-file') return offset;
      throw error;
    }
    // Array rows (API, CSV): a coercer per header. Object rows (JSON array, lines, records, Parquet): keys
    // resolved per row.
    let coercer: Coercer | null = null;
    let width = 0;
    let fileFormat: TraceFormat | null = null;
    const objects = new ObjectCoercer(path, specs, counts);
    const seen = (k: number, source: string): void => state.seen(k, source);
    const convert = (value: unknown, fileRow: number): AnyRow => {
      if (coercer === objects) {
        const obj = value as Record<string, unknown>;
        for (const key in obj) if (!state.sourceColumns.has(key)) state.sourceColumns.add(key);
        const lacking = objects.prepare(obj, seen);
        if (lacking !== null) {
          const error = missingColumn(path, lacking, fileRow);
          if (fileFormat !== 'json-lines' || fileRow !== 1) throw error;
          // A JSON object that is not a known envelope was read as a record of JSON lines: say so.
          throw new TraceInputError(
            error.code,
            path,
            fileRow,
            error.column,
            `${error.reason} (the file was read as JSON lines, a record a line: its first key is not "tables", "value" nor "records")`,
          );
        }
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
      converted++;
      return { row: build(value, coercer as Coercer), fileRow: offset + fileRow };
    };
    const setFormat = (format: TraceFormat): void => {
      fileFormat = format;
      if (summary.format === null) summary.format = format;
    };
    if (kind === 'parquet') {
      await src.close();
      setFormat('parquet');
      coercer = objects;
      const from: ParquetSource =
        typeof source === 'string' ? { file: source } : { name: source.name, bytes: source.bytes };
      const duplicates = state.duplicates;
      for await (const event of parquetEvents(from, {
        convert,
        duplicate: (text) => duplicates.seenText(text),
      })) {
        if (event.kind === 'columns') {
          for (const name of event.names) state.sourceColumns.add(name);
          continue;
        }
        yield event.rows as AnyRow[];
      }
      return offset + converted + (state.duplicates.count - duplicatesBefore);
    }
    const csvOptions: CsvReadOptions = { maxRowBytes, wanted: null, convert };
    const batchBytes = options.batchBytes ?? DEFAULT_BATCH_BYTES;
    const jsonOptions: JsonReadOptions = {
      maxRowBytes,
      batchBytes,
      convert,
      duplicates: null,
      keys: (text, rows, first, wrapped) => state.keys.check(text, rows, first, wrapped, path),
    };
    const events = kind === 'json' ? jsonEvents(src, jsonOptions) : csvEvents(src, csvOptions);
    if (kind === 'csv') setFormat('csv');
    for await (const event of events) {
      if (event.kind === 'format') {
        setFormat(event.format);
        if (event.format !== 'la-api-json') coercer = objects;
        if (event.format === 'json-lines' || event.format === 'event-hubs') {
          jsonOptions.duplicates = state.duplicates;
        }
      } else if (event.kind === 'columns') {
        const names = 'names' in event ? event.names : event.columns.map((c) => c.name);
        const slots = planHeader(state, names, path);
        width = names.length;
        // SecurityAlert rows carry a digest of the columns the model does not read (digest.ts).
        const header = state.digest ? names.map((raw) => cleanColumnName(raw, path)?.name ?? null) : [];
        const arrays = new ArrayCoercer(path, specs, counts, slots, width, header);
        coercer = arrays;
        const wanted = names.map(() => false);
        for (const slot of slots) wanted[slot.index] = true;
        for (const at of arrays.digested) wanted[at] = true;
        csvOptions.wanted = wanted;
        jsonOptions.wanted = wanted;
      } else {
        summary.zoneLessTimestamps = counts.zoneLess;
        summary.offsetTimestamps = counts.offset;
        summary.exportDuplicates = state.duplicates.count;
        yield event.rows as AnyRow[];
      }
    }
    return offset + converted + (state.duplicates.count - duplicatesBefore);
  } finally {
    await src.close();
  }
}
