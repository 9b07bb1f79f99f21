/**
 * The protocol's shapes, declared here from docs/protocol.md so that this simulator shares no code with the
 * suite's model: a scenario in, an observation out.
 */

export type Severity = 'Informational' | 'Low' | 'Medium' | 'High';
export type MdcStatus = 'Active' | 'InProgress' | 'Resolved' | 'Dismissed';
export type Provider = 'Azure Sentinel' | 'Microsoft XDR';

export interface Rule {
  name: string;
  productFilter: string[];
  severitiesFilter: Severity[];
}

export interface Config {
  subscriptions: string[];
  subscriptionConnector: { subscription: string; sync: boolean }[];
  tenantConnector: boolean;
  xdrMdcSetting: 'All alerts' | 'No alerts';
  xdrConnector: boolean;
  incidentRules: Rule[];
}

export type Change =
  | { kind: 'subscription-connector-enabled'; subscription: string; sync: boolean }
  | { kind: 'subscription-connector-disabled'; subscription: string }
  | { kind: 'tenant-connector'; enabled: boolean }
  | { kind: 'xdr-mdc-setting'; value: 'All alerts' | 'No alerts' }
  | { kind: 'xdr-connector'; enabled: boolean }
  | { kind: 'rule-added'; rule: Rule }
  | { kind: 'rule-removed'; name: string };

export type Step =
  | { type: 'wait'; minutes: number }
  | {
      type: 'alert-raised';
      alert: string;
      guid: string;
      subscription: string;
      severity: Severity;
      alertType: string;
    }
  | { type: 'mdc-status-changed'; alert: string; status: MdcStatus }
  | { type: 'sentinel-incident-closed'; alert: string; provider: Provider; classification: string }
  | { type: 'sentinel-incident-updated'; alert: string; provider: Provider; status: 'Active' }
  | { type: 'xdr-incident-closed'; alert: string }
  | { type: 'xdr-correlated'; alerts: string[] }
  | { type: 'subscription-added'; subscription: string }
  | { type: 'config-changed'; change: Change };

export interface Scenario {
  version: 1;
  tenantId: string;
  start: string;
  config: Config;
  timeline: Step[];
  settleMinutes: number;
}

export type Profile = 'ideal' | 'observed';

export interface AlertRow {
  TimeGenerated: string;
  SystemAlertId: string;
  VendorOriginalId: string;
  AlertName: string;
  AlertSeverity: string;
  AlertType: string;
  ProductName: string;
  ProviderName: string;
  VendorName: string;
  AlertLink: string;
  Status: string;
  StartTime: string;
  EndTime: string;
  ProcessingEndTime: string;
  ResourceId: string;
  _Connector: 'subscription' | 'tenant';
}

export interface IncidentRow {
  TimeGenerated: string;
  IncidentName: string;
  IncidentNumber: number;
  Title: string;
  Severity: string;
  Status: string;
  Classification: string;
  ProviderName: string;
  ProviderIncidentId: string;
  Labels: { labelName: string; labelType: string }[];
  AlertIds: string[];
  CreatedTime: string;
  LastModifiedTime: string;
  ClosedTime: string;
  ModifiedBy: string;
}

export type XdrStatus = 'active' | 'inProgress' | 'resolved' | 'redirected';

export interface Observation {
  SecurityAlert: AlertRow[];
  SecurityIncident: IncidentRow[];
  mdc: { alerts: { name: string; statusHistory: { time: string; status: MdcStatus }[] }[] };
  xdr: {
    alerts: { name: string; time: string }[];
    incidents: {
      id: string;
      createdTime: string;
      alertNames: string[];
      statusHistory: { time: string; status: XdrStatus }[];
      redirectIncidentId?: string;
    }[];
  };
}
