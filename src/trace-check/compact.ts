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

let lastText = '';
let lastMs = Number.NaN;
let lastFixed = false;
/** The last (year, month) isoMs met, and its first day (days since 1970-01-01). */
let lastYearMonth = -1;
let lastMonthDays = 0;

/**
 * Milliseconds since the epoch of a timestamp as the trace readers write it (`2026-01-01T10:00:00.000Z`),
 * read by arithmetic (and the last one remembered: a row's times often repeat); any other form goes through
 * the model's parseTime. '' is NaN. The fixed form's digits are read whatever the characters at 7, 13 and 16
 * (the readers write '-', ':' and ':' there; lastIsoFixed says whether they are).
 */
export function isoMs(text: string): number {
  if (text === lastText) return lastMs;
  lastText = text;
  lastFixed = false;
  if (
    text.length === 24 &&
    text.charCodeAt(10) === 84 &&
    text.charCodeAt(23) === 90 &&
    text.charCodeAt(19) === 46 &&
    text.charCodeAt(4) === 45 &&
    text.charCodeAt(0) !== 48
  ) {
    const y0 = text.charCodeAt(0) - 48;
    const y1 = text.charCodeAt(1) - 48;
    const y2 = text.charCodeAt(2) - 48;
    const y3 = text.charCodeAt(3) - 48;
    const mo0 = text.charCodeAt(5) - 48;
    const mo1 = text.charCodeAt(6) - 48;
    const d0 = text.charCodeAt(8) - 48;
    const d1 = text.charCodeAt(9) - 48;
    const h0 = text.charCodeAt(11) - 48;
    const h1 = text.charCodeAt(12) - 48;
    const mi0 = text.charCodeAt(14) - 48;
    const mi1 = text.charCodeAt(15) - 48;
    const s0 = text.charCodeAt(17) - 48;
    const s1 = text.charCodeAt(18) - 48;
    const f0 = text.charCodeAt(20) - 48;
    const f1 = text.charCodeAt(21) - 48;
    const f2 = text.charCodeAt(22) - 48;
    // Every one a digit: d | (9 − d) is negative exactly when d is not in 0…9.
    if (
      (y0 | (9 - y0) | y1 | (9 - y1) | y2 | (9 - y2) | y3 | (9 - y3) | mo0 | (9 - mo0) | mo1 | (9 - mo1)) >=
        0 &&
      (d0 | (9 - d0) | d1 | (9 - d1) | h0 | (9 - h0) | h1 | (9 - h1) | mi0 | (9 - mi0) | mi1 | (9 - mi1)) >=
        0 &&
      (s0 | (9 - s0) | s1 | (9 - s1) | f0 | (9 - f0) | f1 | (9 - f1) | f2 | (9 - f2)) >= 0
    ) {
      const year = y0 * 1000 + y1 * 100 + y2 * 10 + y3;
      const month = mo0 * 10 + mo1;
      const day = d0 * 10 + d1;
      const hour = h0 * 10 + h1;
      const minute = mi0 * 10 + mi1;
      const second = s0 * 10 + s1;
      if (
        month >= 1 &&
        month <= 12 &&
        day >= 1 &&
        (day <= 28 || validDay(year, month, day)) &&
        hour <= 23 &&
        minute <= 59 &&
        second <= 59
      ) {
        const yearMonth = year * 16 + month;
        if (yearMonth !== lastYearMonth) {
          lastYearMonth = yearMonth;
          lastMonthDays = daysFromCivil(year, month, 1);
        }
        const ms =
          (lastMonthDays + day - 1) * DAY_MS +
          ((hour * 60 + minute) * 60 + second) * 1000 +
          (f0 * 100 + f1 * 10 + f2);
        // Fixed: every character the form fixes is there, so the time gives the text back.
        lastFixed = text.charCodeAt(7) === 45 && text.charCodeAt(13) === 58 && text.charCodeAt(16) === 58;
        lastMs = ms;
        return ms;
      }
    }
  }
  const ms = text === '' ? Number.NaN : parseTime(text);
  lastMs = ms;
  return ms;
}

