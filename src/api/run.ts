/**
 * The library's `run`: the suite on an implementation given as a simulate function, a module path, a
 * command line or the bundled reference, for one or both profiles, with the report every format renders
 * from. The CLI's `run` is built on it (runOpenedConformance, writeRunOutputs); writing files is a separate
 * step (writeConformanceReports), so a caller that only wants the verdicts writes nothing.
 */
import { BEHAVIOURS } from '../../model/invariants/index.ts';
import { type Profile, type ProfileName, profileByName } from '../../model/profile.ts';
import type { Supported } from '../../properties/declared.ts';
import { CHECKING } from '../../properties/settings.ts';
import { inProcessImplementation, type SimulateFunction } from '../adapters/in-process.ts';
import { openImplementation } from '../adapters/index.ts';
import { ImplementationLoadError } from '../adapters/types.ts';
import {
  checkOutDir,
  counterexampleFile,
  counterexamplePath,
  failedScenarioFile,
  failedScenarioPath,
  writeAtomic,
  writeReportFiles,
} from '../cli/output.ts';
import { openWorkerPool, runSuiteInWorkers } from '../harness/parallel.ts';
import { referenceRunner } from '../harness/reference-runner.ts';
import { implementationRunner } from '../harness/runners.ts';
import type { CaseRunner, SuiteResult } from '../harness/suite.ts';
import {
  type ImplementationRun,
  makeReport,
  type Report,
  reportExitCode,
  toImplementationRun,
} from '../report/report.ts';
import { selectedBehaviours } from './catalogue.ts';

/**
 * The implementation under test: 'reference' (the bundled reference simulator, on the generated delays,
 * repeats and anomalies), a module path (.ts/.js exporting simulate; run in a worker thread), a command line
 * speaking docs/protocol.md, or a simulate function (run in the caller's thread, named `name`).
 */
export type Sut = string | SimulateFunction | { name: string; simulate: SimulateFunction };

export interface OpenedSut {
  runner: CaseRunner;
  close(): Promise<void>;
  /** Asks the implementation what it declares (docs/protocol.md); absent where it cannot say. */
  declaration?: () => Promise<unknown | undefined>;
}

/** Opens an implementation as the harness's case runner; rejects with ImplementationLoadError when a module does not load. */
export async function openSut(
  sut: Sut,
  options: { timeoutMs?: number; name?: string } = {},
): Promise<OpenedSut> {
  const timeoutMs = options.timeoutMs ?? CHECKING.scenarioTimeoutMs;
  const named = (runner: CaseRunner): CaseRunner =>
    options.name === undefined ? runner : { ...runner, name: options.name };
  if (typeof sut !== 'string') {
    const [name, simulate] =
      typeof sut === 'function' ? [options.name ?? (sut.name || 'simulate'), sut] : [sut.name, sut.simulate];
    const implementation = inProcessImplementation(name, simulate, { timeoutMs });
    return { runner: named(implementationRunner(implementation)), close: () => implementation.close() };
  }
  if (sut.trim() === 'reference') return { runner: named(referenceRunner()), close: async () => {} };
  if (sut.trim() === '')
    throw new ImplementationLoadError(
      'the implementation is empty: give reference, a module path or a command line',
    );
  const implementation = await openImplementation(sut, { timeoutMs });
  const { declaration } = implementation;
  return {
    runner: named(implementationRunner(implementation)),
    close: () => implementation.close(),
    ...(declaration ? { declaration: () => declaration.call(implementation) } : {}),
  };
}

export interface ConformanceOptions {
  sut: Sut;
  /** The implementation's name in reports (default: the module path, command line or function name). */
  name?: string;
  /** Scenarios per profile (default 10,000, or SC_RUNS). */
  runs?: number;
  /** fast-check's seed (default 20261128, or SC_SEED); the same seed gives the same scenarios. */
  seed?: number;
  /** Default both: 'ideal' then 'observed'. */
  profiles?: ProfileName | readonly ProfileName[];
  /** Behaviour IDs to judge (default all); an unknown ID is an error. */
  only?: readonly string[];
  /** Per-scenario timeout in ms (default 10,000). */
  timeoutMs?: number;
  /** Stop after this many scenarios in a row crashed or hung; 0 never (default 10). */
  stopAfter?: number;
  /** Shrink a counterexample for each violated behaviour (default true). */
  shrink?: boolean;
  /**
   * Processes judging the run, this one among them (default 1). Each worker opens its own implementation,
   * so a simulate function is always judged in this process alone. The result is the same for any number.
   */
  workers?: number;
  onProgress?: (profile: ProfileName, done: number, total: number) => void;
}

export interface ConformanceResult {
  report: Report;
  /** 0 conforms, 1 a behaviour is violated, 2 inconclusive, 3 the implementation is broken. */
  exitCode: 0 | 1 | 2 | 3;
  /** Per profile, what the harness counted: tallies, shrunk counterexamples (scenario and observation), failed scenarios. */
  results: SuiteResult[];
}

/** Where writeConformanceReports puts a behaviour's counterexample, relative to the report. */
export function counterexampleName(implementation: string, profile: ProfileName, id: string): string {
  return counterexamplePath('', implementation, profile, id);
}

/** Where writeConformanceReports puts a failed scenario, relative to the report. */
export function failedScenarioName(implementation: string, profile: ProfileName, run: number): string {
  return failedScenarioPath('', implementation, profile, run);
}

