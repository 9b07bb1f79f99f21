/**
 * Scaling with workers (`npm run bench`, last section; or alone: npx tsx bench/workers.ts [SCENARIOS] [ROUNDS]):
 * one run of the reference under the ideal profile, every behaviour, with `--workers 1` and `--workers 2`,
 * each in a fresh process as a user's run is (so both pay the model's warm-up; the second also its worker's
 * start-up), timed from the call to its result: wall clock, and CPU time of the coordinator and of its
 * workers. The goal is ≥ 1.7× with 2 workers. Other work on the machine takes cores from the workers, so the
 * load average is printed beside the wall-clock ratio, and the bound the CPU time sets (what idle cores
 * would give) with it; with ROUNDS > 1 the configurations alternate and each one's fastest round counts.
 * On a shared Linux machine each session's processes share one CPU share (the kernel's autogroups), so a
 * second worker gets no more CPU there: measure on an idle machine, or in a session of its own with a
 * higher share (as root: setsid sh -c 'echo -20 > /proc/$$/autogroup; npx tsx bench/workers.ts 20000').
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { BEHAVIOURS } from '../model/invariants/index.ts';
import { IDEAL } from '../model/profile.ts';
import { runSuiteInWorkers } from '../src/harness/parallel.ts';
import { referenceRunner } from '../src/harness/reference-runner.ts';

/** What one measured run (a fresh process) reports. */
interface Measured {
  workers: number;
  ms: number;
  /** CPU ms of the coordinator, and of its worker processes (ended, so counted by the kernel). */
  cpu: number;
  workersCpu: number;
  /** A digest of the run's result, to compare the configurations. */
  digest: string;
}

/** CPU time of the ended children of this process (Linux: /proc/self/stat's cutime and cstime, in ticks of 10 ms), in ms; NaN elsewhere. */
function childrenCpuMs(): number {
  try {
    const fields = readFileSync('/proc/self/stat', 'utf8')
      .replace(/^.*\) /, '')
      .split(' ');
    return (Number(fields[13]) + Number(fields[14])) * 10;
  } catch {
    return Number.NaN;
  }
}

/** One run in this process: the child side of benchWorkers. */
async function measure(scenarios: number, seed: number, workers: number): Promise<Measured> {
  const start = performance.now();
  const own = process.cpuUsage();
  const children = childrenCpuMs();
  const result = await runSuiteInWorkers({
    runner: referenceRunner(),
    behaviours: BEHAVIOURS,
    profile: IDEAL,
    runs: scenarios,
    seed,
    sut: 'reference',
    timeoutMs: 60_000,
    workers,
  });
  const ms = performance.now() - start;
  const used = process.cpuUsage(own);
  return {
    workers,
    ms,
    cpu: (used.user + used.system) / 1000,
    workersCpu: childrenCpuMs() - children,
    digest: createHash('sha256').update(JSON.stringify(result)).digest('hex'),
  };
}

/** One run in a fresh process (this file, under the same loader as this process). */
function measured(scenarios: number, seed: number, workers: number): Measured {
  const out = execFileSync(
    process.execPath,
    [
      ...process.execArgv.filter((a) => !a.startsWith('--eval')),
      fileURLToPath(import.meta.url),
      '--measure',
      String(scenarios),
      String(seed),
      String(workers),
    ],
    { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] },
  );
  return JSON.parse(out.trim().split('\n').at(-1) as string) as Measured;
}

export async function benchWorkers(scenarios: number, seed: number, rounds = 1): Promise<void> {
  const load = () => loadavg()[0]?.toFixed(1);
  const before = load();
  const best = new Map<number, Measured>();
  const digests = new Set<string>();
  for (let round = 0; round < rounds; round++)
    for (const workers of [1, 2]) {
      const run = measured(scenarios, seed, workers);
      digests.add(run.digest);
      const kept = best.get(workers);
      if (!kept || run.ms < kept.ms) best.set(workers, run);
    }
  const one = best.get(1) as Measured;
  const two = best.get(2) as Measured;
  const speedup = one.ms / two.ms;
  console.log(
    `\nworkers: ${scenarios} scenarios of the reference, ideal profile, each configuration in a fresh process, ${rounds > 1 ? `fastest of ${rounds} rounds, ` : ''}wall clock with workers' start-up; ${availableParallelism()} cores, load average ${before} before, ${load()} after`,
  );
  for (const { workers, ms, cpu, workersCpu } of [one, two])
    console.log(
      `  --workers ${workers}: ${(ms / 1000).toFixed(1)} s, ${((scenarios / ms) * 1000).toFixed(0)} scenarios/s; CPU ${(cpu / 1000).toFixed(1)} s here${workers > 1 ? ` + ${(workersCpu / 1000).toFixed(1)} s in the worker` : ''}`,
    );
  console.log(
    `  speed-up with 2 workers: ${speedup.toFixed(2)}× (goal ≥ 1.7×) ${speedup >= 1.7 ? 'met' : 'MISSED'}`,
  );
  // A process is not one thread: V8 optimises code and collects garbage on threads of its own, so one
  // process alone keeps more than one core busy, and the CPU of two spread over every core bounds the gain.
  const cores = availableParallelism();
  console.log(
    `  one process alone keeps ${(one.cpu / one.ms).toFixed(2)} cores busy (V8's compiler and garbage collector run on threads of their own)`,
  );
  console.log(
    `  at most ${(one.ms / ((two.cpu + two.workersCpu) / cores)).toFixed(2)}× on ${cores} idle cores (the wall clock of one process / the CPU of two spread over every core)`,
  );
  console.log(`  same result: ${digests.size === 1 ? 'yes' : 'NO'}`);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  if (args[0] === '--measure')
    console.log(JSON.stringify(await measure(Number(args[1]), Number(args[2]), Number(args[3]))));
  else await benchWorkers(Number(args[0] ?? 3000), 20261128, Number(args[1] ?? 1));
}
