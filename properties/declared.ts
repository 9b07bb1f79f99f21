/**
 * Generation inside a partial implementation's declaration (docs/protocol.md, "Declaring a partial
 * implementation"). The cases of the full generator are mapped, not filtered, into the declared subset: a
 * part of the configuration that is not declared is switched off (or, for Defender XDR's setting, set to
 * the declared value), a step of an undeclared type or a change of an undeclared kind is left out, and a
 * reference that pointed at what was left out is moved to what remains. A mapped arbitrary shrinks as the
 * one it maps, so every case stays shrinkable and replays from (seed, path); with nothing left out the
 * generator is the full one, unchanged, so a run that declares everything is the very run it was before.
 */
import fc from 'fast-check';
import type { ConfigChange, WorkspaceConfig } from '../model/config.ts';
import type { ProfileName } from '../model/profile.ts';
import type { Scenario } from '../model/scenario.ts';
import {
  CONFIG_CHANGE_KINDS,
  CONFIG_PARTS,
  type ConfigChangeKind,
  type ConfigPart,
  type Declaration,
} from '../model/schema.ts';
import { STEP_TYPES, type Step, type StepType } from '../model/timeline.ts';
import { caseArb, type GeneratedCase } from './arbitraries.ts';

/** A declaration with every list filled in: what the implementation supports. */
export interface Supported {
  steps: ReadonlySet<StepType>;
  configChanges: ReadonlySet<ConfigChangeKind>;
  config: ReadonlySet<ConfigPart>;
  profiles: ReadonlySet<ProfileName>;
}

const PROFILES: readonly ProfileName[] = ['ideal', 'observed'];

/** What a declaration supports; no declaration (or an empty one) supports everything. */
export function supportedBy(declaration: Declaration | undefined): Supported {
  return {
    steps: new Set(declaration?.steps ?? STEP_TYPES),
    configChanges: new Set(declaration?.configChanges ?? CONFIG_CHANGE_KINDS),
    config: new Set(declaration?.config ?? CONFIG_PARTS),
    profiles: new Set(declaration?.profiles ?? PROFILES),
  };
}

/** Whether nothing is left out: every step type, change kind, configuration part and profile. */
export function supportsEverything(supported: Supported): boolean {
  return (
    STEP_TYPES.every((t) => supported.steps.has(t)) &&
    CONFIG_CHANGE_KINDS.every((k) => supported.configChanges.has(k)) &&
    CONFIG_PARTS.every((p) => supported.config.has(p)) &&
    PROFILES.every((p) => supported.profiles.has(p))
  );
}

/** The start configuration with every undeclared part switched off. */
export function restrictConfig(config: WorkspaceConfig, supported: Supported): WorkspaceConfig {
  const has = (part: ConfigPart) => supported.config.has(part);
  let xdrMdcSetting = config.xdrMdcSetting;
  if (xdrMdcSetting === 'All alerts' && !has('xdr-all-alerts')) xdrMdcSetting = 'No alerts';
  if (xdrMdcSetting === 'No alerts' && !has('xdr-no-alerts')) xdrMdcSetting = 'All alerts';
  return {
    subscriptions: [...config.subscriptions],
    subscriptionConnector: has('subscription-connector')
      ? config.subscriptionConnector.map((c) => ({ ...c, sync: c.sync && has('sync') }))
      : [],
    tenantConnector: config.tenantConnector && has('tenant-connector'),
    xdrMdcSetting,
    xdrConnector: config.xdrConnector && has('xdr-connector'),
    incidentRules: has('incident-rules') ? config.incidentRules.map((r) => ({ ...r })) : [],
  };
}

/** A change inside the declaration (`subscription` one that exists), or undefined to leave it out. */
function restrictChange(
  change: ConfigChange,
  supported: Supported,
  subscription: (name: string) => string,
): ConfigChange | undefined {
  const has = (part: ConfigPart) => supported.config.has(part);
  if (!supported.configChanges.has(change.kind)) return undefined;
  switch (change.kind) {
    case 'subscription-connector-enabled':
      if (!has('subscription-connector')) return undefined;
      return { ...change, subscription: subscription(change.subscription), sync: change.sync && has('sync') };
    case 'subscription-connector-disabled':
      if (!has('subscription-connector')) return undefined;
      return { ...change, subscription: subscription(change.subscription) };
    case 'tenant-connector':
      return has('tenant-connector') ? change : undefined;
    case 'xdr-mdc-setting':
      return has(change.value === 'All alerts' ? 'xdr-all-alerts' : 'xdr-no-alerts') ? change : undefined;
    case 'xdr-connector':
      return has('xdr-connector') ? change : undefined;
    case 'rule-added':
    case 'rule-removed':
      return has('incident-rules') ? change : undefined;
  }
}

/**
 * The scenario mapped into the declaration: undeclared configuration parts off, undeclared steps and
 * changes left out, alerts raised (and connectors changed) in a subscription whose addition was left out
 * moved to the first one of the start configuration, and a Sentinel step on the incident of a source that
 * cannot exist (the XDR connector's, or the rules') pointed at the other source's. Valid in, valid out:
 * alerts are never left out, so every reference to one still finds it.
 */
export function restrictScenario(scenario: Scenario, supported: Supported): Scenario {
  const config = restrictConfig(scenario.config, supported);
  const existing = new Set(config.subscriptions);
  const first = config.subscriptions[0];
  const subscription = (name: string) => (existing.has(name) || first === undefined ? name : first);
  const xdrIncidents = supported.config.has('xdr-connector');
  const ruleIncidents = supported.config.has('incident-rules');
  const timeline: Step[] = [];
  for (const step of scenario.timeline) {
    if (!supported.steps.has(step.type)) continue;
    switch (step.type) {
      case 'subscription-added':
        existing.add(step.subscription);
        timeline.push({ ...step });
        break;
      case 'alert-raised':
        timeline.push({ ...step, subscription: subscription(step.subscription) });
        break;
      case 'config-changed': {
        const change = restrictChange(step.change, supported, subscription);
        if (change) timeline.push({ type: 'config-changed', change });
        break;
      }
      case 'sentinel-incident-closed':
      case 'sentinel-incident-updated': {
        let provider = step.provider;
        if (provider === 'Microsoft XDR' && !xdrIncidents) provider = 'Azure Sentinel';
        else if (provider === 'Azure Sentinel' && !ruleIncidents && xdrIncidents) provider = 'Microsoft XDR';
        timeline.push({ ...step, provider });
        break;
      }
      case 'xdr-correlated':
        timeline.push({ ...step, alerts: [...step.alerts] });
        break;
      default:
        timeline.push({ ...step });
    }
  }
  return { ...scenario, config, timeline };
}

/** Generated cases inside the declaration: the full generator's, mapped (the full one itself when nothing is left out). */
export function declaredCaseArb(supported: Supported): fc.Arbitrary<GeneratedCase> {
  if (supportsEverything(supported)) return caseArb;
  return caseArb.map((input) => ({
    scenario: restrictScenario(input.scenario, supported),
    schedule: input.schedule,
  }));
}

/** A run's cases inside the declaration, as fast-check's check() meets them for this seed. */
export function sampleDeclared(
  supported: Supported,
  seed: number,
  runs: number,
  path?: string,
): GeneratedCase[] {
  return fc.sample(declaredCaseArb(supported), {
    seed,
    numRuns: runs,
    ...(path === undefined ? {} : { path }),
  });
}
