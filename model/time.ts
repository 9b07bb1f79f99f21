/**
 * Time in the model: a scenario's clock counts milliseconds from its `start`; table columns hold ISO-8601
 * UTC strings (`2026-01-01T00:05:00.000Z`), as Log Analytics returns them. Also the MDC alert name's
 * start-time encoding: `<reverseTicks>_<GUID>`, reverseTicks = 3155378975999999999 − StartTime in .NET
 * ticks (100 ns since 0001-01-01 UTC), which lets a checker tell a real UTC StartTime from a shifted one.
 */

export const MINUTE = 60_000;

/** 0000-01-01T00:00:00.000Z and 9999-12-31T23:59:59.999Z: the years toISOString writes with four digits. */
const ISO_MIN_MS = -62_167_219_200_000;
const ISO_MAX_MS = 253_402_300_799_999;

/** The character code of a decimal digit. */
function digit(value: number): number {
  return 48 + value;
}

/**
 * The ISO-8601 UTC form of a time, as toISOString writes it. Whole milliseconds of years 0–9999 are written
 * directly, as one flat string of character codes (a concatenation would leave a rope to flatten on first read).
 */
export function iso(ms: number): string {
  if (!Number.isInteger(ms) || ms < ISO_MIN_MS || ms > ISO_MAX_MS) return new Date(ms).toISOString();
  const days = Math.floor(ms / 86_400_000);
  let rest = ms - days * 86_400_000;
  const hour = Math.floor(rest / 3_600_000);
  rest -= hour * 3_600_000;
  const minute = Math.floor(rest / 60_000);
  rest -= minute * 60_000;
  const second = Math.floor(rest / 1000);
  const milli = rest - second * 1000;
  // The civil date of a day count (H. Hinnant's civil_from_days), March-based years.
  const z = days + 719_468;
  const era = Math.floor(z / 146_097);
  const doe = z - era * 146_097;
  const yoe = Math.floor(
    (doe - Math.floor(doe / 1460) + Math.floor(doe / 36_524) - Math.floor(doe / 146_096)) / 365,
  );
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  const year = yoe + era * 400 + (month <= 2 ? 1 : 0);
  return String.fromCharCode(
    digit(Math.floor(year / 1000)),
    digit(Math.floor(year / 100) % 10),
    digit(Math.floor(year / 10) % 10),
    digit(year % 10),
    45, // -
    digit(Math.floor(month / 10)),
    digit(month % 10),
    45,
    digit(Math.floor(day / 10)),
    digit(day % 10),
    84, // T
    digit(Math.floor(hour / 10)),
    digit(hour % 10),
    58, // :
    digit(Math.floor(minute / 10)),
    digit(minute % 10),
    58,
    digit(Math.floor(second / 10)),
    digit(second % 10),
    46, // .
    digit(Math.floor(milli / 100)),
    digit(Math.floor(milli / 10) % 10),
    digit(milli % 10),
    90, // Z
  );
}

/** The digits of `text` from `from` to `to` (exclusive) as a number, or -1 if one is not a digit. */
function digits(text: string, from: number, to: number): number {
  let value = 0;
  for (let i = from; i < to; i++) {
    const d = text.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return -1;
    value = value * 10 + d;
  }
  return value;
}

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/**
 * The canonical form `YYYY-MM-DDTHH:MM:SS.sssZ` (what toISOString writes and the tables hold) read without
 * Date.parse, or NaN when the text is not exactly that form with a real date and time (Date.parse decides then).
 */
function parseCanonical(text: string): number {
  if (
    text.length !== 24 ||
    text.charCodeAt(4) !== 45 || // -
    text.charCodeAt(7) !== 45 ||
    text.charCodeAt(10) !== 84 || // T
    text.charCodeAt(13) !== 58 || // :
    text.charCodeAt(16) !== 58 ||
    text.charCodeAt(19) !== 46 || // .
    text.charCodeAt(23) !== 90 // Z
  ) {
    return Number.NaN;
  }
  const year = digits(text, 0, 4);
  const month = digits(text, 5, 7);
  const day = digits(text, 8, 10);
  const hour = digits(text, 11, 13);
  const minute = digits(text, 14, 16);
  const second = digits(text, 17, 19);
  const milli = digits(text, 20, 23);
  if (year < 1000 || month < 1 || month > 12 || day < 1 || hour < 0 || hour > 23) return Number.NaN;
  if (minute < 0 || minute > 59 || second < 0 || second > 59 || milli < 0) return Number.NaN;
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  if (day > (month === 2 && leap ? 29 : (DAYS_IN_MONTH[month - 1] as number))) return Number.NaN;
  // Days from the civil date (H. Hinnant's days_from_civil), March-based years.
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (month > 2 ? month - 3 : month + 9) + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  const days = era * 146097 + doe - 719468;
  return days * 86_400_000 + hour * 3_600_000 + minute * 60_000 + second * 1000 + milli;
}

