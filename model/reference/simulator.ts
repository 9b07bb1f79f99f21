/**
 * The reference simulator: an executable discrete-event model of the documented system (model/README.md,
 * "Semantics"). It reads a scenario's steps in order on one clock; every delayed consequence (a connector
 * delivering, a rule creating an incident, the XDR connector bringing an incident, a sync landing) is an
 * event in a queue ordered by time, then insertion. Before each step, every event due by its time has
 * happened, so a step sees the world as it stands at that instant. The schedule supplies every delay and
 * anomaly the service leaves open; the profile says which anomalies may show. The result is ONE allowed
 * observation. Events due after the observation window (last step + settleMinutes) are dropped.
 */
import {
  applyConfigChange,
  type ConfigChange,
  SEVERITIES,
  type Severity,
  type WorkspaceConfig,
} from '../config.ts';
import type { Observation, XdrIncidentStatus } from '../observation.ts';
import { allows, type MergeVariant, type Profile } from '../profile.ts';
import type { Scenario } from '../scenario.ts';
import type { AlertConnector, IncidentStatus, SecurityAlertRow, SecurityIncidentRow } from '../tables.ts';
import { iso, MINUTE, mdcAlertName, parseTime } from '../time.ts';
import type { Classification, MdcStatus, Step } from '../timeline.ts';
import { EventQueue, type SimEvent } from './events.ts';
import { displayNameOf, incidentNameOf, resourceIdOf, systemAlertIdOf, xdrAlertIdOf } from './ids.ts';
import { type Hooks, hooksOf, type Mutation, type RuleContext } from './mutation.ts';
import { type AlertSchedule, alertSchedule, type Schedule } from './schedule.ts';
import {
  type AlertState,
  alertOf,
  initialState,
  isXdrIncidentOpen,
  type SentinelIncident,
  type SimState,
  sentinelIncidentOf,
  type XdrIncident,
  xdrIncidentOf,
} from './state.ts';
import { REDIRECTED_LABEL, securityAlertRow, securityIncidentRow } from './table-rows.ts';
import { validateInput } from './validate.ts';

/** Who a SecurityIncident row says made the change (ModifiedBy). */
export const MODIFIED_BY = {
  rule: 'Incident created from alert',
  analyst: 'Analyst',
  xdr: 'Microsoft XDR',
  correlation: 'Microsoft Defender XDR - alert correlation',
} as const;

/** Classification of incidents closed from XDR or redirected, which carry none of their own. */
const XDR_CLASSIFICATION = 'Undetermined';

/** What the simulator keeps of an alert besides its state: what its decision points need to know. */
interface AlertTrace {
  /** The configuration in force at its raise. */
  configAtRaise: WorkspaceConfig;
  /** The connectors that took its raise. */
  tookRaise: AlertConnector[];
  /** Per connector, the statuses of the MDC events it took and has not delivered yet, oldest first. */
  inFlight: Record<AlertConnector, MdcStatus[]>;
  /** Per connector, its latest row of the alert (repeats aside). */
  lastRow: Partial<Record<AlertConnector, SecurityAlertRow>>;
  /** Keys of the rule incidents scheduled and not yet created, oldest first (ASSUME-RULE-DELAY is per alert). */
  pendingRuleKeys: string[];
  /** The connector whose row made its (first) rule incident. */
  ruleIncidentFrom: AlertConnector | undefined;
}

interface Simulation {
  schedule: Schedule;
  profile: Profile;
  state: SimState;
  queue: EventQueue;
  hooks: Hooks;
  initialConfig: WorkspaceConfig;
  traces: Map<string, AlertTrace>;
  /** Each Sentinel incident's latest row, by number. */
  lastIncidentRow: Map<number, SecurityIncidentRow>;
}

/**
 * Runs a scenario under a schedule and a profile; throws on a malformed scenario or schedule. A mutation
 * replaces some decision points with a bug (model/reference/mutation.ts); without one, the run is the
 * documented behaviour.
 */