/** Whether day 29, 30 or 31 is in the month (29 February only in a leap year). */
function validDay(year: number, month: number, day: number): boolean {
  if (day > (DAYS_IN_MONTH[month - 1] as number)) return false;
  return !(month === 2 && day === 29 && !(year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0)));
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
 * Texts kept off the garbage-collected heap (which would copy and mark them again and again): a text with
 * all its characters below U+0100 is copied into byte pages, after its length (4 bytes, little-endian), and
 * its reference is its offset (page · page size + offset: a text never spans two pages); any other text, or
 * one kept with addString, stays a string in a table, and its reference is negative (−1 − its index; −1 is
 * ''). A kept text is compared with a string by reading its bytes back as text and comparing the two with
 * === (natively: a loop over the characters in JavaScript is several times slower).
 */
export class TextArena {
  private readonly pageBits: number;
  private readonly pageBytes: number;
  private readonly pageMask: number;
  /** The last page, growing (doubling) up to pageBytes: no copy of a full page. */
  private page: Uint8Array;
  private readonly pages: Uint8Array[];
  private readonly pageBuffers: Buffer[];
  /** Where the next text goes (offset 0 is never a text's: 0 can mark an empty slot). */
  private used = 4;
  private readonly strings: string[] = [''];

  /** @param pageBits log2 of the page size (tests make pages small; at most 24, so references stay below 2^31). */
  constructor(pageBits = 24) {
    this.pageBits = pageBits;
    this.pageBytes = 2 ** pageBits;
    this.pageMask = this.pageBytes - 1;
    this.page = new Uint8Array(Math.min(1 << 12, this.pageBytes));
    this.pages = [this.page];
    this.pageBuffers = [Buffer.from(this.page.buffer)];
  }

  /** A text's reference: its offset, or a string reference when a character is past U+00FF. */
  add(value: string): number {
    const length = value.length;
    if (length === 0) return -1;
    if (length + 4 > this.pageBytes || (length > SHORT_TEXT && BEYOND_LATIN1.test(value)))
      return this.addString(value);
    let ref = this.used;
    let at = ref & this.pageMask;
    let page = this.page;
    if (ref >>> this.pageBits !== this.pages.length - 1 || at + 4 + length > this.pageBytes) {
      // A new page (also when the last one is full to its last byte: `used` is then the next page's start).
      if (this.pages.length >= MAX_PAGES) return this.addString(value);
      page = new Uint8Array(Math.min(this.pageBytes, Math.max(1 << 12, 2 * (length + 4))));
      this.pages.push(page);
      this.pageBuffers.push(Buffer.from(page.buffer));
      this.page = page;
      ref = (this.pages.length - 1) * this.pageBytes;
      at = 0;
    }
    const end = at + 4 + length;
    if (end > page.length) {
      // The last page, grown.
      page = ensure(page, end);
      if (page.length > this.pageBytes) page = page.slice(0, this.pageBytes);
      this.pages[this.pages.length - 1] = page;
      this.pageBuffers[this.pages.length - 1] = Buffer.from(page.buffer, page.byteOffset, page.length);
      this.page = page;
    }
    if (length > SHORT_TEXT)
      (this.pageBuffers[this.pages.length - 1] as Buffer).write(value, at + 4, length, 'latin1');
    else {
      // A short text byte by byte (a native call costs more), checked on the way.
      for (let i = 0; i < length; i++) {
        const code = value.charCodeAt(i);
        if (code > 0xff) {
          // Kept as a string; the next text goes where this one would have (on a new page, if one was begun).
          this.used = ref;
          return this.addString(value);
        }
        page[at + 4 + i] = code;
      }
    }
    page[at] = length & 0xff;
    page[at + 1] = (length >>> 8) & 0xff;
    page[at + 2] = (length >>> 16) & 0xff;
    page[at + 3] = length >>> 24;
    this.used = ref + 4 + length;
    return ref;
  }

