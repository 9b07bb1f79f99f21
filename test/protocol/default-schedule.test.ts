/** The reference simulator's default schedule: deterministic, within the assumed bounds, no quirks. */
import { describe, expect, it } from 'vitest';
import {
  RULE_DELAY_MAX_MS,
  SUB_DELAY_MAX_MS,
  SYNC_DELAY_MAX_MS,
  TENANT_DELAY_MAX_MS,
  XDR_INCIDENT_DELAY_MAX_MS,
} from '../../model/assumptions.ts';
import { defaultAlertSchedule, scheduleFor } from '../../model/reference/default-schedule.ts';
import { raise, scenario, wait } from '../support/build.ts';

describe('scheduleFor', () => {
  it('has one entry per raised alert, and none without alerts', () => {
    expect(scheduleFor(scenario([wait(5)])).perAlert).toEqual([]);
    const s = scenario([raise('A1'), wait(1), raise('A2'), raise('A3')]);
    expect(scheduleFor(s).perAlert).toHaveLength(3);
    expect(scheduleFor(s)).toEqual(scheduleFor(structuredClone(s)));
  });

  it('keeps every delay within its bound, the tenant slower than the subscription, and no quirks', () => {
    const seen = new Set<number>();
    for (let i = 0; i < 500; i++) {
      const a = defaultAlertSchedule(i);
      expect(a.subscriptionDelayMs).toBeGreaterThan(0);
      expect(a.subscriptionDelayMs).toBeLessThanOrEqual(SUB_DELAY_MAX_MS);
      expect(a.tenantDelayMs).toBeLessThanOrEqual(TENANT_DELAY_MAX_MS);
      expect(a.tenantDelayMs).toBeGreaterThan(a.subscriptionDelayMs);
      expect(a.xdrIncidentDelayMs).toBeLessThanOrEqual(XDR_INCIDENT_DELAY_MAX_MS);
      expect(a.ruleDelayMs).toBeLessThanOrEqual(RULE_DELAY_MAX_MS);
      expect(a.syncDelayMs).toBeLessThanOrEqual(SYNC_DELAY_MAX_MS);
      expect(a).toMatchObject({
        tenantRepeatGapsMs: [],
        futureMs: 0,
        nonUtcOffsetMinutes: 0,
        incidentBeforeAlert: false,
      });
      seen.add(a.subscriptionDelayMs);
    }
    // Delays vary with the alert, so alerts overtake one another.
    expect(seen.size).toBeGreaterThan(100);
    expect(defaultAlertSchedule(0)).not.toEqual(defaultAlertSchedule(1));
  });
});
