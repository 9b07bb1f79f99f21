/**
 * `run`: generate scenarios from a seed, run them through the implementation, judge every behaviour,
 * shrink a counterexample per violated behaviour, and write the reports.
 */
import { relative } from 'node:path';
import { parseArgs } from 'node:util';
import { BEHAVIOURS } from '../../../model/invariants/index.ts';
import { CHECKING } from '../../../properties/settings.ts';
import { openSut } from '../../api/run.ts';
import { leftOut, resolveDeclaration } from '../../harness/declaration.ts';
import {
  defaultWorkers,
  openWorkerPool,
  runSuiteInWorkers,
  type WorkerPool,
} from '../../harness/parallel.ts';
import { judgeShard, parseShard } from '../../harness/shard.ts';
import type { CaseRunner } from '../../harness/suite.ts';
import { stderrTail } from '../../report/markdown.ts';
import {
  type ImplementationRun,
  makeReport,
  reportExitCode,
  toImplementationRun,
} from '../../report/report.ts';
import {
  nonNegativeInt,
  positiveInt,
  profilesOf,
  progress,
  seedOf,
  selectBehaviours,
  timeoutOf,
  UsageError,
} from '../args.ts';
import {
  checkOutDir,
  counterexampleFile,
  counterexamplePath,
  failedScenarioFile,
  failedScenarioPath,
  removeFailedScenarios,
  removeStaleCounterexamples,
  writeAtomic,
  writeReportFiles,
} from '../output.ts';
import { writeShardFile } from './merge-reports.ts';

export const RUN_USAGE =
  'sentinel-conformance run [--sut reference|MODULE|"COMMAND"] [--runs N] [--seed S] [--profile ideal|observed] [--only ID,…] [--out DIR] [--timeout MS] [--stop-after N] [--declare FILE] [--workers N] [--shard I/N]';

export async function openRunner(
  sut: string,
  timeoutMs: number,
): Promise<{
  runner: CaseRunner;
  close(): Promise<void>;
  /** Asks the implementation what it declares (docs/protocol.md); absent for the reference. */
  declaration?: () => Promise<unknown | undefined>;
}> {
  return openSut(sut, { timeoutMs });
}

