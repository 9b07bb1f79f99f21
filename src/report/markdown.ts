/**
 * The report as Markdown, fit for a CI step summary: a summary line per run, then a table of behaviours
 * (ID, kind, verdict, how often its situation occurred) and each counterexample as a timeline. Everything
 * an implementation supplied is escaped.
 */
import { type BehaviourResult, type ImplementationRun, type Report, stoppedSentence } from './report.ts';

/** Escapes text for a Markdown table cell or paragraph: no markup, no HTML, no line breaks. */
export function escapeMarkdown(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/([\\`*_{}[\]()#+!|~])/g, '\\$1')
    .replace(/\r?\n/g, ' ');
}

/** Lines of a failed scenario's stderr that the console and report.md show (the rest is in report.json). */
export const STDERR_LINES = 5;

/**
 * The last `lines` non-blank lines of an implementation's stderr, each clipped to 240 characters, code fences
 * made harmless: what the console and report.md show of a crash ("can't open file", the end of a trace).
 */
export function stderrTail(stderr: string, lines = STDERR_LINES): string[] {
  return stderr
    .split(/\r?\n/)
    .map((line) => line.trimEnd())
    .filter((line) => line.trim() !== '')
    .slice(-lines)
    .map((line) => (line.length > 240 ? `${line.slice(0, 239)}…` : line).replace(/```/g, "'''"));
}

function count(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}

function pct(share: number): string {
  return `${(share * 100).toFixed(1)}%`;
}

function occurred(b: BehaviourResult, run: ImplementationRun): string {
  if (b.status === 'skipped' && b.judged === 0) return '—';
  if (run.source === 'trace')
    return b.kind === 'quirk' ? count(b.occurrences ?? 0, 'time') : count(b.situations, 'situation');
  if (b.kind === 'typical') return `${b.situations} situations, rate ${pct(b.rate ?? 0)}`;
  if (b.kind === 'quirk' || b.kind === 'advice') return `${b.occurrences ?? 0} times`;
  return `${b.exercised}/${b.judged} runs (${pct(b.share)})${b.belowFloor ? ' ⚠ below floor' : ''}`;
}

const ICON: Record<string, string> = {
  holds: '✅ holds',
  violated: '❌ violated',
  'not-exercised': '⚪ not exercised',
  undecidable: '❔ undecidable',
  errored: '💥 errored',
  skipped: '⏭ skipped',
};

function verdictLine(run: ImplementationRun): string {
  switch (run.summary.exitCode) {
    case 0:
      return '**Conforms.**';
    case 1:
      return '**Does not conform.**';
    case 2:
      return '**Inconclusive:** nothing violated, but not every behaviour could be decided.';
    case 3:
      return '**Broken:** the implementation or the input failed.';
  }
}

function runSection(run: ImplementationRun): string[] {
  const s = run.summary;
  const lines = [
    `## ${escapeMarkdown(run.implementation)}, profile \`${run.profile}\``,
    '',
    `${verdictLine(run)} ${run.source === 'trace' ? 'An exported trace' : `${run.runs} generated scenarios${run.stopped ? ` (stopped after ${run.stopped.after})` : ''}, seed ${run.seed}, merge variant \`${run.merge}\``}. ` +
      `Holds ${s.holds}, violated ${s.violated}, not exercised ${s['not-exercised']}, undecidable ${s.undecidable}, errored ${s.errored}, skipped ${s.skipped}. Exit code ${s.exitCode}.`,
    '',
    '| ID | kind | verdict | situation occurred | detail |',
    '|---|---|---|---|---|',
  ];
  if (run.partial)
    lines.splice(
      4,
      0,
      `A partial implementation: its declaration leaves out ${escapeMarkdown(run.partial)}.`,
      '',
    );
  if (run.unsupportedRuns)
    lines.splice(
      4,
      0,
      `${run.unsupportedRuns} of ${run.runs} scenarios skipped (unsupported): the implementation answered unsupported, first at run ${run.unsupported?.[0]?.run}: ${escapeMarkdown(run.unsupported?.[0]?.message ?? '')}.`,
      '',
    );
  for (const b of run.behaviours) {
    const unsupported = b.status === 'skipped' && b.detail.startsWith('unsupported:');
    lines.push(
      `| ${b.id} | ${b.kind} | ${unsupported ? '⏭ skipped (unsupported)' : (ICON[b.status] ?? b.status)} | ${occurred(b, run)} | ${escapeMarkdown(b.detail)} |`,
    );
  }
  if (run.errored.length > 0) {
    const listed =
      run.erroredRuns > run.errored.length
        ? `${run.erroredRuns} of ${run.runs} scenarios failed; the first ${run.errored.length}:`
        : `${run.erroredRuns} of ${run.runs} scenarios failed:`;
    const stopped = stoppedSentence(run);
    lines.push(
      '',
      '### Errored scenarios',
      '',
      ...(stopped ? [escapeMarkdown(stopped), ''] : []),
      listed,
      '',
    );
    for (const e of run.errored) {
      lines.push(
        `- run ${e.run}: ${e.reason}: ${escapeMarkdown(e.message)}${e.file ? ` (replay: \`${e.file.replaceAll('`', '')}\`)` : ''}`,
      );
      const tail = stderrTail(e.stderr);
      if (tail.length > 0)
        lines.push('', '  stderr, last lines:', '', '  ```text', ...tail.map((l) => `  ${l}`), '  ```', '');
    }
  }
  const failed = run.behaviours.filter((b) => b.counterexample);
  for (const b of failed) {
    const ce = b.counterexample;
    if (!ce) continue;
    lines.push(
      '',
      `### ${b.id}: counterexample`,
      '',
      `> ${escapeMarkdown(b.quote || b.says)}${b.line ? ` (article line ${b.line})` : ''}`,
      '',
      `${escapeMarkdown(ce.message)}`,
      '',
      `Shrunk to ${ce.size} steps; seed ${ce.seed}, path \`${ce.path}\`; replay: \`sentinel-conformance replay ${ce.file} --sut …\``,
      '',
      '```text',
      ...ce.timeline.map((l) => l.replace(/```/g, "'''")),
      '```',
    );
  }
  return lines;
}

export function renderMarkdown(report: Report): string {
  const lines = [
    '# sentinel-conformance report',
    '',
    `Suite ${report.suite.version}; article \`${report.article.file}\` (SHA-256 \`${report.article.sha256.slice(0, 16)}…\`).`,
    '',
  ];
  const sections = report.runs.flatMap((run) => [...runSection(run), '']);
  return `${[...lines, ...sections].join('\n')}\n`;
}
