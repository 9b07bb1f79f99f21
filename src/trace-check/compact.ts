/**
 * The small tools that keep a trace check's memory flat: typed columns that grow, ISO timestamps read to
 * numbers without allocating, exact equality classes of an alert's rows, and
 * interning of the few short values a column takes (statuses, subscriptions).
 */
import { parseTime } from '../../model/time.ts';

type Typed = Float64Array | Int32Array | Uint32Array | Uint8Array;

/** `array`, or a copy twice as large when `need` does not fit. */
export function ensure<A extends Typed>(array: A, need: number): A {
  if (need <= array.length) return array;
  let size = Math.max(16, array.length);
  while (size < need) size *= 2;
  const Ctor = array.constructor as new (length: number) => A;
  const grown = new Ctor(size);
  grown.set(array);
  return grown;
}

function digits(text: string, from: number, count: number): number {
  let value = 0;
  for (let i = from; i < from + count; i++) {
    const d = text.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return Number.NaN;
    value = value * 10 + d;
  }
  return value;
}

const DAY_MS = 86_400_000;

/** Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's days_from_civil). */
function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146_097 + doe - 719_468;
}

const DAYS_IN_MONTH = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** Two digits at `at`, or a negative number when they are not digits. */
function two(text: string, at: number): number {
  const a = text.charCodeAt(at) - 48;
  const b = text.charCodeAt(at + 1) - 48;
  return a >>> 0 > 9 || b >>> 0 > 9 ? -1 : a * 10 + b;
}

/** The fixed form `YYYY-MM-DDTHH:MM:SS.mmmZ` read by arithmetic; NaN when it is not that form. */
function fixedIso(text: string): number {
  const century = two(text, 0);
  const yy = two(text, 2);
  const month = two(text, 5);
  const day = two(text, 8);
  const hour = two(text, 11);
  const minute = two(text, 14);
  const second = two(text, 17);
  const msHigh = two(text, 20);
  const msLow = text.charCodeAt(22) - 48;
  const year = century * 100 + yy;
  if (
    (century | yy | hour | minute | second | msHigh) < 0 ||
    msLow >>> 0 > 9 ||
    !(month >= 1 && month <= 12 && day >= 1 && day <= (DAYS_IN_MONTH[month - 1] as number)) ||
    !(hour <= 23 && minute <= 59 && second <= 59) ||
    (month === 2 && day === 29 && !(year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0)))
  ) {
    return Number.NaN;
  }
  const ms = msHigh * 10 + msLow;
  return daysFromCivil(year, month, day) * DAY_MS + ((hour * 60 + minute) * 60 + second) * 1000 + ms;
}

let lastText = '';
let lastMs = Number.NaN;
let lastFixed = false;

/**
 * Milliseconds since the epoch of a timestamp as the trace readers write it (`2026-01-01T10:00:00.000Z`),
 * read by arithmetic (and the last one remembered: a row's times often repeat); any other form goes through
 * the model's parseTime. '' is NaN.
 */
export function isoMs(text: string): number {
  if (text === lastText) return lastMs;
  let ms = Number.NaN;
  if (
    text.length === 24 &&
    text.charCodeAt(10) === 84 &&
    text.charCodeAt(23) === 90 &&
    text.charCodeAt(19) === 46 &&
    text.charCodeAt(4) === 45 &&
    text.charCodeAt(0) !== 48
  ) {
    ms = fixedIso(text);
  }
  // Fixed: every character the form fixes is there (fixedIso reads the digits only), so the time gives
  // the text back.
  lastFixed =
    !Number.isNaN(ms) &&
    text.charCodeAt(7) === 45 &&
    text.charCodeAt(13) === 58 &&
    text.charCodeAt(16) === 58;
  if (Number.isNaN(ms)) ms = text === '' ? Number.NaN : parseTime(text);
  lastText = text;
  lastMs = ms;
  return ms;
}

/**
 * Whether the text isoMs read last was in the fixed form `YYYY-MM-DDTHH:MM:SS.mmmZ`, which its milliseconds
 * give back character for character (two such texts are equal exactly when their times are).
 */