/**
 * Whether text is the canonical form `YYYY-MM-DDTHH:MM:SS.sssZ` of a real calendar time in years 1000–9999
 * (what the tables hold): a check without a regular expression, for validating many timestamps.
 */
export function isCanonicalTimestamp(text: string): boolean {
  return !Number.isNaN(parseCanonical(text));
}

/** Milliseconds since the Unix epoch, or NaN when the text is not a timestamp. Zone-less text is UTC. */
export function parseTime(text: string): number {
  if (typeof text !== 'string' || text === '') return Number.NaN;
  // Fast path: the canonical form ends in 'Z', which the zone test below would accept as it is.
  if (text.charCodeAt(text.length - 1) === 90) {
    const canonical = parseCanonical(text);
    return Number.isNaN(canonical) ? Date.parse(text) : canonical;
  }
  const zoned = /[zZ]|[+-]\d\d:?\d\d$/.test(text) ? text : `${text.replace(' ', 'T')}Z`;
  return Date.parse(zoned);
}

const MAX_TICKS = 3155378975999999999n;
/** .NET ticks between 0001-01-01 and 1970-01-01. */
const EPOCH_TICKS = 621355968000000000n;
/** MAX_TICKS − EPOCH_TICKS = 2534023007999999999, as its digits before and after the last ten. */
const SPAN_HIGH = 253_402_300;
const SPAN_LOW = 7_999_999_999;

/** The reverse-ticks prefix of an MDC alert name for a StartTime (ms precision). */
export function reverseTicks(startMs: number): string {
  const ms = Math.round(startMs);
  // MAX_TICKS − EPOCH_TICKS − ms·10⁴ in doubles, as its digits before and after the last ten (SPAN_HIGH,
  // SPAN_LOW below): ms = q·10⁶ + r with 0 ≤ r < 10⁶ keeps every partial result exact.
  const q = Math.floor(ms / 1_000_000);
  let high = SPAN_HIGH - q;
  let low = SPAN_LOW - (ms - q * 1_000_000) * 10_000;
  if (low < 0) {
    low += 10_000_000_000;
    high -= 1;
  }
  if (!Number.isSafeInteger(ms) || high <= 0) return reverseTicksExact(ms);
  return `${high}${String(low).padStart(10, '0')}`;
}

/** The definition, in BigInt arithmetic (for starts past year 9999 or out of the safe range). */
function reverseTicksExact(ms: number): string {
  return (MAX_TICKS - (BigInt(ms) * 10_000n + EPOCH_TICKS)).toString();
}

export function mdcAlertName(startMs: number, guid: string): string {
  return `${reverseTicks(startMs)}_${guid}`;
}

export interface DecodedMdcAlertName {
  readonly startMs: number;
  readonly guid: string;
}

/** Whether a character code is a line terminator (what `.` does not match in a regular expression). */
function isLineTerminator(code: number): boolean {
  return code === 10 || code === 13 || code === 0x2028 || code === 0x2029;
}

/**
 * `^(\d{18,19})_(.+)$` read by hand, and (MAX_TICKS − reverse ticks − EPOCH_TICKS) / 10⁴ truncated (as BigInt
 * division truncates) computed exactly in doubles: the reverse ticks split into their last ten digits and the
 * rest keep every partial result below 2⁵³.
 */
function decode(name: string): DecodedMdcAlertName | null {
  let count = 0;
  while (count < 20 && count < name.length && digits(name, count, count + 1) >= 0) count += 1;
  if ((count !== 18 && count !== 19) || name.charCodeAt(count) !== 95 || name.length === count + 1)
    return null;
  for (let i = count + 1; i < name.length; i++) if (isLineTerminator(name.charCodeAt(i))) return null;
  const high = SPAN_HIGH - digits(name, 0, count - 10);
  const low = SPAN_LOW - digits(name, count - 10, count);
  // The sign of high·10¹⁰ + low decides the rounding: BigInt division truncates toward zero.
  const negative = high < 0 || (high === 0 && low < 0);
  const ms = high * 1_000_000 + (negative ? Math.ceil(low / 10_000) : Math.floor(low / 10_000)) + 0;
  return { startMs: ms, guid: name.slice(count + 1) };
}

/** The definition, for what is not a string. */
function decodeSlow(name: string): DecodedMdcAlertName | null {
  const match = /^(\d{18,19})_(.+)$/.exec(name);
  if (!match?.[1] || !match[2]) return null;
  const ticks = MAX_TICKS - BigInt(match[1]);
  const ms = Number((ticks - EPOCH_TICKS) / 10_000n);
  return { startMs: ms, guid: match[2] };
}

/** Decodes an MDC alert name to its encoded UTC start time (ms), or null when it is not of that form. */
export function decodeMdcAlertName(name: string): DecodedMdcAlertName | null {
  return typeof name === 'string' ? decode(name) : decodeSlow(name);
}
