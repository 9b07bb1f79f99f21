/**
 * Helpers to read the tables as the model thinks of them: which MDC alert a SecurityAlert row belongs to
 * (by the GUID of the MDC alert name in VendorOriginalId, or in SystemAlertId for older rows), which
 * connector wrote it, and incidents as sequences of rows per IncidentNumber.
 */
import { isMdcPortalLink, isXdrLink } from './links.ts';
import type { AlertConnector, AlertStatus, SecurityAlertRow, SecurityIncidentRow } from './tables.ts';
import { decodeMdcAlertName, parseTime } from './time.ts';
import type { MdcStatus } from './timeline.ts';
import type { AlertFact, ScenarioFacts } from './world.ts';

/** ASSUME-STATUS-MAP: how an MDC status appears in SecurityAlert.Status. */
export function sentinelStatusOf(status: MdcStatus): AlertStatus {
  return status === 'Active' ? 'New' : status;
}

/** The MDC alert name a row carries, if any. */
export function mdcNameOfRow(row: SecurityAlertRow): string | null {
  if (decodeMdcAlertName(row.VendorOriginalId)) return row.VendorOriginalId;
  if (decodeMdcAlertName(row.SystemAlertId)) return row.SystemAlertId;
  return null;
}

/** The GUID of the MDC alert a row belongs to, if it is an MDC row. */
export function mdcGuidOfRow(row: SecurityAlertRow): string | null {
  const name = mdcNameOfRow(row);
  return name ? (decodeMdcAlertName(name)?.guid ?? null) : null;
}

export function alertOfRow(facts: ScenarioFacts, row: SecurityAlertRow): AlertFact | undefined {
  const guid = mdcGuidOfRow(row);
  return guid === null ? undefined : facts.alerts.find((a) => a.guid === guid);
}

/** The connector of a row: the protocol annotation when present, else read from AlertLink. */
export function connectorOfRow(row: SecurityAlertRow): AlertConnector | null {
  if (row._Connector) return row._Connector;
  if (isMdcPortalLink(row.AlertLink)) return 'subscription';
  if (isXdrLink(row.AlertLink)) return 'tenant';
  return null;
}

export interface IndexedAlertRow {
  readonly index: number;
  readonly row: SecurityAlertRow;
  readonly time: number;
}

export interface IndexedIncidentRow {
  readonly index: number;
  readonly row: SecurityIncidentRow;
  readonly time: number;
}

/** Incident rows grouped by IncidentNumber, each group in append order. */
export function incidentsByNumber(rows: readonly SecurityIncidentRow[]): Map<number, IndexedIncidentRow[]> {
  const out = new Map<number, IndexedIncidentRow[]>();
  rows.forEach((row, index) => {
    const group = out.get(row.IncidentNumber) ?? [];
    group.push({ index, row, time: parseTime(row.LastModifiedTime) });
    out.set(row.IncidentNumber, group);
  });
  return out;
}

/** The latest row of an incident (by LastModifiedTime, append order breaking ties). */
export function latestRow(group: readonly IndexedIncidentRow[]): IndexedIncidentRow | undefined {
  let best: IndexedIncidentRow | undefined;
  for (const entry of group) if (!best || entry.time >= best.time) best = entry;
  return best;
}
