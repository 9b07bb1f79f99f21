/**
 * The reference simulator's state record: the world as it stands at the current clock (configuration,
 * subscriptions), MDC's alerts, Defender XDR's incidents, Sentinel's incidents, and the two tables as
 * written so far. Handlers mutate it; nothing outside the simulator sees it.
 */
import type { Severity, WorkspaceConfig } from '../config.ts';
import type { XdrIncidentStatus } from '../observation.ts';
import type {
  AlertConnector,
  IncidentLabel,
  IncidentStatus,
  SecurityAlertRow,
  SecurityIncidentRow,
} from '../tables.ts';
import type { IncidentProviderRef, MdcStatus } from '../timeline.ts';
import type { AlertSchedule } from './schedule.ts';

export interface AlertState {
  /** The scenario's handle, e.g. 'A1'. */
  handle: string;
  guid: string;
  /** Raise order (0-based): the index into the schedule. */
  index: number;
  /** The MDC alert name `<reverseTicks>_<guid>` (shifted start under Q-FUTURE-TIME). */
  name: string;
  subscription: string;
  severity: Severity;
  alertType: string;
  displayName: string;
  resourceId: string;
  systemAlertId: string;
  raisedAt: number;
  /** StartTime/EndTime as MDC reports them (raise time, or later under Q-FUTURE-TIME). */
  mdcStartMs: number;
  /** Q-NON-UTC-STARTTIME: how far subscription-connector rows shift StartTime/EndTime (0 when not). */
  nonUtcShiftMs: number;
  schedule: AlertSchedule;
  /** Defender XDR's alert ID once XDR has ingested the alert (ASSUME-XDR-INGEST-DELAY), else null. */
  xdrAlertId: string | null;
  /** When XDR ingested it (null while it has not, or never will). */
  xdrIngestedAt: number | null;
  status: MdcStatus;
  history: { at: number; status: MdcStatus }[];
  /** The status of each connector's latest own row of the alert (repeats aside). */
  lastRowStatus: Partial<Record<AlertConnector, MdcStatus>>;
  /** Whether any row of the alert is in SecurityAlert. */
  hasRow: boolean;
  /** When the first row of a connector that took the raise is due (null when none took it). */
  firstScheduledRowAt: number | null;
  /** The open-or-closed XDR incident holding the alert now. */
  xdrIncidentId: string | null;
}

export interface XdrIncident {
  id: string;
  createdAt: number;
  title: string;
  severity: Severity;
  /** Handles of the alerts it holds now. */
  alerts: string[];
  status: XdrIncidentStatus;
  history: { at: number; status: XdrIncidentStatus }[];
  redirectTo: string | null;
  /** Created while the XDR connector was on, so it reaches Sentinel (ASSUME-XDR-CONNECTOR-NEW-INCIDENTS). */
  mirrored: boolean;
  /** The Sentinel incident number once it has arrived. */
  sentinelNumber: number | null;
}

/** A Sentinel incident's current state: its latest row, as fields. */
export interface SentinelIncident {
  number: number;
  name: string;
  provider: IncidentProviderRef;
  providerIncidentId: string;
  createdAt: number;
  title: string;
  severity: string;
  status: IncidentStatus;
  classification: string;
  closedAt: number | null;
  labels: IncidentLabel[];
  alertIds: string[];
}

export interface SimState {
  /** The tenant's ID (Defender XDR links, incident names). */
  tenantId: string;
  clock: number;
  config: WorkspaceConfig;
  subscriptions: string[];
  /** Alerts by handle, in raise order. */
  alerts: Map<string, AlertState>;
  /** XDR incidents by ID, in creation order. */
  xdrIncidents: Map<string, XdrIncident>;
  nextXdrIncidentId: number;
  /** Sentinel incidents; incident number n is at index n − 1. */
  incidents: SentinelIncident[];
  /** The rule incident of each alert, by handle (ProviderName 'Azure Sentinel'). */
  ruleIncidentOf: Map<string, number>;
  /** Alerts whose rule incident is scheduled but not yet created. */
  ruleIncidentPending: Set<string>;
  alertRows: SecurityAlertRow[];
  incidentRows: SecurityIncidentRow[];
}

/** Defender XDR's first incident ID; later ones count up. */
export const FIRST_XDR_INCIDENT_ID = 5001;

export function initialState(tenantId: string, startMs: number, config: WorkspaceConfig): SimState {
  return {
    tenantId,
    clock: startMs,
    config,
    subscriptions: [...config.subscriptions],
    alerts: new Map(),
    xdrIncidents: new Map(),
    nextXdrIncidentId: FIRST_XDR_INCIDENT_ID,
    incidents: [],
    ruleIncidentOf: new Map(),
    ruleIncidentPending: new Set(),
    alertRows: [],
    incidentRows: [],
  };
}

export function alertOf(state: SimState, handle: string): AlertState {
  const alert = state.alerts.get(handle);
  if (!alert) throw new Error(`internal: no alert '${handle}'`);
  return alert;
}

export function xdrIncidentOf(state: SimState, id: string): XdrIncident {
  const incident = state.xdrIncidents.get(id);
  if (!incident) throw new Error(`internal: no XDR incident '${id}'`);
  return incident;
}

export function sentinelIncidentOf(state: SimState, number: number): SentinelIncident {
  const incident = state.incidents[number - 1];
  if (!incident) throw new Error(`internal: no Sentinel incident ${number}`);
  return incident;
}

export function isXdrIncidentOpen(incident: XdrIncident): boolean {
  return incident.status === 'active' || incident.status === 'inProgress';
}
