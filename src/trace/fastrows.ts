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
 * JSON.parse itself. A value whose bytes are those of the column's last value in the span (a severity, a
 * product, a status), or of the row's previous wanted value (a row's start, end and processing times), is
 * that value's text again, without a decode (the scanner compares the bytes).
 *
 * Anything else gives null and the caller parses the span with JSON.parse as before: a value that is an array
 * or an object, a span that is not exactly rows of arrays separated by commas (whitespace allowed), anything
 * outside the grammar. So the fast path only ever answers where JSON.parse would have given the same rows; an
 * error is always found and named by the JSON.parse path. A row has as many elements as the file's row has
 * values (the caller checks the width); the elements of columns not read are left empty (holes).
 */

/** Zero bytes after the span: a 16-byte load from any position up to its end stays in the memory. */
const PAD = 64;
/** Spans longer than this are parsed the old way (the batches are 24 kB; a test may ask for more). */
const MAX_SPAN = 8 << 20;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COMMA = 0x2c;
const LBRACK = 0x5b;
const RBRACK = 0x5d;

// --- The WebAssembly scanner, assembled here (no toolchain). ------------------------------------------------
//
// Memory: 0–255 the escape table (1 for the bytes after a backslash that make a one-character escape, 2 for
// `u`), 256–511 the hex digit table, 512 the column (i32), 516 the count of strings recorded, 520 where the
// scan stopped (0: at the start of a value, 1: after a value), 1024–5119 the wanted table (1 for a column
// whose values are made), from 5120 the records (column, opening quote, `string`'s answer) of the wanted
// strings of the current row, 65536–98303 the column's last string in the span (two i32 a column), from BASE
// the span.
//
// (func $string (param $p i32) (result i32)   ;; $p: the first byte after the opening quote
//   block: load 16 bytes at $p; OR them into $high; m = bitmask(byte == '"' | byte == '\\' | byte <u 0x20)
//   bits:  m == 0: $p += 16, next block
//          k = ctz(m); q = $p + k; c = mem[q]
//          c == '"': return q << 2 | $escaped | (any byte seen >= 0x80) << 1
//          c != '\\': return -1                   ;; a control character: not allowed raw in a string
//          $escaped = 1; e = escape table[mem[q + 1]]
//          e == 0: return -1; e == 1: len = 2
//          else: hex table[mem[q + 2..5]] all 1, else return -1; len = 6
//          k + len < 16: clear the bits of m below k + len, next bit (the block is not loaded again)
//          else: $p = q + len, next block
// The "non-ASCII" bit may be set by bytes after the closing quote (in the last block): it only chooses the
// UTF-8 decoder, which gives the same text for ASCII.
//
// (func $values (param $p i32) (result i32)     ;; $p: where a value starts (whitespace before it allowed)
//   col = mem[512]; n = mem[516]
//   loop: skip whitespace; stop (after = 0) unless at '"'
//         r = $string(p + 1); r < 0: return -1
//         col < 4096 and wanted[col]: record n = (col | same << 16, p, r); n++, where `same` is 1 when the
//           string's bytes are those of the column's last string in the span, else 2 when they are those of
//           the row's previous wanted string (record n - 1), else 0 ($same compares 16 bytes at a time)
//         p = (r >> 2) + 1; skip whitespace; stop (after = 1) unless at ','
//         col++; p++; loop
//   stop: mem[512] = col; mem[516] = n; mem[520] = after; return p
// Everything else (numbers, literals, the end of a row, errors) is left to the JS code, which calls $values
// again after a value it read.

/** Where the span is copied in the module's memory. */
const BASE = 131072;
const COL_AT = 512;
const COUNT_AT = 516;
const AFTER_AT = 520;
const WANTED_AT = 1024;
/** Columns beyond this are never made by the fast path: it declines a header that wide. */
export const MAX_FAST_COLUMNS = 4096;
const RECORDS_AT = WANTED_AT + MAX_FAST_COLUMNS;
/** Per column, where its last string in the span is (opening and closing quote; 0: none yet). */
const LAST_AT = 65536;

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

