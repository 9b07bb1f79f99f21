/**
 * Issue 13's alert-side verdicts: rows compared exactly for Q-TENANT-REPEATS (a speed-up never changes a
 * verdict), and evidence near an export's edges judged (BOTH-DUPLICATES, ALERT-STATUS-NEW-ROW).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { WorkspaceConfig } from '../../model/config.ts';
import { mdcPortalLink, xdrAlertLink } from '../../model/links.ts';
import type { SecurityAlertRow, SecurityIncidentRow } from '../../model/tables.ts';
import { iso, mdcAlertName } from '../../model/time.ts';
import { toTraceReport } from '../../src/trace-check/report.ts';
import { checkRows, verdictOf } from './support.ts';

const SUB = '11111111-2222-4333-8444-555555555551';
const TENANT = '72f988bf-0000-4000-8000-00000000c0de';
const T0 = Date.UTC(2026, 2, 1, 9);
const MIN = 60_000;

const BOTH: WorkspaceConfig = {
  subscriptions: [SUB],
  subscriptionConnector: [{ subscription: SUB, sync: true }],
  tenantConnector: true,
  xdrMdcSetting: 'All alerts',
  xdrConnector: false,
  incidentRules: [],
};

/** An MDC alert's row, raised at `raised`, written at `at`, through one connector. */
function mdcRow(
  n: number,
  raised: number,
  at: number,
  via: 'subscription' | 'tenant',
  status = 'New',
  xdrAlert = `da638000000000000${String(n).padStart(3, '0')}_1`,
): SecurityAlertRow {
  const guid = `6c1d0000-0000-4000-8000-${String(n).padStart(12, '0')}`;
  const name = mdcAlertName(raised, guid);
  return {
    TimeGenerated: iso(at),
    SystemAlertId: `0a0b0c0d-0000-4000-8000-${String(n).padStart(12, '0')}`,
    VendorOriginalId: name,
    AlertName: 'Suspicious process executed',
    AlertSeverity: 'High',
    AlertType: 'VM_SuspiciousProcess',
    ProductName: 'Azure Security Center',
    ProviderName: 'Azure Security Center',
    VendorName: 'Microsoft',
    AlertLink: via === 'subscription' ? mdcPortalLink(name, SUB, 'rg-1') : xdrAlertLink(xdrAlert, TENANT),
    Status: status,
    StartTime: iso(raised),
    EndTime: iso(raised),
    ProcessingEndTime: iso(raised),
    ResourceId: `/subscriptions/${SUB}/resourceGroups/rg-1/providers/Microsoft.Compute/virtualMachines/vm-1`,
  };
}