export function lastIsoFixed(): boolean {
  return lastFixed;
}

/** .NET ticks of the MDC alert name's constant, split at 10^8: 3155378975999999999 = HI·10^8 + LO. */
const MAX_HI = 31_553_789_759;
const MAX_LO = 99_999_999;
/** .NET ticks at the Unix epoch, 621355968000000000, split likewise. */
const EPOCH_HI = 6_213_559_680;

/**
 * Where an MDC alert name `<18 or 19 digits>_<rest>` puts its underscore, or -1 when the text is not one
 * (model/time.ts's pattern, but for a rest holding a line break, which no export has).
 */
export function mdcNameSplit(text: string): number {
  const at = text.charCodeAt(19) === 95 ? 19 : text.charCodeAt(18) === 95 ? 18 : -1;
  if (at < 0 || text.length <= at + 1) return -1;
  for (let i = 0; i < at; i++) {
    const d = text.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return -1;
  }
  return at;
}

/**
 * The UTC start (ms) an MDC alert name encodes, as model/time.ts's decodeMdcAlertName computes it with
 * BigInt (ticks = 3155378975999999999 − prefix; ms = (ticks − epoch ticks) / 10^4, truncated), in doubles:
 * each half stays below 2^53.
 */
export function mdcNameStart(text: string, underscore: number): number {
  const split = underscore - 8;
  const hi = digits(text, 0, split);
  const lo = digits(text, split, 8);
  let dh = MAX_HI - hi - EPOCH_HI;
  let dl = MAX_LO - lo;
  // ticks − epoch = dh·10^8 + dl with 0 ≤ dl < 10^8, then truncated toward zero as BigInt division does.
  if (dl < 0) {
    dh -= 1;
    dl += 100_000_000;
  }
  // Truncated toward zero: floor after 1970, ceiling before.
  return dh >= 0 ? dh * 10_000 + Math.floor(dl / 10_000) : dh * 10_000 + Math.ceil(dl / 10_000);
}

/**
 * Exact equality classes of rows within groups (an MDC alert's rows), to tell a row that repeats an earlier
 * row of its alert from one that differs in any character of any column. A group keeps its first row's
 * values (its base, class 0) and, per further distinct row, only the columns where it differs from the base
 * (a flat list of column index and value). Every value is kept as a number, its reference: a value with
 * all its characters below U+0100 is copied into a byte arena (its reference is its offset there), unless it
 * is a short shared value, which, like a value with other characters, is kept as a string in a table (its
 * reference is negative). The base rows are references in a typed array, so no string or array per alert
 * stays on the heap for the garbage collector to copy and mark. Values of the shared columns (statuses, severities, product
 * names, resource ids, a link's text around the alert's name) are kept once when a small direct-mapped cache
 * holds an equal one seen before (so memory grows with what differs, not with the rows' text). Number
 * columns (timestamps whose text their time gives back exactly) are kept as numbers. Values are compared
 * whole (===, or character for character against the arena; NaN equal to NaN), never sampled (the columns the
 * model does not read come in as four numbers, a digest of them: src/trace/digest.ts): the
 * cache's index is a cheap hash of a few characters, but it only picks which earlier value to try, and a
 * value is shared only when equal to it, so a speed-up cannot change a verdict.
 */
