/**
 * Shared machinery of the property files: for a behaviour area, a fast-check property per profile that
 * runs the reference simulator on generated cases and fails when any of the area's behaviours is violated.
 * On failure it writes a counterexample file that `sentinel-conformance replay` reads, and the error
 * names the behaviour, the seed, the path and the file, with the shrunk case as a timeline.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { relative } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { contextFor, evaluateOne, runVerdict } from '../model/evaluate.ts';
import type { Behaviour } from '../model/invariant.ts';
import { behaviourById } from '../model/invariants/index.ts';
import { IDEAL, OBSERVED, type Profile } from '../model/profile.ts';
import { simulate } from '../model/reference/simulator.ts';
import { behaviour as catalogueEntry } from '../model/spec/catalogue.ts';
import { COUNTEREXAMPLE_FORMAT } from '../src/cli/output.ts';
import { renderTimeline } from '../src/report/timeline.ts';
import { SUITE_VERSION } from '../src/version.ts';
import { caseArb, type GeneratedCase } from './arbitraries.ts';
import { CHECKING } from './settings.ts';

export const COUNTEREXAMPLE_DIR = '.counterexamples';

interface Failure {
  id: string;
  message: string;
}

/** The first of `behaviours` that the observation violates, if any. */
function firstViolation(
  behaviours: readonly Behaviour[],
  context: ReturnType<typeof contextFor>,
): Failure | undefined {
  for (const b of behaviours) {
    const verdict = runVerdict(evaluateOne(b, context));
    if (verdict.status === 'violated' || verdict.status === 'errored') {
      return { id: b.id, message: verdict.status === 'violated' ? verdict.message : verdict.reason };
    }
  }
  return undefined;
}

/** Where the cases come from: the generator's (default), or another arbitrary under a label for messages and files. */
export interface CaseSource {
  label: string;
  arb: fc.Arbitrary<GeneratedCase>;
  numRuns?: number;
}

export function checkArea(
  area: string,
  ids: readonly string[],
  profiles: readonly Profile[] = [IDEAL, OBSERVED],
  source?: CaseSource,
): void {
  const behaviours = ids.map(behaviourById);
  const arb = source?.arb ?? caseArb;
  const under = source ? `, ${source.label}` : '';
  describe(area, () => {
    for (const profile of profiles) {
      it(`should hold ${ids.join(', ')} on the reference simulator (${profile.name} profile${under})`, () => {
        const details = fc.check(
          fc.property(arb, (input) => {
            const observation = simulate(input.scenario, input.schedule, profile);
            return firstViolation(behaviours, contextFor(input.scenario, observation, profile)) === undefined;
          }),
          { seed: CHECKING.seed, numRuns: source?.numRuns ?? CHECKING.propertyRuns },
        );
        if (details.failed && details.counterexample) {
          const [input] = details.counterexample;
          const observation = simulate(input.scenario, input.schedule, profile);
          const failure = firstViolation(behaviours, contextFor(input.scenario, observation, profile));
          const id = failure?.id ?? 'unknown';
          const entry = failure ? catalogueEntry(id) : undefined;
          mkdirSync(COUNTEREXAMPLE_DIR, { recursive: true });
          const tag = source ? `-${source.label.replace(/[^a-z0-9]+/gi, '-')}` : '';
          const file = `${COUNTEREXAMPLE_DIR}/reference-${profile.name}${tag}-${id}.json`;
          writeFileSync(
            file,
            `${JSON.stringify(
              {
                format: COUNTEREXAMPLE_FORMAT,
                suiteVersion: SUITE_VERSION,
                behaviour: entry
                  ? { id, kind: entry.kind, quote: entry.quote, line: entry.line, says: entry.says }
                  : { id },
                implementation: 'reference simulator',
                profile: profile.name,
                seed: details.seed,
                path: details.counterexamplePath,
                message: failure?.message ?? String(details.errorInstance),
                scenario: input.scenario,
                schedule: input.schedule,
                observation,
              },
              null,
              2,
            )}\n`,
          );
          expect.fail(
            [
              `${id} violated: ${failure?.message ?? ''}`,
              `seed ${details.seed}, path ${details.counterexamplePath}; counterexample written to ${file}`,
              `replay: npx tsx src/cli/main.ts replay ${file} --sut reference, or SC_SEED=${CHECKING.seed} npx vitest run ${relative(process.cwd(), expect.getState().testPath ?? 'properties')}`,
              ...renderTimeline(input.scenario, observation),
            ].join('\n'),
          );
        }
        expect(details.failed).toBe(false);
      });
    }
  });
}