describe('Q-TENANT-REPEATS compares rows exactly', () => {
  it('should not count a tenant row whose link names another XDR alert as a repeat', () => {
    // Two tenant rows of one alert: the XDR alert ids differ in one character in the middle of the link.
    const first = mdcRow(1, T0, T0 + 10 * MIN, 'tenant', 'New', 'da638000000000000111_1');
    const second = mdcRow(1, T0, T0 + 20 * MIN, 'tenant', 'New', 'da638000000000000211_1');
    expect(first.AlertLink.length).toBe(second.AlertLink.length);
    const result = checkRows([first, second], null);
    expect(verdictOf(result, 'Q-TENANT-REPEATS').occurrences).toBe(0);
    // The same row again is a repeat.
    const again = { ...first, TimeGenerated: iso(T0 + 30 * MIN) };
    expect(verdictOf(checkRows([first, again], null), 'Q-TENANT-REPEATS').occurrences).toBe(1);
  });

  const COLUMNS = [
    'SystemAlertId',
    'AlertName',
    'AlertSeverity',
    'AlertType',
    'ProductName',
    'ProviderName',
    'VendorName',
    'AlertLink',
    'Status',
    'StartTime',
    'EndTime',
    'ProcessingEndTime',
    'ResourceId',
  ] as const;

  it('should tell apart rows that differ in any one character of any column', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...COLUMNS),
        fc.nat(),
        fc.integer({ min: 0x21, max: 0x7e }),
        fc.boolean(),
        (column, at, code, tenant) => {
          const via = tenant ? 'tenant' : 'subscription';
          const first = mdcRow(7, T0, T0 + 10 * MIN, via);
          const text = first[column];
          const i = at % text.length;
          if (text.charCodeAt(i) === code) return;
          const changed = `${text.slice(0, i)}${String.fromCharCode(code)}${text.slice(i + 1)}`;
          const second = { ...first, TimeGenerated: iso(T0 + 20 * MIN), [column]: changed };
          const result = checkRows([first, second], null);
          expect(verdictOf(result, 'Q-TENANT-REPEATS').occurrences).toBe(0);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('should still find a repeat after other rows of the alert, and among many rows', () => {
    const rows: SecurityAlertRow[] = [];
    // 40 distinct statuses through the tenant connector, then the last one again: one certain repeat.
    for (let k = 0; k < 40; k++) rows.push(mdcRow(3, T0, T0 + (k + 1) * MIN, 'tenant', `S${k}`));
    rows.push({ ...(rows.at(-1) as SecurityAlertRow), TimeGenerated: iso(T0 + 50 * MIN) });
    // And the first one again, after others: equal to an older row only (a return), not a repeat.
    rows.push({ ...(rows[0] as SecurityAlertRow), TimeGenerated: iso(T0 + 60 * MIN) });
    const v = verdictOf(checkRows(rows, null), 'Q-TENANT-REPEATS');
    expect(v.occurrences).toBe(1);
    expect(v.detail).toContain('1 more row equal to an older row');
  });
});

function incident(
  n: number,
  provider: 'Microsoft XDR' | 'Azure Sentinel',
  alertIds: string[],
  at: number,
): SecurityIncidentRow {
  return {
    TimeGenerated: iso(at),
    IncidentName: `1e1e0000-0000-4000-8000-${String(n).padStart(12, '0')}`,
    IncidentNumber: n,
    Title: 'Suspicious process executed',
    Severity: 'High',
    Status: 'New',
    Classification: '',
    ProviderName: provider,
    ProviderIncidentId: provider === 'Microsoft XDR' ? String(n) : '',
    Labels: [],
    AlertIds: alertIds,
    CreatedTime: iso(at),
    LastModifiedTime: iso(at),
    ClosedTime: '',
    ModifiedBy: provider,
  };
}

describe('evidence near an export’s edges is judged; only absence there is undecidable', () => {
  it('should judge BOTH-DUPLICATES on an alert whose two rows are in the export, near both ends', () => {
    // Raised before the export's first row, both connectors' rows within minutes: the whole export.
    const sub = mdcRow(1, T0, T0 + 2 * MIN, 'subscription');
    const ten = mdcRow(1, T0, T0 + 9 * MIN, 'tenant');
    const both = verdictOf(checkRows([sub, ten], null, BOTH), 'BOTH-DUPLICATES');
    expect(both).toMatchObject({ status: 'holds', situations: 1 });
    // One connector's row only, that close to the ends: the other's may lie outside the export.
    const one = verdictOf(checkRows([sub], null, BOTH), 'BOTH-DUPLICATES');
    expect(one).toMatchObject({ status: 'undecidable', cause: 'trace-too-short' });
  });

  it('should judge ALERT-STATUS-NEW-ROW when both connectors’ latest rows agree near the end', () => {
    const rows = [
      mdcRow(2, T0, T0 + 2 * MIN, 'subscription'),
      mdcRow(2, T0, T0 + 3 * MIN, 'subscription', 'Resolved'),
      mdcRow(2, T0, T0 + 9 * MIN, 'tenant', 'Resolved'),
    ];
    const v = verdictOf(checkRows(rows, null, BOTH), 'ALERT-STATUS-NEW-ROW');
    expect(v.status).toBe('holds');
    expect(v.detail).toContain('1 alert forwarded by both connectors end with one status in both');
    // Disagreeing that close to the end: the slower connector may still catch up.
    const late = [rows[0], rows[1], mdcRow(2, T0, T0 + 9 * MIN, 'tenant', 'New')] as SecurityAlertRow[];
    expect(verdictOf(checkRows(late, null, BOTH), 'ALERT-STATUS-NEW-ROW').status).not.toBe('violated');
  });

  it('should judge XDR-DUPLICATE-INCIDENTS on an alert both incidents hold, near the incidents export’s ends', () => {
    const config: WorkspaceConfig = {
      ...BOTH,
      xdrConnector: true,
      incidentRules: [{ name: 'mdc', productFilter: ['Azure Security Center'], severitiesFilter: [] }],
    };
    const sub = mdcRow(4, T0, T0 + 2 * MIN, 'subscription');
    const ten = mdcRow(4, T0, T0 + 9 * MIN, 'tenant');
    const incidents = [
      incident(1, 'Azure Sentinel', [sub.SystemAlertId], T0 + 3 * MIN),
      incident(2, 'Microsoft XDR', [sub.SystemAlertId], T0 + 10 * MIN),
    ];
    const both = verdictOf(checkRows([sub, ten], incidents, config), 'XDR-DUPLICATE-INCIDENTS');
    expect(both).toMatchObject({ status: 'holds', situations: 1 });
    // The XDR incident missing that close to the end: it may arrive after the export.
    const one = verdictOf(checkRows([sub, ten], incidents.slice(0, 1), config), 'XDR-DUPLICATE-INCIDENTS');
    expect(one).toMatchObject({ status: 'undecidable', cause: 'trace-too-short' });
  });

  it('should judge an XDR incident holding an MDC alert under No alerts even near the edge', () => {
    const config: WorkspaceConfig = {
      ...BOTH,
      tenantConnector: false,
      xdrMdcSetting: 'No alerts',
      xdrConnector: true,
    };
    const sub = mdcRow(5, T0, T0 + 2 * MIN, 'subscription');
    const incidents = [incident(3, 'Microsoft XDR', [sub.SystemAlertId], T0 + 4 * MIN)];
    const v = verdictOf(checkRows([sub], incidents, config), 'XDR-NO-ALERTS-NO-INCIDENTS');
    expect(v.status).toBe('violated');
  });

  it('should state each table’s time window in the report’s run name (every format shows it)', () => {
    const sub = mdcRow(1, T0, T0 + 2 * MIN, 'subscription');
    const ten = mdcRow(1, T0, T0 + 9 * MIN, 'tenant');
    const result = checkRows(
      [sub, ten],
      [incident(1, 'Azure Sentinel', [sub.SystemAlertId], T0 + 3 * MIN)],
      BOTH,
    );
    expect(toTraceReport(result).runs[0]?.implementation).toBe(
      `alerts.json (TimeGenerated ${iso(T0 + 2 * MIN)} to ${iso(T0 + 9 * MIN)}) + incidents.json (TimeGenerated ${iso(T0 + 3 * MIN)} to ${iso(T0 + 3 * MIN)})`,
    );
  });
});
