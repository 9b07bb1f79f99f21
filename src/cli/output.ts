/**
 * Writing results: every file is written to a temporary name and renamed into place, so an interrupted
 * run never leaves a half-written report. Only a regular file (or a new one) is ever replaced so: a device,
 * a fifo or a socket, or anything under /dev or /proc (/dev/stdout, /dev/fd/N), is opened and written
 * through; a symbolic link to a regular file stays a link, and the file it points to is replaced; a
 * directory, a link to one and a link to nothing are refused. `-` means stdout (writeOutput). The output directory is checked before any work starts, so a
 * bad --out fails at once, naming the path, instead of after a long run. Counterexamples are portable
 * JSON files that `replay` reads.
 */
import {
  accessSync,
  constants,
  fstatSync,
  lstatSync,
  mkdirSync,
  readdirSync,
  realpathSync,
  renameSync,
  type Stats,
  statSync,
  unlinkSync,
  writeFileSync,
} from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import type { ProfileName } from '../../model/profile.ts';
import { behaviour } from '../../model/spec/catalogue.ts';
import type { Counterexample, ErroredRun } from '../harness/suite.ts';
import { renderHtml } from '../report/html.ts';
import { renderJunit } from '../report/junit.ts';
import { renderMarkdown } from '../report/markdown.ts';
import type { Report } from '../report/report.ts';
import { SUITE_VERSION } from '../version.ts';

/** Output that cannot go where it was asked to: the path and the system's reason, for one `error:` line. */
export class OutputError extends Error {}

function codeOf(error: unknown): string {
  return String((error as NodeJS.ErrnoException).code ?? (error as Error).message);
}

/** 'directory', 'other' (a file, say), or 'none' (nothing there, or a file where a parent should be). */
function kindOf(path: string): 'directory' | 'other' | 'none' {
  try {
    const stat = statSync(path, { throwIfNoEntry: false });
    return stat === undefined ? 'none' : stat.isDirectory() ? 'directory' : 'other';
  } catch (error) {
    if (codeOf(error) === 'ENOTDIR') return 'none';
    throw new OutputError(`cannot use ${path} (${codeOf(error)})`);
  }
}

/**
 * Creates a directory and its missing parents, one level at a time: Node's recursive mkdir names no
 * culprit, and under /proc it never returns.
 */
export function ensureDirectory(dir: string): void {
  const missing: string[] = [];
  for (let at = resolve(dir); ; at = dirname(at)) {
    const kind = kindOf(at);
    if (kind === 'directory') break;
    if (kind === 'other') throw new OutputError(`${at} exists and is not a directory`);
    missing.push(at);
    if (dirname(at) === at) break;
  }
  for (const path of missing.reverse()) {
    try {
      mkdirSync(path);
    } catch (error) {
      if (codeOf(error) === 'EEXIST' && kindOf(path) === 'directory') continue;
      throw new OutputError(`cannot create the directory ${path} (${codeOf(error)})`);
    }
  }
}

/**
 * Fails at once, naming the path, when reports could not be written into `dir`: a file where a directory
 * should be, or a nearest existing directory that is not writable. Creates nothing (bad input must leave
 * nothing behind); writeAtomic creates the directories when there is something to write.
 */
export function checkOutDir(dir: string): void {
  // resolve('') is the working directory: an unset variable (`--out "$OUT"`) would fill it with reports.
  if (dir === '') throw new OutputError('--out is empty: give it a directory');
  let at = resolve(dir);
  for (; kindOf(at) === 'none' && dirname(at) !== at; at = dirname(at));
  if (kindOf(at) === 'other') throw new OutputError(`${at} exists and is not a directory`);
  try {
    accessSync(at, constants.W_OK);
  } catch (error) {
    throw new OutputError(`cannot write to ${at} (${codeOf(error)})`);
  }
}

/**
 * How a path is written: `replace` renames a temporary file over `target` (a regular file, or nothing yet);
 * `through` opens `target` and writes into it (a device, a fifo, a socket, a path under /dev or /proc).
 */
export type OutputPlan =
  | { how: 'replace'; target: string }
  | { how: 'through'; target: string }
  | { how: 'descriptor'; fd: number };

/**
 * The descriptor a path names in this process (/dev/stdout, /dev/stderr, /dev/fd/N, /proc/self/fd/N): written
 * to directly, since opening the path again fails when the descriptor is a socket (ENXIO), as a parent
 * process's pipe often is.
 */
function descriptorOf(path: string): number | undefined {
  const at = resolve(path);
  if (at === '/dev/stdout') return 1;
  if (at === '/dev/stderr') return 2;
  const match = /^\/(?:dev\/fd|proc\/self\/fd)\/(\d+)$/.exec(at);
  return match ? Number(match[1]) : undefined;
}

