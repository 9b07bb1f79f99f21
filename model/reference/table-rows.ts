/**
 * How the reference simulator writes the two tables' rows: a SecurityAlert row from an MDC alert as one
 * connector sees it, and a SecurityIncident row as a full snapshot of a Sentinel incident (the table is
 * append-only; every change is a new row with fresh arrays).
 */
import { MDC_PRODUCT } from '../config.ts';
import { mdcPortalLink, xdrAlertLink } from '../links.ts';
import { sentinelStatusOf } from '../rows.ts';
import type { AlertConnector, IncidentLabel, SecurityAlertRow, SecurityIncidentRow } from '../tables.ts';
import type { MdcStatus } from '../timeline.ts';
import { RESOURCE_GROUP } from './ids.ts';
import type { AlertState, SentinelIncident } from './state.ts';
import { isoText } from './time-text.ts';

export const MDC_VENDOR = 'Microsoft';

/** XDR's redirect tag as Sentinel shows it (ASSUME-REDIRECT-LABEL). */
export const REDIRECTED_LABEL: IncidentLabel = { labelName: 'Redirected', labelType: 'AutoAssigned' };

/** What every row of an alert through one connector repeats, worked out once per (alert, connector). */
export interface AlertRowTexts {
  AlertLink: string;
  /** StartTime and EndTime. */
  StartTime: string;
  ProcessingEndTime: string;
}

export function alertRowTexts(alert: AlertState, connector: AlertConnector, tenantId: string): AlertRowTexts {
  const startMs = alert.mdcStartMs + (connector === 'subscription' ? alert.nonUtcShiftMs : 0);
  return {
    AlertLink:
      connector === 'subscription'
        ? mdcPortalLink(alert.name, alert.subscription, RESOURCE_GROUP)
        : xdrAlertLink(alert.xdrAlertId ?? alert.guid, tenantId),
    StartTime: isoText(startMs),
    ProcessingEndTime: isoText(alert.raisedAt),
  };
}

/** The row a connector writes for an alert in `status`, delivered at `at`. */
export function securityAlertRow(
  alert: AlertState,
  connector: AlertConnector,
  status: MdcStatus,
  at: number,
  tenantId: string,
): SecurityAlertRow {
  return alertRowWith(alertRowTexts(alert, connector, tenantId), alert, connector, status, isoText(at));
}

/** securityAlertRow with the texts of the alert's rows through the connector given (alertRowTexts). */
export function alertRowWith(
  texts: AlertRowTexts,
  alert: AlertState,
  connector: AlertConnector,
  status: MdcStatus,
  timeGenerated: string,
): SecurityAlertRow {
  return {
    TimeGenerated: timeGenerated,
    SystemAlertId: alert.systemAlertId,
    VendorOriginalId: alert.name,
    AlertName: alert.displayName,
    AlertSeverity: alert.severity,
    AlertType: alert.alertType,
    ProductName: MDC_PRODUCT,
    ProviderName: MDC_PRODUCT,
    VendorName: MDC_VENDOR,
    AlertLink: texts.AlertLink,
    Status: sentinelStatusOf(status),
    StartTime: texts.StartTime,
    EndTime: texts.StartTime,
    ProcessingEndTime: texts.ProcessingEndTime,
    ResourceId: alert.resourceId,
    _Connector: connector,
  };
}

/** A full row of a Sentinel incident's current state, modified at `at` by `modifiedBy`. */
export function securityIncidentRow(
  incident: SentinelIncident,
  at: number,
  modifiedBy: string,
): SecurityIncidentRow {
  const time = isoText(at);
  // Fresh arrays (and labels): a row is a snapshot, later changes to the incident must not reach it.
  const labels: IncidentLabel[] = [];
  for (const label of incident.labels) labels.push({ ...label });
  return {
    TimeGenerated: time,
    IncidentName: incident.name,
    IncidentNumber: incident.number,
    Title: incident.title,
    Severity: incident.severity,
    Status: incident.status,
    Classification: incident.classification,
    ProviderName: incident.provider,
    ProviderIncidentId: incident.providerIncidentId,
    Labels: labels,
    AlertIds: incident.alertIds.slice(),
    CreatedTime: isoText(incident.createdAt),
    LastModifiedTime: time,
    ClosedTime: incident.closedAt === null ? '' : isoText(incident.closedAt),
    ModifiedBy: modifiedBy,
  };
}
