/**
 * Builders for the incident invariants' tests, on top of test/support/build.ts: incident rows of the two
 * providers, Defender XDR incidents, the Sentinel and XDR steps, and one call that judges a scenario and
 * an observation with one behaviour.
 */
import { expect } from 'vitest';
import type { IncidentRule, RuleProduct, Severity, WorkspaceConfig } from '../../model/config.ts';
import type { AdviceFinding, Behaviour } from '../../model/invariant.ts';
import type { Observation, XdrIncidentState, XdrIncidentStatus } from '../../model/observation.ts';
import { OBSERVED, type Profile } from '../../model/profile.ts';
import type { Scenario } from '../../model/scenario.ts';
import type { SecurityIncidentRow } from '../../model/tables.ts';
import type { Classification, IncidentProviderRef, Step } from '../../model/timeline.ts';
import type { Verdict, Witness } from '../../model/verdict.ts';
import { interpret } from '../../model/world.ts';
import { at, incidentRow, nameOf, systemAlertIdOf } from '../support/build.ts';

export function rule(
  name: string,
  productFilter: RuleProduct[] = ['Azure Security Center'],
  severitiesFilter: Severity[] = [],
): IncidentRule {
  return { name, productFilter, severitiesFilter };
}

export function configChanged(change: Extract<Step, { type: 'config-changed' }>['change']): Step {
  return { type: 'config-changed', change };
}

export function closedInSentinel(
  alert: string,
  provider: IncidentProviderRef,
  classification: Classification = 'TruePositive',
): Step {
  return { type: 'sentinel-incident-closed', alert, provider, classification };
}

export function updatedInSentinel(alert: string, provider: IncidentProviderRef): Step {
  return { type: 'sentinel-incident-updated', alert, provider, status: 'Active' };
}

export function closedInXdr(alert: string): Step {
  return { type: 'xdr-incident-closed', alert };
}

export function correlated(...alerts: string[]): Step {
  return { type: 'xdr-correlated', alerts };
}

/** A row of a rule incident ('Azure Sentinel') of `alert`, modified at `minutes`. */
export function ruleIncidentRow(
  number: number,
  alert: string,
  minutes: number,
  part: Partial<SecurityIncidentRow> = {},
): SecurityIncidentRow {
  return incidentRow(number, minutes, { AlertIds: [systemAlertIdOf(alert)], ...part });
}

/** A row of the XDR connector's incident `number`, standing for XDR incident `xdrId`. */
export function xdrIncidentRow(
  number: number,
  xdrId: string,
  minutes: number,
  part: Partial<SecurityIncidentRow> = {},
): SecurityIncidentRow {
  return incidentRow(number, minutes, {
    ProviderName: 'Microsoft XDR',
    ProviderIncidentId: xdrId,
    ModifiedBy: 'Microsoft XDR',
    ...part,
  });
}

/** Redirected by XDR correlation, as Sentinel shows it. */
export const REDIRECTED = {
  Status: 'Closed',
  Classification: 'Undetermined',
  Labels: [{ labelName: 'Redirected', labelType: 'AutoAssigned' }],
};

/**
 * A Defender XDR incident: `alerts` are [handle, raised minutes] pairs it holds at the end; `history` is
 * [minutes, status] pairs (created active at `createdMinutes` unless given).
 */
export function xdrIncident(
  id: string,
  createdMinutes: number,
  alerts: [string, number][],
  history: [number, XdrIncidentStatus][] = [[createdMinutes, 'active']],
  redirectIncidentId?: string,
): XdrIncidentState {
  return {
    id,
    createdTime: at(createdMinutes),
    alertNames: alerts.map(([alert, raised]) => nameOf(alert, raised)),
    statusHistory: history.map(([m, status]) => ({ time: at(m), status })),
    ...(redirectIncidentId === undefined ? {} : { redirectIncidentId }),
  };
}

/** Judges one (scenario, observation) with the behaviour `id` of `behaviours`. */
export function judge(
  behaviours: readonly Behaviour[],
  id: string,
  scenario: Scenario,
  observation: Observation,
  profile: Profile = OBSERVED,
): Verdict {
  const behaviour = behaviours.find((b) => b.id === id);
  if (behaviour?.kind !== 'must') throw new Error(`no must invariant ${id}`);
  return behaviour.check({ scenario, observation, facts: interpret(scenario), profile });
}

/** The findings of the advice lint `id` for one configuration. */
export function lint(
  behaviours: readonly Behaviour[],
  id: string,
  config: WorkspaceConfig,
  subscriptions: readonly string[] = config.subscriptions,
): AdviceFinding[] {
  const behaviour = behaviours.find((b) => b.id === id);
  if (behaviour?.kind !== 'advice') throw new Error(`no advice lint ${id}`);
  return behaviour.lint(config, subscriptions);
}

/** Asserts a violation and returns its message and witness. */
export function violation(verdict: Verdict): { message: string; witness: Witness } {
  expect(verdict.status).toBe('violated');
  if (verdict.status !== 'violated') throw new Error('unreachable');
  return { message: verdict.message, witness: verdict.witness };
}
