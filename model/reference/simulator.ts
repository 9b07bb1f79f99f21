/**
 * The reference simulator: an executable discrete-event model of the documented system (model/README.md,
 * "Semantics"). It reads a scenario's steps in order on one clock; every delayed consequence (a connector
 * delivering, a rule creating an incident, the XDR connector bringing an incident, a sync landing) is an
 * event in a queue ordered by time, then insertion. Before each step, every event due by its time has
 * happened, so a step sees the world as it stands at that instant. The schedule supplies every delay and
 * anomaly the service leaves open; the profile says which anomalies may show. The result is ONE allowed
 * observation. Events due after the observation window (last step + settleMinutes) are dropped.
 *
 * It runs inside property tests thousands of times per second, so the hot path avoids what allocates
 * without need (spreads, closures, intermediate arrays); the semantics stay in the named hooks.
 */
import {
  applyConfigChange,
  type ConfigChange,
  SEVERITIES,
  type Severity,
  type WorkspaceConfig,
} from '../config.ts';
import type { MdcAlertState, Observation, XdrIncidentState, XdrIncidentStatus } from '../observation.ts';
import { allows, type MergeVariant, type Profile } from '../profile.ts';
import type { Scenario } from '../scenario.ts';
import type { AlertConnector, IncidentStatus, SecurityAlertRow, SecurityIncidentRow } from '../tables.ts';
import { MINUTE, parseTime } from '../time.ts';
import type { Classification, MdcStatus, Step } from '../timeline.ts';
import { EventQueue, type SimEvent } from './events.ts';
import { displayNameOf, incidentNameOf, resourceIdOf, systemAlertIdOf, xdrAlertIdOf } from './ids.ts';
import { type Hooks, hooksOf, type Mutation, type RuleContext, type TakeContext } from './mutation.ts';
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
import {
  type AlertRowTexts,
  alertRowTexts,
  alertRowWith,
  REDIRECTED_LABEL,
  securityIncidentRow,
} from './table-rows.ts';
import { isoText, mdcAlertNameOf } from './time-text.ts';
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
  subscription: ConnectorTrace;
  tenant: ConnectorTrace;
  /** The connector whose row made its (first) rule incident. */
  ruleIncidentFrom: AlertConnector | undefined;
}

/** What the simulator keeps of an alert per connector. */
interface ConnectorTrace {
  /** Whether the connector took the alert's raise. */
  tookRaise: boolean;
  /** How many MDC events it took and has not delivered yet (each delivery event carries its status). */
  inFlight: number;
  /** Its latest row of the alert (repeats aside). */
  lastRow: SecurityAlertRow | undefined;
  /** What all its rows of the alert repeat (link, times), once it has written one. */
  texts: AlertRowTexts | undefined;
}

/** connectorsTaking's answer: a bit per connector, so an MDC event allocates no list. */
const SUBSCRIPTION_TAKES = 1;
const TENANT_TAKES = 2;

interface Simulation {
  schedule: Schedule;
  profile: Profile;
  /** The quirks the profile allows, looked up once. */
  quirks: {
    futureTime: boolean;
    nonUtcStartTime: boolean;
    incidentBeforeAlert: boolean;
    tenantRepeats: boolean;
  };
  state: SimState;
  queue: EventQueue;
  hooks: Hooks;
  initialConfig: WorkspaceConfig;
  /** Each alert's trace, by raise index. */
  traces: AlertTrace[];
  /** Each Sentinel incident's latest row, at index number − 1. */
  lastIncidentRows: (SecurityIncidentRow | undefined)[];
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
    quirks: {
      futureTime: allows(profile, 'Q-FUTURE-TIME'),
      nonUtcStartTime: allows(profile, 'Q-NON-UTC-STARTTIME'),
      incidentBeforeAlert: allows(profile, 'Q-INCIDENT-BEFORE-ALERT'),
      tenantRepeats: allows(profile, 'Q-TENANT-REPEATS'),
    },
    state: initialState(scenario.tenantId, startMs, scenario.config),
    queue: new EventQueue(schedule.reverseTies === true),
    hooks: hooksOf(mutation),
    initialConfig: scenario.config,
    traces: [],
    lastIncidentRows: [],
  };
  let clock = startMs;
  // ASSUME-TIES: events due at a step's instant happen before it, or (reversed) after every step of that instant.
  const tieShift = schedule.reverseTies === true ? 1 : 0;
  for (const step of scenario.timeline) {
    runUntil(sim, clock - tieShift);
    sim.state.clock = clock;
    applyStep(sim, step);
    if (step.type === 'wait') clock += step.minutes * MINUTE;
  }
  runUntil(sim, clock + scenario.settleMinutes * MINUTE);
  return observe(sim.state);
}

