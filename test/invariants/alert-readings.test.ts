/**
 * The alert readings every alert-side invariant shares (model/invariants/support-alerts.ts), each on a hand-made
 * history: the MDC status at an instant, a status held around or by an instant (ASSUME-TIME-TOLERANCE), the MDC
 * events read from MDC's history, times for messages, the connectors' delay bounds, and the configurations in
 * force at, around (ASSUME-COVERAGE-AT-EVENT) and during an interval.
 */
import { describe, expect, it } from 'vitest';
import { COVERAGE_WINDOW_MS, TIME_TOLERANCE_MS } from '../../model/assumptions.ts';
import {
  clock,
  configAt,
  configsAround,
  configsDuring,
  connectorLabel,
  delayMax,
  firstHeld,
  heldAround,
  heldBy,
  type MdcEvent,
  mdcEventsOf,
  statusAt,
} from '../../model/invariants/support-alerts.ts';
import { MINUTE } from '../../model/time.ts';
import { interpret } from '../../model/world.ts';
import { at, nameOf, raise, START_MS, scenario, wait } from '../support/build.ts';
import { configChanged } from './support-alerts.ts';

const TOL = TIME_TOLERANCE_MS;
const M = (minutes: number) => START_MS + minutes * MINUTE;

/** Raised (Active) at 10:00, InProgress at 10:10, Resolved at 10:20. */
const EVENTS: MdcEvent[] = [
  { time: M(0), status: 'Active', raise: true, change: false },
  { time: M(10), status: 'InProgress', raise: false, change: true },
  { time: M(20), status: 'Resolved', raise: false, change: true },
];

describe('statusAt', () => {
  it('should give the status of the last event at or before the instant, none before the raise', () => {
    expect(statusAt(EVENTS, M(0) - 1)).toBeNull();
    expect(statusAt(EVENTS, M(0))).toBe('Active');
    expect(statusAt(EVENTS, M(10) - 1)).toBe('Active');
    expect(statusAt(EVENTS, M(10))).toBe('InProgress');
    expect(statusAt(EVENTS, M(30))).toBe('Resolved');
  });
});

describe('heldAround', () => {
  it('should find a status held within the tolerance either side, in SecurityAlert words', () => {
    expect(heldAround(EVENTS, M(10) + TOL - 1, 'New')).toBe(true);
    expect(heldAround(EVENTS, M(10) + TOL, 'New')).toBe(false);
    expect(heldAround(EVENTS, M(10) - TOL, 'InProgress')).toBe(true);
    expect(heldAround(EVENTS, M(10) - TOL - 1, 'InProgress')).toBe(false);
    expect(heldAround(EVENTS, M(5), 'Active')).toBe(false);
  });
});

describe('heldBy and firstHeld', () => {
  it('should find a status taken by the instant, within the tolerance', () => {
    expect(heldBy(EVENTS, 'Resolved', M(20) - TOL)).toBe(true);
    expect(heldBy(EVENTS, 'Resolved', M(20) - TOL - 1)).toBe(false);
    expect(heldBy(EVENTS, 'New', M(0))).toBe(true);
    expect(heldBy(EVENTS, 'Dismissed', M(60))).toBe(false);
  });

  it('should give when a status was first taken', () => {
    expect(firstHeld(EVENTS, 'Resolved')).toBe(M(20));
    expect(firstHeld(EVENTS, 'New')).toBe(M(0));
    expect(firstHeld(EVENTS, 'Dismissed')).toBeUndefined();
  });
});

describe('mdcEventsOf', () => {
  const fact = interpret(scenario([raise('A1'), wait(30)])).alerts[0] as Parameters<typeof mdcEventsOf>[1];

  it('should read no events without an MDC state', () => {
    expect(mdcEventsOf(undefined, fact)).toBeNull();
  });

  it('should time the raise by the scenario, sort the rest, skip unreadable times and mark repeats as no change', () => {
    const events = mdcEventsOf(
      {
        name: nameOf('A1'),
        statusHistory: [
          { time: at(1), status: 'Active' },
          { time: at(20), status: 'Resolved' },
          { time: at(10), status: 'InProgress' },
          { time: 'later', status: 'Dismissed' },
          { time: at(25), status: 'Resolved' },
        ],
      },
      fact,
    );
    expect(events).toEqual([
      { time: M(0), status: 'Active', raise: true, change: false },
      { time: M(10), status: 'InProgress', raise: false, change: true },
      { time: M(20), status: 'Resolved', raise: false, change: true },
      { time: M(25), status: 'Resolved', raise: false, change: false },
    ]);
  });

  it('should keep a first entry that is not the creation, and equal times in the order of the history', () => {
    const events = mdcEventsOf(
      {
        name: nameOf('A1'),
        statusHistory: [
          { time: at(5), status: 'Resolved' },
          { time: at(5), status: 'Dismissed' },
          { time: at(3), status: 'Active' },
        ],
      },
      fact,
    );
    expect(events?.map((e) => [e.time, e.status, e.change])).toEqual([
      [M(0), 'Active', false],
      [M(3), 'Active', false],
      [M(5), 'Resolved', true],
      [M(5), 'Dismissed', true],
    ]);
  });
});

describe('clock, delayMax and connectorLabel', () => {
  it('should write times without zero milliseconds, and say when a time cannot be read', () => {
    expect(clock(M(0))).toBe('2026-01-01T10:00:00Z');
    expect(clock(M(0) + 5)).toBe('2026-01-01T10:00:00.005Z');
    expect(clock(Number.NaN)).toBe('an unreadable time');
  });

  it("should bound the subscription connector by ASSUME-SUB-DELAY and the tenant one by XDR's ingestion plus its own", () => {
    expect(delayMax('subscription')).toBe(10 * MINUTE);
    expect(delayMax('tenant')).toBe(35 * MINUTE);
    expect(connectorLabel('subscription')).toBe('subscription connector');
    expect(connectorLabel('tenant')).toBe('tenant connector');
  });
});

describe('configurations in force', () => {
  // The tenant connector is switched on at 10:10 (step 2).
  const facts = interpret(
    scenario([raise('A1'), wait(10), configChanged({ kind: 'tenant-connector', enabled: true }), wait(20)]),
  );
  const tenant = (configs: readonly { tenantConnector: boolean }[]) => configs.map((c) => c.tenantConnector);

  it('should take a change at the instant as made (configAt)', () => {
    expect(configAt(facts, M(10) - 1).tenantConnector).toBe(false);
    expect(configAt(facts, M(10)).tenantConnector).toBe(true);
    expect(configAt(facts, M(60)).tenantConnector).toBe(true);
  });

  it('should leave both configurations open within the coverage window of a change (configsAround)', () => {
    const W = COVERAGE_WINDOW_MS;
    expect(tenant(configsAround(facts, M(10) - W - 1))).toEqual([false]);
    expect(tenant(configsAround(facts, M(10) - W))).toEqual([false, true]);
    expect(tenant(configsAround(facts, M(10) + W - 1))).toEqual([false, true]);
    expect(tenant(configsAround(facts, M(10) + W))).toEqual([true]);
    const steady = interpret(scenario([raise('A1'), wait(30)]));
    expect(configsAround(steady, M(5))).toEqual([steady.finalConfig]);
  });

  it('should give every configuration of an interval (configsDuring)', () => {
    expect(tenant(configsDuring(facts, M(0), M(10) - 1))).toEqual([false]);
    expect(tenant(configsDuring(facts, M(0), M(10)))).toEqual([false, true]);
    expect(tenant(configsDuring(facts, M(10), M(20)))).toEqual([true]);
  });
});
