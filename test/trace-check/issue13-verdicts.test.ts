/**
 * Issue 13's trace verdicts judged in-process: an export with no row is inconclusive (exit 2) in every
 * format, and an advice finding reads as a finding.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ALERT_COLUMNS, INCIDENT_COLUMNS } from '../../src/trace/index.ts';
import { checkTrace } from '../../src/trace-check/check.ts';
import { traceMarkdown, writeTraceReports } from '../../src/trace-check/report.ts';
import { csv, fixture, jsonArray, laApiJson, removeTemporary, temporaryDir, writeText } from './support.ts';

afterAll(removeTemporary);

const alertColumns = ALERT_COLUMNS.map((c) => c.name);
const incidentColumns = INCIDENT_COLUMNS.map((c) => c.name);

describe('an export with no row', () => {
  const cases: [string, string, string][] = [
    ['a headers-only CSV', 'alerts.csv', csv(alertColumns, [])],
    ['an API JSON with no rows', 'alerts.la.json', laApiJson(alertColumns, [])],
    ['an empty JSON array', 'alerts.json', jsonArray([])],
  ];
  for (const [what, name, text] of cases) {
    it(`should be inconclusive (exit 2), not conform: ${what}`, async () => {
      const dir = temporaryDir();
      const alerts = writeText(dir, name, text);
      const incidents = writeText(
        dir,
        `incidents-${name}`,
        name.endsWith('.csv') ? csv(incidentColumns, []) : laApiJson(incidentColumns, []),
      );
      // Every input given (and the incidents export also empty): nothing undecidable for want of input.
      const result = await checkTrace({ alerts, incidents, config: fixture('config-tenant-only.json') });
      // No behaviour holds or is violated (the configuration's advice is judged: it has no pitfall).
      expect(
        result.verdicts.some(
          (v) => !v.id.startsWith('ADV-') && (v.status === 'holds' || v.status === 'violated'),
        ),
      ).toBe(false);
      expect(result.exitCode).toBe(2);
      expect(traceMarkdown(result)).toMatch(/Exit code 2\*\*: nothing was exercised/);
      expect((await checkTrace({ alerts })).exitCode).toBe(2);
    });
  }
});

describe('an advice finding', () => {
  it('should read as a finding in every format, and exit 1 as lint does', async () => {
    // config-both.json keeps an MDC incident creation rule next to the XDR connector: ADV-NO-RULE-WITH-XDR.
    const result = await checkTrace({
      alerts: fixture('good-alerts.la.json'),
      incidents: fixture('good-incidents.la.json'),
      config: fixture('config-both.json'),
    });
    const id = 'ADV-NO-RULE-WITH-XDR';
    const verdict = result.verdicts.find((v) => v.id === id);
    expect(verdict?.status).not.toBe('holds');
    expect(verdict).toMatchObject({ status: 'violated', violations: 1 });
    expect(verdict?.detail).toMatch(/^finding on the configuration/);
    expect(result.exitCode).toBe(1);
    const out = join(temporaryDir(), 'out');
    const { markdown } = writeTraceReports(out, result);
    const row = markdown.split('\n').find((line) => line.startsWith(`| ${id} |`)) ?? '';
    expect(row).toContain('❌ violated');
    expect(row).not.toContain('holds');
    expect(markdown).toMatch(
      /Exit code 1\*\*: the configuration has a pitfall the article warns about .*ADV-NO-RULE-WITH-XDR/,
    );
    const json = JSON.parse(readFileSync(join(out, 'report.json'), 'utf8'));
    const behaviour = json.runs[0].behaviours.find((b: { id: string }) => b.id === id);
    expect(behaviour.status).toBe('violated');
    const xml = readFileSync(join(out, 'report.xml'), 'utf8');
    const testcase = xml.slice(
      xml.indexOf(`name="${id}`),
      xml.indexOf('</testcase>', xml.indexOf(`name="${id}`)),
    );
    expect(testcase).toContain('<failure');
    const html = readFileSync(join(out, 'report.html'), 'utf8');
    const tr = html.slice(html.indexOf(`id="b-${id}"`), html.indexOf('</tr>', html.indexOf(`id="b-${id}"`)));
    expect(tr).toContain('class="cell s-violated"');
    // A pitfall the configuration does not have: checked, nothing found, so it holds (as lint passes it).
    const clean = result.verdicts.find((v) => v.id === 'ADV-ALL-ALERTS-FOR-TENANT');
    expect(clean?.status).toBe('holds');
    expect(clean?.detail).toBe('the configuration does not have this pitfall');
  });
});
