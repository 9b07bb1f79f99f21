/**
 * Builds pinned/cases.json.gz, the pinned cases of pinned.test.ts: `npx tsx test/invariants/pinned/make.ts`.
 *
 * A pool of judged observations: reference runs of generated scenarios (each profile, judged under both),
 * runs of every mutant simulator (mutants/), and reference runs with one edit (perturb.ts). A case joins
 * the pinned set when it shows some behaviour an outcome no earlier case showed (status, message with its
 * numbers and times blanked, witness shape), so a few hundred cases cover what thousands show. The file
 * holds the scenarios, the observations, the edits and every behaviour's outcome, as judged when it was
 * built; rebuild it (and review the diff of the outcomes) only when a verdict is meant to change.
 */
import { writeFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import fc from 'fast-check';
import { TIME_TOLERANCE_MS } from '../../../model/assumptions.ts';
import type { IncidentRule, WorkspaceConfig } from '../../../model/config.ts';
import { contextFor, evaluate, type Outcome } from '../../../model/evaluate.ts';
import { BEHAVIOURS } from '../../../model/invariants/index.ts';
import type { Observation } from '../../../model/observation.ts';
import { IDEAL, OBSERVED, type Profile } from '../../../model/profile.ts';
import { simulate } from '../../../model/reference/simulator.ts';
import type { Scenario } from '../../../model/scenario.ts';
import { iso, MINUTE, parseTime } from '../../../model/time.ts';
import { MUTANTS } from '../../../mutants/index.ts';
import { caseArb } from '../../../properties/arbitraries.ts';
import { applyEdit, type Edit, type Path } from './perturb.ts';

/**
 * PIN_SET=edges builds edges.json.gz (pinned-edges.test.ts) instead: other scenarios, mutant runs edited too,
 * one or two edits per case, and edits that put a time at a bound of an assumption from another time of the
 * observation (the tolerance, a delay bound, a millisecond either side) or write it in another form.
 */
const EDGES = process.env.PIN_SET === 'edges';
const BASES = Number(process.env.PIN_BASES ?? 300);
const EDITS_PER_RUN = Number(process.env.PIN_EDITS ?? 14);
const SEED = EDGES ? 7_000_003 : 20_261_207;
const OUT = EDGES ? './edges.json.gz' : './cases.json.gz';

let state = SEED;
function rnd(n: number): number {
  state = (Math.imul(state, 1_103_515_245) + 12_345) >>> 0;
  return Math.floor(((state >>> 8) / 0x1000000) * n);
}
const pick = <T>(xs: readonly T[]): T => xs[rnd(xs.length)] as T;

const ISO = /^\d{4}-\d\d-\d\dT/;

/** Every path of the observation to a list entry or a field, with its value. */
function paths(value: unknown, path: Path = []): { path: Path; value: unknown }[] {
  const out: { path: Path; value: unknown }[] = [];
  if (Array.isArray(value)) {
    value.forEach((v, i) => {
      out.push({ path: [...path, i], value: v });
      out.push(...paths(v, [...path, i]));
    });
  } else if (value !== null && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      out.push({ path: [...path, k], value: v });
      if (typeof v === 'object') out.push(...paths(v, [...path, k]));
    }
  }
  return out;
}

/** Values the same field holds elsewhere in the observation (another row's status, link, id...). */
function valuesOfField(observation: Observation, field: string): unknown[] {
  const seen = new Map<string, unknown>();
  for (const { path, value } of paths(observation))
    if (path[path.length - 1] === field) seen.set(JSON.stringify(value), value);
  return [...seen.values()];
}

const EXTRA: Record<string, unknown[]> = {
  Status: ['New', 'Active', 'InProgress', 'Resolved', 'Dismissed', 'Closed'],
  status: ['Active', 'InProgress', 'Resolved', 'Dismissed', 'active', 'inProgress', 'resolved', 'redirected'],
  _Connector: ['subscription', 'tenant'],
  ProviderName: ['Azure Sentinel', 'Microsoft XDR', 'Microsoft 365 Defender', 'Azure Security Center'],
  ProductName: ['Azure Security Center', 'Microsoft Defender for Cloud', 'Microsoft 365 Defender'],
  Classification: ['', 'TruePositive', 'FalsePositive', 'BenignPositive', 'Undetermined'],
  AlertSeverity: ['Informational', 'Low', 'Medium', 'High'],
  Severity: ['Informational', 'Low', 'Medium', 'High'],
};

