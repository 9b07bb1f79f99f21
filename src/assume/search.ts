/**
 * Where an assumption breaks: for each configuration class (the behaviour matrix's 48 combinations, plus
 * "mid-timeline changes"), scenarios are generated with the suite's arbitraries on that class's
 * configuration, run on the reference simulator under each profile, and the assumption's predicate is
 * asked about each. The first break is shrunk by fast-check and told as a timeline in domain words.
 * A user's own configuration (--config) is one class of its own.
 */
import fc from 'fast-check';
import type { WorkspaceConfig } from '../../model/config.ts';
import { contextFor, evaluateOne, type Outcome } from '../../model/evaluate.ts';
import { behaviourById } from '../../model/invariants/index.ts';
import type { Observation } from '../../model/observation.ts';
import type { Profile } from '../../model/profile.ts';
import type { Schedule } from '../../model/reference/schedule.ts';
import { simulate } from '../../model/reference/simulator.ts';
import { SCENARIO_VERSION, type Scenario } from '../../model/scenario.ts';
import {
  caseArb,
  type GeneratedCase,
  type Intent,
  intentArb,
  intentsToTimeline,
  SCENARIO_START,
  scheduleArb,
  TENANT_ID,
} from '../../properties/arbitraries.ts';
import { GENERATION } from '../../properties/settings.ts';
import { extremeSchedules, randomSchedulePool } from '../explore/explore.ts';
import { exploreConfig, ofConfiguration } from '../explore/universe.ts';
import { type MatrixKey, matrixConfig, matrixKeys } from '../report/behaviour-matrix.ts';
import { renderTimeline } from '../report/timeline.ts';
import { evaluateAssumption, type LoadedAssumption } from './assumption.ts';
import { queryOf } from './query.ts';

export interface ConfigClass {
  id: string;
  label: string;
  /** The configuration every scenario of the class starts from; absent for "mid-timeline changes". */
  config?: WorkspaceConfig;
  /** Whether the timeline may change the configuration. */
  changes: boolean;
}

export type ClassStatus = 'holds' | 'broken' | 'not exercised';

export interface Counterexample {
  profile: string;
  message: string;
  seed: number;
  path: string;
  timeline: string[];
  /** Of the assumption's explainedBy, the behaviours whose situation occurs in the shrunk scenario. */
  atWork: string[];
  scenario: Scenario;
  schedule: Schedule;
}

export interface ClassResult {
  classId: string;
  label: string;
  status: ClassStatus;
  /** Scenarios generated (both profiles) before any shrinking, and how many exercised the assumption. */
  runs: number;
  exercised: number;
  counterexample?: Counterexample;
}

export interface AssumptionResult {
  assumption: LoadedAssumption;
  classes: ClassResult[];
  status: ClassStatus;
}

const onOff = (b: boolean) => (b ? 'on' : 'off');

export function classIdOf(key: MatrixKey): string {
  return `sub ${key.subscription} · tenant ${onOff(key.tenant)} · XDR setting ${key.xdrSetting} · XDR connector ${onOff(key.xdrConnector)} · rule ${onOff(key.rule)}`;
}

/** The behaviour matrix's 48 classes and the mid-timeline changes class. */
export function matrixClasses(): ConfigClass[] {
  const classes: ConfigClass[] = matrixKeys().map((key) => ({
    id: classIdOf(key),
    label: classIdOf(key),
    config: matrixConfig(key),
    changes: false,
  }));
  classes.push({ id: 'mid-timeline changes', label: 'mid-timeline configuration changes', changes: true });
  return classes;
}

/**
 * The matrix class of a configuration, when it has one: every subscription in the same connector mode,
 * and "rule on" when some rule takes Defender for Cloud alerts.
 */
