/**
 * A file read in chunks into one sliding window: `buf` holds the bytes from the oldest position a reader
 * still needs to the end of what was read, `pos` is the read position in it. `more(keep)` drops the bytes
 * before `keep`, appends the next chunk and shifts `pos` (and tells the caller by how much), so a value that
 * crosses a chunk boundary stays contiguous. The next chunk is read while the current one is parsed.
 */
import { isAscii } from 'node:buffer';
import { close, closeSync, fstatSync, openSync, read, readSync } from 'node:fs';
import { TraceInputError } from './errors.ts';

export const DEFAULT_CHUNK_BYTES = 1 << 20;

type Utf8Slice = (this: Buffer, start: number, end: number) => string;
const nativeUtf8Slice = (Buffer.prototype as unknown as { utf8Slice?: Utf8Slice }).utf8Slice;

/**
 * buf[start..end) decoded as UTF-8. Node's own `utf8Slice` (what `toString('utf8', …)` calls after checking
 * its arguments) when present: rows are decoded a million times, and the checks cost measurable time.
 */
export const decodeUtf8: (buf: Buffer, start: number, end: number) => string =
  typeof nativeUtf8Slice === 'function'
    ? (buf, start, end) => nativeUtf8Slice.call(buf, start, end)
    : (buf, start, end) => buf.toString('utf8', start, end);
type Latin1Slice = (this: Buffer, start: number, end: number) => string;
const nativeLatin1Slice = (Buffer.prototype as unknown as { latin1Slice?: Latin1Slice }).latin1Slice;

/**
 * buf[start..end) decoded as UTF-8, for spans of many rows: an all-ASCII span (most exports) is copied as
 * Latin-1, the same text for ASCII and cheaper to make than through the UTF-8 decoder.
 */
export function decodeText(buf: Buffer, start: number, end: number): string {
  if (nativeLatin1Slice !== undefined && isAscii(buf.subarray(start, end))) {
    return nativeLatin1Slice.call(buf, start, end);
  }
  return decodeUtf8(buf, start, end);
}

/** The largest row (or header, or envelope value) a reader holds: bounds memory on hostile input. */
export const DEFAULT_MAX_ROW_BYTES = 16 << 20;

const EMPTY = Buffer.alloc(0);
/** Room in front of each chunk for the tail of the previous one (rows are a few kB); at most the chunk size. */
const HEADROOM = 64 << 10;

/** Where the bytes come from: a file, or memory. */
interface Input {
  read(target: Buffer, offset: number, length: number): Promise<number>;
  close(): Promise<void>;
}

/** Files up to this size (less one byte) are read whole without fstat (see ByteSource.open). */
const SCRATCH_BYTES = 64 << 10;
let SCRATCH: Buffer | null = null;

/**
 * Reads fd from its start into target[0..limit), up to the end of the file or of the room, at explicit
 * positions (the file position stays at 0); returns the bytes read: fewer than `limit` only at the end of the
 * file.
 */
function readAll(fd: number, target: Buffer, limit: number): number {
  let length = 0;
  while (length < limit) {
    const n = readSync(fd, target, length, limit - length, length);
    if (n === 0) break;
    length += n;
  }
  return length;
}

/** The input of a source whose bytes are all in `buf` already. */
const NO_INPUT: Input = { read: async () => 0, close: async () => {} };

/** The text encodings a file is read in; UTF-16 is told by its byte-order mark and read as UTF-8. */
export type TextEncoding = 'UTF-8' | 'UTF-16LE' | 'UTF-16BE';

function encodingOf(first: Uint8Array): TextEncoding {
  if (first[0] === 0xff && first[1] === 0xfe) return 'UTF-16LE';
  if (first[0] === 0xfe && first[1] === 0xff) return 'UTF-16BE';
  return 'UTF-8';
}

/**
 * UTF-16 input (Windows PowerShell 5.1's `>` and Out-File write it) handed out as UTF-8, a chunk at a time,
 * so the readers see the bytes of a UTF-8 file (without the byte-order mark, which the decoder drops).
 */