function randomEdit(observation: Observation): Edit | undefined {
  // Lists lose, repeat or reorder entries; fields take another value; the shape stays a valid observation.
  const all = paths(observation).filter(
    ({ path, value }) =>
      typeof path[path.length - 1] === 'number' || value === null || typeof value !== 'object',
  );
  if (all.length === 0) return undefined;
  const { path, value } = pick(all);
  const key = path[path.length - 1];
  if (typeof key === 'number') {
    const length = (valueAt(observation, path.slice(0, -1)) as unknown[]).length;
    const op = pick(['drop', 'drop', 'repeat', 'swap'] as const);
    if (op === 'swap' && key + 1 >= length) return { op: 'drop', path };
    return { op, path };
  }
  if (typeof value === 'string' && ISO.test(value))
    return { op: 'shift', path, minutes: pick([-30, -5, -1, 1, 2, 5, 11, 30, 200]) };
  const choices = [...valuesOfField(observation, String(key)), ...(EXTRA[String(key)] ?? [])].filter(
    (v) => JSON.stringify(v) !== JSON.stringify(value),
  );
  if (choices.length === 0 || rnd(8) === 0)
    return typeof value === 'string' && key !== '_Connector'
      ? { op: 'set', path, value: '' }
      : { op: 'clear', path };
  return { op: 'set', path, value: pick(choices) };
}

const BOUNDS = [0, TIME_TOLERANCE_MS, ...[1, 2, 5, 10, 30].map((m) => m * MINUTE)];
const OFFSETS = BOUNDS.flatMap((b) => [b - 1001, b - 1000, b - 1, b, b + 1, b + 1000, b + 1001]).filter(
  (o) => o >= 0,
);

/** A time put at a bound from another time of the observation, or written in another form. */
function edgeEdit(observation: Observation): Edit | undefined {
  const times = paths(observation).filter(({ value }) => typeof value === 'string' && ISO.test(value));
  if (times.length === 0) return undefined;
  const { path, value } = pick(times);
  const text = value as string;
  if (rnd(4) === 0) {
    const forms = [
      text.replace('Z', '+00:00'),
      text.replace('Z', ''),
      text.replace('T', ' ').replace('Z', ''),
      iso(parseTime(text) + 2 * 60 * MINUTE).replace('Z', '+02:00'),
      iso(parseTime(text) - 5 * 60 * MINUTE).replace('Z', '-05:00'),
      text.replace(/\.\d+Z$|Z$/, '.1234567Z'),
      '',
      'soon',
    ];
    return { op: 'set', path, value: pick(forms) };
  }
  const anchor = parseTime(pick(times).value as string);
  const offset = pick(OFFSETS) * (rnd(3) === 0 ? -1 : 1);
  return { op: 'set', path, value: iso(anchor + offset) };
}

function someEdits(observation: Observation): Edit[] {
  const count = 1 + rnd(2);
  const edits: Edit[] = [];
  let current = observation;
  for (let i = 0; i < count; i++) {
    // Each edit is drawn on the observation the earlier ones left.
    const edit = rnd(2) === 0 ? edgeEdit(current) : randomEdit(current);
    if (!edit) continue;
    edits.push(edit);
    current = applyEdit(current, edit);
  }
  return edits;
}

function valueAt(root: unknown, path: Path): unknown {
  let node = root as Record<string | number, unknown>;
  for (const step of path) node = node[step] as Record<string | number, unknown>;
  return node;
}

