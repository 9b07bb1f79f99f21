/**
 * A file read in chunks into one sliding window: `buf` holds the bytes from the oldest position a reader
 * still needs to the end of what was read, `pos` is the read position in it. `more(keep)` drops the bytes
 * before `keep`, appends the next chunk and shifts `pos` (and tells the caller by how much), so a value that
 * crosses a chunk boundary stays contiguous.
 */
import { type FileHandle, open } from 'node:fs/promises';
import { TraceInputError } from './errors.ts';

export const DEFAULT_CHUNK_BYTES = 1 << 20;
/** The largest row (or header, or envelope value) a reader holds: bounds memory on hostile input. */
export const DEFAULT_MAX_ROW_BYTES = 16 << 20;

const EMPTY = Buffer.alloc(0);

export class ByteSource {
  buf: Buffer = EMPTY;
  pos = 0;
  /** Absolute file offset of buf[0]. */
  base = 0;
  eof = false;

  private constructor(
    private readonly handle: FileHandle,
    readonly file: string,
    private readonly chunkBytes: number,
  ) {}

  static async open(file: string, chunkBytes = DEFAULT_CHUNK_BYTES): Promise<ByteSource> {
    try {
      return new ByteSource(await open(file, 'r'), file, chunkBytes);
    } catch (error) {
      throw ioError(file, error);
    }
  }

  /**
   * Keeps buf[keep..], appends the next chunk; returns the shift applied to positions (keep), or -1 at the end
   * of the file (nothing changed then). The chunk is read straight after the kept bytes: no second copy.
   */
  async more(keep: number): Promise<number> {
    if (this.eof) return -1;
    const rest = this.buf.length - keep;
    const next = Buffer.allocUnsafe(rest + this.chunkBytes);
    if (rest > 0) this.buf.copy(next, 0, keep);
    let bytesRead: number;
    try {
      ({ bytesRead } = await this.handle.read(next, rest, this.chunkBytes, null));
    } catch (error) {
      throw ioError(this.file, error);
    }
    if (bytesRead === 0) {
      this.eof = true;
      return -1;
    }
    this.buf = next.subarray(0, rest + bytesRead);
    this.base += keep;
    this.pos -= keep;
    return keep;
  }

  async close(): Promise<void> {
    await this.handle.close().catch(() => undefined);
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
