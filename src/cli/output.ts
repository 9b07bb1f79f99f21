/**
 * Writing results: every file is written to a temporary name and renamed into place, so an interrupted
 * run never leaves a half-written report. Counterexamples are portable JSON files that `replay` reads.
 */
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { ProfileName } from '../../model/profile.ts';
import { behaviour } from '../../model/spec/catalogue.ts';
import type { Counterexample } from '../harness/suite.ts';
import { renderHtml } from '../report/html.ts';
import { renderJunit } from '../report/junit.ts';
import { renderMarkdown } from '../report/markdown.ts';
import type { Report } from '../report/report.ts';
import { SUITE_VERSION } from '../version.ts';

export function writeAtomic(path: string, content: string): void {
  mkdirSync(dirname(path), { recursive: true });
  const temporary = `${path}.${process.pid}.tmp`;
  writeFileSync(temporary, content);
  renameSync(temporary, path);
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
