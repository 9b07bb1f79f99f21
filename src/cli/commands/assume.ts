/**
 * `assume FILE…`: where do a user's assumptions about the connectors break? Each file exports assumptions
 * (src/assume/assumption.ts); each is searched per configuration class on the reference model
 * (src/assume/search.ts). Exit 0 every assumption holds, 1 one is broken somewhere, 2 one was never
 * exercised, 3 bad input (the file, the configuration, the options) with one line naming it.
 */
import { parseArgs } from 'node:util';
import { CHECKING } from '../../../properties/settings.ts';
import { AssumptionError, type LoadedAssumption, loadAssumptions } from '../../assume/assumption.ts';
import { assumeJson, renderAssumeMarkdown } from '../../assume/render.ts';
import {
  type ConfigClass,
  exitCodeOf,
  matrixClasses,
  searchAssumption,
  userClass,
} from '../../assume/search.ts';
import { loadWorkspaceConfig } from '../../trace-check/config.ts';
import { positiveInt, profilesOf, seedOf } from '../args.ts';
import { writeAtomic } from '../output.ts';
import { CommandLineError, reportInputError } from './check-trace.ts';

export const ASSUME_USAGE =
  'sentinel-conformance assume FILE… [--config workspace.json [--with-changes]] [--runs N] [--seed N] [--profile ideal|observed] [--explore-depth K] [--out report.md|report.json]';

export const ASSUME_SUMMARY =
  'check your own assumptions (a .ts/.js module of { id, sentence, holds(q) }) against the reference model, per configuration class; exit 1 where one breaks';

export const ASSUME_DEFAULT_RUNS = 2000;

export async function assumeCommand(argv: string[]): Promise<number> {
  try {
    const { values, positionals } = parseArgs({
      args: argv,
      options: {
        config: { type: 'string' },
        'with-changes': { type: 'boolean', default: false },
        runs: { type: 'string' },
        seed: { type: 'string' },
        profile: { type: 'string' },
        out: { type: 'string' },
        'explore-depth': { type: 'string' },
      },
      strict: true,
      allowPositionals: true,
    });
    if (positionals.length === 0)
      throw new CommandLineError('assume needs a FILE exporting assumptions ({ id, sentence, holds(q) })');
    if (values['with-changes'] && values.config === undefined)
      throw new CommandLineError('--with-changes goes with --config (without it, every class is searched)');
    if (values.out !== undefined && !/\.(md|json)$/.test(values.out))
      throw new CommandLineError(`--out must name a .md or .json file, got '${values.out}'`);
    const runs = positiveInt('runs', values.runs, ASSUME_DEFAULT_RUNS);
    const seed = seedOf(values.seed, CHECKING.seed);
    const profiles = profilesOf(values.profile);
    const classes: ConfigClass[] =
      values.config === undefined
        ? matrixClasses()
        : [userClass(loadWorkspaceConfig(values.config), values['with-changes'])];
    const assumptions: LoadedAssumption[] = [];
    for (const file of positionals) assumptions.push(...(await loadAssumptions(file)));
    const runsPerClass = Math.max(1, Math.ceil(runs / classes.length));
    const exploreDepth =
      values['explore-depth'] === undefined
        ? undefined
        : positiveInt('explore-depth', values['explore-depth'], 2);
    const options = {
      classes,
      profiles,
      runsPerClass,
      seed,
      ...(exploreDepth === undefined ? {} : { exploreDepth }),
    };
    const results = assumptions.map((a) => searchAssumption(a, options));
    const render = {
      seed,
      runsPerClass,
      profiles: profiles.map((p) => p.name),
      command: `npx sentinel-conformance assume ${argv.join(' ')}`,
    };
    if (values.out !== undefined) {
      const content = values.out.endsWith('.json')
        ? assumeJson(results, { ...render, allTimelines: true })
        : renderAssumeMarkdown(results, { ...render, allTimelines: true });
      writeAtomic(values.out, content);
    }
    process.stdout.write(renderAssumeMarkdown(results, { ...render, allTimelines: false }));
    if (values.out !== undefined) console.error(`report written: ${values.out}`);
    return exitCodeOf(results);
  } catch (error) {
    if (error instanceof AssumptionError) {
      console.error(`error: ${error.message.replace(/[\r\n]+/g, ' ')}`);
      return 3;
    }
    return reportInputError(error);
  }
}
