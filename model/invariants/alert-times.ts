/**
 * The times of a SecurityAlert row, from Microsoft's schema and the real samples rather than the article:
 * StartTime ≤ EndTime ≤ ProcessingEndTime ≤ TimeGenerated, and an MDC alert name that encodes the alert's
 * UTC start (which is what lets a checker tell a shifted StartTime from a real one). The two time quirks are
 * exceptions only under a profile that allows them: a Q-NON-UTC-STARTTIME row is judged with its StartTime
 * and EndTime read back in UTC, a Q-FUTURE-TIME row only for StartTime ≤ EndTime. Columns left empty are
 * not compared (older schemas lack ProcessingEndTime).
 */
import { MDC_PRODUCT } from '../config.ts';
import type { Behaviour, CheckContext, MustInvariant } from '../invariant.ts';
import { allows } from '../profile.ts';
import { alertOfRow, mdcNameOfRow } from '../rows.ts';
import type { SecurityAlertRow } from '../tables.ts';
import { parseTime } from '../time.ts';
import { conclude, type Violation } from '../verdict.ts';
import {
  clock,
  describeRow,
  handleOfRow,
  isFutureTimeRow,
  nameStartOf,
  nonUtcOffsetOf,
  TOL,
} from './support-alerts.ts';

const TIME_COLUMNS = ['StartTime', 'EndTime', 'ProcessingEndTime', 'TimeGenerated'] as const;
type TimeColumn = (typeof TIME_COLUMNS)[number];

/** The first adjacent pair of present times out of order, as column indices. */
function firstBreak(times: readonly number[]): [number, number] | null {
  let previous: number | null = null;
  for (let i = 0; i < times.length; i++) {
    const time = times[i] as number;
    if (!Number.isFinite(time)) continue;
    if (previous !== null && time < (times[previous] as number) - TOL) return [previous, i];
    previous = i;
  }
  return null;
}

/** StartTime and EndTime read back in UTC when the row shows Q-NON-UTC-STARTTIME. */
function inUtc(row: SecurityAlertRow, times: readonly number[]): number[] {
  const offset = nonUtcOffsetOf(row);
  const nameStart = nameStartOf(row);
  if (offset === null || nameStart === null) return [...times];
  const [start, end, processed, generated] = times as [number, number, number, number];
  const endShifted = Math.abs(end - (nameStart + offset)) <= TOL;
  return [start - offset, endShifted ? end - offset : end, processed, generated];
}

/** The Sentinel security alert schema's column meanings; held in every row of the real samples. */
const timeOrder: MustInvariant = {
  id: 'DOC-TIME-ORDER',
  kind: 'must',
  check(context: CheckContext) {
    const { facts, profile } = context;
    const violations: Violation[] = [];
    let situations = 0;
    context.observation.SecurityAlert.forEach((row, index) => {
      const raw = TIME_COLUMNS.map((c) => parseTime(row[c]));
      if (raw.filter(Number.isFinite).length < 2) return;
      situations += 1;
      let times = raw;
      let broken = firstBreak(times);
      if (broken && allows(profile, 'Q-NON-UTC-STARTTIME') && nonUtcOffsetOf(row) !== null) {
        times = inUtc(row, raw);
        broken = firstBreak(times);
      }
      if (broken && allows(profile, 'Q-FUTURE-TIME') && isFutureTimeRow(row, alertOfRow(facts, row))) {
        broken = firstBreak(times.slice(0, 2));
      }
      if (!broken) return;
      const [a, b] = broken;
      const colA = TIME_COLUMNS[a] as TimeColumn;
      const colB = TIME_COLUMNS[b] as TimeColumn;
      violations.push({
        message:
          `In every SecurityAlert row StartTime ≤ EndTime ≤ ProcessingEndTime ≤ TimeGenerated: ` +
          `${describeRow(facts, { index, row, time: raw[3] as number })} has ${colA} ${row[colA]} after ` +
          `${colB} ${row[colB]}`,
        witness: { alertRows: [index], incidentRows: [], steps: [], alerts: [handleOfRow(facts, row)] },
      });
    });
    return conclude(situations, violations);
  },
};

/** Inferred from the real samples (143 of 143 rows agree within 1 s); not stated by Microsoft. */
const nameEncodesStart: MustInvariant = {
  id: 'DOC-MDC-NAME-ENCODES-START',
  kind: 'must',
  check(context: CheckContext) {
    const { facts, profile } = context;
    const violations: Violation[] = [];
    let situations = 0;
    context.observation.SecurityAlert.forEach((row, index) => {
      const name = mdcNameOfRow(row);
      if (name === null && row.ProductName !== MDC_PRODUCT) return;
      situations += 1;
      const entry = { index, row, time: parseTime(row.TimeGenerated) };
      const fail = (detail: string) =>
        violations.push({
          message:
            `An MDC alert name is <reverseTicks>_<GUID> encoding the alert's UTC StartTime: ` +
            `${describeRow(facts, entry)} ${detail}`,
          witness: { alertRows: [index], incidentRows: [], steps: [], alerts: [handleOfRow(facts, row)] },
        });
      const nameStart = nameStartOf(row);
      if (nameStart === null) {
        fail(
          `carries no MDC alert name (VendorOriginalId '${row.VendorOriginalId}', SystemAlertId '${row.SystemAlertId}')`,
        );
        return;
      }
      const start = parseTime(row.StartTime);
      const shifted = allows(profile, 'Q-NON-UTC-STARTTIME') && nonUtcOffsetOf(row) !== null;
      if (Number.isFinite(start) && Math.abs(start - nameStart) > TOL && !shifted) {
        fail(`has a name encoding ${clock(nameStart)} but StartTime ${row.StartTime}`);
        return;
      }
      const fact = alertOfRow(facts, row);
      const future = allows(profile, 'Q-FUTURE-TIME') && nameStart > (fact?.raisedAt ?? nameStart) + TOL;
      if (fact && Math.abs(nameStart - fact.raisedAt) > TOL && !future) {
        fail(
          `has a name encoding ${clock(nameStart)} but ${fact.alert} was raised at ${clock(fact.raisedAt)}`,
        );
      }
    });
    return conclude(situations, violations);
  },
};

export const alertTimeBehaviours: Behaviour[] = [timeOrder, nameEncodesStart];
