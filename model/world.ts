/**
 * Reads a scenario as facts on one clock: when each step happens, which alerts exist (with their MDC
 * alert names), what the configuration is at each step, and which subscriptions exist. Invariants use
 * these facts to know which situations a scenario creates; they never re-run the simulator.
 */
import {
  COVERAGE_WINDOW_MS,
  TIME_TOLERANCE_MS,
  XDR_INCIDENT_CREATE_DELAY_MAX_MS,
  XDR_INGEST_DELAY_MAX_MS,
} from './assumptions.ts';
import type { ConfigChange, Severity, WorkspaceConfig } from './config.ts';
import { applyConfigChange, subscriptionConnectorOn } from './config.ts';
import type { Scenario } from './scenario.ts';
import { MINUTE, mdcAlertName, parseTime } from './time.ts';
import type { MdcStatus, Step } from './timeline.ts';

export interface TimedStep {
  index: number;
  at: number;
  step: Step;
  /** The configuration in force when this step happens (before its own change, for config steps). */
  config: WorkspaceConfig;
  /** Subscriptions that exist when this step happens. */
  subscriptions: readonly string[];
}

export interface AlertFact {
  alert: string;
  guid: string;
  /** The MDC alert name `<reverseTicks>_<guid>`. */
  name: string;
  subscription: string;
  severity: Severity;
  alertType: string;
  raisedAt: number;
  stepIndex: number;
  /**
   * Whether Defender XDR received the alert by its setting at the raise (DOC-TEN-NO-INFORMATIONAL). XDR
   * decides at its ingestion, within ASSUME-XDR-INGEST-DELAY: when `open.xdr` says the setting changed in that
   * window, either outcome is allowed and this is only the setting at the raise.
   */
  reachedXdr: boolean;
  /** Why an outcome decided near the raise is open (a configuration change within its bound), per aspect. */
  open: RaiseOpen;
}

/**
 * What a configuration change near an alert's raise leaves open (null: decided), with the first reason in
 * domain words ("the tenant connector was enabled 1 min after the raise").
 */
export interface RaiseOpen {
  /** Whether XDR ingests it: XDR's MDC setting changed within ASSUME-XDR-INGEST-DELAY after the raise. */
  xdr: string | null;
  /** Whether the tenant connector takes the raise: it reads XDR, so its switch within the ingestion window (± coverage). */
  tenant: string | null;
  /** Whether the subscription connector takes the raise: its switch on the subscription within ASSUME-COVERAGE-AT-EVENT. */
  subscription: string | null;
  /** Whether XDR's incident reaches Sentinel: the XDR connector switched before XDR may have created it. */
  xdrConnector: string | null;
}

export interface ScenarioFacts {
  startMs: number;
  /** Time of the last step. */
  lastStepMs: number;
  /** End of the settle window: what the observation covers. */
  endMs: number;
  steps: TimedStep[];
  alerts: AlertFact[];
  alertByHandle: ReadonlyMap<string, AlertFact>;
  alertByName: ReadonlyMap<string, AlertFact>;
  /** Configuration after the whole timeline. */
  finalConfig: WorkspaceConfig;
}

export function reachesXdr(config: WorkspaceConfig, severity: Severity): boolean {
  return config.xdrMdcSetting === 'All alerts' && severity !== 'Informational';
}

export function interpret(scenario: Scenario): ScenarioFacts {
  const startMs = parseTime(scenario.start);
  let clock = startMs;
  let config = scenario.config;
  let subscriptions: string[] = [...scenario.config.subscriptions];
  const steps: TimedStep[] = [];
  const alerts: AlertFact[] = [];
  scenario.timeline.forEach((step, index) => {
    steps.push({ index, at: clock, step, config, subscriptions });
    switch (step.type) {
      case 'wait':
        clock += step.minutes * MINUTE;
        break;
      case 'alert-raised':
        alerts.push({
          alert: step.alert,
          guid: step.guid,
          name: mdcAlertName(clock, step.guid),
          subscription: step.subscription,
          severity: step.severity,
          alertType: step.alertType,
          raisedAt: clock,
          stepIndex: index,
          reachedXdr: reachesXdr(config, step.severity),
          open: { xdr: null, tenant: null, subscription: null, xdrConnector: null },
        });
        break;
      case 'subscription-added':
        subscriptions = [...subscriptions, step.subscription];
        break;
      case 'config-changed':
        config = applyConfigChange(config, step.change);
        break;
      default:
        break;
    }
  });
  for (const alert of alerts) alert.open = raiseOpen(steps, alert);
  return {
    startMs,
    lastStepMs: clock,
    endMs: clock + scenario.settleMinutes * MINUTE,
    steps,
    alerts,
    alertByHandle: new Map(alerts.map((a) => [a.alert, a])),
    alertByName: new Map(alerts.map((a) => [a.name, a])),
    finalConfig: config,
  };
}