export function classOfConfig(config: WorkspaceConfig): MatrixKey | undefined {
  const modes = new Set(
    config.subscriptions.map((s) => {
      const c = config.subscriptionConnector.find((x) => x.subscription === s);
      return c === undefined ? 'off' : c.sync ? 'on+sync' : 'on';
    }),
  );
  if (modes.size !== 1) return undefined;
  return {
    subscription: [...modes][0] as MatrixKey['subscription'],
    tenant: config.tenantConnector,
    xdrSetting: config.xdrMdcSetting,
    xdrConnector: config.xdrConnector,
    rule: config.incidentRules.some((r) => r.productFilter.includes('Azure Security Center')),
  };
}

export function userClass(config: WorkspaceConfig, changes: boolean): ConfigClass {
  const key = classOfConfig(config);
  const label = `your configuration${key ? ` (${classIdOf(key)})` : ''}${changes ? ', with configuration changes' : ''}`;
  return { id: 'your configuration', label, config, changes };
}

/** Intents that change the configuration: a plain change, or the sync-switch episode's switch. */
const changesConfig = (i: Intent) => i.kind === 'config' || i.kind === 'sync-switch-episode';
const steadyIntentArb: fc.Arbitrary<Intent> = intentArb.filter((i) => !changesConfig(i));

/** The scenarios searched for a class (exported for the test that a steady class never changes its configuration). */
export function caseArbFor(cls: ConfigClass): fc.Arbitrary<GeneratedCase> {
  const { config } = cls;
  if (config === undefined)
    return caseArb.filter((c) => c.scenario.timeline.some((s) => s.type === 'config-changed'));
  return fc
    .record({
      intents: fc.array(cls.changes ? intentArb : steadyIntentArb, {
        minLength: 1,
        maxLength: GENERATION.maxIntents,
        size: 'medium',
      }),
      schedule: scheduleArb,
    })
    .map(({ intents, schedule }) => ({
      scenario: {
        version: SCENARIO_VERSION,
        tenantId: TENANT_ID,
        start: SCENARIO_START,
        config,
        timeline: intentsToTimeline(config, intents),
        settleMinutes: GENERATION.settleMinutes,
      },
      schedule,
    }));
}

function judge(a: LoadedAssumption, c: GeneratedCase, profile: Profile) {
  const observation: Observation = simulate(c.scenario, c.schedule, profile);
  return { observation, result: evaluateAssumption(a, queryOf(c.scenario, observation, profile.name)) };
}

/** Whether a behaviour's situation occurs in a scenario (whatever its verdict). */
function situationOccurs(outcome: Outcome): boolean {
  switch (outcome.kind) {
    case 'must':
      return outcome.verdict.status === 'holds' || outcome.verdict.status === 'violated';
    case 'typical':
      return outcome.situations > 0;
    case 'quirk':
      return outcome.occurrences.length > 0;
    case 'advice':
      return outcome.findings.length > 0;
  }
}

const broken = (r: unknown): r is false | string => r === false || typeof r === 'string';

export interface SearchOptions {
  classes: readonly ConfigClass[];
  profiles: readonly Profile[];
  /** Scenarios per class and profile. */
  runsPerClass: number;
  seed: number;
  /**
   * Also try every scenario of up to this many steps from the class's configuration (src/explore/), under
   * the extreme schedules and a few random ones, when the random search found no break. Absent: not done.
   */
  exploreDepth?: number;
}

/**
 * Every scenario of 1 to `depth` steps from the class's configuration (for the mid-timeline class: from each
 * of the 48, those that change it), shortest first, each under the extreme and a few random schedules; the
 * first break (it has the fewest steps) is the counterexample, unshrunk as it needs no shrinking.
 */
