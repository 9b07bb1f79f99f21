/**
 * Differential testing: the same generated scenarios (and schedules) through two implementations, each
 * observation judged against every behaviour, and the verdicts compared. Two implementations disagree on a
 * behaviour in a scenario when one violates it and the other does not. For every behaviour they disagree
 * on, fast-check searches from the same seed for a scenario where "A's and B's verdicts on this behaviour
 * agree" fails and shrinks it, so the disagreement comes with the smallest scenario found. A scenario one
 * implementation could not run (errored) is counted apart and never compared.
 */
import fc from 'fast-check';
import { contextFor, evaluateOne, runVerdict } from '../../model/evaluate.ts';
import type { Behaviour } from '../../model/invariant.ts';
import type { Observation } from '../../model/observation.ts';
import type { Profile } from '../../model/profile.ts';
import type { Verdict } from '../../model/verdict.ts';
import { caseArb, type GeneratedCase } from '../../properties/arbitraries.ts';
import type { RunResult } from '../adapters/types.ts';
import { type CaseRunner, casesOf, startBatch, stopRule } from '../harness/suite.ts';
import { renderTimeline } from '../report/timeline.ts';

export interface DiffOptions {
  a: CaseRunner;
  b: CaseRunner;
  behaviours: readonly Behaviour[];
  profile: Profile;
  runs: number;
  seed: number;
  /** Shrink a scenario for each disagreeing behaviour (default true). */
  shrink?: boolean;
  batchSize?: number;
  /** Stop after this many scenarios in a row one side crashed or hung (stopRule); 0 never. Default CHECKING.brokenStreak. */
  stopAfter?: number;
}

export interface BehaviourDisagreement {
  id: string;
  /** Scenarios where A violates the behaviour and B does not. */
  aOnly: number;
  /** Scenarios where B violates it and A does not. */
  bOnly: number;
  /** The first such scenario (index in the generated sequence). */
  firstRun: number;
  shrunk?: ShrunkDisagreement;
}

export interface SideOfDisagreement {
  verdict: Verdict['status'];
  message?: string;
  timeline: string[];
}

export interface ShrunkDisagreement {
  seed: number;
  path: string;
  /** Steps in the shrunk scenario. */
  size: number;
  scenario: GeneratedCase['scenario'];
  schedule: GeneratedCase['schedule'];
  a: SideOfDisagreement;
  b: SideOfDisagreement;
}

export interface DiffResult {
  a: string;
  b: string;
  profile: Profile['name'];
  runs: number;
  seed: number;
  /** Scenarios both ran and whose verdicts were compared. */
  compared: number;
  /** Scenarios only A (only B) could not run. */
  erroredA: number;
  erroredB: number;
  /** Behaviours with at least one disagreement, in catalogue order. */
  disagreements: BehaviourDisagreement[];
  /** Set when the diff stopped early (the suite's stop rule, on either side): scenarios run, and why. */
  stopped?: { after: number; why: string };
}

function verdictOf(
  behaviour: Behaviour,
  input: GeneratedCase,
  profile: Profile,
  result: RunResult,
): Verdict | null {
  if (result.kind !== 'ok') return null;
  return runVerdict(evaluateOne(behaviour, contextFor(input.scenario, result.observation, profile)));
}

function side(input: GeneratedCase, observation: Observation, verdict: Verdict): SideOfDisagreement {
  const witness = verdict.status === 'violated' ? verdict.witness : undefined;
  return {
    verdict: verdict.status,
    ...(verdict.status === 'violated' ? { message: verdict.message } : {}),
    timeline: renderTimeline(input.scenario, observation, witness),
  };
}

/** fast-check's search and shrink for a scenario where A and B disagree on one behaviour. */
export async function shrinkDisagreement(
  a: CaseRunner,
  b: CaseRunner,
  behaviour: Behaviour,
  profile: Profile,
  seed: number,
  runs: number,
): Promise<ShrunkDisagreement | undefined> {
  const property = fc.asyncProperty(caseArb, async (input) => {
    const [ra, rb] = [await a.run(input, profile), await b.run(input, profile)];
    const [va, vb] = [verdictOf(behaviour, input, profile, ra), verdictOf(behaviour, input, profile, rb)];
    if (va === null || vb === null) return true;
    return (va.status === 'violated') === (vb.status === 'violated');
  });
  const details = await fc.check(property, { seed, numRuns: runs, endOnFailure: false });
  if (!details.failed || !details.counterexample || details.counterexamplePath === null) return undefined;
  const [input] = details.counterexample;
  const [ra, rb] = [await a.run(input, profile), await b.run(input, profile)];
  if (ra.kind !== 'ok' || rb.kind !== 'ok') return undefined;
  const va = verdictOf(behaviour, input, profile, ra) as Verdict;
  const vb = verdictOf(behaviour, input, profile, rb) as Verdict;
  return {
    seed,
    path: details.counterexamplePath,
    size: input.scenario.timeline.length,
    scenario: input.scenario,
    schedule: input.schedule,
    a: side(input, ra.observation, va),
    b: side(input, rb.observation, vb),
  };
}

