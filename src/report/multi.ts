/**
 * One report for many implementations: the runs of several reports (the reference, the Python example,
 * any other simulator…) side by side. The joined Report keeps every run as it was, with its counterexample
 * and failed-scenario files made relative to where the joined report is written; the HTML page is the
 * report's own (html.ts: its matrix is behaviours × runs), and the Markdown page leads with a compact
 * behaviours × implementations table.
 *
 * Pure: no I/O.
 */
import { posix } from 'node:path';
import { escapeMarkdown } from './markdown.ts';
import { type ImplementationRun, makeReport, type Report } from './report.ts';
import { VERDICT_STATUSES } from './report-schema.ts';

const ICON: Record<(typeof VERDICT_STATUSES)[number], string> = {
  holds: '✓',
  violated: '✗',
  'not-exercised': '○',
  undecidable: '?',
  errored: '!',
  skipped: '»',
};

/**
 * The runs of every report, in the order given, as one report. `at` is where each report sits relative to
 * the joined one (a posix path, '' for the same folder): the files its runs name are moved under it.
 */
export function joinReports(reports: readonly { at: string; report: Report }[]): Report {
  const runs = reports.flatMap(({ at, report }) =>
    report.runs.map(
      (run): ImplementationRun => ({
        ...run,
        errored: run.errored.map((e) => (e.file === undefined ? e : { ...e, file: posix.join(at, e.file) })),
        behaviours: run.behaviours.map((b) =>
          b.counterexample
            ? { ...b, counterexample: { ...b.counterexample, file: posix.join(at, b.counterexample.file) } }
            : b,
        ),
      }),
    ),
  );
  return makeReport(runs);
}

function label(run: ImplementationRun): string {
  return `${run.implementation} (${run.profile})`;
}

/** The Markdown page: behaviours × implementations, then each run's summary line. */
export function renderIndexMarkdown(report: Report): string {
  const runs = report.runs;
  const ids: string[] = [];
  for (const run of runs) for (const b of run.behaviours) if (!ids.includes(b.id)) ids.push(b.id);
  const kinds = new Map(runs.flatMap((run) => run.behaviours.map((b) => [b.id, b.kind] as const)));
  const lines = [
    '# sentinel-conformance: implementations side by side',
    '',
    `${runs.length} run(s) of ${new Set(runs.map((r) => r.implementation)).size} implementation(s). ` +
      `Legend: ${VERDICT_STATUSES.map((s) => `${ICON[s]} ${s}`).join(', ')}.`,
    '',
    '| Implementation | Profile | Runs | Seed | Holds | Violated | Not exercised | Errored | Skipped | Exit |',
    '|---|---|---:|---:|---:|---:|---:|---:|---:|---:|',
    ...runs.map(
      (r) =>
        `| ${escapeMarkdown(r.implementation)} | ${r.profile} | ${r.runs} | ${r.seed} | ${r.summary.holds} | ${r.summary.violated} | ${r.summary['not-exercised']} | ${r.summary.errored} | ${r.summary.skipped} | ${r.summary.exitCode} |`,
    ),
    '',
    `| Behaviour | Kind | ${runs.map((r) => escapeMarkdown(label(r))).join(' | ')} |`,
    `|---|---|${runs.map(() => ':-:').join('|')}|`,
    ...ids.map((id) => {
      const cells = runs.map((run) => {
        const b = run.behaviours.find((x) => x.id === id);
        if (!b) return '';
        const mark = `${ICON[b.status]} ${b.status}`;
        return b.counterexample ? `[${mark}](${b.counterexample.file})` : mark;
      });
      return `| ${id} | ${kinds.get(id) ?? ''} | ${cells.join(' | ')} |`;
    }),
    '',
  ];
  return `${lines.join('\n')}\n`;
}
