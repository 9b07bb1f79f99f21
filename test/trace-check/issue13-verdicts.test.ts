/**
 * Issue 13's trace verdicts judged in-process: an export with no row is inconclusive (exit 2) in every
 * format, and an advice finding reads as a finding.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { ALERT_COLUMNS, INCIDENT_COLUMNS } from '../../src/trace/index.ts';
import { checkTrace } from '../../src/trace-check/check.ts';
import { traceMarkdown } from '../../src/trace-check/report.ts';
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
      expect(result.verdicts.some((v) => v.status === 'holds' || v.status === 'violated')).toBe(false);
      expect(result.exitCode).toBe(2);
      expect(traceMarkdown(result)).toMatch(/Exit code 2\*\*: nothing was exercised/);
      expect((await checkTrace({ alerts })).exitCode).toBe(2);
    });
  }
});
