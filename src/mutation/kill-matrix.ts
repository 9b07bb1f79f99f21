/**
 * The kill matrix: the suite run against every mutant of the reference simulator (mutants/), to show the
 * suite can fail, and fails for the right reason. Per mutant and profile it runs the harness (`runSuite`
 * over the suite's seed and budget) and asks fast-check, on that same seed, for the shrunk counterexample
 * (`shrinkFor`). A mutant is killed when some behaviour fails, precise when a behaviour it targets is among
 * the failures (imprecise when only others are), survived when nothing fails.
 *
 * Modes: `until-target` (CI) searches, per target, from the seed until the target fails (fast-check's own
 * search, which also shrinks), then tallies every behaviour over the scenarios generated up to that point;
 * the budget bounds the search. `full` runs every scenario of the budget, then shrinks. The reference
 * simulator is checked too: it must fail no must behaviour, or a kill proves nothing.
 */
import { BEHAVIOURS, behaviourById } from '../../model/invariants/index.ts';
import { type ProfileName, profileByName } from '../../model/profile.ts';
import type { GapMutant } from '../../mutants/gaps.ts';
import { MUTANTS, type Mutant } from '../../mutants/index.ts';
import { type ExploreKill, exploreKillDepth, KILL_DEPTH_NOTES } from '../explore/kill-depth.ts';
import { referenceRunner } from '../harness/reference-runner.ts';
import {
  type CaseRunner,
  type Counterexample,
  runSuite,
  type SuiteResult,
  shrinkFor,
} from '../harness/suite.ts';
import { escapeMarkdown } from '../report/markdown.ts';
import { renderTimeline } from '../report/timeline.ts';
import { SUITE_VERSION } from '../version.ts';
import { diffImplementations, shrinkDisagreement } from './differential.ts';
import { mutantRunner } from './suts.ts';
import type { Killable } from './variant-bugs.ts';

export type KillMode = 'until-target' | 'full';

export interface KillMatrixOptions {
  /** The budget: scenarios per profile (CHECKING.suiteRuns by default in the command). */
  runs: number;
  seed: number;
  mode: KillMode;
  mutants?: readonly Mutant[];
  /** Scenarios per profile for the reference check (default `runs`; 0 skips it). */
  referenceRuns?: number;
  /** Mutants known to slip past the invariants (mutants/gaps.ts): run and reported apart, never gating. */
  gaps?: readonly GapMutant[];
  onMutant?: (result: MutantResult, index: number, total: number) => void;
  onReference?: (check: ReferenceCheck) => void;
  /**
   * A second group: bugs seeded in another implementation (the variant simulator), judged against that
   * implementation without its bug (`clean`): a behaviour the clean one already fails proves nothing.
   */
  variant?: { clean: Killable; bugs: readonly Killable[] };
  onVariantBug?: (result: MutantResult, index: number, total: number) => void;
  onVariantClean?: (check: ReferenceCheck) => void;
  /**
   * Time to detect, exhaustively: for each mutant, the smallest depth up to this at which `explore` kills
   * it (src/explore/kill-depth.ts), each depth of each profile bounded by exploreBudget scenarios (and the
   * whole search by exploreTimeLimitMs, when given). Absent: not searched.
   */
  exploreDepth?: number;
  exploreBudget?: number;
  exploreTimeLimitMs?: number;
}

export interface ShrunkCounterexample {
  behaviour: string;
  profile: ProfileName;
  seed: number;
  /** fast-check's replay path; its first number is the index of the first failing scenario. */
  path: string;
  /** Steps in the shrunk scenario. */
  size: number;
  message: string;
  timeline: string[];
}

export interface MutantProfileRun {
  profile: ProfileName;
  /** Scenarios the suite judged (up to the target's first failure in `until-target` mode). */
  scenarios: number;
  /** Behaviours violated in those scenarios (must invariants, and quirks the profile forbids). */
  failed: string[];
  /** Scenarios the mutant crashed on. */
  erroredRuns: number;
}

