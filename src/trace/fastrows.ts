/**
 * The fast path for the query API's rows (`[v, v, …]`, one array a row): a span of rows is checked against the
 * JSON grammar as strictly as JSON.parse checks it, and only the values of the columns the model reads are
 * made into JS values; the others (Entities, ExtendedProperties, Description: most of a row's bytes) are
 * checked and skipped. `JSON.parse('[' + span + ']')` makes every value of every row, and then the row is
 * dropped but for its ~15 columns the model reads.
 *
 * The span is copied into the memory of a small WebAssembly module, which skips the content of a string 16
 * bytes at a time (SIMD: one compare finds a quote, a backslash or a control character in a block) and checks
 * each escape; the structure around the strings (brackets, commas, whitespace, numbers, literals) is read here.
 * A string's value is decoded from its bytes (Latin-1 when they are ASCII, else UTF-8, as JSON.parse sees the
 * text the reader decodes); one holding an escape is given to JSON.parse alone, so escapes are decoded by
 * JSON.parse itself. Repeated short values (a severity, a product, a status, a row's times) are answered from
 * the column's last value without a decode.
 *
 * Anything else gives null and the caller parses the span with JSON.parse as before: a value that is an array
 * or an object, a span that is not exactly rows of arrays separated by commas (whitespace allowed), anything
 * outside the grammar. So the fast path only ever answers where JSON.parse would have given the same rows; an
 * error is always found and named by the JSON.parse path. A row has as many elements as the file's row has
 * values (the caller checks the width); the elements of columns not read are left empty (holes).
 */

/** Bytes of the module's memory below the span: the two lookup tables. */
const BASE = 512;
/** Zero bytes after the span: a 16-byte load from any position up to its end stays in the memory. */
const PAD = 64;
/** Spans longer than this are parsed the old way (the batches are 24 kB; a test may ask for more). */
const MAX_SPAN = 8 << 20;
/** Values of at most this many bytes are compared with the column's last value before being decoded. */
const MEMO_BYTES = 64;

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COMMA = 0x2c;
const LBRACK = 0x5b;
const RBRACK = 0x5d;

// --- The WebAssembly string scanner, assembled here (no toolchain). -----------------------------------------
//
// (func $string (param $p i32) (result i32)   ;; $p: the first byte after the opening quote
//   loop: load 16 bytes at $p; OR them into $high; m = bitmask(byte == '"' | byte == '\\' | byte <u 0x20)
//         m == 0: $p += 16, loop
//         $p += ctz(m); c = mem[$p]
//         c == '"': return $p << 2 | $escaped | (any byte seen >= 0x80) << 1
//         c != '\\': return -1                    ;; a control character: not allowed raw in a string
//         $escaped = 1; e = mem[$p + 1]; k = mem[e] (table at 0: 1 for " \ / b f n r t, 2 for u, else 0)
//         k == 0: return -1; k == 1: $p += 2, loop
//         mem[256 + mem[$p + 2..5]] all 1 (the hex digits table at 256), else return -1; $p += 6, loop
//
// The "non-ASCII" bit may be set by bytes after the closing quote (in the last block): it only chooses the
// UTF-8 decoder, which gives the same text for ASCII.

function u32(n: number): number[] {
  const out: number[] = [];
  do {
    let b = n & 0x7f;
    n >>>= 7;
    if (n !== 0) b |= 0x80;
    out.push(b);
  } while (n !== 0);
  return out;
}

function i32const(n: number): number[] {
  const out: number[] = [0x41];
  for (;;) {
    const b = n & 0x7f;
    n >>= 7;
    if ((n === 0 && (b & 0x40) === 0) || (n === -1 && (b & 0x40) !== 0)) {
      out.push(b);
      return out;
    }
    out.push(b | 0x80);
  }
}

