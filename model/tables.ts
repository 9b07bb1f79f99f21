/**
 * The two Log Analytics tables the connectors write, with Microsoft's real column names. The same row
 * types hold generated observations and rows read from a real export, so one invariant checks both.
 * Timestamps are ISO-8601 UTC strings; an absent value is ''. Columns the model does not reason about
 * (Entities, ExtendedProperties, …) are left out.
 */

export const ALERT_STATUSES = ['New', 'InProgress', 'Resolved', 'Dismissed', 'Unknown'] as const;
export type AlertStatus = (typeof ALERT_STATUSES)[number];

/** Which connector wrote a row. Not a column of the real table: a protocol annotation (see ASSUME-ROUTE). */
export type AlertConnector = 'subscription' | 'tenant';

export interface SecurityAlertRow {
  TimeGenerated: string;
  SystemAlertId: string;
  /** For MDC alerts: the MDC alert name `<reverseTicks>_<GUID>`. */
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
  /** Through which connector the row came (protocol annotation; absent in real exports). */
  _Connector?: AlertConnector;
}

export const INCIDENT_STATUSES = ['New', 'Active', 'Closed'] as const;
export type IncidentStatus = (typeof INCIDENT_STATUSES)[number];

export interface IncidentLabel {
  labelName: string;
  labelType: 'User' | 'AutoAssigned' | string;
}

/** The provider names an XDR connector incident has carried over time. */
export const XDR_PROVIDER_NAMES = ['Microsoft XDR', 'Microsoft 365 Defender'] as const;
export const SENTINEL_PROVIDER_NAME = 'Azure Sentinel';

export function isXdrProvider(name: string): boolean {
  return (XDR_PROVIDER_NAMES as readonly string[]).includes(name) || name === 'Microsoft Defender XDR';
}

export function isSentinelProvider(name: string): boolean {
  return name === SENTINEL_PROVIDER_NAME || name === 'AzureSentinel';
}

export interface SecurityIncidentRow {
  TimeGenerated: string;
  IncidentName: string;
  IncidentNumber: number;
  Title: string;
  Severity: string;
  Status: string;
  Classification: string;
  ProviderName: string;
  ProviderIncidentId: string;
  Labels: IncidentLabel[];
  /** SystemAlertIds of the incident's alerts. */
  AlertIds: string[];
  CreatedTime: string;
  LastModifiedTime: string;
  ClosedTime: string;
  ModifiedBy: string;
}

/** Whether a label is XDR's redirect tag ('Redirect', 'Redirected', 'redirected'). */
export function isRedirectLabel(label: IncidentLabel): boolean {
  return /^redirect(ed)?$/i.test(label.labelName.trim());
}
