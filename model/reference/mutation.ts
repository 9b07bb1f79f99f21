/**
 * The reference simulator's decision points, named. Each hook answers one question the simulator asks while
 * it runs (does Defender XDR receive this alert? does this connector take this MDC event? which rows make a
 * rule incident? does this incident change sync back to MDC? …). `DOCUMENTED` answers every question as
 * model/README.md ("Semantics") does, and the simulator runs with it unless it is given a `Mutation`: a few
 * hooks replaced by a plausible bug. Mutants (mutants/*.ts) are built this way, so a bug lives where a real
 * simulator author would make it, and the reference itself stays one code path.
 */
import {
  type IncidentRule,
  ruleMatches,
  type Severity,
  type SubscriptionConnector,
  type WorkspaceConfig,
} from '../config.ts';
import type { MergeVariant, Profile } from '../profile.ts';
import type { AlertConnector, SecurityAlertRow, SecurityIncidentRow } from '../tables.ts';
import type { Classification, MdcStatus } from '../timeline.ts';
import { reachesXdr } from '../world.ts';
import type { AlertState } from './state.ts';

/** What is known when an alert is raised. */
export interface RaiseContext {
  /** The configuration in force at the raise. */
  config: WorkspaceConfig;
  /** The scenario's configuration at its start. */
  initialConfig: WorkspaceConfig;
  severity: Severity;
}

/** What is known when a connector may take an MDC event (ASSUME-COVERAGE-AT-EVENT). */
export interface TakeContext {
  config: WorkspaceConfig;
  /** The configuration in force at the alert's raise. */
  configAtRaise: WorkspaceConfig;
  alert: Readonly<AlertState>;
  /** The status the event sets. */
  status: MdcStatus;
  /** Whether the event is the alert's raise (its first status). */
  raise: boolean;
  /** Subscriptions of the tenant at the scenario's start. */
  initialSubscriptions: readonly string[];
}

/** What is known when a row is written and Microsoft incident creation rules may act on it. */
export interface RuleContext {
  config: WorkspaceConfig;
  configAtRaise: WorkspaceConfig;
  alert: Readonly<AlertState>;
  row: Readonly<SecurityAlertRow>;
  /** The row's index in SecurityAlert. */
  rowIndex: number;
  connector: AlertConnector | undefined;
  /** Whether the subscription connector took the alert's raise (so its row is on its way). */
  subscriptionTookRaise: boolean;
}

/** What is known when a Sentinel step closes or updates a rule incident. */
export interface SyncContext {
  config: WorkspaceConfig;
  configAtRaise: WorkspaceConfig;
  alert: Readonly<AlertState>;
  closing: boolean;
  classification: Classification | null;
  /** The connector whose row made the rule incident. */
  createdFrom: AlertConnector | undefined;
  /** Whether the tenant connector covers the alert now. */
  tenantCovers: boolean;
}

export interface Hooks {
  // ------------------------------------------------------------------ Defender XDR
  /** Whether Defender XDR receives an MDC alert when it ingests it (ASSUME-XDR-INGEST-DELAY, DOC-TEN-NO-INFORMATIONAL). */
  xdrReceives(context: RaiseContext): boolean;
  /** Whether Defender XDR opens an incident for the alert at its raise (ASSUME-XDR-ONE-INCIDENT-PER-ALERT). */
  xdrOpensIncident(context: RaiseContext & { received: boolean }): boolean;
  /** Whether the XDR connector brings a new XDR incident into Sentinel (ASSUME-XDR-CONNECTOR-NEW-INCIDENTS). */
  xdrMirrors(context: { config: WorkspaceConfig; mdcConnectorTookRaise: boolean }): boolean;
  /** ProviderIncidentId of the Sentinel incident standing for an XDR incident. */
  xdrProviderIncidentId(context: { xdrId: string; number: number }): string;
  /** AlertIds of an XDR connector incident, given the alerts its XDR incident holds. */
  xdrAlertIds(context: { alerts: readonly Readonly<AlertState>[] }): string[];
  /** Whether an XDR connector incident gets a new row when one of its alerts' first row arrives later. */
  linksLateRows(): boolean;
  /**
   * The MDC alerts (handles) that closing an XDR connector incident in Sentinel resolves, given those its
   * XDR incident holds at the step (ASSUME-SYNC-SNAPSHOT).
   */
  sentinelCloseResolves(context: { held: readonly string[] }): readonly string[];
  /** Whether closing an incident in Defender XDR closes its Sentinel incident ("and vice versa"). */
  syncsXdrCloseToSentinel(): boolean;
  /** Which merge variant a correlation follows (ASSUME-MERGE-VARIANT). */
  mergeVariant(profile: Profile): MergeVariant;
  /** Whether a correlation takes resolved or redirected incidents in too (DOC-NO-MERGE-CLOSED). */
  correlatesClosed(): boolean;
  /** Whether a redirected incident gets its Closed row labelled 'Redirected' in Sentinel (XDR-REDIRECT). */
  redirectsInSentinel(): boolean;

