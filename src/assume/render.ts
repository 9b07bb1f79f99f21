/**
 * The assume report: per assumption, its verdict per configuration class, the behaviours (IDs and quotes)
 * that explain a break, and each break's shrunk timeline in domain words.
 */
import { relative } from 'node:path';
import { behaviour } from '../../model/spec/catalogue.ts';
import type { AssumptionResult, ClassResult } from './search.ts';

export interface RenderOptions {
  /** Timelines of every broken class (the report file), or only the first one's (the terminal). */
  allTimelines: boolean;
  seed: number;
  runsPerClass: number;
  profiles: readonly string[];
  /** The command line that made the report, to regenerate it. */
  command?: string;
}

function explanation(ids: readonly string[]): string[] {
  if (ids.length === 0) return ['Explained by: (the assumption names no behaviour in explainedBy)'];
  return [
    'Explained by:',
    ...ids.map((id) => {
      const e = behaviour(id);
      const where = e.line === null ? (e.reference ?? 'Microsoft docs') : `article line ${e.line}`;
      return `- **${id}** (${e.kind}): “${e.quote.replace(/\s+/g, ' ').trim()}” (${where})`;
    }),
  ];
}

function timelineBlock(c: ClassResult, open: boolean): string[] {
  const x = c.counterexample;
  if (!x) return [];
  return [
    open ? '' : '<details>',
    open
      ? `Shrunk scenario (${x.profile} profile; seed ${x.seed}, path ${x.path}): ${x.message}${x.atWork.length ? ` (behaviours at work: ${x.atWork.join(', ')})` : ''}`
      : `<summary>${c.label}: ${x.message}</summary>`,
    '',
    '```text',
    ...x.timeline,
    '```',
    open ? '' : '</details>',
    '',
  ];
}

export function renderAssumeMarkdown(results: readonly AssumptionResult[], options: RenderOptions): string {
  const lines = [
    '# Assumptions checked against the reference model',
    '',
    "Each assumption's predicate was asked about generated scenarios on the reference simulator, per configuration class",
    `(the behaviour matrix's 48 combinations, plus mid-timeline configuration changes): ${options.runsPerClass} scenarios per class and profile`,
    `(${options.profiles.join(', ')}), seed ${options.seed}. The first break in a class is shrunk by fast-check and shown as a timeline.`,
    '"Not exercised": no scenario of the class gave the predicate something to judge. "Scenarios (exercised)" counts',
    'both profiles up to the first break in a class (the search of that profile stops there and shrinks).',
    'A break is explained by the behaviours the assumption lists in `explainedBy` (IDs and quotes from the catalogue).',
    '',
    ...(options.command ? [`Regenerate: \`${options.command}\``, ''] : []),
    '| Assumption | Verdict | Broken in | Holds in | Not exercised in |',
    '|---|---|---|---|---|',
    ...results.map((r) => {
      const n = (s: string) => r.classes.filter((c) => c.status === s).length;
      return `| [${r.assumption.id}](#${r.assumption.id}) | ${r.status} | ${n('broken')} | ${n('holds')} | ${n('not exercised')} |`;
    }),
    '',
  ];
  for (const r of results) {
    const a = r.assumption;
    const count = (s: string) => r.classes.filter((c) => c.status === s).length;
    lines.push(
      `## ${a.id}`,
      '',
      `> ${a.sentence}`,
      '',
      `File: \`${relative(process.cwd(), a.file)}\`. **${r.status}**: broken in ${count('broken')} of ${r.classes.length} classes, holds in ${count('holds')}, not exercised in ${count('not exercised')}.`,
      '',
    );
    if (r.status === 'broken') lines.push(...explanation(a.explainedBy), '');
    lines.push(
      '| Configuration class | Verdict | Scenarios (exercised) | Why it broke | Behaviours at work in the shrunk scenario |',
      '|---|---|---|---|---|',
    );
    for (const c of r.classes) {
      const why = c.counterexample ? c.counterexample.message.replace(/\|/g, '\\|') : '';
      const atWork = c.counterexample?.atWork.join(', ') ?? '';
      lines.push(`| ${c.label} | ${c.status} | ${c.runs} (${c.exercised}) | ${why} | ${atWork} |`);
    }
    lines.push('');
    const brokenClasses = r.classes.filter((c) => c.status === 'broken');
    if (brokenClasses.length > 0) {
      if (options.allTimelines) {
        lines.push('Shrunk timelines, one per broken class:', '');
        for (const c of brokenClasses) lines.push(...timelineBlock(c, false));
      } else {
        // One timeline per kind of break (the message with handles and numbers left out).
        const kinds = new Map<string, ClassResult>();
        for (const c of brokenClasses) {
          const kind = (c.counterexample?.message ?? '')
            .replace(/\b(A\d+|\d+)\b/g, '#')
            .replace(/\(.*\)/g, '');
          if (!kinds.has(kind)) kinds.set(kind, c);
        }
        for (const c of kinds.values()) lines.push(`Break in class ${c.label}:`, ...timelineBlock(c, true));
        if (brokenClasses.length > kinds.size)
          lines.push("(every broken class's timeline: --out FILE.md)", '');
      }
    }
  }
  return `${lines.join('\n').replace(/\n{3,}/g, '\n\n')}\n`;
}

export function assumeJson(results: readonly AssumptionResult[], options: RenderOptions): string {
  return `${JSON.stringify(
    {
      format: 'sentinel-conformance/assume@1',
      seed: options.seed,
      runsPerClass: options.runsPerClass,
      profiles: options.profiles,
      assumptions: results.map((r) => ({
        id: r.assumption.id,
        sentence: r.assumption.sentence,
        file: relative(process.cwd(), r.assumption.file),
        explainedBy: r.assumption.explainedBy,
        status: r.status,
        classes: r.classes,
      })),
    },
    null,
    2,
  )}\n`;
}
