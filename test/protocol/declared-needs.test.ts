/**
 * The table of what each behaviour's situation needs (src/harness/needs.ts), held to the reference
 * simulator both ways, over cases generated inside declarations (properties/declared.ts):
 * - necessary: with no part of one of its clauses declared, the behaviour's situation never occurs, so
 *   skipping it loses nothing;
 * - sufficient: with only its needs declared (one part of each clause, either value of Defender XDR's
 *   setting where it names none), the situation occurs, so a behaviour the declaration leaves possible is
 *   judged and can be exercised.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { contextFor, evaluateOne, runVerdict } from '../../model/evaluate.ts';
import type { Behaviour } from '../../model/invariant.ts';
import { BEHAVIOURS } from '../../model/invariants/index.ts';
import type { Observation } from '../../model/observation.ts';
import { profileByName } from '../../model/profile.ts';
import { simulate } from '../../model/reference/simulator.ts';
import { type ConfigChangeKind, type ConfigPart, REQUIRED_STEP_TYPES } from '../../model/schema.ts';
import type { StepType } from '../../model/timeline.ts';
import type { GeneratedCase } from '../../properties/arbitraries.ts';
import { declaredCaseArb, type Supported, supportedBy } from '../../properties/declared.ts';
import {
  alternativesOf,
  BEHAVIOUR_NEEDS,
  type Clause,
  declares,
  type Need,
  unsupportedReason,
} from '../../src/harness/needs.ts';

const SEED = 20_261_207;
const PROFILES = [profileByName('ideal'), profileByName('observed')];
/** Cases tried before a situation counts as never occurring, or as not occurring with only the needs. */
const NEVER_RUNS = 80;
const SOMETIME_RUNS = 1500;

/** Per declaration: its cases, and the reference's observations of those simulated so far (per profile). */
interface Probe {
  cases: GeneratedCase[];
  observed: Observation[][];
}
const probes = new Map<string, Probe>();

function keyOf(s: Supported): string {
  return JSON.stringify([s.steps, s.config, s.configChanges].map((set) => [...set].sort()));
}

/** Whether the behaviour's situation occurs in one of the first `runs` cases inside the declaration (either profile). */
function occurs(behaviour: Behaviour, supported: Supported, runs: number): boolean {
  const key = keyOf(supported);
  let probe = probes.get(key);
  if (!probe) {
    probe = {
      cases: fc.sample(declaredCaseArb(supported), { seed: SEED, numRuns: SOMETIME_RUNS }),
      observed: [],
    };
    probes.set(key, probe);
  }
  for (let i = 0; i < runs; i++) {
    const input = probe.cases[i] as GeneratedCase;
    probe.observed[i] ??= PROFILES.map((profile) => simulate(input.scenario, input.schedule, profile));
    for (const [p, profile] of PROFILES.entries()) {
      const observation = probe.observed[i]?.[p] as Observation;
      const verdict = runVerdict(evaluateOne(behaviour, contextFor(input.scenario, observation, profile)));
      if ((verdict.status === 'holds' || verdict.status === 'violated') && verdict.situations > 0)
        return true;
    }
  }
  return false;
}

const FULL = supportedBy(undefined);

/** Everything but these needs. */
function without(needs: readonly Need[]): Supported {
  const keep = <T extends string>(kind: string, values: ReadonlySet<T>) =>
    new Set([...values].filter((v) => !needs.includes(`${kind}:${v}` as Need)));
  return {
    ...FULL,
    steps: keep('step', FULL.steps),
    config: keep('config', FULL.config),
    configChanges: keep('change', FULL.configChanges),
  };
}

/** Only what every implementation supports, plus these needs and one value of Defender XDR's setting. */
function only(needs: readonly Need[], xdrSetting: ConfigPart): Supported {
  const of = (kind: string) =>
    needs.filter((n) => n.startsWith(`${kind}:`)).map((n) => n.slice(kind.length + 1));
  const changes = of('change') as ConfigChangeKind[];
  return supportedBy({
    steps: [
      ...new Set<StepType>([
        ...REQUIRED_STEP_TYPES,
        ...(of('step') as StepType[]),
        ...(changes.length > 0 ? (['config-changed'] as const) : []),
      ]),
    ],
    configChanges: changes,
    config: [...new Set([...(of('config') as ConfigPart[]), xdrSetting])],
  });
}

