/**
 * Derived data the checks share, computed once per judged (scenario, observation) instead of once per check.
 * Every behaviour reads the same readings (an alert's rows and MDC events, incidents as row groups, row times
 * as numbers, decoded MDC alert names, the configurations around a time), so each is computed lazily, the
 * first time a check asks, and kept for the other checks of the same CheckContext.
 *
 * What is shared is pure derived data, never a verdict: a check computes the same reading whether it is the
 * first or the fiftieth to ask, so the behaviours stay independent in meaning. Shared readings are immutable
 * by contract (readonly types): a check copies before it sorts, reverses or extends one.
 *
 * Two memos, by what the data derives from:
 * - `perContext`: derived from the observation (and the scenario's facts), kept per CheckContext. A context
 *   whose observation, facts or profile were swapped for others starts afresh; observations are not changed
 *   in place while they are judged.
 * - `perFacts`: derived from the scenario alone, kept per ScenarioFacts (which `interpret` makes per context).
 */
import type { CheckContext } from '../invariant.ts';
import type { MdcAlertState, Observation, XdrIncidentState } from '../observation.ts';
import type { Profile } from '../profile.ts';
import { connectorOfRow, type IndexedAlertRow, type IndexedIncidentRow, incidentsByNumber } from '../rows.ts';
import type { AlertConnector, SecurityAlertRow } from '../tables.ts';
import { decodeMdcAlertName, parseTime } from '../time.ts';
import type { AlertFact, ScenarioFacts } from '../world.ts';

interface Store {
  observation: Observation;
  facts: ScenarioFacts;
  profile: Profile;
  /** Slot i holds the reading of the i-th perContext (undefined until computed). */
  values: unknown[];
}

/** A slot not yet computed (a reading may itself be undefined, so absence has its own marker). */
const NOT_YET: unique symbol = Symbol('not yet computed');

const byContext = new WeakMap<CheckContext, Store>();
/** The context asked about last and its store: the checks of one context run one after the other. */
let lastContext: CheckContext | undefined;
let lastStore: Store | undefined;

function storeOf(context: CheckContext): Store {
  const known = lastContext === context ? lastStore : byContext.get(context);
  if (
    known &&
    known.observation === context.observation &&
    known.facts === context.facts &&
    known.profile === context.profile
  ) {
    lastContext = context;
    lastStore = known;
    return known;
  }
  const { observation, facts, profile } = context;
  const store: Store = { observation, facts, profile, values: [] };
  byContext.set(context, store);
  lastContext = context;
  lastStore = store;
  return store;
}

/**
 * Readings kept in numbered slots of a per-key array (`valuesOf`): each reading made by the returned
 * function takes the next slot, so looking one up is an array index, not a map lookup.
 */
function slotted<K>(valuesOf: (key: K) => unknown[]): <T>(compute: (key: K) => T) => (key: K) => T {
  let slots = 0;
  return <T>(compute: (key: K) => T) => {
    const slot = slots++;
    return (key: K) => {
      const values = valuesOf(key);
      const known = slot < values.length ? values[slot] : NOT_YET;
      if (known !== NOT_YET) return known as T;
      const value = compute(key);
      while (values.length < slot) values.push(NOT_YET);
      values[slot] = value;
      return value;
    };
  };
}

/** A reading of (scenario, observation), computed at most once per context. */
export const perContext = slotted<CheckContext>((context) => storeOf(context).values);

const byFacts = new WeakMap<ScenarioFacts, unknown[]>();
let lastFacts: ScenarioFacts | undefined;
let lastFactsValues: unknown[] = [];

function valuesOf(facts: ScenarioFacts): unknown[] {
  if (lastFacts === facts) return lastFactsValues;
  let values = byFacts.get(facts);
  if (!values) {
    values = [];
    byFacts.set(facts, values);
  }
  lastFacts = facts;
  lastFactsValues = values;
  return values;
}

/** A reading of the scenario alone, computed at most once per facts. */
export const perFacts = slotted<ScenarioFacts>(valuesOf);

/** A reading of the scenario for one argument (an alert handle, a time), computed at most once per facts. */
export function perFactsBy<K, T>(
  compute: (facts: ScenarioFacts, key: K) => T,
): (facts: ScenarioFacts, key: K) => T {
  const table = perFacts(() => new Map<K, T>());
  return (facts, key) => {
    const known = table(facts);
    const value = known.get(key);
    if (value !== undefined || known.has(key)) return value as T;
    const computed = compute(facts, key);
    known.set(key, computed);
    return computed;
  };
}

