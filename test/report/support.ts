/**
 * Reports for the renderer tests, made the way `run` makes them (runSuite → toImplementationRun →
 * makeReport): the reference simulator (everything holds or is not exercised), a mutant of it that loses
 * every SecurityIncident row (violations with shrunk counterexamples), and an implementation that fails
 * every third scenario (errored runs with stderr). `hostile()` then plants markup and control characters in
 * everything an implementation or a scenario could supply.
 */
import { relative } from 'node:path';
import { BEHAVIOURS } from '../../model/invariants/index.ts';
import { profileByName } from '../../model/profile.ts';
import { simulate } from '../../model/reference/simulator.ts';
import { counterexamplePath } from '../../src/cli/output.ts';
import { referenceRunner, simulatorRunner } from '../../src/harness/reference-runner.ts';
import { type CaseRunner, runSuite } from '../../src/harness/suite.ts';
import {
  type ImplementationRun,
  makeReport,
  type Report,
  toImplementationRun,
} from '../../src/report/report.ts';

export const SCRIPT = '<script>alert(1)</script>';
/** Markup, entities, quotes and characters XML cannot hold. */
export const NASTY = `${SCRIPT} & "double" 'single' ]]> \u0000\u0001\u0007\u000B\u001F\uFFFE \uD800 tab\tcr\rnl\n<!--`;

const minRates = new Map(
  BEHAVIOURS.flatMap((b) => (b.kind === 'typical' ? [[b.id, b.minRate] as const] : [])),
);

export async function runOf(
  runner: CaseRunner,
  profile: 'ideal' | 'observed',
  runs: number,
): Promise<ImplementationRun> {
  const result = await runSuite({
    runner,
    behaviours: BEHAVIOURS,
    profile: profileByName(profile),
    runs,
    seed: 7,
  });
  const files = {
    fileFor: (id: string) => relative('out', counterexamplePath('out', runner.name, profile, id)),
  };
  return toImplementationRun(result, files, minRates);
}

/** Loses every SecurityIncident row: rule and XDR-connector behaviours break. */
export const noIncidents = simulatorRunner('no-incidents mutant', (scenario, schedule, profile) => ({
  ...simulate(scenario, schedule, profile),
  SecurityIncident: [],
}));

/** Crashes on every third scenario, after writing to stderr. */
export function flaky(name = 'flaky simulator'): CaseRunner {
  let n = 0;
  const inner = referenceRunner();
  return {
    name,
    async run(input, profile) {
      n += 1;
      if (n % 3 === 0)
        return {
          kind: 'errored',
          reason: 'crashed',
          message: 'the process exited with code 3',
          stderr: 'boom\n',
        };
      return inner.run(input, profile);
    },
  };
}

let cached: Promise<Report> | undefined;

/** Three runs: reference (ideal), the mutant (ideal), the flaky one (observed). 24 scenarios each. */
export function sampleReport(): Promise<Report> {
  cached ??= (async () =>
    makeReport([
      await runOf(referenceRunner(), 'ideal', 24),
      await runOf(noIncidents, 'ideal', 24),
      await runOf(flaky(), 'observed', 24),
    ]))();
  return cached;
}

/** A deep copy of the report with NASTY text in every implementation-supplied field. */
export function hostile(report: Report): Report {
  const copy = structuredClone(report);
  for (const run of copy.runs) {
    run.implementation = `${NASTY} ${run.implementation}`;
    for (const e of run.errored) {
      e.message = `${NASTY} ${e.message}`;
      e.stderr = `${NASTY}\n${e.stderr}`;
    }
    for (const b of run.behaviours) {
      b.detail = `${NASTY} ${b.detail}`;
      if (b.counterexample) {
        b.counterexample.message = `${NASTY} ${b.counterexample.message}`;
        b.counterexample.timeline = b.counterexample.timeline.map((line) =>
          line.replace(/^(\S+) /, `$1 ${NASTY} `),
        );
        b.counterexample.file = `counterexamples/${NASTY}.json`;
        b.counterexample.path = `${b.counterexample.path}${NASTY}`;
      }
    }
  }
  return copy;
}
