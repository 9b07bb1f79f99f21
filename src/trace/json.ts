/**
 * Streaming reader for the two big JSON forms of an export:
 *
 * - the Log Analytics query API response `{"tables":[{"name","columns":[{name,type}],"rows":[[...],...]}]}`
 *   (only the first table's rows are read; further tables are scanned and skipped), and
 * - a JSON array of row objects, bare (`[{...},...]`, az CLI / portal) or wrapped (`{"value":[...]}`, Graph /
 *   REST style).
 *
 * Rows are parsed in batches: from a row's start, the last place within `batchBytes` where one row ends and
 * the next begins (`]` `,` `[`, or `}` `,` `{`, whitespace allowed) is found by a backward byte search, and the
 * span is parsed with one `JSON.parse('[' + span + ']')`. The search cannot tell a boundary from the same bytes
 * inside a string, so the parse is the proof: JSON is parsed deterministically from a known row start, so if
 * the wrapped span parses, and every element has the row shape (an array or an object, whose closing bracket
 * ends it), the elements are exactly the rows the file holds there. Anything else (no boundary in reach, a
 * failed parse, an element of the wrong shape) reads that span row by row instead, with a purpose-built
 * scanner that finds each row's byte span (tracking strings, escapes and nesting depth over the Buffer;
 * `indexOf` jumps through string contents) and parses it alone: that path names the error and its row
 * exactly, so batching never changes a result or an error. Spans stay small (see DEFAULT_BATCH_BYTES) and are
 * at most the row size cap, so no row in a batch can be over it. Memory stays at one chunk plus one batch.
 * The small values around the rows (keys, `columns`, `name`, …) are read with the scanner and parsed whole.
 * The query API's rows (arrays) go through a faster path first (fastrows.ts): the batch is checked against the
 * grammar and only the columns the model reads are made; a batch it declines is parsed as above.
 * Anything outside the grammar above, a truncated file, a row that does not parse, or a row over the size cap
 * is a TraceInputError; `error` or `@odata.nextLink` next to the rows (a partial or paged result) is one too.
 */
import { type ByteSource, decodeText, decodeUtf8 } from './bytes.ts';
import { ALERT_COLUMNS, cleanColumnName, INCIDENT_COLUMNS } from './columns.ts';
import type { ExportDuplicates } from './duplicates.ts';
import { preview, TraceInputError } from './errors.ts';
import { FastRows } from './fastrows.ts';

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COMMA = 0x2c;
const COLON = 0x3a;
const LBRACK = 0x5b;
const RBRACK = 0x5d;
const LBRACE = 0x7b;
const RBRACE = 0x7d;
const LF = 0x0a;

/**
 * The first keys that make a top-level object an envelope around rows (the query API's members, Graph's,
 * Event Hubs'); any other first key makes it a row of JSON lines.
 */
const ENVELOPE_KEYS = new Set(['tables', 'value', 'records', 'error', 'statistics', 'render']);

function isEnvelopeKey(key: string): boolean {
  return ENVELOPE_KEYS.has(key) || key.startsWith('@odata.');
}

function isWs(c: number): boolean {
  return c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09;
}

export interface LaColumn {
  name: string;
  type: string;
}

export type JsonEvent =
  | { kind: 'format'; format: 'la-api-json' | 'json-array' | 'json-lines' | 'event-hubs' }
  | { kind: 'columns'; columns: LaColumn[] }
  /** Parsed rows in file order; rows[0] is data row `first` (1-based). */
  | { kind: 'rows'; rows: unknown[]; first: number };

interface ScanState {
  i: number;
  depth: number;
  inString: boolean;
  scalar: boolean;
}

/**
 * Index just past the quote closing a string whose content starts at or before `from`, or -1 if the buffer
 * ends first. `indexOf` jumps to the next quote (a backslash run before it decides whether it is escaped);
 * once an escaped quote shows the string holds embedded JSON, where quotes are dense, it walks the bytes
 * instead, skipping each escaped character.
 */
