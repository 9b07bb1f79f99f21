/**
 * Time in the model: a scenario's clock counts milliseconds from its `start`; table columns hold ISO-8601
 * UTC strings (`2026-01-01T00:05:00.000Z`), as Log Analytics returns them. Also the MDC alert name's
 * start-time encoding: `<reverseTicks>_<GUID>`, reverseTicks = 3155378975999999999 − StartTime in .NET
 * ticks (100 ns since 0001-01-01 UTC), which lets a checker tell a real UTC StartTime from a shifted one.
 */

export const MINUTE = 60_000;

export function iso(ms: number): string {
  return new Date(ms).toISOString();
}

/** Milliseconds since the Unix epoch, or NaN when the text is not a timestamp. Zone-less text is UTC. */
export function parseTime(text: string): number {
  if (typeof text !== 'string' || text === '') return Number.NaN;
  const zoned = /[zZ]|[+-]\d\d:?\d\d$/.test(text) ? text : `${text.replace(' ', 'T')}Z`;
  return Date.parse(zoned);
}

const MAX_TICKS = 3155378975999999999n;
/** .NET ticks between 0001-01-01 and 1970-01-01. */
const EPOCH_TICKS = 621355968000000000n;

/** The reverse-ticks prefix of an MDC alert name for a StartTime (ms precision). */
export function reverseTicks(startMs: number): string {
  return (MAX_TICKS - (BigInt(Math.round(startMs)) * 10_000n + EPOCH_TICKS)).toString();
}

export function mdcAlertName(startMs: number, guid: string): string {
  return `${reverseTicks(startMs)}_${guid}`;
}

/** Decodes an MDC alert name to its encoded UTC start time (ms), or null when it is not of that form. */
export function decodeMdcAlertName(name: string): { startMs: number; guid: string } | null {
  const match = /^(\d{18,19})_(.+)$/.exec(name);
  if (!match?.[1] || !match[2]) return null;
  const ticks = MAX_TICKS - BigInt(match[1]);
  const ms = Number((ticks - EPOCH_TICKS) / 10_000n);
  return { startMs: ms, guid: match[2] };
}