/**
 * A reading of one object that the object alone decides, kept as long as the object lives. For objects the
 * shared readings made, which no one changes (the list of a context's views or incidents), asked about many
 * times in a row.
 */
export function perObject<O extends object, T>(compute: (object: O) => T): (object: O) => T {
  const values = new WeakMap<O, T>();
  let lastObject: O | undefined;
  let lastValue: T | undefined;
  return (object) => {
    if (lastObject === object) return lastValue as T;
    let value: T;
    if (values.has(object)) value = values.get(object) as T;
    else {
      value = compute(object);
      values.set(object, value);
    }
    lastObject = object;
    lastValue = value;
    return value;
  };
}

/** A reading of an object and a key (kept per object, then per key), as perFactsBy is for facts. */
export function perObjectBy<O extends object, K, T>(
  compute: (object: O, key: K) => T,
): (object: O, key: K) => T {
  const table = perObject((_object: O) => new Map<K, T>());
  return (object, key) => {
    const known = table(object);
    if (known.has(key)) return known.get(key) as T;
    const computed = compute(object, key);
    known.set(key, computed);
    return computed;
  };
}

/** The first view of each alert handle, in a list of alert views (of either family). */
const firstViewByHandle = perObject((views: readonly { fact: { alert: string } }[]) => {
  const out = new Map<string, { fact: { alert: string } }>();
  for (const view of views) if (!out.has(view.fact.alert)) out.set(view.fact.alert, view);
  return out;
});

/** The (first) view of an alert handle. */
export function viewOfHandle<View extends { fact: { alert: string } }>(
  views: readonly View[],
  alert: string,
): View | undefined {
  return firstViewByHandle(views).get(alert) as View | undefined;
}

// ---------------------------------------------------------------------------------------------------------
// Readings of the observation both families share

/** One SecurityAlert row as the model reads it: its times, MDC alert name, GUID and connector. */
export interface AlertRowReading extends IndexedAlertRow {
  /** StartTime, EndTime, ProcessingEndTime and TimeGenerated, parsed (NaN when unreadable or empty). */
  readonly times: readonly [number, number, number, number];
  /** The MDC alert name it carries (mdcNameOfRow), if any. */
  readonly name: string | null;
  /** The GUID of that name (mdcGuidOfRow), if any. */
  readonly guid: string | null;
  /** The UTC start that name encodes, if any. */
  readonly nameStart: number | null;
  /** connectorOfRow. */
  readonly connector: AlertConnector | null;
}

/** Every SecurityAlert row, in table order (index i is row i). */
export const alertRowReadings = perContext((context): readonly AlertRowReading[] => {
  const rows = context.observation.SecurityAlert;
  const out: AlertRowReading[] = new Array(rows.length);
  for (let index = 0; index < rows.length; index++) {
    const row = rows[index] as SecurityAlertRow;
    // mdcNameOfRow, decoding the name once.
    let name: string | null = row.VendorOriginalId;
    let decoded = decodeMdcAlertName(row.VendorOriginalId);
    if (!decoded) {
      name = row.SystemAlertId;
      decoded = decodeMdcAlertName(row.SystemAlertId);
      if (!decoded) name = null;
    }
    const time = parseTime(row.TimeGenerated);
    out[index] = {
      index,
      row,
      time,
      times: [parseTime(row.StartTime), parseTime(row.EndTime), parseTime(row.ProcessingEndTime), time],
      name,
      guid: name ? (decoded?.guid ?? null) : null,
      nameStart: decoded?.startMs ?? null,
      connector: connectorOfRow(row),
    };
  }
  return out;
});

/** The scenario alert of each GUID: the first one raised with it (alertOfRow). */
const firstAlertByGuid = perFacts((facts) => {
  const out = new Map<string, AlertFact>();
  for (const alert of facts.alerts) if (!out.has(alert.guid)) out.set(alert.guid, alert);
  return out;
});

/** The scenario alert of each row (alertOfRow), by row index. */
const alertsOfRows = perContext((context): readonly (AlertFact | undefined)[] => {
  const byGuid = firstAlertByGuid(context.facts);
  return alertRowReadings(context).map((reading) =>
    reading.guid === null ? undefined : byGuid.get(reading.guid),
  );
});

/** The scenario alert a row belongs to (alertOfRow), by its row index. */
export function alertOfRowAt(context: CheckContext, index: number): AlertFact | undefined {
  return alertsOfRows(context)[index];
}

/**
 * Rows of each scenario alert (by handle, the last alert raised with a GUID taking its rows), in arrival
 * order. The entries are the rows' readings.
 */
