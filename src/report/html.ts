/**
 * The report as one static, self-contained HTML page: inline CSS, no external assets, no JavaScript (a
 * Content-Security-Policy forbids scripts outright). First a card per run (implementation × profile), then
 * the behaviours × runs matrix (rows grouped by area; each cell the verdict and how often the situation
 * occurred, the detail on hover; each behaviour's citation in a details row), then the scenarios an
 * implementation failed, then each counterexample as its timeline.
 *
 * Pure. Everything that comes from an implementation, a scenario or the catalogue goes through escapeHtml.
 */
import { occurrence } from './junit.ts';
import { type BehaviourResult, type ImplementationRun, type Report, stoppedSentence } from './report.ts';

/** C0 controls other than tab and line breaks, DEL, lone surrogates and non-characters: shown as `\uXXXX`. */
const INVISIBLE =
  // biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is its purpose
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** Escapes text for HTML element content and quoted attribute values. */
export function escapeHtml(text: string): string {
  return text
    .replace(INVISIBLE, (c) => `\\u${(c.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}`)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

const e = escapeHtml;

const VERDICT: Record<BehaviourResult['status'], { icon: string; word: string }> = {
  holds: { icon: '✓', word: 'holds' },
  violated: { icon: '✗', word: 'violated' },
  'not-exercised': { icon: '○', word: 'not exercised' },
  undecidable: { icon: '?', word: 'undecidable' },
  errored: { icon: '!', word: 'errored' },
  skipped: { icon: '»', word: 'skipped' },
};

function pct(share: number): string {
  return `${(share * 100).toFixed(share === 0 || share === 1 ? 0 : 1)}%`;
}

/** The short form of how often the situation occurred, for a matrix cell. */
function shortOccurrence(b: BehaviourResult): string {
  switch (b.kind) {
    case 'must':
      return `${b.exercised}/${b.judged} runs`;
    case 'typical':
      return `${pct(b.rate ?? 0)} of ${b.situations}`;
    case 'quirk':
      return `shown ${b.occurrences ?? 0}×`;
    case 'advice':
      return `flagged ${b.occurrences ?? 0}×`;
  }
}

function citationText(b: BehaviourResult): string {
  if (b.quote) return `“${b.quote}”${b.line === null ? '' : ` (article line ${b.line})`}`;
  return b.reference ? `Microsoft's documentation: ${b.reference}` : b.says;
}

/** learn.microsoft.com paths of the catalogue, as links; anything else stays text. */
function referenceLinks(reference: string): string {
  return reference
    .split(/;\s*/)
    .map((ref) =>
      /^[a-z0-9.-]+\.[a-z]{2,}\/[\w\-./]*$/i.test(ref)
        ? `<a href="https://${e(ref)}" rel="noreferrer">${e(ref)}</a>`
        : e(ref),
    )
    .join('; ');
}

function outcomeOf(run: ImplementationRun): { word: string; tone: string } {
  switch (run.summary.exitCode) {
    case 0:
      return { word: 'Conforms', tone: 'ok' };
    case 1:
      return { word: 'Does not conform', tone: 'bad' };
    case 2:
      return { word: 'Inconclusive', tone: 'warn' };
    case 3:
      return { word: 'Broken', tone: 'broken' };
  }
}

function runLabel(run: ImplementationRun): string {
  return `${e(run.implementation)} <span class="profile">${e(run.profile)}</span>`;
}

function anchor(runIndex: number, id: string): string {
  return `ce-${runIndex}-${id.replace(/[^A-Za-z0-9-]/g, '_')}`;
}

function runCard(run: ImplementationRun, index: number): string {
  const s = run.summary;
  const { word, tone } = outcomeOf(run);
  const counts = (['holds', 'violated', 'not-exercised', 'undecidable', 'errored', 'skipped'] as const)
    .map(
      (status) =>
        `<li class="s-${status}${s[status] === 0 ? ' zero' : ''}"><b>${s[status]}</b> ${VERDICT[status].word}</li>`,
    )
    .join('');
  return `<article class="card tone-${tone}" id="run-${index}">
  <h3>${runLabel(run)}</h3>
  <p class="outcome">${word} <span class="exit">exit code ${s.exitCode}</span></p>
  <ul class="counts">${counts}</ul>
  <p class="fine">${run.runs} generated scenarios · seed ${run.seed} · merge variant ${e(run.merge)}${run.erroredRuns > 0 ? ` · <a href="#errored-${index}">${run.erroredRuns} failed scenario${run.erroredRuns === 1 ? '' : 's'}</a>` : ''}${run.stopped ? ` · stopped after ${run.stopped.after}` : ''}</p>
</article>`;
}

interface Row {
  id: string;
  area: string;
  /** The first run's entry: the catalogue text is the same in every run. */
  entry: BehaviourResult;
}

/** Behaviours of every run, in first-seen order, grouped by area (areas in first-seen order). */
function rowsOf(report: Report): Map<string, Row[]> {
  const seen = new Map<string, Row>();
  for (const run of report.runs) {
    for (const b of run.behaviours) if (!seen.has(b.id)) seen.set(b.id, { id: b.id, area: b.area, entry: b });
  }
  const areas = new Map<string, Row[]>();
  for (const row of seen.values()) {
    const list = areas.get(row.area) ?? [];
    list.push(row);
    areas.set(row.area, list);
  }
  return areas;
}

function cell(run: ImplementationRun, runIndex: number, id: string): string {
  const b = run.behaviours.find((x) => x.id === id);
  if (!b) return '<td class="cell none" title="not checked in this run">—</td>';
  const { icon, word: said } = VERDICT[b.status];
  const v = {
    icon,
    word: b.status === 'skipped' && b.detail.startsWith('unsupported:') ? `${said} (unsupported)` : said,
  };
  const title = `${v.word}: ${b.detail}\n${occurrence(b)}`;
  const word = b.counterexample
    ? `<a href="#${anchor(runIndex, b.id)}">${e(v.word)}</a>`
    : `<span class="word">${e(v.word)}</span>`;
  const floor = b.belowFloor ? ' <span class="floor" title="below the no-vacuity floor">▾</span>' : '';
  return `<td class="cell s-${b.status}" title="${e(title)}"><span class="verdict"><span class="icon" aria-hidden="true">${v.icon}</span> ${word}</span><span class="occ">${e(shortOccurrence(b))}${floor}</span></td>`;
}

function behaviourHeader(b: BehaviourResult): string {
  const source = b.quote
    ? `<blockquote>${e(`“${b.quote}”`)}</blockquote><p class="cite">${b.line === null ? 'the article' : `article line ${b.line}`}</p>`
    : `<p class="cite">Microsoft's documentation${b.reference ? `: ${referenceLinks(b.reference)}` : ''}</p>`;
  return `<th scope="row" class="behaviour" title="${e(citationText(b))}"><details><summary><code class="id">${e(b.id)}</code> <span class="says">${e(b.says)}</span></summary>${source}</details></th>`;
}

function matrix(report: Report): string {
  const runs = report.runs;
  const head = runs
    .map(
      (run, i) =>
        `<th scope="col" class="run"><a href="#run-${i}"><span class="impl">${e(run.implementation)}</span></a><span class="profile">${e(run.profile)}</span></th>`,
    )
    .join('');
  const body: string[] = [];
  for (const [area, rows] of rowsOf(report)) {
    body.push(
      `<tr class="area"><th colspan="${runs.length + 2}" scope="rowgroup">${e(area)} <span class="n">${rows.length}</span></th></tr>`,
    );
    for (const row of rows) {
      const cells = runs.map((run, i) => cell(run, i, row.id)).join('');
      body.push(
        `<tr class="behaviour" id="b-${e(row.id)}">${behaviourHeader(row.entry)}<td class="kind k-${row.entry.kind}">${e(row.entry.kind)}</td>${cells}</tr>`,
      );
    }
  }
  return `<div class="scroll"><table class="matrix">
<thead><tr><th scope="col" class="corner">Behaviour</th><th scope="col" class="kind">kind</th>${head}</tr></thead>
<tbody>
${body.join('\n')}
</tbody>
</table></div>`;
}

function erroredSection(run: ImplementationRun, index: number): string {
  if (run.errored.length === 0) return '';
  const rows = run.errored
    .map(
      (x) =>
        `<tr><td class="num">${x.run}</td><td class="what"><span class="reason">${e(x.reason)}</span></td><td>${e(x.message)}${
          x.file ? ` <span class="fine">replay: <code>${e(x.file)}</code></span>` : ''
        }${
          x.stderr.trim() === ''
            ? ''
            : `<details class="stderr"><summary>stderr</summary><pre>${e(x.stderr)}</pre></details>`
        }</td></tr>`,
    )
    .join('\n');
  return `<article class="errored" id="errored-${index}">
<h3>${runLabel(run)}: failed scenarios</h3>
<p class="fine">Scenario numbers are indices into the run's generated scenarios (seed ${run.seed}); ${run.erroredRuns} failed${run.erroredRuns > run.errored.length ? `, the first ${run.errored.length} are listed` : ''}.${run.stopped ? ` ${e(stoppedSentence(run) ?? '')}` : ''}</p>
<table class="list"><thead><tr><th scope="col">scenario</th><th scope="col">what</th><th scope="col">message</th></tr></thead>
<tbody>
${rows}
</tbody></table>
</article>`;
}

const TIME = /^(\+\d+d \d\d:\d\d|\d\d:\d\d|\?\?:\?\?) (.*)$/s;

function timelineItem(line: string): string {
  const witness = line.endsWith(' ◀');
  const text = witness ? line.slice(0, -2) : line;
  const m = TIME.exec(text);
  const time = m ? (m[1] ?? '') : '';
  const what = m ? (m[2] ?? '') : text;
  const kind = /^Security(Alert|Incident) row/.test(what) ? 'row' : 'step';
  return `<li class="${kind}${witness ? ' witness' : ''}"><time>${e(time)}</time><span class="what">${e(what)}</span>${
    witness ? '<span class="mark" title="part of the witness">◀</span>' : ''
  }</li>`;
}

function counterexampleSection(run: ImplementationRun, index: number, b: BehaviourResult): string {
  const ce = b.counterexample;
  if (!ce) return '';
  return `<article class="counterexample" id="${anchor(index, b.id)}">
<h3><code class="id">${e(b.id)}</code> <span class="on">on ${runLabel(run)}</span></h3>
<p class="says">${e(b.says)}</p>
${b.quote ? `<blockquote>${e(`“${b.quote}”`)}${b.line === null ? '' : ` <span class="cite">article line ${b.line}</span>`}</blockquote>` : ''}
<p class="message">${e(ce.message)}</p>
<ol class="timeline">
${ce.timeline.map(timelineItem).join('\n')}
</ol>
<p class="fine">Shrunk to ${ce.size} step${ce.size === 1 ? '' : 's'} · seed ${ce.seed} · path <code>${e(ce.path)}</code> · file <code>${e(ce.file)}</code></p>
<pre class="replay">sentinel-conformance replay ${e(ce.file)} --sut …</pre>
</article>`;
}

const CSS = `
:root {
  --ink: #1d2330; --muted: #5d6678; --line: #dfe3ea; --paper: #ffffff; --wash: #f5f7fa;
  --ok: #17803d; --ok-bg: #e7f6ec; --bad: #b42318; --bad-bg: #fdecea; --warn: #946200; --warn-bg: #fff5d6;
  --broken: #8e1a6e; --broken-bg: #fbe9f6; --none: #6b7280; --none-bg: #f1f3f6; --skip: #3d5a99; --skip-bg: #eaf0fb;
  --accent: #2452c7;
}
* { box-sizing: border-box; }
html { -webkit-text-size-adjust: 100%; }
body { margin: 0; background: var(--wash); color: var(--ink);
  font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", "DejaVu Sans", Arial, sans-serif; }
code, pre, time, .occ, .num { font-family: ui-monospace, "SFMono-Regular", Menlo, Consolas, "DejaVu Sans Mono", monospace; }
a { color: var(--accent); }
header.top { background: #17202f; color: #f3f5f9; padding: 22px 32px 18px; }
header.top h1 { margin: 0 0 4px; font-size: 22px; font-weight: 650; letter-spacing: -0.01em; }
header.top p { margin: 0; color: #b9c2d3; font-size: 13px; }
header.top code { color: #e3e8f1; }
main { padding: 24px 32px 48px; max-width: 1600px; }
h2 { font-size: 17px; margin: 32px 0 12px; font-weight: 650; }
h2:first-child { margin-top: 0; }
h3 { font-size: 15px; margin: 0 0 8px; font-weight: 650; overflow-wrap: anywhere; }
.fine { color: var(--muted); font-size: 12.5px; margin: 6px 0 0; overflow-wrap: anywhere; }
.profile { display: inline-block; font-size: 11px; font-weight: 600; text-transform: uppercase; letter-spacing: .04em;
  background: #e6eaf2; color: #3b4558; border-radius: 4px; padding: 1px 6px; vertical-align: 2px; }
.cards { display: grid; grid-template-columns: repeat(auto-fill, minmax(300px, 1fr)); gap: 14px; }
.card { background: var(--paper); border: 1px solid var(--line); border-left: 5px solid var(--none);
  border-radius: 8px; padding: 14px 16px; }
.card.tone-ok { border-left-color: var(--ok); } .card.tone-bad { border-left-color: var(--bad); }
.card.tone-warn { border-left-color: var(--warn); } .card.tone-broken { border-left-color: var(--broken); }
.outcome { margin: 0 0 8px; font-weight: 650; font-size: 15px; }
.tone-ok .outcome { color: var(--ok); } .tone-bad .outcome { color: var(--bad); }
.tone-warn .outcome { color: var(--warn); } .tone-broken .outcome { color: var(--broken); }
.exit { font-weight: 400; color: var(--muted); font-size: 12.5px; margin-left: 6px; }
.counts { list-style: none; margin: 0; padding: 0; display: flex; flex-wrap: wrap; gap: 6px; }
.counts li { font-size: 12px; border-radius: 999px; padding: 2px 9px; background: var(--none-bg); color: var(--none); }
.counts li b { font-weight: 700; }
.counts li.zero { display: none; }
.counts li.zero.s-holds, .counts li.zero.s-violated { display: list-item; opacity: .55; }
.scroll { overflow-x: auto; background: var(--paper); border: 1px solid var(--line); border-radius: 8px; }
table { border-collapse: separate; border-spacing: 0; }
table.matrix { width: 100%; }
.matrix th, .matrix td { border-bottom: 1px solid var(--line); padding: 7px 10px; text-align: left; vertical-align: top; }
.matrix thead th { position: sticky; top: 0; background: #eef1f6; font-size: 12px; font-weight: 650; color: #3b4558;
  border-bottom: 1px solid #cfd5df; z-index: 1; }
.matrix thead th.run { min-width: 150px; max-width: 240px; }
.matrix thead th.run .impl { display: block; font-family: ui-monospace, Menlo, Consolas, "DejaVu Sans Mono", monospace;
  font-weight: 600; overflow-wrap: anywhere; margin-bottom: 3px; }
.matrix thead th.run a { color: inherit; text-decoration: none; }
.matrix tr.area th { background: #f7f8fb; font-size: 12px; text-transform: uppercase; letter-spacing: .05em;
  color: #46506a; padding-top: 12px; }
.matrix tr.area .n { font-weight: 400; color: var(--muted); margin-left: 4px; }
.matrix th.behaviour { font-weight: 400; min-width: 300px; max-width: 560px; }
.matrix tr.behaviour:hover > * { background-color: #fafbfd; }
details > summary { cursor: pointer; }
th.behaviour summary { list-style: none; }
th.behaviour summary::-webkit-details-marker { display: none; }
th.behaviour summary::before { content: "▸"; color: #9aa3b5; display: inline-block; width: 12px; }
th.behaviour details[open] summary::before { content: "▾"; }
.id { font-size: 12px; font-weight: 600; color: #26324a; background: #eef1f6; padding: 1px 5px; border-radius: 4px; }
th.behaviour .says { color: var(--ink); }
blockquote { margin: 8px 0 2px 12px; padding: 4px 0 4px 12px; border-left: 3px solid #c7cfdd; color: #3b4558; font-style: italic; }
.cite { margin: 2px 0 4px 12px; color: var(--muted); font-size: 12px; }
td.kind { color: var(--muted); font-size: 12px; white-space: nowrap; }
td.kind.k-must { color: #3b4558; }
td.cell { white-space: nowrap; }
td.cell .verdict { display: inline-flex; align-items: center; gap: 5px; font-weight: 600; border-radius: 5px; padding: 1px 8px 1px 6px; }
td.cell .icon { display: inline-block; width: 16px; height: 16px; line-height: 16px; text-align: center; border-radius: 50%;
  font-size: 11px; font-weight: 700; color: #fff; }
td.cell .occ { display: block; font-size: 11.5px; color: var(--muted); margin: 3px 0 0 2px; }
td.cell a { color: inherit; }
.s-holds .verdict { color: var(--ok); background: var(--ok-bg); } .s-holds .icon { background: var(--ok); }
.s-violated .verdict { color: var(--bad); background: var(--bad-bg); } .s-violated .icon { background: var(--bad); }
.s-not-exercised .verdict { color: var(--none); background: var(--none-bg); } .s-not-exercised .icon { background: #9aa1ad; }
.s-undecidable .verdict { color: var(--warn); background: var(--warn-bg); } .s-undecidable .icon { background: var(--warn); }
.s-errored .verdict { color: var(--broken); background: var(--broken-bg); } .s-errored .icon { background: var(--broken); }
.s-skipped .verdict { color: var(--skip); background: var(--skip-bg); } .s-skipped .icon { background: var(--skip); }
.counts .s-holds { color: var(--ok); background: var(--ok-bg); } .counts .s-violated { color: var(--bad); background: var(--bad-bg); }
.counts .s-undecidable { color: var(--warn); background: var(--warn-bg); } .counts .s-errored { color: var(--broken); background: var(--broken-bg); }
.counts .s-skipped { color: var(--skip); background: var(--skip-bg); }
.floor { color: var(--warn); }
td.none { color: #b0b6c2; }
.errored, .counterexample { background: var(--paper); border: 1px solid var(--line); border-radius: 8px; padding: 16px 18px; margin: 0 0 14px; }
.counterexample { border-left: 5px solid var(--bad); }
.errored { border-left: 5px solid var(--broken); }
.counterexample .on { font-weight: 400; color: var(--muted); margin-left: 6px; }
.counterexample .says { margin: 0 0 4px; }
.message { margin: 10px 0; padding: 8px 12px; background: var(--bad-bg); color: #7a1810; border-radius: 6px; overflow-wrap: anywhere; }
table.list { width: 100%; margin-top: 10px; }
table.list th, table.list td { text-align: left; vertical-align: top; padding: 6px 10px; border-bottom: 1px solid var(--line); }
table.list th { font-size: 12px; color: var(--muted); font-weight: 600; }
table.list td { overflow-wrap: anywhere; }
table.list td.num, table.list td.what { width: 1%; white-space: nowrap; }
.stderr summary { color: var(--muted); font-size: 12px; }
.reason { font-weight: 600; color: var(--broken); white-space: nowrap; }
pre { margin: 6px 0 0; padding: 8px 10px; background: #f4f6f9; border-radius: 6px; font-size: 12px; white-space: pre-wrap; overflow-wrap: anywhere; }
pre.replay { background: #17202f; color: #e3e8f1; }
ol.timeline { list-style: none; margin: 10px 0 0; padding: 0; border-left: 2px solid var(--line); }
ol.timeline li { display: flex; gap: 12px; padding: 3px 10px; margin-left: -2px; border-left: 2px solid transparent; }
ol.timeline time { flex: 0 0 auto; min-width: 5.5em; color: var(--muted); font-size: 12.5px; }
ol.timeline .what { overflow-wrap: anywhere; }
ol.timeline li.step .what { font-weight: 600; }
ol.timeline li.row .what { font-family: ui-monospace, Menlo, Consolas, "DejaVu Sans Mono", monospace; font-size: 12.5px; color: #36405a; }
ol.timeline li.witness { background: var(--bad-bg); border-left-color: var(--bad); }
ol.timeline .mark { color: var(--bad); margin-left: auto; padding-left: 8px; }
.legend { display: flex; flex-wrap: wrap; gap: 14px; margin: 0 0 10px; padding: 0; list-style: none; color: var(--muted); font-size: 12.5px; }
.legend .icon { display: inline-block; width: 15px; height: 15px; line-height: 15px; text-align: center; border-radius: 50%;
  font-size: 10px; font-weight: 700; color: #fff; margin-right: 4px; }
footer { color: var(--muted); font-size: 12px; padding: 0 32px 32px; }
@media (max-width: 800px) {
  header.top, main { padding-left: 16px; padding-right: 16px; }
  .matrix th.behaviour { min-width: 220px; position: sticky; left: 0; background: var(--paper); z-index: 1; box-shadow: 1px 0 0 var(--line); }
}
@media print { body { background: #fff; } .scroll { overflow: visible; } .matrix thead th { position: static; } }
`;

function legend(): string {
  return `<ul class="legend">${Object.entries(VERDICT)
    .map(
      ([status, v]) =>
        `<li class="s-${status}"><span class="icon" aria-hidden="true">${v.icon}</span>${v.word}</li>`,
    )
    .join(
      '',
    )}<li><span class="floor">▾</span> situation below the no-vacuity floor</li><li>hover a verdict for its detail</li></ul>`;
}

export function renderHtml(report: Report): string {
  const counterexamples = report.runs.flatMap((run, i) =>
    run.behaviours.filter((b) => b.counterexample).map((b) => counterexampleSection(run, i, b)),
  );
  const errored = report.runs.map(erroredSection).filter(Boolean);
  const behaviourCount = [...rowsOf(report).values()].flat().length;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<title>sentinel-conformance report</title>
<style>${CSS}</style>
</head>
<body>
<header class="top">
<h1>Sentinel connector conformance</h1>
<p>sentinel-conformance ${e(report.suite.version)} · ${behaviourCount} behaviours × ${report.runs.length} run${report.runs.length === 1 ? '' : 's'} · article <code>${e(report.article.file)}</code> (SHA-256 <code>${e(report.article.sha256.slice(0, 16))}…</code>)</p>
</header>
<main>
<h2>Runs</h2>
<section class="cards">
${report.runs.map(runCard).join('\n')}
</section>
<h2>Behaviours × implementations</h2>
${legend()}
${matrix(report)}
${errored.length > 0 ? `<h2>Failed scenarios</h2>\n${errored.join('\n')}` : ''}
${counterexamples.length > 0 ? `<h2>Counterexamples</h2>\n${counterexamples.join('\n')}` : ''}
</main>
<footer>Hover a verdict for its detail; open a behaviour for its citation. Counterexample files replay with <code>sentinel-conformance replay FILE --sut …</code>.</footer>
</body>
</html>
`;
}
