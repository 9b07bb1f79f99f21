/**
 * Time to detect, exhaustively: the smallest depth at which `explore` kills a mutant. Depth 1, 2, … up to
 * `maxDepth` in turn, each in every profile the mutant runs in, stopping at the first scenario that fails a
 * behaviour (a must behaviour violated, or a quirk the profile forbids shown: the kill matrix's count).
 * A time limit per mutant bounds the search; the result says when it ran out.
 */
import { BEHAVIOURS } from '../../model/invariants/index.ts';
import { type ProfileName, profileByName } from '../../model/profile.ts';
import { mutantRunner } from '../mutation/suts.ts';
import type { Killable } from '../mutation/variant-bugs.ts';
import { explore, failing } from './explore.ts';

export interface ExploreKill {
  /** The smallest depth whose exploration failed a behaviour; null when none up to maxDepth did. */
  depth: number | null;
  maxDepth: number;
  profile?: ProfileName;
  /** Behaviours failed by the first failing scenario's batch. */
  failed: string[];
  /** Scenarios explored over all depths and profiles tried. */
  scenarios: number;
  ms: number;
  /** Why the search ended without a kill: the time limit, or every depth up to maxDepth explored. */
  why?: string;
}

export async function exploreKillDepth(
  mutant: Killable,
  options: { maxDepth: number; timeLimitMs: number; seed: number },
): Promise<ExploreKill> {
  const started = Date.now();
  const runner = mutantRunner(mutant);
  let scenarios = 0;
  for (let depth = 1; depth <= options.maxDepth; depth++) {
    for (const name of mutant.profiles) {
      const left = options.timeLimitMs - (Date.now() - started);
      if (left <= 0)
        return {
          depth: null,
          maxDepth: options.maxDepth,
          failed: [],
          scenarios,
          ms: Date.now() - started,
          why: `time limit of ${Math.round(options.timeLimitMs / 1000)} s reached during depth ${depth}`,
        };
      const result = await explore({
        runner,
        behaviours: BEHAVIOURS,
        profile: profileByName(name),
        depth,
        fromDepth: depth,
        seed: options.seed,
        stopOnFailure: true,
        timeLimitMs: left,
      });
      scenarios += result.scenarios;
      const failed = result.suite.tallies.filter(failing).map((t) => t.id);
      if (failed.length > 0)
        return {
          depth,
          maxDepth: options.maxDepth,
          profile: name,
          failed,
          scenarios,
          ms: Date.now() - started,
        };
      if (result.stopped)
        return {
          depth: null,
          maxDepth: options.maxDepth,
          failed: [],
          scenarios,
          ms: Date.now() - started,
          why: `time limit of ${Math.round(options.timeLimitMs / 1000)} s reached during depth ${depth}`,
        };
    }
  }
  return {
    depth: null,
    maxDepth: options.maxDepth,
    failed: [],
    scenarios,
    ms: Date.now() - started,
    why: `no scenario of up to ${options.maxDepth} steps fails a behaviour`,
  };
}
