/**
 * A run cut into slices, and the slices joined again into the run a single process would have made.
 *
 * A slice is a contiguous range of case indices [from, to). Case i of a slice is generated exactly as case i
 * of the whole run (fast-check's stream from the run's seed, skipped to i: casesOf), so a slice judges the
 * same cases with the same verdicts; only the order in which slices finish differs. Joining slices in
 * index order gives the single run's counts (sums), its first violation and first skip reason (the first
 * slice that has one), and its first CHECKING.erroredKept failed scenarios.
 *
 * The one thing a slice cannot decide alone is where the stop rule (suite.ts stopRule: N scenarios in a row
 * crashed or hung) ends the run, since a streak may begin in the slice before. So each slice records the
 * broken scenarios it began with (`leading`) and ended with (`trailing`); joining carries the streak across
 * slices, and where the carried streak reaches N inside a slice's leading run, it keeps only that slice's
 * prefix (all broken scenarios, so its counts follow from their number) and drops every later slice.
 *
 * Pure: no I/O.
 */
import { CHECKING } from '../../properties/settings.ts';
import type { RunResult } from '../adapters/types.ts';
import {
  type BehaviourTally,
  type ErroredRun,
  type SuiteOptions,
  type SuiteResult,
  stopRule,
} from './suite.ts';

export interface Range {
  from: number;
  to: number;
}

/** What judging one slice gives: SuiteResult's counts over the slice, no counterexamples, and its streaks. */
export interface SliceResult {
  from: number;
  to: number;
  /** Cases judged: to - from, unless the stop rule ended the slice. */
  ran: number;
  tallies: BehaviourTally[];
  erroredRuns: number;
  errored: ErroredRun[];
  /** Scenarios the implementation answered unsupported (skipped, not failed), and the first few. */
  unsupportedRuns: number;
  unsupported: SuiteResult['unsupported'];
  /** Crashed-or-hung scenarios the slice began with, and ended with (the stop rule's streak). */
  leading: number;
  trailing: number;
  /** The stop rule ended the slice (or the run, once joined): after `after` scenarios of the run. */
  stopped?: { after: number; why: string };
}

/** Slice `index` (0-based) of `count` over `runs` cases: contiguous, sizes differing by at most one. */
export function sliceOf(index: number, count: number, runs: number): Range {
  return { from: Math.floor((index * runs) / count), to: Math.floor(((index + 1) * runs) / count) };
}

/** Crashed or hung, as the stop rule counts it (a module's throw is not). */
const brokenRule = stopRule(1);
export function isBroken(result: RunResult): boolean {
  return brokenRule(result) !== undefined;
}

/** The stop rule's own sentence for a streak of `after` (stopRule told `after` broken scenarios). */
function stopSentence(after: number): string {
  const rule = stopRule(after);
  const hung: RunResult = { kind: 'errored', reason: 'hung', message: '', stderr: '' };
  let why: string | undefined;
  for (let i = 0; i < after; i++) why = rule(hung);
  return why as string;
}

/** Watches a slice's results (SuiteOptions.onResult) for the broken streaks it begins and ends with. */
export function sliceWatch(): {
  onResult: NonNullable<SuiteOptions['onResult']>;
  streaks(): { leading: number; trailing: number };
} {
  let leading = 0;
  let trailing = 0;
  let unbroken = false;
  return {
    onResult(result) {
      const broken = isBroken(result);
      trailing = broken ? trailing + 1 : 0;
      if (!broken) unbroken = true;
      if (!unbroken) leading += 1;
    },
    streaks: () => ({ leading, trailing }),
  };
}

/** A slice's result from runSuite's over the same range (shrink off) and the watch's streaks. */
export function toSliceResult(
  range: Range,
  result: SuiteResult,
  streaks: { leading: number; trailing: number },
): SliceResult {
  const ran = result.stopped ? result.stopped.after - range.from : range.to - range.from;
  return {
    from: range.from,
    to: range.to,
    ran,
    tallies: result.tallies.map(({ counterexample: _, ...tally }) => tally),
    erroredRuns: result.erroredRuns,
    errored: result.errored,
    unsupportedRuns: result.unsupportedRuns,
    unsupported: result.unsupported,
    ...streaks,
    ...(result.stopped ? { stopped: result.stopped } : {}),
  };
}

function emptySlice(from: number, behaviours: readonly BehaviourTally[]): SliceResult {
  return {
    from,
    to: from,
    ran: 0,
    tallies: behaviours.map((t) => ({
      id: t.id,
      kind: t.kind,
      judged: 0,
      exercised: 0,
      situations: 0,
      violations: 0,
      errored: 0,
      skipped: 0,
      successes: 0,
      occurrences: 0,
    })),
    erroredRuns: 0,
    errored: [],
    unsupportedRuns: 0,
    unsupported: [],
    leading: 0,
    trailing: 0,
  };
}

