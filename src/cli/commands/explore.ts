/**
 * `explore`: bounded-exhaustive exploration. Every scenario of up to --depth steps over the small universe
 * (src/explore/universe.ts), each under the extreme schedules and a few seeded random ones, through the
 * implementation; every behaviour judged as `run` judges it, and the same reports written, with how many
 * scenarios were explored and how long it took. Exit codes as `run`.
 */
import { join, relative } from 'node:path';
import { parseArgs } from 'node:util';
import { CHECKING } from '../../../properties/settings.ts';
import { openSut, typicalMinRates } from '../../api/run.ts';
import { DEFAULT_RANDOM_SCHEDULES, type ExploreResult, explore } from '../../explore/explore.ts';
import { countOfDepth, WAITS } from '../../explore/universe.ts';
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
  removeStaleCounterexamples,
  writeAtomic,
  writeReportFiles,
} from '../output.ts';

export const EXPLORE_USAGE =
  'sentinel-conformance explore [--depth K] [--sut reference|MODULE|"COMMAND"] [--profile ideal|observed] [--random N] [--waits M,M,…] [--seed S] [--only ID,…] [--out DIR] [--timeout MS] [--time-limit SECONDS]';
export const EXPLORE_SUMMARY =
  'try every scenario of up to K steps over a small universe (2 alerts, 2 subscriptions, the 48 configurations, every step type), under extreme and random schedules; judge every behaviour';

const MAX_DEPTH = 6;

function waitsOf(text: string | undefined): readonly number[] {
  if (text === undefined) return WAITS;
  const waits = text.split(',').map((w) => w.trim());
  if (waits.length === 0 || waits.some((w) => !/^\d+$/.test(w) || Number(w) > 24 * 60))
    throw new UsageError(`--waits must be minutes (0 to 1440) separated by commas, not '${text}'`);
  return [...new Set(waits.map(Number))];
}

/** "depth 1: 456 scenarios in 1.2 s; depth 2: …". */
export function describeExploration(result: ExploreResult): string {
  const depths = result.perDepth
    .map(
      (d) =>
        `depth ${d.depth}: ${d.scenarios.toLocaleString('en-US')} scenarios in ${(d.ms / 1000).toFixed(1)} s${d.complete ? '' : ' (stopped)'}`,
    )
    .join('; ');
  return `explored ${result.scenarios.toLocaleString('en-US')} scenarios (${depths}), each under ${result.schedules} schedules: ${result.runs.toLocaleString('en-US')} runs in ${(result.ms / 1000).toFixed(1)} s`;
}

export async function exploreCommand(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      depth: { type: 'string' },
      sut: { type: 'string', default: 'reference' },
      profile: { type: 'string' },
      random: { type: 'string' },
      waits: { type: 'string' },
      seed: { type: 'string' },
      only: { type: 'string' },
      out: { type: 'string', default: 'reports/explore' },
      timeout: { type: 'string' },
      'time-limit': { type: 'string' },
      name: { type: 'string' },
    },
    strict: true,
  });
  const depth = positiveInt('depth', values.depth, 2);
  if (depth > MAX_DEPTH) throw new UsageError(`--depth must be at most ${MAX_DEPTH}, not ${depth}`);
  const random = nonNegativeInt('random', values.random, DEFAULT_RANDOM_SCHEDULES);
  const waits = waitsOf(values.waits);
  const seed = seedOf(values.seed, CHECKING.seed);
  const timeoutMs = timeoutOf(values.timeout, CHECKING.scenarioTimeoutMs);
  const timeLimit =
    values['time-limit'] === undefined ? undefined : positiveInt('time-limit', values['time-limit'], 1);
  const behaviours = selectBehaviours(values.only);
  const profiles = profilesOf(values.profile);
  const outDir = values.out;
  checkOutDir(outDir);
  let total = 0;
  for (let d = 1; d <= depth; d++) total += countOfDepth(d, { waits });
  const opened = await openSut(values.sut, { timeoutMs, ...(values.name ? { name: values.name } : {}) });
  const { runner } = opened;
  const results: ImplementationRun[] = [];
  const explorations: { profile: string; result: ExploreResult }[] = [];
  const minRates = typicalMinRates();
  try {
    for (const profile of profiles) {
      const onProgress = progress(`${runner.name} (${profile.name}), depth ≤ ${depth}`);
      const result = await explore({
        runner,
        behaviours,
        profile,
        depth,
        seed,
        random,
        waits,
        ...(timeLimit === undefined ? {} : { timeLimitMs: timeLimit * 1000 }),
        ...(onProgress ? { onProgress: (done: number) => onProgress(done, total) } : {}),
      });
      if (onProgress && result.stopped) process.stderr.write('\n');
      explorations.push({ profile: profile.name, result });
      console.error(`${profile.name}: ${describeExploration(result)}`);
      if (result.stopped)
        console.error(
          `${profile.name}: stopped after ${result.stopped.after} scenarios: ${result.stopped.why}`,
        );
      for (const tally of result.suite.tallies) {
        if (!tally.counterexample) continue;
        const file = counterexamplePath(outDir, runner.name, profile.name, tally.id);
        writeAtomic(
          file,
          `${JSON.stringify(counterexampleFile(tally.counterexample, runner.name, profile.name), null, 2)}\n`,
        );
        console.error(
          `${tally.id} violated (${profile.name}): counterexample ${file} (${tally.counterexample.path})`,
        );
      }
      results.push(
        toImplementationRun(
          result.suite,
          { fileFor: (id) => relative(outDir, counterexamplePath(outDir, runner.name, profile.name, id)) },
          minRates,
        ),
      );
    }
  } finally {
    await opened.close();
  }
  for (const run of results) {
    const without = run.behaviours.filter((b) => !b.counterexample).map((b) => b.id);
    removeStaleCounterexamples(outDir, runner.name, run.profile, without);
  }
  const report = makeReport(results);
  const written = writeReportFiles(outDir, report);
  const summary = join(outDir, 'explore.json');
  writeAtomic(
    summary,
    `${JSON.stringify(
      {
        depth,
        waits,
        random,
        seed,
        implementation: runner.name,
        profiles: explorations.map(({ profile, result }) => ({
          profile,
          scenarios: result.scenarios,
          runs: result.runs,
          schedules: result.schedules,
          ms: result.ms,
          perDepth: result.perDepth,
          ...(result.stopped ? { stopped: result.stopped } : {}),
        })),
      },
      null,
      2,
    )}\n`,
  );
  process.stdout.write(written.markdown);
  for (const { profile, result } of explorations)
    process.stdout.write(`\n${profile}: ${describeExploration(result)}\n`);
  console.error(`reports written: ${[...written.files, summary].join(', ')}`);
  return reportExitCode(report);
}