  /** A text's reference, kept as a string. */
  addString(value: string): number {
    if (value === '') return -1;
    this.strings.push(value);
    return -this.strings.length;
  }

  /** The kept text's length. */
  length(ref: number): number {
    if (ref < 0) return (this.strings[-1 - ref] as string).length;
    const page = this.pages[ref >>> this.pageBits] as Uint8Array;
    const at = ref & this.pageMask;
    return (
      (page[at] as number) |
      ((page[at + 1] as number) << 8) |
      ((page[at + 2] as number) << 16) |
      ((page[at + 3] as number) << 24)
    );
  }

  /** Whether the text referenced is `value`, character for character. */
  equals(ref: number, value: string): boolean {
    if (ref < 0) return this.strings[-1 - ref] === value;
    const index = ref >>> this.pageBits;
    const page = this.pages[index] as Uint8Array;
    const at = ref & this.pageMask;
    const length =
      (page[at] as number) |
      ((page[at + 1] as number) << 8) |
      ((page[at + 2] as number) << 16) |
      ((page[at + 3] as number) << 24);
    if (length !== value.length) return false;
    if (length <= SHORT_TEXT) {
      // A short text character by character (a native call costs more).
      const from = at + 4;
      for (let i = 0; i < length; i++) if (value.charCodeAt(i) !== page[from + i]) return false;
      return true;
    }
    return (this.pageBuffers[index] as Buffer).toString('latin1', at + 4, at + 4 + length) === value;
  }

  /** Whether the text referenced, from character `start` on, is `value` from character `from` on. */
  equalsFrom(ref: number, start: number, value: string, from: number): boolean {
    const length = this.length(ref);
    if (length - start !== value.length - from) return false;
    return this.text(ref).slice(start) === value.slice(from);
  }

  /** A referenced text as a string. */
  text(ref: number): string {
    if (ref < 0) return this.strings[-1 - ref] as string;
    const index = ref >>> this.pageBits;
    const at = ref & this.pageMask;
    return (this.pageBuffers[index] as Buffer).toString('latin1', at + 4, at + 4 + this.length(ref));
  }
}

/** A character past U+00FF (a text with one is kept as a string, not in a TextArena's pages). */
const BEYOND_LATIN1 = /[\u0100-\uffff]/;

/** Texts up to this long are copied into and compared with a TextArena's pages character by character, longer ones natively. */
const SHORT_TEXT = 64;

/** TextArena's pages at most (16 MiB each: references stay below 2^31). */
const MAX_PAGES = 127;

/**
 * Exact equality classes of rows within groups (an MDC alert's rows), to tell a row that repeats an earlier
 * row of its alert from one that differs in any character of any column. A group keeps its first row's
 * values (its base, class 0) and, per further distinct row, only the columns where it differs from the base.
 * Nothing is kept per group on the garbage-collected heap (which would copy and mark it again and again):
 * every value is kept as a number, its reference, in typed arrays. A text of an own column (KEEP_OWN: ids,
 * links) or a pooled one (KEEP_POOLED: resource ids) is copied into a TextArena; a text of a shared column
 * (KEEP_LAST: statuses, severities, product names, a link's text around the alert's name) is kept as a
 * string in the arena's table, each distinct one once: a shared or pooled value equal to one kept before
 * (the column's last value, a shared column's map, or the one a small direct-mapped cache per pooled column
 * holds) takes that one's reference, so memory grows with what differs, not with the rows' text. Number columns
 * (timestamps whose text their time gives back exactly) are kept as numbers. A group's further classes are
 * records in one Int32Array: [next record, class, pairs, column, value, column, value, …], a number column's
 * value an index into a Float64Array.
 *
 * Values are compared whole (TextArena.equals; NaN equal to NaN), never sampled (the columns the model does
 * not read come in as four numbers, a digest of them: src/trace/digest.ts); the pooled
 * columns' cache index is a cheap hash of a few characters, but it only picks
 * which earlier value to try, and a value is shared only when equal to it, so a speed-up cannot change a
 * verdict.
 */
