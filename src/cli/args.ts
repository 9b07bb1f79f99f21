/**
 * Argument helpers shared by the commands: typed option values, and a UsageError that main turns into
 * a one-line message and exit code 3.
 */

import type { Behaviour } from '../../model/invariant.ts';
import { BEHAVIOURS } from '../../model/invariants/index.ts';
import { type Profile, type ProfileName, profileByName } from '../../model/profile.ts';

export class UsageError extends Error {}

export function positiveInt(name: string, text: string | undefined, fallback: number): number {
  if (text === undefined) return fallback;
  const value = Number(text);
  if (!Number.isInteger(value) || value < 1)
    throw new UsageError(`--${name} must be a positive integer, got '${text}'`);
  return value;
}

export function nonNegativeInt(name: string, text: string | undefined, fallback: number): number {
  if (text === undefined) return fallback;
  const value = Number(text);
  if (!Number.isInteger(value) || value < 0)
    throw new UsageError(`--${name} must be a non-negative integer, got '${text}'`);
  return value;
}

/** The longest --timeout: a day. Node's timers take at most 2^31 − 1 ms and fire at once beyond it. */
export const MAX_TIMEOUT_MS = 86_400_000;

/** A per-scenario timeout in ms: a positive integer, at most MAX_TIMEOUT_MS. */
export function timeoutOf(text: string | undefined, fallback: number): number {
  const value = positiveInt('timeout', text, fallback);
  if (value > MAX_TIMEOUT_MS)
    throw new UsageError(`--timeout must be at most ${MAX_TIMEOUT_MS} ms (a day), got '${text}'`);
  return value;
}

/** The largest --seed: fast-check reads a seed as 32 bits, so a larger one would run another seed's cases. */
export const MAX_SEED = 2 ** 32 - 1;

/** A run's seed: a positive integer of at most 32 bits, so that the seed a report records is the one used. */
export function seedOf(text: string | undefined, fallback: number): number {
  const value = positiveInt('seed', text, fallback);
  if (value > MAX_SEED)
    throw new UsageError(
      `${text === undefined ? 'SC_SEED' : '--seed'} must be at most ${MAX_SEED} (fast-check reads 32 bits: a larger seed repeats a smaller one's cases), got '${text ?? value}'`,
    );
  return value;
}

export function profileOf(text: string): Profile {
  if (text !== 'ideal' && text !== 'observed')
    throw new UsageError(`--profile must be ideal or observed, got '${text}'`);
  return profileByName(text as ProfileName);
}

/** Both profiles unless one is named. */
export function profilesOf(text: string | undefined): Profile[] {
  return text === undefined ? [profileByName('ideal'), profileByName('observed')] : [profileOf(text)];
}

/**
 * The IDs an --only list names. An empty list is refused: `--only "$IDS"` with an empty variable would
 * otherwise check nothing and conform.
 */
export function onlyIds(only: string, what: string): string[] {
  const ids = only
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  if (ids.length === 0) throw new UsageError(`--only names no ${what}: give IDs separated by commas`);
  return ids;
}

export function selectBehaviours(only: string | undefined): readonly Behaviour[] {
  if (only === undefined) return BEHAVIOURS;
  const ids = onlyIds(only, 'behaviour');
  const known = new Set(BEHAVIOURS.map((b) => b.id));
  const unknown = ids.filter((id) => !known.has(id));
  if (unknown.length > 0) throw new UsageError(`--only names unknown behaviour IDs: ${unknown.join(', ')}`);
  return BEHAVIOURS.filter((b) => ids.includes(b.id));
}

/** A progress line on stderr when it is a terminal; nothing otherwise (CI logs stay clean). */
/** A duration for a progress line: "40 s", "12 min", "3.5 h". */
function roughly(seconds: number): string {
  if (seconds < 90) return `${Math.max(1, Math.round(seconds))} s`;
  if (seconds < 90 * 60) return `${Math.round(seconds / 60)} min`;
  return `${(seconds / 3600).toFixed(1)} h`;
}

/**
 * A progress line that rewrites itself ("label: 1,280/10,000 scenarios, 412/s, about 21 s left"), at most
 * every `everyMs` and at the end; the rate and what is left show once a second has passed.
 */
export function progressLine(
  label: string,
  write: (text: string) => void,
  now: () => number = () => performance.now(),
  everyMs = 200,
): (done: number, total: number) => void {
  const start = now();
  let last = Number.NEGATIVE_INFINITY;
  let width = 0;
  return (done, total) => {
    const t = now();
    if (done < total && t - last < everyMs) return;
    last = t;
    const seconds = (t - start) / 1000;
    const rate = seconds >= 1 ? done / seconds : 0;
    const perSecond = rate < 10 ? rate.toFixed(1) : Math.round(rate).toLocaleString('en-US');
    const pace =
      rate > 0
        ? `, ${perSecond}/s${done < total ? `, about ${roughly((total - done) / rate)} left` : ''}`
        : '';
    const text = `${label}: ${done.toLocaleString('en-US')}/${total.toLocaleString('en-US')} scenarios${pace}`;
    write(`\r${text.padEnd(width)}${done === total ? '\n' : ''}`);
    width = text.length;
  };
}

/** The progress line on a terminal's stderr; nothing when stderr is not a terminal (CI logs, pipes). */
export function progress(label: string): ((done: number, total: number) => void) | undefined {
  if (!process.stderr.isTTY) return undefined;
  return progressLine(label, (text) => process.stderr.write(text));
}