export function simulate(
  scenario: Scenario,
  schedule: Schedule,
  profile: Profile,
  mutation?: Mutation,
): Observation {
  validateInput(scenario, schedule);
  const startMs = parseTime(scenario.start);
  const sim: Simulation = {
    schedule,
    profile,
    state: initialState(scenario.tenantId, startMs, scenario.config),
    queue: new EventQueue(),
    hooks: hooksOf(mutation),
    initialConfig: scenario.config,
    traces: new Map(),
    lastIncidentRow: new Map(),
  };
  let clock = startMs;
  scenario.timeline.forEach((step) => {
    runUntil(sim, clock);
    sim.state.clock = clock;
    applyStep(sim, step);
    if (step.type === 'wait') clock += step.minutes * MINUTE;
  });
  runUntil(sim, clock + scenario.settleMinutes * MINUTE);
  return observe(sim.state);
}

function runUntil(sim: Simulation, until: number): void {
  for (let next = sim.queue.popDue(until); next !== undefined; next = sim.queue.popDue(until)) {
    sim.state.clock = next.at;
    handleEvent(sim, next.event);
  }
}

function later(sim: Simulation, delayMs: number, event: SimEvent): void {
  sim.queue.push(sim.state.clock + delayMs, event);
}

function traceOf(sim: Simulation, handle: string): AlertTrace {
  const trace = sim.traces.get(handle);
  if (!trace) throw new Error(`internal: no trace of alert '${handle}'`);
  return trace;
}

// ---------------------------------------------------------------------------------------------------------
// Steps

function applyStep(sim: Simulation, step: Step): void {
  // A switch rather than ts-pattern's match: this runs per step, and the `never` default keeps it exhaustive.
  switch (step.type) {
    case 'wait':
      return;
    case 'alert-raised':
      raiseAlert(sim, step);
      return;
    case 'mdc-status-changed':
      setMdcStatus(sim, alertOf(sim.state, step.alert), step.status);
      return;
    case 'sentinel-incident-closed':
      changeSentinelIncident(sim, step.alert, step.provider, {
        status: 'Closed',
        classification: step.classification,
      });
      return;
    case 'sentinel-incident-updated':
      changeSentinelIncident(sim, step.alert, step.provider, { status: 'Active' });
      return;
    case 'xdr-incident-closed':
      closeXdrIncident(sim, step.alert);
      return;
    case 'xdr-correlated':
      correlate(sim, step.alerts);
      return;
    case 'subscription-added':
      if (!sim.state.subscriptions.includes(step.subscription))
        sim.state.subscriptions.push(step.subscription);
      return;
    case 'config-changed':
      changeConfig(sim, step.change);
      return;
    default:
      unreachable(step, 'step');
  }
}

function unreachable(value: never, what: string): never {
  throw new Error(`internal: unexpected ${what} ${JSON.stringify(value)}`);
}

function changeConfig(sim: Simulation, change: ConfigChange): void {
  const { state } = sim;
  const before = state.config;
  state.config = applyConfigChange(before, change);
  // ASSUME-COVERAGE-AT-EVENT: a connector switched on takes the events from then on, none from before.
  if (change.kind !== 'tenant-connector' || !change.enabled || before.tenantConnector) return;
  for (const alert of state.alerts.values()) {
    if (!sim.hooks.tenantBackfills({ config: state.config, alert })) continue;
    const trace = traceOf(sim, alert.handle);
    if (alert.lastRowStatus.tenant !== undefined || trace.inFlight.tenant.length > 0) continue;
    trace.inFlight.tenant.push(alert.status);
    later(sim, alert.schedule.tenantDelayMs, {
      kind: 'connector-delivery',
      alert: alert.handle,
      connector: 'tenant',
    });
  }
}

