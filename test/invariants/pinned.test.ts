/**
 * Every behaviour's outcome on the pinned cases (pinned/cases.json.gz, built by pinned/make.ts): reference
 * runs of generated scenarios under both profiles, runs of the mutant simulators, and reference runs with one
 * edit (a row dropped, repeated or reordered, a field given another row's value, a time shifted). Each case
 * is there because it showed some behaviour an outcome (verdict, situation count, message, witness, undecided
 * reason, quirk occurrence, typical sample, advice finding) that no earlier case showed. The pins are the
 * outcomes as judged when the file was built; a change to an invariant that changes any of them fails here,
 * naming the behaviour and the case, and is either a bug or a change to review and re-pin (run make.ts).
 * One test per behaviour, each judging the cases that showed it something new, on contexts of their own.
 */
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import type { WorkspaceConfig } from '../../model/config.ts';
import { contextFor, evaluateOne, type Outcome } from '../../model/evaluate.ts';
import type { AdviceFinding } from '../../model/invariant.ts';
import { BEHAVIOURS } from '../../model/invariants/index.ts';
import type { Observation } from '../../model/observation.ts';
import { type ProfileName, profileByName } from '../../model/profile.ts';
import type { Scenario } from '../../model/scenario.ts';
import { applyEdit, type Edit } from './pinned/perturb.ts';

interface PinnedFile {
  advice: {
    config: WorkspaceConfig;
    subscriptions: string[];
    findings: Record<string, AdviceFinding[]>;
  }[];
  scenarios: Scenario[];
  observations: { from: string; observation: Observation }[];
  cases: {
    scenario: number;
    observation: number;
    profile: ProfileName;
    edit?: Edit;
    judge: string[];
    outcomes: Outcome[];
  }[];
}

const pinned: PinnedFile = JSON.parse(
  gunzipSync(readFileSync(new URL('./pinned/cases.json.gz', import.meta.url))).toString('utf8'),
);

const cases = pinned.cases.map((c, index) => {
  let edited: Observation | undefined;
  const base = pinned.observations[c.observation] as PinnedFile['observations'][number];
  return {
    label: `case ${index} (${base.from}${c.edit ? `, ${c.edit.op} ${c.edit.path.join('.')}` : ''}, judged ${c.profile})`,
    scenario: pinned.scenarios[c.scenario] as Scenario,
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

/** The outcome of `id` that says nothing happened: the file leaves these out. */
function quiet(b: (typeof BEHAVIOURS)[number]): Outcome {
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

describe('pinned outcomes', () => {
  it('should hold a few hundred cases, violations among them', () => {
    expect(cases.length).toBeGreaterThan(300);
    const violated = cases.filter((c) =>
      [...c.outcomes.values()].some((o) => o.kind === 'must' && o.verdict.status === 'violated'),
    );
    expect(violated.length).toBeGreaterThan(cases.length / 3);
  });

  for (const b of BEHAVIOURS) {
    it(`should give ${b.id} its pinned outcome on every case`, () => {
      const mine = cases.filter((c) => c.judge.has(b.id));
      expect(mine.length, `${b.id} has no pinned case`).toBeGreaterThan(0);
      for (const c of mine) {
        const actual = JSON.parse(
          JSON.stringify(evaluateOne(b, contextFor(c.scenario, c.observation, c.profile))),
        );
        expect(actual, c.label).toEqual(c.outcomes.get(b.id) ?? quiet(b));
      }
    });
  }
});

describe('pinned advice', () => {
  for (const b of BEHAVIOURS) {
    if (b.kind !== 'advice') continue;
    it(`should give ${b.id} its pinned findings on every configuration of the pinned space`, () => {
      expect(pinned.advice.length).toBeGreaterThan(500);
      for (const [i, { config, subscriptions, findings }] of pinned.advice.entries())
        expect(b.lint(config, subscriptions), `configuration ${i}: ${JSON.stringify(config)}`).toEqual(
          findings[b.id],
        );
    });
  }
});