function exploreClass(
  a: LoadedAssumption,
  cls: ConfigClass,
  profile: Profile,
  depth: number,
  seed: number,
): { runs: number; exercised: number; counterexample?: Counterexample } {
  const pool = randomSchedulePool(seed);
  const schedules = [
    ...extremeSchedules(profile),
    ...[0, 1].map((i) => ({ label: `random schedule ${i}`, schedule: pool[i] as Schedule })),
  ];
  let runs = 0;
  let exercised = 0;
  for (let d = 1; d <= depth; d++) {
    const sources =
      cls.config === undefined
        ? matrixKeys().map((key) => ofConfiguration(exploreConfig(key), d, {}, key))
        : [ofConfiguration(cls.config, d, { changes: cls.changes })];
    for (const source of sources)
      for (const { scenario } of source) {
        if (cls.config === undefined && !scenario.timeline.some((s) => s.type === 'config-changed')) continue;
        for (const { label, schedule } of schedules) {
          const { observation, result } = judge(a, { scenario, schedule }, profile);
          runs += 1;
          if (result !== undefined) exercised += 1;
          if (!broken(result)) continue;
          return {
            runs,
            exercised,
            counterexample: {
              profile: profile.name,
              message: typeof result === 'string' ? result : 'the predicate returned false',
              seed,
              path: `explore: ${d} step${d > 1 ? 's' : ''}, ${label}`,
              timeline: renderTimeline(scenario, observation),
              atWork: a.explainedBy.filter((id) =>
                situationOccurs(evaluateOne(behaviourById(id), contextFor(scenario, observation, profile))),
              ),
              scenario,
              schedule,
            },
          };
        }
      }
  }
  return { runs, exercised };
}

export function searchClass(a: LoadedAssumption, cls: ConfigClass, options: SearchOptions): ClassResult {
  const arb = caseArbFor(cls);
  let runs = 0;
  let exercised = 0;
  let counterexample: Counterexample | undefined;
  for (const profile of options.profiles) {
    let shrinking = false;
    const details = fc.check(
      fc.property(arb, (c) => {
        const { result } = judge(a, c, profile);
        if (!shrinking) {
          runs += 1;
          if (result !== undefined) exercised += 1;
        }
        if (broken(result)) shrinking = true;
        return !broken(result);
      }),
      { seed: options.seed, numRuns: options.runsPerClass },
    );
    if (details.errorInstance instanceof Error && details.errorInstance.name === 'AssumptionError')
      throw details.errorInstance;
    if (details.failed && details.counterexample && counterexample === undefined) {
      const [c] = details.counterexample;
      const { observation, result } = judge(a, c, profile);
      counterexample = {
        profile: profile.name,
        message: typeof result === 'string' ? result : 'the predicate returned false',
        seed: details.seed,
        path: details.counterexamplePath ?? '',
        timeline: renderTimeline(c.scenario, observation),
        atWork: a.explainedBy.filter((id) =>
          situationOccurs(evaluateOne(behaviourById(id), contextFor(c.scenario, observation, profile))),
        ),
        scenario: c.scenario,
        schedule: c.schedule,
      };
    }
  }
  if (options.exploreDepth !== undefined)
    for (const profile of options.profiles) {
      if (counterexample) break;
      const explored = exploreClass(a, cls, profile, options.exploreDepth, options.seed);
      runs += explored.runs;
      exercised += explored.exercised;
      counterexample = explored.counterexample;
    }
  const status: ClassStatus = counterexample ? 'broken' : exercised > 0 ? 'holds' : 'not exercised';
  return {
    classId: cls.id,
    label: cls.label,
    status,
    runs,
    exercised,
    ...(counterexample ? { counterexample } : {}),
  };
}

export function searchAssumption(a: LoadedAssumption, options: SearchOptions): AssumptionResult {
  const classes = options.classes.map((cls) => searchClass(a, cls, options));
  const status: ClassStatus = classes.some((c) => c.status === 'broken')
    ? 'broken'
    : classes.some((c) => c.status === 'holds')
      ? 'holds'
      : 'not exercised';
  return { assumption: a, classes, status };
}

/** Exit code as `run`'s: 1 when any assumption is broken, else 2 when any was never exercised, else 0. */
export function exitCodeOf(results: readonly AssumptionResult[]): number {
  if (results.some((r) => r.status === 'broken')) return 1;
  if (results.some((r) => r.status === 'not exercised')) return 2;
  return 0;
}