function closeString(buf: Buffer, from: number): number {
  const q = buf.indexOf(QUOTE, from);
  if (q < 0) return -1;
  if (buf[q - 1] !== BACKSLASH) return q + 1;
  let k = q - 1;
  while (buf[k] === BACKSLASH) k--;
  if (((q - 1 - k) & 1) === 0) return q + 1;
  const n = buf.length;
  let j = q + 1;
  while (j < n) {
    const c = buf[j];
    if (c === QUOTE) return j + 1;
    j += c === BACKSLASH ? 2 : 1;
  }
  return -1;
}

/**
 * Continues scanning the value that starts at the position `st` was created at. Returns the index just past
 * the value, or -1 when the buffer ends first (st then records where to resume). The span is only guaranteed
 * to be a value if it parses: the scanner's job is to find boundaries, JSON.parse's to validate.
 */
function scan(buf: Buffer, st: ScanState, eof: boolean): number {
  const n = buf.length;
  let i = st.i;
  let depth = st.depth;
  if (st.scalar) {
    while (i < n) {
      const c = buf[i] as number;
      if (c === COMMA || c === RBRACK || c === RBRACE || c === COLON || isWs(c)) return i;
      i++;
    }
    st.i = n;
    return eof ? n : -1;
  }
  if (st.inString) {
    const end = closeString(buf, i);
    if (end < 0) {
      st.i = n;
      return -1;
    }
    st.inString = false;
    if (depth === 0) return end;
    i = end;
  } else if (depth === 0) {
    const c = buf[i];
    if (c === QUOTE) {
      const end = closeString(buf, i + 1);
      if (end >= 0) return end;
      st.inString = true;
      st.i = n;
      return -1;
    }
    if (c !== LBRACK && c !== LBRACE) {
      st.scalar = true;
      return scan(buf, st, eof);
    }
  }
  while (i < n) {
    const c = buf[i] as number;
    if (c === QUOTE) {
      const end = closeString(buf, i + 1);
      if (end < 0) {
        st.inString = true;
        st.depth = depth;
        st.i = n;
        return -1;
      }
      i = end;
      continue;
    }
    if (c === LBRACK || c === LBRACE) depth++;
    else if (c === RBRACK || c === RBRACE) {
      depth--;
      if (depth === 0) return i + 1;
    }
    i++;
  }
  st.depth = depth;
  st.i = n;
  return -1;
}

/**
 * Largest span of rows parsed by one JSON.parse. Measured (Node 20, ~2 kB rows): 16–32 kB spans parse at the
 * speed of one parse per row without the per-row scan; from ~64 kB on they get much slower (the parsed rows of
 * a span live long enough to be copied by the young-generation GC), and V8 allocates the results of a source
 * of 100 kB or more straight in the old generation.
 */
export const DEFAULT_BATCH_BYTES = 24 << 10;

/**
 * Rows handed on in one event at most (about): the rows of a whole 4 MiB chunk, kept until the consumer takes
 * them, would be copied by every young-generation GC in between.
 */
const YIELD_ROWS = 64;

/**
 * End of the last row in buf[from..limit) that the next row follows (`close` ws* `,` ws* `open`, the `open`
 * before `limit`), or -1. With `same` > 1, the next row must also start with the same `same` bytes as the row
 * at `from` (rows of objects: `{"TimeGenerated":`), which skips the `},{` of nested arrays of objects. The
 * bytes may be inside a string all the same: the caller proves the cut by parsing.
 */
export function lastRowBoundary(
  buf: Buffer,
  from: number,
  limit: number,
  open: number,
  close: number,
  same = 1,
): number {
  let p = limit - 1;
  while (p > from) {
    p = buf.lastIndexOf(open, p);
    if (p <= from) return -1;
    let j = p - 1;
    while (isWs(buf[j] as number)) j--;
    if (buf[j] === COMMA) {
      j--;
      while (isWs(buf[j] as number)) j--;
      if (
        buf[j] === close &&
        j > from &&
        (same <= 1 || (p + same <= limit && buf.compare(buf, from, from + same, p, p + same) === 0))
      ) {
        return j + 1;
      }
    }
    p--;
  }
  return -1;
}