function raiseAlert(sim: Simulation, step: Extract<Step, { type: 'alert-raised' }>): void {
  const { state, profile } = sim;
  const now = state.clock;
  const index = state.alerts.size;
  const schedule = alertSchedule(sim.schedule, index);
  const futureMs = allows(profile, 'Q-FUTURE-TIME') && schedule.futureMs > 0 ? schedule.futureMs : 0;
  const nonUtcShiftMs =
    allows(profile, 'Q-NON-UTC-STARTTIME') && schedule.nonUtcOffsetMinutes !== 0
      ? schedule.nonUtcOffsetMinutes * MINUTE
      : 0;
  const raise = { config: state.config, initialConfig: sim.initialConfig, severity: step.severity };
  const reachedXdr = sim.hooks.xdrReceives(raise);
  const alert: AlertState = {
    handle: step.alert,
    guid: step.guid,
    index,
    name: mdcAlertName(now + futureMs, step.guid),
    subscription: step.subscription,
    severity: step.severity,
    alertType: step.alertType,
    displayName: displayNameOf(step.alertType),
    resourceId: resourceIdOf(step.subscription, index),
    systemAlertId: systemAlertIdOf(step.guid),
    raisedAt: now,
    mdcStartMs: now + futureMs,
    nonUtcShiftMs,
    schedule,
    xdrAlertId: reachedXdr ? xdrAlertIdOf(step.guid) : null,
    status: 'Active',
    history: [],
    lastRowStatus: {},
    hasRow: false,
    firstScheduledRowAt: null,
    xdrIncidentId: null,
  };
  state.alerts.set(alert.handle, alert);
  const trace: AlertTrace = {
    configAtRaise: state.config,
    tookRaise: [],
    inFlight: { subscription: [], tenant: [] },
    lastRow: {},
    pendingRuleKeys: [],
    ruleIncidentFrom: undefined,
  };
  sim.traces.set(alert.handle, trace);
  const deliveries = recordMdcEvent(sim, alert, 'Active');
  trace.tookRaise = deliveries.map((d) => d.connector);
  alert.firstScheduledRowAt = deliveries.length === 0 ? null : Math.min(...deliveries.map((d) => d.at));
  if (sim.hooks.xdrOpensIncident({ ...raise, received: reachedXdr })) {
    // ASSUME-XDR-ONE-INCIDENT-PER-ALERT: XDR opens one incident for the alert at its raise.
    const mirrored = sim.hooks.xdrMirrors({
      config: state.config,
      mdcConnectorTookRaise: trace.tookRaise.length > 0,
    });
    const incident = newXdrIncident(state, alert.displayName, alert.severity, [alert.handle], mirrored);
    scheduleXdrArrival(sim, incident, schedule);
  }
}

/** A status change made in MDC (a step or a sync); a change to the current status is no change. */
function setMdcStatus(sim: Simulation, alert: AlertState, status: MdcStatus): void {
  if (alert.status !== status) recordMdcEvent(sim, alert, status);
}

/**
 * An MDC event: the alert takes `status` now, and each connector that covers it at this moment
 * (ASSUME-COVERAGE-AT-EVENT) will deliver it after its delay. Returns who delivers when.
 */
function recordMdcEvent(
  sim: Simulation,
  alert: AlertState,
  status: MdcStatus,
): { connector: AlertConnector; at: number }[] {
  const { state } = sim;
  alert.status = status;
  alert.history.push({ at: state.clock, status });
  const trace = traceOf(sim, alert.handle);
  return connectorsTaking(sim, alert, trace, status).map((connector) => {
    const delay =
      connector === 'subscription' ? alert.schedule.subscriptionDelayMs : alert.schedule.tenantDelayMs;
    trace.inFlight[connector].push(status);
    later(sim, delay, { kind: 'connector-delivery', alert: alert.handle, connector });
    return { connector, at: state.clock + delay };
  });
}

function connectorsTaking(
  sim: Simulation,
  alert: AlertState,
  trace: AlertTrace,
  status: MdcStatus,
): AlertConnector[] {
  const context = {
    config: sim.state.config,
    configAtRaise: trace.configAtRaise,
    alert,
    status,
    raise: alert.history.length === 1,
    initialSubscriptions: sim.initialConfig.subscriptions,
  };
  const connectors: AlertConnector[] = [];
  // SUB-SCOPE: only subscriptions the connector is enabled on.
  const subscription = sim.hooks.subscriptionTakes(context);
  if (subscription) connectors.push('subscription');
  // TEN-SCOPE, TEN-VIA-XDR: every subscription, but only alerts that reached XDR.
  if (sim.hooks.tenantTakes({ ...context, subscriptionTakes: subscription })) connectors.push('tenant');
  return connectors;
}

