/**
 * A trace check as a Report (src/report/report.ts): one run whose implementation is the export's file
 * name(s), profile 'observed' (a real workspace may show every documented quirk), one "run" (the trace).
 * Every behaviour of the catalogue is in it, with its verdict and detail; the renderers of generated runs
 * render it unchanged. What a Report has no field for (the inputs read, zone-less timestamps read as UTC,
 * every kept witness, why a behaviour is undecidable) goes into a Markdown section appended to report.md
 * and into trace.json.
 */
import { join } from 'node:path';
import { OBSERVED } from '../../model/profile.ts';
import { behaviour } from '../../model/spec/catalogue.ts';
import type { VerdictStatus } from '../../model/verdict.ts';
import { writeAtomic, writeReportFiles } from '../cli/output.ts';
import { escapeMarkdown, renderMarkdown } from '../report/markdown.ts';
import { type BehaviourResult, makeReport, type Report } from '../report/report.ts';
import type { TraceSummary } from '../trace/index.ts';
import { SUITE_VERSION } from '../version.ts';
import { nothingExercised, type TraceCheckResult } from './check.ts';
import { plural, type TraceVerdict, type UndecidableCause, USER_DECIDABLE } from './verdict.ts';
import { describeRow } from './verdicts.ts';

export const TRACE_FORMAT = 'sentinel-conformance/trace-check@1';

function baseName(path: string): string {
  return path.split(/[\\/]/).at(-1) ?? path;
}

/**
 * The implementation name of a trace run: the export files' names, each with its time window (TimeGenerated
 * from its least to its greatest), so that every format the report renders states what was judged.
 */
export function traceName(result: TraceCheckResult): string {
  const named = (file: string, window: [string, string] | null) =>
    `${baseName(file)}${window ? ` (TimeGenerated ${window[0]} to ${window[1]})` : ' (no row)'}`;
  return [
    named(result.alerts.file, result.window.alerts),
    ...(result.incidents ? [named(result.incidents.file, result.window.incidents)] : []),
  ].join(' + ');
}

function toBehaviourResult(verdict: TraceVerdict): BehaviourResult {
  const entry = behaviour(verdict.id);
  const exercised = verdict.status === 'undecidable' || verdict.situations === 0 ? 0 : 1;
  return {
    id: entry.id,
    kind: entry.kind,
    area: entry.area,
    source: entry.source,
    says: entry.says,
    quote: entry.quote,
    line: entry.line,
    reference: entry.reference,
    status: verdict.status,
    detail: verdict.detail,
    judged: 1,
    exercised,
    share: exercised,
    belowFloor: false,
    situations: verdict.situations,
    violations: verdict.violations,
    ...(entry.kind === 'typical' ? { rate: verdict.rate ?? 0 } : {}),
    ...(entry.kind === 'quirk' || entry.kind === 'advice' ? { occurrences: verdict.occurrences ?? 0 } : {}),
  };
}

export function toTraceReport(result: TraceCheckResult): Report {
  const behaviours = result.verdicts.map(toBehaviourResult);
  const count = (status: VerdictStatus) => behaviours.filter((b) => b.status === status).length;
  return makeReport([
    {
      implementation: traceName(result),
      source: 'trace',
      profile: OBSERVED.name,
      merge: OBSERVED.merge,
      seed: 0,
      runs: 1,
      erroredRuns: 0,
      errored: [],
      behaviours,
      summary: {
        holds: count('holds'),
        violated: count('violated'),
        'not-exercised': count('not-exercised'),
        undecidable: count('undecidable'),
        errored: count('errored'),
        skipped: count('skipped'),
        conforms: result.exitCode === 0,
        exitCode: result.exitCode,
      },
    },
  ]);
}

const CAUSE_WORDS: Record<UndecidableCause, string> = {
  'needs-config': 'give --config',
  'needs-incidents': 'give --incidents',
  'missing-column': 'export the missing column',
  'empty-column': 'the column is empty in the data',
  'trace-too-short': 'export a longer time range',
  'not-in-tables': 'not decidable from the tables',
};

function code(text: string): string {
  return `\`${text.replace(/`/g, "'")}\``;
}

