/**
 * `run --shard i/n`: one of n contiguous slices of the run (slices.ts sliceOf, the same cut as workers),
 * judged and written as a shard file with what joining needs: per profile, the slice's counts, its broken
 * streaks for the stop rule, its first failed scenarios, and the shrunk counterexample of each behaviour it
 * violated (shrunk from its first violation's index, as a single run shrinks the run's first). `merge-reports`
 * joins the n files into the report the single run gives (test/harness/shards.test.ts).
 */
import type { Behaviour } from '../../model/invariant.ts';
import type { Profile } from '../../model/profile.ts';
import { CHECKING } from '../../properties/settings.ts';
import { SUITE_VERSION } from '../version.ts';
import { judgeInWorkers, judgeSlice, openWorkerPool, shrinkViolations } from './parallel.ts';
import { joinSlices, type SliceResult, sliceOf, toSuiteResult } from './slices.ts';
import type { CaseRunner, SuiteResult } from './suite.ts';

export const SHARD_FORMAT = 'sentinel-conformance/shard@1';

export interface Shard {
  /** 1-based, as written: --shard 2/3 is { index: 2, count: 3 }. */
  index: number;
  count: number;
}

export interface ShardFile {
  format: typeof SHARD_FORMAT;
  suiteVersion: string;
  implementation: string;
  seed: number;
  runs: number;
  stopAfter: number;
  shard: Shard;
  behaviours: string[];
  profiles: { profile: Profile; slice: SliceResult }[];
}

/** Reads `i/n` (1 ≤ i ≤ n); undefined for a malformed text (the caller names the option). */
export function parseShard(text: string): Shard | undefined {
  const match = /^\s*(\d+)\s*\/\s*(\d+)\s*$/.exec(text);
  if (!match) return undefined;
  const index = Number(match[1]);
  const count = Number(match[2]);
  return index >= 1 && count >= 1 && index <= count ? { index, count } : undefined;
}

export function shardFileName(shard: Shard): string {
  return `shard-${shard.index}-of-${shard.count}.json`;
}

export interface ShardOptions {
  runner: CaseRunner;
  sut: string;
  timeoutMs: number;
  workers: number;
  behaviours: readonly Behaviour[];
  profiles: readonly Profile[];
  runs: number;
  seed: number;
  stopAfter?: number;
  shard: Shard;
  onProgress?: (profile: Profile) => ((done: number, total: number) => void) | undefined;
}

/** Judges the shard's slice under every profile (in `workers` processes) and shrinks what it violated. */
export async function judgeShard(options: ShardOptions): Promise<ShardFile> {
  const { runner, behaviours, runs, seed, shard } = options;
  const stopAfter = options.stopAfter ?? CHECKING.brokenStreak;
  const range = sliceOf(shard.index - 1, shard.count, runs);
  const profiles: ShardFile['profiles'] = [];
  // One set of worker processes for every profile.
  const pool =
    options.workers > 1
      ? openWorkerPool({
          sut: options.sut,
          timeoutMs: options.timeoutMs,
          workers: options.workers,
          here: true,
        })
      : undefined;
  try {
    for (const profile of options.profiles) {
      const onProgress = options.onProgress?.(profile);
      const common = {
        behaviours,
        profile,
        runs,
        seed,
        stopAfter,
        range,
        ...(onProgress ? { onProgress } : {}),
      };
      const slice = pool
        ? await judgeInWorkers({
            runner,
            ...common,
            sut: options.sut,
            timeoutMs: options.timeoutMs,
            workers: options.workers,
            pool,
          })
        : await judgeSlice({ ...common, runner });
      await shrinkViolations(runner, behaviours, profile, seed, runs, slice.tallies);
      profiles.push({ profile, slice });
    }
  } finally {
    await pool?.close();
  }
  return {
    format: SHARD_FORMAT,
    suiteVersion: SUITE_VERSION,
    implementation: runner.name,
    seed,
    runs,
    stopAfter,
    shard,
    behaviours: behaviours.map((b) => b.id),
    profiles,
  };
}

/** A shard file that does not fit with the others: what is wrong, for a one-line error naming the file. */
export class ShardMismatch extends Error {}

/**
 * Joins the shard files of one run (all n of them, any order) into its result per profile: the single
 * run's counts, stop, failed scenarios, and each violated behaviour's counterexample from the shard of its
 * first violation. Throws ShardMismatch when the files are not the n shards of one run.
 */
export function joinShards(files: readonly { file: string; shard: ShardFile }[]): SuiteResult[] {
  const first = files[0];
  if (!first) throw new ShardMismatch('no shard file given');
  const head = first.shard;
  const seen = new Map<number, string>();
  for (const { file, shard } of files) {
    const differs = (
      [
        ['implementation', shard.implementation, head.implementation],
        ['seed', shard.seed, head.seed],
        ['runs', shard.runs, head.runs],
        ['stop-after', shard.stopAfter, head.stopAfter],
        ['shard count', shard.shard.count, head.shard.count],
        ['suite version', shard.suiteVersion, head.suiteVersion],
        ['behaviours (--only)', shard.behaviours.join(','), head.behaviours.join(',')],
        [
          'profiles',
          shard.profiles.map((p) => p.profile.name).join(','),
          head.profiles.map((p) => p.profile.name).join(','),
        ],
      ] as const
    ).find(([, mine, theirs]) => mine !== theirs);
    if (differs)
      throw new ShardMismatch(
        `${file}: its ${differs[0]} (${differs[1]}) is not ${first.file}'s (${differs[2]}): the shards are not of one run`,
      );
    const other = seen.get(shard.shard.index);
    if (other !== undefined)
      throw new ShardMismatch(`${file}: shard ${shard.shard.index}/${shard.shard.count} is also ${other}`);
    seen.set(shard.shard.index, file);
  }
  const missing = Array.from({ length: head.shard.count }, (_, i) => i + 1).filter((i) => !seen.has(i));
  if (missing.length > 0)
    throw new ShardMismatch(
      `shard${missing.length > 1 ? 's' : ''} ${missing.map((i) => `${i}/${head.shard.count}`).join(', ')} missing`,
    );
  const ordered = [...files].sort((a, b) => a.shard.shard.index - b.shard.shard.index);
  return head.profiles.map(({ profile }, p) => {
    const slices = ordered.map(({ shard }) => shard.profiles[p]?.slice as SliceResult);
    const joined = joinSlices(slices, head.runs, head.stopAfter);
    const result = toSuiteResult(joined, {
      implementation: head.implementation,
      profile,
      runs: head.runs,
      seed: head.seed,
    });
    for (const [i, tally] of result.tallies.entries()) {
      if (tally.violations === 0) continue;
      // The run's first violation is the first slice's with one, and so is its shrunk counterexample.
      const owner = slices.find((slice) => (slice.tallies[i]?.violations ?? 0) > 0);
      const counterexample = owner?.tallies[i]?.counterexample;
      if (counterexample) tally.counterexample = counterexample;
    }
    return result;
  });
}
