/**
 * The HTML report in a real browser: headless Chromium (Debian's /usr/bin/chromium, driven by
 * playwright-core) renders the matrix with a row per behaviour and a column per run, a verdict cell reads
 * as its verdict and how often the situation occurred, a behaviour's citation opens without JavaScript,
 * and markup planted in an implementation name and a violation message shows as text: no dialog, no
 * script element, no request leaves the page.
 *
 * Without Chromium this fails when CI=true (install it: apt-get install -y chromium) and is skipped, with a
 * notice, elsewhere.
 */
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { type Browser, chromium, type Locator, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderHtml } from '../../src/report/html.ts';
import type { Report } from '../../src/report/report.ts';
import { hostile, SCRIPT, sampleReport } from './support.ts';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
/** The text as rendered (Playwright's innerText: what a reader sees, laid out). */
function text(locator: Locator): Promise<string> {
  // biome-ignore lint/performance/useDomNodeTextContent: a Playwright locator; the rendered text is the point
  return locator.innerText();
}

const inCi = /^(1|true|yes)$/i.test(process.env.CI ?? '');
const available = existsSync(CHROMIUM);

if (!available && !inCi) {
  console.warn(
    `\n*** test/report/html-browser.test.ts SKIPPED: no Chromium at ${CHROMIUM} (apt-get install -y chromium). ` +
      'It fails instead when CI=true. ***\n',
  );
}

describe.skipIf(!available && !inCi)('HTML report in Chromium', () => {
  let browser: Browser;
  let report: Report;
  let dir: string;

  beforeAll(async () => {
    if (!available)
      throw new Error(`CI=true but there is no Chromium at ${CHROMIUM}: apt-get install -y chromium`);
    report = await sampleReport();
    dir = mkdtempSync(join(tmpdir(), 'sc-html-'));
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS });
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  /** Opens a report's page; records dialogs, requests other than the page itself, and page errors. */
  async function open(
    subject: Report,
    name: string,
  ): Promise<{ page: Page; dialogs: string[]; requests: string[]; errors: string[] }> {
    const file = join(dir, `${name}.html`);
    writeFileSync(file, renderHtml(subject));
    const url = pathToFileURL(file).href;
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    const dialogs: string[] = [];
    const requests: string[] = [];
    const errors: string[] = [];
    page.on('dialog', (dialog) => {
      dialogs.push(dialog.message());
      void dialog.dismiss();
    });
    page.on('request', (request) => {
      if (request.url() !== url) requests.push(request.url());
    });
    page.on('pageerror', (error) => errors.push(error.message));
    await page.goto(url, { waitUntil: 'load' });
    return { page, dialogs, requests, errors };
  }

  it('renders the matrix: a row per behaviour, a column per run, verdict cells', async () => {
    const { page, requests, errors } = await open(report, 'report');
    const ids = new Set(report.runs.flatMap((r) => r.behaviours.map((b) => b.id)));
    await expect(page.locator('table.matrix tbody tr.behaviour').count()).resolves.toBe(ids.size);
    await expect(page.locator('table.matrix thead th.run').count()).resolves.toBe(report.runs.length);
    await expect(page.locator('table.matrix thead th').count()).resolves.toBe(report.runs.length + 2);
    // Each behaviour row has its header, its kind and one cell per run.
    const first = page.locator('table.matrix tbody tr.behaviour').first();
    await expect(first.locator('td').count()).resolves.toBe(report.runs.length + 1);

    // A violated cell of the mutant, and the same behaviour holding on the reference.
    const mutant = report.runs.findIndex((r) => r.summary.violated > 0);
    const violated = report.runs[mutant]?.behaviours.find((b) => b.counterexample);
    if (!violated) throw new Error('the sample report has no violated behaviour');
    const row = page.locator(`tr#b-${violated.id}`);
    const cells = row.locator('td.cell');
    const cell = (await text(cells.nth(mutant))).replace(/\s+/g, ' ').trim();
    expect(cell).toBe(`✗ violated ${violated.exercised}/${violated.judged} runs`);
    expect((await text(cells.nth(0))).replace(/\s+/g, ' ')).toMatch(/^✓ holds \d+\/24 runs/);
    await expect(cells.nth(mutant).getAttribute('title')).resolves.toContain(violated.detail);
    await expect(
      cells
        .nth(mutant)
        .locator('.verdict')
        .evaluate((el) => el.ownerDocument.defaultView?.getComputedStyle(el).color),
    ).resolves.toBe('rgb(180, 35, 24)');

    // The citation opens without JavaScript; the cell's link leads to the counterexample's timeline.
    const quote = row.locator('th.behaviour blockquote');
    await expect(quote.isVisible()).resolves.toBe(false);
    await row.locator('th.behaviour summary').click();
    await expect(quote.isVisible()).resolves.toBe(true);
    await expect(text(quote)).resolves.toBe(`“${violated.quote}”`);
    await cells.nth(mutant).locator('a').click();
    const target = page.locator(`article.counterexample:target`);
    await expect(target.locator('ol.timeline li').count()).resolves.toBe(
      violated.counterexample?.timeline.length,
    );
    await expect(target.locator('li.witness').count()).resolves.toBeGreaterThan(0);

    expect(requests).toEqual([]);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('shows markup from an implementation name and a violation message as text', async () => {
    const { page, dialogs, requests, errors } = await open(hostile(report), 'hostile');
    await expect(page.locator('script').count()).resolves.toBe(0);
    const card = page.locator('article.card h3').first();
    await expect(card.isVisible()).resolves.toBe(true);
    await expect(text(card)).resolves.toContain(SCRIPT);
    const header = page.locator('table.matrix thead th.run .impl').first();
    await expect(text(header)).resolves.toContain(SCRIPT);
    const message = page.locator('article.counterexample p.message').first();
    await message.scrollIntoViewIfNeeded();
    await expect(message.isVisible()).resolves.toBe(true);
    await expect(text(message)).resolves.toContain(SCRIPT);
    const cellTitle = await page.locator('td.cell.s-violated').first().getAttribute('title');
    expect(cellTitle).toContain(SCRIPT);
    await expect(page.getByText(SCRIPT).first().isVisible()).resolves.toBe(true);
    expect(dialogs).toEqual([]);
    expect(requests).toEqual([]);
    expect(errors).toEqual([]);
    await page.close();
  });
});
