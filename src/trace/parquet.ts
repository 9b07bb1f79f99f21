/**
 * Parquet (what a Log Analytics export job writes: gzip-compressed files, partitioned per hour), read with
 * hyparquet: a pure-JavaScript Parquet reader with no native code and no dependencies of its own, maintained,
 * and made for exactly this (schema, row groups, every encoding and logical type). Its own decoders cover
 * Snappy; gzip (and Brotli) pages are inflated with Node's zlib, passed in as hyparquet's custom
 * decompressors, so no further package is needed.
 *
 * Memory holds one row group's rows at a time (a file is read a row group after another, through positioned
 * reads of the file). Timestamps become ISO-8601 UTC text at full precision, 64-bit integers plain numbers
 * (or text past 2^53), other values stay as hyparquet gives them; rows are objects keyed by column name, as a
 * JSON row is, and each row's text for telling export duplicates is the JSON of all its values.
 */
import { type FileHandle, open } from 'node:fs/promises';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { type AsyncBuffer, type FileMetaData, parquetMetadataAsync, parquetReadObjects } from 'hyparquet';
import { TraceInputError } from './errors.ts';

/** The four bytes a Parquet file starts (and ends) with. */
export function isParquet(head: Uint8Array): boolean {
  return head[0] === 0x50 && head[1] === 0x41 && head[2] === 0x52 && head[3] === 0x31;
}

const compressors = {
  GZIP: (input: Uint8Array) => new Uint8Array(gunzipSync(input)),
  BROTLI: (input: Uint8Array) => new Uint8Array(brotliDecompressSync(input)),
};

function isoFromMillis(ms: bigint, finer: string): string {
  const text = new Date(Number(ms)).toISOString();
  return finer === '' ? text : `${text.slice(0, -1)}${finer}Z`;
}

function floorDiv(a: bigint, b: bigint): [bigint, bigint] {
  const q = a / b;
  const r = a % b;
  return r < 0n ? [q - 1n, r + b] : [q, r];
}

const parsers = {
  timestampFromMilliseconds: (ms: bigint) => isoFromMillis(ms, ''),
  timestampFromMicroseconds: (us: bigint) => {
    const [ms, rest] = floorDiv(us, 1000n);
    return isoFromMillis(ms, String(rest).padStart(3, '0'));
  },
  timestampFromNanoseconds: (ns: bigint) => {
    const [ms, rest] = floorDiv(ns, 1_000_000n);
    return isoFromMillis(ms, String(rest).padStart(6, '0'));
  },
  dateFromDays: (days: number) => new Date(days * 86_400_000).toISOString(),
};

/** A row's values as a JSON row's: bigint as a number (or text when not exact). */
function plain(value: unknown): unknown {
  if (typeof value === 'bigint') {
    const n = Number(value);
    return Number.isSafeInteger(n) ? n : String(value);
  }
  if (value instanceof Date) return value.toISOString();
  if (value instanceof Uint8Array) return Buffer.from(value).toString('base64');
  if (Array.isArray(value)) return value.map(plain);
  if (typeof value === 'object' && value !== null) {
    const out: Record<string, unknown> = {};
    for (const key in value) out[key] = plain((value as Record<string, unknown>)[key]);
    return out;
  }
  return value;
}

export type ParquetEvent =
  | { kind: 'columns'; names: string[] }
  /** Rows as objects (already converted, if `convert` is set); rows[0] is data row `first` (1-based). */
  | { kind: 'rows'; rows: unknown[]; first: number };

export interface ParquetReadOptions {
  /** Applied to each row; returning undefined drops it (an export duplicate). */
  convert: (value: Record<string, unknown>, fileRow: number) => unknown;
  /** Called with each row and its text (the JSON of its values); true: an export duplicate, dropped. */
  duplicate: ((text: string) => boolean) | null;
}

/** What is read from: a file path, or bytes in memory. */
export type ParquetSource = { file: string } | { name: string; bytes: Uint8Array };

export async function* parquetEvents(
  source: ParquetSource,
  options: ParquetReadOptions,
): AsyncGenerator<ParquetEvent, void, undefined> {
  const file = 'file' in source ? source.file : source.name;
  const bad = (reason: string, row: number | null = null): TraceInputError =>
    new TraceInputError('malformed-parquet', file, row, null, reason);
  let handle: FileHandle | null = null;
  try {
    let buffer: AsyncBuffer;
    if ('file' in source) {
      handle = await open(source.file, 'r');
      const h = handle;
      const { size } = await h.stat();
      buffer = {
        byteLength: size,
        async slice(start: number, end?: number): Promise<ArrayBuffer> {
          const length = (end ?? size) - start;
          const bytes = new Uint8Array(length);
          let done = 0;
          while (done < length) {
            const { bytesRead } = await h.read(bytes, done, length - done, start + done);
            if (bytesRead === 0) break;
            done += bytesRead;
          }
          return bytes.buffer;
        },
      };
    } else {
      const bytes = source.bytes;
      buffer = {
        byteLength: bytes.length,
        slice: (start: number, end?: number) =>
          Promise.resolve(bytes.slice(start, end ?? bytes.length).buffer as ArrayBuffer),
      };
    }
    let metadata: FileMetaData;
    try {
      metadata = await parquetMetadataAsync(buffer, { parsers });
    } catch (error) {
      throw bad(`not a readable Parquet file (${error instanceof Error ? error.message : String(error)})`);
    }
    // Top-level columns only: a nested column's leaves are not columns of a Log Analytics table.
    const top: string[] = [];
    let skip = 0;
    for (const element of metadata.schema.slice(1)) {
      if (skip > 0) {
        skip += (element.num_children ?? 0) - 1;
        continue;
      }
      top.push(element.name);
      skip = element.num_children ?? 0;
    }
    yield { kind: 'columns', names: top };
    let fileRow = 1;
    let start = 0;
    for (const group of metadata.row_groups) {
      const end = start + Number(group.num_rows);
      let rows: Record<string, unknown>[];
      try {
        rows = (await parquetReadObjects({
          file: buffer,
          metadata,
          rowStart: start,
          rowEnd: end,
          compressors,
          parsers,
        })) as Record<string, unknown>[];
      } catch (error) {
        throw bad(
          `rows ${start + 1}–${end} cannot be read (${error instanceof Error ? error.message : String(error)})`,
          start + 1,
        );
      }
      start = end;
      const batch: unknown[] = [];
      let batchFirst = fileRow;
      for (const raw of rows) {
        const row = plain(raw) as Record<string, unknown>;
        if (options.duplicate === null || !options.duplicate(JSON.stringify(row))) {
          batch.push(options.convert(row, fileRow));
        }
        fileRow++;
        if (batch.length >= 64) {
          yield { kind: 'rows', rows: batch.splice(0), first: batchFirst };
          batchFirst = fileRow;
        }
      }
      if (batch.length > 0) yield { kind: 'rows', rows: batch, first: batchFirst };
    }
  } catch (error) {
    if (error instanceof TraceInputError) throw error;
    const code = (error as { code?: unknown } | null)?.code;
    throw new TraceInputError(
      'io-error',
      file,
      null,
      null,
      `cannot read the file (${typeof code === 'string' ? code : String(error)})`,
    );
  } finally {
    await handle?.close().catch(() => undefined);
  }
}