export class RowClasses {
  /** The base rows' values, row after row (group g's column c at g·columns + c). */
  private base = new Int32Array(1 << 12);
  private numberBase: Float64Array;
  /** Per group, its newest class record (−1: none) and its number of classes past the base. */
  private classHead = new Int32Array(1 << 8);
  private classCount = new Int32Array(1 << 8);
  /** Class records: [next record, class, pairs, column, value, …] (see the class's comment). */
  private records = new Int32Array(1 << 10);
  private recordsUsed = 0;
  /** Number columns' values of class records. */
  private recordNumbers = new Float64Array(1 << 8);
  private recordNumbersUsed = 0;
  /** The texts kept. */
  private readonly texts: TextArena;
  /** Per text column how its values are kept (KEEP_OWN, KEEP_LAST, KEEP_POOLED). */
  private readonly keeping: Uint8Array;
  /** Per shared or pooled column, the last value kept and its reference (rows mostly repeat the last one's). */
  private readonly lastText: string[];
  private readonly lastRef: Int32Array;
  /** Per shared column, its distinct values kept (in `strings`) and their references. */
  private readonly shared: Map<string, number>[] = [];
  /** Per pooled column, a direct-mapped cache of references (column c's slots at c·CACHE_SLOTS). */
  private readonly cacheRef: Int32Array;
  /** Per group with many classes, diff key → class (past LINEAR classes a scan would be quadratic). */
  private readonly keyed = new Map<number, Map<string, number>>();
  /** The row's diff being built: columns, and text or number values. */
  private readonly diffColumns: Int32Array;
  private readonly diffTexts: string[];
  private readonly diffNumbers: Float64Array;
  private groups = 0;

  /**
   * @param columns text columns per row; @param numbers number columns per row;
   * @param keeping per text column how its values are kept: KEEP_OWN (each group its own: ids, links),
   *   KEEP_LAST (few distinct values, kept as strings: statuses, names) or KEEP_POOLED (possibly many
   *   distinct values shared by groups: resource ids); @param pageBits the TextArena's page size (log2).
   */
  constructor(
    readonly columns: number,
    readonly numbers = 0,
    keeping: readonly number[] = [],
    pageBits?: number,
  ) {
    this.texts = new TextArena(pageBits);
    this.keeping = new Uint8Array(columns);
    for (let c = 0; c < columns; c++) this.keeping[c] = keeping[c] ?? KEEP_LAST;
    this.lastText = new Array<string>(columns).fill('');
    this.lastRef = new Int32Array(columns).fill(-1);
    this.cacheRef = new Int32Array(columns * CACHE_SLOTS);
    for (let c = 0; c < columns; c++) this.shared.push(new Map());
    this.numberBase = new Float64Array(Math.max(1, numbers) * 1024);
    this.diffColumns = new Int32Array(columns + numbers);
    this.diffTexts = new Array<string>(columns + numbers).fill('');
    this.diffNumbers = new Float64Array(columns + numbers);
  }