/** The Sentinel incident a step names by (alert, provider), if it is in Sentinel and open (ASSUME-STEP-WITHOUT-INCIDENT). */
function openSentinelIncidentFor(
  state: SimState,
  alert: AlertState,
  provider: SentinelIncident['provider'],
): SentinelIncident | undefined {
  const number =
    provider === 'Azure Sentinel'
      ? state.ruleIncidentOf.get(alert.handle)
      : alert.xdrIncidentId === null
        ? undefined
        : xdrIncidentOf(state, alert.xdrIncidentId).sentinelNumber;
  if (number === undefined || number === null) return undefined;
  const incident = sentinelIncidentOf(state, number);
  return incident.status === 'Closed' ? undefined : incident;
}

type SentinelChange = { status: 'Closed'; classification: Classification } | { status: 'Active' };

function changeSentinelIncident(
  sim: Simulation,
  handle: string,
  provider: SentinelIncident['provider'],
  change: SentinelChange,
): void {
  const { state } = sim;
  const alert = alertOf(state, handle);
  const incident = openSentinelIncidentFor(state, alert, provider);
  if (!incident) return;
  incident.status = change.status;
  if (change.status === 'Closed') {
    incident.classification = change.classification;
    incident.closedAt = state.clock;
  }
  appendIncidentRow(sim, incident, MODIFIED_BY.analyst);
  const syncDelay = alert.schedule.syncDelayMs;
  const closing = change.status === 'Closed';
  if (provider === 'Azure Sentinel') {
    // SUB-SYNC-INCIDENT-TO-MDC (ASSUME-SUB-SYNC-ANY-FIRST-ROW, ASSUME-CLOSE-MEANS-RESOLVED); SUB-NO-SYNC.
    const trace = traceOf(sim, handle);
    const status = sim.hooks.syncToMdc({
      config: state.config,
      configAtRaise: trace.configAtRaise,
      alert,
      closing,
      classification: change.status === 'Closed' ? change.classification : null,
      createdFrom: trace.ruleIncidentFrom,
      tenantCovers: state.config.tenantConnector && alert.xdrAlertId !== null,
    });
    if (status !== null) later(sim, syncDelay, { kind: 'mdc-sync', alert: handle, status });
  } else if (state.config.xdrConnector && alert.xdrIncidentId !== null) {
    // XDR-INCIDENT-SYNC (ASSUME-XDR-UPDATE-NOT-TO-MDC for updates).
    const xdrId = alert.xdrIncidentId;
    const held = [...sim.hooks.sentinelCloseResolves({ held: xdrIncidentOf(state, xdrId).alerts })];
    later(
      sim,
      syncDelay,
      closing ? { kind: 'xdr-resolve-sync', xdrId, alerts: held } : { kind: 'xdr-in-progress-sync', xdrId },
    );
  }
}

function closeXdrIncident(sim: Simulation, handle: string): void {
  const { state } = sim;
  const alert = alertOf(state, handle);
  if (alert.xdrIncidentId === null) return;
  const incident = xdrIncidentOf(state, alert.xdrIncidentId);
  if (!isXdrIncidentOpen(incident)) return;
  setXdrStatus(state, incident, 'resolved');
  const syncDelay = alert.schedule.syncDelayMs;
  // ASSUME-XDR-CLOSE-RESOLVES-ALERTS
  for (const held of incident.alerts)
    later(sim, syncDelay, { kind: 'mdc-sync', alert: held, status: 'Resolved' });
  // XDR-INCIDENT-SYNC, "and vice versa"
  if (state.config.xdrConnector && sim.hooks.syncsXdrCloseToSentinel())
    later(sim, syncDelay, { kind: 'sentinel-close-sync', xdrId: incident.id });
}

