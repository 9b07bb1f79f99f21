/**
 * One page for many implementations: `merge-reports --index` joins the reports of three implementations
 * (the reference, the reference as a module, and a mutant of it) into index.md, index.json and index.html.
 * The JSON is a report (it validates against the report schema) with every run; the Markdown has a column per
 * run and a row per behaviour, with links to counterexamples that resolve from the index's folder; the HTML
 * page, in Chromium when there is one (as html-browser.test.ts), shows the behaviours × runs matrix.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Value } from '@sinclair/typebox/value';
import { chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Report } from '../../src/report/report.ts';
import { ReportSchema } from '../../src/report/report-schema.ts';
import { cleanUp, cli, ROOT, readJson, temporaryDir } from '../cli/support.ts';

afterAll(cleanUp);

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const IMPLEMENTATIONS = [
  ['reference', 'reference'],
  ['module', join(ROOT, 'test/fixtures/fake-sims/module-reference.ts')],
  ['mutant', join(ROOT, 'test/fixtures/fake-sims/module-mutant.ts')],
] as const;

describe('merge-reports --index', () => {
  let dir: string;
  let index: Report;
  let markdown: string;
  let code: number;

  beforeAll(async () => {
    dir = temporaryDir('sc-index-');
    for (const [folder, sut] of IMPLEMENTATIONS) {
      const run = await cli([
        'run',
        '--sut',
        sut,
        '--runs',
        '20',
        '--profile',
        'ideal',
        '--out',
        join(dir, folder),
      ]);
      expect(run.code, run.stderr).toBeLessThan(3);
    }
    const merged = await cli([
      'merge-reports',
      '--index',
      ...IMPLEMENTATIONS.map(([folder]) => join(dir, folder)),
      '--out',
      dir,
    ]);
    code = merged.code;
    index = readJson(join(dir, 'index.json')) as Report;
    markdown = readFileSync(join(dir, 'index.md'), 'utf8');
  }, 300_000);

  it('writes a report with every run, in the order given, valid against the report schema', () => {
    expect(index.runs.map((r) => r.implementation)).toEqual([
      'reference simulator',
      IMPLEMENTATIONS[1][1],
      IMPLEMENTATIONS[2][1],
    ]);
    expect(Value.Check(ReportSchema, index)).toBe(true);
    expect(code).toBe(1); // the mutant violates a behaviour: the worst exit code of the runs
  });

  it('the Markdown has a column per run, a row per behaviour, and links that resolve from its folder', () => {
    const header = markdown.split('\n').find((line) => line.startsWith('| Behaviour | Kind |'));
    expect(header?.split(' | ').length).toBe(2 + index.runs.length);
    for (const b of index.runs[0]?.behaviours ?? []) expect(markdown).toContain(`| ${b.id} | ${b.kind} |`);
    const links = [...markdown.matchAll(/\]\(([^)]+)\)/g)].map((m) => m[1] as string);
    expect(links.length).toBeGreaterThan(0);
    for (const link of links) {
      expect(link.startsWith('mutant/counterexamples/')).toBe(true);
      expect(existsSync(join(dir, link))).toBe(true);
    }
  });

  it.skipIf(!existsSync(CHROMIUM))(
    'the HTML page shows the behaviours × runs matrix in Chromium',
    async () => {
      const browser = await chromium.launch({
        executablePath: CHROMIUM,
        args: ['--headless', '--no-sandbox'],
      });
      try {
        const page = await browser.newPage();
        await page.goto(pathToFileURL(join(dir, 'index.html')).href, { waitUntil: 'load' });
        await expect(page.locator('table.matrix thead th.run').count()).resolves.toBe(index.runs.length);
        const ids = new Set(index.runs.flatMap((r) => r.behaviours.map((b) => b.id)));
        await expect(page.locator('table.matrix tbody tr.behaviour').count()).resolves.toBe(ids.size);
        await expect(page.locator('td.cell.s-violated').count()).resolves.toBe(
          index.runs[2]?.summary.violated,
        );
        await page.close();
      } finally {
        await browser.close();
      }
    },
    60_000,
  );
});
