/**
 * Suite throughput benchmark (`npm run bench`). On one seed and the same ~30-step scenarios, measures
 * scenarios per second for
 *
 *   (a)  fast-check generation alone (scenario + schedule, `fc.sample`, as runSuite's generateCases does);
 *   (b)  generation + the reference simulator (under the generated schedule, as `run --sut reference`)
 *        + every behaviour judged in process (BEHAVIOURS, contextFor, evaluate);
 *   (b') the same with the default schedule (what an implementation behind the protocol runs), so that
 *        (c)/(b') is the price of the protocol alone;
 *   (c)  generation + the reference simulator served over the JSON-lines protocol
 *        (test/fixtures/fake-sims/reference.ts) through the subprocess adapter, in runSuite's batches of 64
 *        (forEachResult: the next batch asked for while this one is judged) + every behaviour judged in process.
 *
 * Goals: (b)/(a) ≤ 3 (the model and the invariants cost at most twice generation), (c)/(b) ≤ 2 (the
 * protocol at most doubles the in-process cost). Each measure first warms up (JIT, caches, the subprocess):
 * at least `--warmup` rounds, more (up to 4×) until two successive warm-up rounds agree within 10%, so the
 * ratios compare steady states; then `--rounds` rounds of `--scenarios` scenarios each (fresh seeds per
 * round, the same for every measure), the measures taking turns within each round so that a change of load
 * on the machine hits all of them alike. Each measure's median round is reported, and each ratio is the median
 * of the rounds' own ratios. With --profile, each in-process phase is timed on its own to say where the time goes.
 *
 * Last, the scaling with 1 and 2 workers (bench/workers.ts) on --workers-scenarios scenarios.
 *
 * Usage: npx tsx bench/main.ts [--scenarios N] [--rounds R] [--warmup W] [--steps S] [--seed S] [--profile] [--workers-scenarios N]
 */
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import fc from 'fast-check';
import { contextFor, evaluate } from '../model/evaluate.ts';
import type { Behaviour, CheckContext } from '../model/invariant.ts';
import { BEHAVIOURS } from '../model/invariants/index.ts';
import * as alerts from '../model/invariants/support-alerts.ts';
import * as incidents from '../model/invariants/support-incidents.ts';
import { IDEAL } from '../model/profile.ts';
import { scheduleFor } from '../model/reference/default-schedule.ts';
import { simulate } from '../model/reference/simulator.ts';
import type { Scenario } from '../model/scenario.ts';
import { interpret } from '../model/world.ts';
import { type GeneratedCase, scenarioOfLengthArb, scheduleArb } from '../properties/arbitraries.ts';
import { openSubprocess } from '../src/adapters/subprocess.ts';
import { implementationRunner } from '../src/harness/runners.ts';
import { forEachResult } from '../src/harness/suite.ts';
import { startupSection } from './startup.ts';
import { benchWorkers } from './workers.ts';

const { values: options } = parseArgs({
  options: {
    scenarios: { type: 'string', default: '400' },
    rounds: { type: 'string', default: '9' },
    warmup: { type: 'string', default: '3' },
    steps: { type: 'string', default: '30' },
    seed: { type: 'string', default: '20261128' },
    profile: { type: 'boolean', default: false },
    'workers-scenarios': { type: 'string', default: '3000' },
  },
  strict: true,
});
const SCENARIOS = Number(options.scenarios);
const ROUNDS = Number(options.rounds);
const WARMUP = Math.max(1, Number(options.warmup));
const STEPS = Number(options.steps);
const SEED = Number(options.seed);
const BATCH = 64;

// ------------------------------------------------------------------------------------------ scenarios

const scenarioOfSteps: fc.Arbitrary<Scenario> = scenarioOfLengthArb(STEPS);

const caseOfSteps: fc.Arbitrary<GeneratedCase> = fc.record({
  scenario: scenarioOfSteps,
  schedule: scheduleArb,
});

function generate(seed: number): GeneratedCase[] {
  return fc.sample(caseOfSteps, { seed, numRuns: SCENARIOS });
}

// ------------------------------------------------------------------------------------------ measures

const behaviours: readonly Behaviour[] = BEHAVIOURS;
let sink = 0;

function judge(scenario: Scenario, observation: ReturnType<typeof simulate>): void {
  sink += evaluate(behaviours, contextFor(scenario, observation, IDEAL)).length;
}

const reference = openSubprocess(
  `"${process.execPath}" --import tsx "${fileURLToPath(new URL('../test/fixtures/fake-sims/reference.ts', import.meta.url))}"`,
  { timeoutMs: 60_000 },
);
/** The subprocess as `run --sut <command>` drives it: runSuite's batches (forEachResult). */
const overProtocol = implementationRunner(reference);

