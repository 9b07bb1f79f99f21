/**
 * XDR-REDIRECT and DOC-NO-MERGE-CLOSED on a hand-made SecurityIncident export (a portal CSV written by the
 * test) where an XDR incident is closed WITHOUT the Redirected tag while another XDR incident takes its alert
 * (issue 13, item 1). Only labelled incidents used to be looked at, so this was judged "holds".
 */
import { afterAll, describe, expect, it } from 'vitest';
import { checkTrace } from '../../src/trace-check/check.ts';
import { csv, fixture, removeTemporary, temporaryDir, verdictOf, writeText } from './support.ts';

afterAll(removeTemporary);

const COLUMNS = [
  'TenantId',
  'TimeGenerated',
  'IncidentName',
  'Title',
  'Severity',
  'Status',
  'Classification',
  'ProviderName',
  'ProviderIncidentId',
  'LastModifiedTime',
  'CreatedTime',
  'ClosedTime',
  'IncidentNumber',
  'AlertIds',
  'Labels',
  'ModifiedBy',
];
const TENANT = '00000000-0000-4000-8000-00000000aaaa';
/** SystemAlertIds of alerts in three-alerts.la.json. */
const ID1 = '5f1c0a7e-0000-4000-8000-000000000001';
const ID2 = '5f1c0a7e-0000-4000-8000-000000000002';
const REDIRECT = [{ labelName: 'Redirected', labelType: 'AutoAssigned' }];

interface Part {
  number: number;
  xdrId: string;
  /** HH:MM on 2026-01-05. */
  at: string;
  created: string;
  status?: string;
  ids: string[];
  labels?: unknown[];
  provider?: string;
}

function row(part: Part): Record<string, unknown> {
  const time = (hm: string) => `2026-01-05T${hm}:00.0000000Z`;
  const closed = part.status === 'Closed';
  return {
    TenantId: TENANT,
    TimeGenerated: `2026-01-05T${part.at}:02.0000000Z`,
    IncidentName: `3fa85f64-5717-4562-b3fc-${String(part.number).padStart(12, '0')}`,
    Title: 'Suspicious process executed',
    Severity: 'Medium',
    Status: part.status ?? 'New',
    Classification: closed ? 'TruePositive' : '',
    ProviderName: part.provider ?? 'Microsoft XDR',
    ProviderIncidentId: part.xdrId,
    LastModifiedTime: time(part.at),
    CreatedTime: time(part.created),
    ClosedTime: closed ? time(part.at) : '',
    IncidentNumber: part.number,
    AlertIds: part.ids,
    Labels: part.labels ?? [],
    ModifiedBy: 'Microsoft 365 Defender',
  };
}

/** Two XDR incidents of one alert each; the second takes the first's alert at 09:20, when the first is closed. */
function merged(closedAt: string, labels: unknown[] = []): Record<string, unknown>[] {
  return [
    row({ number: 100, xdrId: '4100', at: '09:02', created: '09:02', ids: [ID1] }),
    row({ number: 101, xdrId: '4101', at: '09:03', created: '09:03', ids: [ID2] }),
    row({ number: 100, xdrId: '4100', at: closedAt, created: '09:02', status: 'Closed', ids: [ID1], labels }),
    row({ number: 101, xdrId: '4101', at: '09:20', created: '09:03', ids: [ID2, ID1] }),
    // A later incident, so the export runs long enough after the merge for every sync to land.
    row({ number: 1, xdrId: '1', at: '10:30', created: '10:30', ids: [], provider: 'Azure Sentinel' }),
  ];
}

async function judge(rows: Record<string, unknown>[]) {
  const dir = temporaryDir();
  const incidents = writeText(dir, 'incidents.csv', csv(COLUMNS, rows));
  return checkTrace({ alerts: fixture('three-alerts.la.json'), incidents });
}

describe('an XDR incident closed without the Redirected tag while another takes its alert', () => {
  it('should violate XDR-REDIRECT, witnessed by both incidents', async () => {
    const verdict = verdictOf(await judge(merged('09:20')), 'XDR-REDIRECT');
    expect(verdict.status, verdict.detail).toBe('violated');
    const first = verdict.witnesses[0];
    expect(first?.message).toMatch(/Redirect/);
    expect(first?.rows.map((r) => [r.fileRow, r.incidentNumber])).toEqual([
      [3, 100],
      [4, 101],
    ]);
  });

  it('should hold when the closed incident carries the Redirected tag', async () => {
    const verdict = verdictOf(await judge(merged('09:20', REDIRECT)), 'XDR-REDIRECT');
    expect(verdict.status, verdict.detail).toBe('holds');
    expect(verdict.situations).toBeGreaterThan(0);
  });

  it('should leave it to DOC-NO-MERGE-CLOSED when the incident was closed long before its alert was taken', async () => {
    const rows = merged('09:05');
    // The taking row comes an hour after the close: XDR correlated an incident it had long closed.
    rows[3] = row({ number: 101, xdrId: '4101', at: '10:05', created: '09:03', ids: [ID2, ID1] });
    const late = await judge(rows);
    expect(verdictOf(late, 'XDR-REDIRECT').status).not.toBe('violated');
    const closed = verdictOf(late, 'DOC-NO-MERGE-CLOSED');
    expect(closed.status, closed.detail).toBe('violated');
    expect(closed.witnesses[0]?.rows.map((r) => r.incidentNumber)).toEqual([100, 101]);
  });
});