const OP = {
  block: 0x02,
  loop: 0x03,
  if: 0x04,
  end: 0x0b,
  br: 0x0c,
  brIf: 0x0d,
  return: 0x0f,
  void: 0x40,
  eqz: 0x45,
  eq: 0x46,
  ne: 0x47,
  ctz: 0x68,
  add: 0x6a,
  and: 0x71,
  or: 0x72,
  shl: 0x74,
} as const;
const simd = (op: number): number[] => [0xfd, ...u32(op)];
const V128_LOAD = simd(0x00);
const I8X16_SPLAT = simd(0x0f);
const I8X16_EQ = simd(0x23);
const I8X16_LT_U = simd(0x26);
const V128_OR = simd(0x50);
const I8X16_BITMASK = simd(0x64);
const get = (i: number): number[] => [0x20, i];
const set = (i: number): number[] => [0x21, i];
const tee = (i: number): number[] => [0x22, i];
const load8 = (offset: number): number[] => [0x2d, 0x00, ...u32(offset)];
// Locals: 0 $p (the parameter), 1 $m, 2 $c, 3 $escaped (i32); 4 $v, 5 $high (v128).
const [P, M, C, ESCAPED, V, HIGH] = [0, 1, 2, 3, 4, 5];
const splatEq = (byte: number): number[] => [...get(V), ...i32const(byte), ...I8X16_SPLAT, ...I8X16_EQ];
const advance = (n: number): number[] => [...get(P), ...i32const(n), OP.add, ...set(P)];
const hexAt = (offset: number): number[] => [...get(P), ...load8(offset), ...load8(256)];

const STRING_BODY: number[] = [
  0x02, // two groups of locals
  0x03,
  0x7f, // 3 x i32
  0x02,
  0x7b, // 2 x v128
  OP.block,
  OP.void, // $fail
  OP.loop,
  OP.void, // $next
  ...get(P),
  ...V128_LOAD,
  0x00,
  0x00,
  ...tee(V),
  ...get(HIGH),
  ...V128_OR,
  ...set(HIGH),
  ...splatEq(QUOTE),
  ...splatEq(BACKSLASH),
  ...V128_OR,
  ...get(V),
  ...i32const(0x20),
  ...I8X16_SPLAT,
  ...I8X16_LT_U,
  ...V128_OR,
  ...I8X16_BITMASK,
  ...tee(M),
  OP.eqz,
  OP.if,
  OP.void,
  ...advance(16),
  OP.br,
  1, // $next
  OP.end,
  ...get(P),
  ...get(M),
  OP.ctz,
  OP.add,
  ...tee(P),
  ...load8(0),
  ...tee(C),
  ...i32const(QUOTE),
  OP.eq,
  OP.if,
  OP.void,
  ...get(P),
  ...i32const(2),
  OP.shl,
  ...get(ESCAPED),
  OP.or,
  ...get(HIGH),
  ...I8X16_BITMASK,
  ...i32const(0),
  OP.ne,
  ...i32const(1),
  OP.shl,
  OP.or,
  OP.return,
  OP.end,
  ...get(C),
  ...i32const(BACKSLASH),
  OP.ne,
  OP.brIf,
  1, // $fail
  ...i32const(1),
  ...set(ESCAPED),
  ...get(P),
  ...load8(1),
  ...load8(0),
  ...tee(C),
  OP.eqz,
  OP.brIf,
  1, // $fail
  ...get(C),
  ...i32const(1),
  OP.eq,
  OP.if,
  OP.void,
  ...advance(2),
  OP.br,
  1, // $next
  OP.end,
  ...hexAt(2),
  ...hexAt(3),
  OP.and,
  ...hexAt(4),
  OP.and,
  ...hexAt(5),
  OP.and,
  OP.eqz,
  OP.brIf,
  1, // $fail
  ...advance(6),
  OP.br,
  0, // $next
  OP.end,
  OP.end,
  ...i32const(-1),
  OP.end,
];

function section(id: number, content: readonly number[]): number[] {
  return [id, ...u32(content.length), ...content];
}

function name(text: string): number[] {
  return [...u32(text.length), ...Buffer.from(text, 'latin1')];
}

const MODULE = Uint8Array.from([
  ...[0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00], // \0asm, version 1
  ...section(1, [0x01, 0x60, 0x01, 0x7f, 0x01, 0x7f]), // types: (i32) -> i32
  ...section(3, [0x01, 0x00]), // functions: one, of type 0
  ...section(5, [0x01, 0x00, 0x01]), // memory: one, at least 1 page
  ...section(7, [0x02, ...name('string'), 0x00, 0x00, ...name('memory'), 0x02, 0x00]), // exports
  ...section(10, [0x01, ...u32(STRING_BODY.length), ...STRING_BODY]), // code
]);