export class RowClasses {
  /** The base rows' values, row after row (group g's column c at g·columns + c). */
  private base = new Int32Array(1 << 12);
  /** Strings kept whole: reference −1 − i is strings[i]; −1 is ''. */
  private readonly strings: string[] = [''];
  /** Long values' bytes, each after its length (4 bytes, little-endian); a kept value's number is its offset. */
  private arena = new Uint8Array(1 << 12);
  private arenaBuffer = Buffer.from(this.arena.buffer);
  /** The arena's pages (the last one is `arena`, growing up to PAGE_BYTES): no copy of a full page. */
  private readonly pages: Uint8Array[] = [this.arena];
  /** Where the next value goes: page · PAGE_BYTES + offset (a value never spans two pages). */
  private arenaUsed = 0;
  /** Direct-mapped cache of shared values' references (index: sharedSlot; 0 when empty: offset 0 is unused). */
  private readonly shared = new Int32Array(SHARED_SLOTS);
  private numberBase: Float64Array;
  /** Per group, the diffs of classes 1, 2, …: [column, value, column, value, …] (number columns after text). */
  private readonly diffs: ((number | string)[][] | undefined)[] = [];
  /** Per group with many classes, diff key → class (past LINEAR classes a scan would be quadratic). */
  private readonly keyed = new Map<number, Map<string, number>>();
  private readonly diff: (number | string)[] = [];
  private groups = 0;
  /** Per text column, whether its values are shared (not KEEP_OWN). */
  private readonly sharing: Uint8Array;

  /**
   * @param columns text columns per row; @param numbers number columns per row;
   * @param keeping per text column how its values are kept: KEEP_OWN (each group its own: ids, links), or
   *   KEEP_LAST / KEEP_POOLED (shared with an equal value kept before: statuses, names, resource ids).
   */
  constructor(
    readonly columns: number,
    readonly numbers = 0,
    keeping: readonly number[] = [],
  ) {
    this.sharing = new Uint8Array(columns);
    for (let c = 0; c < columns; c++) this.sharing[c] = (keeping[c] ?? KEEP_LAST) === KEEP_OWN ? 0 : 1;
    this.numberBase = new Float64Array(Math.max(1, numbers) * 1024);
    // Offset 0 is never a value's, so 0 marks an empty cache slot.
    this.arenaUsed = 4;
  }

  /** A value's reference: an equal shared value's, or a new one. */
  private keep(column: number, value: string): number {
    const length = value.length;
    if (length === 0) return -1;
    if (this.sharing[column] === 0) return this.toArena(value);
    const slot = sharedSlot(value);
    const known = this.shared[slot] as number;
    if (known !== 0 && this.same(known, value)) return known;
    const kept = length >= ARENA_MIN ? this.toArena(value) : this.toStrings(value);
    this.shared[slot] = kept;
    return kept;
  }

  private toStrings(value: string): number {
    this.strings.push(value);
    return -this.strings.length;
  }

  /** Whether the value referenced is `value`, character for character. */
  private same(ref: number, value: string): boolean {
    return ref < 0 ? this.strings[-1 - ref] === value : this.sameText(ref, value);
  }

  /** The value's offset in the arena, or a string reference when a character is past U+00FF. */
  private toArena(value: string): number {
    const length = value.length;
    if (length + 4 > PAGE_BYTES) return this.toStrings(value);
    let ref = this.arenaUsed;
    let at = ref & PAGE_MASK;
    let arena = this.arena;
    if (at + 4 + length > PAGE_BYTES) {
      // A new page.
      if (this.pages.length >= MAX_PAGES) return this.toStrings(value);
      arena = new Uint8Array(Math.max(1 << 12, length + 4));
      this.pages.push(arena);
      this.arena = arena;
      this.arenaBuffer = Buffer.from(arena.buffer);
      ref = (this.pages.length - 1) * PAGE_BYTES;
      at = 0;
    }
    const end = at + 4 + length;
    if (end > arena.length) {
      arena = ensure(arena, Math.min(end, PAGE_BYTES));
      if (arena.length > PAGE_BYTES) arena = arena.slice(0, PAGE_BYTES);
      this.arena = arena;
      this.pages[this.pages.length - 1] = arena;
      this.arenaBuffer = Buffer.from(arena.buffer, arena.byteOffset, arena.length);
    }
    // ASCII (a character past U+007F takes more than one UTF-8 byte) is copied natively, byte for character.
    if (Buffer.byteLength(value, 'utf8') === length) this.arenaBuffer.write(value, at + 4, length, 'latin1');
    else
      for (let i = 0; i < length; i++) {
        const code = value.charCodeAt(i);
        if (code > 0xff) return this.toStrings(value);
        arena[at + 4 + i] = code;
      }
    arena[at] = length & 0xff;
    arena[at + 1] = (length >>> 8) & 0xff;
    arena[at + 2] = (length >>> 16) & 0xff;
    arena[at + 3] = length >>> 24;
    this.arenaUsed = ref + 4 + length;
    return ref;
  }

