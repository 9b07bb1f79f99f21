/**
 * The real exports in ../shared/data/real (microsoft/msticpy samples, see SOURCES.md) through check-trace:
 * what the checks find is pinned here, and the committed reports under reports/real-samples must be what
 * `npm run real-samples` writes now. When the data directory is absent (a checkout without ../shared), the
 * tests are skipped with a visible notice.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { TraceCheckResult } from '../../src/trace-check/check.ts';
import {
  checkRealSample,
  REAL_DATA_DIR,
  REAL_REPORTS_DIR,
  realSampleFiles,
} from '../../src/trace-check/real-samples.ts';
import { toTraceReport, traceJson, traceMarkdown } from '../../src/trace-check/report.ts';
import { verdictOf } from './support.ts';

const present = existsSync(REAL_DATA_DIR);
if (!present) {
  console.warn(
    `NOTICE: ${REAL_DATA_DIR} is absent: the real-sample trace checks are SKIPPED (they run whenever it is there).`,
  );
}

describe.skipIf(!present)('check-trace on the real samples', () => {
  const results = new Map<string, TraceCheckResult>();
  beforeAll(async () => {
    for (const file of realSampleFiles()) results.set(file, await checkRealSample(file));
  });
  const result = (file: string) => results.get(file) as TraceCheckResult;

  it('should find the three sample files', () => {
    expect(realSampleFiles()).toEqual(['alertlist.csv', 'alerts_list.pkl.json', 'az_mon_raw_query.json']);
  });

  it('alertlist.csv: 138 MDC rows, each StartTime agreeing with its name-encoded start', () => {
    const r = result('alertlist.csv');
    expect(r.counts).toMatchObject({ alertRows: 189, mdcRows: 138, mdcAlerts: 138 });
    expect(verdictOf(r, 'DOC-MDC-NAME-ENCODES-START')).toMatchObject({ status: 'holds', situations: 138 });
    expect(verdictOf(r, 'DOC-MDC-NAME-ENCODES-START').detail).toContain('in 138 of 138 MDC rows');
    expect(verdictOf(r, 'DOC-TIME-ORDER')).toMatchObject({ status: 'holds', situations: 189 });
    expect(verdictOf(r, 'ALERT-ID-STABLE')).toMatchObject({ status: 'holds', situations: 138 });
    expect(r.alerts.zoneLessTimestamps).toBe(567);
    expect(r.alerts.missingColumns).toEqual(['ProductName', 'AlertLink', 'Status', 'ProcessingEndTime']);
  });

  it('alertlist.csv: the link and status checks are undecidable, for want of AlertLink and Status', () => {
    const r = result('alertlist.csv');
    for (const id of ['SUB-LINK', 'TEN-LINK', 'TEN-SLOWER', 'DOC-TEN-NO-INFORMATIONAL']) {
      expect(verdictOf(r, id)).toMatchObject({ status: 'undecidable', cause: 'missing-column' });
      expect(verdictOf(r, id).detail).toContain('no AlertLink column');
    }
    expect(verdictOf(r, 'ALERT-STATUS-NEW-ROW').detail).toContain('no Status column');
  });

  it('alerts_list.pkl.json: 5 MDC rows agreeing with their names; AlertLink present but empty', () => {
    const r = result('alerts_list.pkl.json');
    expect(r.counts).toMatchObject({ alertRows: 25, mdcRows: 5, mdcAlerts: 5 });
    expect(verdictOf(r, 'DOC-MDC-NAME-ENCODES-START').detail).toContain('in 5 of 5 MDC rows');
    expect(verdictOf(r, 'DOC-TIME-ORDER')).toMatchObject({ status: 'holds', situations: 25 });
    expect(verdictOf(r, 'SUB-LINK')).toMatchObject({ status: 'undecidable', cause: 'empty-column' });
    expect(r.alerts.zoneLessTimestamps).toBe(100);
  });

  it('az_mon_raw_query.json: no MDC row; the time order holds in its 3 scheduled-rule rows', () => {
    const r = result('az_mon_raw_query.json');
    expect(r.counts).toMatchObject({ alertRows: 3, mdcRows: 0 });
    expect(verdictOf(r, 'DOC-TIME-ORDER')).toMatchObject({ status: 'holds', situations: 3 });
    expect(verdictOf(r, 'ALERT-ID-STABLE').status).toBe('not-exercised');
    expect(r.alerts.zoneLessTimestamps).toBe(0);
  });

  it('should see no violation and no quirk in any sample, and exit 2 (no configuration, no incidents)', () => {
    for (const r of results.values()) {
      expect(r.verdicts.filter((v) => v.status === 'violated')).toEqual([]);
      expect(r.verdicts.filter((v) => v.id.startsWith('Q-')).map((v) => v.occurrences ?? 0)).toEqual([
        0, 0, 0, 0,
      ]);
      expect(r.exitCode).toBe(2);
    }
  });

  it('should match the committed reports (regenerate: npm run real-samples)', () => {
    for (const file of realSampleFiles()) {
      const r = result(file);
      const dir = join(REAL_REPORTS_DIR, file);
      const report = toTraceReport(r);
      expect(readFileSync(join(dir, 'report.json'), 'utf8'), file).toBe(
        `${JSON.stringify(report, null, 2)}\n`,
      );
      expect(readFileSync(join(dir, 'report.md'), 'utf8'), file).toBe(traceMarkdown(r, report));
      expect(readFileSync(join(dir, 'trace.json'), 'utf8'), file).toBe(traceJson(r));
    }
  });

  it('should copy no row content into the reports', () => {
    for (const file of realSampleFiles()) {
      const text = readFileSync(join(REAL_REPORTS_DIR, file, 'report.md'), 'utf8');
      for (const secret of [
        'MSTICAlertsWin1',
        'Suspicious Account Creation Detected',
        'DC local group addition',
      ]) {
        expect(text).not.toContain(secret);
      }
    }
  });
});
