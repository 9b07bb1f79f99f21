/**
 * The Report: one data structure for every format. It holds, per implementation and profile that was
 * run, each behaviour's suite verdict with its citation, how often its situation occurred, and its shrunk
 * counterexample. Renderers (Markdown, JSON, JUnit, HTML) are pure functions of it.
 */

import type { MergeVariant, ProfileName } from '../../model/profile.ts';
import { ARTICLE, type BehaviourKind, behaviour } from '../../model/spec/catalogue.ts';
import type { VerdictStatus } from '../../model/verdict.ts';
import { CHECKING } from '../../properties/settings.ts';
import type { BehaviourTally, SuiteResult } from '../harness/suite.ts';
import { SUITE_VERSION } from '../version.ts';
import { renderTimeline } from './timeline.ts';

export const REPORT_SCHEMA_VERSION = 1;

/** How many failed scenarios a run lists (erroredRuns counts them all): those the suite kept. */
export const ERRORED_LISTED = CHECKING.erroredKept;

export interface BehaviourResult {
  id: string;
  kind: BehaviourKind;
  area: string;
  source: 'article' | 'microsoft-docs';
  says: string;
  quote: string;
  line: number | null;
  reference: string | null;
  status: VerdictStatus;
  /** One sentence on why this status. */
  detail: string;
  /** Runs whose observation was judged. */
  judged: number;
  /** Runs in which the situation occurred, and their share of judged runs. */
  exercised: number;
  share: number;
  /** For must invariants: whether the share is under the no-vacuity floor. */
  belowFloor: boolean;
  situations: number;
  violations: number;
  /** Runs in which a situation was left open (both outcomes allowed), with the first reason. */
  undecided?: { runs: number; first: string };
  /** typical: rate of the typical outcome; quirk/advice: occurrences. */
  rate?: number;
  occurrences?: number;
  counterexample?: {
    file: string;
    seed: number;
    path: string;
    size: number;
    message: string;
    timeline: string[];
  };
}

export interface ImplementationRun {
  implementation: string;
  /** Generated scenarios (the default) or a real exported trace judged by check-trace. */
  source?: 'generated' | 'trace';
  profile: ProfileName;
  merge: MergeVariant;
  seed: number;
  runs: number;
  /** How many scenarios the implementation failed (crashed, hung, broke the protocol). */
  erroredRuns: number;
  /** The first ERRORED_LISTED of them. */
  errored: { run: number; reason: string; message: string; stderr: string; file?: string }[];
  /** Present when the run stopped early (the suite's stop rule): scenarios run, and why. */
  stopped?: { after: number; why: string };
  /** A partial implementation: what its declaration leaves out, in one line (docs/protocol.md). */
  partial?: string;
  /** Present when the implementation answered `unsupported` to some scenarios: how many (skipped, not failed). */
  unsupportedRuns?: number;
  /** The first of them, with the implementation's words. */
  unsupported?: { run: number; message: string }[];
  behaviours: BehaviourResult[];
  summary: Record<VerdictStatus, number> & { conforms: boolean; exitCode: 0 | 1 | 2 | 3 };
}

export interface Report {
  schemaVersion: typeof REPORT_SCHEMA_VERSION;
  suite: { name: 'sentinel-conformance'; version: string };
  article: { file: string; sha256: string };
  runs: ImplementationRun[];
}

function judge(
  tally: BehaviourTally,
  floor: number,
  minRate: number | undefined,
): { status: VerdictStatus; detail: string } {
  const share = tally.judged === 0 ? 0 : tally.exercised / tally.judged;
  if (tally.unsupported) return { status: 'skipped', detail: tally.unsupported };
  if (tally.judged === 0 && tally.errored === 0)
    return {
      status: 'not-exercised',
      detail: 'no scenario was judged: the implementation answered unsupported to every one',
    };
  if (tally.judged === 0)
    return { status: 'errored', detail: 'no run could be judged: the implementation failed every scenario' };
  if (tally.errored > 0 && tally.violations === 0 && tally.kind !== 'advice') {
    return { status: 'errored', detail: `${tally.errored} run(s) errored` };
  }
  if (tally.skipped === tally.judged) return { status: 'skipped', detail: tally.skipReason ?? 'skipped' };
  if (tally.violations > 0) {
    return {
      status: 'violated',
      detail: tally.firstViolation?.message ?? `${tally.violations} violating run(s)`,
    };
  }
  switch (tally.kind) {
    case 'typical': {
      if (tally.situations === 0) return { status: 'not-exercised', detail: 'its situation never occurred' };
      const rate = tally.successes / tally.situations;
      const ok = rate > (minRate ?? 0.5);
      return {
        status: ok ? 'holds' : 'violated',
        detail: `typical outcome in ${(rate * 100).toFixed(1)}% of ${tally.situations} situations (needs > ${((minRate ?? 0.5) * 100).toFixed(0)}%)`,
      };
    }
    case 'quirk':
      return tally.occurrences === 0
        ? { status: 'not-exercised', detail: 'allowed by the profile; never shown' }
        : { status: 'holds', detail: `allowed by the profile; shown ${tally.occurrences} time(s)` };
    case 'advice':
      return tally.occurrences === 0
        ? { status: 'not-exercised', detail: 'no generated configuration had this pitfall' }
        : {
            status: 'holds',
            detail: `flagged ${tally.occurrences} time(s) over the generated configurations`,
          };
    case 'must': {
      const open = tally.undecided
        ? `; undecided in ${tally.undecided.runs} run(s), first: ${tally.undecided.first}`
        : '';
      if (tally.exercised === 0)
        return { status: 'not-exercised', detail: `its situation never occurred${open}` };
      return {
        status: 'holds',
        detail: `held in all ${tally.exercised} runs where its situation occurred (${(share * 100).toFixed(1)}%)${share < floor ? `, below the ${floor * 100}% floor` : ''}${open}`,
      };
    }
  }
}

