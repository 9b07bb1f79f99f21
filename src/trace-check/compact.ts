/**
 * The small tools that keep a trace check's memory flat: typed columns that grow, ISO timestamps read to
 * numbers without allocating, a 64-bit content fingerprint of a row (two 32-bit FNV-style hashes), and
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
  if (Number.isNaN(ms)) ms = text === '' ? Number.NaN : parseTime(text);
  lastText = text;
  lastMs = ms;
  return ms;
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
 * A 64-bit fingerprint of a row's values, to tell a row that repeats an earlier row of the same alert from
 * one that differs. Reading every character of every value would cost more than parsing the row, so a long
 * value contributes its length and 16 characters spread over it (6 of its head, 6 of its tail); short
 * values and numbers count in full. Two rows of one alert that differ only between sampled characters of a
 * long value, with equal lengths, would be taken for a repeat: the values that vary between an alert's rows
 * (Status, the times, the link's kind and target) are short or sampled at their ends.
 */
export class Fingerprint {
  low = 0x811c9dc5;
  high = 17;

  reset(): void {
    this.low = 0x811c9dc5;
    this.high = 17;
  }

  add(text: string): void {
    const n = text.length;
    let a = Math.imul(this.low ^ (n + 0x10000), 0x01000193);
    let b = Math.imul(this.high ^ (n + 0x10000), 0x5bd1e995);
    if (n <= 24) {
      for (let i = 0; i < n; i++) {
        const c = text.charCodeAt(i);
        a = Math.imul(a ^ c, 0x01000193);
        b = Math.imul(b ^ c, 0x5bd1e995);
      }
    } else {
      for (let k = 0; k < 16; k++) {
        // 6 from the head, 4 spread over the middle, 6 from the tail.
        const i = k < 6 ? k : k < 10 ? Math.floor(((k - 5) * n) / 5) : n - 16 + k;
        const c = text.charCodeAt(i);
        a = Math.imul(a ^ c, 0x01000193);
        b = Math.imul(b ^ c, 0x5bd1e995);
      }
    }
    this.low = a;
    this.high = b ^ (b >>> 15);
  }

  addNumber(value: number): void {
    const lo = Number.isNaN(value) ? 0x7ff8 : (value % 0x100000000) | 0;
    const hi = Number.isNaN(value) ? 0 : Math.floor(value / 0x100000000) | 0;
    this.low = Math.imul(Math.imul(this.low ^ lo, 0x01000193) ^ hi, 0x01000193);
    this.high = Math.imul(Math.imul(this.high ^ lo, 0x5bd1e995) ^ hi, 0x5bd1e995);
  }

  get lowBits(): number {
    return this.low >>> 0;
  }

  get highBits(): number {
    return this.high >>> 0;
  }
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