/** Paths that name a device or an open descriptor (/dev/stdout, /dev/fd/1, /proc/self/fd/1): never renamed over. */
function isSystemPath(path: string): boolean {
  const at = resolve(path);
  return ['/dev/', '/proc/'].some((root) => at.startsWith(root));
}

function lstatOf(path: string): Stats | undefined {
  try {
    return lstatSync(path, { throwIfNoEntry: false });
  } catch (error) {
    if (codeOf(error) === 'ENOTDIR') return undefined; // a file where a parent should be: ensureDirectory says so
    throw new OutputError(`cannot write ${path} (${codeOf(error)})`);
  }
}

/** Decides how `path` is written (see the file's header); throws OutputError for what must not be written. */
export function outputPlan(path: string): OutputPlan {
  const fd = descriptorOf(path);
  if (fd !== undefined) return { how: 'descriptor', fd };
  const entry = lstatOf(path);
  if (entry === undefined) return { how: 'replace', target: path };
  if (entry.isDirectory()) throw new OutputError(`cannot write ${path}: it is a directory`);
  if (entry.isSymbolicLink()) {
    let target: Stats;
    try {
      target = statSync(path);
    } catch (error) {
      throw new OutputError(`cannot write ${path}: it is a link to nothing (${codeOf(error)})`);
    }
    if (target.isDirectory()) throw new OutputError(`cannot write ${path}: it is a link to a directory`);
    if (target.isFile() && !isSystemPath(path)) return { how: 'replace', target: realpathSync(path) };
    return { how: 'through', target: path };
  }
  if (entry.isFile() && !isSystemPath(path)) return { how: 'replace', target: path };
  return { how: 'through', target: path };
}

/**
 * Fails at once, naming the path, when a single output file could not be written: checkOutDir for a file
 * that is replaced, write permission for one written through; nothing to check for stdout.
 */
export function checkOutFile(path: string): void {
  if (path === '-') return;
  if (path === '') throw new OutputError('--out is empty: give it a file, or - for stdout');
  const plan = outputPlan(path);
  if (plan.how === 'replace') {
    checkOutDir(dirname(plan.target));
    return;
  }
  if (plan.how === 'descriptor') {
    try {
      fstatSync(plan.fd);
    } catch (error) {
      throw new OutputError(`cannot write to ${path} (${codeOf(error)})`);
    }
    return;
  }
  try {
    accessSync(plan.target, constants.W_OK);
  } catch (error) {
    throw new OutputError(`cannot write to ${plan.target} (${codeOf(error)})`);
  }
}

function replaceWhole(path: string, content: string): void {
  ensureDirectory(dirname(path));
  const temporary = `${path}.${process.pid}.tmp`;
  try {
    writeFileSync(temporary, content);
    renameSync(temporary, path);
  } catch (error) {
    try {
      unlinkSync(temporary);
    } catch {
      // never created
    }
    throw new OutputError(`cannot write ${path} (${codeOf(error)})`);
  }
}

/** Writes one file of a report: replaced whole, or written through (see the file's header). */
export function writeAtomic(path: string, content: string): void {
  const plan = outputPlan(path);
  if (plan.how === 'replace') {
    replaceWhole(plan.target, content);
    return;
  }
  if (plan.how === 'descriptor' && plan.fd <= 2) {
    // Through the stream: in order with what else goes there, and a reader that left (`| head`) is handled
    // where stdout's errors are (main.ts).
    (plan.fd === 2 ? process.stderr : process.stdout).write(content);
    return;
  }
  try {
    if (plan.how === 'descriptor') writeFileSync(plan.fd, content);
    else writeFileSync(plan.target, content);
  } catch (error) {
    throw new OutputError(`cannot write ${path} (${codeOf(error)})`);
  }
}

/** Writes a single output a user named: `-` is stdout, any other path as writeAtomic writes it. */
export function writeOutput(path: string, content: string): void {
  if (path === '-') process.stdout.write(content);
  else writeAtomic(path, content);
}

export const COUNTEREXAMPLE_FORMAT = 'sentinel-conformance/counterexample@1';

export interface CounterexampleFile {
  format: typeof COUNTEREXAMPLE_FORMAT;
  suiteVersion: string;
  behaviour: { id: string; kind: string; quote: string; line: number | null; says: string };
  implementation: string;
  profile: ProfileName;
  seed: number;
  path: string;
  message: string;
  witness: Counterexample['witness'];
  scenario: Counterexample['scenario'];
  /** The schedule the reference simulator (or a mutant of it) ran under; other implementations ignore it. */
  schedule: Counterexample['schedule'];
  observation: Counterexample['observation'];
}