/** Every way to pick one item of each list. */
function product<T>(lists: readonly (readonly T[])[]): T[][] {
  return lists.reduce<T[][]>((ways, list) => ways.flatMap((way) => list.map((item) => [...way, item])), [[]]);
}

/** The smallest sets of needs that leave every alternative of a clause unmet (one need of each, no superset kept). */
function leaveUnmet(clause: Clause): Need[][] {
  const sets = unique(product(alternativesOf(clause)));
  return sets.filter(
    (set) => !sets.some((other) => other.length < set.length && other.every((n) => set.includes(n))),
  );
}

const unique = (ways: Need[][]) => [
  ...new Map(ways.map((way) => [[...new Set(way)].sort().join(' '), [...new Set(way)].sort()])).values(),
];

describe('src/harness/needs.ts', () => {
  it('names only catalogued behaviours, and needs nothing every implementation supports', () => {
    const ids = new Set(BEHAVIOURS.map((b) => b.id));
    for (const [id, clauses] of Object.entries(BEHAVIOUR_NEEDS)) {
      expect(ids.has(id), id).toBe(true);
      for (const need of clauses.flatMap((c) => alternativesOf(c).flat()))
        expect(REQUIRED_STEP_TYPES.map((t) => `step:${t}`)).not.toContain(need);
    }
  });

  it('skips a behaviour when a clause is undeclared, with the reason, and judges it otherwise', () => {
    expect(unsupportedReason('XDR-REDIRECT', FULL, 'ideal')).toBeUndefined();
    expect(unsupportedReason('XDR-REDIRECT', without(['step:xdr-correlated']), 'ideal')).toBe(
      "unsupported: the implementation does not declare the step 'xdr-correlated'",
    );
    expect(unsupportedReason('TEN-SCOPE', without(['config:tenant-connector']), 'observed')).toBe(
      'unsupported: the implementation does not declare the tenant-based connector',
    );
    expect(
      unsupportedReason(
        'XDR-INCIDENT-SYNC',
        without(['step:xdr-incident-closed', 'step:sentinel-incident-closed']),
        'ideal',
      ),
    ).toBe(
      "unsupported: the implementation does not declare the step 'xdr-incident-closed' or (the step 'sentinel-incident-closed' and the Defender XDR connector)",
    );
    expect(unsupportedReason('DOC-TIME-ORDER', { ...FULL, profiles: new Set(['ideal']) }, 'observed')).toBe(
      'unsupported: the implementation does not declare the observed profile',
    );
    expect(declares(without(['change:rule-added']), 'change:rule-added')).toBe(false);
  });

  for (const behaviour of BEHAVIOURS) {
    const clauses = BEHAVIOUR_NEEDS[behaviour.id] ?? [];
    // Necessary: each way to leave every alternative of a clause unmet (one need of each left out).
    for (const clause of clauses) {
      for (const left of leaveUnmet(clause)) {
        it(`${behaviour.id}: never occurs without ${left.join(', ')}`, () => {
          expect(occurs(behaviour, without(left), NEVER_RUNS)).toBe(false);
        });
      }
    }
    // Sufficient: each way to meet every clause with one alternative, under either value of XDR's setting.
    for (const way of unique(product(clauses.map(alternativesOf)).map((picked) => picked.flat()))) {
      const settings = (['xdr-all-alerts', 'xdr-no-alerts'] as const).filter(
        (s) => !way.includes(`config:${s === 'xdr-all-alerts' ? 'xdr-no-alerts' : 'xdr-all-alerts'}`),
      );
      for (const setting of settings) {
        it(`${behaviour.id}: occurs with only ${[...way, `config:${setting}`].join(', ')}`, () => {
          expect(occurs(behaviour, only(way, setting), SOMETIME_RUNS)).toBe(true);
        });
      }
    }
  }
});
