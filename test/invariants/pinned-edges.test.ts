/**
 * Every behaviour's outcome on the edge cases (pinned/edges.json.gz, built by `PIN_SET=edges npx tsx
 * test/invariants/pinned/make.ts`): like pinned.test.ts, on other generated scenarios, with runs of the
 * mutant simulators edited too, one or two edits per case, and edits that put a time exactly at a bound from
 * another time of the observation (the time tolerance, a delay bound of model/assumptions.ts, a millisecond
 * or a second either side) or write it in another form (an offset, no zone, seven decimals, unreadable).
 * The bounds are where an off-by-one in an invariant shows. One test per behaviour, on its own cases.
 */
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { contextFor, evaluateOne, type Outcome } from '../../model/evaluate.ts';
import type { Behaviour } from '../../model/invariant.ts';
import { BEHAVIOURS } from '../../model/invariants/index.ts';
import type { Observation } from '../../model/observation.ts';
import { type ProfileName, profileByName } from '../../model/profile.ts';
import type { Scenario } from '../../model/scenario.ts';
import { applyEdit, type Edit } from './pinned/perturb.ts';

interface EdgeFile {
  scenarios: Scenario[];
  observations: { from: string; observation: Observation }[];
  cases: {
    scenario: number;
    observation: number;
    profile: ProfileName;
    edit?: Edit | Edit[];
    judge: string[];
    outcomes: Outcome[];
  }[];
}

const file: EdgeFile = JSON.parse(
  gunzipSync(readFileSync(new URL('./pinned/edges.json.gz', import.meta.url))).toString('utf8'),
);

function describeEdits(edit: Edit | Edit[] | undefined): string {
  const edits = edit === undefined ? [] : Array.isArray(edit) ? edit : [edit];
  return edits.map((e) => `, ${e.op} ${e.path.join('.')}`).join('');
}

const cases = file.cases.map((c, index) => {
  let edited: Observation | undefined;
  const base = file.observations[c.observation] as EdgeFile['observations'][number];
  return {
    label: `edge case ${index} (${base.from}${describeEdits(c.edit)}, judged ${c.profile})`,
    scenario: file.scenarios[c.scenario] as Scenario,
    /** Edited on first use: each test edits only the cases it judges. */
    get observation(): Observation {
      edited ??= applyEdit(base.observation, c.edit);
      return edited;
    },
    profile: profileByName(c.profile),
    judge: new Set(c.judge),
    outcomes: new Map(c.outcomes.map((o) => [o.id, o])),
  };
});

/** The outcome that says nothing happened: the file leaves these out. */
function quiet(b: Behaviour): Outcome {
  switch (b.kind) {
    case 'must':
      return { id: b.id, kind: 'must', verdict: { status: 'not-exercised' } };
    case 'quirk':
      return { id: b.id, kind: 'quirk', occurrences: [], verdict: { status: 'not-exercised' } };
    case 'typical':
      return { id: b.id, kind: 'typical', situations: 0, successes: 0 };
    case 'advice':
      return { id: b.id, kind: 'advice', findings: [] };
  }
}

describe('pinned outcomes at the edges', () => {
  it('should hold a few hundred cases, violations among them', () => {
    expect(cases.length).toBeGreaterThan(300);
    const violated = cases.filter((c) =>
      [...c.outcomes.values()].some((o) => o.kind === 'must' && o.verdict.status === 'violated'),
    );
    expect(violated.length).toBeGreaterThan(cases.length / 3);
  });

  for (const b of BEHAVIOURS) {
    it(`should give ${b.id} its pinned outcome on every edge case`, () => {
      const mine = cases.filter((c) => c.judge.has(b.id));
      expect(mine.length, `${b.id} has no edge case`).toBeGreaterThan(0);
      for (const c of mine) {
        const actual = JSON.parse(
          JSON.stringify(evaluateOne(b, contextFor(c.scenario, c.observation, c.profile))),
        );
        expect(actual, c.label).toEqual(c.outcomes.get(b.id) ?? quiet(b));
      }
    });
  }
});