const BLOCK = [0x02, 0x40];
const LOOP = [0x03, 0x40];
const IF = [0x04, 0x40];
const END = [0x0b];
const br = (depth: number): number[] => [0x0c, depth];
const brIf = (depth: number): number[] => [0x0d, depth];
const RETURN = [0x0f];
const call = (f: number): number[] => [0x10, f];
const EQZ = [0x45];
const EQ = [0x46];
const NE = [0x47];
const LT_S = [0x48];
const LT_U = [0x49];
const CTZ = [0x68];
const ADD = [0x6a];
const SUB = [0x6b];
const MUL = [0x6c];
const AND = [0x71];
const OR = [0x72];
const SHL = [0x74];
const SHR_U = [0x76];
const simd = (op: number): number[] => [0xfd, ...u32(op)];
const V128_LOAD = [...simd(0x00), 0x00, 0x00];
const I8X16_SPLAT = simd(0x0f);
const I8X16_EQ = simd(0x23);
const I8X16_LT_U = simd(0x26);
const V128_OR = simd(0x50);
const I8X16_BITMASK = simd(0x64);
const get = (i: number): number[] => [0x20, i];
const set = (i: number): number[] => [0x21, i];
const tee = (i: number): number[] => [0x22, i];
const load8 = (offset: number): number[] => [0x2d, 0x00, ...u32(offset)];
const load32 = (offset: number): number[] => [0x28, 0x02, ...u32(offset)];
const store32 = (offset: number): number[] => [0x36, 0x02, ...u32(offset)];
const k = i32const;
const addTo = (local: number, n: number): number[] => [...get(local), ...k(n), ...ADD, ...set(local)];

// $string's locals: 0 $p (the parameter: the block's start), 1 $m, 2 $c, 3 $escaped, 4 $k, 5 $q, 6 $len (i32);
// 7 $v, 8 $high (v128).
const [P, M, C, ESCAPED, K, Q, LEN, V, HIGH] = [0, 1, 2, 3, 4, 5, 6, 7, 8];
const splatEq = (byte: number): number[] => [...get(V), ...k(byte), ...I8X16_SPLAT, ...I8X16_EQ];
const hexAt = (offset: number): number[] => [...get(Q), ...load8(offset), ...load8(256)];
const ELSE = [0x05];

// biome-ignore format: one instruction (or one short expression) a line
const STRING_BODY: number[] = [
  0x02, 0x06, 0x7f, 0x02, 0x7b, // locals: 6 x i32, 2 x v128
  ...BLOCK, // $fail
  ...LOOP, // $block
  ...get(P), ...V128_LOAD, ...tee(V),
  ...get(HIGH), ...V128_OR, ...set(HIGH),
  ...splatEq(QUOTE), ...splatEq(BACKSLASH), ...V128_OR,
  ...get(V), ...k(0x20), ...I8X16_SPLAT, ...I8X16_LT_U, ...V128_OR,
  ...I8X16_BITMASK, ...set(M),
  ...LOOP, // $bits
  ...get(M), ...EQZ,
  ...IF, ...addTo(P, 16), ...br(2), ...END,
  ...get(P), ...get(M), ...CTZ, ...tee(K), ...ADD, ...tee(Q),
  ...load8(0), ...tee(C), ...k(QUOTE), ...EQ,
  ...IF,
  ...get(Q), ...k(2), ...SHL, ...get(ESCAPED), ...OR,
  ...get(HIGH), ...I8X16_BITMASK, ...k(0), ...NE, ...k(1), ...SHL, ...OR,
  ...RETURN,
  ...END,
  ...get(C), ...k(BACKSLASH), ...NE, ...brIf(2),
  ...k(1), ...set(ESCAPED),
  ...get(Q), ...load8(1), ...load8(0), ...tee(C), ...EQZ, ...brIf(2),
  ...get(C), ...k(1), ...EQ,
  ...IF,
  ...k(2), ...set(LEN),
  ...ELSE,
  ...hexAt(2), ...hexAt(3), ...AND, ...hexAt(4), ...AND, ...hexAt(5), ...AND, ...EQZ, ...brIf(3),
  ...k(6), ...set(LEN),
  ...END,
  // Past the escape: on in the same block (its bits below cleared), or a new block from there.
  ...get(K), ...get(LEN), ...ADD, ...tee(K), ...k(16), ...LT_U,
  ...IF, ...get(M), ...k(-1), ...get(K), ...SHL, ...AND, ...set(M), ...br(1), ...END,
  ...get(Q), ...get(LEN), ...ADD, ...set(P),
  ...br(1),
  ...END,
  ...END,
  ...END,
  ...k(-1),
  ...END,
];