/** For rows of objects: the length of the row's start up to its first ':' (within 64 bytes), else 1. */
function keyPrefix(buf: Buffer, from: number, limit: number): number {
  const end = Math.min(limit, from + 64);
  for (let i = from + 1; i < end; i++) if (buf[i] === COLON) return i + 1 - from;
  return 1;
}

export interface JsonReadOptions {
  maxRowBytes: number;
  /** Largest span of rows parsed at once (DEFAULT_BATCH_BYTES, never over maxRowBytes); 0: each row alone. */
  batchBytes: number;
  /**
   * Applied to each parsed row as soon as it is parsed (so the parsed form dies young); set by the consumer
   * when it gets the `format` or `columns` event, before any row. null: rows are yielded as parsed. A query API
   * row handed to it may hold only the values of the columns in `wanted` (the others are holes): it must read
   * no other column.
   */
  convert: ((value: unknown, fileRow: number) => unknown) | null;
  /**
   * A query API table's columns whose values `convert` reads (by position), set by the consumer when it gets
   * the `columns` event: the model's columns, and for SecurityAlert the columns its digest reads
   * (digest.ts). null: every column the model reads under any name (wantedColumns).
   */
  wanted?: readonly boolean[] | null;
  /**
   * Export forms (JSON lines, Event Hubs records): where records the export wrote twice are told and counted
   * (see duplicates.ts); they are not handed on. Set with `convert`; null for query results.
   */
  duplicates: ExportDuplicates | null;
  /**
   * Rows of objects: called with the text the rows were parsed from (one object, or `[` rows `]` when
   * `wrapped`), before they are converted; throws on a key repeated in a row (see keys.ts). Set with `convert`.
   */
  keys: ((text: string, rows: readonly unknown[], first: number, wrapped: boolean) => void) | null;
}

class JsonReader {
  /** The data row number the next row gets (rows count on across Event Hubs messages). */
  private nextRow = 1;

  constructor(
    private readonly src: ByteSource,
    private readonly options: JsonReadOptions,
  ) {}

  private fail(
    code: 'malformed-json' | 'truncated' | 'too-large' | 'wrong-type',
    row: number | null,
    reason: string,
  ): never {
    throw new TraceInputError(code, this.src.file, row, null, reason);
  }

  private where(): string {
    return `at byte ${this.src.base + this.src.pos}`;
  }

  /** The next non-whitespace byte (pos left on it), or -1 at the end of the file. */
  private async peek(): Promise<number> {
    const src = this.src;
    for (;;) {
      const buf = src.buf;
      while (src.pos < buf.length) {
        const c = buf[src.pos] as number;
        if (!isWs(c)) return c;
        src.pos++;
      }
      if ((await src.more(src.pos)) < 0) return -1;
    }
  }

  private async expect(byte: number, what: string, row: number | null = null): Promise<void> {
    const c = await this.peek();
    if (c === byte) {
      this.src.pos++;
      return;
    }
    if (c < 0) this.fail('truncated', row, `the file ends where ${what} was expected`);
    this.fail(
      'malformed-json',
      row,
      `expected ${what} ${this.where()}, found ${preview(String.fromCharCode(c))}`,
    );
  }

  /** Reads one whole (small) JSON value and parses it. */
  private async value(what: string, row: number | null = null): Promise<unknown> {
    const src = this.src;
    const c = await this.peek();
    if (c < 0) this.fail('truncated', row, `the file ends where ${what} was expected`);
    const st: ScanState = { i: src.pos, depth: 0, inString: false, scalar: false };
    for (;;) {
      const end = scan(src.buf, st, src.eof);
      if (end - src.pos > this.options.maxRowBytes) {
        this.fail('too-large', row, `${what} is larger than ${this.options.maxRowBytes} bytes`);
      }
      if (end >= 0) {
        const text = decodeUtf8(src.buf, src.pos, end);
        const at = this.where();
        src.pos = end;
        try {
          return JSON.parse(text);
        } catch {
          this.fail('malformed-json', row, `${what} ${at} is not valid JSON: ${preview(text)}`);
        }
      }
      if (src.buf.length - src.pos > this.options.maxRowBytes) {
        this.fail('too-large', row, `${what} is larger than ${this.options.maxRowBytes} bytes`);
      }
      const shift = await src.more(src.pos);
      if (shift < 0) {
        if (st.scalar) continue; // eof now set: the scalar ends at the end of the file
        this.fail('truncated', row, `the file ends inside ${what}`);
      }
      st.i -= shift;
    }
  }

