/**
 * The pinned files' cases (pinned.test.ts, pinned-edges.test.ts), read once, and the tests that judge them:
 * one test per behaviour, on the cases that showed it something new, each case's observation edited on first
 * use so that a test edits only the cases it judges.
 */
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { contextFor, evaluateOne, type Outcome } from '../../../model/evaluate.ts';
import type { Behaviour } from '../../../model/invariant.ts';
import { BEHAVIOURS } from '../../../model/invariants/index.ts';
import type { Observation } from '../../../model/observation.ts';
import { type Profile, type ProfileName, profileByName } from '../../../model/profile.ts';
import type { Scenario } from '../../../model/scenario.ts';
import { applyEdit, type Edit } from './perturb.ts';

export interface PinnedCases {
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

export interface PinnedCase {
  label: string;
  scenario: Scenario;
  readonly observation: Observation;
  profile: Profile;
  judge: Set<string>;
  outcomes: Map<string, Outcome>;
}

/** A gzip JSON file beside this one. */
export function readPinned<File>(name: string): File {
  return JSON.parse(gunzipSync(readFileSync(new URL(`./${name}`, import.meta.url))).toString('utf8'));
}

function describeEdits(edit: Edit | Edit[] | undefined): string {
  const edits = edit === undefined ? [] : Array.isArray(edit) ? edit : [edit];
  return edits.map((e) => `, ${e.op} ${e.path.join('.')}`).join('');
}

export function pinnedCases(file: PinnedCases, name: string): PinnedCase[] {
  return file.cases.map((c, index) => {
    let edited: Observation | undefined;
    const base = file.observations[c.observation] as PinnedCases['observations'][number];
    return {
      label: `${name} ${index} (${base.from}${describeEdits(c.edit)}, judged ${c.profile})`,
      scenario: file.scenarios[c.scenario] as Scenario,
      get observation(): Observation {
        edited ??= applyEdit(base.observation, c.edit);
        return edited;
      },
      profile: profileByName(c.profile),
      judge: new Set(c.judge),
      outcomes: new Map(c.outcomes.map((o) => [o.id, o])),
    };
  });
}

/** The outcome that says nothing happened: the files leave these out. */
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

/** A few hundred cases, a third of them with a violation; then each behaviour's pinned outcome on its own cases. */
export function describePinnedOutcomes(title: string, cases: readonly PinnedCase[], name: string): void {
  describe(title, () => {
    it('should hold a few hundred cases, violations among them', () => {
      expect(cases.length).toBeGreaterThan(300);
      const violated = cases.filter((c) =>
        [...c.outcomes.values()].some((o) => o.kind === 'must' && o.verdict.status === 'violated'),
      );
      expect(violated.length).toBeGreaterThan(cases.length / 3);
    });

    for (const b of BEHAVIOURS) {
      it(`should give ${b.id} its pinned outcome on every ${name}`, () => {
        const mine = cases.filter((c) => c.judge.has(b.id));
        expect(mine.length, `${b.id} has no ${name}`).toBeGreaterThan(0);
        for (const c of mine) {
          const actual = JSON.parse(
            JSON.stringify(evaluateOne(b, contextFor(c.scenario, c.observation, c.profile))),
          );
          expect(actual, c.label).toEqual(c.outcomes.get(b.id) ?? quiet(b));
        }
      });
    }
  });
}