export interface MutantResult {
  id: string;
  description: string;
  targets: string[];
  status: 'killed' | 'survived';
  /** A target is among the failed behaviours. */
  precise: boolean;
  /** The failed behaviours over every profile run, in catalogue order. */
  failed: string[];
  /** The targets among them. */
  caughtBy: string[];
  runs: MutantProfileRun[];
  /** Shrunk for a target that failed, else for the first failed behaviour. */
  counterexample?: ShrunkCounterexample;
  ms: number;
  /** The smallest depth at which exhaustive exploration kills it (when asked for: exploreDepth). */
  explore?: ExploreKill;
}

export interface ReferenceCheck {
  profile: ProfileName;
  runs: number;
  /** Must behaviours violated (or whose check errored). */
  failed: string[];
  erroredRuns: number;
}

export interface KillMatrixSummary {
  mutants: number;
  killed: number;
  survived: number;
  precise: number;
  imprecise: number;
  /** killed / mutants. */
  killRate: number;
  /** precise / mutants: the share caught by the behaviour they break. */
  precision: number;
  medianCounterexampleSize: number | null;
  maxCounterexampleSize: number | null;
  /** Must behaviours of the catalogue no mutant targets. */
  untargeted: string[];
  referenceFails: boolean;
  ms: number;
}

export interface GapResult extends MutantResult {
  /** What the invariant misses. */
  gap: string;
}

/** The variant group: the clean variant's own failures, and each seeded bug judged beside them. */
export interface VariantGroup {
  clean: ReferenceCheck[];
  bugs: MutantResult[];
  summary: KillMatrixSummary;
}

export interface KillMatrix {
  suiteVersion: string;
  seed: number;
  runs: number;
  mode: KillMode;
  reference: ReferenceCheck[];
  mutants: MutantResult[];
  /** Known invariant gaps, when asked for: not counted in the summary. */
  gaps: GapResult[];
  summary: KillMatrixSummary;
  variant?: VariantGroup;
}

/** The depth `mutants` searches up to for the explore column (`mutants --explore-depth`; 0 leaves it out). */
export const DEFAULT_EXPLORE_DEPTH = 4;

const ORDER = new Map(BEHAVIOURS.map((b, i) => [b.id, i]));
const MUST_IDS = BEHAVIOURS.filter((b) => b.kind === 'must').map((b) => b.id);

function inCatalogueOrder(ids: Iterable<string>): string[] {
  return [...new Set(ids)].sort((a, b) => (ORDER.get(a) ?? 0) - (ORDER.get(b) ?? 0));
}

function failedOf(result: SuiteResult): string[] {
  return result.tallies
    .filter((t) => t.violations > 0 && (t.kind === 'must' || t.kind === 'quirk'))
    .map((t) => t.id);
}

/** The index of the first failing scenario, from fast-check's path ("12:3:0" → 12). */
export function firstFailingIndex(path: string): number {
  const first = Number.parseInt(path.split(':')[0] ?? '', 10);
  return Number.isFinite(first) ? first : Number.POSITIVE_INFINITY;
}

function shrunk(ce: Counterexample, profile: ProfileName): ShrunkCounterexample {
  return {
    behaviour: ce.behaviour,
    profile,
    seed: ce.seed,
    path: ce.path,
    size: ce.size,
    message: ce.message,
    timeline: renderTimeline(ce.scenario, ce.observation, ce.witness),
  };
}

async function suiteOver(runner: CaseRunner, profile: ProfileName, runs: number, seed: number) {
  return runSuite({
    runner,
    behaviours: BEHAVIOURS,
    profile: profileByName(profile),
    runs,
    seed,
    shrink: false,
  });
}

