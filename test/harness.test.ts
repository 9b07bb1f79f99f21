import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BEHAVIOURS } from '../model/invariants/index.ts';
import type { Profile } from '../model/profile.ts';
import { IDEAL } from '../model/profile.ts';
import { caseArb } from '../properties/arbitraries.ts';
import { CHECKING } from '../properties/settings.ts';
import type { RunResult } from '../src/adapters/types.ts';
import {
  type CaseRunner,
  casesOf,
  forEachResult,
  generateCases,
  runSuite,
  STOP,
} from '../src/harness/suite.ts';

describe('generateCases', () => {
  it('should meet the same cases, in the same order, as fast-check check() does for a seed', () => {
    const seen: unknown[] = [];
    fc.check(
      fc.property(caseArb, (input) => {
        seen.push(input);
        return true;
      }),
      { seed: 42, numRuns: 25 },
    );
    expect(generateCases(42, 25)).toEqual(seen);
  });

  it('should give other cases for another seed', () => {
    expect(generateCases(43, 5)).not.toEqual(generateCases(42, 5));
  });
});

describe('casesOf', () => {
  it('should make the same cases as generateCases, a slice at a time, from any point', () => {
    const all = generateCases(42, 300);
    const lazy = casesOf(42, 300);
    expect(lazy.length).toBe(300);
    for (const [from, to] of [
      [0, 64],
      [64, 128],
      [250, 300],
      [299, 400],
      [300, 364],
    ] as const) {
      expect(lazy.slice(from, to), `${from}..${to}`).toEqual(all.slice(from, to));
    }
  });

  it('should make the same cases across its chunks (4,096 cases), forwards and back', () => {
    const all = generateCases(42, 4_200);
    const lazy = casesOf(42, 10_000);
    expect(lazy.slice(0, 64)).toEqual(all.slice(0, 64)); // the first chunk: 0 to 4,095
    expect(lazy.slice(4_090, 4_100)).toEqual(all.slice(4_090, 4_100)); // across its end
    expect(lazy.slice(4_150, 4_200)).toEqual(all.slice(4_150, 4_200)); // inside the new chunk
    expect(lazy.slice(10, 20)).toEqual(all.slice(10, 20)); // back before it
  });
});

describe('runSuite', () => {
  it('should count every failed scenario and keep only the first few whole', async () => {
    const failing = {
      name: 'always fails',
      async run(_input: unknown, _profile: Profile) {
        // reported-error, not crashed: a run goes on through any number of these (no stop rule).
        return {
          kind: 'errored',
          reason: 'reported-error',
          message: 'no',
          stderr: 'x'.repeat(1000),
        } as const;
      },
    };
    const runs = CHECKING.erroredKept * 3;
    const result = await runSuite({ runner: failing, behaviours: BEHAVIOURS, profile: IDEAL, runs, seed: 1 });
    expect(result.erroredRuns).toBe(runs);
    expect(result.errored.map((e) => e.run)).toEqual([...Array(CHECKING.erroredKept).keys()]);
    expect(result.tallies.every((t) => t.errored === runs)).toBe(true);
  });
});

const OK_RUN: RunResult = {
  kind: 'ok',
  observation: {
    SecurityAlert: [],
    SecurityIncident: [],
    mdc: { alerts: [] },
    xdr: { alerts: [], incidents: [] },
  },
};
const crash = (run: number): RunResult => ({
  kind: 'errored',
  reason: 'crashed',
  message: `crash ${run}`,
  stderr: '',
});
const hang = (run: number): RunResult => ({
  kind: 'errored',
  reason: 'hung',
  message: `hang ${run}`,
  stderr: '',
});

/** A runner that answers case i with answer(i), counting the cases it was handed and whether it was abandoned. */
function scripted(answer: (run: number) => RunResult | undefined) {
  const state = { handed: 0, abandoned: false };
  const runner: CaseRunner = {
    name: 'scripted',
    run: async () => OK_RUN,
    runEach(inputs) {
      return inputs.map(() => {
        const result = answer(state.handed++);
        return result ? Promise.resolve(result) : new Promise<RunResult>(() => {}); // undefined: never answers
      });
    },
    async abandon() {
      state.abandoned = true;
    },
  };
  return { runner, state };
}

