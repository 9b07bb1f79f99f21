/**
 * Time to detect, exhaustively: the smallest depth at which `explore` kills a mutant. Depth 1, 2, … up to
 * `maxDepth` in turn, each in every profile the mutant runs in, stopping at the first scenario that fails a
 * behaviour (a must behaviour violated, or a quirk the profile forbids shown: the kill matrix's count).
 *
 * Each depth of each profile is bounded by a budget of scenarios, so where the search stops does not depend
 * on the machine (and an optional time limit per mutant bounds it in time). A depth larger than the budget
 * cannot be exhausted: its first `budget` scenarios in the enumeration's order (universe.ts: every wait at
 * its longest first, the configurations taking turns) are tried, and the search goes on to the next depth.
 * A kill at depth d is then exact ("the smallest depth is d") only when every smaller depth was exhausted in
 * every profile without a kill; otherwise it is an upper bound, and the result names the depths left
 * unexhausted.
 */
import { BEHAVIOURS } from '../../model/invariants/index.ts';
import { type ProfileName, profileByName } from '../../model/profile.ts';
import { mutantRunner } from '../mutation/suts.ts';
import type { Killable } from '../mutation/variant-bugs.ts';
import { explore, failing } from './explore.ts';
import { countOfDepth, type UniverseOptions } from './universe.ts';

/** Scenarios tried per depth and profile (`mutants --explore-budget`): depths 1 and 2 are exhausted. */
export const DEFAULT_EXPLORE_BUDGET = 40_000;

export interface DepthSearch {
  depth: number;
  profile: ProfileName;
  /** Scenarios tried at this depth in this profile, and how many the depth has. */
  scenarios: number;
  of: number;
  /** Every scenario of the depth was tried (with no kill, unless it is the killing depth). */
  exhausted: boolean;
}

export interface ExploreKill {
  /** The smallest depth whose exploration failed a behaviour; null when none up to maxDepth did. */
  depth: number | null;
  /**
   * Every smaller depth was exhausted without a kill in every profile, so no scenario of fewer steps kills
   * it: `depth` is the smallest. False: `depth` is an upper bound (see `searched`).
   */
  exact: boolean;
  maxDepth: number;
  profile?: ProfileName;
  /** Behaviours failed by the first failing scenario's batch. */
  failed: string[];
  /** Scenarios explored over all depths and profiles tried. */
  scenarios: number;
  /** Each depth and profile searched, in order. */
  searched: DepthSearch[];
  budget: number;
  ms: number;
  /** Why the search ended without a kill: the time limit, the budget, or every depth up to maxDepth explored. */
  why?: string;
}

const counts = new Map<number, number>();
/** How many scenarios a depth has (the whole universe's counted once: depth 4 takes a few seconds). */
function countOf(depth: number, universe: UniverseOptions | undefined): number {
  if (universe !== undefined) return countOfDepth(depth, universe);
  const known = counts.get(depth);
  if (known !== undefined) return known;
  const n = countOfDepth(depth);
  counts.set(depth, n);
  return n;
}

