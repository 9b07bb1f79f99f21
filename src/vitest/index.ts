/**
 * `sentinel-conformance/vitest`: the conformance suite inside a simulator's own vitest suite. One
 * `describe` per profile, one test per behaviour: it passes when the behaviour holds, fails with the
 * shrunk counterexample (its timeline in domain words, the seed and fast-check path, and the counterexample
 * file `sentinel-conformance replay` reads) when it is violated or the implementation broke, and is
 * skipped with the reason when the run could not decide it (never exercised, undecidable, skipped). A
 * last test per profile fails when the implementation crashed, hung or answered garbage on any scenario.
 *
 *     import { describeConformance } from 'sentinel-conformance/vitest';
 *     import { simulate } from '../src/simulator.ts';
 *     describeConformance('my simulator', simulate, { runs: 500 });
 *
 * Each profile's scenarios run once, in a beforeAll (the tests then read their verdicts), on the same
 * seed as the CLI's `run`, so a failure here replays with the CLI and the other way round.
 */
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { match } from 'ts-pattern';
import { beforeAll, describe, type TestContext, test } from 'vitest';
import type { ProfileName } from '../../model/profile.ts';
import { selectedBehaviours } from '../api/catalogue.ts';
import {
  type ConformanceOptions,
  type ConformanceResult,
  runConformance,
  type Sut,
  writeConformanceReports,
} from '../api/run.ts';
import { counterexamplePath, slug } from '../cli/output.ts';
import type { BehaviourResult, ImplementationRun } from '../report/report.ts';

export interface ConformanceSuiteOptions extends Omit<ConformanceOptions, 'sut' | 'onProgress'> {
  /**
   * Where each profile's reports and counterexample files are written (default: a folder under the
   * system's temporary directory, named after the suite); false writes nothing.
   */
  outDir?: string | false;
  /** The beforeAll's timeout in ms, for running every scenario of a profile (default 10 minutes). */
  timeout?: number;
}

/** A behaviour's failure: the message is the whole story (what broke, where, the timeline, how to replay). */
export class ConformanceFailure extends Error {
  override name = 'ConformanceFailure';
  constructor(message: string) {
    super(message);
    // No stack: where in this module it was thrown says nothing; the message says what broke and how to replay.
    this.stack = `${this.name}: ${message}`;
  }
}

/** The lines a failing behaviour's test prints. */
export function failureMessage(result: BehaviourResult, run: ImplementationRun, file?: string): string {
  const lines = [`${result.id} ${result.status} (${run.profile}): ${result.detail}`];
  lines.push(`  says: ${result.says}`);
  lines.push(`  quote${result.line === null ? '' : ` (article line ${result.line})`}: ${result.quote}`);
  const ce = result.counterexample;
  if (ce) {
    lines.push(`  counterexample: ${ce.size} steps, seed ${ce.seed}, path ${ce.path}`);
    if (file) lines.push(`  replay: npx sentinel-conformance replay ${file} --sut <your implementation>`);
    lines.push('  timeline (◀ marks the witness):', ...ce.timeline.map((line) => `    ${line}`));
  }
  return lines.join('\n');
}

function brokenMessage(run: ImplementationRun): string | undefined {
  if (run.erroredRuns === 0 && !run.stopped) return undefined;
  const lines = [
    `the implementation failed ${run.erroredRuns} of ${run.runs} scenarios (${run.profile})${run.stopped ? `; the run stopped after ${run.stopped.after}: ${run.stopped.why}` : ''}`,
  ];
  for (const failed of run.errored.slice(0, 3))
    lines.push(
      `  scenario ${failed.run}: ${failed.reason}: ${failed.message}${failed.file ? ` (${failed.file})` : ''}`,
    );
  return lines.join('\n');
}

/**
 * Declares the conformance suite for an implementation (a simulate function, a module path or a command
 * line, as `run --sut` takes them): a describe block named `name`, in it one per profile, in each one test
 * per behaviour, named by its ID.
 */
export function describeConformance(name: string, sut: Sut, options: ConformanceSuiteOptions = {}): void {
  const { outDir, timeout, ...run } = options;
  const profiles: readonly ProfileName[] =
    run.profiles === undefined
      ? ['ideal', 'observed']
      : typeof run.profiles === 'string'
        ? [run.profiles]
        : run.profiles;
  const behaviours = selectedBehaviours(run.only);
  const root = outDir === false ? undefined : (outDir ?? join(tmpdir(), 'sentinel-conformance', slug(name)));
  describe(name, () => {
    for (const profile of profiles) {
      describe(profile, () => {
        let result: ConformanceResult | undefined;
        let failure: unknown;
        const dir = root === undefined ? undefined : join(root, profile);
        beforeAll(async () => {
          try {
            result = await runConformance({ ...run, sut, name: run.name ?? name, profiles: [profile] });
            if (dir !== undefined) writeConformanceReports(dir, result);
          } catch (error) {
            failure = error; // each test reports it: a suite that cannot start fails every behaviour
          }
        }, timeout ?? 600_000);
        const runOf = (): ImplementationRun => {
          if (failure !== undefined || !result)
            throw failure ?? new Error('the conformance run did not finish');
          return result.report.runs[0] as ImplementationRun;
        };
        for (const behaviour of behaviours) {
          test(behaviour.id, (context: TestContext) => {
            const implementationRun = runOf();
            const verdict = implementationRun.behaviours.find((b) => b.id === behaviour.id);
            if (!verdict) throw new Error(`${behaviour.id} was not judged`);
            match(verdict.status)
              .with('holds', () => undefined)
              .with('violated', 'errored', () => {
                const file =
                  dir !== undefined && verdict.counterexample
                    ? counterexamplePath(dir, implementationRun.implementation, profile, verdict.id)
                    : undefined;
                throw new ConformanceFailure(failureMessage(verdict, implementationRun, file));
              })
              .with('not-exercised', 'undecidable', 'skipped', (status) =>
                context.skip(`${status}: ${verdict.detail}`),
              )
              .exhaustive();
          });
        }
        test('every scenario answered', () => {
          const broken = brokenMessage(runOf());
          if (broken !== undefined) throw new ConformanceFailure(broken);
        });
      });
    }
  });
}