/** The typical behaviours' own thresholds, as the CLI's run applies them. */
export function typicalMinRates(): Map<string, number> {
  return new Map(BEHAVIOURS.flatMap((b) => (b.kind === 'typical' ? [[b.id, b.minRate] as const] : [])));
}

/** Runs the suite on an implementation, profile by profile, and returns the report (nothing is written). */
export async function runConformance(options: ConformanceOptions): Promise<ConformanceResult> {
  const opened = await openSut(options.sut, {
    ...(options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs }),
    ...(options.name === undefined ? {} : { name: options.name }),
  });
  const { onProgress } = options;
  try {
    return await runOpenedConformance(opened, {
      ...options,
      ...(typeof options.sut === 'string' ? { sutText: options.sut } : {}),
      ...(onProgress
        ? { progressFor: (profile) => (done, total) => onProgress(profile.name, done, total) }
        : {}),
    });
  } finally {
    await opened.close();
  }
}

/** runOpenedConformance's options: runConformance's, and what the CLI's run adds. */
export interface OpenedConformanceOptions extends Omit<ConformanceOptions, 'sut' | 'name' | 'onProgress'> {
  /** The implementation as text (reference, module path, command line), for worker processes to open. */
  sutText?: string;
  /** A partial implementation's declaration: scenarios generated inside it, in one process. */
  supported?: Supported;
  /** What the declaration leaves out, for the report ('' or absent: nothing). */
  partial?: string;
  /** Called as each profile starts: its progress callback, if any. */
  progressFor?: (profile: Profile) => ((done: number, total: number) => void) | undefined;
  /** Called as each profile ends, with its result and its run in the report. */
  onProfile?: (result: SuiteResult, run: ImplementationRun) => void;
}

/**
 * runConformance on an implementation already open (the caller closes it): the CLI's run opens it first, to
 * ask for its declaration. With `workers` > 1 and the implementation as text, one set of worker processes
 * judges every profile beside this one.
 */
export async function runOpenedConformance(
  opened: OpenedSut,
  options: OpenedConformanceOptions,
): Promise<ConformanceResult> {
  const behaviours = selectedBehaviours(options.only);
  const names: readonly ProfileName[] =
    options.profiles === undefined
      ? ['ideal', 'observed']
      : typeof options.profiles === 'string'
        ? [options.profiles]
        : options.profiles;
  const runs = options.runs ?? CHECKING.suiteRuns;
  const seed = options.seed ?? CHECKING.seed;
  const timeoutMs = options.timeoutMs ?? CHECKING.scenarioTimeoutMs;
  const { runner } = opened;
  const workers = options.workers ?? 1;
  // A partial implementation's declaration is judged in one process (its case generator is not sent to workers).
  const pool =
    workers > 1 && options.sutText !== undefined && options.supported === undefined
      ? openWorkerPool({ sut: options.sutText, timeoutMs, workers, here: true })
      : undefined;
  const minRates = typicalMinRates();
  const results: SuiteResult[] = [];
  const runsOut: ImplementationRun[] = [];
  try {
    for (const name of names) {
      const profile = profileByName(name);
      const onProgress = options.progressFor?.(profile);
      const result = await runSuiteInWorkers({
        sut: options.sutText ?? '',
        timeoutMs,
        workers: pool ? workers : 1,
        runner,
        behaviours,
        profile,
        runs,
        seed,
        ...(options.stopAfter === undefined ? {} : { stopAfter: options.stopAfter }),
        ...(options.shrink === undefined ? {} : { shrink: options.shrink }),
        ...(pool ? { pool } : {}),
        ...(onProgress ? { onProgress } : {}),
        ...(options.supported ? { supported: options.supported } : {}),
      });
      results.push(result);
      const run = toImplementationRun(
        result,
        {
          fileFor: (id) => counterexampleName(runner.name, name, id),
          failedFileFor: (n) => failedScenarioName(runner.name, name, n),
        },
        minRates,
        options.partial ?? '',
      );
      runsOut.push(run);
      options.onProfile?.(result, run);
    }
  } finally {
    await pool?.close();
  }
  const report = makeReport(runsOut);
  return { report, exitCode: reportExitCode(report), results };
}

/**
 * Writes a run's reports (report.json, .md, .xml JUnit, .html) and each counterexample and failed scenario
 * under `outDir`, each file whole or not at all; returns the files written.
 */
export function writeConformanceReports(outDir: string, result: ConformanceResult): string[] {
  checkOutDir(outDir);
  const files: string[] = [];
  for (const suite of result.results) {
    const { implementation, profile, seed } = suite;
    for (const tally of suite.tallies) {
      if (!tally.counterexample) continue;
      const file = counterexamplePath(outDir, implementation, profile.name, tally.id);
      writeAtomic(
        file,
        `${JSON.stringify(counterexampleFile(tally.counterexample, implementation, profile.name), null, 2)}\n`,
      );
      files.push(file);
    }
    for (const failed of suite.errored) {
      const file = failedScenarioPath(outDir, implementation, profile.name, failed.run);
      writeAtomic(
        file,
        `${JSON.stringify(failedScenarioFile(failed, implementation, profile.name, seed), null, 2)}\n`,
      );
      files.push(file);
    }
  }
  return [...files, ...writeReportFiles(outDir, result.report).files];
}
