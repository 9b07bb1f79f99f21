/**
 * `run --workers N` cuts the run into chunks (chunksOf) that this process and worker processes take as they
 * free up; joined, they must equal the single run. Here with real worker processes judging every chunk
 * (no runner in this process, so the workers do all the work), kept across both profiles in one pool, for
 * the reference and for a command line that crashes on every scenario (the stop rule across chunks judged
 * by different processes). Chunks are cut finer than a run would cut them, so each worker takes many.
 */
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { BEHAVIOURS } from '../../model/invariants/index.ts';
import { IDEAL, OBSERVED } from '../../model/profile.ts';
import { openImplementation } from '../../src/adapters/index.ts';
import { runConformance } from '../../src/api/run.ts';
import { chunksOf, judgeInWorkers, openWorkerPool, runSuiteInWorkers } from '../../src/harness/parallel.ts';
import { referenceRunner } from '../../src/harness/reference-runner.ts';
import { implementationRunner } from '../../src/harness/runners.ts';
import { toSuiteResult } from '../../src/harness/slices.ts';
import { runSuite } from '../../src/harness/suite.ts';

const behaviours = BEHAVIOURS.slice(0, 12);
const SEED = 31;

describe('chunksOf', () => {
  it('cuts a range into contiguous chunks, large first and small last, none below the smallest', () => {
    for (const [from, to, lanes] of [
      [0, 3000, 2],
      [0, 20_000, 2],
      [1_000, 21_000, 4],
      [0, 7, 2],
      [0, 1, 3],
    ] as const) {
      const chunks = chunksOf({ from, to }, lanes);
      expect(chunks[0]?.from).toBe(from);
      expect(chunks.at(-1)?.to).toBe(to);
      for (const [i, chunk] of chunks.entries()) {
        expect(chunk.to).toBeGreaterThan(chunk.from);
        if (i > 0) expect(chunk.from).toBe(chunks[i - 1]?.to);
        if (i > 0 && i < chunks.length - 1)
          expect(chunk.to - chunk.from).toBeLessThanOrEqual(
            (chunks[i - 1]?.to ?? 0) - (chunks[i - 1]?.from ?? 0),
          );
      }
    }
    // 3,000 cases for two: several chunks, so that a late worker still gets a share, and none under 50.
    const run = chunksOf({ from: 0, to: 3000 }, 2);
    expect(run.length).toBeGreaterThan(4);
    expect(Math.min(...run.slice(0, -1).map((c) => c.to - c.from))).toBeGreaterThanOrEqual(50);
    expect(chunksOf({ from: 5, to: 5 }, 2)).toEqual([{ from: 5, to: 5 }]);
    expect(chunksOf({ from: 0, to: 10 }, 2, 3).map((c) => c.to - c.from)).toEqual([3, 3, 3, 1]);
  });
});

describe('chunks judged by worker processes', () => {
  const pool = openWorkerPool({ sut: 'reference', timeoutMs: 30_000, workers: 2, here: false });
  afterAll(() => pool.close());

  it('the reference: chunks joined equal the single run, under both profiles, with one pool of two workers', async () => {
    for (const profile of [IDEAL, OBSERVED]) {
      const options = { behaviours, profile, runs: 240, seed: SEED, stopAfter: 3 };
      const single = await runSuite({ ...options, runner: referenceRunner(), shrink: false });
      const joined = await judgeInWorkers({
        ...options,
        sut: 'reference',
        timeoutMs: 30_000,
        workers: 2,
        pool,
        smallestChunk: 20,
      });
      expect(joined.from).toBe(0);
      expect(joined.to).toBe(240);
      const result = toSuiteResult(joined, {
        implementation: single.implementation,
        profile,
        runs: 240,
        seed: SEED,
      });
      expect(result).toEqual(single);
      expect(single.tallies.some((t) => t.exercised > 0)).toBe(true);
    }
  }, 120_000);

  it('a command line that crashes on every scenario: stopped where the single run stops', async () => {
    const sut = `"${process.execPath}" -e "process.exit(9)"`;
    const options = { behaviours, profile: IDEAL, runs: 200, seed: SEED, stopAfter: 7 };
    const implementation = await openImplementation(sut, { timeoutMs: 30_000 });
    let single: Awaited<ReturnType<typeof runSuite>>;
    try {
      single = await runSuite({ ...options, runner: implementationRunner(implementation), shrink: false });
    } finally {
      await implementation.close();
    }
    expect(single.stopped?.after).toBe(7);
    const crashing = openWorkerPool({ sut, timeoutMs: 30_000, workers: 2, here: false });
    try {
      // Chunks of 3 (a streak reaches the rule only across chunks) and of 10 (the first stops itself).
      for (const smallestChunk of [3, 10]) {
        const before = crashing.handedOut;
        const joined = await judgeInWorkers({
          ...options,
          sut,
          timeoutMs: 30_000,
          workers: 2,
          pool: crashing,
          smallestChunk,
        });
        const result = toSuiteResult(joined, {
          implementation: single.implementation,
          profile: IDEAL,
          runs: 200,
          seed: SEED,
        });
        expect(result).toEqual(single);
        // Once a chunk stopped the run, no later chunk was handed out: at most one more per worker.
        if (smallestChunk === 10) expect(crashing.handedOut - before).toBeLessThanOrEqual(3);
      }
    } finally {
      await crashing.close();
    }
  }, 120_000);

  it('runSuiteInWorkers with this process judging too equals runSuite', async () => {
    const options = { behaviours, profile: IDEAL, runs: 150, seed: SEED };
    const single = await runSuite({ ...options, runner: referenceRunner() });
    const both = await runSuiteInWorkers({
      ...options,
      runner: referenceRunner(),
      sut: 'reference',
      timeoutMs: 30_000,
      workers: 3,
      pool,
    });
    expect(both).toEqual(single);
  }, 120_000);
});

describe('the library with workers', () => {
  it('runConformance with 2 workers gives the results and report of 1, both profiles, counterexamples included', async () => {
    const mutant = fileURLToPath(new URL('../fixtures/fake-sims/module-mutant.ts', import.meta.url));
    const options = { sut: mutant, runs: 60, seed: 11 };
    const one = await runConformance({ ...options, workers: 1 });
    const two = await runConformance({ ...options, workers: 2 });
    expect(one.results.some((r) => r.tallies.some((t) => t.counterexample))).toBe(true);
    expect(two.results).toEqual(one.results);
    expect(two.report).toEqual(one.report);
    expect(two.exitCode).toBe(one.exitCode);
  }, 300_000);
});