describe('the stop rule', () => {
  const streak = CHECKING.brokenStreak;
  const runs = 1_000;

  /** A run of `runs` scenarios answered by `answer`, with every behaviour and no shrinking. */
  async function runWith(answer: (run: number) => RunResult | undefined) {
    const { runner, state } = scripted(answer);
    const result = await runSuite({
      runner,
      behaviours: BEHAVIOURS,
      profile: IDEAL,
      runs,
      seed: 1,
      shrink: false,
    });
    return { result, state };
  }

  it(`should stop a run after ${streak} scenarios in a row crashed or hung, abandoning what is still out`, async () => {
    // From scenario 100 on, every scenario crashes or hangs (alternately).
    const { result, state } = await runWith((run) => (run < 100 ? OK_RUN : run % 2 ? crash(run) : hang(run)));
    expect(result.stopped?.after).toBe(100 + streak);
    expect(result.stopped?.why).toMatch(new RegExp(`^${streak} scenarios in a row crashed or hung`));
    expect(result.erroredRuns).toBe(streak);
    expect(result.tallies.every((t) => t.judged === 100)).toBe(true);
    expect(state.abandoned).toBe(true);
    expect(state.handed).toBeLessThan(runs);
  });

  it('should go on through shorter streaks, and through any number of other failures', async () => {
    // streak - 1 crashes or hangs, then an answer, over and over.
    const short = await runWith((run) =>
      run % streak === streak - 1 ? OK_RUN : run % 2 ? crash(run) : hang(run),
    );
    expect(short.result.stopped).toBeUndefined();
    expect(short.result.erroredRuns).toBe(runs - runs / streak);
    expect(short.state.abandoned).toBe(false);
    // Reported errors and a module's throws (failures that cost no restart) on every scenario.
    const reported = await runWith((run) => ({ ...crash(run), reason: 'reported-error' }));
    expect(reported.result.stopped).toBeUndefined();
    expect(reported.result.erroredRuns).toBe(runs);
    const threw = await runWith((run) => ({ ...crash(run), threw: true }));
    expect(threw.result.stopped).toBeUndefined();
    expect(threw.result.erroredRuns).toBe(runs);
  });

  it('should not call a run that ends on its streak stopped', async () => {
    const { runner } = scripted(crash);
    const result = await runSuite({ runner, behaviours: [], profile: IDEAL, runs: streak, seed: 1 });
    expect(result.erroredRuns).toBe(streak);
    expect(result.stopped).toBeUndefined();
  });
});

describe('forEachResult', () => {
  it('should hand each result over as it comes, not when its whole batch is in', async () => {
    // Scenario 3 of the first batch never answers: STOP on scenario 2 must still come back.
    const { runner, state } = scripted((run) => (run === 3 ? undefined : OK_RUN));
    const seen: number[] = [];
    const handed = await forEachResult(runner, casesOf(1, 200), IDEAL, 64, (_result, _input, index) => {
      seen.push(index);
      return index === 2 ? STOP : undefined;
    });
    expect(handed).toBe(3);
    expect(seen).toEqual([0, 1, 2]);
    expect(state.abandoned).toBe(true);
  });

  it('should fail with a batch that fails, leaving none of its other results unhandled', async () => {
    const failing: CaseRunner = {
      name: 'fails its batch',
      run: async () => OK_RUN,
      runMany: async () => {
        throw new Error('the batch failed');
      },
    };
    // Vitest fails the run on an unhandled rejection: the 63 results not awaited must be handled too.
    await expect(forEachResult(failing, casesOf(1, 64), IDEAL, 64, () => undefined)).rejects.toThrow(
      'the batch failed',
    );
  });

  it('should hand every result over in case order, asking for the next batch while one is judged', async () => {
    const { runner, state } = scripted(() => OK_RUN);
    const seen: number[] = [];
    const handedAt: number[] = [];
    const handed = await forEachResult(runner, casesOf(1, 150), IDEAL, 64, (_result, _input, index) => {
      seen.push(index);
      handedAt.push(state.handed);
    });
    expect(handed).toBe(150);
    expect(seen).toEqual([...Array(150).keys()]);
    // When scenario 0 is judged, the second batch has been handed over too.
    expect(handedAt[0]).toBe(128);
    expect(state.abandoned).toBe(false);
  });
});
