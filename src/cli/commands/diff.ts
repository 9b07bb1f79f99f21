/**
 * `diff`: differential testing of two implementations. The same scenarios run through both; the command
 * reports, per behaviour, in how many scenarios one violates it and the other does not, and for each such
 * behaviour a scenario shrunk by fast-check, told as a timeline for each side. Either side may be anything
 * `run --sut` takes, or `mutant:<id>` (a mutant of the reference simulator, see `mutants --list`). Exit 0
 * when they agree everywhere, 1 when they disagree (or one could not run a scenario the other ran).
 */
import { parseArgs } from 'node:util';
import { CHECKING } from '../../../properties/settings.ts';
import { agrees, diffImplementations, renderDiff } from '../../mutation/differential.ts';
import { openSut } from '../../mutation/suts.ts';
import {
  nonNegativeInt,
  positiveInt,
  profilesOf,
  seedOf,
  selectBehaviours,
  timeoutOf,
  UsageError,
} from '../args.ts';

export const DIFF_USAGE =
  'sentinel-conformance diff --a SUT --b SUT [--runs N] [--seed S] [--profile ideal|observed] [--only ID,…] [--timeout MS] [--stop-after N] (SUT: reference|MODULE|"COMMAND"|mutant:ID)';

export async function diffCommand(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      a: { type: 'string' },
      b: { type: 'string' },
      runs: { type: 'string' },
      seed: { type: 'string' },
      profile: { type: 'string' },
      only: { type: 'string' },
      timeout: { type: 'string' },
      'stop-after': { type: 'string' },
    },
    strict: true,
  });
  if (values.a === undefined || values.b === undefined) throw new UsageError('diff needs both --a and --b');
  const runs = positiveInt('runs', values.runs, CHECKING.suiteRuns);
  const seed = seedOf(values.seed, CHECKING.seed);
  const timeoutMs = timeoutOf(values.timeout, CHECKING.scenarioTimeoutMs);
  const stopAfter = nonNegativeInt('stop-after', values['stop-after'], CHECKING.brokenStreak);
  const behaviours = selectBehaviours(values.only);
  const profiles = profilesOf(values.profile);
  const a = await openSut(values.a, timeoutMs);
  let same = true;
  try {
    const b = await openSut(values.b, timeoutMs);
    try {
      for (const profile of profiles) {
        const result = await diffImplementations({
          a: a.runner,
          b: b.runner,
          behaviours,
          profile,
          runs,
          seed,
          stopAfter,
        });
        process.stdout.write(renderDiff(result));
        if (!agrees(result)) same = false;
      }
    } finally {
      await b.close();
    }
  } finally {
    await a.close();
  }
  return same ? 0 : 1;
}
