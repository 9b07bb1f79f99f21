/**
 * Rejects a malformed scenario before the simulator runs it, with an error naming the field
 * (`timeline[3].alert: 'A9' is not raised before this step`). Malformed means the timeline cannot be read
 * as a story: a step names an alert not raised before it, an alert is raised twice (by handle or MDC GUID),
 * an alert is raised in a subscription the tenant does not have, or a time is not a time. A schedule is
 * malformed when a delay is negative or not a number (it would run the clock backwards); delays above the
 * ASSUME-… bounds are accepted, so a schedule can deliberately break a bound.
 */
import type { Scenario } from '../scenario.ts';
import { parseTime } from '../time.ts';
import type { Step } from '../timeline.ts';
import type { AlertSchedule, Schedule } from './schedule.ts';

function fail(field: string, message: string): never {
  throw new Error(`${field}: ${message}`);
}

function quote(value: unknown): string {
  return typeof value === 'string' ? `'${value}'` : String(value);
}

/** The alert handles a step refers to, with their field paths. */
function alertRefs(step: Step, index: number): { field: string; alert: string }[] {
  switch (step.type) {
    case 'mdc-status-changed':
    case 'sentinel-incident-closed':
    case 'sentinel-incident-updated':
    case 'xdr-incident-closed':
      return [{ field: `timeline[${index}].alert`, alert: step.alert }];
    case 'xdr-correlated':
      return step.alerts.map((alert, k) => ({ field: `timeline[${index}].alerts[${k}]`, alert }));
    case 'wait':
    case 'alert-raised':
    case 'subscription-added':
    case 'config-changed':
      return [];
    default: {
      const unknown: never = step;
      return fail(`timeline[${index}].type`, `unknown step ${quote((unknown as Step).type)}`);
    }
  }
}

const DELAYS = [
  'subscriptionDelayMs',
  'tenantDelayMs',
  'xdrIncidentDelayMs',
  'ruleDelayMs',
  'syncDelayMs',
  'futureMs',
] as const satisfies readonly (keyof AlertSchedule)[];

function isDuration(value: number): boolean {
  return Number.isFinite(value) && value >= 0;
}

export function validateSchedule(schedule: Schedule): void {
  schedule.perAlert.forEach((entry, i) => {
    for (const field of DELAYS) {
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

export function validateScenario(scenario: Scenario, schedule: Schedule = { perAlert: [] }): void {
  validateSchedule(schedule);
  if (!Number.isFinite(parseTime(scenario.start))) {
    fail('start', `${quote(scenario.start)} is not an ISO-8601 time`);
  }
  if (!isDuration(scenario.settleMinutes)) {
    fail('settleMinutes', `${quote(scenario.settleMinutes)} is not a duration in minutes`);
  }
  const raisedAt = new Map<string, number>();
  const guidOwner = new Map<string, string>();
  const subscriptions = new Set(scenario.config.subscriptions);
  scenario.timeline.forEach((step, index) => {
    for (const { field, alert } of alertRefs(step, index)) {
      if (!raisedAt.has(alert)) fail(field, `${quote(alert)} is not raised before this step`);
    }
    if (step.type === 'wait' && !isDuration(step.minutes)) {
      fail(`timeline[${index}].minutes`, `${quote(step.minutes)} is not a duration in minutes`);
    }
    if (step.type === 'subscription-added') subscriptions.add(step.subscription);
    if (step.type === 'alert-raised') {
      const earlier = raisedAt.get(step.alert);
      if (earlier !== undefined) {
        fail(`timeline[${index}].alert`, `${quote(step.alert)} is already raised at timeline[${earlier}]`);
      }
      const owner = guidOwner.get(step.guid);
      if (owner !== undefined) {
        fail(`timeline[${index}].guid`, `${quote(step.guid)} is already the GUID of ${quote(owner)}`);
      }
      if (!subscriptions.has(step.subscription)) {
        fail(
          `timeline[${index}].subscription`,
          `${quote(step.subscription)} is not a subscription of the tenant at this step`,
        );
      }
      raisedAt.set(step.alert, index);
      guidOwner.set(step.guid, step.alert);
    }
  });
}
