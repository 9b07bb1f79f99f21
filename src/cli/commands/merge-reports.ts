/**
 * `merge-reports`: joins the shard files of one run (`run --shard i/n`) into the report the single run
 * gives, with its counterexample and failed-scenario files; or, with --index, the reports of several
 * implementations into one page (index.md, index.json, index.html) with them side by side.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { parseArgs } from 'node:util';
import { typicalMinRates } from '../../api/run.ts';
import {
  joinShards,
  SHARD_FORMAT,
  type ShardFile,
  ShardMismatch,
  shardFileName,
} from '../../harness/shard.ts';
import type { SuiteResult } from '../../harness/suite.ts';
import { renderHtml } from '../../report/html.ts';
import { stderrTail } from '../../report/markdown.ts';
import { joinReports, renderIndexMarkdown } from '../../report/multi.ts';
import {
  type ImplementationRun,
  makeReport,
  REPORT_SCHEMA_VERSION,
  type Report,
  reportExitCode,
  toImplementationRun,
} from '../../report/report.ts';
import { UsageError } from '../args.ts';
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
import { InputError } from './replay.ts';

export const MERGE_REPORTS_USAGE =
  'sentinel-conformance merge-reports <shard-i-of-n.json|DIR>… [--out DIR]  |  merge-reports --index <report.json|DIR>… [--out DIR]';
export const MERGE_REPORTS_SUMMARY =
  "join the shard files of one run (run --shard i/n) into the single run's report; with --index, join the reports of several implementations into one page";

function readJson(file: string): unknown {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new InputError(`${file}: cannot be read (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new InputError(`${file}: not JSON (${error instanceof Error ? error.message : String(error)})`);
  }
}

/** The files an argument names: itself, or a directory's files that `pick` takes. */
function filesOf(arg: string, pick: (name: string) => boolean): string[] {
  let directory = false;
  try {
    directory = statSync(arg).isDirectory();
  } catch {
    throw new InputError(`${arg}: no such file or directory`);
  }
  if (!directory) return [arg];
  const found = readdirSync(arg)
    .filter(pick)
    .sort()
    .map((name) => join(arg, name));
  if (found.length === 0) throw new InputError(`${arg}: a directory without the files merge-reports reads`);
  return found;
}

function loadShard(file: string): ShardFile {
  const data = readJson(file) as Partial<ShardFile> | null;
  if (typeof data !== 'object' || data === null || data.format !== SHARD_FORMAT)
    throw new InputError(
      `${file}: field 'format' must be '${SHARD_FORMAT}' (a file written by run --shard), got ${JSON.stringify(data?.format)}`,
    );
  for (const field of [
    'implementation',
    'seed',
    'runs',
    'stopAfter',
    'shard',
    'behaviours',
    'profiles',
  ] as const)
    if (data[field] === undefined) throw new InputError(`${file}: field '${field}' is missing`);
  return data as ShardFile;
}

function loadReport(file: string): Report {
  const data = readJson(file) as Partial<Report> | null;
  if (typeof data !== 'object' || data === null || data.schemaVersion !== REPORT_SCHEMA_VERSION)
    throw new InputError(
      `${file}: field 'schemaVersion' must be ${REPORT_SCHEMA_VERSION} (a report.json), got ${JSON.stringify(data?.schemaVersion)}`,
    );
  if (!Array.isArray(data.runs)) throw new InputError(`${file}: field 'runs' must be a list of runs`);
  return data as Report;
}

/** Writes a shard file (run --shard) into `outDir`; returns its path. */
export function writeShardFile(outDir: string, shard: ShardFile): string {
  const file = join(outDir, shardFileName(shard.shard));
  writeAtomic(file, `${JSON.stringify(shard)}\n`);
  return file;
}

/**
 * Writes one profile's files of a run into `outDir`, as `run` and `merge-reports` both do: a counterexample
 * file per violated behaviour (each told on stderr, with its seed and path), the failed scenarios (the
 * earlier run's of this implementation and profile removed first), and a line when the run stopped early.
 * `tell` (run): also the first five failed scenarios, with their stderr, and the scenarios answered
 * unsupported.
 */
