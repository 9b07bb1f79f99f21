/**
 * `mutants`: the kill matrix. Runs the suite, at its budget and seed, against every mutant of the reference
 * simulator (mutants/) and checks each is caught by the behaviour it breaks; checks the reference itself
 * fails no must behaviour; writes reports/kill-matrix.md and reports/kill-matrix.json. Exit 1 when a mutant
 * survives or is caught only by other behaviours, or when the reference fails.
 */
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { GAP_MUTANTS } from '../../../mutants/gaps.ts';
import { MUTANTS } from '../../../mutants/index.ts';
import { CHECKING } from '../../../properties/settings.ts';
import {
  describeResult,
  killMatrixExitCode,
  renderKillMatrixMarkdown,
  runKillMatrix,
} from '../../mutation/kill-matrix.ts';
import { nonNegativeInt, onlyIds, positiveInt, seedOf, UsageError } from '../args.ts';
import { checkOutDir, writeAtomic } from '../output.ts';

export const MUTANTS_USAGE =
  'sentinel-conformance mutants [--runs N] [--seed S] [--only ID,…] [--full] [--reference-runs N] [--gaps] [--out DIR] [--list]';

function selectMutants(only: string | undefined) {
  if (only === undefined) return MUTANTS;
  const ids = onlyIds(only, 'mutant');
  const unknown = ids.filter((id) => !MUTANTS.some((m) => m.id === id));
  if (unknown.length > 0) throw new UsageError(`--only names unknown mutants: ${unknown.join(', ')}`);
  return MUTANTS.filter((m) => ids.includes(m.id));
}

export async function mutantsCommand(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      runs: { type: 'string' },
      seed: { type: 'string' },
      only: { type: 'string' },
      full: { type: 'boolean', default: false },
      'reference-runs': { type: 'string' },
      gaps: { type: 'boolean', default: false },
      out: { type: 'string', default: 'reports' },
      list: { type: 'boolean', default: false },
    },
    strict: true,
  });
  if (values.list) {
    for (const m of MUTANTS) {
      console.log(`${m.id} [${m.targets.join(', ')}] (${m.profiles.join(', ')}): ${m.description}`);
    }
    return 0;
  }
  const runs = positiveInt('runs', values.runs, CHECKING.suiteRuns);
  const seed = seedOf(values.seed, CHECKING.seed);
  const referenceRuns = nonNegativeInt('reference-runs', values['reference-runs'], runs);
  const mutants = selectMutants(values.only);
  checkOutDir(values.out);
  const matrix = await runKillMatrix({
    runs,
    seed,
    mode: values.full ? 'full' : 'until-target',
    mutants,
    referenceRuns,
    ...(values.gaps ? { gaps: GAP_MUTANTS } : {}),
    onReference: (r) =>
      console.error(
        `reference (${r.profile}, ${r.runs} scenarios): ${r.failed.length === 0 && r.erroredRuns === 0 ? 'holds every must behaviour' : `FAILS ${r.failed.join(', ')}${r.erroredRuns > 0 ? `, ${r.erroredRuns} errored` : ''}`}`,
      ),
    onMutant: (result, i, total) => console.error(`[${i + 1}/${total}] ${describeResult(result)}`),
  });
  const outDir = values.out;
  const files = [join(outDir, 'kill-matrix.md'), join(outDir, 'kill-matrix.json')];
  writeAtomic(files[0] as string, renderKillMatrixMarkdown(matrix));
  writeAtomic(files[1] as string, `${JSON.stringify(matrix, null, 2)}\n`);
  process.stdout.write(renderKillMatrixMarkdown(matrix, { details: false }));
  console.error(`reports written: ${files.join(', ')}`);
  return killMatrixExitCode(matrix);
}