// $values's locals: 0 $p (the parameter), 1 $c, 2 $col, 3 $r, 4 $n, 5 $a, 6 $after, 7 $last, 8 $prev,
// 9 $same (i32).
const [VP, VC, COL, R, N, A, AFTER, LAST, PREV, SAME] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9];
const CLOSE = [...get(R), ...k(2), ...SHR_U];
// biome-ignore format: one instruction (or one short expression) a line
const SKIP_WS = [
  ...LOOP,
  ...get(VP), ...load8(0), ...tee(VC), ...k(0x20), ...EQ,
  ...get(VC), ...k(0x0a), ...EQ, ...OR,
  ...get(VC), ...k(0x0d), ...EQ, ...OR,
  ...get(VC), ...k(0x09), ...EQ, ...OR,
  ...IF, ...addTo(VP, 1), ...br(1), ...END,
  ...END,
];
// biome-ignore format: one instruction (or one short expression) a line
const VALUES_BODY: number[] = [
  0x01, 0x09, 0x7f, // locals: 9 x i32
  ...k(0), ...load32(COL_AT), ...set(COL),
  ...k(0), ...load32(COUNT_AT), ...set(N),
  ...BLOCK, // $stop
  ...LOOP, // $value
  ...k(0), ...set(AFTER),
  ...SKIP_WS,
  ...get(VC), ...k(QUOTE), ...NE, ...brIf(1),
  ...get(VP), ...k(1), ...ADD, ...call(0), ...tee(R), ...k(0), ...LT_S,
  ...IF, ...k(-1), ...RETURN, ...END,
  ...get(COL), ...k(MAX_FAST_COLUMNS), ...LT_U,
  ...IF,
  ...get(COL), ...load8(WANTED_AT),
  ...IF,
  ...get(COL), ...k(3), ...SHL, ...set(LAST),
  ...k(0), ...set(SAME),
  ...get(LAST), ...load32(LAST_AT), ...tee(PREV),
  ...IF,
  ...get(LAST), ...load32(LAST_AT + 4), ...get(PREV), ...SUB, ...CLOSE, ...get(VP), ...SUB, ...EQ,
  ...IF,
  ...get(PREV), ...k(1), ...ADD, ...get(VP), ...k(1), ...ADD, ...CLOSE, ...get(VP), ...SUB, ...k(1), ...SUB, ...call(2),
  ...IF, ...k(0x10000), ...set(SAME), ...END,
  ...END,
  ...END,
  // Else the row's previous wanted string (a row's start, end and processing times are often one text).
  ...get(SAME), ...EQZ, ...get(N), ...k(0), ...NE, ...AND,
  ...IF,
  ...get(N), ...k(12), ...MUL, ...k(12), ...SUB, ...set(A),
  ...get(A), ...load32(RECORDS_AT + 8), ...k(2), ...SHR_U, ...get(A), ...load32(RECORDS_AT + 4), ...SUB,
  ...CLOSE, ...get(VP), ...SUB, ...EQ,
  ...IF,
  ...get(A), ...load32(RECORDS_AT + 4), ...k(1), ...ADD, ...get(VP), ...k(1), ...ADD, ...CLOSE, ...get(VP), ...SUB, ...k(1), ...SUB, ...call(2),
  ...IF, ...k(0x20000), ...set(SAME), ...END,
  ...END,
  ...END,
  ...get(LAST), ...get(VP), ...store32(LAST_AT),
  ...get(LAST), ...CLOSE, ...store32(LAST_AT + 4),
  ...get(N), ...k(12), ...MUL, ...tee(A), ...get(COL), ...get(SAME), ...OR, ...store32(RECORDS_AT),
  ...get(A), ...get(VP), ...store32(RECORDS_AT + 4),
  ...get(A), ...get(R), ...store32(RECORDS_AT + 8),
  ...addTo(N, 1),
  ...END,
  ...END,
  ...get(R), ...k(2), ...SHR_U, ...k(1), ...ADD, ...set(VP),
  ...k(1), ...set(AFTER),
  ...SKIP_WS,
  ...get(VC), ...k(COMMA), ...NE, ...brIf(1),
  ...addTo(COL, 1), ...addTo(VP, 1),
  ...br(0),
  ...END,
  ...END,
  ...k(COL_AT), ...get(COL), ...store32(0),
  ...k(COUNT_AT), ...get(N), ...store32(0),
  ...k(AFTER_AT), ...get(AFTER), ...store32(0),
  ...get(VP),
  ...END,
];