export async function exploreKillDepth(
  mutant: Killable,
  options: {
    maxDepth: number;
    budget?: number;
    timeLimitMs?: number;
    seed: number;
    /** A part of the universe only (some configurations, some waits): for tests. Default: all of it. */
    universe?: UniverseOptions;
  },
): Promise<ExploreKill> {
  const started = Date.now();
  const budget = options.budget ?? DEFAULT_EXPLORE_BUDGET;
  const runner = mutantRunner(mutant);
  const searched: DepthSearch[] = [];
  let scenarios = 0;
  const base = () => ({ maxDepth: options.maxDepth, scenarios, searched, budget, ms: Date.now() - started });
  const timeUp = (depth: number): ExploreKill => ({
    depth: null,
    exact: false,
    failed: [],
    ...base(),
    why: `time limit of ${Math.round((options.timeLimitMs ?? 0) / 1000)} s reached during depth ${depth}`,
  });
  for (let depth = 1; depth <= options.maxDepth; depth++) {
    const of = countOf(depth, options.universe);
    for (const name of mutant.profiles) {
      const left =
        options.timeLimitMs === undefined ? undefined : options.timeLimitMs - (Date.now() - started);
      if (left !== undefined && left <= 0) return timeUp(depth);
      const result = await explore({
        ...options.universe,
        runner,
        behaviours: BEHAVIOURS,
        profile: profileByName(name),
        depth,
        fromDepth: depth,
        seed: options.seed,
        stopOnFailure: true,
        maxScenarios: budget,
        ...(left === undefined ? {} : { timeLimitMs: left }),
      });
      scenarios += result.scenarios;
      const failed = result.suite.tallies.filter(failing).map((t) => t.id);
      searched.push({
        depth,
        profile: name,
        scenarios: result.scenarios,
        of,
        exhausted: result.scenarios === of && failed.length === 0,
      });
      if (failed.length > 0)
        return {
          depth,
          exact: searched.every((s) => s.depth === depth || s.exhausted),
          profile: name,
          failed,
          ...base(),
        };
      if (options.timeLimitMs !== undefined && Date.now() - started >= options.timeLimitMs)
        return timeUp(depth);
    }
  }
  const open = [...new Set(searched.filter((s) => !s.exhausted).map((s) => s.depth))];
  return {
    depth: null,
    exact: open.length === 0,
    failed: [],
    ...base(),
    why:
      open.length === 0
        ? `no scenario of up to ${options.maxDepth} steps fails a behaviour`
        : `no kill in the first ${budget.toLocaleString('en-US')} scenarios of depth ${open.join(', ')} (not exhausted) nor in every scenario of the smaller depths`,
  };
}

/**
 * Why a mutant needs the depth it needs: the fewest steps of a scenario that can show it, argued from what
 * the mutation changes. Kept for the mutants whose kill needs more than two steps, and shown under the kill
 * matrix; test/explore checks each against the exploration (the kill comes at that depth, not before).
 */
export const KILL_DEPTH_NOTES: Readonly<Record<string, { depth: number; why: string }>> = {
  'sub-disable-ignored': {
    depth: 3,
    why:
      'an alert raised on a subscription the subscription connector covers, the connector disabled there, ' +
      'then the alert changed in Defender for Cloud: the change must not come through the disabled connector. ' +
      'The mutation shows only in an MDC event after the disabling, which needs the alert first: 3 steps.',
  },
  'sync-setting-read-at-raise': {
    depth: 3,
    why:
      'an alert raised, bi-directional sync switched on (or off) on its subscription, then its Sentinel ' +
      'incident closed: the closure must follow the setting in force when it is made. The mutation shows ' +
      'only when the setting changes between the raise and the closure: 3 steps.',
  },
  'redirected-stays-open': {
    depth: 3,
    why:
      'two alerts raised with the XDR connector on, then correlated in Defender XDR: the incident the merge ' +
      'redirects must close in Sentinel with the Redirected label. A correlation needs two alerts: 3 steps.',
  },
  'merge-takes-closed': {
    depth: 4,
    why:
      'two alerts raised, the incident of one closed (in Sentinel through the XDR connector, in Defender XDR, ' +
      'or its alert resolved in Defender for Cloud), then the two correlated: the closed incident must stay ' +
      'out of the merge. Two raises, a closure and a correlation after it: 4 steps, so no scenario of 3 ' +
      'steps can show it; depth 3 (1,302,264 scenarios) is too large to exhaust in the kill matrix, so the ' +
      'column gives 4 as an upper bound, and this count of steps makes it the smallest.',
  },
  'merged-close-resolves-own-alert': {
    depth: 4,
    why:
      'two alerts raised with the XDR connector on, correlated, then the merged incident closed in Sentinel: ' +
      'both MDC alerts must be resolved. Two raises, a correlation and a closure after it: 4 steps, so no ' +
      'scenario of 3 steps can show it; depth 3 is too large to exhaust in the kill matrix, so the column ' +
      'gives 4 as an upper bound, and this count of steps makes it the smallest.',
  },
};
