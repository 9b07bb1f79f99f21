/**
 * The HTML renderer as text: self-contained (no scripts, no external assets), every implementation- or
 * scenario-supplied string escaped, one matrix row per behaviour and one column per run, every
 * counterexample linked from its cell. test/report/html-browser.test.ts checks the same page in Chromium.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { escapeHtml, renderHtml } from '../../src/report/html.ts';
import type { Report } from '../../src/report/report.ts';
import { hostile, SCRIPT, sampleReport } from './support.ts';

let report: Report;
beforeAll(async () => {
  report = await sampleReport();
});

describe('escapeHtml', () => {
  it('escapes markup, both quotes, and shows invisible characters', () => {
    expect(escapeHtml(`<a href="x" title='y'>&amp;</a>`)).toBe(
      '&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;amp;&lt;/a&gt;',
    );
    expect(escapeHtml('a\u0000b\u001Bc\u007Fd\tе\n')).toBe('a\\u0000b\\u001Bc\\u007Fd\tе\n');
    expect(escapeHtml('\uD800 \uD83D\uDE00')).toBe('\\uD800 \uD83D\uDE00');
  });
});

describe('renderHtml', () => {
  it('is one self-contained page: inline CSS, no scripts, no external assets', () => {
    const html = renderHtml(report);
    expect(html.startsWith('<!doctype html>')).toBe(true);
    expect(html).toContain(
      '<meta http-equiv="Content-Security-Policy" content="default-src \'none\'; style-src \'unsafe-inline\'">',
    );
    expect(html).not.toMatch(/<script|<link|<img|<iframe|<object|\bsrc=|@import|url\(/i);
    const hrefs = [...html.matchAll(/href="([^"]*)"/g)].map((m) => m[1] ?? '');
    for (const href of hrefs) expect(href).toMatch(/^(#[\w-]+|https:\/\/learn\.microsoft\.com\/[\w\-./]*)$/);
    // Every in-page link has its target.
    for (const href of hrefs.filter((h) => h.startsWith('#')))
      expect(html).toContain(`id="${href.slice(1)}"`);
  });

  it('has a matrix row per behaviour, grouped by area, and a column per run', () => {
    const html = renderHtml(report);
    const ids = new Set(report.runs.flatMap((r) => r.behaviours.map((b) => b.id)));
    expect(html.match(/<tr class="behaviour"/g)).toHaveLength(ids.size);
    expect(html.match(/<th scope="col" class="run">/g)).toHaveLength(report.runs.length);
    const areas = new Set(report.runs.flatMap((r) => r.behaviours.map((b) => b.area)));
    expect(html.match(/<tr class="area">/g)).toHaveLength(areas.size);
    const counterexamples = report.runs.flatMap((r) => r.behaviours.filter((b) => b.counterexample));
    expect(counterexamples.length).toBeGreaterThan(0);
    expect(html.match(/<article class="counterexample"/g)).toHaveLength(counterexamples.length);
    for (const b of counterexamples)
      for (const line of b.counterexample?.timeline ?? []) {
        expect(html).toContain(escapeHtml(line.replace(/^(\+\d+d )?\d\d:\d\d /, '').replace(/ ◀$/, '')));
      }
  });

  it('escapes everything an implementation or a scenario supplies', () => {
    const html = renderHtml(hostile(report));
    expect(html).not.toContain(SCRIPT);
    expect(html).not.toContain('<!--');
    // biome-ignore lint/suspicious/noControlCharactersInRegex: none may reach the page
    expect(html).not.toMatch(/[\u0000-\u0008\u000B\u000C\u000E-\u001F]/);
    expect(html).toContain(escapeHtml(SCRIPT));
    // The markup of the page is the same as for a harmless report: nothing injected opened an element.
    const tags = (text: string) => (text.match(/<[a-z][a-z0-9]*/g) ?? []).length;
    expect(tags(html)).toBe(tags(renderHtml(report)));
  });
});