  /** Whether the arena's value at `at` is `value`, character for character. */
  private sameText(ref: number, value: string): boolean {
    const arena = this.pages[ref >>> PAGE_BITS] as Uint8Array;
    const at = ref & PAGE_MASK;
    const length =
      (arena[at] as number) |
      ((arena[at + 1] as number) << 8) |
      ((arena[at + 2] as number) << 16) |
      ((arena[at + 3] as number) << 24);
    if (length !== value.length) return false;
    const from = at + 4;
    for (let i = 0; i < length; i++) if (value.charCodeAt(i) !== arena[from + i]) return false;
    return true;
  }

  /** A referenced value as text. */
  private text(kept: number): string {
    if (kept < 0) return this.strings[-1 - kept] as string;
    const arena = this.pages[kept >>> PAGE_BITS] as Uint8Array;
    const at = kept & PAGE_MASK;
    const length =
      (arena[at] as number) |
      ((arena[at + 1] as number) << 8) |
      ((arena[at + 2] as number) << 16) |
      ((arena[at + 3] as number) << 24);
    return Buffer.from(arena.buffer, arena.byteOffset + at + 4, length).toString('latin1');
  }

  /** Whether a kept diff (text values possibly in the arena) and a row's diff are the same. */
  private sameDiff(kept: readonly (number | string)[], diff: readonly (number | string)[]): boolean {
    if (kept.length !== diff.length) return false;
    const n = this.columns;
    for (let i = 0; i < kept.length; i += 2) {
      const column = kept[i] as number;
      if (column !== diff[i]) return false;
      const x = kept[i + 1] as number | string;
      const y = diff[i + 1] as number | string;
      if (column < n) {
        if (!this.same(x as number, y as string)) return false;
      } else if (x !== y && !(Number.isNaN(x) && Number.isNaN(y))) return false;
    }
    return true;
  }

  /** diffKey of a kept diff: its arena values as text. */
  private keptKey(kept: readonly (number | string)[]): string {
    const n = this.columns;
    const text = kept.map((v, i) =>
      i % 2 === 1 && (kept[i - 1] as number) < n ? this.text(v as number) : v,
    );
    return diffKey(text);
  }

  /**
   * The class of a row in group `g`: `values` its text columns, `numbers` its number columns (always the
   * same columns in the same order). Groups are numbered 0, 1, 2, … in the order they first appear.
   */
  classOf(g: number, values: readonly string[], numbers: ArrayLike<number> = EMPTY): number {
    const base = this.base;
    const n = this.columns;
    const m = this.numbers;
    const at = g * n;
    if (g >= this.groups) {
      const grown = ensure(this.base, at + n);
      this.base = grown;
      for (let c = 0; c < n; c++) grown[at + c] = this.keep(c, values[c] as string);
      this.numberBase = ensure(this.numberBase, (g + 1) * m);
      for (let k = 0; k < m; k++) this.numberBase[g * m + k] = numbers[k] as number;
      this.groups = g + 1;
      return 0;
    }
    const diff = this.diff;
    diff.length = 0;
    for (let c = 0; c < n; c++) {
      const value = values[c] as string;
      if (!this.same(base[at + c] as number, value)) diff.push(c, value);
    }
    for (let k = 0; k < m; k++) {
      const value = numbers[k] as number;
      const kept = this.numberBase[g * m + k] as number;
      if (value !== kept && !(Number.isNaN(value) && Number.isNaN(kept))) diff.push(n + k, value);
    }
    if (diff.length === 0) return 0;
    const classes = this.diffs[g] ?? NONE;
    const byKey = this.keyed.get(g);
    if (byKey !== undefined) {
      const key = diffKey(diff);
      const known = byKey.get(key);
      if (known !== undefined) return known;
      byKey.set(key, classes.length + 1);
    } else {
      for (let k = 0; k < classes.length; k++)
        if (this.sameDiff(classes[k] as (number | string)[], diff)) return k + 1;
      if (classes.length >= LINEAR) {
        const map = new Map<string, number>();
        for (let k = 0; k < classes.length; k++)
          map.set(this.keptKey(classes[k] as (number | string)[]), k + 1);
        map.set(diffKey(diff), classes.length + 1);
        this.keyed.set(g, map);
      }
    }
    const kept: (number | string)[] = new Array(diff.length);
    for (let i = 0; i < diff.length; i += 2) {
      const column = diff[i] as number;
      const value = diff[i + 1] as number | string;
      kept[i] = column;
      kept[i + 1] = column < n ? this.keep(column, value as string) : value;
    }
    // Arrays of the exact size (a push would reserve room for 16 more): most groups have one or two classes.
    const grown = new Array<(number | string)[]>(classes.length + 1);
    for (let k = 0; k < classes.length; k++) grown[k] = classes[k] as (number | string)[];
    grown[classes.length] = kept;
    this.diffs[g] = grown;
    return grown.length;
  }
}

