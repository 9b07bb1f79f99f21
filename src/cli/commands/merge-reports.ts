/**
 * `merge-reports`: joins the shard files of one run (`run --shard i/n`) into the report the single run
 * gives, with its counterexample and failed-scenario files; or, with --index, the reports of several
 * implementations into one page (index.md, index.json, index.html) with them side by side.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { parseArgs } from 'node:util';
import { BEHAVIOURS } from '../../../model/invariants/index.ts';
import {
  joinShards,
  SHARD_FORMAT,
  type ShardFile,
  ShardMismatch,
  shardFileName,
} from '../../harness/shard.ts';
import type { SuiteResult } from '../../harness/suite.ts';
import { renderHtml } from '../../report/html.ts';
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
 * Writes a run's results as `run` does: a counterexample file per violated behaviour, the failed scenarios,
 * and the report in every format. Returns the report.
 */
export function writeRunResults(
  outDir: string,
  results: readonly SuiteResult[],
): { report: Report; markdown: string } {
  const minRates = new Map(
    BEHAVIOURS.flatMap((b) => (b.kind === 'typical' ? [[b.id, b.minRate] as const] : [])),
  );
  const runs: ImplementationRun[] = [];
  for (const result of results) {
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
    for (const e of result.errored)
      writeAtomic(
        failedScenarioPath(outDir, name, profile, e.run),
        `${JSON.stringify(failedScenarioFile(e, name, profile, result.seed), null, 2)}\n`,
      );
    if (result.stopped)
      console.error(
        `run stopped (${profile}) after ${result.stopped.after} of ${result.runs} scenarios: ${result.stopped.why}`,
      );
    const run = toImplementationRun(
      result,
      {
        fileFor: (id) => relative(outDir, counterexamplePath(outDir, name, profile, id)),
        failedFileFor: (n) => relative(outDir, failedScenarioPath(outDir, name, profile, n)),
      },
      minRates,
    );
    removeStaleCounterexamples(
      outDir,
      name,
      profile,
      run.behaviours.filter((b) => !b.counterexample).map((b) => b.id),
    );
    runs.push(run);
  }
  const report = makeReport(runs);
  const { markdown } = writeReportFiles(outDir, report);
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
