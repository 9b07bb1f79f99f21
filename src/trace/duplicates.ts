/**
 * Export duplicates. Microsoft documents that a data export destination's retries can write a fraction of the
 * exported records twice. The rule: in the forms an export writes (JSON lines, Event Hubs `records`,
 * Parquet), a record whose raw text (its bytes from `{` to `}` as the export wrote them, TimeGenerated,
 * _ItemId and every other member included; for Parquet, every column's value) equals that of a record read
 * before it from the same export (any file of a folder) is an export duplicate: counted, and not handed on as a
 * row. A connector's own repeat of an alert or incident is a new row with its own TimeGenerated, so it is
 * never byte-identical and is always handed on. Query results (the API's JSON, a JSON array, CSV) are the
 * table itself: nothing is set aside there.
 *
 * Records are compared by the first 128 bits of their SHA-256 (the chance that two different records of even
 * a billion share them is below 10^-20), kept in an open-addressing table of 16 bytes a record: a million
 * records cost 32 MB at most, not the records' own size.
 */
import { hash } from 'node:crypto';

export class ExportDuplicates {
  /** Records set aside as export duplicates. */
  count = 0;
  private table = new Uint32Array(4 << 12);
  private size = 0;

  /** Whether the record in buf[start..end) was seen before; remembers it if not. */
  seenBytes(buf: Uint8Array, start: number, end: number): boolean {
    return this.seen(hash('sha256', buf.subarray(start, end), 'binary'));
  }

  /** Whether the record whose raw text is `text` was seen before; remembers it if not. */
  seenText(text: string): boolean {
    return this.seen(hash('sha256', text, 'binary'));
  }

  /**
   * The digest comes as a 'binary' (Latin-1) string, a character a byte: cheaper to make than a Buffer, which costs an
   * ArrayBuffer a record. Its first 16 bytes are read as four little-endian words.
   */
  private seen(digest: string): boolean {
    const a = word(digest, 0);
    const b = word(digest, 4);
    const c = word(digest, 8);
    const d = word(digest, 12);
    if (this.find(a, b, c, d, true)) {
      this.count++;
      return true;
    }
    return false;
  }

  /** Looks the digest up; inserts it when absent and `insert`. A slot of four zero words is empty. */
  private find(a: number, b: number, c: number, d: number, insert: boolean): boolean {
    if (a === 0 && b === 0 && c === 0 && d === 0) a = 1; // keep the all-zero digest off the empty mark
    const t = this.table;
    const mask = t.length / 4 - 1;
    for (let slot = a & mask; ; slot = (slot + 1) & mask) {
      const at = slot * 4;
      const x = t[at] as number;
      if (x === 0 && t[at + 1] === 0 && t[at + 2] === 0 && t[at + 3] === 0) {
        if (!insert) return false;
        t[at] = a;
        t[at + 1] = b;
        t[at + 2] = c;
        t[at + 3] = d;
        if (++this.size * 2 > mask + 1) this.grow();
        return false;
      }
      if (x === a && t[at + 1] === b && t[at + 2] === c && t[at + 3] === d) return true;
    }
  }

  private grow(): void {
    const old = this.table;
    this.table = new Uint32Array(old.length * 2);
    this.size = 0;
    for (let at = 0; at < old.length; at += 4) {
      const a = old[at] as number;
      const b = old[at + 1] as number;
      const c = old[at + 2] as number;
      const d = old[at + 3] as number;
      if (a !== 0 || b !== 0 || c !== 0 || d !== 0) this.find(a, b, c, d, true);
    }
  }
}

/** Bytes at..at+3 of a Latin-1 digest as an unsigned little-endian word. */
function word(digest: string, at: number): number {
  return (
    (digest.charCodeAt(at) |
      (digest.charCodeAt(at + 1) << 8) |
      (digest.charCodeAt(at + 2) << 16) |
      (digest.charCodeAt(at + 3) << 24)) >>>
    0
  );
}
