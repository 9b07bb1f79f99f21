/**
 * Counterexample timelines: steps and rows on one clock, witness rows marked; an implementation that writes
 * thousands of rows still gets a timeline a reader can follow, and every report format renders it.
 */
import { describe, expect, it } from 'vitest';
import { renderTimeline, TIMELINE_MAX_LINES } from '../../src/report/timeline.ts';
import { alertRow, observation, raise, scenario, wait } from '../support/build.ts';

describe('renderTimeline', () => {
  const input = scenario([raise('A1'), wait(5)]);

  it('should tell steps and rows in clock order and mark the witness', () => {
    const lines = renderTimeline(input, observation({ SecurityAlert: [alertRow('A1', 2)] }), {
      alertRows: [0],
      incidentRows: [],
      steps: [0],
      alerts: ['A1'],
    });
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/^10:00 alert A1 raised in sub-1 .* ◀$/);
    expect(lines[1]).toMatch(/^10:02 SecurityAlert row 0 via subscription connector: A1 New .* ◀$/);
  });

  it('should keep the steps and the witness of 20,000 rows, and say how many rows it leaves out', () => {
    const rows = Array.from({ length: 20_000 }, (_, i) => alertRow('A1', 1 + i / 1000));
    const lines = renderTimeline(input, observation({ SecurityAlert: rows }), {
      alertRows: [15_000, 19_999],
      incidentRows: [],
      steps: [],
      alerts: ['A1'],
    });
    const shown = lines.filter((line) => !line.includes('more row'));
    expect(shown).toHaveLength(TIMELINE_MAX_LINES);
    expect(shown[0]).toMatch(/alert A1 raised/);
    expect(lines.filter((line) => line.endsWith('◀'))).toEqual([
      expect.stringContaining('SecurityAlert row 15000 '),
      expect.stringContaining('SecurityAlert row 19999 '),
    ]);
    const left = lines
      .filter((line) => line.includes('more row'))
      .map((line) => Number(/… (\d+) more rows? /.exec(line)?.[1]));
    expect(left.reduce((a, b) => a + b, 0)).toBe(20_000 + 1 - TIMELINE_MAX_LINES);
  });
});