const MEASURES: Record<string, (seed: number) => Promise<void>> = {
  '(a)  generation': async (seed) => {
    sink += generate(seed).length;
  },
  '(b)  + simulator + invariants, in process': async (seed) => {
    for (const { scenario, schedule } of generate(seed)) judge(scenario, simulate(scenario, schedule, IDEAL));
  },
  "(b') the same, default schedule": async (seed) => {
    for (const { scenario } of generate(seed))
      judge(scenario, simulate(scenario, scheduleFor(scenario), IDEAL));
  },
  '(c)  + simulator over the protocol + invariants': async (seed) => {
    await forEachResult(overProtocol, generate(seed), IDEAL, BATCH, (result, input) => {
      if (result.kind !== 'ok') throw new Error(`the subprocess failed: ${result.reason}: ${result.message}`);
      judge(input.scenario, result.observation);
    });
  },
};

function median(values: number[]): number {
  const sorted = [...values].sort((x, y) => x - y);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2
    ? (sorted[mid] as number)
    : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

async function timeMs(run: () => Promise<void>): Promise<number> {
  const start = performance.now();
  await run();
  return performance.now() - start;
}

/**
 * Warms a measure up: at least WARMUP rounds (warm-up seeds, never the measured ones), then more until two
 * successive rounds agree within 10% (at most 4 × WARMUP rounds). Returns how many rounds it ran.
 */
async function warmUp(measure: (seed: number) => Promise<void>): Promise<number> {
  let previous = Number.POSITIVE_INFINITY;
  let round = 0;
  for (; round < 4 * WARMUP; round++) {
    const ms = await timeMs(() => measure(SEED - 1 - round));
    const stable = Math.abs(ms - previous) <= 0.1 * Math.min(ms, previous);
    previous = ms;
    if (round + 1 >= WARMUP && stable) return round + 1;
  }
  return round;
}

/**
 * The readings of an observation most behaviours share (model/invariants/views.ts), built here so that the
 * profile shows them apart instead of charging them to the first behaviour that asks.
 */
function sharedReadings(context: CheckContext): number {
  const views = alerts.alertViews(context);
  for (const view of views) alerts.tenantRepeats(context, view);
  return (
    views.length +
    alerts.incidentViews(context).length +
    alerts.ruleIncidentSteps(context).length +
    incidents.alertViews(context).length +
    incidents.incidentViews(context).length
  );
}

/** Per-phase time of the in-process path, median over rounds (ms per round). */
async function profilePhases(seeds: number[]): Promise<Record<string, number>> {
  const phases: Record<string, number[]> = {};
  const add = (name: string, ms: number) => {
    phases[name] ??= [];
    (phases[name] as number[]).push(ms);
  };
  for (const seed of seeds) {
    const perRound: Record<string, number> = {};
    const tick = (name: string, since: number) => {
      perRound[name] = (perRound[name] ?? 0) + (performance.now() - since);
    };
    let t = performance.now();
    const cases = generate(seed);
    tick('generation', t);
    for (const { scenario, schedule } of cases) {
      t = performance.now();
      const observation = simulate(scenario, schedule, IDEAL);
      tick('simulator', t);
      t = performance.now();
      const context = contextFor(scenario, observation, IDEAL);
      tick('interpret (contextFor)', t);
      t = performance.now();
      sink += sharedReadings(context);
      tick('readings the behaviours share', t);
      for (const b of behaviours) {
        t = performance.now();
        sink += evaluate([b], context).length;
        tick(`  ${b.id}`, t);
      }
    }
    for (const [name, ms] of Object.entries(perRound)) add(name, ms);
  }
  return Object.fromEntries(Object.entries(phases).map(([name, ms]) => [name, median(ms)]));
}

async function main(): Promise<void> {
  const sample = generate(SEED);
  const lengths = sample.map((c) => c.scenario.timeline.length);
  const alerts = sample.map((c) => c.scenario.timeline.filter((s) => s.type === 'alert-raised').length);
  const rows = sample.map((c) => simulate(c.scenario, c.schedule, IDEAL).SecurityAlert.length);
  console.log(
    `sentinel-conformance bench: ${SCENARIOS} scenarios × ${ROUNDS} rounds (after ≥ ${WARMUP} warm-up rounds each), ${behaviours.length} behaviours, ideal profile`,
  );
  console.log(
    `scenarios: ${Math.min(...lengths)}–${Math.max(...lengths)} steps (median ${median(lengths)}), median ${median(alerts)} alerts and ${median(rows)} SecurityAlert rows; node ${process.version}`,
  );
  // Facts are computed once per context; make sure interpret runs at least once before timing.
  sink += interpret(sample[0]?.scenario as Scenario).steps.length;

  const seeds = Array.from({ length: ROUNDS }, (_, i) => SEED + 1 + i);
  const results: Record<string, number> = {};
  const warmups: Record<string, number> = {};
  // Per round, every measure one after the other on the same seed: a change of load on the machine hits
  // the measures of a round alike, so the ratios are taken round by round and their median reported.
  const times: Record<string, number[]> = {};
  try {
    for (const [name, measure] of Object.entries(MEASURES)) warmups[name] = await warmUp(measure); // JIT, caches; the subprocess starts and warms up too
    for (const seed of seeds) {
      for (const [name, measure] of Object.entries(MEASURES)) {
        times[name] ??= [];
        (times[name] as number[]).push(await timeMs(() => measure(seed)));
      }
    }
    for (const [name, list] of Object.entries(times)) results[name] = median(list);
  } finally {
    await reference.close();
  }
  const [ta, tb, tbDefault, tc] = Object.values(times) as [number[], number[], number[], number[]];
  const roundRatios = (x: number[], y: number[]) => median(x.map((v, i) => v / (y[i] as number)));

  const perSecond = (ms: number) => (SCENARIOS / ms) * 1000;
  const table = Object.entries(results).map(([name, ms]) => ({
    measure: name,
    warmup: warmups[name] ?? 0,
    'median ms/round': ms.toFixed(0),
    'scenarios/s': perSecond(ms).toFixed(0),
    'ms/scenario': (ms / SCENARIOS).toFixed(3),
  }));
  console.log();
  for (const row of table) {
    console.log(
      `${row.measure.padEnd(50)} ${row['scenarios/s'].padStart(8)} scenarios/s ${row['ms/scenario'].padStart(9)} ms/scenario  (${row.warmup} warm-up rounds)`,
    );
  }
  const ba = roundRatios(tb, ta);
  const cb = roundRatios(tc, tb);
  const verdict = (ratio: number, goal: number) =>
    `${ratio.toFixed(2)}× (goal ≤ ${goal}×) ${ratio <= goal ? 'met' : 'MISSED'}`;
  console.log();
  console.log(`ratios: the median over the ${ROUNDS} rounds of each round's ratio`);
  console.log(`(b)/(a)  in process vs generation alone: ${verdict(ba, 3)}`);
  console.log(`(c)/(b)  subprocess vs in process:       ${verdict(cb, 2)}`);
  console.log(
    `(c)/(b') subprocess vs in process, same default schedule: ${roundRatios(tc, tbDefault).toFixed(2)}×`,
  );

  if (options.profile || ba > 3 || cb > 2) {
    console.log('\nwhere the in-process time goes (median ms per round):');
    const phases = await profilePhases(seeds);
    const total = Object.entries(phases)
      .filter(([name]) => !name.startsWith(' '))
      .reduce((sum, [, ms]) => sum + ms, 0);
    const invariants = Object.entries(phases).filter(([name]) => name.startsWith(' '));
    const invariantTotal = invariants.reduce((sum, [, ms]) => sum + ms, 0);
    const line = (name: string, ms: number, of: number) =>
      console.log(
        `  ${name.padEnd(36)} ${ms.toFixed(1).padStart(8)} ms ${((ms / of) * 100).toFixed(1).padStart(5)}%`,
      );
    for (const [name, ms] of Object.entries(phases).filter(([n]) => !n.startsWith(' ')))
      line(name, ms, total + invariantTotal);
    line('the 50 behaviours, each on its own', invariantTotal, total + invariantTotal);
    console.log('  the most expensive behaviours (the rest cost about the same each):');
    for (const [name, ms] of invariants.sort((x, y) => y[1] - x[1]).slice(0, 8))
      line(name.trim(), ms, total + invariantTotal);
    // What (b)/(a) would be if the behaviours' own work cost nothing: the floor any faster checking meets.
    const generation = phases.generation ?? Number.NaN;
    console.log(
      `  (b)/(a) were the ${behaviours.length} behaviours free (generation + simulator + interpret + shared readings): ${(total / generation).toFixed(2)}×`,
    );
  }
  if (options.profile || ba > 3 || cb > 2) {
    console.log(
      '  function by function: node --import tsx --cpu-prof --cpu-prof-dir=/tmp/prof bench/main.ts --rounds 2, then open the .cpuprofile in Chrome DevTools',
    );
  }
  if (sink < 0) console.log(sink); // keeps the work observable
  await benchWorkers(Number(options['workers-scenarios']), SEED);
}

await main();
startupSection();