  private async key(what: string): Promise<string> {
    const key = await this.value(what);
    if (typeof key !== 'string')
      this.fail('malformed-json', null, `expected a key (a string) in ${what}, found ${preview(key)}`);
    await this.expect(COLON, `':' after ${preview(key)}`);
    return key;
  }

  /** After a member or element: true when another follows (',' consumed), false at `close` (consumed). */
  private async next(close: number, what: string): Promise<boolean> {
    const c = await this.peek();
    if (c === COMMA) {
      this.src.pos++;
      return true;
    }
    if (c === close) {
      this.src.pos++;
      return false;
    }
    if (c < 0) this.fail('truncated', null, `the file ends inside ${what}`);
    this.fail(
      'malformed-json',
      null,
      `expected ',' or '${String.fromCharCode(close)}' in ${what} ${this.where()}, found ${preview(String.fromCharCode(c))}`,
    );
  }

  async *events(): AsyncGenerator<JsonEvent, void, undefined> {
    const c = await this.peek();
    if (c === LBRACK) {
      this.src.pos++;
      yield { kind: 'format', format: 'json-array' };
      yield* this.rows(LBRACE, 'an object', 1, false);
    } else if (c === LBRACE) {
      const first = await this.firstKey();
      if (first === null || isEnvelopeKey(first)) {
        const form = yield* this.envelope(null);
        // Event Hubs: a file may hold several messages, one after another (JSON lines of messages).
        if (form === 'event-hubs') while ((await this.peek()) === LBRACE) yield* this.envelope(form);
      } else {
        yield { kind: 'format', format: 'json-lines' };
        yield* this.lines();
        return;
      }
    } else {
      this.fail('malformed-json', null, `expected '[' or '{' ${this.where()}`);
    }
    if ((await this.peek()) >= 0)
      this.fail('malformed-json', null, `unexpected data after the JSON document ${this.where()}`);
  }

  /**
   * The key of the first member of the object at the read position (not consumed), or null when it has none.
   * Tells an envelope around rows from a row of JSON lines.
   */
  private async firstKey(): Promise<string | null> {
    const src = this.src;
    for (;;) {
      const buf = src.buf;
      let i = src.pos + 1;
      while (i < buf.length && isWs(buf[i] as number)) i++;
      if (i < buf.length) {
        if (buf[i] !== QUOTE) return null;
        const end = closeString(buf, i + 1);
        if (end >= 0) {
          try {
            return JSON.parse(decodeUtf8(buf, i, end)) as string;
          } catch {
            return null; // the envelope reader names the error
          }
        }
      }
      if (buf.length - src.pos > this.options.maxRowBytes) return null;
      if ((await src.more(src.pos)) < 0) return null;
    }
  }