function describeInput(summary: TraceSummary, rows: string): string {
  const renamed = Object.entries(summary.renamed).map(([model, file]) => `${model} ← ${file}`);
  const parts = [
    `${code(baseName(summary.file))} (${summary.format ?? 'unknown format'}${summary.encoding ? `, ${summary.encoding}` : ''}${summary.bom ? ', with a byte-order mark' : ''}): ${rows}.`,
    renamed.length > 0
      ? `Legacy column names read as the model's: ${escapeMarkdown(renamed.join(', '))}.`
      : '',
    summary.missingColumns.length > 0
      ? `Columns the checks use that the export lacks: ${escapeMarkdown(summary.missingColumns.join(', '))}.`
      : 'It has every column the checks use.',
    summary.zoneLessTimestamps > 0
      ? `**${plural(summary.zoneLessTimestamps, 'timestamp')} had no time zone and were read as UTC.**`
      : 'Every timestamp carried its time zone.',
    summary.offsetTimestamps > 0
      ? `${plural(summary.offsetTimestamps, 'timestamp')} with a UTC offset were converted to UTC.`
      : '',
    summary.blobs ? `Read from ${plural(summary.blobs, 'file')} of the export folder, in time order.` : '',
    summary.exportDuplicates
      ? `**${plural(summary.exportDuplicates, 'export duplicate')} (a record the export wrote again, byte for byte) set aside, not counted as rows.**`
      : '',
  ];
  return parts.filter(Boolean).join(' ');
}

/** The Markdown section appended to report.md: inputs, the exit code's reason, witnesses, undecidables. */
export function renderTraceSection(result: TraceCheckResult): string {
  const { counts, window } = result;
  const span = (w: [string, string] | null) => (w ? `, TimeGenerated from ${w[0]} to ${w[1]}` : '');
  const lines = [
    '## The trace',
    '',
    `- **SecurityAlert**: ${describeInput(
      result.alerts,
      `${plural(counts.alertRows, 'row')}${span(window.alerts)}; ${plural(counts.mdcRows, 'MDC row')} of ${plural(counts.mdcAlerts, 'MDC alert')}`,
    )}`,
    result.incidents
      ? `- **SecurityIncident**: ${describeInput(
          result.incidents,
          `${plural(counts.incidentRows, 'row')}${span(window.incidents)}; ${plural(counts.incidents, 'incident')}`,
        )}`
      : '- **SecurityIncident**: not given (`--incidents`): the incident behaviours are undecidable.',
    result.configFile
      ? `- **Configuration**: ${code(result.configFile)}, taken as in force over the whole export.`
      : '- **Configuration**: not given (`--config`): the behaviours that depend on it are undecidable.',
    `- **Exit code ${result.exitCode}**: ${exitWords(result)}`,
    '',
    'Rows are named by file and 1-based data row (header excluded) with their SystemAlertId or IncidentNumber; ' +
      'no row content is copied. An MDC row is one whose VendorOriginalId or SystemAlertId is an MDC alert name ' +
      '(`<reverseTicks>_<GUID>`); its connector is read from AlertLink (ASSUME-ROUTE).',
  ];
  const witnessed = result.verdicts.filter((v) => v.witnesses.length > 0);
  if (witnessed.length > 0) {
    lines.push('', '### Witnesses', '');
    for (const v of witnessed) {
      const total = v.status === 'violated' ? v.violations : (v.occurrences ?? v.witnesses.length);
      lines.push(
        `- **${v.id}** (${v.status === 'violated' ? 'violated' : 'seen'} ${total.toLocaleString('en')} time${total === 1 ? '' : 's'}${total > v.witnesses.length ? `, first ${v.witnesses.length}` : ''}):`,
      );
      for (const w of v.witnesses) {
        lines.push(
          `  - ${escapeMarkdown(w.message)}: ${w.rows.map((r) => escapeMarkdown(describeRow(r))).join(' and ')}`,
        );
      }
    }
  }
  const undecided = result.verdicts.filter((v) => v.status === 'undecidable');
  if (undecided.length > 0) {
    lines.push('', '### Undecidable, and why', '', '| ID | why | to decide it |', '|---|---|---|');
    for (const v of undecided) {
      const cause = v.cause ?? 'not-in-tables';
      lines.push(`| ${v.id} | ${escapeMarkdown(v.detail)} | ${CAUSE_WORDS[cause]} |`);
    }
  }
  return `${lines.join('\n')}\n`;
}

