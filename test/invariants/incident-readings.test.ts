/**
 * The incident-side readings of model/invariants/support-incidents.ts at their edges: times and lists for
 * messages, the configurations possibly in force within ASSUME-TIME-TOLERANCE of a change, and whether a
 * status history shows a status during an interval; and the registry's lookups (model/invariants/index.ts).
 */
import { describe, expect, it } from 'vitest';
import { TIME_TOLERANCE_MS } from '../../model/assumptions.ts';
import { behaviourById, citation } from '../../model/invariants/index.ts';
import {
  configsAround,
  configsDuring,
  hadStatusDuring,
  headOf,
  quoteList,
  when,
} from '../../model/invariants/support-incidents.ts';
import { MINUTE } from '../../model/time.ts';
import { interpret } from '../../model/world.ts';
import { at, config, MDC_RULE, raise, START_MS, scenario, wait } from '../support/build.ts';
import { configChanged } from './support-incidents.ts';

const TOL = TIME_TOLERANCE_MS;
const M = (minutes: number) => START_MS + minutes * MINUTE;

describe('times and lists for messages', () => {
  it('should write a time in full, and say when it cannot be read', () => {
    expect(when(M(0))).toBe('2026-01-01T10:00:00.000Z');
    expect(when(Number.NaN)).toBe('an unreadable time');
  });

  it('should cut a long list after `max` items and count the rest in en-US digits', () => {
    expect(headOf(['a', 'b'], 2)).toEqual({ head: ['a', 'b'], more: '' });
    const many = Array.from({ length: 1_234 }, (_, i) => `sub-${i}`);
    const { head, more } = headOf(many, 3);
    expect(head).toEqual(['sub-0', 'sub-1', 'sub-2']);
    expect(more).toBe(' and 1,231 more');
  });

  it('should quote a list, and write an empty one as []', () => {
    expect(quoteList(['sub-1', 'sub-2'])).toBe("['sub-1', 'sub-2']");
    expect(quoteList(new Set<string>())).toBe('[]');
  });
});

describe('configurations within the tolerance of a change', () => {
  const facts = interpret(
    scenario(
      [raise('A1'), wait(5), configChanged({ kind: 'rule-added', rule: MDC_RULE }), wait(30)],
      config(),
    ),
  );
  const rules = (configs: ReturnType<typeof configsDuring>) => configs.map((c) => c.incidentRules.length);

  it('should leave both open from the tolerance before the change to the tolerance after it', () => {
    expect(rules(configsAround(facts, M(5) - TOL - 1))).toEqual([0]);
    expect(rules(configsAround(facts, M(5) - TOL))).toEqual([0, 1]);
    expect(rules(configsAround(facts, M(5) + TOL))).toEqual([0, 1]);
    expect(rules(configsAround(facts, M(5) + TOL + 1))).toEqual([1]);
  });

  it('should give every configuration of an interval, a change at either end included', () => {
    expect(rules(configsDuring(facts, M(5), M(10)))).toEqual([0, 1]);
    expect(rules(configsDuring(facts, M(0), M(5)))).toEqual([0, 1]);
    expect(rules(configsDuring(facts, M(5) + 1, M(10)))).toEqual([1]);
    expect(rules(configsDuring(facts, M(0), M(5) - 1))).toEqual([0]);
  });
});

describe('hadStatusDuring', () => {
  const history = [
    { time: at(0), status: 'active' },
    { time: at(10), status: 'resolved' },
    { time: at(20), status: 'active' },
  ] as const;

  it('should find the status held when the interval starts, or taken inside it', () => {
    expect(hadStatusDuring(history, 'resolved', M(10), M(12))).toBe(true);
    expect(hadStatusDuring(history, 'resolved', M(5), M(10))).toBe(true);
    expect(hadStatusDuring(history, 'resolved', M(5), M(10) - 1)).toBe(false);
    expect(hadStatusDuring(history, 'resolved', M(20), M(30))).toBe(false);
    expect(hadStatusDuring(history, 'active', M(12), M(15))).toBe(false);
  });
});

describe('the registry', () => {
  it('should find a behaviour and its citation by ID, and refuse an unknown one', () => {
    expect(behaviourById('TEN-SCOPE').id).toBe('TEN-SCOPE');
    expect(citation('TEN-SCOPE').id).toBe('TEN-SCOPE');
    expect(() => behaviourById('NO-SUCH')).toThrow('no behaviour encodes NO-SUCH');
  });
});
