/**
 * The simulator's time texts, cheaper than model/time.ts's general forms and always equal to them: the
 * ISO-8601 text of an instant, and the MDC alert name's reverse ticks. A run writes the same few instants
 * again and again (a row's TimeGenerated and LastModifiedTime, an alert's times on each of its rows), and
 * runs of one scenario under many mutants or schedules write the same ones across runs, so both are
 * remembered in small direct-mapped caches (a slot per instant's low bits; the last one in a slot wins).
 */
import { iso, reverseTicks } from '../time.ts';

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
  const text = iso(ms);
  isoMs[slot] = ms;
  isoTexts[slot] = text;
  return text;
}

const ticksMs = new Float64Array(SLOTS).fill(Number.NaN);
const ticksTexts: string[] = new Array<string>(SLOTS).fill('');

/** mdcAlertName(startMs, guid) (model/time.ts): `<reverseTicks>_<guid>`, the reverse ticks remembered per instant. */
export function mdcAlertNameOf(startMs: number, guid: string): string {
  const slot = slotOf(startMs);
  if (ticksMs[slot] !== startMs) {
    ticksTexts[slot] = reverseTicks(startMs);
    ticksMs[slot] = startMs;
  }
  return `${ticksTexts[slot] as string}_${guid}`;
}
