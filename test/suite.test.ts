/**
 * The reference simulator against every behaviour over CHECKING.suiteRuns generated scenarios per profile
 * (10,000 by default; SC_RUNS overrides), with the no-vacuity floor: each must invariant's situation has
 * to occur in at least CHECKING.situationFloor of the scenarios. The per-behaviour table is printed.
 */
import { describe, expect, it } from 'vitest';
import { BEHAVIOURS } from '../model/invariants/index.ts';
import { IDEAL, OBSERVED, type Profile } from '../model/profile.ts';
import { CHECKING } from '../properties/settings.ts';
import { referenceRunner } from '../src/harness/reference-runner.ts';
import { runSuite } from '../src/harness/suite.ts';
import { type ImplementationRun, toImplementationRun } from '../src/report/report.ts';

const minRates = new Map(
  BEHAVIOURS.flatMap((b) => (b.kind === 'typical' ? [[b.id, b.minRate] as const] : [])),
);

async function suite(profile: Profile): Promise<ImplementationRun> {
  const result = await runSuite({
    runner: referenceRunner(),
    behaviours: BEHAVIOURS,
    profile,
    runs: CHECKING.suiteRuns,
    seed: CHECKING.seed,
  });
  return toImplementationRun(result, { fileFor: (id) => `${id}.json` }, minRates);
}

function table(run: ImplementationRun): string {
  const rows = run.behaviours.map(
    (b) =>
      `${b.id.padEnd(32)} ${b.kind.padEnd(8)} ${b.status.padEnd(14)} ${String(b.exercised).padStart(6)}/${b.judged} (${(b.share * 100).toFixed(1)}%)`,
  );
  return [
    `reference simulator, ${run.profile} profile, ${run.runs} scenarios, seed ${run.seed}`,
    ...rows,
  ].join('\n');
}

describe.each([IDEAL, OBSERVED])('the reference simulator ($name profile)', (profile) => {
  let run: ImplementationRun;

  it(`should hold every must behaviour over ${CHECKING.suiteRuns} generated scenarios`, async () => {
    run = await suite(profile);
    console.log(table(run));
    const failed = run.behaviours.filter((b) => b.status === 'violated' || b.status === 'errored');
    expect(failed.map((b) => `${b.id}: ${b.detail}`)).toEqual([]);
    expect(run.errored).toEqual([]);
  });

  it(`should meet every must behaviour's situation in at least ${CHECKING.situationFloor * 100}% of the scenarios`, () => {
    const thin = run.behaviours.filter((b) => b.kind === 'must' && b.status !== 'skipped' && b.belowFloor);
    expect(thin.map((b) => `${b.id}: ${(b.share * 100).toFixed(1)}%`)).toEqual([]);
  });

  it('should show the typical behaviour typically', () => {
    const typical = run.behaviours.filter((b) => b.kind === 'typical');
    expect(typical.length).toBeGreaterThan(0);
    for (const b of typical) expect(b.status, `${b.id}: ${b.detail}`).toBe('holds');
  });

  it(
    profile.name === 'ideal'
      ? 'should never show a quirk the ideal profile forbids'
      : 'should show every quirk the observed profile allows',
    () => {
      for (const b of run.behaviours.filter((x) => x.kind === 'quirk')) {
        if (profile.name === 'ideal') expect(b.occurrences, b.id).toBe(0);
        else expect(b.occurrences ?? 0, b.id).toBeGreaterThan(0);
      }
    },
  );
});
