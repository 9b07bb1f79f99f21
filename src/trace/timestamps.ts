/**
 * Timestamps as exports write them, normalised to the model's form (`toISOString`: UTC, milliseconds).
 * Accepted: ISO-8601 dates with `T` or a space, optional seconds and fraction (any number of digits,
 * truncated to ms as `Date.parse` does), and `Z`, `±hh:mm`, `±hhmm`, `±hh` or nothing as the zone. Zone-less
 * text is read as UTC (Log Analytics stores UTC; pandas and the portal drop the `Z`) and counted, so a
 * report can say how many were assumed; text with a non-zero offset is converted and counted too.
 */

const PATTERN =
  /^(\d{4})-(\d\d)-(\d\d)(?:[T ](\d\d):(\d\d)(?::(\d\d)(?:[.,](\d+))?)?)?[ ]?(?:([zZ])|([+-])(\d\d)(?::?(\d\d))?)?$/;

const DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
/** Milliseconds in 400 Gregorian years: lets years 1–99 avoid Date.UTC's 19xx mapping. */
const FOUR_CENTURIES_MS = 146_097 * 86_400_000;

export interface TimestampCounts {
  /** Timestamps without a zone, read as UTC. */
  zoneLess: number;
  /** Timestamps with a non-zero UTC offset, converted to UTC. */
  offset: number;
}

export function newTimestampCounts(): TimestampCounts {
  return { zoneLess: 0, offset: 0 };
}

/** Milliseconds since the epoch, or NaN when `text` is not an accepted timestamp; counts into `counts`. */
export function parseExportTime(text: string, counts?: TimestampCounts): number {
  const m = PATTERN.exec(text);
  if (m === null) return Number.NaN;
  const year = Number(m[1]);
  const month = Number(m[2]);
  const day = Number(m[3]);
  const hour = m[4] === undefined ? 0 : Number(m[4]);
  const minute = m[5] === undefined ? 0 : Number(m[5]);
  const second = m[6] === undefined ? 0 : Number(m[6]);
  const fraction = m[7];
  const ms = fraction === undefined ? 0 : Number(`${fraction}00`.slice(0, 3));
  if (year < 1 || month < 1 || month > 12 || day < 1) return Number.NaN;
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  const dim = month === 2 && leap ? 29 : (DAYS[month - 1] ?? 0);
  if (day > dim || hour > 23 || minute > 59 || second > 59) return Number.NaN;
  let offsetMinutes = 0;
  if (m[9] !== undefined) {
    const oh = Number(m[10]);
    const om = m[11] === undefined ? 0 : Number(m[11]);
    if (oh > 23 || om > 59) return Number.NaN;
    offsetMinutes = (m[9] === '-' ? -1 : 1) * (oh * 60 + om);
  }
  const utc =
    year < 100
      ? Date.UTC(year + 400, month - 1, day, hour, minute, second, ms) - FOUR_CENTURIES_MS
      : Date.UTC(year, month - 1, day, hour, minute, second, ms);
  if (counts) {
    if (m[8] === undefined && m[9] === undefined) counts.zoneLess++;
    else if (offsetMinutes !== 0) counts.offset++;
  }
  return utc - offsetMinutes * 60_000;
}

function digit(text: string, i: number): number {
  const d = text.charCodeAt(i) - 48;
  return d >= 0 && d <= 9 ? d : -1000;
}

/** The digit at `i` (0–9), or a large negative number for any other character. */
function digitAt(text: string, i: number): number {
  const d = text.charCodeAt(i) - 48;
  return (d | (9 - d)) < 0 ? -100_000 : d;
}

/**
 * The form the Log Analytics API writes, `YYYY-MM-DDThh:mm:ss.fff…Z` (3 or more fraction digits), in the
 * model's form (the first 23 characters and `Z`: the text itself when it has exactly 3), or undefined for any
 * other text (isoTimestamp decides those). Returns what isoTimestamp returns for the texts it accepts.
 */
export function zuluTimestamp(text: string): string | undefined {
  const n = text.length;
  if (
    n < 24 ||
    text.charCodeAt(n - 1) !== 90 ||
    text.charCodeAt(19) !== 46 ||
    text.charCodeAt(10) !== 84 ||
    text.charCodeAt(4) !== 45 ||
    text.charCodeAt(7) !== 45 ||
    text.charCodeAt(13) !== 58 ||
    text.charCodeAt(16) !== 58
  ) {
    return undefined;
  }
  const year = digitAt(text, 0) * 1000 + digitAt(text, 1) * 100 + digitAt(text, 2) * 10 + digitAt(text, 3);
  const month = digitAt(text, 5) * 10 + digitAt(text, 6);
  const day = digitAt(text, 8) * 10 + digitAt(text, 9);
  const hour = digitAt(text, 11) * 10 + digitAt(text, 12);
  const minute = digitAt(text, 14) * 10 + digitAt(text, 15);
  const second = digitAt(text, 17) * 10 + digitAt(text, 18);
  if (year < 1 || month < 1 || month > 12 || day < 1 || day > 28 + 3) return undefined;
  if (hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 59) return undefined;
  if (day > 28) {
    const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
    if (day > (month === 2 && leap ? 29 : (DAYS[month - 1] as number))) return undefined;
  }
  for (let i = 20; i < n - 1; i++) if (digitAt(text, i) < 0) return undefined;
  return n === 24 ? text : `${text.slice(0, 23)}Z`;
}