  /**
   * `{ "tables": [...] , ... }`, `{ "value": [...], ... }` or `{ "records": [...] }` (an Event Hubs message;
   * `only` set: a further message of the file, which must be one too). Returns the form.
   */
  private async *envelope(
    only: 'event-hubs' | null,
  ): AsyncGenerator<JsonEvent, 'la-api-json' | 'json-array' | 'event-hubs', undefined> {
    await this.expect(LBRACE, "'{'");
    let form: 'la-api-json' | 'json-array' | 'event-hubs' | null = null;
    const none = 'the JSON object holds no "tables", "value" nor "records"';
    if ((await this.peek()) === RBRACE) this.fail('malformed-json', null, none);
    do {
      const key = await this.key('the top-level object');
      if ((key === 'tables' || key === 'value' || key === 'records') && form !== null) {
        this.fail('malformed-json', null, `a second row container "${key}" in the top-level object`);
      }
      if (only !== null && (key === 'tables' || key === 'value')) {
        this.fail(
          'malformed-json',
          null,
          `"${key}" in a message after an Event Hubs message (${this.where()})`,
        );
      }
      if (key === 'records') {
        form = 'event-hubs';
        if (only === null) yield { kind: 'format', format: form };
        await this.expect(LBRACK, `'[' starting "records"`);
        yield* this.rows(LBRACE, 'an object', this.nextRow, false);
      } else if (key === 'tables') {
        form = 'la-api-json';
        yield { kind: 'format', format: form };
        yield* this.tables();
      } else if (key === 'value') {
        form = 'json-array';
        yield { kind: 'format', format: form };
        await this.expect(LBRACK, `'[' starting "value"`);
        yield* this.rows(LBRACE, 'an object', 1, false);
      } else if (key === 'error') {
        const error = (await this.value('"error"')) as { message?: unknown; code?: unknown } | null;
        const what = typeof error?.message === 'string' ? error.message : preview(error);
        throw new TraceInputError(
          'partial-result',
          this.src.file,
          null,
          null,
          `the response carries an error, so its rows are incomplete: ${what}`,
        );
      } else if (key === '@odata.nextLink') {
        throw new TraceInputError(
          'partial-result',
          this.src.file,
          null,
          null,
          'the response is one page of a paged result (@odata.nextLink): export all pages',
        );
      } else {
        await this.value(`"${key}"`);
      }
    } while (await this.next(RBRACE, 'the top-level object'));
    if (form === null) this.fail('malformed-json', null, none);
    return form;
  }

  /**
   * JSON lines (a storage account's export blob): one object a row, each on a line of its own, no array around
   * them, up to the end of the file. A line that parses alone is its row (JSON.parse takes only a whole value);
   * anything else (a row spread over lines, two on a line, bad JSON) is scanned value by value, which also
   * names a bad row and its line.
   */
  private async *lines(): AsyncGenerator<JsonEvent, void, undefined> {
    const src = this.src;
    const max = this.options.maxRowBytes;
    let fileRow = 1;
    let line = 1;
    for (;;) {
      let batch: unknown[] = [];
      let batchFirst = fileRow;
      const buf = src.buf;
      const n = buf.length;
      const eof = src.eof;
      while (src.pos < n) {
        const c = buf[src.pos] as number;
        if (isWs(c)) {
          if (c === LF) line++;
          src.pos++;
          continue;
        }
        const start = src.pos;
        if (c !== LBRACE) {
          this.fail(
            c === LBRACK ? 'wrong-type' : 'malformed-json',
            fileRow,
            `line ${line} does not start a JSON object, it starts with ${preview(String.fromCharCode(c))}`,
          );
        }
        const nl = buf.indexOf(LF, start);
        if (nl < 0 && !eof) break;
        let end = nl < 0 ? n : nl;
        while (end > start && isWs(buf[end - 1] as number)) end--;
        let text = '';
        let value: unknown;
        let whole = false;
        if (buf[end - 1] === RBRACE) {
          text = decodeUtf8(buf, start, end);
          try {
            value = JSON.parse(text);
            whole = true;
          } catch {}
        }
        if (!whole) {
          const st: ScanState = { i: start, depth: 0, inString: false, scalar: false };
          end = scan(buf, st, eof);
          if (end < 0) {
            if (eof) this.fail('truncated', fileRow, `the file ends inside the row on line ${line}`);
            break;
          }
          text = decodeUtf8(buf, start, end);
          try {
            value = JSON.parse(text);
          } catch (error) {
            const why = error instanceof Error ? error.message : 'not valid JSON';
            this.fail('malformed-json', fileRow, `the row on line ${line} is not valid JSON (${why})`);
          }
        }
        if (end - start > max) this.fail('too-large', fileRow, `the row is larger than ${max} bytes`);
        const rowLine = line;
        // A row that parsed as its line holds no line break; one read by the scanner may.
        if (!whole) {
          for (let k = buf.indexOf(LF, start); k >= 0 && k < end; k = buf.indexOf(LF, k + 1)) line++;
        }
        src.pos = end;
        if (this.options.duplicates?.seenBytes(buf, start, end) !== true) {
          try {
            this.options.keys?.(text, [value], fileRow, false);
          } catch (error) {
            throw atLine(error, rowLine);
          }
          const convert = this.options.convert;
          batch.push(convert === null ? value : convert(value, fileRow));
        }
        fileRow++;
        if (batch.length >= YIELD_ROWS) {
          yield { kind: 'rows', rows: batch, first: batchFirst };
          batch = [];
          batchFirst = fileRow;
        }
      }
      if (batch.length > 0) yield { kind: 'rows', rows: batch, first: batchFirst };
      if (eof && src.pos >= n) return;
      if (n - src.pos > max) this.fail('too-large', fileRow, `the row is larger than ${max} bytes`);
      await src.more(src.pos);
    }
  }