const EMPTY: number[] = [];
const NONE: (number | string)[][] = [];

export const KEEP_OWN = 0;
export const KEEP_LAST = 1;
export const KEEP_POOLED = 2;

/** Slots of RowClasses's cache of shared values (a power of two). */
const SHARED_SLOTS = 1 << 14;

/**
 * A cache slot for a value: a hash of its length and of up to 12 of its characters, the last ones first
 * (resource ids and links differ at their end). It only picks where to look for an equal value; equality is
 * decided by ===.
 */
function sharedSlot(value: string): number {
  const length = value.length;
  let h = Math.imul(length, 0x9e3779b1);
  const stop = length > 8 ? length - 8 : 0;
  for (let i = length - 1; i >= stop; i--) h = Math.imul(h ^ value.charCodeAt(i), 0x01000193);
  h = Math.imul(h ^ value.charCodeAt(length >> 1), 0x01000193);
  h = Math.imul(h ^ value.charCodeAt(length >> 2), 0x01000193);
  h = Math.imul(h ^ value.charCodeAt((length * 3) >> 2), 0x01000193);
  h ^= h >>> 15;
  return h & (SHARED_SLOTS - 1);
}

/** RowClasses's arena pages: 16 MiB each, at most 127 (references stay below 2^31). */
const PAGE_BITS = 24;
const PAGE_BYTES = 1 << PAGE_BITS;
const PAGE_MASK = PAGE_BYTES - 1;
const MAX_PAGES = 127;

/** Values this long or longer are kept in RowClasses's arena (shorter ones are cheaper as strings). */
const ARENA_MIN = 24;

/** Classes a group scans one by one before it keys them in a map. */
const LINEAR = 16;

/** An injective text form of a diff: each value prefixed by its column and length (numbers by kind). */
function diffKey(diff: readonly (number | string)[]): string {
  let key = '';
  for (let i = 0; i < diff.length; i += 2) {
    const value = diff[i + 1] as number | string;
    key += typeof value === 'string' ? `${diff[i]}:${value.length}:${value}` : `${diff[i]}#${value};`;
  }
  return key;
}

/** Small integer codes for the values of a column with few distinct values; 0 is ''. */
export class Interner {
  private readonly codes = new Map<string, number>([['', 0]]);
  readonly values: string[] = [''];

  constructor(private readonly limit = 255) {}

  /** The value's code; values past the limit share the last code. */
  code(value: string): number {
    const known = this.codes.get(value);
    if (known !== undefined) return known;
    if (this.values.length > this.limit) return this.limit;
    const code = this.values.length;
    this.values.push(value);
    this.codes.set(value, code);
    return code;
  }
}