/** One profile, until a target fails (or the budget is spent). */
async function untilTarget(
  mutant: Killable,
  runner: CaseRunner,
  profile: ProfileName,
  runs: number,
  seed: number,
): Promise<{ run: MutantProfileRun; counterexample?: Counterexample }> {
  let found: { ce: Counterexample; index: number } | undefined;
  for (const target of mutant.targets) {
    const ce = await shrinkFor(runner, behaviourById(target), profileByName(profile), seed, runs);
    if (ce) {
      found = { ce, index: firstFailingIndex(ce.path) };
      break;
    }
  }
  const scenarios = found ? Math.min(runs, found.index + 1) : runs;
  const result = await suiteOver(runner, profile, scenarios, seed);
  const failed = failedOf(result);
  let counterexample = found?.ce;
  const other = failed[0];
  if (!counterexample && other !== undefined) {
    counterexample = await shrinkFor(runner, behaviourById(other), profileByName(profile), seed, scenarios);
  }
  return {
    run: { profile, scenarios, failed, erroredRuns: result.erroredRuns },
    ...(counterexample ? { counterexample } : {}),
  };
}

/** One profile over the whole budget. */
async function fullBudget(
  mutant: Killable,
  runner: CaseRunner,
  profile: ProfileName,
  runs: number,
  seed: number,
): Promise<{ run: MutantProfileRun; counterexample?: Counterexample }> {
  const result = await suiteOver(runner, profile, runs, seed);
  const failed = failedOf(result);
  const pick = failed.find((id) => mutant.targets.includes(id)) ?? failed[0];
  const counterexample =
    pick === undefined
      ? undefined
      : await shrinkFor(runner, behaviourById(pick), profileByName(profile), seed, runs);
  return {
    run: { profile, scenarios: runs, failed, erroredRuns: result.erroredRuns },
    ...(counterexample ? { counterexample } : {}),
  };
}

export async function runMutant(
  mutant: Killable,
  options: Pick<KillMatrixOptions, 'runs' | 'seed' | 'mode'>,
): Promise<MutantResult> {
  const started = Date.now();
  const runner = mutantRunner(mutant);
  const runs: MutantProfileRun[] = [];
  const found: { ce: Counterexample; profile: ProfileName }[] = [];
  for (const profile of mutant.profiles) {
    const once =
      options.mode === 'full'
        ? await fullBudget(mutant, runner, profile, options.runs, options.seed)
        : await untilTarget(mutant, runner, profile, options.runs, options.seed);
    runs.push(once.run);
    if (once.counterexample) found.push({ ce: once.counterexample, profile });
    const caught = once.run.failed.some((id) => mutant.targets.includes(id));
    if (options.mode === 'until-target' && caught) break;
  }
  const failed = inCatalogueOrder(runs.flatMap((r) => r.failed));
  const caughtBy = mutant.targets.filter((t) => failed.includes(t));
  const best =
    found.find((f) => mutant.targets.includes(f.ce.behaviour)) ??
    found.sort((a, b) => a.ce.size - b.ce.size)[0];
  return {
    id: mutant.id,
    description: mutant.description,
    targets: mutant.targets,
    status: failed.length > 0 ? 'killed' : 'survived',
    precise: caughtBy.length > 0,
    failed,
    caughtBy,
    runs,
    ...(best ? { counterexample: shrunk(best.ce, best.profile) } : {}),
    ms: Date.now() - started,
  };
}

export async function checkReference(
  profile: ProfileName,
  runs: number,
  seed: number,
  runner: CaseRunner = referenceRunner(),
): Promise<ReferenceCheck> {
  const result = await suiteOver(runner, profile, runs, seed);
  const failed = result.tallies
    .filter((t) => t.kind === 'must' && (t.violations > 0 || t.errored > result.erroredRuns))
    .map((t) => t.id);
  return { profile, runs, failed, erroredRuns: result.erroredRuns };
}

function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? (sorted[mid] as number)
    : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