  private async *tables(): AsyncGenerator<JsonEvent, void, undefined> {
    await this.expect(LBRACK, `'[' starting "tables"`);
    if ((await this.peek()) === RBRACK) this.fail('malformed-json', null, '"tables" is empty');
    let index = 0;
    do {
      yield* this.table(index);
      index++;
    } while (await this.next(RBRACK, '"tables"'));
  }

  private async *table(index: number): AsyncGenerator<JsonEvent, void, undefined> {
    const what = `tables[${index}]`;
    await this.expect(LBRACE, `'{' starting ${what}`);
    let columns: LaColumn[] | null = null;
    let sawRows = false;
    if ((await this.peek()) !== RBRACE) {
      do {
        const key = await this.key(what);
        if (key === 'columns') {
          columns = this.columns(await this.value(`${what}.columns`));
          if (index === 0) yield { kind: 'columns', columns };
        } else if (key === 'rows') {
          if (index === 0 && columns === null) {
            throw new TraceInputError(
              'unsupported-layout',
              this.src.file,
              null,
              null,
              `${what}: "rows" comes before "columns"; cannot stream it`,
            );
          }
          await this.expect(LBRACK, `'[' starting ${what}.rows`);
          sawRows = true;
          const fast =
            index === 0 && this.options.convert !== null && FastRows.available((columns as LaColumn[]).length)
              ? new FastRows(
                  this.options.wanted
                    ? Uint8Array.from(this.options.wanted, (w) => (w ? 1 : 0))
                    : wantedColumns(columns as LaColumn[], this.src.file),
                )
              : null;
          yield* this.rows(LBRACK, 'an array', 1, index > 0, fast);
        } else {
          await this.value(`${what}.${key}`);
        }
      } while (await this.next(RBRACE, what));
    } else {
      this.src.pos++;
    }
    if (index === 0 && (columns === null || !sawRows)) {
      this.fail('malformed-json', null, `${what} has no ${columns === null ? '"columns"' : '"rows"'}`);
    }
  }

  private columns(value: unknown): LaColumn[] {
    if (!Array.isArray(value)) this.fail('malformed-json', null, '"columns" is not an array');
    return value.map((column, i) => {
      const c = column as { name?: unknown; type?: unknown } | null;
      if (typeof c !== 'object' || c === null || typeof c.name !== 'string') {
        this.fail('malformed-json', null, `columns[${i}] has no string "name": ${preview(column)}`);
      }
      return { name: c.name, type: typeof c.type === 'string' ? c.type : '' };
    });
  }