function runUntil(sim: Simulation, until: number): void {
  const { queue, state } = sim;
  while (queue.hasDue(until)) {
    state.clock = queue.nextAt();
    handleEvent(sim, queue.pop());
  }
}

function later(sim: Simulation, delayMs: number, event: SimEvent): void {
  sim.queue.push(sim.state.clock + delayMs, event);
}

function traceOf(sim: Simulation, alert: AlertState): AlertTrace {
  const trace = sim.traces[alert.index];
  if (!trace) throw new Error(`internal: no trace of alert '${alert.handle}'`);
  return trace;
}

function connectorTrace(trace: AlertTrace, connector: AlertConnector): ConnectorTrace {
  return connector === 'subscription' ? trace.subscription : trace.tenant;
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
    const { tenant } = traceOf(sim, alert);
    if (alert.lastRowStatus.tenant !== undefined || tenant.inFlight > 0) continue;
    deliverLater(sim, alert, tenant, 'tenant', alert.status);
  }
}

/** A connector takes an MDC event: it delivers it after its delay (the event carries the status taken). */
function deliverLater(
  sim: Simulation,
  alert: AlertState,
  trace: ConnectorTrace,
  connector: AlertConnector,
  taken: MdcStatus,
): void {
  trace.inFlight += 1;
  const delayMs =
    connector === 'subscription' ? alert.schedule.subscriptionDelayMs : alert.schedule.tenantDelayMs;
  later(sim, delayMs, { kind: 'connector-delivery', alert: alert.handle, connector, taken });
}

function raiseAlert(sim: Simulation, step: Extract<Step, { type: 'alert-raised' }>): void {
  const { state, quirks } = sim;
  const now = state.clock;
  const index = state.alerts.size;
  const schedule = alertSchedule(sim.schedule, index);
  const futureMs = quirks.futureTime && schedule.futureMs > 0 ? schedule.futureMs : 0;
  const nonUtcShiftMs =
    quirks.nonUtcStartTime && schedule.nonUtcOffsetMinutes !== 0 ? schedule.nonUtcOffsetMinutes * MINUTE : 0;
  const alert: AlertState = {
    handle: step.alert,
    guid: step.guid,
    index,
    name: mdcAlertNameOf(now + futureMs, step.guid),
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
    xdrAlertId: null,
    xdrIngestedAt: null,
    // The raise is its first MDC event.
    status: 'Active',
    history: [{ at: now, status: 'Active' }],
    lastRowStatus: {},
    hasRow: false,
    firstScheduledRowAt: null,
    xdrIncidentId: null,
  };
  state.alerts.set(alert.handle, alert);
  const trace: AlertTrace = {
    configAtRaise: state.config,
    subscription: { tookRaise: false, inFlight: 0, lastRow: undefined, texts: undefined },
    tenant: { tookRaise: false, inFlight: 0, lastRow: undefined, texts: undefined },
    ruleIncidentFrom: undefined,
  };
  sim.traces[index] = trace;
  // SUB-SCOPE: the subscription connector takes the raise now; the tenant connector reads Defender XDR.
  const taking = forwardMdcEvent(sim, alert, trace, 'Active');
  trace.subscription.tookRaise = (taking & SUBSCRIPTION_TAKES) !== 0;
  alert.firstScheduledRowAt = trace.subscription.tookRaise ? now + schedule.subscriptionDelayMs : null;
  // ASSUME-XDR-INGEST-DELAY: XDR ingests the alert later, or at once (then in step order unless ties are reversed).
  if (schedule.xdrIngestDelayMs > 0 || sim.queue.reversed) {
    later(sim, schedule.xdrIngestDelayMs, { kind: 'xdr-ingest', alert: alert.handle });
  } else {
    ingestIntoXdr(sim, alert);
  }
}

