/**
 * The command line: argument parsing only; each command delegates to the harness and the renderers.
 * Exit codes: 0 conforms, 1 a behaviour is violated, 2 inconclusive, 3 the implementation or the input
 * is broken (and for usage errors).
 */
import { relative } from 'node:path';
import { parseArgs } from 'node:util';
import { BEHAVIOURS } from '../../model/invariants/index.ts';
import { type Profile, type ProfileName, profileByName } from '../../model/profile.ts';
import { CHECKING } from '../../properties/settings.ts';
import { referenceRunner } from '../harness/reference-runner.ts';
import { runSuite } from '../harness/suite.ts';
import { behaviourMatrix, renderBehaviourMatrix } from '../report/behaviour-matrix.ts';
import { renderMarkdown } from '../report/markdown.ts';
import { type ImplementationRun, makeReport, reportExitCode, toImplementationRun } from '../report/report.ts';
import { counterexampleFile, counterexamplePath, writeAtomic } from './output.ts';

export class UsageError extends Error {}

const HELP = `sentinel-conformance: checks how an implementation of Microsoft Sentinel's Defender for Cloud and
Defender XDR connectors behaves against the documented behaviours.

Usage:
  sentinel-conformance run [--sut reference] [--runs N] [--seed S] [--profile ideal|observed] [--only ID,…] [--out DIR]
  sentinel-conformance matrix [--out FILE]

Commands:
  run      generate scenarios, run them through the implementation, judge every behaviour, write reports
  matrix   write the behaviour matrix (what reaches Sentinel per configuration) from the reference model

Options:
  --sut       the implementation: 'reference' (the bundled reference simulator)
  --runs      scenarios per profile (default ${CHECKING.suiteRuns})
  --seed      fast-check seed (default ${CHECKING.seed})
  --profile   ideal (no anomalies allowed) or observed (the article's anomalies allowed); default: both
  --only      comma-separated behaviour IDs to check (default: all 50)
  --out       folder for report.md, report.json and counterexamples/ (default: reports/run)

Exit codes: 0 conforms, 1 a behaviour is violated, 2 inconclusive (a must behaviour never exercised),
3 the implementation or the input is broken.`;

function positiveInt(name: string, text: string | undefined, fallback: number): number {
  if (text === undefined) return fallback;
  const value = Number(text);
  if (!Number.isInteger(value) || value < 1)
    throw new UsageError(`--${name} must be a positive integer, got '${text}'`);
  return value;
}

function profilesOf(text: string | undefined): Profile[] {
  if (text === undefined) return [profileByName('ideal'), profileByName('observed')];
  if (text !== 'ideal' && text !== 'observed')
    throw new UsageError(`--profile must be ideal or observed, got '${text}'`);
  return [profileByName(text as ProfileName)];
}

function selectBehaviours(only: string | undefined) {
  if (only === undefined) return BEHAVIOURS;
  const ids = only
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  const known = new Set(BEHAVIOURS.map((b) => b.id));
  const unknown = ids.filter((id) => !known.has(id));
  if (unknown.length > 0) throw new UsageError(`--only names unknown behaviour IDs: ${unknown.join(', ')}`);
  return BEHAVIOURS.filter((b) => ids.includes(b.id));
}

function progress(label: string): ((done: number, total: number) => void) | undefined {
  if (!process.stderr.isTTY) return undefined;
  return (done, total) => {
    process.stderr.write(`\r${label}: ${done}/${total} scenarios`);
    if (done === total) process.stderr.write('\n');
  };
}

async function run(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      sut: { type: 'string', default: 'reference' },
      runs: { type: 'string' },
      seed: { type: 'string' },
      profile: { type: 'string' },
      only: { type: 'string' },
      out: { type: 'string', default: 'reports/run' },
    },
    strict: true,
  });
  if (values.sut !== 'reference')
    throw new UsageError(`--sut '${values.sut}' is not supported yet; use 'reference'`);
  const runs = positiveInt('runs', values.runs, CHECKING.suiteRuns);
  const seed = positiveInt('seed', values.seed, CHECKING.seed);
  const behaviours = selectBehaviours(values.only);
  const outDir = values.out;
  const runner = referenceRunner();
  const results: ImplementationRun[] = [];
  const minRates = new Map(
    BEHAVIOURS.flatMap((b) => (b.kind === 'typical' ? [[b.id, b.minRate] as const] : [])),
  );
  for (const profile of profilesOf(values.profile)) {
    const result = await runSuite({
      runner,
      behaviours,
      profile,
      runs,
      seed,
      onProgress: progress(`${runner.name} (${profile.name})`),
    });
    const files = {
      fileFor: (id: string) => relative(outDir, counterexamplePath(outDir, runner.name, profile.name, id)),
    };
    for (const tally of result.tallies) {
      if (tally.counterexample) {
        const file = counterexamplePath(outDir, runner.name, profile.name, tally.id);
        writeAtomic(
          file,
          `${JSON.stringify(counterexampleFile(tally.counterexample, runner.name, profile.name), null, 2)}\n`,
        );
        console.error(
          `counterexample for ${tally.id}: ${file} (seed ${seed}, path ${tally.counterexample.path})`,
        );
      }
    }
    results.push(toImplementationRun(result, files, minRates));
  }
  const report = makeReport(results);
  const markdown = renderMarkdown(report);
  writeAtomic(`${outDir}/report.json`, `${JSON.stringify(report, null, 2)}\n`);
  writeAtomic(`${outDir}/report.md`, markdown);
  process.stdout.write(markdown);
  console.error(`reports written to ${outDir}/report.md and ${outDir}/report.json`);
  return reportExitCode(report);
}

function matrix(argv: string[]): number {
  const { values } = parseArgs({
    args: argv,
    options: { out: { type: 'string', default: 'reports/behaviour-matrix.md' } },
    strict: true,
  });
  writeAtomic(values.out, renderBehaviourMatrix(behaviourMatrix()));
  console.error(`behaviour matrix written to ${values.out}`);
  return 0;
}

export async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  try {
    switch (command) {
      case undefined:
      case '--help':
      case '-h':
      case 'help':
        console.log(HELP);
        return command === undefined ? 3 : 0;
      case 'run':
        return await run(rest);
      case 'matrix':
        return matrix(rest);
      default:
        throw new UsageError(`unknown command '${command}'`);
    }
  } catch (error) {
    if (error instanceof UsageError || (error instanceof TypeError && 'code' in error)) {
      console.error(`error: ${error.message}\n(see sentinel-conformance --help)`);
      return 3;
    }
    throw error;
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      console.error(`internal error: ${error instanceof Error ? error.message : String(error)}`);
      process.exitCode = 3;
    },
  );
}