// $same's locals: 0 $a, 1 $b, 2 $n (the parameters: two places and a length).
const [SA, SB, SN] = [0, 1, 2];
const EQ_MASK = [...get(SA), ...V128_LOAD, ...get(SB), ...V128_LOAD, ...I8X16_EQ, ...I8X16_BITMASK];
// biome-ignore format: one instruction (or one short expression) a line
const SAME_BODY: number[] = [
  0x00, // no locals
  ...LOOP,
  ...get(SN), ...k(16), ...LT_S,
  ...IF, ...EQ_MASK, ...k(-1), ...get(SN), ...SHL, ...OR, ...k(0xffff), ...AND, ...k(0xffff), ...EQ, ...RETURN, ...END,
  ...EQ_MASK, ...k(0xffff), ...NE,
  ...IF, ...k(0), ...RETURN, ...END,
  ...addTo(SA, 16), ...addTo(SB, 16), ...addTo(SN, -16),
  ...br(0),
  ...END,
  ...k(0),
  ...END,
];

function section(id: number, content: readonly number[]): number[] {
  return [id, ...u32(content.length), ...content];
}

function name(text: string): number[] {
  return [...u32(text.length), ...Buffer.from(text, 'latin1')];
}

function code(body: readonly number[]): number[] {
  return [...u32(body.length), ...body];
}