/** XDR-REDIRECT / DOC-MERGE-TARGET (by the profile's variant); DOC-NO-MERGE-CLOSED. */
function correlate(sim: Simulation, handles: string[]): void {
  const { state, profile, hooks } = sim;
  const alerts = handles.map((handle) => alertOf(state, handle));
  const takesClosed = hooks.correlatesClosed();
  const open = [...new Set(alerts.flatMap((a) => (a.xdrIncidentId === null ? [] : [a.xdrIncidentId])))]
    .map((id) => xdrIncidentOf(state, id))
    .filter((incident) => takesClosed || isXdrIncidentOpen(incident))
    .sort((a, b) => a.createdAt - b.createdAt || Number(a.id) - Number(b.id));
  const oldest = open[0];
  if (oldest === undefined || open.length < 2) return;
  const lead = alerts.find((a) => open.some((incident) => incident.id === a.xdrIncidentId)) ?? alerts[0];
  const schedule = lead?.schedule ?? alertSchedule(sim.schedule, 0);
  const merged = open.flatMap((incident) => incident.alerts);
  const severity = highest(merged.map((handle) => alertOf(state, handle).severity));
  const holder = holderOf(sim, hooks.mergeVariant(profile), oldest, merged, severity);
  for (const incident of open) {
    if (incident === holder) continue;
    setXdrStatus(state, incident, 'redirected');
    incident.redirectTo = holder.id;
    incident.alerts = [];
  }
  holder.alerts = merged;
  holder.severity = severity;
  for (const handle of merged) alertOf(state, handle).xdrIncidentId = holder.id;
  if (state.config.xdrConnector && hooks.redirectsInSentinel()) {
    for (const incident of open) {
      if (incident !== holder)
        later(sim, schedule.syncDelayMs, { kind: 'sentinel-redirect-sync', xdrId: incident.id });
    }
  }
  if (holder === oldest) {
    if (state.config.xdrConnector)
      later(sim, schedule.syncDelayMs, { kind: 'sentinel-holder-sync', xdrId: holder.id });
  } else {
    scheduleXdrArrival(sim, holder, schedule);
  }
}

/** The incident a merge lands in: the oldest (into-target) or a new one (new-incident). */
function holderOf(
  sim: Simulation,
  variant: MergeVariant,
  oldest: XdrIncident,
  merged: string[],
  severity: Severity,
): XdrIncident {
  const { state, hooks } = sim;
  switch (variant) {
    case 'into-target':
      return oldest;
    case 'new-incident': {
      const mirrored = hooks.xdrMirrors({
        config: state.config,
        mdcConnectorTookRaise: merged.some((handle) => traceOf(sim, handle).tookRaise.length > 0),
      });
      return newXdrIncident(state, `Multi-stage incident involving ${oldest.title}`, severity, [], mirrored);
    }
    default:
      return unreachable(variant, 'merge variant');
  }
}

// ---------------------------------------------------------------------------------------------------------
// Events

function handleEvent(sim: Simulation, event: SimEvent): void {
  const { state } = sim;
  switch (event.kind) {
    case 'connector-delivery':
      deliver(sim, alertOf(state, event.alert), event.connector);
      return;
    case 'tenant-repeat':
      writeAlertRow(sim, alertOf(state, event.alert), {
        ...event.row,
        TimeGenerated: iso(state.clock),
      });
      return;
    case 'rule-incident':
      createRuleIncident(sim, event.alert, event.title, event.severity);
      return;
    case 'mdc-sync':
      setMdcStatus(sim, alertOf(state, event.alert), event.status);
      return;
    case 'xdr-incident-arrival':
      xdrIncidentArrives(sim, xdrIncidentOf(state, event.xdrId));
      return;
    case 'xdr-resolve-sync': {
      const incident = xdrIncidentOf(state, event.xdrId);
      if (isXdrIncidentOpen(incident)) setXdrStatus(state, incident, 'resolved');
      for (const handle of event.alerts) setMdcStatus(sim, alertOf(state, handle), 'Resolved');
      return;
    }
    case 'xdr-in-progress-sync': {
      const incident = xdrIncidentOf(state, event.xdrId);
      if (incident.status === 'active') setXdrStatus(state, incident, 'inProgress');
      return;
    }
    case 'sentinel-close-sync': {
      const incident = mirrorOf(state, event.xdrId);
      if (!incident || incident.status === 'Closed') return;
      closeAs(incident, XDR_CLASSIFICATION, state.clock);
      appendIncidentRow(sim, incident, MODIFIED_BY.xdr);
      return;
    }
    case 'sentinel-redirect-sync': {
      const incident = mirrorOf(state, event.xdrId);
      if (!incident || incident.labels.some((label) => label.labelName === REDIRECTED_LABEL.labelName))
        return;
      redirectAs(incident, state.clock);
      incident.alertIds = alertIdsOf(sim, xdrIncidentOf(state, event.xdrId));
      appendIncidentRow(sim, incident, MODIFIED_BY.correlation);
      return;
    }
    case 'sentinel-holder-sync': {
      const xdr = xdrIncidentOf(state, event.xdrId);
      const incident = mirrorOf(state, event.xdrId);
      if (!incident) return;
      incident.alertIds = alertIdsOf(sim, xdr);
      incident.severity = xdr.severity;
      appendIncidentRow(sim, incident, MODIFIED_BY.correlation);
      return;
    }
    default:
      unreachable(event, 'event');
  }
}

