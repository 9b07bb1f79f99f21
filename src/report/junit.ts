/**
 * The report as JUnit XML, for CI test views: one <testsuite> per run (implementation and profile), one
 * <testcase> per behaviour (classname = its area, name = "ID: says"). A violated behaviour is a <failure>
 * with its message, counterexample timeline and file; an errored one an <error>; skipped, not-exercised
 * and undecidable ones are <skipped> with the reason. When the implementation failed scenarios (crashed,
 * hung, broke the protocol), one more testcase names each of them, with what went wrong and its stderr.
 *
 * Pure. Everything is escaped, including characters XML 1.0 cannot carry at all (most C0 controls, lone
 * surrogates, U+FFFE/U+FFFF): those are written as the visible text `\uXXXX`.
 */
import { type BehaviourResult, type ImplementationRun, type Report, stoppedSentence } from './report.ts';

/** Characters no XML 1.0 document may contain, not even as a character reference. */
const NOT_XML =
  // biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is its purpose
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

function visible(char: string): string {
  return `\\u${(char.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}`;
}

/** Escapes text for XML element content. */
export function xmlText(text: string): string {
  return text
    .replace(NOT_XML, visible)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/\r/g, '&#13;');
}

/** Escapes text for a double- or single-quoted XML attribute; tabs and line breaks survive parsing. */
export function xmlAttr(text: string): string {
  return xmlText(text)
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;')
    .replace(/\t/g, '&#9;')
    .replace(/\n/g, '&#10;');
}

function attrs(values: Record<string, string | number | undefined>): string {
  return Object.entries(values)
    .filter(([, value]) => value !== undefined)
    .map(([key, value]) => ` ${key}="${xmlAttr(String(value))}"`)
    .join('');
}

function pct(share: number): string {
  return `${(share * 100).toFixed(1)}%`;
}

/** How often the behaviour's situation occurred, in words. */
export function occurrence(b: BehaviourResult): string {
  if (b.kind === 'typical') return `${b.situations} situations, typical outcome in ${pct(b.rate ?? 0)}`;
  if (b.kind === 'quirk') return `shown ${b.occurrences ?? 0} times`;
  if (b.kind === 'advice') return `flagged ${b.occurrences ?? 0} times`;
  return `situation in ${b.exercised}/${b.judged} runs (${pct(b.share)})${b.belowFloor ? ', below the floor' : ''}`;
}

function citation(b: BehaviourResult): string {
  if (b.quote) return `“${b.quote}”${b.line === null ? '' : ` (article line ${b.line})`}`;
  return b.reference ? `Microsoft's documentation: ${b.reference}` : '';
}

function failureBody(b: BehaviourResult): string {
  const lines = [`${b.id}: ${b.says}`, citation(b), '', b.detail];
  const ce = b.counterexample;
  if (ce) {
    lines.push(
      '',
      `counterexample: ${ce.file} (seed ${ce.seed}, path ${ce.path}, shrunk to ${ce.size} steps)`,
      `replay: sentinel-conformance replay ${ce.file} --sut …`,
      '',
      ...ce.timeline,
    );
  }
  return lines.join('\n');
}

function erroredLine(run: ImplementationRun, e: ImplementationRun['errored'][number]): string {
  return `scenario ${e.run} (seed ${run.seed}): ${e.reason}: ${e.message}${e.file ? ` (replay: ${e.file})` : ''}`;
}