export function summarise(
  mutants: readonly MutantResult[],
  reference: readonly ReferenceCheck[],
  ms: number,
  catalogue: readonly Killable[] = MUTANTS,
): KillMatrixSummary {
  const killed = mutants.filter((m) => m.status === 'killed').length;
  const precise = mutants.filter((m) => m.precise).length;
  const sizes = mutants.flatMap((m) => (m.counterexample ? [m.counterexample.size] : []));
  const targeted = new Set(catalogue.flatMap((m) => m.targets));
  return {
    mutants: mutants.length,
    killed,
    survived: mutants.length - killed,
    precise,
    imprecise: killed - precise,
    killRate: mutants.length === 0 ? 0 : killed / mutants.length,
    precision: mutants.length === 0 ? 0 : precise / mutants.length,
    medianCounterexampleSize: median(sizes),
    maxCounterexampleSize: sizes.length === 0 ? null : Math.max(...sizes),
    untargeted: MUST_IDS.filter((id) => !targeted.has(id)),
    referenceFails: reference.some((r) => r.failed.length > 0 || r.erroredRuns > 0),
    ms,
  };
}

export async function runKillMatrix(options: KillMatrixOptions): Promise<KillMatrix> {
  const started = Date.now();
  const mutants = options.mutants ?? MUTANTS;
  const referenceRuns = options.referenceRuns ?? options.runs;
  const reference: ReferenceCheck[] = [];
  if (referenceRuns > 0) {
    for (const profile of ['ideal', 'observed'] as const) {
      const check = await checkReference(profile, referenceRuns, options.seed);
      reference.push(check);
      options.onReference?.(check);
    }
  }
  const results: MutantResult[] = [];
  for (const [i, mutant] of mutants.entries()) {
    const result = await runMutant(mutant, options);
    if (options.exploreDepth !== undefined)
      result.explore = await exploreKillDepth(mutant, {
        maxDepth: options.exploreDepth,
        ...(options.exploreBudget === undefined ? {} : { budget: options.exploreBudget }),
        ...(options.exploreTimeLimitMs === undefined ? {} : { timeLimitMs: options.exploreTimeLimitMs }),
        seed: options.seed,
      });
    results.push(result);
    options.onMutant?.(result, i, mutants.length);
  }
  const gaps: GapResult[] = [];
  for (const gap of options.gaps ?? []) gaps.push({ ...(await runMutant(gap, options)), gap: gap.gap });
  const variant = options.variant ? await runVariantGroup(options, options.variant) : undefined;
  return {
    suiteVersion: SUITE_VERSION,
    seed: options.seed,
    runs: options.runs,
    mode: options.mode,
    reference,
    mutants: results,
    gaps,
    summary: summarise(results, reference, Date.now() - started),
    ...(variant ? { variant } : {}),
  };
}

/**
 * A seeded bug against its clean implementation, scenario by scenario (differential): it fails a behaviour
 * where the bug's observation violates it and the clean one's does not, so a behaviour the clean
 * implementation fails elsewhere still counts where only the bug fails it. `scenarios` is the index + 1 of
 * the first scenario where a target and the clean verdict differ (the whole budget when none does).
 */
export async function runSeededBug(
  bug: Killable,
  clean: CaseRunner,
  options: Pick<KillMatrixOptions, 'runs' | 'seed'>,
): Promise<MutantResult> {
  const started = Date.now();
  const runner = mutantRunner(bug);
  const runs: MutantProfileRun[] = [];
  let best: ShrunkCounterexample | undefined;
  for (const profile of bug.profiles) {
    const diff = await diffImplementations({
      a: clean,
      b: runner,
      behaviours: BEHAVIOURS,
      profile: profileByName(profile),
      runs: options.runs,
      seed: options.seed,
      shrink: false,
    });
    const shown = diff.disagreements.filter((d) => d.bOnly > 0);
    const hit = shown.find((d) => bug.targets.includes(d.id));
    runs.push({
      profile,
      scenarios: hit ? hit.firstRun + 1 : options.runs,
      failed: shown.map((d) => d.id),
      erroredRuns: diff.erroredB,
    });
    const pick = hit ?? shown[0];
    if (pick && (!best || (hit && !bug.targets.includes(best.behaviour)))) {
      const behaviour = behaviourById(pick.id);
      const found = await shrinkDisagreement(
        clean,
        runner,
        behaviour,
        profileByName(profile),
        options.seed,
        options.runs,
      );
      if (found) {
        best = {
          behaviour: pick.id,
          profile,
          seed: found.seed,
          path: found.path,
          size: found.size,
          message: found.b.message ?? '',
          timeline: found.b.timeline,
        };
      }
    }
    if (hit) break;
  }
  const failed = inCatalogueOrder(runs.flatMap((r) => r.failed));
  const caughtBy = bug.targets.filter((t) => failed.includes(t));
  return {
    id: bug.id,
    description: bug.description,
    targets: bug.targets,
    status: failed.length > 0 ? 'killed' : 'survived',
    precise: caughtBy.length > 0,
    failed,
    caughtBy,
    runs,
    ...(best ? { counterexample: best } : {}),
    ms: Date.now() - started,
  };
}