/** A connector delivers: the alert's status now, unless its previous row says it (ASSUME-NO-REDUNDANT-ROW). */
function deliver(sim: Simulation, alert: AlertState, connector: AlertConnector): void {
  const { state, profile, hooks } = sim;
  const trace = traceOf(sim, alert.handle);
  const taken = trace.inFlight[connector].shift() ?? alert.status;
  const status = hooks.deliveredStatus({ current: alert.status, taken });
  const previous = alert.lastRowStatus[connector];
  const other = alert.lastRowStatus[connector === 'subscription' ? 'tenant' : 'subscription'];
  if (hooks.skipsRow({ connector, status, own: previous, other })) return;
  alert.lastRowStatus[connector] = status;
  const row = hooks.alertRow(securityAlertRow(alert, connector, status, state.clock, state.tenantId), {
    alert,
    connector,
    now: state.clock,
    tenantId: state.tenantId,
  });
  if (!hooks.appendsAlertRow({ connector, row, prior: trace.lastRow[connector] })) return;
  trace.lastRow[connector] = row;
  writeAlertRow(sim, alert, row);
  if (hooks.closesIncidentOnMdcChange({ connector, status })) closeRuleIncidentFromMdc(sim, alert);
  if (connector === 'tenant' && previous === undefined && allows(profile, 'Q-TENANT-REPEATS')) {
    for (const gap of alert.schedule.tenantRepeatGapsMs) {
      later(sim, gap, { kind: 'tenant-repeat', alert: alert.handle, row });
    }
  }
}

function writeAlertRow(sim: Simulation, alert: AlertState, row: SecurityAlertRow): void {
  const { state, hooks } = sim;
  const rowIndex = state.alertRows.length;
  state.alertRows.push(row);
  if (!alert.hasRow) {
    alert.hasRow = true;
    linkFirstRow(sim, alert);
  }
  // RULE-ONE-INCIDENT, RULE-FIRST-ARRIVAL, DOC-RULES-ONE-INCIDENT, ASSUME-RULE-ANY-STATUS, ASSUME-RULE-LATE.
  const trace = traceOf(sim, alert.handle);
  const context: RuleContext = {
    config: state.config,
    configAtRaise: trace.configAtRaise,
    alert,
    row,
    rowIndex,
    connector: row._Connector,
    subscriptionTookRaise: trace.tookRaise.includes('subscription'),
  };
  const matching = hooks.matchingRules(context);
  if (matching.length === 0) return;
  for (const key of hooks.ruleIncidentKeys({ ...context, matching })) {
    if (state.ruleIncidentOf.has(key) || state.ruleIncidentPending.has(key)) continue;
    state.ruleIncidentPending.add(key);
    trace.pendingRuleKeys.push(key);
    trace.ruleIncidentFrom ??= row._Connector;
    later(sim, alert.schedule.ruleDelayMs, {
      kind: 'rule-incident',
      alert: alert.handle,
      title: row.AlertName,
      severity: row.AlertSeverity,
    });
  }
}

/** XDR-ALERT-FROM-MDC-CONNECTOR: the XDR incident in Sentinel links the alert once its first row is in. */
function linkFirstRow(sim: Simulation, alert: AlertState): void {
  const { state } = sim;
  if (alert.xdrIncidentId === null || !sim.hooks.linksLateRows()) return;
  const xdr = xdrIncidentOf(state, alert.xdrIncidentId);
  const incident = mirrorOf(state, xdr.id);
  if (!incident) return;
  const alertIds = alertIdsOf(sim, xdr);
  if (sameList(alertIds, incident.alertIds)) return;
  incident.alertIds = alertIds;
  appendIncidentRow(sim, incident, MODIFIED_BY.xdr);
}

