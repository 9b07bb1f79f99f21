/**
 * "One SecurityAlert row per alert and status": a query that counts new alerts with
 * `SecurityAlert | where Status == "New" | count`, or a workbook that charts rows as alerts, assumes each
 * MDC alert is written once per status it takes. Judged for every alert that reached Sentinel: no two of its
 * rows carry the same status.
 */
import type { Assumption } from '../../src/assume/assumption.ts';

export const oneRowPerAlert: Assumption = {
  id: 'one-row-per-alert',
  sentence:
    'Each Defender for Cloud alert is written to SecurityAlert once per status it takes (no duplicate rows).',
  explainedBy: ['BOTH-DUPLICATES', 'Q-TENANT-REPEATS'],
  holds(q) {
    let judged = false;
    for (const alert of q.alerts()) {
      const rows = q.rows(alert.handle);
      if (rows.length === 0) continue;
      judged = true;
      const seen = new Map<string, (typeof rows)[number]>();
      for (const row of rows) {
        const first = seen.get(row.status);
        if (first)
          return `${alert.handle} has two ${row.status} rows (rows ${first.index} via the ${first.connector ?? 'unknown'} connector and ${row.index} via the ${row.connector ?? 'unknown'} connector)`;
        seen.set(row.status, row);
      }
    }
    return judged ? true : undefined;
  },
};