/**
 * Defender XDR ingests an MDC alert: it takes it by its MDC setting now (ASSUME-XDR-INGEST-DELAY,
 * DOC-TEN-NO-INFORMATIONAL); the tenant connector, which reads XDR, takes the alert's current status now
 * (TEN-VIA-XDR, TEN-LATEST-STATUS); XDR creates the alert's incident after its delay.
 */
function ingestIntoXdr(sim: Simulation, alert: AlertState): void {
  const { state, hooks } = sim;
  const now = state.clock;
  const trace = traceOf(sim, alert);
  const raise = { config: state.config, initialConfig: sim.initialConfig, severity: alert.severity };
  const reachedXdr = hooks.xdrReceives(raise);
  if (reachedXdr) {
    alert.xdrAlertId = xdrAlertIdOf(alert.guid);
    alert.xdrIngestedAt = now;
  }
  const tenant = hooks.tenantTakes({
    config: state.config,
    configAtRaise: trace.configAtRaise,
    alert,
    status: alert.status,
    raise: true,
    initialSubscriptions: sim.initialConfig.subscriptions,
    subscriptionTakes: trace.subscription.tookRaise,
  });
  if (tenant) {
    trace.tenant.tookRaise = true;
    deliverLater(sim, alert, trace.tenant, 'tenant', alert.status);
    const tenantAt = now + alert.schedule.tenantDelayMs;
    alert.firstScheduledRowAt =
      alert.firstScheduledRowAt === null ? tenantAt : Math.min(alert.firstScheduledRowAt, tenantAt);
  }
  const opens = hooks.xdrOpensIncident({
    config: raise.config,
    initialConfig: raise.initialConfig,
    severity: raise.severity,
    received: reachedXdr,
  });
  if (!opens) return;
  if (alert.schedule.xdrIncidentCreateDelayMs > 0 || sim.queue.reversed) {
    later(sim, alert.schedule.xdrIncidentCreateDelayMs, {
      kind: 'xdr-incident-created',
      alert: alert.handle,
    });
  } else {
    openXdrIncident(sim, alert);
  }
}

/** ASSUME-XDR-ONE-INCIDENT-PER-ALERT: XDR opens one incident for the alert (ASSUME-XDR-INCIDENT-CREATE-DELAY after ingesting it). */
function openXdrIncident(sim: Simulation, alert: AlertState): void {
  const { state, hooks } = sim;
  const trace = traceOf(sim, alert);
  const mirrored = hooks.xdrMirrors({
    config: state.config,
    mdcConnectorTookRaise: trace.subscription.tookRaise || trace.tenant.tookRaise,
  });
  const incident = newXdrIncident(state, alert.displayName, alert.severity, [alert.handle], mirrored);
  scheduleXdrArrival(sim, incident, alert.schedule);
}

/** A status change made in MDC (a step or a sync); a change to the current status is no change. */
function setMdcStatus(sim: Simulation, alert: AlertState, status: MdcStatus): void {
  if (alert.status === status) return;
  alert.status = status;
  alert.history.push({ at: sim.state.clock, status });
  forwardMdcEvent(sim, alert, traceOf(sim, alert), status);
}

/**
 * An MDC event, once the alert has taken `status`: each connector that covers the alert at this moment
 * (ASSUME-COVERAGE-AT-EVENT) will deliver it after its delay (the subscription connector's delivery queued
 * first). Returns who takes it (connectorsTaking's bits).
 */
function forwardMdcEvent(sim: Simulation, alert: AlertState, trace: AlertTrace, status: MdcStatus): number {
  const taking = connectorsTaking(sim, alert, trace, status);
  if ((taking & SUBSCRIPTION_TAKES) !== 0)
    deliverLater(sim, alert, trace.subscription, 'subscription', status);
  if ((taking & TENANT_TAKES) !== 0) deliverLater(sim, alert, trace.tenant, 'tenant', status);
  return taking;
}