/** An outcome's shape for novelty: numbers and times blanked. */
function keysOf(outcomes: Outcome[]): string[] {
  const blank = (s: string) => s.replace(/\d+/g, '#');
  const shape = (w: unknown) =>
    w && typeof w === 'object'
      ? Object.entries(w)
          .filter(([, v]) => !Array.isArray(v) || v.length > 0)
          .map(([k]) => k)
          .join(',')
      : '';
  const keys: string[] = [];
  for (const o of outcomes) {
    switch (o.kind) {
      case 'must': {
        const v = o.verdict;
        if (v.status === 'violated') keys.push(`${o.id}|v|${blank(v.message)}|${shape(v.witness)}`);
        else if (v.status === 'holds') keys.push(`${o.id}|h|${Math.min(v.situations, 4)}`);
        else if (v.status !== 'not-exercised') keys.push(`${o.id}|${v.status}|${blank(v.reason)}`);
        else keys.push(`${o.id}|${v.status}`);
        if ((v.status === 'holds' || v.status === 'not-exercised') && v.undecided)
          keys.push(`${o.id}|u|${blank(v.undecided.first)}|${Math.min(v.undecided.count, 3)}`);
        break;
      }
      case 'quirk':
        for (const occ of o.occurrences) keys.push(`${o.id}|q|${blank(occ.message)}|${shape(occ.witness)}`);
        keys.push(`${o.id}|qn|${Math.min(o.occurrences.length, 3)}`);
        break;
      case 'typical':
        keys.push(`${o.id}|t|${Math.min(o.situations, 3)}|${Math.min(o.situations - o.successes, 2)}`);
        break;
      case 'advice':
        for (const f of o.findings) keys.push(`${o.id}|a|${blank(f.message)}|${blank(f.consequence)}`);
        break;
    }
  }
  return keys;
}

/** An outcome that says nothing happened; the pinned file leaves these out (pinned.test.ts expects them). */
export function isQuiet(o: Outcome): boolean {
  switch (o.kind) {
    case 'must':
      return JSON.stringify(o.verdict) === '{"status":"not-exercised"}';
    case 'quirk':
      return o.occurrences.length === 0 && JSON.stringify(o.verdict) === '{"status":"not-exercised"}';
    case 'typical':
      return o.situations === 0 && o.successes === 0;
    case 'advice':
      return o.findings.length === 0;
  }
}

/** Every combination of connectors, XDR setting and a few rules, over 2 subscriptions (and 40, for long lists). */
function adviceConfigs(): { config: WorkspaceConfig; subscriptions: string[] }[] {
  const out: { config: WorkspaceConfig; subscriptions: string[] }[] = [];
  const many = Array.from({ length: 40 }, (_, i) => `sub-${i + 1}`);
  const rules: IncidentRule[][] = [
    [],
    [{ name: 'mdc', productFilter: ['Azure Security Center'], severitiesFilter: [] }],
    [{ name: 'info', productFilter: ['Azure Security Center'], severitiesFilter: ['Informational'] }],
    [{ name: 'high', productFilter: ['Azure Security Center'], severitiesFilter: ['High', 'Medium'] }],
    [{ name: 'other', productFilter: ['Azure Advanced Threat Protection'], severitiesFilter: [] }],
    [
      {
        name: 'mdc',
        productFilter: ['Azure Security Center', 'Azure Advanced Threat Protection'],
        severitiesFilter: [],
      },
      { name: 'mdc-2', productFilter: ['Azure Security Center'], severitiesFilter: ['Low', 'Informational'] },
    ],
  ];
  const connectors = [
    [],
    [{ subscription: 'sub-1', sync: false }],
    [{ subscription: 'sub-2', sync: true }],
    [
      { subscription: 'sub-1', sync: true },
      { subscription: 'sub-2', sync: false },
    ],
  ];
  for (const subscriptions of [['sub-1', 'sub-2'], [], many])
    for (const subscriptionConnector of connectors)
      for (const tenantConnector of [false, true])
        for (const xdrMdcSetting of ['All alerts', 'No alerts'] as const)
          for (const xdrConnector of [false, true])
            for (const incidentRules of rules)
              out.push({
                config: {
                  subscriptions: subscriptions.length === 0 ? ['sub-1'] : subscriptions,
                  subscriptionConnector,
                  tenantConnector,
                  xdrMdcSetting,
                  xdrConnector,
                  incidentRules,
                },
                subscriptions,
              });
  return out;
}

interface Candidate {
  scenario: Scenario;
  observation: Observation;
  from: string;
  edit?: Edit | Edit[];
  profile: Profile;
}