  /** A value's reference: an equal shared or pooled value's, or a new one. */
  private keep(column: number, value: string): number {
    if (value === '') return -1;
    const keeping = this.keeping[column];
    if (keeping === KEEP_OWN) return this.texts.add(value);
    if (value === this.lastText[column]) return this.lastRef[column] as number;
    let ref: number;
    if (keeping === KEEP_LAST) {
      const known = (this.shared[column] as Map<string, number>).get(value);
      if (known !== undefined) ref = known;
      else {
        ref = this.texts.addString(value);
        const shared = this.shared[column] as Map<string, number>;
        // Only a bound on what the map holds: past it, values are kept again (as they would be anyway).
        if (shared.size >= SHARED_MAX) shared.clear();
        shared.set(value, ref);
      }
    } else {
      const slot = column * CACHE_SLOTS + cacheSlot(value);
      // 0 marks an empty slot: no text's offset.
      const known = this.cacheRef[slot] as number;
      if (known !== 0 && this.texts.equals(known, value)) ref = known;
      else {
        ref = this.texts.add(value);
        this.cacheRef[slot] = ref;
      }
    }
    this.lastText[column] = value;
    this.lastRef[column] = ref;
    return ref;
  }

  /** Whether class record r holds the row's diff (its first `pairs` entries). */
  private sameRecord(r: number, pairs: number): boolean {
    const records = this.records;
    if (records[r + 2] !== pairs) return false;
    const n = this.columns;
    for (let i = 0; i < pairs; i++) {
      const column = records[r + 3 + 2 * i] as number;
      if (column !== this.diffColumns[i]) return false;
      const kept = records[r + 4 + 2 * i] as number;
      if (column < n) {
        if (!this.texts.equals(kept, this.diffTexts[i] as string)) return false;
      } else {
        const x = this.recordNumbers[kept] as number;
        const y = this.diffNumbers[i] as number;
        if (x !== y && !(Number.isNaN(x) && Number.isNaN(y))) return false;
      }
    }
    return true;
  }

  /** diffKey of class record r's diff, or of the row's diff (r < 0). */
  private keyOf(r: number, pairs: number): string {
    const n = this.columns;
    let key = '';
    for (let i = 0; i < pairs; i++) {
      const column = r < 0 ? (this.diffColumns[i] as number) : (this.records[r + 3 + 2 * i] as number);
      if (column < n) {
        const value =
          r < 0 ? (this.diffTexts[i] as string) : this.texts.text(this.records[r + 4 + 2 * i] as number);
        key += `${column}:${value.length}:${value}`;
      } else {
        const value =
          r < 0
            ? (this.diffNumbers[i] as number)
            : (this.recordNumbers[this.records[r + 4 + 2 * i] as number] as number);
        key += `${column}#${value};`;
      }
    }
    return key;
  }

  /** A new group's arrays, grown for group g. */
  private grow(g: number): void {
    const n = this.columns;
    const m = this.numbers;
    if ((g + 1) * n > this.base.length) this.base = ensure(this.base, (g + 1) * n);
    if ((g + 1) * m > this.numberBase.length) this.numberBase = ensure(this.numberBase, (g + 1) * m);
    if (g >= this.classHead.length) {
      this.classHead = ensure(this.classHead, g + 1);
      this.classCount = ensure(this.classCount, g + 1);
    }
  }