/** "The run stopped after 12 of 10000 scenarios: …", for a run that stopped early; undefined otherwise. */
export function stoppedSentence(run: ImplementationRun): string | undefined {
  return (
    run.stopped && `The run stopped after ${run.stopped.after} of ${run.runs} scenarios: ${run.stopped.why}.`
  );
}

export function exitCodeOf(behaviours: readonly BehaviourResult[], erroredRuns: number): 0 | 1 | 2 | 3 {
  if (erroredRuns > 0 || behaviours.some((b) => b.status === 'errored')) return 3;
  if (behaviours.some((b) => b.status === 'violated')) return 1;
  if (
    behaviours.some((b) => (b.kind === 'must' && b.status === 'not-exercised') || b.status === 'undecidable')
  )
    return 2;
  return 0;
}

export interface CounterexampleFiles {
  /** Where each behaviour's counterexample was written, relative to the report. */
  fileFor(id: string): string;
  /** Where the failed scenario of each run index was written, relative to the report (run only). */
  failedFileFor?(run: number): string;
}

export function toImplementationRun(
  result: SuiteResult,
  files: CounterexampleFiles,
  minRates: ReadonlyMap<string, number> = new Map(),
  partial = '',
): ImplementationRun {
  const behaviours = result.tallies.map((tally): BehaviourResult => {
    const entry = behaviour(tally.id);
    const { status, detail } = judge(tally, CHECKING.situationFloor, minRates.get(tally.id));
    const share = tally.judged === 0 ? 0 : tally.exercised / tally.judged;
    const ce = tally.counterexample;
    return {
      id: tally.id,
      kind: tally.kind,
      area: entry.area,
      source: entry.source,
      says: entry.says,
      quote: entry.quote,
      line: entry.line,
      reference: entry.reference,
      status,
      detail,
      judged: tally.judged,
      exercised: tally.exercised,
      share,
      belowFloor: tally.kind === 'must' && status !== 'skipped' && share < CHECKING.situationFloor,
      situations: tally.situations,
      violations: tally.violations,
      ...(tally.undecided ? { undecided: { ...tally.undecided } } : {}),
      ...(tally.kind === 'typical'
        ? { rate: tally.situations === 0 ? 0 : tally.successes / tally.situations }
        : {}),
      ...(tally.kind === 'quirk' || tally.kind === 'advice' ? { occurrences: tally.occurrences } : {}),
      ...(ce
        ? {
            counterexample: {
              file: files.fileFor(tally.id),
              seed: ce.seed,
              path: ce.path,
              size: ce.size,
              message: ce.message,
              timeline: renderTimeline(ce.scenario, ce.observation, ce.witness),
            },
          }
        : {}),
    };
  });
  const count = (s: VerdictStatus) => behaviours.filter((b) => b.status === s).length;
  const exitCode = exitCodeOf(behaviours, result.erroredRuns);
  return {
    implementation: result.implementation,
    profile: result.profile.name,
    merge: result.profile.merge,
    seed: result.seed,
    runs: result.runs,
    erroredRuns: result.erroredRuns,
    errored: result.errored.slice(0, ERRORED_LISTED).map(({ run, reason, message, stderr }) => ({
      run,
      reason,
      message,
      stderr,
      ...(files.failedFileFor ? { file: files.failedFileFor(run) } : {}),
    })),
    ...(result.stopped ? { stopped: { ...result.stopped } } : {}),
    ...(partial !== '' ? { partial } : {}),
    ...(result.unsupportedRuns > 0
      ? {
          unsupportedRuns: result.unsupportedRuns,
          unsupported: result.unsupported.slice(0, ERRORED_LISTED).map((u) => ({ ...u })),
        }
      : {}),
    behaviours,
    summary: {
      holds: count('holds'),
      violated: count('violated'),
      'not-exercised': count('not-exercised'),
      undecidable: count('undecidable'),
      errored: count('errored'),
      skipped: count('skipped'),
      conforms: exitCode === 0,
      exitCode,
    },
  };
}

export function makeReport(runs: ImplementationRun[]): Report {
  return {
    schemaVersion: REPORT_SCHEMA_VERSION,
    suite: { name: 'sentinel-conformance', version: SUITE_VERSION },
    article: { file: ARTICLE.file, sha256: ARTICLE.sha256 },
    runs,
  };
}

/** The worst exit code over all runs of a report. */
export function reportExitCode(report: Report): 0 | 1 | 2 | 3 {
  return report.runs.reduce<0 | 1 | 2 | 3>((worst, run) => {
    const order = [0, 2, 1, 3];
    return order.indexOf(run.summary.exitCode) > order.indexOf(worst) ? run.summary.exitCode : worst;
  }, 0);
}