function testcase(run: ImplementationRun, b: BehaviourResult): string {
  const open = `    <testcase${attrs({ classname: b.area, name: `${b.id}: ${b.says}` })}>`;
  const out = `      <system-out>${xmlText(`${b.status}: ${b.detail}\n${occurrence(b)}\n${citation(b)}`)}</system-out>`;
  const inner: string[] = [];
  switch (b.status) {
    case 'violated':
      inner.push(
        `      <failure${attrs({ message: b.counterexample?.message ?? b.detail, type: 'violated' })}>${xmlText(failureBody(b))}</failure>`,
      );
      break;
    case 'errored': {
      const first = run.errored[0];
      const body = [b.detail, ...(first ? [`first: ${erroredLine(run, first)}`] : [])].join('\n');
      inner.push(`      <error${attrs({ message: b.detail, type: 'errored' })}>${xmlText(body)}</error>`);
      break;
    }
    case 'skipped':
    case 'not-exercised':
    case 'undecidable':
      inner.push(`      <skipped${attrs({ message: `${b.status}: ${b.detail}` })}/>`);
      break;
    case 'holds':
      break;
  }
  return [open, ...inner, out, '    </testcase>'].join('\n');
}

/** The testcase that lists the scenarios the implementation failed; none when it failed none. */
function scenariosCase(run: ImplementationRun): string[] {
  const [first] = run.errored;
  if (!first) return [];
  const listed = run.errored.length < run.erroredRuns ? ` (the first ${run.errored.length} listed)` : '';
  const stopped = stoppedSentence(run);
  const message = `${run.erroredRuns} of ${run.runs} scenarios failed${listed}; first: ${erroredLine(run, first)}${stopped ? `. ${stopped}` : ''}`;
  const body = run.errored.map((e) => erroredLine(run, e)).join('\n');
  const stderr = run.errored
    .filter((e) => e.stderr.trim() !== '')
    .map((e) => `--- scenario ${e.run} stderr ---\n${e.stderr}`)
    .join('\n');
  return [
    `    <testcase${attrs({ classname: 'Implementation', name: 'every scenario answered with a valid observation' })}>`,
    `      <error${attrs({ message, type: first.reason })}>${xmlText(body)}</error>`,
    ...(stderr ? [`      <system-err>${xmlText(stderr)}</system-err>`] : []),
    '    </testcase>',
  ];
}

interface Counts {
  tests: number;
  failures: number;
  errors: number;
  skipped: number;
}

function countsOf(run: ImplementationRun): Counts {
  const extra = run.errored.length > 0 ? 1 : 0;
  const s = run.summary;
  return {
    tests: run.behaviours.length + extra,
    failures: s.violated,
    errors: s.errored + extra,
    skipped: s.skipped + s['not-exercised'] + s.undecidable,
  };
}

function testsuite(report: Report, run: ImplementationRun, index: number): string {
  const c = countsOf(run);
  const properties: [string, string | number][] = [
    ['implementation', run.implementation],
    ['profile', run.profile],
    ['merge-variant', run.merge],
    ['seed', run.seed],
    ['runs', run.runs],
    ['conforms', String(run.summary.conforms)],
    ['exit-code', run.summary.exitCode],
    ['suite-version', report.suite.version],
    ['article-sha256', report.article.sha256],
  ];
  return [
    `  <testsuite${attrs({ name: `${run.implementation} (${run.profile} profile)`, id: index, tests: c.tests, failures: c.failures, errors: c.errors, skipped: c.skipped })}>`,
    '    <properties>',
    ...properties.map(([name, value]) => `      <property${attrs({ name, value })}/>`),
    '    </properties>',
    ...run.behaviours.map((b) => testcase(run, b)),
    ...scenariosCase(run),
    '  </testsuite>',
  ].join('\n');
}

export function renderJunit(report: Report): string {
  const total = report.runs.map(countsOf).reduce<Counts>(
    (sum, c) => ({
      tests: sum.tests + c.tests,
      failures: sum.failures + c.failures,
      errors: sum.errors + c.errors,
      skipped: sum.skipped + c.skipped,
    }),
    { tests: 0, failures: 0, errors: 0, skipped: 0 },
  );
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites${attrs({ name: `sentinel-conformance ${report.suite.version}`, ...total })}>`,
    ...report.runs.map((run, i) => testsuite(report, run, i)),
    '</testsuites>',
    '',
  ].join('\n');
}