function transcoded(raw: Input, encoding: 'UTF-16LE' | 'UTF-16BE', chunkBytes: number): Input {
  const decoder = new TextDecoder(encoding.toLowerCase());
  const chunk = Buffer.allocUnsafe(chunkBytes);
  let ready: Buffer = EMPTY;
  let ended = false;
  return {
    async read(target, offset, length) {
      while (ready.length === 0 && !ended) {
        const n = await raw.read(chunk, 0, chunk.length);
        ended = n === 0;
        ready = Buffer.from(
          ended ? decoder.decode() : decoder.decode(chunk.subarray(0, n), { stream: true }),
        );
      }
      const count = Math.min(length, ready.length);
      ready.copy(target, offset, 0, count);
      ready = ready.subarray(count);
      return count;
    },
    close: () => raw.close(),
  };
}

interface Readahead {
  target: Buffer;
  bytesRead: number;
}

export class ByteSource {
  buf: Buffer = EMPTY;
  pos = 0;
  /** Absolute file offset of buf[0]. */
  base = 0;
  eof = false;
  private pending: Promise<Readahead> | null = null;
  private readonly headroom: number;
  /** The read target `buf` lies in (null when `buf` was concatenated). */
  private block: Buffer | null = null;
  /**
   * A read target no longer read from, for the next read: reusing it spares the page faults of a fresh
   * megabyte per chunk. Safe because nothing keeps a view of `buf` across `more()` (readers take `src.buf`
   * again after it, and every value they keep is a decoded string).
   */
  private spare: Buffer | null = null;

  private readonly input: Input;

  /** The file's encoding; a UTF-16 file is handed out as UTF-8 (positions count the UTF-8 bytes then). */
  readonly encoding: TextEncoding;

  private constructor(
    input: Input,
    readonly file: string,
    private readonly chunkBytes: number,
    first: Uint8Array,
  ) {
    this.headroom = Math.min(HEADROOM, chunkBytes);
    this.encoding = encodingOf(first);
    this.input = this.encoding === 'UTF-8' ? input : transcoded(input, this.encoding, chunkBytes);
  }

  /**
   * Opens a file. One within a chunk (a blob of an export folder: a few kB, and 100,000 of them) is read whole,
   * with synchronous calls, into a buffer its size: each asynchronous call costs tens of microseconds of CPU
   * in hand-offs to libuv's threads (on the 2-core machine measured, 150-230 us a file against 12-20 us), more
   * than parsing the blob, and a small read blocks no longer than its parse does. A file within SCRATCH_BYTES
   * takes four calls (open, read, the read that finds its end, close; no fstat); a larger one is sized by
   * fstat; one of a chunk or more is read in chunks, asynchronously, the next while the current is parsed.
   */
  static async open(file: string, chunkBytes = DEFAULT_CHUNK_BYTES): Promise<ByteSource> {
    let fd: number;
    try {
      fd = openSync(file, 'r');
    } catch (error) {
      throw ioError(file, error);
    }
    const first = Buffer.alloc(2);
    try {
      // Into the scratch buffer first, and copied out before anything else can use it (no await between).
      if (SCRATCH === null) SCRATCH = Buffer.allocUnsafe(SCRATCH_BYTES);
      const scratch = SCRATCH;
      const limit = Math.min(SCRATCH_BYTES, chunkBytes);
      let length = readAll(fd, scratch, limit);
      if (length < limit) {
        closeSync(fd);
        return ByteSource.whole(Buffer.from(scratch.subarray(0, length)), file);
      }
      const { size } = fstatSync(fd);
      if (size < chunkBytes) {
        const bytes = Buffer.allocUnsafe(size + 1);
        length = readAll(fd, bytes, bytes.length);
        if (length <= size) {
          closeSync(fd);
          return ByteSource.whole(bytes.subarray(0, length), file);
        }
        // It grew while read: read it as a large file.
      }
      readSync(fd, first, 0, 2, 0); // at a position: the reads below still start at the beginning
    } catch (error) {
      try {
        closeSync(fd);
      } catch {}
      throw ioError(file, error);
    }
    // Closed once only: a descriptor's number is reused by the next open, which a second close would shut.
    let closed = false;
    const input: Input = {
      read: (target, offset, length) =>
        new Promise((resolve, reject) => {
          read(fd, target, offset, length, null, (error, bytesRead) => {
            if (error) reject(error);
            else resolve(bytesRead);
          });
        }),
      close: () => {
        if (closed) return Promise.resolve();
        closed = true;
        return new Promise((resolve, reject) => {
          close(fd, (error) => {
            if (error) reject(error);
            else resolve();
          });
        });
      },
    };
    return new ByteSource(input, file, chunkBytes, first);
  }