export const rowsByAlert = perContext((context): ReadonlyMap<string, readonly IndexedAlertRow[]> => {
  const { facts } = context;
  const byGuid = new Map<string, string>();
  const out = new Map<string, IndexedAlertRow[]>();
  for (const a of facts.alerts) {
    byGuid.set(a.guid, a.alert);
    out.set(a.alert, []);
  }
  for (const reading of alertRowReadings(context)) {
    const handle = reading.guid === null ? undefined : byGuid.get(reading.guid);
    if (handle !== undefined) out.get(handle)?.push(reading);
  }
  return out;
});

/** Incident rows grouped by IncidentNumber, each group in append order: incidentsByNumber, shared. */
export const incidentGroups = perContext(
  (context): ReadonlyMap<number, readonly IndexedIncidentRow[]> =>
    incidentsByNumber(context.observation.SecurityIncident),
);

/** Where each MDC alert name, and each GUID such a name carries, first appears in a list of names. */
interface NameIndex {
  byName: Map<string, number>;
  byGuid: Map<string, number>;
}

function nameIndex(names: readonly string[]): NameIndex {
  const byName = new Map<string, number>();
  const byGuid = new Map<string, number>();
  names.forEach((name, i) => {
    if (!byName.has(name)) byName.set(name, i);
    const guid = decodeMdcAlertName(name)?.guid;
    if (guid !== undefined && !byGuid.has(guid)) byGuid.set(guid, i);
  });
  return { byName, byGuid };
}

/**
 * The first of the names that names the alert: its own name, or (the start it encodes may be shifted,
 * Q-FUTURE-TIME) a name with its GUID. -1 if none does.
 */
function firstNaming(index: NameIndex, alert: AlertFact): number {
  const i = Math.min(
    index.byName.get(alert.name) ?? Number.POSITIVE_INFINITY,
    index.byGuid.get(alert.guid) ?? Number.POSITIVE_INFINITY,
  );
  return Number.isFinite(i) ? i : -1;
}

const mdcIndex = perContext((context) => nameIndex(context.observation.mdc.alerts.map((a) => a.name)));

/** MDC's state of a scenario alert: the first MDC alert that names it (by name or GUID). */
export function mdcStateOf(context: CheckContext, alert: AlertFact): MdcAlertState | undefined {
  const i = firstNaming(mdcIndex(context), alert);
  return i < 0 ? undefined : context.observation.mdc.alerts[i];
}

const xdrAlertIndex = perContext((context) => nameIndex(context.observation.xdr.alerts.map((a) => a.name)));

/** Defender XDR's alert entry for a scenario alert: the first that names it (by name or GUID). */
export function xdrAlertOf(
  context: CheckContext,
  alert: AlertFact,
): Observation['xdr']['alerts'][number] | undefined {
  const i = firstNaming(xdrAlertIndex(context), alert);
  return i < 0 ? undefined : context.observation.xdr.alerts[i];
}

interface HeldNames {
  names: Set<string>;
  guids: Set<string>;
}

function heldNames(incident: XdrIncidentState): HeldNames {
  const names = new Set<string>();
  const guids = new Set<string>();
  for (const name of incident.alertNames) {
    names.add(name);
    const guid = decodeMdcAlertName(name)?.guid;
    if (guid !== undefined) guids.add(guid);
  }
  return { names, guids };
}

/** For each XDR incident of the observation, the names it holds at the end and the GUIDs those names carry. */
const xdrIncidentNames = perContext(
  (context) => new Map(context.observation.xdr.incidents.map((incident) => [incident, heldNames(incident)])),
);

/** Whether an XDR incident holds the alert at the end: a name that names it (its own, or one with its GUID). */
export function xdrHolds(context: CheckContext, incident: XdrIncidentState, alert: AlertFact): boolean {
  const held = xdrIncidentNames(context).get(incident) ?? heldNames(incident);
  return held.names.has(alert.name) || held.guids.has(alert.guid);
}

const xdrHoldingMemo = perContext(() => new Map<AlertFact, readonly XdrIncidentState[]>());

/** XDR's incidents that hold the alert at the end (by name or GUID), in the observation's order. */
export function xdrIncidentsHolding(context: CheckContext, alert: AlertFact): readonly XdrIncidentState[] {
  const memo = xdrHoldingMemo(context);
  const known = memo.get(alert);
  if (known) return known;
  const holding = context.observation.xdr.incidents.filter((x) => xdrHolds(context, x, alert));
  memo.set(alert, holding);
  return holding;
}
