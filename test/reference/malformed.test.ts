import { describe, expect, it } from 'vitest';
import { config, raise, scenario, wait } from '../support/build.ts';
import { correlate, every, mdcStatus, run } from './support.ts';

describe('simulate', () => {
  describe('a malformed scenario', () => {
    it('should name the step and field of an alert not raised before it', () => {
      const input = scenario([raise('A1'), wait(1), raise('A2'), mdcStatus('A9', 'Resolved')]);

      expect(() => run(input)).toThrow(
        /^timeline\[3\]\.alert: expected an alert raised by an earlier step .*, received "A9"$/,
      );
    });

    it('should reject a step on an alert raised only after it', () => {
      const input = scenario([mdcStatus('A1', 'Resolved'), raise('A1')]);

      expect(() => run(input)).toThrow(/^timeline\[0\]\.alert: expected an alert raised by an earlier step/);
    });

    it('should name the index of an unknown alert in a correlation', () => {
      const input = scenario([raise('A1'), correlate('A1', 'A7')]);

      expect(() => run(input)).toThrow(/^timeline\[1\]\.alerts\[1\]: .*received "A7"$/);
    });

    it('should reject an alert raised in a subscription the tenant does not have', () => {
      const input = scenario([raise('A1', { subscription: 'sub-9' })], config());

      expect(() => run(input)).toThrow(
        /^timeline\[0\]\.subscription: expected a subscription of the tenant at this step .*received "sub-9"$/,
      );
    });

    it('should reject an alert raised twice', () => {
      const input = scenario([raise('A1'), raise('A1')]);

      expect(() => run(input)).toThrow(/^timeline\[1\]\.alert: .*already raised at timeline\[0\]$/);
    });

    it('should reject two alerts with one MDC GUID', () => {
      const input = scenario([raise('A1'), raise('A2', { guid: 'g' }), raise('A3', { guid: 'g' })]);

      expect(() => run(input)).toThrow(
        /^timeline\[2\]\.guid: .*already the GUID of the alert raised at timeline\[1\]$/,
      );
    });

    it('should reject a negative delay in the schedule', () => {
      expect(() => run(scenario([raise('A1')]), every({ tenantDelayMs: -1 }))).toThrow(
        'schedule.perAlert[0].tenantDelayMs',
      );
    });
  });
});