/**
 * The fast path for the forms exports mostly hold, `YYYY-MM-DD[T ]hh:mm:ss[.f…][Z]`: validated and rewritten
 * with string operations only. Returns undefined for anything else (offsets, short forms, surrounding
 * whitespace), which then takes the general path; null for a date that does not exist. What it returns for a
 * text is what normaliseTimestamp returns for it (and it counts a zone-less one the same way).
 */
export function isoTimestamp(text: string, counts?: TimestampCounts): string | null | undefined {
  const n = text.length;
  if (n < 19 || text.charCodeAt(4) !== 45 || text.charCodeAt(7) !== 45 || text.charCodeAt(13) !== 58)
    return undefined;
  if (text.charCodeAt(16) !== 58) return undefined;
  const sep = text.charCodeAt(10);
  if (sep !== 84 && sep !== 32) return undefined;
  const year = digit(text, 0) * 1000 + digit(text, 1) * 100 + digit(text, 2) * 10 + digit(text, 3);
  const month = digit(text, 5) * 10 + digit(text, 6);
  const day = digit(text, 8) * 10 + digit(text, 9);
  const hour = digit(text, 11) * 10 + digit(text, 12);
  const minute = digit(text, 14) * 10 + digit(text, 15);
  const second = digit(text, 17) * 10 + digit(text, 18);
  if (year < 1 || month < 1 || month > 12 || day < 1 || hour < 0 || hour > 23 || minute < 0 || minute > 59) {
    return year < 0 || month < 0 || day < 0 || hour < 0 || minute < 0 ? undefined : null;
  }
  if (second < 0) return undefined;
  if (second > 59) return null;
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  if (day > (month === 2 && leap ? 29 : (DAYS[month - 1] ?? 0))) return null;
  let i = 19;
  let ms = '000';
  const dot = text.charCodeAt(19);
  if (dot === 46 || dot === 44) {
    i = 20;
    while (i < n && digit(text, i) >= 0) i++;
    if (i === 20) return undefined;
    ms = i - 20 >= 3 ? text.slice(20, 23) : `${text.slice(20, i)}00`.slice(0, 3);
  }
  if (i === n) {
    if (counts) counts.zoneLess++;
  } else if (i !== n - 1 || (text.charCodeAt(i) | 0x20) !== 122) {
    return undefined;
  }
  if (sep === 84 && i >= 23 && text.charCodeAt(19) === 46) {
    // Already `YYYY-MM-DDThh:mm:ss.fff…`: keep the first 23 characters (no copy at all if it is the model's form).
    return i === 23 && n === 24 && text.charCodeAt(23) === 90 ? text : `${text.slice(0, 23)}Z`;
  }
  return `${text.slice(0, 10)}T${text.slice(11, 19)}.${ms}Z`;
}

/** The model's form of an export timestamp, or null when it is not one. '' stays ''. */
export function normaliseTimestamp(text: string, counts?: TimestampCounts): string | null {
  if (text === '') return '';
  const fast = isoTimestamp(text, counts);
  if (fast !== undefined) return fast;
  const ms = parseExportTime(text, counts);
  if (Number.isNaN(ms)) return null;
  const date = new Date(ms);
  return Number.isNaN(date.getTime()) ? null : date.toISOString();
}

/** The Azure portal's display form, `M/D/YYYY, h:mm:ss[.fff] AM|PM` (en-US), read as UTC. */
const PORTAL = /^(\d{1,2})\/(\d{1,2})\/(\d{4}),? (\d{1,2}):(\d\d)(?::(\d\d)(?:\.(\d+))?)? ?([AaPp][Mm])$/;

/** Milliseconds since the epoch for the portal's en-US display form, or NaN. */
export function parsePortalTime(text: string): number {
  const m = PORTAL.exec(text);
  if (m === null) return Number.NaN;
  const month = Number(m[1]);
  const day = Number(m[2]);
  const year = Number(m[3]);
  let hour = Number(m[4]);
  if (hour < 1 || hour > 12) return Number.NaN;
  const pm = (m[8] as string).toLowerCase() === 'pm';
  hour = (hour % 12) + (pm ? 12 : 0);
  const iso = `${m[3]}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}T${String(hour).padStart(2, '0')}:${m[5]}:${m[6] ?? '00'}${m[7] === undefined ? '' : `.${m[7]}`}Z`;
  return year > 0 ? parseExportTime(iso) : Number.NaN;
}
