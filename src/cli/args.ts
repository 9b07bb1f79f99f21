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
      `--seed must be at most ${MAX_SEED} (fast-check reads 32 bits: a larger seed repeats a smaller one's cases), got '${text}'`,
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
export function progress(label: string): ((done: number, total: number) => void) | undefined {
  if (!process.stderr.isTTY) return undefined;
  return (done, total) => {
    process.stderr.write(`\r${label}: ${done}/${total} scenarios`);
    if (done === total) process.stderr.write('\n');
  };
}