  /**
   * The class of a row in group `g`: `values` its text columns, `numbers` its number columns (always the
   * same columns in the same order). Groups are numbered 0, 1, 2, … in the order they first appear.
   */
  classOf(g: number, values: readonly string[], numbers: ArrayLike<number> = EMPTY): number {
    const n = this.columns;
    const m = this.numbers;
    if (g >= this.groups) {
      this.grow(g);
      const base = this.base;
      const at = g * n;
      for (let c = 0; c < n; c++) base[at + c] = this.keep(c, values[c] as string);
      for (let k = 0; k < m; k++) this.numberBase[g * m + k] = numbers[k] as number;
      this.classHead[g] = -1;
      this.classCount[g] = 0;
      this.groups = g + 1;
      return 0;
    }
    const base = this.base;
    const texts = this.texts;
    const at = g * n;
    const diffColumns = this.diffColumns;
    let pairs = 0;
    for (let c = 0; c < n; c++) {
      const value = values[c] as string;
      if (!texts.equals(base[at + c] as number, value)) {
        diffColumns[pairs] = c;
        this.diffTexts[pairs] = value;
        pairs++;
      }
    }
    for (let k = 0; k < m; k++) {
      const value = numbers[k] as number;
      const kept = this.numberBase[g * m + k] as number;
      if (value !== kept && !(Number.isNaN(value) && Number.isNaN(kept))) {
        diffColumns[pairs] = n + k;
        this.diffNumbers[pairs] = value;
        pairs++;
      }
    }
    if (pairs === 0) return 0;
    const count = this.classCount[g] as number;
    const byKey = count > LINEAR ? this.keyed.get(g) : undefined;
    if (byKey !== undefined) {
      const key = this.keyOf(-1, pairs);
      const known = byKey.get(key);
      if (known !== undefined) return known;
      byKey.set(key, count + 1);
    } else {
      for (let r = this.classHead[g] as number; r >= 0; r = this.records[r] as number)
        if (this.sameRecord(r, pairs)) return this.records[r + 1] as number;
    }
    const r = this.record(g, count + 1, pairs);
    this.classCount[g] = count + 1;
    if (count === LINEAR) {
      const map = new Map<string, number>();
      for (let q = r; q >= 0; q = this.records[q] as number)
        map.set(this.keyOf(q, this.records[q + 2] as number), this.records[q + 1] as number);
      this.keyed.set(g, map);
    }
    return count + 1;
  }

  /** Keeps the row's diff as group g's class `cls`; returns its record. */
  private record(g: number, cls: number, pairs: number): number {
    const n = this.columns;
    const r = this.recordsUsed;
    const need = r + 3 + 2 * pairs;
    if (need > this.records.length) this.records = ensure(this.records, need);
    if (this.recordNumbersUsed + pairs > this.recordNumbers.length)
      this.recordNumbers = ensure(this.recordNumbers, this.recordNumbersUsed + pairs);
    const records = this.records;
    records[r] = this.classHead[g] as number;
    records[r + 1] = cls;
    records[r + 2] = pairs;
    for (let i = 0; i < pairs; i++) {
      const column = this.diffColumns[i] as number;
      records[r + 3 + 2 * i] = column;
      if (column < n) records[r + 4 + 2 * i] = this.keep(column, this.diffTexts[i] as string);
      else {
        records[r + 4 + 2 * i] = this.recordNumbersUsed;
        this.recordNumbers[this.recordNumbersUsed++] = this.diffNumbers[i] as number;
      }
    }
    this.recordsUsed = need;
    this.classHead[g] = r;
    return r;
  }
}

const EMPTY: number[] = [];

export const KEEP_OWN = 0;
export const KEEP_LAST = 1;
export const KEEP_POOLED = 2;

/** Distinct values a shared column's map holds at most. */
const SHARED_MAX = 1 << 16;

/** Slots per pooled column of RowClasses's cache of kept values (a power of two). */
const CACHE_SLOTS = 1 << 12;

/**
 * A cache slot for a value: a hash of its length and of up to 12 of its characters, the last ones first
 * (resource ids and links differ at their end). It only picks where to look for an equal value; equality is
 * decided by comparing whole values.
 */
function cacheSlot(value: string): number {
  const length = value.length;
  let h = Math.imul(length, 0x9e3779b1);
  const stop = length > 8 ? length - 8 : 0;
  for (let i = length - 1; i >= stop; i--) h = Math.imul(h ^ value.charCodeAt(i), 0x01000193);
  h = Math.imul(h ^ value.charCodeAt(length >> 1), 0x01000193);
  h = Math.imul(h ^ value.charCodeAt(length >> 2), 0x01000193);
  h = Math.imul(h ^ value.charCodeAt((length * 3) >> 2), 0x01000193);
  h ^= h >>> 15;
  return h & (CACHE_SLOTS - 1);
}

/** Classes a group scans one by one before it keys them in a map. */
const LINEAR = 16;

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
