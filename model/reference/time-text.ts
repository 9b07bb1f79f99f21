/**
 * The simulator's time texts, cheaper than model/time.ts's general forms and always equal to them: the
 * ISO-8601 text of an instant, and the MDC alert name's reverse ticks. A run writes the same few instants
 * again and again (a row's TimeGenerated and LastModifiedTime, an alert's times on each of its rows), and
 * runs of one scenario under many mutants or schedules write the same ones across runs, so both are
 * remembered in small direct-mapped caches (a slot per instant's low bits; the last one in a slot wins).
 */
import { iso, mdcAlertName } from '../time.ts';

const SLOTS = 1024;

/** The slot of an instant: `^` and `>>>` read it modulo 2³² (NaN as 0); a slot may hold another instant. */
function slotOf(ms: number): number {
  return (ms ^ (ms >>> 10)) & (SLOTS - 1);
}

const isoMs = new Float64Array(SLOTS).fill(Number.NaN);
const isoTexts: string[] = new Array<string>(SLOTS).fill('');

/** iso(ms) (model/time.ts), remembered. */
export function isoText(ms: number): string {
  const slot = slotOf(ms);
  if (isoMs[slot] === ms) return isoTexts[slot] as string;
  const text = ms >= 0 && ms <= ISO_MAX_MS && Number.isInteger(ms) ? isoOfDay(ms) : iso(ms);
  isoMs[slot] = ms;
  isoTexts[slot] = text;
  return text;
}

/** 9999-12-31T23:59:59.999Z, the last instant iso writes with a four-digit year. */
const ISO_MAX_MS = 253_402_300_799_999;
const DAY_MS = 86_400_000;

/** The day isoOfDay last wrote, and the character codes of its date (YYYY-MM-DD). */
let lastDay = Number.NaN;
const dateCodes = new Array<number>(10).fill(0);

/**
 * iso(ms) for a whole number of milliseconds in years 1970–9999: the date part as iso writes the day's
 * midnight (worked out once per day), the time of day from the remainder, exactly as iso does.
 */
function isoOfDay(ms: number): string {
  const day = Math.floor(ms / DAY_MS);
  if (day !== lastDay) {
    const midnight = iso(day * DAY_MS);
    for (let i = 0; i < 10; i++) dateCodes[i] = midnight.charCodeAt(i);
    lastDay = day;
  }
  let rest = ms - day * DAY_MS;
  const hour = Math.floor(rest / 3_600_000);
  rest -= hour * 3_600_000;
  const minute = Math.floor(rest / 60_000);
  rest -= minute * 60_000;
  const second = Math.floor(rest / 1000);
  const milli = rest - second * 1000;
  const d = dateCodes as [number, number, number, number, number, number, number, number, number, number];
  return String.fromCharCode(
    d[0],
    d[1],
    d[2],
    d[3],
    d[4],
    d[5],
    d[6],
    d[7],
    d[8],
    d[9],
    84, // T
    48 + Math.floor(hour / 10),
    48 + (hour % 10),
    58, // :
    48 + Math.floor(minute / 10),
    48 + (minute % 10),
    58,
    48 + Math.floor(second / 10),
    48 + (second % 10),
    46, // .
    48 + Math.floor(milli / 100),
    48 + (Math.floor(milli / 10) % 10),
    48 + (milli % 10),
    90, // Z
  );
}

/** MAX_TICKS − EPOCH_TICKS (model/time.ts) = 2534023007999999999, as its digits before and after the last ten. */
const SPAN_HIGH = 253_402_300;
const SPAN_LOW = 7_999_999_999;
const TEN_DIGITS = 10_000_000_000;
/** Below this (about the year 9892) the reverse ticks have more than ten digits, all exact in doubles. */
const FAST_MAX_MS = 250_000_000_000_000;

const ticksMs = new Float64Array(SLOTS).fill(Number.NaN);
const ticksTexts: string[] = new Array<string>(SLOTS).fill('');

/**
 * mdcAlertName(startMs, guid) (model/time.ts): `<reverseTicks>_<guid>`, reverse ticks =
 * 2534023007999999999 − startMs·10⁴, remembered per instant. For whole milliseconds from 1970 the
 * subtraction is done on two halves (the last ten digits and the rest) so each stays exact in a double;
 * anything else takes the BigInt definition.
 */
export function mdcAlertNameOf(startMs: number, guid: string): string {
  if (!Number.isInteger(startMs) || startMs < 0 || startMs >= FAST_MAX_MS) return mdcAlertName(startMs, guid);
  const slot = slotOf(startMs);
  if (ticksMs[slot] !== startMs) {
    // startMs·10⁴ = high·10¹⁰ + low·10⁴ with low < 10⁶.
    const high = Math.floor(startMs / 1_000_000);
    const low = startMs - high * 1_000_000;
    let ticksLow = SPAN_LOW - low * 10_000;
    let ticksHigh = SPAN_HIGH - high;
    if (ticksLow < 0) {
      ticksLow += TEN_DIGITS;
      ticksHigh -= 1;
    }
    ticksMs[slot] = startMs;
    ticksTexts[slot] = `${ticksHigh}${String(ticksLow).padStart(10, '0')}`;
  }
  return `${ticksTexts[slot] as string}_${guid}`;
}