/** Which connectors take an MDC event: SUBSCRIPTION_TAKES and TENANT_TAKES bits. */
function connectorsTaking(sim: Simulation, alert: AlertState, trace: AlertTrace, status: MdcStatus): number {
  const { hooks } = sim;
  const context: TakeContext = {
    config: sim.state.config,
    configAtRaise: trace.configAtRaise,
    alert,
    status,
    raise: alert.history.length === 1,
    initialSubscriptions: sim.initialConfig.subscriptions,
  };
  // SUB-SCOPE: only subscriptions the connector is enabled on.
  const subscription = hooks.subscriptionTakes(context);
  // TEN-SCOPE, TEN-VIA-XDR: every subscription, but only alerts that reached XDR.
  const tenant = hooks.tenantTakes({
    config: context.config,
    configAtRaise: context.configAtRaise,
    alert: context.alert,
    status: context.status,
    raise: context.raise,
    initialSubscriptions: context.initialSubscriptions,
    subscriptionTakes: subscription,
  });
  return (subscription ? SUBSCRIPTION_TAKES : 0) | (tenant ? TENANT_TAKES : 0);
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
  const closing = change.status === 'Closed';
  if (provider === 'Azure Sentinel') {
    // SUB-SYNC-INCIDENT-TO-MDC (ASSUME-SUB-SYNC-ANY-FIRST-ROW, ASSUME-CLOSE-MEANS-RESOLVED); SUB-NO-SYNC.
    const trace = traceOf(sim, alert);
    const status = sim.hooks.syncToMdc({
      config: state.config,
      configAtRaise: trace.configAtRaise,
      alert,
      closing,
      classification: change.status === 'Closed' ? change.classification : null,
      createdFrom: trace.ruleIncidentFrom,
      tenantCovers: state.config.tenantConnector && alert.xdrAlertId !== null,
    });
    if (status !== null) later(sim, alert.schedule.syncDelayMs, { kind: 'mdc-sync', alert: handle, status });
  } else if (state.config.xdrConnector && alert.xdrIncidentId !== null) {
    // XDR-INCIDENT-SYNC (ASSUME-XDR-UPDATE-NOT-TO-MDC for updates).
    const xdrId = alert.xdrIncidentId;
    const held = [...sim.hooks.sentinelCloseResolves({ held: xdrIncidentOf(state, xdrId).alerts })];
    later(
      sim,
      alert.schedule.xdrSyncDelayMs,
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
  const syncDelay = alert.schedule.xdrSyncDelayMs;
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
  const alerts: AlertState[] = [];
  for (const handle of handles) alerts.push(alertOf(state, handle));
  const takesClosed = hooks.correlatesClosed();
  // The XDR incidents holding the alerts, each once, that the merge takes: oldest first (then lowest ID).
  const open: XdrIncident[] = [];
  for (const alert of alerts) {
    if (alert.xdrIncidentId === null) continue;
    const incident = xdrIncidentOf(state, alert.xdrIncidentId);
    if (open.includes(incident) || !(takesClosed || isXdrIncidentOpen(incident))) continue;
    let at = open.length;
    while (at > 0 && olderXdrIncident(incident, open[at - 1] as XdrIncident)) at--;
    open.splice(at, 0, incident);
  }
  const oldest = open[0];
  if (oldest === undefined || open.length < 2) return;
  // The schedule of the first alert named whose incident is merged.
  let lead = alerts[0];
  for (const alert of alerts) {
    if (open.some((incident) => incident.id === alert.xdrIncidentId)) {
      lead = alert;
      break;
    }
  }
  const schedule = lead?.schedule ?? alertSchedule(sim.schedule, 0);
  const merged: string[] = [];
  for (const incident of open) for (const handle of incident.alerts) merged.push(handle);
  let severity: Severity = 'Informational';
  for (const handle of merged) severity = higher(severity, alertOf(state, handle).severity);
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
        later(sim, schedule.xdrSyncDelayMs, { kind: 'sentinel-redirect-sync', xdrId: incident.id });
    }
  }
  if (holder === oldest) {
    if (state.config.xdrConnector)
      later(sim, schedule.xdrSyncDelayMs, { kind: 'sentinel-holder-sync', xdrId: holder.id });
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
        mdcConnectorTookRaise: merged.some((handle) => {
          const trace = traceOf(sim, alertOf(state, handle));
          return trace.subscription.tookRaise || trace.tenant.tookRaise;
        }),
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
      deliver(sim, alertOf(state, event.alert), event.connector, event.taken);
      return;
    case 'tenant-repeat':
      writeAlertRow(sim, alertOf(state, event.alert), {
        ...event.row,
        TimeGenerated: isoText(state.clock),
      });
      return;
    case 'rule-incident':
      createRuleIncident(sim, event.alert, event.key, event.title, event.severity);
      return;
    case 'mdc-sync':
      setMdcStatus(sim, alertOf(state, event.alert), event.status);
      return;
    case 'xdr-ingest':
      ingestIntoXdr(sim, alertOf(state, event.alert));
      return;
    case 'xdr-incident-created':
      openXdrIncident(sim, alertOf(state, event.alert));
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
function deliver(sim: Simulation, alert: AlertState, connector: AlertConnector, taken: MdcStatus): void {
  const { state, hooks } = sim;
  const via = connectorTrace(traceOf(sim, alert), connector);
  via.inFlight -= 1;
  const status = hooks.deliveredStatus({ current: alert.status, taken });
  const previous = alert.lastRowStatus[connector];
  const other = alert.lastRowStatus[connector === 'subscription' ? 'tenant' : 'subscription'];
  if (hooks.skipsRow({ connector, status, own: previous, other })) return;
  alert.lastRowStatus[connector] = status;
  via.texts ??= alertRowTexts(alert, connector, state.tenantId);
  const documented = alertRowWith(via.texts, alert, connector, status, isoText(state.clock));
  const row = hooks.alertRow(documented, { alert, connector, now: state.clock, tenantId: state.tenantId });
  if (!hooks.appendsAlertRow({ connector, row, prior: via.lastRow })) return;
  via.lastRow = row;
  writeAlertRow(sim, alert, row);
  if (hooks.closesIncidentOnMdcChange({ connector, status })) closeRuleIncidentFromMdc(sim, alert);
  if (connector === 'tenant' && previous === undefined && sim.quirks.tenantRepeats) {
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
  const trace = traceOf(sim, alert);
  const context: RuleContext = {
    config: state.config,
    configAtRaise: trace.configAtRaise,
    alert,
    row,
    rowIndex,
    connector: row._Connector,
    subscriptionTookRaise: trace.subscription.tookRaise,
  };
  const matching = hooks.matchingRules(context);
  if (matching.length === 0) return;
  const keys = hooks.ruleIncidentKeys({
    config: context.config,
    configAtRaise: context.configAtRaise,
    alert: context.alert,
    row: context.row,
    rowIndex: context.rowIndex,
    connector: context.connector,
    subscriptionTookRaise: context.subscriptionTookRaise,
    matching,
  });
  for (const key of keys) {
    if (state.ruleIncidentOf.has(key) || state.ruleIncidentPending.has(key)) continue;
    state.ruleIncidentPending.add(key);
    trace.ruleIncidentFrom ??= row._Connector;
    // ASSUME-RULE-DELAY is per alert, so its rule incidents come in the order they were scheduled.
    later(sim, alert.schedule.ruleDelayMs, {
      kind: 'rule-incident',
      alert: alert.handle,
      key,
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
function createRuleIncident(
  sim: Simulation,
  handle: string,
  key: string,
  title: string,
  severity: string,
): void {
  const { state } = sim;
  const alert = alertOf(state, handle);
  state.ruleIncidentPending.delete(key);
  const incident = newSentinelIncident(state, 'Azure Sentinel', null, title, severity, [alert.systemAlertId]);
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
  const providerIncidentId = sim.hooks.xdrProviderIncidentId({
    xdrId: xdr.id,
    number: state.incidents.length + 1,
  });
  const alertIds = alertIdsOf(sim, xdr);
  const incident = newSentinelIncident(
    state,
    'Microsoft XDR',
    providerIncidentId,
    xdr.title,
    xdr.severity,
    alertIds,
  );
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
  const { state } = sim;
  let at = state.clock + schedule.xdrIncidentDelayMs;
  if (!(sim.quirks.incidentBeforeAlert && schedule.incidentBeforeAlert)) {
    for (const handle of incident.alerts) {
      const firstRowAt = alertOf(state, handle).firstScheduledRowAt;
      if (firstRowAt !== null) at = Math.max(at, firstRowAt);
    }
  }
  sim.queue.push(at, { kind: 'xdr-incident-arrival', xdrId: incident.id });
}

function setXdrStatus(state: SimState, incident: XdrIncident, status: XdrIncidentStatus): void {
  incident.status = status;
  incident.history.push({ at: state.clock, status });
}

function newSentinelIncident(
  state: SimState,
  provider: SentinelIncident['provider'],
  providerIncidentId: string | null,
  title: string,
  severity: string,
  alertIds: string[],
): SentinelIncident {
  const number = state.incidents.length + 1;
  const incident: SentinelIncident = {
    number,
    name: incidentNameOf(state.tenantId, number),
    provider,
    providerIncidentId: providerIncidentId ?? String(number),
    createdAt: state.clock,
    title,
    severity,
    status: 'New' satisfies IncidentStatus,
    classification: '',
    closedAt: null,
    labels: [],
    alertIds,
  };
  state.incidents.push(incident);
  return incident;
}

function appendIncidentRow(sim: Simulation, incident: SentinelIncident, modifiedBy: string): void {
  const { state, hooks } = sim;
  const row = hooks.incidentRow(securityIncidentRow(incident, state.clock, modifiedBy));
  const index = incident.number - 1;
  if (!hooks.appendsIncidentRow({ modifiedBy, row, prior: sim.lastIncidentRows[index] })) return;
  sim.lastIncidentRows[index] = row;
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
  const alerts = new Array<AlertState>(incident.alerts.length);
  for (let i = 0; i < alerts.length; i++) alerts[i] = alertOf(sim.state, incident.alerts[i] as string);
  return sim.hooks.xdrAlertIds({ alerts });
}

/** The higher of two severities (the first on a tie). */
function higher(best: Severity, other: Severity): Severity {
  return SEVERITIES.indexOf(other) > SEVERITIES.indexOf(best) ? other : best;
}

/** Whether XDR incident `a` comes before `b`: created earlier, or at the same time with a lower ID. */
function olderXdrIncident(a: XdrIncident, b: XdrIncident): boolean {
  return a.createdAt < b.createdAt || (a.createdAt === b.createdAt && Number(a.id) < Number(b.id));
}

function sameList(a: readonly string[], b: readonly string[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

// ---------------------------------------------------------------------------------------------------------
// Observation

function observe(state: SimState): Observation {
  // Lists are sized once where their length is known, rather than grown.
  const mdcAlerts = new Array<MdcAlertState>(state.alerts.size);
  const xdrAlerts: { name: string; time: string }[] = [];
  let index = 0;
  for (const alert of state.alerts.values()) {
    mdcAlerts[index++] = { name: alert.name, statusHistory: historyOf(alert.history) };
    if (alert.xdrIngestedAt !== null)
      xdrAlerts.push({ name: alert.name, time: isoText(alert.xdrIngestedAt) });
  }
  const xdrIncidents = new Array<XdrIncidentState>(state.xdrIncidents.size);
  index = 0;
  for (const incident of state.xdrIncidents.values()) {
    const alertNames = new Array<string>(incident.alerts.length);
    for (let i = 0; i < alertNames.length; i++)
      alertNames[i] = alertOf(state, incident.alerts[i] as string).name;
    const observed: XdrIncidentState = {
      id: incident.id,
      createdTime: isoText(incident.createdAt),
      alertNames,
      statusHistory: historyOf(incident.history),
    };
    if (incident.redirectTo !== null) observed.redirectIncidentId = incident.redirectTo;
    xdrIncidents[index++] = observed;
  }
  return {
    SecurityAlert: state.alertRows,
    SecurityIncident: state.incidentRows,
    mdc: { alerts: mdcAlerts },
    xdr: { alerts: xdrAlerts, incidents: xdrIncidents },
  };
}

/** A status history as the portals show it: each status with its time as text. */
function historyOf<Status extends string>(
  history: readonly { at: number; status: Status }[],
): { time: string; status: Status }[] {
  const shown = new Array<{ time: string; status: Status }>(history.length);
  for (let i = 0; i < shown.length; i++) {
    const entry = history[i] as { at: number; status: Status };
    shown[i] = { time: isoText(entry.at), status: entry.status };
  }
  return shown;
}