export function counterexampleFile(
  ce: Counterexample,
  implementation: string,
  profile: ProfileName,
): CounterexampleFile {
  const entry = behaviour(ce.behaviour);
  return {
    format: COUNTEREXAMPLE_FORMAT,
    suiteVersion: SUITE_VERSION,
    behaviour: { id: entry.id, kind: entry.kind, quote: entry.quote, line: entry.line, says: entry.says },
    implementation,
    profile,
    seed: ce.seed,
    path: ce.path,
    message: ce.message,
    witness: ce.witness,
    scenario: ce.scenario,
    schedule: ce.schedule,
    observation: ce.observation,
  };
}

export function slug(text: string): string {
  return text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '')
    .slice(0, 60);
}

export function counterexamplePath(
  outDir: string,
  implementation: string,
  profile: ProfileName,
  id: string,
): string {
  return join(outDir, 'counterexamples', `${slug(implementation)}-${profile}-${id}.json`);
}

/** Removes a file an earlier run left; false when there was none. */
function removeStale(file: string): boolean {
  try {
    unlinkSync(file);
    return true;
  } catch (error) {
    if (codeOf(error) === 'ENOENT') return false;
    throw new OutputError(`cannot remove the stale ${file} (${codeOf(error)})`);
  }
}

export const FAILED_SCENARIO_FORMAT = 'sentinel-conformance/failed-scenario@1';

/** A scenario the implementation failed (crashed, hung, broke the protocol…), as `replay` reads it. */
export interface FailedScenarioFile {
  format: typeof FAILED_SCENARIO_FORMAT;
  suiteVersion: string;
  implementation: string;
  profile: ProfileName;
  seed: number;
  /** The scenario's index among the run's generated scenarios. */
  run: number;
  reason: string;
  message: string;
  stderr: string;
  scenario: ErroredRun['scenario'];
  schedule: ErroredRun['schedule'];
}

export function failedScenarioPath(
  outDir: string,
  implementation: string,
  profile: ProfileName,
  run: number,
): string {
  return join(outDir, 'failed-scenarios', `${slug(implementation)}-${profile}-run-${run}.json`);
}

export function failedScenarioFile(
  failed: ErroredRun,
  implementation: string,
  profile: ProfileName,
  seed: number,
): FailedScenarioFile {
  return {
    format: FAILED_SCENARIO_FORMAT,
    suiteVersion: SUITE_VERSION,
    implementation,
    profile,
    seed,
    run: failed.run,
    reason: failed.reason,
    message: failed.message,
    stderr: failed.stderr,
    scenario: failed.scenario,
    schedule: failed.schedule,
  };
}

/**
 * Removes the failed-scenario files an earlier run of this implementation and profile left in `outDir`: a
 * run's failed scenarios are its own (their run numbers name scenarios of its seed). Returns how many.
 */
export function removeFailedScenarios(outDir: string, implementation: string, profile: ProfileName): number {
  const dir = join(outDir, 'failed-scenarios');
  const prefix = `${slug(implementation)}-${profile}-run-`;
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return 0; // no such folder yet
  }
  let removed = 0;
  for (const name of names) {
    if (!name.startsWith(prefix) || !/^\d+\.json$/.test(name.slice(prefix.length))) continue;
    if (removeStale(join(dir, name))) removed += 1;
  }
  return removed;
}

/**
 * Removes the counterexample files an earlier run into `outDir` left for behaviours this run judged and found
 * no counterexample for (the implementation was fixed, say), so that the folder never shows a failure the
 * report does not. Files of other implementations, profiles or behaviours stay. Returns the files removed.
 */
export function removeStaleCounterexamples(
  outDir: string,
  implementation: string,
  profile: ProfileName,
  judgedWithout: readonly string[],
): string[] {
  const removed: string[] = [];
  for (const id of judgedWithout) {
    const file = counterexamplePath(outDir, implementation, profile, id);
    if (removeStale(file)) removed.push(file);
  }
  return removed;
}

/** Writes every report format into `outDir`; returns the Markdown (for stdout) and the files written. */
export function writeReportFiles(outDir: string, report: Report): { markdown: string; files: string[] } {
  const markdown = renderMarkdown(report);
  const outputs: [string, string][] = [
    [join(outDir, 'report.json'), `${JSON.stringify(report, null, 2)}\n`],
    [join(outDir, 'report.md'), markdown],
    [join(outDir, 'report.xml'), renderJunit(report)],
    [join(outDir, 'report.html'), renderHtml(report)],
  ];
  for (const [path, content] of outputs) writeAtomic(path, content);
  return { markdown, files: outputs.map(([path]) => path) };
}
