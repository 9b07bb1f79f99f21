/**
 * The readers over the real exports in ../shared/data/real/ (see SOURCES.md there), when that folder is
 * present: each file reads fully, and the facts SOURCES.md states are pinned (row counts, providers, the
 * legacy names, zone-less times, and the MDC name encoding the UTC StartTime).
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { mdcNameOfRow } from '../../model/rows.ts';
import type { SecurityAlertRow } from '../../model/tables.ts';
import { decodeMdcAlertName, parseTime } from '../../model/time.ts';
import { readAlerts, readAll } from '../../src/trace/index.ts';
import { REAL } from './support.ts';

const present = existsSync(join(REAL, 'SOURCES.md'));
if (!present) console.warn(`[trace] ${REAL} is absent: the tests over real exports are skipped`);

function countBy<T>(items: readonly T[], key: (item: T) => string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const item of items) out[key(item)] = (out[key(item)] ?? 0) + 1;
  return out;
}

/** MDC rows, and how many have a StartTime within 1 s of the start their name encodes. */
function nameAgreement(rows: readonly SecurityAlertRow[]): { mdc: number; agree: number } {
  const mdc = rows.filter((row) => mdcNameOfRow(row) !== null);
  const agree = mdc.filter((row) => {
    const decoded = decodeMdcAlertName(mdcNameOfRow(row) as string);
    return decoded !== null && Math.abs(decoded.startMs - parseTime(row.StartTime)) <= 1000;
  });
  return { mdc: mdc.length, agree: agree.length };
}

describe.skipIf(!present)('real exports (../shared/data/real)', () => {
  it('alertlist.csv: 189 rows, 2019 names, zone-less UTC, 138/138 MDC names encode StartTime', async () => {
    const { rows, summary } = await readAll(readAlerts(join(REAL, 'alertlist.csv')));
    const alerts = rows.map((r) => r.row);
    expect(alerts).toHaveLength(189);
    expect(summary).toMatchObject({
      format: 'csv',
      rows: 189,
      complete: true,
      bom: false,
      ignoredColumns: [''],
      renamed: {
        VendorOriginalId: 'ProviderAlertId',
        AlertSeverity: 'Severity',
        StartTime: 'StartTimeUtc',
        EndTime: 'EndTimeUtc',
      },
      missingColumns: ['ProductName', 'AlertLink', 'Status', 'ProcessingEndTime'],
      zoneLessTimestamps: 567,
      offsetTimestamps: 0,
    });
    expect(countBy(alerts, (a) => a.ProviderName)).toEqual({
      Detection: 138,
      CustomAlertRule: 36,
      InternalDemo: 15,
    });
    expect(countBy(alerts, (a) => a.VendorName)).toEqual({
      Microsoft: 151,
      'Alert Rule': 36,
      'F5 WAF': 1,
      'Deep Security Agent': 1,
    });
    expect(countBy(alerts, (a) => a.AlertSeverity)).toEqual({
      High: 102,
      Medium: 56,
      Low: 24,
      Informational: 7,
    });
    expect(nameAgreement(alerts)).toEqual({ mdc: 138, agree: 138 });
    const mdc = alerts.filter((a) => a.ProviderName === 'Detection');
    for (const a of mdc) {
      expect(decodeMdcAlertName(a.SystemAlertId)?.guid).toBe(a.VendorOriginalId);
      expect(a.EndTime).toBe(a.StartTime);
      expect(parseTime(a.EndTime)).toBeLessThanOrEqual(parseTime(a.TimeGenerated));
    }
    const times = alerts.map((a) => a.TimeGenerated).sort();
    expect(times[0]?.startsWith('2019-01-10')).toBe(true);
    expect(times.at(-1)?.startsWith('2019-01-15')).toBe(true);
  });

  it('alerts_list.pkl.json: 25 rows, transitional names, 5/5 MDC names encode StartTime', async () => {
    const { rows, summary } = await readAll(readAlerts(join(REAL, 'alerts_list.pkl.json')));
    const alerts = rows.map((r) => r.row);
    expect(summary).toMatchObject({
      format: 'json-array',
      rows: 25,
      complete: true,
      renamed: { AlertSeverity: 'Severity', StartTime: 'StartTimeUtc', EndTime: 'EndTimeUtc' },
      missingColumns: ['Status'],
      zoneLessTimestamps: 100,
    });
    expect(countBy(alerts, (a) => a.ProviderName)).toEqual({ CustomAlertRule: 20, Detection: 5 });
    expect(nameAgreement(alerts)).toEqual({ mdc: 5, agree: 5 });
    for (const a of alerts) expect(a.ProcessingEndTime).toBe(a.TimeGenerated);
    for (const a of alerts.filter((x) => x.ProviderName === 'Detection')) {
      expect(decodeMdcAlertName(a.SystemAlertId)?.guid).toBe(a.VendorOriginalId);
    }
    // Duplicate rows: 2 VendorOriginalIds × 3 copies, each under its own SystemAlertId.
    const copies = Object.entries(countBy(alerts, (a) => a.VendorOriginalId)).filter(([, n]) => n === 3);
    expect(copies).toHaveLength(2);
    for (const [vendorId] of copies) {
      expect(
        new Set(alerts.filter((a) => a.VendorOriginalId === vendorId).map((a) => a.SystemAlertId)).size,
      ).toBe(3);
    }
  });

  it('az_mon_raw_query.json: 3 rows, current schema, every model column present', async () => {
    const { rows, summary } = await readAll(readAlerts(join(REAL, 'az_mon_raw_query.json')));
    const alerts = rows.map((r) => r.row);
    expect(summary).toMatchObject({
      format: 'la-api-json',
      rows: 3,
      complete: true,
      missingColumns: [],
      renamed: {},
      zoneLessTimestamps: 0,
    });
    expect(summary.sourceColumns).toHaveLength(34);
    for (const a of alerts) {
      expect(a).toMatchObject({
        ProviderName: 'ASI Scheduled Alerts',
        ProductName: 'Azure Sentinel',
        Status: 'New',
        AlertLink: '',
      });
      expect(a.SystemAlertId).not.toBe(a.VendorOriginalId);
      expect(a.StartTime.startsWith('2022-01-06')).toBe(true);
      expect(a.TimeGenerated.startsWith('2023-02-20')).toBe(true);
      const lag = parseTime(a.TimeGenerated) - parseTime(a.ProcessingEndTime);
      expect(lag).toBeGreaterThanOrEqual(30);
      expect(lag).toBeLessThanOrEqual(90);
    }
    expect(nameAgreement(alerts)).toEqual({ mdc: 0, agree: 0 });
  });

  it('every real file reads the same in tiny chunks', async () => {
    for (const name of ['alertlist.csv', 'alerts_list.pkl.json', 'az_mon_raw_query.json']) {
      const whole = await readAll(readAlerts(join(REAL, name)));
      const tiny = await readAll(readAlerts(join(REAL, name), { chunkBytes: 97 }));
      expect(tiny.rows).toEqual(whole.rows);
    }
  });
});
