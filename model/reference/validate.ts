/**
 * Rejects malformed input before the simulator runs it, with an error naming the field. The scenario is
 * checked by the protocol's own validation (model/schema.ts). A schedule is malformed when a delay is negative or not a number (it would run the clock backwards); delays above the
 * ASSUME-… bounds are accepted, so a schedule can deliberately break a bound.
 */
import type { Scenario } from '../scenario.ts';
import { validateScenario } from '../schema.ts';
import type { AlertSchedule, Schedule } from './schedule.ts';

function fail(field: string, message: string): never {
  throw new Error(`${field}: ${message}`);
}

function quote(value: unknown): string {
  return typeof value === 'string' ? `'${value}'` : String(value);
}

const DELAYS = [
  'subscriptionDelayMs',
  'tenantDelayMs',
  'xdrIngestDelayMs',
  'xdrIncidentCreateDelayMs',
  'xdrIncidentDelayMs',
  'ruleDelayMs',
  'syncDelayMs',
  'xdrSyncDelayMs',
  'futureMs',
] as const satisfies readonly (keyof AlertSchedule)[];

/** Fields added after schedule files were first written: absent means zero. */
const OPTIONAL: readonly (keyof AlertSchedule)[] = [
  'xdrIngestDelayMs',
  'xdrIncidentCreateDelayMs',
  'xdrSyncDelayMs',
];

function isDuration(value: number): boolean {
  return Number.isFinite(value) && value >= 0;
}

export function validateSchedule(schedule: Schedule): void {
  schedule.perAlert.forEach((entry, i) => {
    for (const field of DELAYS) {
      if (OPTIONAL.includes(field) && entry[field] === undefined) continue;
      if (!isDuration(entry[field])) {
        fail(`schedule.perAlert[${i}].${field}`, `${quote(entry[field])} is not a duration in ms`);
      }
    }
    entry.tenantRepeatGapsMs.forEach((gap, k) => {
      if (!isDuration(gap)) {
        fail(`schedule.perAlert[${i}].tenantRepeatGapsMs[${k}]`, `${quote(gap)} is not a duration in ms`);
      }
    });
    if (!Number.isFinite(entry.nonUtcOffsetMinutes)) {
      fail(
        `schedule.perAlert[${i}].nonUtcOffsetMinutes`,
        `${quote(entry.nonUtcOffsetMinutes)} is not a number`,
      );
    }
  });
}

/**
 * The simulator's entry check: the scenario against the protocol's schema and its story rules
 * (model/schema.ts, which names the field), then the schedule.
 */
export function validateInput(scenario: Scenario, schedule: Schedule = { perAlert: [] }): void {
  validateScenario(scenario);
  validateSchedule(schedule);
}
