/**
 * The progress line `run` shows on a terminal: it rewrites itself at most every 200 ms, shows the rate and
 * what is left once a second has passed, clears what a longer earlier line left, and ends with a newline.
 */
import { describe, expect, it } from 'vitest';
import { progressLine } from '../../src/cli/args.ts';

function recorder() {
  let clock = 0;
  const written: string[] = [];
  const tick = progressLine(
    'sim (ideal)',
    (text) => written.push(text),
    () => clock,
  );
  return {
    written,
    at(ms: number, done: number, total: number) {
      clock = ms;
      tick(done, total);
    },
  };
}

/** The lines as written: each after a \r, padded over the one before, the last ended by a newline. */
function rewritten(texts: string[]): string[] {
  return texts.map(
    (text, i) => `\r${text.padEnd(texts[i - 1]?.length ?? 0)}${i === texts.length - 1 ? '\n' : ''}`,
  );
}

describe('progressLine', () => {
  it('shows the count at first, then the rate and what is left, and ends the line', () => {
    const p = recorder();
    p.at(0, 64, 10_000);
    p.at(100, 128, 10_000); // under 200 ms since the last line: not written
    p.at(2_000, 1_000, 10_000);
    p.at(2_500, 3_000, 10_000); // 1,200/s
    p.at(3_000_000, 9_999, 10_000);
    p.at(3_000_100, 10_000, 10_000); // the end is always written
    expect(p.written).toEqual(
      rewritten([
        'sim (ideal): 64/10,000 scenarios',
        'sim (ideal): 1,000/10,000 scenarios, 500/s, about 18 s left',
        'sim (ideal): 3,000/10,000 scenarios, 1,200/s, about 6 s left',
        'sim (ideal): 9,999/10,000 scenarios, 3.3/s, about 1 s left',
        'sim (ideal): 10,000/10,000 scenarios, 3.3/s',
      ]),
    );
    expect(p.written.at(-1)?.endsWith('\n')).toBe(true);
  });

  it('says what is left in minutes or hours for a slow implementation, and pads over a longer line', () => {
    const p = recorder();
    p.at(0, 1, 10_000);
    p.at(10_000, 100, 10_000); // 10/s: 990 s left
    p.at(20_000, 200, 300); // 10/s: 10 s left, a shorter line than the one before
    const slow = recorder();
    slow.at(0, 0, 20_000);
    slow.at(60_000, 60, 20_000); // 1/s: 19,940 s left
    expect(p.written.slice(1)).toEqual([
      '\rsim (ideal): 100/10,000 scenarios, 10/s, about 17 min left',
      '\rsim (ideal): 200/300 scenarios, 10/s, about 10 s left'.padEnd(
        '\rsim (ideal): 100/10,000 scenarios, 10/s, about 17 min left'.length,
      ),
    ]);
    expect(slow.written.at(-1)).toBe('\rsim (ideal): 60/20,000 scenarios, 1.0/s, about 5.5 h left');
  });
});
