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
import { DEFAULT_EXPLORE_BUDGET } from '../../explore/kill-depth.ts';
import {
  DEFAULT_EXPLORE_DEPTH,
  describeResult,
  killMatrixExitCode,
  renderKillMatrixMarkdown,
  runKillMatrix,
} from '../../mutation/kill-matrix.ts';
import { cleanVariant, type Killable, VARIANT_PREFIX, variantBugs } from '../../mutation/variant-bugs.ts';
import { nonNegativeInt, onlyIds, positiveInt, seedOf, UsageError } from '../args.ts';
import { checkOutDir, writeAtomic } from '../output.ts';

export const MUTANTS_USAGE =
  'sentinel-conformance mutants [--runs N] [--seed S] [--only ID,…] [--full] [--reference-runs N] [--gaps] [--skip-variant] [--variant-timing mixed|latest|zero] [--out DIR] [--list] [--explore-depth K] [--explore-budget N] [--explore-time-limit SECONDS]';

/** The mutants and the variant's seeded bugs (ids `variant:<bug>`) that `--only` names; all by default. */
function selectMutants(
  only: string | undefined,
  bugs: readonly Killable[],
): { mutants: typeof MUTANTS; bugs: readonly Killable[] } {
  if (only === undefined) return { mutants: MUTANTS, bugs };
  const ids = onlyIds(only, 'mutant');
  const unknown = ids.filter((id) => !MUTANTS.some((m) => m.id === id) && !bugs.some((b) => b.id === id));
  if (unknown.length > 0) throw new UsageError(`--only names unknown mutants: ${unknown.join(', ')}`);
  return { mutants: MUTANTS.filter((m) => ids.includes(m.id)), bugs: bugs.filter((b) => ids.includes(b.id)) };
}

function timingOf(value: string | undefined): 'mixed' | 'latest' | 'zero' {
  if (value === undefined) return 'mixed';
  if (value === 'mixed' || value === 'latest' || value === 'zero') return value;
  throw new UsageError(`--variant-timing must be mixed, latest or zero, not '${value}'`);
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
      'skip-variant': { type: 'boolean', default: false },
      'variant-timing': { type: 'string' },
      'explore-depth': { type: 'string' },
      'explore-budget': { type: 'string' },
      'explore-time-limit': { type: 'string' },
    },
    strict: true,
  });
  const timing = timingOf(values['variant-timing']);
  const allBugs = values['skip-variant'] ? [] : variantBugs(timing);
  if (values.list) {
    for (const m of [...MUTANTS, ...allBugs]) {
      console.log(`${m.id} [${m.targets.join(', ')}] (${m.profiles.join(', ')}): ${m.description}`);
    }
    return 0;
  }
  const runs = positiveInt('runs', values.runs, CHECKING.suiteRuns);
  const seed = seedOf(values.seed, CHECKING.seed);
  const referenceRuns = nonNegativeInt('reference-runs', values['reference-runs'], runs);
  const { mutants, bugs } = selectMutants(values.only, allBugs);
  // Time to detect, exhaustively: the smallest explore depth that kills each mutant (0 leaves the column out).
  // Each depth of each profile is bounded by a budget of scenarios, so the column does not depend on the
  // machine; a time limit per mutant is there for a quick look, and makes it depend.
  const exploreDepth = nonNegativeInt('explore-depth', values['explore-depth'], DEFAULT_EXPLORE_DEPTH);
  const exploreBudget = positiveInt('explore-budget', values['explore-budget'], DEFAULT_EXPLORE_BUDGET);
  const exploreLimit =
    values['explore-time-limit'] === undefined
      ? undefined
      : positiveInt('explore-time-limit', values['explore-time-limit'], 1);
  checkOutDir(values.out);
  const matrix = await runKillMatrix({
    runs,
    seed,
    mode: values.full ? 'full' : 'until-target',
    mutants,
    referenceRuns,
    ...(exploreDepth === 0
      ? {}
      : {
          exploreDepth,
          exploreBudget,
          ...(exploreLimit === undefined ? {} : { exploreTimeLimitMs: exploreLimit * 1000 }),
        }),
    ...(values.gaps ? { gaps: GAP_MUTANTS } : {}),
    onReference: (r) =>
      console.error(
        `reference (${r.profile}, ${r.runs} scenarios): ${r.failed.length === 0 && r.erroredRuns === 0 ? 'holds every must behaviour' : `FAILS ${r.failed.join(', ')}${r.erroredRuns > 0 ? `, ${r.erroredRuns} errored` : ''}`}`,
      ),
    onMutant: (result, i, total) => console.error(`[${i + 1}/${total}] ${describeResult(result)}`),
    ...(bugs.length > 0 ? { variant: { clean: cleanVariant(timing), bugs } } : {}),
    onVariantClean: (c) =>
      console.error(
        `clean variant (${c.profile}, ${c.runs} scenarios): ${c.failed.length === 0 && c.erroredRuns === 0 ? 'holds every must behaviour' : `fails ${c.failed.join(', ')}${c.erroredRuns > 0 ? `, ${c.erroredRuns} errored` : ''}`}`,
      ),
    onVariantBug: (result, i, total) =>
      console.error(`[${VARIANT_PREFIX} ${i + 1}/${total}] ${describeResult(result)}`),
  });
  const outDir = values.out;
  const files = [join(outDir, 'kill-matrix.md'), join(outDir, 'kill-matrix.json')];
  writeAtomic(files[0] as string, renderKillMatrixMarkdown(matrix));
  writeAtomic(files[1] as string, `${JSON.stringify(matrix, null, 2)}\n`);
  process.stdout.write(renderKillMatrixMarkdown(matrix, { details: false }));
  console.error(`reports written: ${files.join(', ')}`);
  return killMatrixExitCode(matrix);
}
