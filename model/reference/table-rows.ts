/**
 * How the reference simulator writes the two tables' rows: a SecurityAlert row from an MDC alert as one
 * connector sees it, and a SecurityIncident row as a full snapshot of a Sentinel incident (the table is
 * append-only; every change is a new row with fresh arrays).
 */
import { MDC_PRODUCT } from '../config.ts';
import { mdcPortalLink, xdrAlertLink } from '../links.ts';
import { sentinelStatusOf } from '../rows.ts';
import type { AlertConnector, IncidentLabel, SecurityAlertRow, SecurityIncidentRow } from '../tables.ts';
import { iso } from '../time.ts';
import type { MdcStatus } from '../timeline.ts';
import { RESOURCE_GROUP } from './ids.ts';
import type { AlertState, SentinelIncident } from './state.ts';

export const MDC_VENDOR = 'Microsoft';

/** XDR's redirect tag as Sentinel shows it (ASSUME-REDIRECT-LABEL). */
export const REDIRECTED_LABEL: IncidentLabel = { labelName: 'Redirected', labelType: 'AutoAssigned' };

/** The row a connector writes for an alert in `status`, delivered at `at`. */
export function securityAlertRow(
  alert: AlertState,
  connector: AlertConnector,
  status: MdcStatus,
  at: number,
  tenantId: string,
): SecurityAlertRow {
  const startMs = alert.mdcStartMs + (connector === 'subscription' ? alert.nonUtcShiftMs : 0);
  const link =
    connector === 'subscription'
      ? mdcPortalLink(alert.name, alert.subscription, RESOURCE_GROUP)
      : xdrAlertLink(alert.xdrAlertId ?? alert.guid, tenantId);
  const start = iso(startMs);
  return {
    TimeGenerated: iso(at),
    SystemAlertId: alert.systemAlertId,
    VendorOriginalId: alert.name,
    AlertName: alert.displayName,
    AlertSeverity: alert.severity,
    AlertType: alert.alertType,
    ProductName: MDC_PRODUCT,
    ProviderName: MDC_PRODUCT,
    VendorName: MDC_VENDOR,
    AlertLink: link,
    Status: sentinelStatusOf(status),
    StartTime: start,
    EndTime: start,
    ProcessingEndTime: iso(alert.raisedAt),
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
  const time = iso(at);
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
    Labels: incident.labels.map((label) => ({ ...label })),
    AlertIds: [...incident.alertIds],
    CreatedTime: iso(incident.createdAt),
    LastModifiedTime: time,
    ClosedTime: incident.closedAt === null ? '' : iso(incident.closedAt),
    ModifiedBy: modifiedBy,
  };
}