export async function runCommand(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      sut: { type: 'string', default: 'reference' },
      runs: { type: 'string' },
      seed: { type: 'string' },
      profile: { type: 'string' },
      only: { type: 'string' },
      out: { type: 'string', default: 'reports/run' },
      timeout: { type: 'string' },
      'stop-after': { type: 'string' },
      name: { type: 'string' },
      declare: { type: 'string' },
      workers: { type: 'string' },
      shard: { type: 'string' },
    },
    strict: true,
  });
  const runs = positiveInt('runs', values.runs, CHECKING.suiteRuns);
  const seed = seedOf(values.seed, CHECKING.seed);
  const timeoutMs = timeoutOf(values.timeout, CHECKING.scenarioTimeoutMs);
  const stopAfter = nonNegativeInt('stop-after', values['stop-after'], CHECKING.brokenStreak);
  const behaviours = selectBehaviours(values.only);
  const profiles = profilesOf(values.profile);
  const workers = positiveInt('workers', values.workers, defaultWorkers(runs));
  const shard = values.shard === undefined ? undefined : parseShard(values.shard);
  if (values.shard !== undefined && !shard)
    throw new UsageError(`--shard must be I/N with 1 ≤ I ≤ N, got '${values.shard}'`);
  const outDir = values.out;
  checkOutDir(outDir);
  const { runner: opened, close, declaration } = await openRunner(values.sut, timeoutMs);
  const runner = values.name ? { ...opened, name: values.name } : opened;
  const results: ImplementationRun[] = [];
  const minRates = new Map(
    BEHAVIOURS.flatMap((b) => (b.kind === 'typical' ? [[b.id, b.minRate] as const] : [])),
  );
  let pool: WorkerPool | undefined;
  try {
    const declared = await resolveDeclaration(values.declare, declaration);
    const partial = declared ? leftOut(declared.supported) : '';
    if (declared && partial !== '')
      console.error(`a partial implementation (declared by ${declared.source}): it leaves out ${partial}`);
    if (shard) {
      if (declared)
        throw new UsageError('--shard does not take a partial implementation yet: run it without --shard');
      const common = { runner, sut: values.sut, timeoutMs, workers, behaviours, profiles, runs, seed };
      const file = writeShardFile(
        outDir,
        await judgeShard({
          ...common,
          stopAfter,
          shard,
          onProgress: (p) => progress(`${runner.name} (${p.name})`),
        }),
      );
      console.error(
        `shard ${shard.index}/${shard.count} written: ${file} (join the shards with merge-reports)`,
      );
      return 0;
    }
    // One set of worker processes for every profile (a partial implementation is judged in one process).
    if (workers > 1 && !declared) pool = openWorkerPool({ sut: values.sut, timeoutMs, workers, here: true });
    for (const profile of profiles) {
      const onProgress = progress(`${runner.name} (${profile.name})`);
      const result = await runSuiteInWorkers({
        sut: values.sut,
        timeoutMs,
        workers,
        runner,
        behaviours,
        profile,
        runs,
        seed,
        stopAfter,
        ...(pool ? { pool } : {}),
        ...(onProgress ? { onProgress } : {}),
        ...(declared ? { supported: declared.supported } : {}),
      });
      if (onProgress && result.stopped) process.stderr.write('\n'); // the line never reached its end
      for (const tally of result.tallies) {
        if (!tally.counterexample) continue;
        const file = counterexamplePath(outDir, runner.name, profile.name, tally.id);
        writeAtomic(
          file,
          `${JSON.stringify(counterexampleFile(tally.counterexample, runner.name, profile.name), null, 2)}\n`,
        );
        console.error(
          `${tally.id} violated (${profile.name}): counterexample ${file}, seed ${seed}, path ${tally.counterexample.path}`,
        );
      }
      removeFailedScenarios(outDir, runner.name, profile.name);
      for (const [i, e] of result.errored.entries()) {
        const file = failedScenarioPath(outDir, runner.name, profile.name, e.run);
        writeAtomic(
          file,
          `${JSON.stringify(failedScenarioFile(e, runner.name, profile.name, seed), null, 2)}\n`,
        );
        if (i < 5) {
          console.error(
            `scenario ${e.run} errored (${profile.name}): ${e.reason}: ${e.message}; replay: ${file}`,
          );
          for (const line of stderrTail(e.stderr)) console.error(`  stderr: ${line}`);
        }
      }
      if (result.unsupportedRuns > 0)
        console.error(
          `${result.unsupportedRuns} scenario(s) skipped (${profile.name}): the implementation answered unsupported, first at scenario ${result.unsupported[0]?.run}: ${result.unsupported[0]?.message}`,
        );
      if (result.stopped) {
        const { after, why } = result.stopped;
        console.error(`run stopped (${profile.name}) after ${after} of ${runs} scenarios: ${why}`);
      }
      const files = {
        fileFor: (id: string) => relative(outDir, counterexamplePath(outDir, runner.name, profile.name, id)),
        failedFileFor: (run: number) =>
          relative(outDir, failedScenarioPath(outDir, runner.name, profile.name, run)),
      };
      results.push(toImplementationRun(result, files, minRates, partial));
    }
  } finally {
    await pool?.close();
    await close();
  }
  for (const run of results) {
    const without = run.behaviours.filter((b) => !b.counterexample).map((b) => b.id);
    for (const file of removeStaleCounterexamples(outDir, runner.name, run.profile, without))
      console.error(
        `removed ${file}: left by an earlier run, and ${run.profile} found no counterexample now`,
      );
  }
  const report = makeReport(results);
  const written = writeReportFiles(outDir, report);
  process.stdout.write(written.markdown);
  console.error(`reports written: ${written.files.join(', ')}`);
  return reportExitCode(report);
}
