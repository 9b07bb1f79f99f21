/**
 * Builders for the alert-side invariant tests, beyond test/support/build.ts: the check context, the steps
 * the shared builders lack, tenant-connector rows, rule and XDR incident rows holding an alert, and a way to
 * run one behaviour of a module by its ID.
 */
import type { ConfigChange } from '../../model/config.ts';
import type {
  Behaviour,
  CheckContext,
  MustInvariant,
  QuirkDetector,
  TypicalCheck,
} from '../../model/invariant.ts';
import type { Observation, XdrIncidentState } from '../../model/observation.ts';
import { IDEAL, type Profile } from '../../model/profile.ts';
import type { Scenario } from '../../model/scenario.ts';
import type { SecurityAlertRow, SecurityIncidentRow } from '../../model/tables.ts';
import type { MdcStatus, Step } from '../../model/timeline.ts';
import type { Verdict } from '../../model/verdict.ts';
import { interpret } from '../../model/world.ts';
import {
  alertRow,
  at,
  incidentRow,
  mdcAlert,
  nameOf,
  raise,
  scenario,
  systemAlertIdOf,
  wait,
} from '../support/build.ts';

export function contextOf(
  scenario: Scenario,
  observation: Observation,
  profile: Profile = IDEAL,
): CheckContext {
  return { scenario, observation, facts: interpret(scenario), profile };
}

function find(behaviours: readonly Behaviour[], id: string): Behaviour {
  const found = behaviours.find((b) => b.id === id);
  if (!found) throw new Error(`no behaviour ${id}`);
  return found;
}

/** The verdict of must invariant `id` of a module on (scenario, observation). */
export function verdictOf(
  behaviours: readonly Behaviour[],
  id: string,
  scenario: Scenario,
  observation: Observation,
  profile: Profile = IDEAL,
): Verdict {
  const b = find(behaviours, id);
  if (b.kind !== 'must') throw new Error(`${id} is not a must invariant`);
  return (b as MustInvariant).check(contextOf(scenario, observation, profile));
}

export function quirkOf(behaviours: readonly Behaviour[], id: string): QuirkDetector {
  const b = find(behaviours, id);
  if (b.kind !== 'quirk') throw new Error(`${id} is not a quirk`);
  return b;
}

export function typicalOf(behaviours: readonly Behaviour[], id: string): TypicalCheck {
  const b = find(behaviours, id);
  if (b.kind !== 'typical') throw new Error(`${id} is not typical`);
  return b;
}

export function mdcChanged(alert: string, status: MdcStatus): Step {
  return { type: 'mdc-status-changed', alert, status };
}

export function incidentClosed(
  alert: string,
  provider: 'Azure Sentinel' | 'Microsoft XDR' = 'Azure Sentinel',
): Step {
  return { type: 'sentinel-incident-closed', alert, provider, classification: 'TruePositive' };
}

export function incidentUpdated(
  alert: string,
  provider: 'Azure Sentinel' | 'Microsoft XDR' = 'Azure Sentinel',
): Step {
  return { type: 'sentinel-incident-updated', alert, provider, status: 'Active' };
}

export function configChanged(change: ConfigChange): Step {
  return { type: 'config-changed', change };
}

export function subscriptionAdded(subscription: string): Step {
  return { type: 'subscription-added', subscription };
}

export function xdrCorrelated(...alerts: string[]): Step {
  return { type: 'xdr-correlated', alerts };
}

/** A tenant-connector row of `alert` arriving at `arrivedMinutes` (with a Defender XDR link). */
export function tenantRow(
  alert: string,
  arrivedMinutes: number,
  part: Partial<SecurityAlertRow> = {},
  raisedMinutes = 0,
): SecurityAlertRow {
  return alertRow(alert, arrivedMinutes, { _Connector: 'tenant', ...part }, raisedMinutes);
}

/** A rule incident's row holding `alert`. */
export function ruleIncidentRow(
  number: number,
  modifiedMinutes: number,
  alert: string,
  part: Partial<SecurityIncidentRow> = {},
): SecurityIncidentRow {
  return incidentRow(number, modifiedMinutes, { AlertIds: [systemAlertIdOf(alert)], ...part });
}

/** A closing row of a rule incident created at `createdMinutes`. */
export function ruleIncidentClosed(
  number: number,
  modifiedMinutes: number,
  createdMinutes: number,
  alert: string,
): SecurityIncidentRow {
  return ruleIncidentRow(number, modifiedMinutes, alert, {
    Status: 'Closed',
    Classification: 'TruePositive',
    CreatedTime: at(createdMinutes),
    ClosedTime: at(modifiedMinutes),
  });
}

/** A row of the XDR connector's incident `xdrId` (Sentinel number `number`). */
export function xdrIncidentRow(
  number: number,
  modifiedMinutes: number,
  xdrId: string,
  alertIds: string[],
): SecurityIncidentRow {
  return incidentRow(number, modifiedMinutes, {
    ProviderName: 'Microsoft XDR',
    ProviderIncidentId: xdrId,
    AlertIds: alertIds,
  });
}

/** Defender XDR's incident `id` holding `alerts`, created at `createdMinutes`. */
export function xdrIncident(id: string, createdMinutes: number, alerts: string[]): XdrIncidentState {
  return {
    id,
    createdTime: at(createdMinutes),
    alertNames: alerts.map((a) => nameOf(a)),
    statusHistory: [{ time: at(createdMinutes), status: 'active' }],
  };
}

/** Defender XDR's alert entry for `alert` (raised at `raisedMinutes`). */
export function xdrAlert(alert: string, raisedMinutes = 0) {
  return { name: nameOf(alert, raisedMinutes), time: at(raisedMinutes) };
}

/** A1 raised at 09:00 and Resolved in MDC 30 minutes later: the scenario, and MDC's state after it. */
export const resolvedAt30 = scenario([raise('A1'), wait(30), mdcChanged('A1', 'Resolved'), wait(5)]);
export const mdcResolvedAt30 = {
  alerts: [
    mdcAlert('A1', [
      [0, 'Active'],
      [30, 'Resolved'],
    ]),
  ],
};