const scenarios: Scenario[] = [];
const observations: { from: string; observation: Observation }[] = [];
/** `judge`: the behaviours this case showed something new; pinned.test.ts judges each behaviour on its cases. */
const cases: {
  scenario: number;
  observation: number;
  profile: string;
  edit?: Edit | Edit[];
  judge: string[];
  outcomes: Outcome[];
}[] = [];
const seen = new Set<string>();
/** How many cases judge each behaviour so far: each behaviour's test stays well under a second. */
const judged = new Map<string, number>();
const CASES_PER_BEHAVIOUR = 40;
const scenarioIndex = new Map<Scenario, number>();
const observationIndex = new Map<Observation, number>();

function consider(c: Candidate, base: Observation): void {
  const outcomes = evaluate(BEHAVIOURS, contextFor(c.scenario, c.observation, c.profile));
  const fresh = keysOf(outcomes).filter(
    (k) => !seen.has(k) && (judged.get(k.slice(0, k.indexOf('|'))) ?? 0) < CASES_PER_BEHAVIOUR,
  );
  if (fresh.length === 0) return;
  for (const k of fresh) seen.add(k);
  const judge = [...new Set(fresh.map((k) => k.slice(0, k.indexOf('|'))))];
  for (const id of judge) judged.set(id, (judged.get(id) ?? 0) + 1);
  if (!scenarioIndex.has(c.scenario)) {
    scenarioIndex.set(c.scenario, scenarios.length);
    scenarios.push(c.scenario);
  }
  if (!observationIndex.has(base)) {
    observationIndex.set(base, observations.length);
    observations.push({ from: c.from, observation: base });
  }
  cases.push({
    scenario: scenarioIndex.get(c.scenario) as number,
    observation: observationIndex.get(base) as number,
    profile: c.profile.name,
    ...(c.edit ? { edit: c.edit } : {}),
    judge,
    outcomes: JSON.parse(JSON.stringify(outcomes.filter((o) => !isQuiet(o)))),
  });
}

const generated = fc.sample(caseArb, { seed: SEED, numRuns: BASES });
for (const [i, g] of generated.entries()) {
  for (const ran of [IDEAL, OBSERVED]) {
    const observation = simulate(g.scenario, g.schedule, ran);
    for (const profile of [ran, ran === IDEAL ? OBSERVED : IDEAL])
      consider({ scenario: g.scenario, observation, from: `reference (${ran.name})`, profile }, observation);
    for (let e = 0; e < EDITS_PER_RUN; e++) {
      const edit = EDGES ? someEdits(observation) : randomEdit(observation);
      if (!edit) continue;
      consider(
        {
          scenario: g.scenario,
          observation: applyEdit(observation, edit),
          from: `reference (${ran.name})`,
          edit,
          profile: ran,
        },
        observation,
      );
    }
  }
  const mutant = MUTANTS[i % MUTANTS.length];
  if (mutant) {
    for (const name of mutant.profiles) {
      const profile = name === 'observed' ? OBSERVED : IDEAL;
      const observation = mutant.simulate(g.scenario, g.schedule, profile);
      const from = `mutant ${mutant.id} (${name})`;
      consider({ scenario: g.scenario, observation, from, profile }, observation);
      for (let e = 0; EDGES && e < EDITS_PER_RUN / 2; e++) {
        const edit = someEdits(observation);
        consider(
          { scenario: g.scenario, observation: applyEdit(observation, edit), from, edit, profile },
          observation,
        );
      }
    }
  }
}

// The advice lints are functions of one configuration: every configuration of a small space, with the findings.
const advice = adviceConfigs().map(({ config, subscriptions }) => ({
  config,
  subscriptions,
  findings: Object.fromEntries(
    BEHAVIOURS.filter((b) => b.kind === 'advice').map((b) => [b.id, b.lint(config, subscriptions)]),
  ),
}));

writeFileSync(
  new URL(OUT, import.meta.url),
  gzipSync(`${JSON.stringify({ scenarios, observations, cases, ...(EDGES ? {} : { advice }) })}\n`, {
    level: 9,
  }),
);
console.log(
  `${cases.length} cases, ${scenarios.length} scenarios, ${observations.length} observations, ${seen.size} outcome shapes`,
);
