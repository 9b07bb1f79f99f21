/**
 * The small universe `explore` searches exhaustively, and its enumeration. A scenario starts from one of the
 * behaviour matrix's 48 configurations, applied alike to the tenant's two subscriptions (sub-1, sub-2), and
 * has up to K steps. A step is any step of the timeline but `wait`: an alert raised (at most two alerts;
 * severity High or Informational), an MDC status change (each of the four statuses), a Sentinel incident
 * closed (as a true or a false positive) or set Active (the rule's incident or the XDR connector's), an XDR
 * incident closed, the two alerts correlated in XDR, a new subscription added (sub-3, once), and a
 * configuration change from a small representative set (the subscription connector enabled with or without
 * sync, or disabled, on one subscription; the tenant connector, XDR's setting or the XDR connector switched
 * to its other value; a rule added, for MDC's alerts or for another product's, or removed). Changes that change nothing are left
 * out. Between two steps the clock moves by one of a few fixed waits (WAITS: at once; after the subscription
 * connector's bound but before the tenant connector's; after every bound), and waits do not count as steps.
 *
 * Symmetric duplicates are not generated: names are canonical by first use. Alerts are named A1, A2 in raise
 * order; sub-1 and sub-2 are configured alike, so a step may name a subscription already named, or the first
 * not yet named (never sub-2 before sub-1); rules added during the timeline are named in the order added
 * (two rules added alike are not interchangeable: they were added at different moments). The enumeration is
 * lazy (a generator) and in order of size, so the first scenario to break a behaviour is one of the fewest.
 */
import {
  applyConfigChange,
  type ConfigChange,
  type IncidentRule,
  MDC_PRODUCT,
  type Severity,
  type WorkspaceConfig,
} from '../../model/config.ts';
import { SCENARIO_VERSION, type Scenario } from '../../model/scenario.ts';
import { type Classification, MDC_STATUSES, type Step } from '../../model/timeline.ts';
import {
  ALERT_TYPES,
  alertGuid,
  alertHandle,
  SCENARIO_START,
  TENANT_ID,
} from '../../properties/arbitraries.ts';
import { GENERATION } from '../../properties/settings.ts';
import { type MatrixKey, matrixKeys } from '../report/behaviour-matrix.ts';

/** Minutes between two consecutive steps: at once; sub connector in, tenant connector not yet; all in. */
export const WAITS: readonly number[] = [0, 10, 45];
export const SEVERITIES_EXPLORED: readonly Severity[] = ['High', 'Informational'];
/** A true positive, and one that is not (bi-directional sync may treat them apart). */
export const CLASSIFICATIONS_EXPLORED: readonly Classification[] = ['TruePositive', 'FalsePositive'];
export const MAX_ALERTS = 2;
/** The subscriptions of the configuration, configured alike; a subscription-added step brings ADDED_SUBSCRIPTION. */
export const CONFIG_SUBSCRIPTIONS = ['sub-1', 'sub-2'] as const;
export const ADDED_SUBSCRIPTION = 'sub-3';
const MATRIX_RULE = 'mdc';

export interface UniverseOptions {
  /** Waits between steps (default WAITS). */
  waits?: readonly number[];
  /** Remove renamings (default true); false enumerates every naming, for tests. */
  symmetry?: boolean;
  /** Only these configurations (default all 48). */
  keys?: readonly MatrixKey[];
  /** Whether steps may change the configuration (default true). */
  changes?: boolean;
}

/** The starting configuration of a matrix key, on both subscriptions. */
export function exploreConfig(key: MatrixKey): WorkspaceConfig {
  return {
    subscriptions: [...CONFIG_SUBSCRIPTIONS],
    subscriptionConnector:
      key.subscription === 'off'
        ? []
        : CONFIG_SUBSCRIPTIONS.map((subscription) => ({
            subscription,
            sync: key.subscription === 'on+sync',
          })),
    tenantConnector: key.tenant,
    xdrMdcSetting: key.xdrSetting,
    xdrConnector: key.xdrConnector,
    incidentRules: key.rule ? [mdcRule(MATRIX_RULE)] : [],
  };
}

function mdcRule(name: string): IncidentRule {
  return { name, productFilter: [MDC_PRODUCT], severitiesFilter: [] };
}

/** The representative rules a timeline may add: one for MDC's alerts, one for another product's only. */
const LATE_RULES: readonly ((name: string) => IncidentRule)[] = [
  (name) => mdcRule(name),
  (name) => ({ name, productFilter: [OTHER_PRODUCT], severitiesFilter: [] }),
];
const OTHER_PRODUCT = 'Microsoft Defender Advanced Threat Protection';

/** What the enumeration needs to know of a timeline so far. */
interface State {
  /** The starting configuration's subscriptions; `alike` when they are all configured alike (interchangeable). */
  pool: readonly string[];
  alike: boolean;
  /** The name a subscription-added step gives (sub-3 in the matrix universe). */
  addedName: string;
  changes: boolean;
  alerts: number;
  /** Subscriptions named so far (canonical order), and whether sub-3 was added. */
  named: string[];
  added: boolean;
  config: WorkspaceConfig;
  /** Rules added during the timeline so far (their count names the next). */
  lateRules: number;
}