export function writeProfileFiles(outDir: string, result: SuiteResult, tell: boolean): void {
  const name = result.implementation;
  const profile = result.profile.name;
  for (const tally of result.tallies) {
    if (!tally.counterexample) continue;
    const file = counterexamplePath(outDir, name, profile, tally.id);
    writeAtomic(
      file,
      `${JSON.stringify(counterexampleFile(tally.counterexample, name, profile), null, 2)}\n`,
    );
    console.error(
      `${tally.id} violated (${profile}): counterexample ${file}, seed ${result.seed}, path ${tally.counterexample.path}`,
    );
  }
  removeFailedScenarios(outDir, name, profile);
  for (const [i, e] of result.errored.entries()) {
    const file = failedScenarioPath(outDir, name, profile, e.run);
    writeAtomic(file, `${JSON.stringify(failedScenarioFile(e, name, profile, result.seed), null, 2)}\n`);
    if (tell && i < 5) {
      console.error(`scenario ${e.run} errored (${profile}): ${e.reason}: ${e.message}; replay: ${file}`);
      for (const line of stderrTail(e.stderr)) console.error(`  stderr: ${line}`);
    }
  }
  if (tell && result.unsupportedRuns > 0)
    console.error(
      `${result.unsupportedRuns} scenario(s) skipped (${profile}): the implementation answered unsupported, first at scenario ${result.unsupported[0]?.run}: ${result.unsupported[0]?.message}`,
    );
  if (result.stopped)
    console.error(
      `run stopped (${profile}) after ${result.stopped.after} of ${result.runs} scenarios: ${result.stopped.why}`,
    );
}

/**
 * After every profile's files are written: removes the counterexample files an earlier run left for
 * behaviours this run found no counterexample for (each told on stderr when `tell`), then writes the
 * report in every format. Returns the Markdown report and the report files written.
 */
export function finishRunOutputs(
  outDir: string,
  report: Report,
  tell: boolean,
): { markdown: string; files: string[] } {
  for (const run of report.runs) {
    const without = run.behaviours.filter((b) => !b.counterexample).map((b) => b.id);
    for (const file of removeStaleCounterexamples(outDir, run.implementation, run.profile, without))
      if (tell)
        console.error(
          `removed ${file}: left by an earlier run, and ${run.profile} found no counterexample now`,
        );
  }
  return writeReportFiles(outDir, report);
}

/**
 * Writes joined shards' results as `run` writes a run's (writeProfileFiles, finishRunOutputs). Returns the
 * report.
 */
export function writeRunResults(
  outDir: string,
  results: readonly SuiteResult[],
): { report: Report; markdown: string } {
  const runs: ImplementationRun[] = [];
  for (const result of results) {
    writeProfileFiles(outDir, result, false);
    const name = result.implementation;
    const profile = result.profile.name;
    runs.push(
      toImplementationRun(
        result,
        {
          fileFor: (id) => relative(outDir, counterexamplePath(outDir, name, profile, id)),
          failedFileFor: (n) => relative(outDir, failedScenarioPath(outDir, name, profile, n)),
        },
        typicalMinRates(),
      ),
    );
  }
  const report = makeReport(runs);
  const { markdown } = finishRunOutputs(outDir, report, false);
  return { report, markdown };
}

/** Writes index.md, index.json and index.html for the reports given; returns the files. */
export function writeIndex(
  outDir: string,
  reportFiles: readonly string[],
): { report: Report; files: string[] } {
  const report = joinReports(
    reportFiles.map((file) => ({
      at: relative(outDir, join(file, '..')).split(sep).join('/'),
      report: loadReport(file),
    })),
  );
  const outputs: [string, string][] = [
    [join(outDir, 'index.md'), renderIndexMarkdown(report)],
    [join(outDir, 'index.json'), `${JSON.stringify(report, null, 2)}\n`],
    [join(outDir, 'index.html'), renderHtml(report)],
  ];
  for (const [file, content] of outputs) writeAtomic(file, content);
  return { report, files: outputs.map(([file]) => file) };
}

export async function mergeReportsCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    options: { out: { type: 'string' }, index: { type: 'boolean', default: false } },
    allowPositionals: true,
    strict: true,
  });
  if (positionals.length === 0) throw new UsageError('merge-reports needs the files to merge');
  if (values.index) {
    const outDir = values.out ?? 'reports';
    checkOutDir(outDir);
    const files = positionals.flatMap((arg) => filesOf(arg, (name) => name === 'report.json'));
    const { report, files: written } = writeIndex(outDir, files);
    process.stdout.write(renderIndexMarkdown(report));
    console.error(`index written: ${written.join(', ')}`);
    return reportExitCode(report);
  }
  const outDir = values.out ?? 'reports/merged';
  checkOutDir(outDir);
  const files = positionals.flatMap((arg) => filesOf(arg, (name) => /^shard-\d+-of-\d+\.json$/.test(name)));
  let results: SuiteResult[];
  try {
    results = joinShards(files.map((file) => ({ file, shard: loadShard(file) })));
  } catch (error) {
    if (error instanceof ShardMismatch) throw new InputError(error.message);
    throw error;
  }
  const { report, markdown } = writeRunResults(outDir, results);
  process.stdout.write(markdown);
  console.error(`reports written into ${outDir} from ${files.length} shard(s)`);
  return reportExitCode(report);
}
