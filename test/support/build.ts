/**
 * Small builders for hand-made scenarios and observations in tests. Defaults describe one MDC alert row
 * from the subscription connector; tests override only what their case is about.
 */
import type { WorkspaceConfig } from '../../model/config.ts';
import { mdcPortalLink, xdrAlertLink } from '../../model/links.ts';
import type { Observation } from '../../model/observation.ts';
import type { Scenario } from '../../model/scenario.ts';
import type { SecurityAlertRow, SecurityIncidentRow } from '../../model/tables.ts';
import { iso, MINUTE, mdcAlertName, parseTime } from '../../model/time.ts';
import type { Step } from '../../model/timeline.ts';

export const START = '2026-01-01T10:00:00.000Z';
export const START_MS = parseTime(START);
export const TENANT = '00000000-0000-4000-8000-00000000aaaa';

/** Clock time `minutes` after START, as ISO. */
export function at(minutes: number): string {
  return iso(START_MS + minutes * MINUTE);
}

export function guidOf(alert: string): string {
  const hex = Array.from(alert, (c) => c.charCodeAt(0).toString(16))
    .join('')
    .padStart(12, '0')
    .slice(-12);
  return `00000000-0000-4000-8000-${hex}`;
}

/** The MDC alert name of an alert raised `minutes` after START. */
export function nameOf(alert: string, raisedMinutes = 0): string {
  return mdcAlertName(START_MS + raisedMinutes * MINUTE, guidOf(alert));
}

export function systemAlertIdOf(alert: string): string {
  return `sa-${alert}`;
}

export function config(part: Partial<WorkspaceConfig> = {}): WorkspaceConfig {
  return {
    subscriptions: ['sub-1'],
    subscriptionConnector: [{ subscription: 'sub-1', sync: false }],
    tenantConnector: false,
    xdrMdcSetting: 'All alerts',
    xdrConnector: false,
    incidentRules: [],
    ...part,
  };
}

export const MDC_RULE = {
  name: 'mdc',
  productFilter: ['Azure Security Center' as const],
  severitiesFilter: [],
};

export function raise(alert: string, part: Partial<Extract<Step, { type: 'alert-raised' }>> = {}): Step {
  return {
    type: 'alert-raised',
    alert,
    guid: guidOf(alert),
    subscription: 'sub-1',
    severity: 'High',
    alertType: 'VM_SuspectExecutablePath',
    ...part,
  };
}

export function wait(minutes: number): Step {
  return { type: 'wait', minutes };
}

export function scenario(timeline: Step[], cfg: WorkspaceConfig = config(), settleMinutes = 60): Scenario {
  return { version: 1, tenantId: TENANT, start: START, config: cfg, timeline, settleMinutes };
}

/** A SecurityAlert row of `alert` (raised at `raisedMinutes`), arriving at `arrivedMinutes`. */
export function alertRow(
  alert: string,
  arrivedMinutes: number,
  part: Partial<SecurityAlertRow> = {},
  raisedMinutes = 0,
): SecurityAlertRow {
  const connector = part._Connector ?? 'subscription';
  const name = nameOf(alert, raisedMinutes);
  return {
    TimeGenerated: at(arrivedMinutes),
    SystemAlertId: systemAlertIdOf(alert),
    VendorOriginalId: name,
    AlertName: 'Suspicious executable',
    AlertSeverity: 'High',
    AlertType: 'VM_SuspectExecutablePath',
    ProductName: 'Azure Security Center',
    ProviderName: 'Azure Security Center',
    VendorName: 'Microsoft',
    AlertLink:
      connector === 'subscription'
        ? mdcPortalLink(name, 'sub-1', 'rg-1')
        : xdrAlertLink(`fa${alert}`, TENANT),
    Status: 'New',
    StartTime: at(raisedMinutes),
    EndTime: at(raisedMinutes),
    ProcessingEndTime: at(raisedMinutes),
    ResourceId: '/subscriptions/sub-1/resourceGroups/rg-1/providers/Microsoft.Compute/virtualMachines/vm-1',
    _Connector: connector,
    ...part,
  };
}

/** A SecurityIncident row of incident `number`, modified at `modifiedMinutes`. */
export function incidentRow(
  number: number,
  modifiedMinutes: number,
  part: Partial<SecurityIncidentRow> = {},
): SecurityIncidentRow {
  return {
    TimeGenerated: at(modifiedMinutes),
    IncidentName: `00000000-0000-4000-9000-${String(number).padStart(12, '0')}`,
    IncidentNumber: number,
    Title: 'Suspicious executable',
    Severity: 'High',
    Status: 'New',
    Classification: '',
    ProviderName: 'Azure Sentinel',
    ProviderIncidentId: String(number),
    Labels: [],
    AlertIds: [],
    CreatedTime: at(modifiedMinutes),
    LastModifiedTime: at(modifiedMinutes),
    ClosedTime: '',
    ModifiedBy: 'Incident created from alert',
    ...part,
  };
}

export function observation(part: Partial<Observation> = {}): Observation {
  return {
    SecurityAlert: [],
    SecurityIncident: [],
    mdc: { alerts: [] },
    xdr: { alerts: [], incidents: [] },
    ...part,
  };
}

/** An MDC alert's status history: `[minutes, status]` pairs. */
export function mdcAlert(
  alert: string,
  history: [number, 'Active' | 'InProgress' | 'Resolved' | 'Dismissed'][],
  raisedMinutes = 0,
) {
  return {
    name: nameOf(alert, raisedMinutes),
    statusHistory: history.map(([m, status]) => ({ time: at(m), status })),
  };
}
