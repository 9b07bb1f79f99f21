/**
 * "One SecurityAlert row per alert and status": a query that counts new alerts with
 * `SecurityAlert | where Status == "New" | count`, or a workbook that charts rows as alerts, assumes each
 * MDC alert is written once per status it takes. Judged for every alert that reached Sentinel: no status
 * has more of its rows than the times Defender for Cloud set the alert to that status (an alert dismissed
 * and then reactivated takes New twice, and two New rows are then right). Active appears as New.
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
      // How many times Defender for Cloud set the alert to each status, in SecurityAlert's words.
      const taken = new Map<string, number>();
      for (const h of q.mdcStatusHistory(alert.handle)) {
        const status = h.status === 'Active' ? 'New' : h.status;
        taken.set(status, (taken.get(status) ?? 0) + 1);
      }
      const seen = new Map<string, (typeof rows)[number][]>();
      for (const row of rows) {
        const same = [...(seen.get(row.status) ?? []), row];
        seen.set(row.status, same);
        const times = taken.get(row.status) ?? 0;
        if (same.length > times) {
          const which = same
            .map((r) => `${r.index} via the ${r.connector ?? 'unknown'} connector`)
            .join(', ');
          return `${alert.handle} has ${same.length} ${row.status} rows (rows ${which}) though Defender for Cloud set it ${row.status} ${times === 1 ? 'once' : `${times} times`}`;
        }
      }
    }
    return judged ? true : undefined;
  },
};