// biome-ignore format: one section a line
const MODULE = Uint8Array.from([
  0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, // \0asm, version 1
  ...section(1, [0x02, 0x60, 0x01, 0x7f, 0x01, 0x7f, 0x60, 0x03, 0x7f, 0x7f, 0x7f, 0x01, 0x7f]), // types: (i32) -> i32, (i32 i32 i32) -> i32
  ...section(3, [0x03, 0x00, 0x00, 0x01]), // functions: $string and $values of type 0, $same of type 1
  ...section(5, [0x01, 0x00, 0x03]), // memory: one, at least 3 pages
  ...section(7, [0x03, ...name('string'), 0x00, 0x00, ...name('values'), 0x00, 0x01, ...name('memory'), 0x02, 0x00]), // exports
  ...section(10, [0x03, ...code(STRING_BODY), ...code(VALUES_BODY), ...code(SAME_BODY)]), // code
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
  values: (p: number) => number;
  memory: WasmMemory;
  bytes: Uint8Array;
  words: Int32Array;
  buffer: Buffer;
  /** The FastRows whose wanted table is in the memory. */
  owner: FastRows | null;
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
    const exports = instance.exports as { values: (p: number) => number; memory: WasmMemory };
    const bytes = new Uint8Array(exports.memory.buffer);
    for (const c of '"\\/bfnrt') bytes[c.charCodeAt(0)] = 1;
    bytes[0x75] = 2; // u
    for (const c of '0123456789abcdefABCDEF') bytes[256 + c.charCodeAt(0)] = 1;
    const memory = exports.memory;
    scanner = {
      values: exports.values,
      memory,
      bytes,
      words: new Int32Array(memory.buffer),
      buffer: Buffer.from(memory.buffer),
      owner: null,
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
  s.words = new Int32Array(s.memory.buffer);
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

/**
 * For the tests: `enabled` false turns the fast path off (to compare with the JSON.parse path); `spans` counts
 * the spans it answered (to see it engage).
 */
export const fastRowsSwitch = { enabled: true, spans: 0 };

const COL_WORD = COL_AT >> 2;
const COUNT_WORD = COUNT_AT >> 2;
const AFTER_WORD = AFTER_AT >> 2;
const RECORDS_WORD = RECORDS_AT >> 2;
const LAST_WORD = LAST_AT >> 2;

/**
 * Reads spans of query API rows for one table: `wanted[k]` says whether column k's values are made (the others
 * are only checked). One per table read; `rows` runs to its end without yielding (the module's memory is
 * shared by the readers of a thread).
 */
export class FastRows {
  /** Per column: the text of its last string (a repeat the scanner finds is answered from here). */
  private readonly memo: (string | undefined)[];

  /** Spans answered and declined; given up when most are declined. */
  private answered = 0;
  private declined = 0;
  private givenUp = false;

  constructor(private readonly wanted: Uint8Array) {
    this.memo = Array.from(wanted, () => undefined);
  }

  /** Whether the fast path can run for a header this wide (WebAssembly with SIMD). */
  static available(width: number): boolean {
    return fastRowsSwitch.enabled && width <= MAX_FAST_COLUMNS && getScanner() !== null;
  }

  /**
   * The rows in buf[from..cut) (a row starts at `from` and one ends at `cut`), or null when the span is not
   * simply rows of scalar values (or not JSON): the caller then parses it with JSON.parse.
   */
  rows(buf: Uint8Array, from: number, cut: number): unknown[][] | null {
    const s = fastRowsSwitch.enabled && !this.givenUp ? getScanner() : null;
    const length = cut - from;
    if (s === null || length <= 0 || length > MAX_SPAN || this.wanted.length > MAX_FAST_COLUMNS) return null;
    reserve(s, BASE + length + PAD);
    const b = s.bytes;
    if (s.owner !== this) {
      b.fill(0, WANTED_AT, WANTED_AT + MAX_FAST_COLUMNS);
      b.set(this.wanted, WANTED_AT);
      s.owner = this;
    }
    b.set(buf.subarray(from, cut), BASE);
    // The strings met in earlier spans are gone: repeats are found within a span (this.memo holds their text).
    s.words.fill(0, LAST_WORD, LAST_WORD + 2 * this.wanted.length);
    // A zero byte (never valid outside a string, and refused inside one) ends every loop at the span's end.
    b.fill(0, BASE + length, BASE + length + PAD);
    const rows = this.scan(s, b, BASE, BASE + length);
    if (rows !== null) {
      fastRowsSwitch.spans++;
      this.answered++;
    } else if (++this.declined >= 16 && this.declined * 4 > this.answered) {
      // A file whose rows hold nested values (or keep failing): the fast path would only cost time there.
      this.givenUp = true;
    }
    return rows;
  }

  private scan(s: Scanner, b: Uint8Array, start: number, end: number): unknown[][] | null {
    const wanted = this.wanted;
    const width = wanted.length;
    const values = s.values;
    const words = s.words;
    const rows: unknown[][] = [];
    let i = start;
    for (;;) {
      if (b[i] !== LBRACK) return null;
      i++;
      const row: unknown[] = new Array(width);
      words[COL_WORD] = 0;
      words[COUNT_WORD] = 0;
      let col: number;
      for (;;) {
        i = values(i);
        if (i < 0) return null;
        col = words[COL_WORD] as number;
        let c = b[i] as number;
        if (words[AFTER_WORD] === 1) {
          if (c !== RBRACK) return null;
          col++;
          break;
        }
        if (c === RBRACK) {
          if (col !== 0) return null; // `[1,]`
          break; // `[]`
        }
        const want = col < width && wanted[col] === 1;
        if (c === 0x6e) {
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
        c = b[i] as number;
        while (isWs(c)) c = b[++i] as number;
        if (c === COMMA) {
          words[COL_WORD] = col + 1;
          i++;
          continue;
        }
        if (c !== RBRACK) return null;
        col++;
        break;
      }
      const count = words[COUNT_WORD] as number;
      let previous = '';
      for (let r = 0, w = RECORDS_WORD; r < count; r++, w += 3) {
        const tagged = words[w] as number;
        const at = tagged & 0xffff;
        const same = tagged >> 16;
        let text: string;
        if (same === 2) {
          text = previous;
          this.memo[at] = text;
        } else {
          text = this.text(at, same, s, words[w + 1] as number, words[w + 2] as number);
        }
        row[at] = text;
        previous = text;
      }
      i++;
      if (col !== width) row.length = col;
      rows.push(row);
      if (i === end) return rows;
      let c = b[i] as number;
      while (isWs(c)) c = b[++i] as number;
      if (c !== COMMA) return null;
      c = b[++i] as number;
      while (isWs(c)) c = b[++i] as number;
    }
  }

  /**
   * The value of column `col`'s string whose opening quote is at `open`; `same` 1: its bytes are those of the
   * column's last string (whose text is in the memo); `scanned` is the scanner's answer: the closing quote's
   * position << 2, | 1 when it holds an escape, | 2 when it may hold non-ASCII bytes.
   */
  private text(col: number, same: number, s: Scanner, open: number, scanned: number): string {
    if (same === 1) {
      const last = this.memo[col];
      if (last !== undefined) return last;
    }
    const close = scanned >> 2;
    let text: string;
    if ((scanned & 1) !== 0) {
      // Escapes: JSON.parse decodes the string alone (it is valid: the scanner checked it).
      const quoted =
        (scanned & 2) !== 0
          ? utf8Slice.call(s.buffer, open, close + 1)
          : latin1Slice.call(s.buffer, open, close + 1);
      text = JSON.parse(quoted) as string;
    } else if ((scanned & 2) !== 0) {
      text = utf8Slice.call(s.buffer, open + 1, close);
    } else {
      text = latin1Slice.call(s.buffer, open + 1, close);
    }
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