async function runVariantGroup(
  options: KillMatrixOptions,
  group: { clean: Killable; bugs: readonly Killable[] },
): Promise<VariantGroup> {
  const started = Date.now();
  const runner = mutantRunner(group.clean);
  const clean: ReferenceCheck[] = [];
  for (const profile of ['ideal', 'observed'] as const) {
    const check = await checkReference(profile, options.runs, options.seed, runner);
    clean.push(check);
    options.onVariantClean?.(check);
  }
  const bugs: MutantResult[] = [];
  for (const [i, bug] of group.bugs.entries()) {
    const result = await runSeededBug(bug, runner, options);
    bugs.push(result);
    options.onVariantBug?.(result, i, group.bugs.length);
  }
  const summary = summarise(bugs, clean, Date.now() - started, group.bugs);
  return { clean, bugs, summary: { ...summary, untargeted: [] } };
}

/**
 * 0 when every mutant (and every seeded bug of the variant) is killed by a behaviour it targets and the
 * reference fails no must behaviour; else 1.
 */
export function killMatrixExitCode(matrix: KillMatrix): 0 | 1 {
  const s = matrix.summary;
  const v = matrix.variant?.summary;
  // The clean variant's own failures are the conformance run's business (reports/variant/); its bugs are
  // judged against it scenario by scenario, so only a bug missed or caught imprecisely fails the gate.
  const variantFails = v !== undefined && (v.survived > 0 || v.imprecise > 0);
  return s.survived > 0 || s.imprecise > 0 || s.referenceFails || variantFails ? 1 : 0;
}

/** One line per mutant, for logs: `killed (precise) rule-incident-per-row: RULE-ONE-INCIDENT …`. */
export function describeResult(result: MutantResult): string {
  const verdict =
    result.status === 'survived' ? 'SURVIVED' : result.precise ? 'killed (precise)' : 'killed (IMPRECISE)';
  const scenarios = result.runs.map((r) => `${r.scenarios} ${r.profile}`).join(', ');
  const ce = result.counterexample
    ? `; counterexample ${result.counterexample.size} steps (${result.counterexample.behaviour}, ${result.counterexample.profile})`
    : '';
  return (
    `${verdict} ${result.id} [targets ${result.targets.join(', ')}]: failed ${result.failed.join(', ') || 'nothing'} ` +
    `over ${scenarios} scenarios${ce}` +
    (result.explore ? `; explore: ${exploreCell(result.explore)}` : '')
  );
}

function pct(share: number): string {
  return `${(share * 100).toFixed(1)}%`;
}

function verdictCell(m: MutantResult): string {
  if (m.status === 'survived') return '❌ survived';
  return m.precise ? '✅ killed, precise' : '⚠️ killed, imprecise';
}

/**
 * The explore column: "3 (ideal; 23,061 scenarios)" when every smaller depth was exhausted; "≤ 4 (…; depth 3
 * not exhausted)" when a kill came at a depth past one that could not be; or why no depth up to the bound
 * killed it.
 */
export function exploreCell(kill: ExploreKill | undefined): string {
  if (kill === undefined) return '–';
  const scenarios = `${kill.scenarios.toLocaleString('en-US')} scenarios`;
  if (kill.depth !== null && kill.exact) return `${kill.depth} (${kill.profile}; ${scenarios})`;
  if (kill.depth !== null) {
    const open = [
      ...new Set(
        kill.searched.filter((s) => !s.exhausted && s.depth < (kill.depth ?? 0)).map((s) => s.depth),
      ),
    ];
    return `≤ ${kill.depth} (${kill.profile}; ${scenarios}; depth ${open.join(', ')} not exhausted)`;
  }
  return `not by depth ${kill.maxDepth}: ${escapeMarkdown(kill.why ?? '')}`;
}

