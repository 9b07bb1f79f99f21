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
import { conclude, type Violation } from '../verdict.ts';
import type { ScenarioFacts } from '../world.ts';
import { clock, describeRow, handleOfRow, isFutureTimeRow, nonUtcOffsetOf, TOL } from './support-alerts.ts';
import { type AlertRowReading, alertOfRowAt, alertRowReadings } from './views.ts';

const TIME_COLUMNS = ['StartTime', 'EndTime', 'ProcessingEndTime', 'TimeGenerated'] as const;
type TimeColumn = (typeof TIME_COLUMNS)[number];

/** How many of the times are readable. */
function readable(times: readonly number[]): number {
  let count = 0;
  for (const time of times) if (Number.isFinite(time)) count += 1;
  return count;
}

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
function inUtc(reading: AlertRowReading, times: readonly number[]): number[] {
  const offset = nonUtcOffsetOf(reading);
  const nameStart = reading.nameStart;
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
    alertRowReadings(context).forEach((reading, index) => {
      const { row } = reading;
      const raw = reading.times;
      if (readable(raw) < 2) return;
      situations += 1;
      let times: readonly number[] = raw;
      let broken = firstBreak(times);
      if (broken && allows(profile, 'Q-NON-UTC-STARTTIME') && nonUtcOffsetOf(reading) !== null) {
        times = inUtc(reading, raw);
        broken = firstBreak(times);
      }
      if (
        broken &&
        allows(profile, 'Q-FUTURE-TIME') &&
        isFutureTimeRow(reading, alertOfRowAt(context, index))
      ) {
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

function nameViolation(facts: ScenarioFacts, reading: AlertRowReading, detail: string): Violation {
  return {
    message:
      `An MDC alert name is <reverseTicks>_<GUID> encoding the alert's UTC StartTime: ` +
      `${describeRow(facts, reading)} ${detail}`,
    witness: {
      alertRows: [reading.index],
      incidentRows: [],
      steps: [],
      alerts: [handleOfRow(facts, reading.row)],
    },
  };
}

/** Inferred from the real samples (143 of 143 rows agree within 1 s); not stated by Microsoft. */
const nameEncodesStart: MustInvariant = {
  id: 'DOC-MDC-NAME-ENCODES-START',
  kind: 'must',
  check(context: CheckContext) {
    const { facts, profile } = context;
    const violations: Violation[] = [];
    let situations = 0;
    alertRowReadings(context).forEach((reading, index) => {
      const { row } = reading;
      if (reading.name === null && row.ProductName !== MDC_PRODUCT) return;
      situations += 1;
      const nameStart = reading.nameStart;
      if (nameStart === null) {
        violations.push(
          nameViolation(
            facts,
            reading,
            `carries no MDC alert name (VendorOriginalId '${row.VendorOriginalId}', SystemAlertId '${row.SystemAlertId}')`,
          ),
        );
        return;
      }
      const start = reading.times[0];
      const shifted = allows(profile, 'Q-NON-UTC-STARTTIME') && nonUtcOffsetOf(reading) !== null;
      if (Number.isFinite(start) && Math.abs(start - nameStart) > TOL && !shifted) {
        violations.push(
          nameViolation(
            facts,
            reading,
            `has a name encoding ${clock(nameStart)} but StartTime ${row.StartTime}`,
          ),
        );
        return;
      }
      const fact = alertOfRowAt(context, index);
      const future = allows(profile, 'Q-FUTURE-TIME') && nameStart > (fact?.raisedAt ?? nameStart) + TOL;
      if (fact && Math.abs(nameStart - fact.raisedAt) > TOL && !future) {
        violations.push(
          nameViolation(
            facts,
            reading,
            `has a name encoding ${clock(nameStart)} but ${fact.alert} was raised at ${clock(fact.raisedAt)}`,
          ),
        );
      }
    });
    return conclude(situations, violations);
  },
};

export const alertTimeBehaviours: Behaviour[] = [timeOrder, nameEncodesStart];