/** A rule incident made from a row: one per key the rule hooks gave (the alert itself, documented). */
function createRuleIncident(sim: Simulation, handle: string, title: string, severity: string): void {
  const { state } = sim;
  const alert = alertOf(state, handle);
  const key = traceOf(sim, handle).pendingRuleKeys.shift() ?? handle;
  state.ruleIncidentPending.delete(key);
  const incident = newSentinelIncident(state, {
    provider: 'Azure Sentinel',
    providerIncidentId: null,
    title,
    severity,
    alertIds: [alert.systemAlertId],
  });
  incident.createdAt = sim.hooks.ruleIncidentCreatedAt({ alert, now: state.clock });
  state.ruleIncidentOf.set(key, incident.number);
  // Sentinel steps name the incident by its alert: the first one made for it.
  if (!state.ruleIncidentOf.has(handle)) state.ruleIncidentOf.set(handle, incident.number);
  appendIncidentRow(sim, incident, MODIFIED_BY.rule);
}

/** A mutation's bug (SUB-MDC-CHANGE-NOT-TO-INCIDENT): a row with a new MDC status closes the rule incident. */
function closeRuleIncidentFromMdc(sim: Simulation, alert: AlertState): void {
  const incident = openSentinelIncidentFor(sim.state, alert, 'Azure Sentinel');
  if (!incident) return;
  closeAs(incident, XDR_CLASSIFICATION, sim.state.clock);
  appendIncidentRow(sim, incident, MODIFIED_BY.rule);
}

/** XDR-CREATES-INCIDENTS: the incident arrives with XDR's current state and the alerts that have rows. */
function xdrIncidentArrives(sim: Simulation, xdr: XdrIncident): void {
  const { state } = sim;
  const incident = newSentinelIncident(state, {
    provider: 'Microsoft XDR',
    providerIncidentId: sim.hooks.xdrProviderIncidentId({
      xdrId: xdr.id,
      number: state.incidents.length + 1,
    }),
    title: xdr.title,
    severity: xdr.severity,
    alertIds: alertIdsOf(sim, xdr),
  });
  xdr.sentinelNumber = incident.number;
  const status = xdr.status;
  switch (status) {
    case 'active':
      break;
    case 'inProgress':
      incident.status = 'Active';
      break;
    case 'resolved':
      closeAs(incident, XDR_CLASSIFICATION, state.clock);
      break;
    case 'redirected':
      redirectAs(incident, state.clock);
      break;
    default:
      unreachable(status, 'XDR incident status');
  }
  appendIncidentRow(sim, incident, MODIFIED_BY.xdr);
}

// ---------------------------------------------------------------------------------------------------------
// Helpers on the state

function newXdrIncident(
  state: SimState,
  title: string,
  severity: Severity,
  alerts: string[],
  mirrored: boolean,
): XdrIncident {
  const incident: XdrIncident = {
    id: String(state.nextXdrIncidentId++),
    createdAt: state.clock,
    title,
    severity,
    alerts,
    status: 'active',
    history: [{ at: state.clock, status: 'active' }],
    redirectTo: null,
    // ASSUME-XDR-CONNECTOR-NEW-INCIDENTS
    mirrored,
    sentinelNumber: null,
  };
  state.xdrIncidents.set(incident.id, incident);
  for (const handle of alerts) alertOf(state, handle).xdrIncidentId = incident.id;
  return incident;
}

/**
 * The XDR connector brings a new XDR incident after its delay. In the `ideal` profile (and whenever the
 * schedule does not ask for Q-INCIDENT-BEFORE-ALERT) not before the first row due for any of its alerts
 * whose raise an MDC connector took; the arrival is queued after those deliveries, so ties keep that order.
 */
function scheduleXdrArrival(sim: Simulation, incident: XdrIncident, schedule: AlertSchedule): void {
  if (!incident.mirrored) return;
  const { state, profile } = sim;
  const base = state.clock + schedule.xdrIncidentDelayMs;
  const early = allows(profile, 'Q-INCIDENT-BEFORE-ALERT') && schedule.incidentBeforeAlert;
  const firstRows = incident.alerts.flatMap((handle) => {
    const at = alertOf(state, handle).firstScheduledRowAt;
    return at === null ? [] : [at];
  });
  const at = early ? base : Math.max(base, ...firstRows);
  sim.queue.push(at, { kind: 'xdr-incident-arrival', xdrId: incident.id });
}