  /**
   * The elements of an array whose '[' was consumed: each must open with `open`; parsed in batches of what the
   * buffer holds. With `skip`, elements are scanned but neither parsed nor yielded. With `fast` (query API
   * rows, converted), a batch is read by the fast path first (see fastrows.ts), by JSON.parse where it declines.
   */
  private async *rows(
    open: number,
    shape: string,
    first: number,
    skip: boolean,
    fast: FastRows | null = null,
  ): AsyncGenerator<JsonEvent, void, undefined> {
    const src = this.src;
    const max = this.options.maxRowBytes;
    let fileRow = first;
    /** 0: after '[', 1: after ',', 2: after an element. */
    let state = 0;
    const st: ScanState = { i: 0, depth: 0, inString: false, scalar: false };
    let inRow = false;
    const close = open === LBRACK ? RBRACK : RBRACE;
    const duplicates = open === LBRACE ? this.options.duplicates : null;
    // Export duplicates are told by each record's own bytes: read such records one by one.
    let batchLimit = skip || duplicates !== null ? 0 : Math.min(this.options.batchBytes, max);
    /** Batches parsed, and batches that did not parse (and were read row by row). */
    let batches = 0;
    let falseCuts = 0;
    /** Rows before this position are read one by one (a batch there did not parse). */
    let retryAt = 0;
    for (;;) {
      let batch: unknown[] = [];
      let batchFirst = fileRow;
      const buf = src.buf;
      const n = buf.length;
      let done = false;
      while (src.pos < n) {
        if (inRow) {
          const end = scan(buf, st, false);
          if (end < 0) break;
          if (end - src.pos > max) this.fail('too-large', fileRow, `the row is larger than ${max} bytes`);
          if (!skip && duplicates?.seenBytes(buf, src.pos, end) !== true) {
            const text = decodeUtf8(buf, src.pos, end);
            let value: unknown;
            try {
              value = JSON.parse(text);
            } catch (error) {
              const why = error instanceof Error ? error.message : 'not valid JSON';
              this.fail('malformed-json', fileRow, `the row is not valid JSON (${why})`);
            }
            if (open === LBRACE) this.options.keys?.(text, [value], fileRow, false);
            const convert = this.options.convert;
            batch.push(convert === null ? value : convert(value, fileRow));
          }
          fileRow++;
          src.pos = end;
          inRow = false;
          state = 2;
          continue;
        }
        const c = buf[src.pos] as number;
        if (isWs(c)) {
          src.pos++;
        } else if (state === 2) {
          if (c === COMMA) {
            state = 1;
            src.pos++;
          } else if (c === RBRACK) {
            src.pos++;
            done = true;
            break;
          } else {
            this.fail(
              'malformed-json',
              fileRow,
              `expected ',' or ']' after row ${fileRow - 1} ${this.where()}, found ${preview(String.fromCharCode(c))}`,
            );
          }
        } else if (c === RBRACK && state === 0) {
          src.pos++;
          done = true;
          break;
        } else if (c === open) {
          if (batchLimit > 0 && src.pos >= retryAt) {
            const limit = Math.min(n, src.pos + batchLimit);
            let cut: number;
            if (open === LBRACE) {
              cut = lastRowBoundary(buf, src.pos, limit, open, close, keyPrefix(buf, src.pos, limit));
              if (cut < 0) cut = lastRowBoundary(buf, src.pos, limit, open, close);
            } else {
              cut = lastRowBoundary(buf, src.pos, limit, open, close);
            }
            if (cut > 0) {
              let parsed: unknown[] | null = fast === null ? null : fast.rows(buf, src.pos, cut);
              if (parsed === null) {
                const span = parseRows(buf, src.pos, cut, open === LBRACK);
                if (span !== null) {
                  parsed = span.rows;
                  if (open === LBRACE) this.options.keys?.(span.text, parsed, fileRow, true);
                }
              }
              if (parsed !== null) {
                const convert = this.options.convert;
                for (let k = 0; k < parsed.length; k++) {
                  batch.push(convert === null ? parsed[k] : convert(parsed[k], fileRow));
                  fileRow++;
                }
                src.pos = cut;
                state = 2;
                batches++;
                if (batch.length >= YIELD_ROWS) {
                  yield { kind: 'rows', rows: batch, first: batchFirst };
                  batch = [];
                  batchFirst = fileRow;
                }
                continue;
              }
              // The cut was inside a string or a row (or the span holds an error, which reading it row by row
              // will name). Should that keep happening, batches only cost time: stop trying them.
              retryAt = cut;
              falseCuts++;
              if (falseCuts >= 16 && falseCuts * 4 > batches) batchLimit = 0;
            }
          }
          inRow = true;
          st.i = src.pos;
          st.depth = 0;
          st.inString = false;
        } else {
          // A separator or closer where a row should start is a syntax error; another value is the wrong shape.
          const syntax = skip || c === COMMA || c === RBRACK || c === RBRACE || c === COLON;
          this.fail(
            syntax ? 'malformed-json' : 'wrong-type',
            fileRow,
            syntax
              ? `expected a row ${this.where()}, found ${preview(String.fromCharCode(c))}`
              : `the row is not ${shape} ${this.where()}, it starts with ${preview(String.fromCharCode(c))}`,
          );
        }
      }
      if (batch.length > 0) yield { kind: 'rows', rows: batch, first: batchFirst };
      if (done) {
        this.nextRow = fileRow;
        return;
      }
      if (inRow && n - src.pos > max) this.fail('too-large', fileRow, `the row is larger than ${max} bytes`);
      const shift = await src.more(src.pos);
      if (shift < 0)
        this.fail(
          'truncated',
          inRow ? fileRow : null,
          inRow ? 'the file ends inside the row' : 'the file ends before the rows array is closed',
        );
      st.i -= shift;
      retryAt -= shift;
    }
  }
}

