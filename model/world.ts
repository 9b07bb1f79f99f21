/**
 * Reads a scenario as facts on one clock: when each step happens, which alerts exist (with their MDC
 * alert names), what the configuration is at each step, and which subscriptions exist. Invariants use
 * these facts to know which situations a scenario creates; they never re-run the simulator.
 */
import type { Severity, WorkspaceConfig } from './config.ts';
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
  /** Whether Defender XDR received the alert (ASSUME-XDR-INGEST-AT-RAISE, DOC-TEN-NO-INFORMATIONAL). */
  reachedXdr: boolean;
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