function setXdrStatus(state: SimState, incident: XdrIncident, status: XdrIncidentStatus): void {
  incident.status = status;
  incident.history.push({ at: state.clock, status });
}

function newSentinelIncident(
  state: SimState,
  fields: {
    provider: SentinelIncident['provider'];
    providerIncidentId: string | null;
    title: string;
    severity: string;
    alertIds: string[];
  },
): SentinelIncident {
  const number = state.incidents.length + 1;
  const incident: SentinelIncident = {
    number,
    name: incidentNameOf(state.tenantId, number),
    provider: fields.provider,
    providerIncidentId: fields.providerIncidentId ?? String(number),
    createdAt: state.clock,
    title: fields.title,
    severity: fields.severity,
    status: 'New' satisfies IncidentStatus,
    classification: '',
    closedAt: null,
    labels: [],
    alertIds: fields.alertIds,
  };
  state.incidents.push(incident);
  return incident;
}

function appendIncidentRow(sim: Simulation, incident: SentinelIncident, modifiedBy: string): void {
  const { state, hooks } = sim;
  const row = hooks.incidentRow(securityIncidentRow(incident, state.clock, modifiedBy));
  if (!hooks.appendsIncidentRow({ modifiedBy, row, prior: sim.lastIncidentRow.get(incident.number) })) return;
  sim.lastIncidentRow.set(incident.number, row);
  state.incidentRows.push(row);
}

function mirrorOf(state: SimState, xdrId: string): SentinelIncident | undefined {
  const number = xdrIncidentOf(state, xdrId).sentinelNumber;
  return number === null ? undefined : sentinelIncidentOf(state, number);
}

function closeAs(incident: SentinelIncident, classification: string, at: number): void {
  incident.status = 'Closed';
  incident.classification = classification;
  incident.closedAt = at;
}

/** ASSUME-REDIRECT-LABEL, ASSUME-REDIRECT-CLASSIFICATION; an incident closed before keeps its closure. */
function redirectAs(incident: SentinelIncident, at: number): void {
  if (incident.status !== 'Closed') closeAs(incident, XDR_CLASSIFICATION, at);
  incident.labels = [...incident.labels, { ...REDIRECTED_LABEL }];
}

/** SystemAlertIds of an XDR incident's alerts that already have a row in SecurityAlert. */
function alertIdsOf(sim: Simulation, incident: XdrIncident): string[] {
  return sim.hooks.xdrAlertIds({ alerts: incident.alerts.map((handle) => alertOf(sim.state, handle)) });
}

function highest(severities: Severity[]): Severity {
  return severities.reduce<Severity>(
    (best, s) => (SEVERITIES.indexOf(s) > SEVERITIES.indexOf(best) ? s : best),
    'Informational',
  );
}

function sameList(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

// ---------------------------------------------------------------------------------------------------------
// Observation

function observe(state: SimState): Observation {
  const alerts = [...state.alerts.values()];
  return {
    SecurityAlert: state.alertRows,
    SecurityIncident: state.incidentRows,
    mdc: {
      alerts: alerts.map((alert) => ({
        name: alert.name,
        statusHistory: alert.history.map((h) => ({ time: iso(h.at), status: h.status })),
      })),
    },
    xdr: {
      alerts: alerts.flatMap((alert) =>
        alert.xdrAlertId === null ? [] : [{ name: alert.name, time: iso(alert.raisedAt) }],
      ),
      incidents: [...state.xdrIncidents.values()].map((incident) => ({
        id: incident.id,
        createdTime: iso(incident.createdAt),
        alertNames: incident.alerts.map((handle) => alertOf(state, handle).name),
        statusHistory: incident.history.map((h) => ({ time: iso(h.at), status: h.status })),
        ...(incident.redirectTo === null ? {} : { redirectIncidentId: incident.redirectTo }),
      })),
    },
  };
}
