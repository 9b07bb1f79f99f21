/**
 * The JUnit renderer: one testsuite per run, one testcase per behaviour with the right element for its
 * verdict, counts that add up, and XML that a real parser (Python's expat, through python3) accepts and
 * reads back to the same text — including markup, quotes, line breaks and control characters.
 */
import { spawnSync } from 'node:child_process';
import { beforeAll, describe, expect, it } from 'vitest';
import { renderJunit, xmlAttr, xmlText } from '../../src/report/junit.ts';
import type { Report } from '../../src/report/report.ts';
import { hostile, NASTY, sampleReport } from './support.ts';

interface Node {
  tag: string;
  attrs: Record<string, string>;
  text: string;
  children: Node[];
}

/** Parses XML with Python's expat and returns the element tree as JSON (throws on malformed XML). */
function parseXml(xml: string): Node {
  const program = `
import json, sys, xml.dom.minidom as m
def walk(e):
    kids = [c for c in e.childNodes if c.nodeType == c.ELEMENT_NODE]
    text = ''.join(c.data for c in e.childNodes if c.nodeType == c.TEXT_NODE)
    return {'tag': e.tagName, 'attrs': dict(e.attributes.items()), 'text': text, 'children': [walk(k) for k in kids]}
doc = m.parseString(sys.stdin.buffer.read())
sys.stdout.write(json.dumps(walk(doc.documentElement)))
`;
  const result = spawnSync('python3', ['-c', program], {
    input: Buffer.from(xml, 'utf8'),
    maxBuffer: 64 << 20,
  });
  if (result.error) throw result.error;
  if (result.status !== 0) throw new Error(`not well-formed XML: ${result.stderr.toString()}`);
  return JSON.parse(result.stdout.toString('utf8')) as Node;
}

/** What a string becomes once written and parsed: characters XML cannot carry are shown as \uXXXX. */
function asWritten(text: string): string {
  return text.replace(
    // biome-ignore lint/suspicious/noControlCharactersInRegex: what XML cannot carry
    /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g,
    (c) => `\\u${(c.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}`,
  );
}

let report: Report;
beforeAll(async () => {
  report = await sampleReport();
});