/** A duration for messages: '1 min', '90 s', '2 min 30 s'. */
export function spanText(ms: number): string {
  const seconds = Math.round(Math.abs(ms) / 1000);
  const minutes = Math.floor(seconds / 60);
  const rest = seconds % 60;
  if (minutes === 0) return `${rest} s`;
  return rest === 0 ? `${minutes} min` : `${minutes} min ${rest} s`;
}

/** A configuration change in domain words ('the tenant connector was enabled'). */
export function changeText(change: ConfigChange): string {
  switch (change.kind) {
    case 'subscription-connector-enabled':
      return `the subscription connector was enabled on ${change.subscription}`;
    case 'subscription-connector-disabled':
      return `the subscription connector was disabled on ${change.subscription}`;
    case 'tenant-connector':
      return `the tenant connector was ${change.enabled ? 'enabled' : 'disabled'}`;
    case 'xdr-mdc-setting':
      return `Defender XDR's MDC setting was set to '${change.value}'`;
    case 'xdr-connector':
      return `the XDR connector was ${change.enabled ? 'enabled' : 'disabled'}`;
    case 'rule-added':
      return `the incident creation rule '${change.rule.name}' was added`;
    case 'rule-removed':
      return `the incident creation rule '${change.name}' was removed`;
    default:
      return 'the configuration changed';
  }
}

/** When a step happened relative to an instant, in words ('1 min after the raise'). */
export function relativeText(at: number, to: number, what: string): string {
  if (Math.abs(at - to) < 1000) return `at the instant of ${what}`;
  return `${spanText(at - to)} ${at > to ? 'after' : 'before'} ${what}`;
}

/**
 * The first configuration change in [from, to] (a step at the raise's own instant only after it in the
 * timeline, when `from` is the raise) that changes what `read` says, as a reason; null when none does.
 */
export function openBy(
  steps: readonly TimedStep[],
  alert: Pick<AlertFact, 'raisedAt' | 'stepIndex'>,
  from: number,
  to: number,
  read: (config: WorkspaceConfig) => boolean,
): string | null {
  for (const s of steps) {
    if (s.step.type !== 'config-changed' || s.at < from || s.at > to) continue;
    if (s.at === alert.raisedAt && from === alert.raisedAt && s.index < alert.stepIndex) continue;
    const after = applyConfigChange(s.config, s.step.change);
    if (read(s.config) === read(after)) continue;
    return `${changeText(s.step.change)} ${relativeText(s.at, alert.raisedAt, 'the raise')}`;
  }
  return null;
}

/** What configuration changes near the raise leave open (RaiseOpen). */
function raiseOpen(steps: readonly TimedStep[], alert: AlertFact): RaiseOpen {
  const raise = alert.raisedAt;
  const ingestBy = raise + XDR_INGEST_DELAY_MAX_MS + TIME_TOLERANCE_MS;
  return {
    xdr: openBy(steps, alert, raise, ingestBy, (c) => reachesXdr(c, alert.severity)),
    tenant: openBy(
      steps,
      alert,
      raise - COVERAGE_WINDOW_MS,
      ingestBy + COVERAGE_WINDOW_MS,
      (c) => c.tenantConnector,
    ),
    subscription: openBy(
      steps,
      alert,
      raise - COVERAGE_WINDOW_MS,
      raise + COVERAGE_WINDOW_MS,
      (c) => subscriptionConnectorOn(c, alert.subscription) !== undefined,
    ),
    xdrConnector: openBy(
      steps,
      alert,
      raise,
      ingestBy + XDR_INCIDENT_CREATE_DELAY_MAX_MS,
      (c) => c.xdrConnector,
    ),
  };
}

/** MDC status changes made in MDC itself (the timeline's mdc-status-changed steps) for one alert. */
export function mdcStepsFor(
  facts: ScenarioFacts,
  alert: string,
): { at: number; status: MdcStatus; index: number }[] {
  return facts.steps.flatMap((s) =>
    s.step.type === 'mdc-status-changed' && s.step.alert === alert
      ? [{ at: s.at, status: s.step.status, index: s.index }]
      : [],
  );
}

/** Whether the subscription connector covered an alert's subscription at a step (ASSUME-COVERAGE-AT-EVENT). */
export function subscriptionCovers(step: TimedStep, subscription: string): boolean {
  return subscriptionConnectorOn(step.config, subscription) !== undefined;
}

/** The configuration in force at the alert's raise. */
export function configAtRaise(facts: ScenarioFacts, alert: AlertFact): WorkspaceConfig {
  const step = facts.steps[alert.stepIndex];
  if (!step) throw new Error(`no step ${alert.stepIndex}`);
  return step.config;
}