export async function diffImplementations(options: DiffOptions): Promise<DiffResult> {
  const { a, b, behaviours, profile, runs, seed } = options;
  const judged = behaviours.filter((x) => x.kind === 'must' || x.kind === 'quirk');
  const counts = new Map(judged.map((x) => [x.id, { id: x.id, aOnly: 0, bOnly: 0, firstRun: -1 }]));
  const cases = casesOf(seed, runs);
  const batchSize = options.batchSize ?? 64;
  let compared = 0;
  let erroredA = 0;
  let erroredB = 0;
  let stopped: DiffResult['stopped'];
  const [stopA, stopB] = [stopRule(options.stopAfter), stopRule(options.stopAfter)];
  for (let from = 0; from < cases.length && !stopped; from += batchSize) {
    const batch = cases.slice(from, from + batchSize);
    // Both sides work on the batch at once; each result is judged as soon as both sides have it.
    const [resultsA, resultsB] = [startBatch(a, batch, profile), startBatch(b, batch, profile)];
    for (const [offset, input] of batch.entries()) {
      const [ra, rb] = [await resultsA[offset], await resultsB[offset]];
      const [whyA, whyB] = [ra && stopA(ra), rb && stopB(rb)];
      const why = whyA ? `A: ${whyA}` : whyB ? `B: ${whyB}` : undefined;
      if (why && from + offset + 1 < cases.length) {
        stopped = { after: from + offset + 1, why };
        await Promise.all([a.abandon?.(), b.abandon?.()]);
      }
      if (!ra || !rb || ra.kind !== 'ok' || rb.kind !== 'ok') {
        if (ra?.kind !== 'ok') erroredA += 1;
        if (rb?.kind !== 'ok') erroredB += 1;
        if (stopped) break;
        continue;
      }
      compared += 1;
      const ca = contextFor(input.scenario, ra.observation, profile);
      const cb = contextFor(input.scenario, rb.observation, profile);
      for (const behaviour of judged) {
        const va = runVerdict(evaluateOne(behaviour, ca)).status === 'violated';
        const vb = runVerdict(evaluateOne(behaviour, cb)).status === 'violated';
        if (va === vb) continue;
        const count = counts.get(behaviour.id);
        if (!count) continue;
        if (va) count.aOnly += 1;
        else count.bOnly += 1;
        if (count.firstRun < 0) count.firstRun = from + offset;
      }
    }
  }
  const disagreements: BehaviourDisagreement[] = [];
  for (const behaviour of judged) {
    const count = counts.get(behaviour.id);
    if (!count || count.aOnly + count.bOnly === 0) continue;
    const shrunk =
      options.shrink === false ? undefined : await shrinkDisagreement(a, b, behaviour, profile, seed, runs);
    disagreements.push({ ...count, ...(shrunk ? { shrunk } : {}) });
  }
  return {
    a: a.name,
    b: b.name,
    profile: profile.name,
    runs,
    seed,
    compared,
    erroredA,
    erroredB,
    disagreements,
    ...(stopped ? { stopped } : {}),
  };
}

/** Whether the two implementations agreed everywhere they were compared, and errored on the same scenarios. */
export function agrees(result: DiffResult): boolean {
  return result.disagreements.length === 0 && result.erroredA === 0 && result.erroredB === 0;
}

/** The result as text: a table of disagreement counts, then each shrunk scenario as a timeline per side. */
export function renderDiff(result: DiffResult): string {
  const lines = [
    `diff A = ${result.a} vs B = ${result.b}, profile ${result.profile}, ${result.runs} scenarios, seed ${result.seed}`,
    `compared ${result.compared} scenarios` +
      (result.erroredA + result.erroredB > 0
        ? `; A could not run ${result.erroredA}, B could not run ${result.erroredB} (not compared)`
        : ''),
    ...(result.stopped
      ? [`stopped after ${result.stopped.after} of ${result.runs} scenarios: ${result.stopped.why}`]
      : []),
  ];
  if (result.disagreements.length === 0) {
    lines.push(
      result.erroredA + result.erroredB === 0
        ? 'no disagreement: A and B violate the same behaviours in every scenario compared'
        : result.compared === 0
          ? 'nothing compared: no scenario ran on both sides, so they cannot be said to agree'
          : 'no disagreement where both ran, but some scenarios failed to run, so they are not shown to agree',
    );
    return `${lines.join('\n')}\n`;
  }
  const width = Math.max(9, ...result.disagreements.map((d) => d.id.length));
  lines.push(
    '',
    `${'behaviour'.padEnd(width)}  A violates, B not  B violates, A not  first scenario`,
    ...result.disagreements.map(
      (d) =>
        `${d.id.padEnd(width)}  ${String(d.aOnly).padStart(17)}  ${String(d.bOnly).padStart(17)}  ${String(d.firstRun).padStart(14)}`,
    ),
  );
  for (const d of result.disagreements) {
    lines.push('');
    const s = d.shrunk;
    if (!s) {
      lines.push(`${d.id}: no shrunk scenario (fast-check found no disagreement to replay)`);
      continue;
    }
    lines.push(
      `${d.id}: shrunk scenario of ${s.size} steps (seed ${s.seed}, path ${s.path}): A ${s.a.verdict}, B ${s.b.verdict}`,
    );
    for (const [label, x] of [
      ['A', s.a],
      ['B', s.b],
    ] as const) {
      lines.push(
        `  ${label} (${label === 'A' ? result.a : result.b}): ${x.verdict}${x.message ? `: ${x.message}` : ''}`,
      );
      for (const line of x.timeline) lines.push(`    ${line}`);
    }
  }
  return `${lines.join('\n')}\n`;
}