/** Under the table: how the explore column was searched, and why some mutants need 3 or 4 steps. */
function exploreNotes(results: readonly MutantResult[]): string[] {
  const searched = results.find((m) => m.explore !== undefined)?.explore;
  if (!searched) return [];
  const lines = [
    '',
    `The \`explore\` column: depth 1, 2, … up to ${searched.maxDepth}, in each profile the mutant runs in, the first ` +
      `${searched.budget.toLocaleString('en-US')} scenarios of each depth (depths 1 and 2 whole; the enumeration ` +
      'tries every wait at its longest first, the configurations taking turns), stopping at the first failing ' +
      'scenario. A depth is exact when every smaller one was exhausted without a kill; "≤ d" when a smaller ' +
      'one was too large to exhaust.',
  ];
  const noted = results.filter((m) => m.explore && KILL_DEPTH_NOTES[m.id]);
  if (noted.length > 0) lines.push('', 'Why these depths (the fewest steps that can show the bug):', '');
  for (const m of noted) {
    const note = KILL_DEPTH_NOTES[m.id] as { depth: number; why: string };
    lines.push(`- \`${m.id}\` (${note.depth} steps): ${escapeMarkdown(note.why)}`);
  }
  return lines;
}

function resultTable(results: readonly MutantResult[], mode: KillMode = 'until-target'): string[] {
  // Until a target fails, the count is what `run` needed to detect the mutant; over the full budget, all of it.
  const judged = mode === 'full' ? 'scenarios judged' : 'random scenarios `run` needed';
  const withExplore = results.some((m) => m.explore !== undefined);
  const lines = withExplore
    ? [
        `| mutant | targets | verdict | failed behaviours | ${judged} | smallest \`explore\` depth that kills | shrunk counterexample |`,
        '|---|---|---|---|---|---|---|',
      ]
    : [
        `| mutant | targets | verdict | failed behaviours | ${judged} | shrunk counterexample |`,
        '|---|---|---|---|---|---|',
      ];
  for (const m of results) {
    const scenarios = m.runs.map((r) => `${r.scenarios} (${r.profile})`).join(', ');
    const ce = m.counterexample
      ? `${m.counterexample.size} steps (${m.counterexample.behaviour}, ${m.counterexample.profile})`
      : '–';
    const failed = m.failed.map((id) => (m.targets.includes(id) ? `**${id}**` : id)).join(', ') || '–';
    const depth = withExplore ? ` ${exploreCell(m.explore)} |` : '';
    lines.push(
      `| \`${m.id}\` | ${m.targets.join(', ')} | ${verdictCell(m)} | ${failed} | ${scenarios} |${depth} ${ce} |`,
    );
  }
  return lines;
}

function variantSection(group: VariantGroup): string[] {
  const s = group.summary;
  const lines = [
    '',
    '## Seeded bugs of the variant simulator',
    '',
    'examples/variant-sim/: an implementation written apart from the reference, with its own allowed choices; ' +
      "each bug runs in process with the variant's own timing, beside the clean variant on the same scenarios: " +
      'a bug fails a behaviour in a scenario where its observation violates it and the clean one does not. ' +
      'Scenarios judged: up to the first scenario where a target verdict differs.',
    '',
    `**Kill rate ${s.killed}/${s.mutants} (${pct(s.killRate)}) · precision ${s.precise}/${s.mutants} ` +
      `(${pct(s.precision)}) · ${(s.ms / 1000).toFixed(1)} s**`,
    '',
  ];
  for (const c of group.clean) {
    lines.push(
      c.failed.length === 0 && c.erroredRuns === 0
        ? `Clean variant, ${c.profile} profile: holds every must behaviour over ${c.runs} scenarios.`
        : `Clean variant, ${c.profile} profile: ❌ fails ${c.failed.join(', ') || '—'}` +
            (c.erroredRuns > 0 ? `, ${c.erroredRuns} scenarios errored` : '') +
            ` over ${c.runs} scenarios (where it fails, a bug is judged only by what differs).`,
    );
  }
  lines.push('', ...resultTable(group.bugs));
  return lines;
}