  /**
   * A file's whole content, read by the caller into a buffer of its own (readers may write into it briefly,
   * see json.ts's parseRows, so never a caller's bytes): handed out at once, at the end of the file already.
   * UTF-16 content is transcoded chunk by chunk like a file.
   */
  private static whole(bytes: Buffer, name: string): ByteSource {
    const chunkBytes = Math.max(bytes.length, 1);
    if (encodingOf(bytes) !== 'UTF-8') return ByteSource.fromBytes(bytes, name, chunkBytes);
    const src = new ByteSource(NO_INPUT, name, chunkBytes, bytes);
    src.buf = bytes;
    src.eof = true;
    return src;
  }

  /** Bytes already in memory (an upload, a test), read in chunks like a file; `name` names it in errors. */
  static fromBytes(bytes: Uint8Array, name: string, chunkBytes = DEFAULT_CHUNK_BYTES): ByteSource {
    let at = 0;
    const input: Input = {
      read: async (target, offset, length) => {
        const n = Math.min(length, bytes.length - at);
        target.set(bytes.subarray(at, at + n), offset);
        at += n;
        return n;
      },
      close: async () => {},
    };
    return new ByteSource(input, name, chunkBytes, bytes.subarray(0, 2));
  }

  /**
   * Starts reading the next chunk into the spare buffer (or a fresh one), at an offset that leaves HEADROOM
   * bytes in front for the tail of the current window (a row cut by the chunk boundary), so appending costs no
   * copy of the chunk.
   */
  private read(): Promise<Readahead> {
    const room = this.headroom;
    const target = this.spare ?? Buffer.allocUnsafe(room + this.chunkBytes);
    this.spare = null;
    return this.input.read(target, room, this.chunkBytes).then(
      (bytesRead) => ({ target, bytesRead }),
      (error: unknown) => {
        throw ioError(this.file, error);
      },
    );
  }

  /**
   * Keeps buf[keep..], appends the next chunk (read ahead while the current one was parsed); returns the shift
   * applied to positions (keep), or -1 at the end of the file (nothing changed then).
   */
  async more(keep: number): Promise<number> {
    if (this.eof) return -1;
    const { target, bytesRead } = await (this.pending ?? this.read());
    this.pending = null;
    if (bytesRead === 0) {
      this.eof = true;
      return -1;
    }
    const rest = this.buf.length - keep;
    const room = this.headroom;
    const chunk = target.subarray(room, room + bytesRead);
    const old = this.block;
    if (rest <= 0) {
      this.buf = chunk;
      this.block = target;
    } else if (rest <= room) {
      this.buf.copy(target, room - rest, keep);
      this.buf = target.subarray(room - rest, room + bytesRead);
      this.block = target;
    } else {
      this.buf = Buffer.concat([this.buf.subarray(keep), chunk], rest + bytesRead);
      this.block = null;
      this.spare = target;
    }
    // The previous block is no longer read (its tail, if needed, was copied): the next chunk goes into it.
    if (this.spare === null) this.spare = old;
    this.pending = this.read();
    this.base += keep;
    this.pos -= keep;
    return keep;
  }

  async close(): Promise<void> {
    const pending = this.pending;
    this.pending = null;
    if (pending) await pending.catch(() => undefined);
    await this.input.close().catch(() => undefined);
  }
}

function ioError(file: string, error: unknown): TraceInputError {
  const code = (error as { code?: unknown } | null)?.code;
  const reason =
    code === 'ENOENT'
      ? 'no such file'
      : code === 'EISDIR'
        ? 'is a directory, not a file'
        : code === 'EACCES'
          ? 'permission denied'
          : `cannot read the file (${typeof code === 'string' ? code : 'I/O error'})`;
  return new TraceInputError('io-error', file, null, null, reason);
}
