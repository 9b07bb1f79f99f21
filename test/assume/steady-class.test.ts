/**
 * A configuration class of the matrix is a steady configuration: its scenarios never change it, or a class
 * like "sub off · tenant off" would see alerts reach Sentinel through a connector switched on mid-timeline
 * (the generator's sync-switch episode enables the subscription connector).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CHECKING } from '../../properties/settings.ts';
import { caseArbFor, matrixClasses } from '../../src/assume/search.ts';

describe('a steady configuration class', () => {
  it('should generate no configuration change in any matrix class', () => {
    const steady = matrixClasses().filter((c) => !c.changes);
    for (const cls of steady.slice(0, 4)) {
      const cases = fc.sample(caseArbFor(cls), { seed: CHECKING.seed, numRuns: 300 });
      const changed = cases.filter((c) => c.scenario.timeline.some((s) => s.type === 'config-changed'));
      expect(changed.length, `${cls.id}: scenarios with a configuration change`).toBe(0);
    }
  });
});