describe('renderJunit', () => {
  it('has one testsuite per run and one testcase per behaviour, named area / "ID: says"', () => {
    const root = parseXml(renderJunit(report));
    expect(root.tag).toBe('testsuites');
    expect(root.children).toHaveLength(report.runs.length);
    report.runs.forEach((run, i) => {
      const suite = root.children[i] as Node;
      expect(suite.tag).toBe('testsuite');
      expect(suite.attrs.name).toBe(`${run.implementation} (${run.profile} profile)`);
      const cases = suite.children.filter((c) => c.tag === 'testcase');
      expect(cases.length).toBe(run.behaviours.length + (run.errored.length > 0 ? 1 : 0));
      run.behaviours.forEach((b, j) => {
        const testcase = cases[j] as Node;
        expect(testcase.attrs).toEqual({ classname: b.area, name: `${b.id}: ${b.says}` });
        const verdict = testcase.children.filter((c) => c.tag !== 'system-out').map((c) => c.tag);
        const expected = {
          holds: [],
          violated: ['failure'],
          errored: ['error'],
          skipped: ['skipped'],
          'not-exercised': ['skipped'],
          undecidable: ['skipped'],
        }[b.status];
        expect(verdict, b.id).toEqual(expected);
      });
      const count = (tag: string) =>
        cases.filter((c) => c.children.some((child) => child.tag === tag)).length;
      expect(Number(suite.attrs.tests)).toBe(cases.length);
      expect(Number(suite.attrs.failures)).toBe(count('failure'));
      expect(Number(suite.attrs.errors)).toBe(count('error'));
      expect(Number(suite.attrs.skipped)).toBe(count('skipped'));
    });
    const total = (key: string) => root.children.reduce((sum, s) => sum + Number(s.attrs[key]), 0);
    for (const key of ['tests', 'failures', 'errors', 'skipped'])
      expect(Number(root.attrs[key])).toBe(total(key));
  });

  it('gives a violated behaviour a failure with its message, counterexample file and timeline', () => {
    const root = parseXml(renderJunit(report));
    const run = report.runs.findIndex((r) => r.summary.violated > 0);
    const b = report.runs[run]?.behaviours.find((x) => x.counterexample);
    const ce = b?.counterexample;
    if (!b || !ce) throw new Error('the sample report has no counterexample');
    const testcase = root.children[run]?.children.find((c) => c.attrs.name === `${b.id}: ${b.says}`);
    const failure = testcase?.children.find((c) => c.tag === 'failure');
    expect(failure?.attrs).toEqual({ message: ce.message, type: 'violated' });
    expect(failure?.text).toContain(ce.file);
    expect(failure?.text).toContain(`seed ${ce.seed}, path ${ce.path}`);
    for (const line of ce.timeline) expect(failure?.text).toContain(line);
    expect(failure?.text).toContain(b.quote);
  });

  it('names every failed scenario, with what went wrong and its stderr, in one more testcase', () => {
    const root = parseXml(renderJunit(report));
    const run = report.runs.findIndex((r) => r.errored.length > 0);
    const errored = report.runs[run]?.errored ?? [];
    const testcase = root.children[run]?.children.at(-1);
    expect(testcase?.attrs.name).toBe('every scenario answered with a valid observation');
    const error = testcase?.children.find((c) => c.tag === 'error');
    expect(error?.attrs.type).toBe('crashed');
    expect(error?.attrs.message).toMatch(
      /^8 of 24 scenarios failed; first: scenario 2 \(seed 7\): crashed: /,
    );
    for (const e of errored)
      expect(error?.text).toContain(`scenario ${e.run} (seed 7): ${e.reason}: ${e.message}`);
    expect(testcase?.children.find((c) => c.tag === 'system-err')?.text).toContain('boom');
    // Each errored behaviour says why, and points at the first failed scenario.
    const behaviourError = root.children[run]?.children
      .find((c) => c.children.some((x) => x.tag === 'error') && c.attrs.classname !== 'Implementation')
      ?.children.find((c) => c.tag === 'error');
    expect(behaviourError?.text).toContain('first: scenario 2 (seed 7): crashed');
  });

  it('gives skipped and not-exercised behaviours their reason', () => {
    const root = parseXml(renderJunit(report));
    const b = report.runs[0]?.behaviours.find((x) => x.status === 'not-exercised');
    if (!b) throw new Error('the sample report has no not-exercised behaviour');
    const testcase = root.children[0]?.children.find((c) => c.attrs.name === `${b.id}: ${b.says}`);
    expect(testcase?.children.find((c) => c.tag === 'skipped')?.attrs.message).toBe(
      `not-exercised: ${b.detail}`,
    );
    const skipped = structuredClone(report);
    const first = skipped.runs[0]?.behaviours[0];
    if (!first) throw new Error('no behaviour');
    first.status = 'skipped';
    first.detail = 'the observed profile does not follow this merge variant';
    const parsed = parseXml(renderJunit(skipped));
    expect(parsed.children[0]?.children.find((c) => c.tag === 'testcase')?.children[0]).toMatchObject({
      tag: 'skipped',
      attrs: { message: 'skipped: the observed profile does not follow this merge variant' },
    });
  });

  it('escapes markup, quotes, line breaks and control characters so that they read back as written', () => {
    const nasty = hostile(report);
    const xml = renderJunit(nasty);
    expect(xml).not.toContain('<script>');
    // biome-ignore lint/suspicious/noControlCharactersInRegex: none may reach the file
    expect(xml).not.toMatch(/[\u0000-\u0008\u000B\u000C\u000E-\u001F]/);
    const root = parseXml(xml);
    nasty.runs.forEach((run, i) => {
      const suite = root.children[i] as Node;
      expect(suite.attrs.name).toBe(asWritten(`${run.implementation} (${run.profile} profile)`));
      expect(suite.children[0]?.children.find((p) => p.attrs.name === 'implementation')?.attrs.value).toBe(
        asWritten(run.implementation),
      );
      for (const b of run.behaviours) {
        const testcase = suite.children.find((c) => c.attrs.name === `${b.id}: ${b.says}`);
        expect(testcase?.children.find((c) => c.tag === 'system-out')?.text).toContain(asWritten(b.detail));
        if (b.counterexample) {
          const failure = testcase?.children.find((c) => c.tag === 'failure');
          expect(failure?.attrs.message).toBe(asWritten(b.counterexample.message));
          expect(failure?.text).toContain(asWritten(b.counterexample.timeline[0] ?? ''));
          expect(failure?.text).toContain(asWritten(b.counterexample.file));
        }
      }
    });
  });

  it('xmlText and xmlAttr', () => {
    expect(xmlText('a < b && c > d ]]>')).toBe('a &lt; b &amp;&amp; c &gt; d ]]&gt;');
    expect(xmlText('\u0000x\u001Fy\uFFFF\uD83D\uDE00\uDE00')).toBe(
      '\\u0000x\\u001Fy\\uFFFF\uD83D\uDE00\\uDE00',
    );
    expect(xmlAttr(`"'\t\n\r`)).toBe('&quot;&apos;&#9;&#10;&#13;');
    expect(NASTY).toContain('\u0000');
  });
});
