import { describe, expect, it } from 'vitest';
import {
  configsAround,
  type configsDuring,
  configsFromStep,
  hadStatusDuring,
  namesAlert,
} from '../../model/invariants/support-incidents.ts';
import { MINUTE } from '../../model/time.ts';
import { interpret } from '../../model/world.ts';
import { at, config, MDC_RULE, nameOf, raise, START_MS, scenario, wait } from '../support/build.ts';
import { configChanged } from './support-incidents.ts';

describe('configuration over time', () => {
  const facts = interpret(
    scenario(
      [raise('A1'), wait(5), configChanged({ kind: 'rule-added', rule: MDC_RULE }), wait(30)],
      config(),
    ),
  );
  const rules = (configs: ReturnType<typeof configsDuring>) => configs.map((c) => c.incidentRules.length);

  it('should read a change at an instant as possibly before and possibly after it', () => {
    expect(rules(configsAround(facts, START_MS + 5 * MINUTE))).toEqual([0, 1]);
  });

  it('should read one configuration away from any change', () => {
    expect(rules(configsAround(facts, START_MS + 2 * MINUTE))).toEqual([0]);
    expect(rules(configsAround(facts, START_MS + 9 * MINUTE))).toEqual([1]);
  });

  it('should list what is in force from a step on', () => {
    expect(rules(configsFromStep(facts, 0))).toEqual([0, 1]);
  });
});

describe('hadStatusDuring', () => {
  const history = [
    { time: at(0), status: 'Active' },
    { time: at(10), status: 'Resolved' },
    { time: at(20), status: 'Active' },
  ];

  it('should see a status taken inside the window', () => {
    expect(hadStatusDuring(history, 'Resolved', START_MS + 8 * MINUTE, START_MS + 12 * MINUTE)).toBe(true);
  });

  it('should see a status already held when the window opens', () => {
    expect(hadStatusDuring(history, 'Resolved', START_MS + 15 * MINUTE, START_MS + 16 * MINUTE)).toBe(true);
  });

  it('should not see a status held only outside the window', () => {
    expect(hadStatusDuring(history, 'Resolved', START_MS + 21 * MINUTE, START_MS + 30 * MINUTE)).toBe(false);
  });
});

describe('namesAlert', () => {
  const alert = interpret(scenario([raise('A1'), wait(30)])).alerts[0];

  it('should match an MDC alert name with a shifted start by its GUID (Q-FUTURE-TIME)', () => {
    if (!alert) throw new Error('no alert');
    expect(namesAlert(nameOf('A1', 90), alert)).toBe(true);
    expect(namesAlert(nameOf('A2', 0), alert)).toBe(false);
  });
});