/** Adds a tally's counts to another's; what is kept from the first one to have it (first violation…) stays. */
function addTally(into: BehaviourTally, add: BehaviourTally): BehaviourTally {
  const out: Record<string, unknown> = { ...into };
  for (const [key, value] of Object.entries(add)) {
    if (key === 'counterexample') continue;
    const mine = out[key];
    if (key === 'undecided' && value !== undefined) {
      // Runs left open add up; the first reason is the earliest slice's.
      const earlier = into.undecided;
      const later = add.undecided as NonNullable<BehaviourTally['undecided']>;
      out[key] = earlier ? { runs: earlier.runs + later.runs, first: earlier.first } : { ...later };
      continue;
    }
    if (typeof value === 'number' && typeof mine === 'number' && key !== 'id') out[key] = mine + value;
    else if (mine === undefined) out[key] = value;
  }
  return out as unknown as BehaviourTally;
}

/**
 * The first `n` scenarios of a slice that began with at least `n` broken ones: each failed, so each counted
 * once as errored for the run and for every behaviour judged on it (a tally counts every failed scenario, so
 * its errored count is at least the slice's: those that count none, a partial run's unsupported ones, have 0).
 */
function brokenPrefix(slice: SliceResult, n: number): SliceResult {
  const last = slice.from + n - 1;
  const empty = emptySlice(slice.from, slice.tallies);
  return {
    ...empty,
    to: slice.to,
    ran: n,
    tallies: empty.tallies.map((t, i) =>
      (slice.tallies[i] as BehaviourTally).errored >= slice.erroredRuns ? { ...t, errored: n } : t,
    ),
    erroredRuns: n,
    errored: slice.errored.filter((e) => e.run <= last),
    leading: n,
    trailing: n,
  };
}

/**
 * Joins contiguous slices, in any order given, into the slice over their whole range: what one process
 * judging that range would have found, stop rule included. `runs` is the whole run's size (the stop rule
 * never stops at its last scenario); `stopAfter` the rule's streak (0: never).
 */
export function joinSlices(
  slices: readonly SliceResult[],
  runs: number,
  stopAfter: number = CHECKING.brokenStreak,
): SliceResult {
  const sorted = [...slices].sort((a, b) => a.from - b.from);
  const first = sorted[0];
  if (first === undefined) throw new Error('no slice to join');
  let joined = emptySlice(first.from, first.tallies);
  let whole = true; // every scenario so far was broken
  for (const slice of sorted) {
    if (slice.from !== joined.to)
      throw new Error(
        `the slices do not meet: one ends at scenario ${joined.to}, the next starts at ${slice.from}`,
      );
    let part = slice;
    let stopped = slice.stopped;
    const carry = joined.trailing;
    if (stopAfter > 0 && carry > 0 && carry + slice.leading >= stopAfter) {
      const n = stopAfter - carry;
      if (slice.from + n < runs) {
        part = brokenPrefix(slice, n);
        stopped = { after: slice.from + n, why: stopSentence(stopAfter) };
      }
    }
    const allBroken = part.leading === part.ran;
    joined = {
      from: joined.from,
      to: part.to,
      ran: joined.ran + part.ran,
      tallies: joined.tallies.map((t, i) => addTally(t, part.tallies[i] as BehaviourTally)),
      erroredRuns: joined.erroredRuns + part.erroredRuns,
      errored: [...joined.errored, ...part.errored].slice(0, CHECKING.erroredKept),
      unsupportedRuns: joined.unsupportedRuns + part.unsupportedRuns,
      unsupported: [...joined.unsupported, ...part.unsupported].slice(0, CHECKING.erroredKept),
      leading: whole ? joined.leading + part.leading : joined.leading,
      trailing: allBroken ? carry + part.ran : part.trailing,
    };
    whole = whole && allBroken;
    if (stopped) {
      joined.stopped = stopped;
      joined.to = sorted[sorted.length - 1]?.to ?? joined.to;
      break;
    }
  }
  return joined;
}

/** The joined slices as the suite's result (counterexamples are added by whoever shrinks). */
export function toSuiteResult(
  joined: SliceResult,
  base: Pick<SuiteResult, 'implementation' | 'profile' | 'runs' | 'seed'>,
): SuiteResult {
  return {
    ...base,
    tallies: joined.tallies.map((t) => ({ ...t })),
    erroredRuns: joined.erroredRuns,
    errored: joined.errored,
    unsupportedRuns: joined.unsupportedRuns,
    unsupported: joined.unsupported,
    ...(joined.stopped ? { stopped: joined.stopped } : {}),
  };
}