function subscriptionChoices(state: State, symmetry: boolean): string[] {
  const pool = [...state.pool];
  let choices: string[];
  if (symmetry && state.alike) {
    const fresh = pool.find((s) => !state.named.includes(s));
    choices = [...pool.filter((s) => state.named.includes(s)), ...(fresh ? [fresh] : [])];
  } else choices = pool;
  return state.added ? [...choices, state.addedName] : choices;
}

function name(state: State, subscription: string): string[] {
  return state.named.includes(subscription) || subscription === state.addedName
    ? state.named
    : [...state.named, subscription];
}

function configChanges(state: State, symmetry: boolean): { change: ConfigChange; named: string[] }[] {
  const out: { change: ConfigChange; named: string[] }[] = [];
  const { config } = state;
  for (const subscription of subscriptionChoices(state, symmetry)) {
    const on = config.subscriptionConnector.find((c) => c.subscription === subscription);
    for (const sync of [false, true]) {
      if (on && on.sync === sync) continue;
      out.push({
        change: { kind: 'subscription-connector-enabled', subscription, sync },
        named: name(state, subscription),
      });
    }
    if (on)
      out.push({
        change: { kind: 'subscription-connector-disabled', subscription },
        named: name(state, subscription),
      });
  }
  out.push({ change: { kind: 'tenant-connector', enabled: !config.tenantConnector }, named: state.named });
  out.push({
    change: {
      kind: 'xdr-mdc-setting',
      value: config.xdrMdcSetting === 'All alerts' ? 'No alerts' : 'All alerts',
    },
    named: state.named,
  });
  out.push({ change: { kind: 'xdr-connector', enabled: !config.xdrConnector }, named: state.named });
  for (const make of LATE_RULES)
    out.push({
      change: { kind: 'rule-added', rule: make(`rule-late-${state.lateRules + 1}`) },
      named: state.named,
    });
  for (const rule of config.incidentRules)
    out.push({ change: { kind: 'rule-removed', name: rule.name }, named: state.named });
  return out;
}

/**
 * Every step (not a wait) possible after `state`, with the state after it. In order of reach: the steps that
 * bear on every later step first (an alert raised, a subscription added, a configuration change, the two
 * alerts correlated), then the steps on one alert, the newest alert first (it is the one the scenario has
 * just made). The order decides only which scenario comes first, never which scenarios there are.
 */
export function stepChoices(state: State, symmetry = true): { step: Step; next: State }[] {
  const out: { step: Step; next: State }[] = [];
  const alerts = Array.from({ length: state.alerts }, (_, i) => alertHandle(i));
  if (state.alerts < MAX_ALERTS) {
    for (const subscription of subscriptionChoices(state, symmetry))
      for (const severity of SEVERITIES_EXPLORED)
        out.push({
          step: {
            type: 'alert-raised',
            alert: alertHandle(state.alerts),
            guid: alertGuid(state.alerts),
            subscription,
            severity,
            alertType: ALERT_TYPES[0],
          },
          next: { ...state, alerts: state.alerts + 1, named: name(state, subscription) },
        });
  }
  if (!state.added)
    out.push({
      step: { type: 'subscription-added', subscription: state.addedName },
      next: { ...state, added: true },
    });
  for (const { change, named } of state.changes ? configChanges(state, symmetry) : []) {
    const config = applyConfigChange(state.config, change);
    out.push({
      step: { type: 'config-changed', change },
      next: {
        ...state,
        named,
        config,
        lateRules: state.lateRules + (change.kind === 'rule-added' ? 1 : 0),
      },
    });
  }
  if (state.alerts >= 2) out.push({ step: { type: 'xdr-correlated', alerts }, next: state });
  for (const alert of [...alerts].reverse()) {
    for (const status of MDC_STATUSES)
      out.push({ step: { type: 'mdc-status-changed', alert, status }, next: state });
    for (const provider of ['Azure Sentinel', 'Microsoft XDR'] as const) {
      for (const classification of CLASSIFICATIONS_EXPLORED)
        out.push({
          step: { type: 'sentinel-incident-closed', alert, provider, classification },
          next: state,
        });
      out.push({
        step: { type: 'sentinel-incident-updated', alert, provider, status: 'Active' },
        next: state,
      });
    }
    out.push({ step: { type: 'xdr-incident-closed', alert }, next: state });
  }
  return out;
}

export interface Explored {
  /** The matrix configuration it starts from (absent for a configuration of the user's). */
  key?: MatrixKey;
  scenario: Scenario;
  /** Steps, waits not counted. */
  steps: number;
}