/** What the code needs of WebAssembly (the project's type libraries do not declare it). */
interface WasmMemory {
  readonly buffer: ArrayBuffer;
  grow(pages: number): number;
}
interface Wasm {
  validate(bytes: Uint8Array): boolean;
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object) => { exports: unknown };
}

interface Scanner {
  string: (p: number) => number;
  memory: WasmMemory;
  bytes: Uint8Array;
  buffer: Buffer;
}

let scanner: Scanner | null | undefined;

/** The module, instantiated once per thread; null where WebAssembly (with SIMD) is not available. */
function getScanner(): Scanner | null {
  if (scanner !== undefined) return scanner;
  scanner = null;
  try {
    const wasm = (globalThis as { WebAssembly?: Wasm }).WebAssembly;
    if (wasm === undefined || !wasm.validate(MODULE)) return null;
    const instance = new wasm.Instance(new wasm.Module(MODULE));
    const exports = instance.exports as { string: (p: number) => number; memory: WasmMemory };
    const bytes = new Uint8Array(exports.memory.buffer);
    for (const c of '"\\/bfnrt') bytes[c.charCodeAt(0)] = 1;
    bytes[0x75] = 2; // u
    for (const c of '0123456789abcdefABCDEF') bytes[256 + c.charCodeAt(0)] = 1;
    scanner = {
      string: exports.string,
      memory: exports.memory,
      bytes,
      buffer: Buffer.from(exports.memory.buffer),
    };
  } catch {
    scanner = null;
  }
  return scanner;
}

/** Room for `need` bytes in the module's memory (grown in whole pages; the views are made again). */
function reserve(s: Scanner, need: number): void {
  const have = s.memory.buffer.byteLength;
  if (need <= have) return;
  s.memory.grow(Math.ceil((need - have) / 65536));
  s.bytes = new Uint8Array(s.memory.buffer);
  s.buffer = Buffer.from(s.memory.buffer);
}

type Slice = (this: Buffer, start: number, end: number) => string;
const proto = Buffer.prototype as unknown as { latin1Slice?: Slice; utf8Slice?: Slice };
const latin1Slice: Slice =
  proto.latin1Slice ??
  function (this: Buffer, start: number, end: number) {
    return this.toString('latin1', start, end);
  };
const utf8Slice: Slice =
  proto.utf8Slice ??
  function (this: Buffer, start: number, end: number) {
    return this.toString('utf8', start, end);
  };

function isWs(c: number): boolean {
  return c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09;
}

function isDigit(c: number): boolean {
  return c >= 0x30 && c <= 0x39;
}

/** Used by the tests to compare with the JSON.parse path; true in use. */
export const fastRowsSwitch = { enabled: true };

/**
 * Reads spans of query API rows for one table: `wanted[k]` says whether column k's values are made (the others
 * are only checked). One per table read; not reentrant (the module's memory is shared, and `rows` runs to its
 * end without yielding).
 */
export class FastRows {
  /** Per column: the last short ASCII value made without an escape (answers a repeat without a decode). */
  private readonly memo: (string | undefined)[];

  constructor(private readonly wanted: Uint8Array) {
    this.memo = Array.from(wanted, () => undefined);
  }

  /** Whether the fast path can run here at all (WebAssembly with SIMD). */
  static available(): boolean {
    return fastRowsSwitch.enabled && getScanner() !== null;
  }

  /**
   * The rows in buf[from..cut) (a row starts at `from` and one ends at `cut`), or null when the span is not
   * simply rows of scalar values (or not JSON): the caller then parses it with JSON.parse.
   */
  rows(buf: Uint8Array, from: number, cut: number): unknown[][] | null {
    const s = fastRowsSwitch.enabled ? getScanner() : null;
    const length = cut - from;
    if (s === null || length <= 0 || length > MAX_SPAN) return null;
    reserve(s, BASE + length + PAD);
    const b = s.bytes;
    b.set(buf.subarray(from, cut), BASE);
    // A zero byte (never valid outside a string, and refused inside one) ends every loop at the span's end.
    b.fill(0, BASE + length, BASE + length + PAD);
    return this.scan(s, b, BASE, BASE + length);
  }

