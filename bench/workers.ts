/**
 * Scaling with workers (`npm run bench`, last section; or alone: npx tsx bench/workers.ts [SCENARIOS]):
 * one run of the reference under the ideal profile, every behaviour, timed end to end (wall clock, worker
 * start-up included) with `--workers 1` (in this process) and `--workers 2` (two worker processes). The goal
 * is ≥ 1.7× with 2 workers; the machine's load average is printed beside it, since other work on the
 * machine takes cores from the workers.
 */
import { readFileSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { isDeepStrictEqual } from 'node:util';
import { BEHAVIOURS } from '../model/invariants/index.ts';
import { IDEAL } from '../model/profile.ts';
import { runSuiteInWorkers } from '../src/harness/parallel.ts';
import { referenceRunner } from '../src/harness/reference-runner.ts';

/**
 * CPU time of this process and of its ended children (Linux: /proc/self/stat's cutime and cstime, in clock
 * ticks of 10 ms), in ms; NaN elsewhere. Wall clock on a loaded machine says little; CPU time says what a
 * second process costs.
 */
function cpuMs(): number {
  const own = process.cpuUsage();
  try {
    const fields = readFileSync('/proc/self/stat', 'utf8')
      .replace(/^.*\) /, '')
      .split(' ');
    const children = (Number(fields[13]) + Number(fields[14])) * 10;
    return (own.user + own.system) / 1000 + children;
  } catch {
    return Number.NaN;
  }
}

export async function benchWorkers(scenarios: number, seed: number): Promise<void> {
  const options = {
    runner: referenceRunner(),
    behaviours: BEHAVIOURS,
    profile: IDEAL,
    runs: scenarios,
    seed,
  };
  const timed = async (workers: number) => {
    const start = performance.now();
    const cpuBefore = cpuMs();
    const result = await runSuiteInWorkers({ ...options, sut: 'reference', timeoutMs: 60_000, workers });
    return { ms: performance.now() - start, cpu: cpuMs() - cpuBefore, result };
  };
  const load = () => loadavg()[0]?.toFixed(1);
  const before = load();
  const one = await timed(1);
  const two = await timed(2);
  const speedup = one.ms / two.ms;
  console.log(
    `\nworkers: ${scenarios} scenarios of the reference, ideal profile, wall clock with start-up; ${availableParallelism()} cores, load average ${before} before, ${load()} after`,
  );
  for (const [n, { ms }] of [
    [1, one],
    [2, two],
  ] as const)
    console.log(
      `  --workers ${n}: ${(ms / 1000).toFixed(1)} s, ${((scenarios / ms) * 1000).toFixed(0)} scenarios/s`,
    );
  console.log(
    `  speed-up with 2 workers: ${speedup.toFixed(2)}× (goal ≥ 1.7×) ${speedup >= 1.7 ? 'met' : 'MISSED'}`,
  );
  console.log(
    `  at most ${((2 * one.cpu) / two.cpu).toFixed(2)}× on 2 idle cores (2 × the CPU of one worker / the CPU of two, start-up included)`,
  );
  console.log(`  same result: ${isDeepStrictEqual(one.result, two.result) ? 'yes' : 'NO'}`);
}

if (import.meta.url === `file://${process.argv[1]}`)
  await benchWorkers(Number(process.argv[2] ?? 3000), 20261128);
