/**
 * Slices of a run joined equal the single run, the stop rule included: an implementation scripted to crash
 * on chosen scenarios (by their index in the run) is judged once whole (runSuite) and once cut at random
 * points (judgeSlice per slice, joinSlices), and the two results must be the same, for streaks that begin
 * in one slice and end in another; and cut into chunks taken one by one as run --workers takes them
 * (parallel.ts judgeInWorkers). In process and on a few behaviours, so it is fast.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BEHAVIOURS } from '../../model/invariants/index.ts';
import { IDEAL } from '../../model/profile.ts';
import { simulate } from '../../model/reference/simulator.ts';
import type { RunResult } from '../../src/adapters/types.ts';
import { judgeInWorkers, judgeSlice, WorkerPool } from '../../src/harness/parallel.ts';
import { joinSlices, sliceOf, toSuiteResult } from '../../src/harness/slices.ts';
import { type CaseRunner, generateCases, runSuite } from '../../src/harness/suite.ts';

const RUNS = 40;
const SEED = 7;
const behaviours = BEHAVIOURS.slice(0, 4);
const indexOf = new Map(generateCases(SEED, RUNS).map((c, i) => [JSON.stringify(c), i]));

/** The reference, except that the scenarios in `broken` crash (a process's crash: the stop rule counts it). */
function scripted(broken: ReadonlySet<number>): CaseRunner {
  return {
    name: 'scripted',
    async run(input, profile): Promise<RunResult> {
      const i = indexOf.get(JSON.stringify(input));
      if (i !== undefined && broken.has(i))
        return { kind: 'errored', reason: 'crashed', message: `crash at ${i}`, stderr: '' };
      return { kind: 'ok', observation: simulate(input.scenario, input.schedule, profile) };
    },
  };
}

/** Broken scenarios in streaks, and cut points of which most fall inside a streak (1 to 6 slices). */
const caseArb = fc
  .array(fc.record({ at: fc.nat(RUNS - 2), length: fc.integer({ min: 1, max: 8 }) }), {
    minLength: 1,
    maxLength: 4,
  })
  .chain((streaks) => {
    const inside = streaks.flatMap(({ at, length }) =>
      Array.from({ length }, (_, k) => at + k + 1).filter((p) => p < RUNS),
    );
    const broken = new Set(streaks.flatMap(({ at, length }) => Array.from({ length }, (_, k) => at + k)));
    const point = fc.oneof(fc.constantFrom(...inside), fc.integer({ min: 1, max: RUNS - 1 }));
    return fc
      .uniqueArray(point, { maxLength: 5 })
      .map((points) => ({ broken, cuts: [0, ...points.sort((a, b) => a - b), RUNS] }));
  });

async function whole(broken: ReadonlySet<number>, stopAfter: number) {
  return runSuite({
    runner: scripted(broken),
    behaviours,
    profile: IDEAL,
    runs: RUNS,
    seed: SEED,
    stopAfter,
    shrink: false,
  });
}

async function sliced(broken: ReadonlySet<number>, stopAfter: number, cuts: number[]) {
  const slices = [];
  for (let i = 0; i + 1 < cuts.length; i++) {
    const range = { from: cuts[i] as number, to: cuts[i + 1] as number };
    slices.push(
      await judgeSlice({
        runner: scripted(broken),
        behaviours,
        profile: IDEAL,
        runs: RUNS,
        seed: SEED,
        stopAfter,
        range,
      }),
    );
  }
  const joined = joinSlices(slices.reverse(), RUNS, stopAfter);
  return toSuiteResult(joined, { implementation: 'scripted', profile: IDEAL, runs: RUNS, seed: SEED });
}

describe('slices joined', () => {
  it('sliceOf cuts a run into contiguous slices that differ by at most one scenario', () => {
    const parts = [0, 1, 2].map((i) => sliceOf(i, 3, 10));
    expect(parts).toEqual([
      { from: 0, to: 3 },
      { from: 3, to: 6 },
      { from: 6, to: 10 },
    ]);
  });

  it('equal the single run, with crash streaks across slices and the stop rule (stop after 3, or never)', async () => {
    await fc.assert(
      fc.asyncProperty(caseArb, fc.constantFrom(0, 3), async ({ broken, cuts }, stopAfter) => {
        expect(await sliced(broken, stopAfter, cuts)).toEqual(await whole(broken, stopAfter));
      }),
      { seed: 20261207, numRuns: 40 },
    );
  }, 120_000);

  it('judged chunk by chunk as workers take them (here in process, chunks of 1 to 9) equal the single run', async () => {
    // No worker process: this process takes every chunk, in order, stopping where the joined chunks stop.
    const none = new WorkerPool({ sut: 'reference', timeoutMs: 1_000, size: 0 });
    await fc.assert(
      fc.asyncProperty(
        caseArb,
        fc.constantFrom(0, 3),
        fc.integer({ min: 1, max: 9 }),
        async ({ broken }, stopAfter, smallestChunk) => {
          const joined = await judgeInWorkers({
            runner: scripted(broken),
            behaviours,
            profile: IDEAL,
            runs: RUNS,
            seed: SEED,
            stopAfter,
            sut: 'reference',
            timeoutMs: 1_000,
            workers: 1,
            pool: none,
            smallestChunk,
          });
          const result = toSuiteResult(joined, {
            implementation: 'scripted',
            profile: IDEAL,
            runs: RUNS,
            seed: SEED,
          });
          expect(result).toEqual(await whole(broken, stopAfter));
        },
      ),
      { seed: 20261207, numRuns: 40 },
    );
  }, 120_000);

  it('stop where a streak begun in one slice reaches the rule in the next', async () => {
    const broken = new Set([8, 9, 10, 11, 12]);
    const single = await whole(broken, 3);
    expect(single.stopped?.after).toBe(11);
    expect(await sliced(broken, 3, [0, 10, 20, RUNS])).toEqual(single);
  });
});