  private scan(s: Scanner, b: Uint8Array, start: number, end: number): unknown[][] | null {
    const wanted = this.wanted;
    const width = wanted.length;
    const string = s.string;
    const rows: unknown[][] = [];
    let i = start;
    for (;;) {
      if (b[i] !== LBRACK) return null;
      i++;
      const row: unknown[] = new Array(width);
      let col = 0;
      let c = b[i] as number;
      while (isWs(c)) c = b[++i] as number;
      if (c !== RBRACK) {
        for (;;) {
          const want = col < width && wanted[col] === 1;
          if (c === QUOTE) {
            const r = string(i + 1);
            if (r < 0) return null;
            const close = r >> 2;
            if (want) row[col] = this.text(s, b, col, i, close, r & 3);
            i = close + 1;
          } else if (c === 0x6e) {
            if (b[i + 1] !== 0x75 || b[i + 2] !== 0x6c || b[i + 3] !== 0x6c) return null;
            if (want) row[col] = null;
            i += 4;
          } else if (c === 0x74) {
            if (b[i + 1] !== 0x72 || b[i + 2] !== 0x75 || b[i + 3] !== 0x65) return null;
            if (want) row[col] = true;
            i += 4;
          } else if (c === 0x66) {
            if (b[i + 1] !== 0x61 || b[i + 2] !== 0x6c || b[i + 3] !== 0x73 || b[i + 4] !== 0x65) return null;
            if (want) row[col] = false;
            i += 5;
          } else if (c === 0x2d || isDigit(c)) {
            const at = i;
            i = numberEnd(b, i);
            if (i < 0) return null;
            if (want) row[col] = Number(latin1Slice.call(s.buffer, at, i));
          } else {
            return null; // a nested array or object, or not JSON
          }
          col++;
          c = b[i] as number;
          while (isWs(c)) c = b[++i] as number;
          if (c === COMMA) {
            c = b[++i] as number;
            while (isWs(c)) c = b[++i] as number;
            continue;
          }
          if (c !== RBRACK) return null;
          break;
        }
      }
      i++;
      if (col !== width) row.length = col;
      rows.push(row);
      if (i === end) return rows;
      c = b[i] as number;
      while (isWs(c)) c = b[++i] as number;
      if (c !== COMMA) return null;
      c = b[++i] as number;
      while (isWs(c)) c = b[++i] as number;
    }
  }

  /** The value of the string whose quotes are at `open` and `close`; `flags`: 1 escaped, 2 maybe non-ASCII. */
  private text(s: Scanner, b: Uint8Array, col: number, open: number, close: number, flags: number): string {
    if ((flags & 1) !== 0) {
      // Escapes: JSON.parse decodes the string alone (it is valid: the scanner checked it).
      return JSON.parse(
        (flags & 2) !== 0
          ? utf8Slice.call(s.buffer, open, close + 1)
          : latin1Slice.call(s.buffer, open, close + 1),
      ) as string;
    }
    const from = open + 1;
    const n = close - from;
    if ((flags & 2) !== 0) return utf8Slice.call(s.buffer, from, close);
    if (n > MEMO_BYTES) return latin1Slice.call(s.buffer, from, close);
    const last = this.memo[col];
    if (last !== undefined && last.length === n) {
      let k = n - 1;
      while (k >= 0 && last.charCodeAt(k) === b[from + k]) k--;
      if (k < 0) return last;
    }
    const text = latin1Slice.call(s.buffer, from, close);
    this.memo[col] = text;
    return text;
  }
}

/** Index just past the number starting at `i` (JSON's grammar), or -1. */
function numberEnd(b: Uint8Array, i: number): number {
  let c = b[i] as number;
  if (c === 0x2d) c = b[++i] as number;
  if (c === 0x30) {
    c = b[++i] as number;
  } else if (c >= 0x31 && c <= 0x39) {
    do c = b[++i] as number;
    while (isDigit(c));
  } else {
    return -1;
  }
  if (c === 0x2e) {
    c = b[++i] as number;
    if (!isDigit(c)) return -1;
    do c = b[++i] as number;
    while (isDigit(c));
  }
  if (c === 0x65 || c === 0x45) {
    c = b[++i] as number;
    if (c === 0x2b || c === 0x2d) c = b[++i] as number;
    if (!isDigit(c)) return -1;
    do c = b[++i] as number;
    while (isDigit(c));
  }
  return i;
}
