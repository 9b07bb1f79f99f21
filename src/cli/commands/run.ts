/**
 * `run`: generate scenarios from a seed, run them through the implementation, judge every behaviour,
 * shrink a counterexample per violated behaviour, and write the reports. The library's run
 * (api/run.ts runOpenedConformance) does the run; this reads the options, asks for the declaration, and
 * writes the files as merge-reports does (writeProfileFiles, finishRunOutputs).
 */
import { parseArgs } from 'node:util';
import { CHECKING } from '../../../properties/settings.ts';
import { openSut, runOpenedConformance } from '../../api/run.ts';
import { leftOut, resolveDeclaration } from '../../harness/declaration.ts';
import { defaultWorkers } from '../../harness/parallel.ts';
import { judgeShard, parseShard } from '../../harness/shard.ts';
import type { CaseRunner } from '../../harness/suite.ts';
import { type Report, reportExitCode } from '../../report/report.ts';
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
import { checkOutDir } from '../output.ts';
import { finishRunOutputs, writeProfileFiles, writeShardFile } from './merge-reports.ts';

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
  const opened = await openRunner(values.sut, timeoutMs);
  const { close, declaration } = opened;
  const runner = values.name ? { ...opened.runner, name: values.name } : opened.runner;
  let report: Report;
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
    // The library's run, each profile's files written as it ends (writeProfileFiles, shared with merge-reports).
    const tty = new Map<string, boolean>();
    ({ report } = await runOpenedConformance(
      { runner, close },
      {
        sutText: values.sut,
        timeoutMs,
        workers,
        only: behaviours.map((b) => b.id),
        profiles: profiles.map((p) => p.name),
        runs,
        seed,
        stopAfter,
        partial,
        ...(declared ? { supported: declared.supported } : {}),
        progressFor: (profile) => {
          const line = progress(`${runner.name} (${profile.name})`);
          tty.set(profile.name, line !== undefined);
          return line;
        },
        onProfile: (result) => {
          // The progress line never reached its end.
          if (tty.get(result.profile.name) && result.stopped) process.stderr.write('\n');
          writeProfileFiles(outDir, result, true);
        },
      },
    ));
  } finally {
    await close();
  }
  const written = finishRunOutputs(outDir, report, true);
  process.stdout.write(written.markdown);
  console.error(`reports written: ${written.files.join(', ')}`);
  return reportExitCode(report);
}