  // ------------------------------------------------------------------ MDC connectors
  /** Whether the subscription connector takes an MDC event (SUB-SCOPE). */
  subscriptionTakes(context: TakeContext): boolean;
  /** Whether the tenant connector takes an MDC event (TEN-SCOPE, TEN-VIA-XDR). */
  tenantTakes(context: TakeContext & { subscriptionTakes: boolean }): boolean;
  /**
   * Whether the tenant connector, switched on, forwards an alert raised while it was off that it has never
   * forwarded (ASSUME-COVERAGE-AT-EVENT: it takes only the events from then on).
   */
  tenantBackfills(context: { config: WorkspaceConfig; alert: Readonly<AlertState> }): boolean;
  /** The status a connector writes at delivery: the alert's status then, or the one the event took (TEN-LATEST-STATUS). */
  deliveredStatus(context: { current: MdcStatus; taken: MdcStatus }): MdcStatus;
  /** Whether a delivery writes no row (ASSUME-NO-REDUNDANT-ROW): `own`/`other` are the connectors' latest row statuses. */
  skipsRow(context: {
    connector: AlertConnector;
    status: MdcStatus;
    own: MdcStatus | undefined;
    other: MdcStatus | undefined;
  }): boolean;
  /**
   * Whether a connector's row is appended to SecurityAlert (ALERT-APPEND-ONLY). `prior` is the connector's
   * previous row of the alert; a hook answering false has changed it instead.
   */
  appendsAlertRow(context: {
    connector: AlertConnector;
    row: SecurityAlertRow;
    prior: SecurityAlertRow | undefined;
  }): boolean;
  /** The row a connector writes, from the one the documented semantics give. */
  alertRow(
    row: SecurityAlertRow,
    context: { alert: Readonly<AlertState>; connector: AlertConnector; now: number; tenantId: string },
  ): SecurityAlertRow;

  // ------------------------------------------------------------------ Microsoft incident creation rules
  /** The rules that make an incident from a row (RULE-PRODUCT-FILTER, ASSUME-RULE-LATE). */
  matchingRules(context: RuleContext): readonly IncidentRule[];
  /**
   * One rule incident is made per key not made before (RULE-ONE-INCIDENT, DOC-RULES-ONE-INCIDENT); the
   * documented key is the alert itself.
   */
  ruleIncidentKeys(context: RuleContext & { matching: readonly IncidentRule[] }): readonly string[];
  /** The CreatedTime of a rule incident made at `now`. */
  ruleIncidentCreatedAt(context: { alert: Readonly<AlertState>; now: number }): number;

  // ------------------------------------------------------------------ Sentinel incidents
  /** The MDC status a rule incident change syncs to the alert, or null (SUB-SYNC-INCIDENT-TO-MDC, SUB-NO-SYNC). */
  syncToMdc(context: SyncContext): MdcStatus | null;
  /** Whether a connector's row with a new MDC status changes the rule incident (SUB-MDC-CHANGE-NOT-TO-INCIDENT). */
  closesIncidentOnMdcChange(context: { connector: AlertConnector; status: MdcStatus }): boolean;
  /**
   * Whether an incident's row is appended to SecurityIncident (DOC-INCIDENT-APPEND-ONLY). `prior` is the
   * incident's latest row; a hook answering false has changed it instead.
   */
  appendsIncidentRow(context: {
    modifiedBy: string;
    row: SecurityIncidentRow;
    prior: SecurityIncidentRow | undefined;
  }): boolean;
  /** The SecurityIncident row written, from the one the documented semantics give. */
  incidentRow(row: SecurityIncidentRow): SecurityIncidentRow;
}

/** A bug: some decision points answered otherwise. */
export type Mutation = Partial<Hooks>;

/** Every decision point as model/README.md documents it. */
export const DOCUMENTED: Hooks = {
  xdrReceives: ({ config, severity }) => reachesXdr(config, severity),
  xdrOpensIncident: ({ received }) => received,
  xdrMirrors: ({ config }) => config.xdrConnector,
  xdrProviderIncidentId: ({ xdrId }) => xdrId,
  xdrAlertIds: ({ alerts }) => {
    let count = 0;
    for (const alert of alerts) if (alert.hasRow) count++;
    const ids = new Array<string>(count);
    count = 0;
    for (const alert of alerts) if (alert.hasRow) ids[count++] = alert.systemAlertId;
    return ids;
  },
  linksLateRows: () => true,
  sentinelCloseResolves: ({ held }) => held,
  syncsXdrCloseToSentinel: () => true,
  mergeVariant: (profile) => profile.merge,
  correlatesClosed: () => false,
  redirectsInSentinel: () => true,

  subscriptionTakes: ({ config, alert }) => connectorOn(config, alert.subscription) !== undefined,
  tenantTakes: ({ config, alert }) => config.tenantConnector && alert.xdrAlertId !== null,
  tenantBackfills: () => false,
  deliveredStatus: ({ current }) => current,
  skipsRow: ({ status, own }) => own === status,
  appendsAlertRow: () => true,
  alertRow: (row) => row,

  matchingRules: ({ config, row, alert }) => {
    const matching: IncidentRule[] = [];
    for (const rule of config.incidentRules)
      if (ruleMatches(rule, row.ProductName, alert.severity)) matching.push(rule);
    return matching;
  },
  ruleIncidentKeys: ({ alert }) => [alert.handle],
  ruleIncidentCreatedAt: ({ now }) => now,

  syncToMdc: ({ config, alert, closing }) =>
    connectorOn(config, alert.subscription)?.sync ? (closing ? 'Resolved' : 'InProgress') : null,
  closesIncidentOnMdcChange: () => false,
  appendsIncidentRow: () => true,
  incidentRow: (row) => row,
};

/** subscriptionConnectorOn (model/config.ts) without a closure per call: asked at every MDC event. */
function connectorOn(config: WorkspaceConfig, subscription: string): SubscriptionConnector | undefined {
  for (const connector of config.subscriptionConnector)
    if (connector.subscription === subscription) return connector;
  return undefined;
}

/** The hooks a run uses: the documented ones, with the mutation's in their place. */
export function hooksOf(mutation: Mutation | undefined): Hooks {
  return mutation === undefined ? DOCUMENTED : { ...DOCUMENTED, ...mutation };
}