/**
 * The rows in buf[from..cut) (which starts with a row and ends with one), parsed at once; null when the span
 * does not parse as rows of the expected shape (arrays, or objects), which the caller then reads row by row.
 */
function parseRows(
  buf: Buffer,
  from: number,
  cut: number,
  arrays: boolean,
): { rows: unknown[]; text: string } | null {
  let text: string;
  if (from > 0 && cut < buf.length) {
    // The bytes around the span are a separator and whitespace (or the rows' '['): '[' and ']' are written over
    // them for the decode and put back, so the text is made in one copy, not decoded and then concatenated.
    // The buffer is the reader's own (ByteSource copies every chunk into a buffer of its own).
    const before = buf[from - 1] as number;
    const after = buf[cut] as number;
    buf[from - 1] = LBRACK;
    buf[cut] = RBRACK;
    try {
      text = decodeText(buf, from - 1, cut + 1);
    } finally {
      buf[from - 1] = before;
      buf[cut] = after;
    }
  } else {
    text = `[${decodeText(buf, from, cut)}]`;
  }
  let rows: unknown[];
  try {
    rows = JSON.parse(text) as unknown[];
  } catch {
    return null;
  }
  for (let k = 0; k < rows.length; k++) {
    const row = rows[k];
    if (arrays ? !Array.isArray(row) : typeof row !== 'object' || row === null || Array.isArray(row)) {
      return null;
    }
  }
  return { rows, text };
}

/**
 * Which columns of a query API table the model reads (under any of its names, either table's): the fast path
 * makes only their values. A name the header check refuses is counted in (that check names it).
 */
function wantedColumns(columns: readonly LaColumn[], file: string): Uint8Array {
  const read = new Set<string>();
  for (const spec of [...ALERT_COLUMNS, ...INCIDENT_COLUMNS]) for (const name of spec.sources) read.add(name);
  return Uint8Array.from(columns, (column) => {
    try {
      const clean = cleanColumnName(column.name, file);
      return clean !== null && read.has(clean.name) ? 1 : 0;
    } catch {
      return 1;
    }
  });
}

/** A row's error from the key check, with the row's line (JSON lines) added to its reason. */
function atLine(error: unknown, line: number): unknown {
  if (!(error instanceof TraceInputError)) return error;
  return new TraceInputError(
    error.code,
    error.file,
    error.row,
    error.column,
    `line ${line}: ${error.reason}`,
  );
}

export function jsonEvents(
  src: ByteSource,
  options: JsonReadOptions,
): AsyncGenerator<JsonEvent, void, undefined> {
  return new JsonReader(src, options).events();
}