function exitWords(result: TraceCheckResult): string {
  if (result.exitCode === 1) {
    const violated = result.verdicts.filter((v) => v.status === 'violated').map((v) => v.id);
    const ids = violated.filter((id) => !id.startsWith('ADV-'));
    const advice = violated.filter((id) => id.startsWith('ADV-'));
    return [
      ids.length > 0 ? `violated: ${ids.join(', ')}` : '',
      advice.length > 0
        ? `the configuration has ${advice.length === 1 ? 'a pitfall' : 'pitfalls'} the article warns about (advice findings, as \`lint\` reports them): ${advice.join(', ')}`
        : '',
    ]
      .filter(Boolean)
      .join('; ')
      .concat('.');
  }
  const open = result.verdicts.filter(
    (v) => v.status === 'undecidable' && v.cause !== undefined && USER_DECIDABLE.has(v.cause),
  );
  if (result.exitCode === 2) {
    const empty = nothingExercised(result.verdicts)
      ? `nothing was exercised: no behaviour holds or is violated (${result.counts.alertRows === 0 ? 'the alerts export holds no row' : 'no row the checks judge'}), so the export shows nothing to conform to`
      : '';
    if (open.length === 0) return `${empty}.`;
    const byCause = new Map<string, number>();
    for (const v of open)
      byCause.set(
        CAUSE_WORDS[v.cause as UndecidableCause],
        (byCause.get(CAUSE_WORDS[v.cause as UndecidableCause]) ?? 0) + 1,
      );
    const how = [...byCause].map(([words, n]) => `${words} (${n})`).join(', ');
    return `${empty === '' ? 'nothing violated, but ' : `${empty}; and `}${plural(open.length, 'behaviour')} you could decide ${open.length === 1 ? 'is' : 'are'} undecidable: ${how}.`;
  }
  return 'every behaviour the tables can decide holds.';
}

function summaryJson(summary: TraceSummary) {
  return {
    file: baseName(summary.file),
    table: summary.table,
    format: summary.format,
    bom: summary.bom,
    rows: summary.rows,
    columns: summary.columns,
    missingColumns: summary.missingColumns,
    renamed: summary.renamed,
    zoneLessTimestamps: summary.zoneLessTimestamps,
    offsetTimestamps: summary.offsetTimestamps,
    exportDuplicates: summary.exportDuplicates ?? 0,
    blobs: summary.blobs ?? null,
  };
}

/** trace.json: what the Report has no field for, as data. */
export function traceJson(result: TraceCheckResult): string {
  const document = {
    format: TRACE_FORMAT,
    suiteVersion: SUITE_VERSION,
    implementation: traceName(result),
    inputs: {
      alerts: summaryJson(result.alerts),
      incidents: result.incidents ? summaryJson(result.incidents) : null,
      config: result.configFile,
    },
    counts: result.counts,
    window: result.window,
    exitCode: result.exitCode,
    behaviours: result.verdicts,
  };
  return `${JSON.stringify(document, null, 2)}\n`;
}

/**
 * Markdown made by escapeMarkdown, read back as plain text for a terminal: `\\(`, `\\[`, `\\+` and the
 * like lose their backslash, `&lt;`, `&gt;` and `&amp;` become the characters they stand for.
 */
export function plainText(markdown: string): string {
  return markdown
    .replace(/\\([\\`*_{}[\]()#+!|~])/g, '$1')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}

/** report.md: the generated-run rendering plus the trace section. */
export function traceMarkdown(result: TraceCheckResult, report: Report = toTraceReport(result)): string {
  return `${renderMarkdown(report).trimEnd()}\n\n${renderTraceSection(result)}`;
}

/** Writes report.{json,md,xml,html} and trace.json into `outDir`; returns the Markdown and the files. */
export function writeTraceReports(
  outDir: string,
  result: TraceCheckResult,
): { markdown: string; files: string[] } {
  const report = toTraceReport(result);
  const written = writeReportFiles(outDir, report);
  const markdown = traceMarkdown(result, report);
  writeAtomic(join(outDir, 'report.md'), markdown);
  const trace = join(outDir, 'trace.json');
  writeAtomic(trace, traceJson(result));
  return { markdown, files: [...written.files, trace] };
}

/** The committed form (reports/real-samples): report.md, report.json and trace.json only. */
export function writeSampleReports(outDir: string, result: TraceCheckResult): string[] {
  const report = toTraceReport(result);
  const files: [string, string][] = [
    [join(outDir, 'report.json'), `${JSON.stringify(report, null, 2)}\n`],
    [join(outDir, 'report.md'), traceMarkdown(result, report)],
    [join(outDir, 'trace.json'), traceJson(result)],
  ];
  for (const [path, content] of files) writeAtomic(path, content);
  return files.map(([path]) => path);
}