/** The report; `details: false` leaves out the per-mutant counterexample timelines. */
export function renderKillMatrixMarkdown(matrix: KillMatrix, { details = true } = {}): string {
  const s = matrix.summary;
  const mode =
    matrix.mode === 'until-target'
      ? 'each mutant until a behaviour it targets fails, up to the budget'
      : 'each mutant over the whole budget';
  const lines = [
    '# Kill matrix',
    '',
    `Suite ${matrix.suiteVersion}, seed ${matrix.seed}, budget ${matrix.runs} scenarios per profile; ${mode}. ` +
      'Counterexamples are shrunk by fast-check from the suite seed.',
    '',
    `**Kill rate ${s.killed}/${s.mutants} (${pct(s.killRate)}) · precision ${s.precise}/${s.mutants} ` +
      `(${pct(s.precision)}) · counterexample size median ${s.medianCounterexampleSize ?? '–'}, max ` +
      `${s.maxCounterexampleSize ?? '–'} steps · ${(s.ms / 1000).toFixed(1)} s**`,
    '',
  ];
  if (matrix.reference.length === 0) lines.push('Reference simulator: not checked in this run.', '');
  for (const r of matrix.reference) {
    lines.push(
      r.failed.length === 0 && r.erroredRuns === 0
        ? `Reference simulator, ${r.profile} profile: holds every must behaviour over ${r.runs} scenarios.`
        : `Reference simulator, ${r.profile} profile: ❌ fails ${r.failed.join(', ') || '—'}` +
            (r.erroredRuns > 0 ? `, ${r.erroredRuns} scenarios errored` : '') +
            ` over ${r.runs} scenarios.`,
    );
  }
  if (matrix.reference.length > 0) lines.push('');
  if (s.untargeted.length > 0)
    lines.push(`Must behaviours no mutant targets: ${s.untargeted.join(', ')}.`, '');
  lines.push(...resultTable(matrix.mutants, matrix.mode), ...exploreNotes(matrix.mutants));
  if (matrix.variant) lines.push(...variantSection(matrix.variant));
  if (matrix.gaps.length > 0) {
    lines.push(
      '',
      '## Known invariant gaps',
      '',
      'Mutants the invariants do not catch yet (mutants/gaps.ts); not counted above.',
      '',
      '| mutant | targets | verdict | failed behaviours | what the invariant misses |',
      '|---|---|---|---|---|',
    );
    for (const g of matrix.gaps) {
      lines.push(
        `| \`${g.id}\` | ${g.targets.join(', ')} | ${verdictCell(g)} | ${g.failed.join(', ') || '–'} | ${escapeMarkdown(g.gap)} |`,
      );
    }
  }
  if (!details) return `${lines.join('\n')}\n`;
  lines.push('', '## Mutants', '');
  for (const m of [...matrix.mutants, ...(matrix.variant?.bugs ?? [])]) {
    lines.push(
      `### \`${m.id}\``,
      '',
      `${escapeMarkdown(m.description)} Targets ${m.targets.join(', ')}.`,
      '',
    );
    if (!m.counterexample) {
      lines.push('No behaviour failed: no counterexample.', '');
      continue;
    }
    const c = m.counterexample;
    lines.push(
      `<details><summary>${c.behaviour} (${c.profile}): ${c.size} steps, seed ${c.seed}, path ${c.path}</summary>`,
      '',
      escapeMarkdown(c.message),
      '',
      '```text',
      ...c.timeline.map((line) => line.replace(/```/g, "'''")),
      '```',
      '',
      '</details>',
      '',
    );
  }
  return `${lines.join('\n')}\n`;
}