function initialState(config: WorkspaceConfig, changes = true): State {
  const pool = config.subscriptions;
  const modeOf = (s: string) => {
    const c = config.subscriptionConnector.find((x) => x.subscription === s);
    return c === undefined ? 'off' : c.sync ? 'on+sync' : 'on';
  };
  let n = pool.length + 1;
  while (pool.includes(`sub-${n}`)) n += 1;
  return {
    pool,
    alike: new Set(pool.map(modeOf)).size <= 1,
    addedName: pool.includes(ADDED_SUBSCRIPTION) ? `sub-${n}` : ADDED_SUBSCRIPTION,
    changes,
    alerts: 0,
    named: [],
    added: false,
    config,
    lateRules: 0,
  };
}

/**
 * The order waits are tried in: the longest first. With every wait at its longest, each step meets a settled
 * world (every delay has run out), as the article tells its sequences; the races come after.
 */
export function waitOrder(waits: readonly number[]): number[] {
  return [...new Set(waits)].sort((a, b) => b - a);
}

/** Every choice of the waits between `depth` steps (depth - 1 of them), in waitOrder's order, lexicographically. */
export function waitVectors(depth: number, waits: readonly number[]): number[][] {
  let vectors: number[][] = [[]];
  for (let i = 1; i < depth; i++) vectors = vectors.flatMap((v) => waitOrder(waits).map((w) => [...v, w]));
  return vectors;
}

/** Every scenario of exactly `depth` steps from one configuration with these waits between the steps, lazily. */
function* withWaits(
  config: WorkspaceConfig,
  depth: number,
  waits: readonly number[],
  options: UniverseOptions,
  key?: MatrixKey,
): Generator<Explored> {
  const symmetry = options.symmetry ?? true;
  function* extend(state: State, timeline: Step[], left: number): Generator<Step[]> {
    if (left === 0) {
      yield timeline;
      return;
    }
    const minutes = waits[depth - left - 1] ?? 0;
    for (const { step, next } of stepChoices(state, symmetry))
      yield* extend(
        next,
        [
          ...timeline,
          ...(timeline.length > 0 && minutes > 0 ? [{ type: 'wait' as const, minutes }] : []),
          step,
        ],
        left - 1,
      );
  }
  for (const timeline of extend(initialState(config, options.changes ?? true), [], depth))
    yield {
      ...(key ? { key } : {}),
      steps: depth,
      scenario: {
        version: SCENARIO_VERSION,
        tenantId: TENANT_ID,
        start: SCENARIO_START,
        config,
        timeline,
        settleMinutes: GENERATION.settleMinutes,
      },
    };
}

/**
 * Every scenario of exactly `depth` steps from one configuration, lazily: the waits between the steps vary
 * slowest (waitVectors' order), so every sequence of steps is met once with every step after every delay
 * before any race.
 */
export function* ofConfiguration(
  config: WorkspaceConfig,
  depth: number,
  options: UniverseOptions = {},
  key?: MatrixKey,
): Generator<Explored> {
  for (const waits of waitVectors(depth, options.waits ?? WAITS))
    yield* withWaits(config, depth, waits, options, key);
}

/**
 * Every scenario of exactly `depth` steps over the universe, lazily. The waits between the steps vary slowest
 * (all at their longest first: see ofConfiguration); for each choice of them, the configurations take turns
 * (one scenario of each in matrix order, then the next of each…), so a sequence of steps meets every
 * configuration early on: a bug that needs a particular sequence is found without first exhausting the
 * configurations before the one that shows it. The order changes nothing in the set explored at a depth.
 */
export function* scenariosOfDepth(depth: number, options: UniverseOptions = {}): Generator<Explored> {
  const keys = options.keys ?? matrixKeys();
  for (const waits of waitVectors(depth, options.waits ?? WAITS)) {
    let turns = keys.map((key) => withWaits(exploreConfig(key), depth, waits, options, key));
    while (turns.length > 0) {
      const still: typeof turns = [];
      for (const turn of turns) {
        const next = turn.next();
        if (next.done) continue;
        yield next.value;
        still.push(turn);
      }
      turns = still;
    }
  }
}

/** Every scenario of 1 to `depth` steps, shortest first. */
export function* scenariosUpTo(depth: number, options: UniverseOptions = {}): Generator<Explored> {
  for (let d = 1; d <= depth; d++) yield* scenariosOfDepth(d, options);
}

/** How many scenarios of exactly `depth` steps there are, counted without building them. */
export function countOfDepth(depth: number, options: UniverseOptions = {}): number {
  const waits = (options.waits ?? WAITS).length;
  const symmetry = options.symmetry ?? true;
  const count = (state: State, left: number, first: boolean): number => {
    if (left === 0) return 1;
    let n = 0;
    for (const { next } of stepChoices(state, symmetry))
      n += (first ? 1 : waits) * count(next, left - 1, false);
    return n;
  };
  let total = 0;
  for (const key of options.keys ?? matrixKeys())
    total += count(initialState(exploreConfig(key), options.changes ?? true), depth, true);
  return total;
}
