/**
 * Verdict fingerprint: a digest of everything the reference simulator writes and everything the invariants
 * conclude, over generated cases × the reference and every mutant (in each mutant's profiles, the reference
 * in both). A change meant to make the simulator or the invariants faster, and nothing else, leaves both
 * digests as they were: run it before and after (`npx tsx bench/fingerprint.ts`), and compare.
 *
 * - `simulator`: every observation, as JSON.
 * - `verdicts`: every outcome of every behaviour (verdicts, messages, witnesses, occurrences, findings).
 * - `bySimulator`: the verdicts digest per simulator, to find which one moved.
 *
 * Usage: npx tsx bench/fingerprint.ts [--cases N] [--seed S]
 */
import { createHash } from 'node:crypto';
import { parseArgs } from 'node:util';
import fc from 'fast-check';
import { contextFor, evaluate } from '../model/evaluate.ts';
import { BEHAVIOURS } from '../model/invariants/index.ts';
import { profileByName } from '../model/profile.ts';
import { simulate } from '../model/reference/simulator.ts';
import { GAP_MUTANTS } from '../mutants/gaps.ts';
import { MUTANTS } from '../mutants/index.ts';
import { caseArb } from '../properties/arbitraries.ts';

const { values: options } = parseArgs({
  options: {
    cases: { type: 'string', default: '300' },
    seed: { type: 'string', default: '99' },
  },
  strict: true,
});

const cases = fc.sample(caseArb, { seed: Number(options.seed), numRuns: Number(options.cases) });
const simulators = [
  { id: 'reference', simulate, profiles: ['ideal', 'observed'] as const },
  ...MUTANTS,
  ...GAP_MUTANTS,
];
const observations = createHash('sha256');
const verdicts = createHash('sha256');
const bySimulator: Record<string, string> = {};
for (const sut of simulators) {
  const own = createHash('sha256');
  for (const name of sut.profiles) {
    const profile = profileByName(name);
    for (const { scenario, schedule } of cases) {
      const observation = sut.simulate(scenario, schedule, profile);
      observations.update(JSON.stringify(observation));
      const outcomes = JSON.stringify(evaluate(BEHAVIOURS, contextFor(scenario, observation, profile)));
      verdicts.update(outcomes);
      own.update(outcomes);
    }
  }
  bySimulator[sut.id] = own.digest('hex').slice(0, 16);
}
console.log(
  JSON.stringify(
    {
      cases: cases.length,
      seed: Number(options.seed),
      simulator: observations.digest('hex'),
      verdicts: verdicts.digest('hex'),
      bySimulator,
    },
    null,
    1,
  ),
);
