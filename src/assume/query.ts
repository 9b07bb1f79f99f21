/**
 * The query API an assumption's predicate reads: one scenario and what the implementation observed for it,
 * in the words a SOC engineer uses (alerts by handle, their SecurityAlert rows and connectors, the
 * incidents that hold them, MDC's and Defender XDR's own states, the configuration at any time). Incidents
 * hold an alert by identity: one of the alert's SystemAlertIds in the incident's AlertIds, never by time.
 */
import { applyConfigChange, type Severity, type WorkspaceConfig } from '../../model/config.ts';
import type { Observation, XdrIncidentStatus } from '../../model/observation.ts';
import type { ProfileName } from '../../model/profile.ts';
import { connectorOfRow, incidentsByNumber, latestRow, mdcGuidOfRow } from '../../model/rows.ts';
import type { Scenario } from '../../model/scenario.ts';
import { isRedirectLabel, isXdrProvider } from '../../model/tables.ts';
import { decodeMdcAlertName, iso, parseTime } from '../../model/time.ts';
import type { MdcStatus, Step } from '../../model/timeline.ts';
import { interpret, type ScenarioFacts } from '../../model/world.ts';

export interface AlertView {
  /** The scenario's handle, e.g. 'A1'. */
  handle: string;
  /** The MDC alert name `<reverseTicks>_<GUID>`. */
  name: string;
  subscription: string;
  severity: Severity;
  alertType: string;
  /** ISO-8601 UTC time of the raise. */
  raisedAt: string;
}

export interface AlertRowView {
  /** Index of the row in SecurityAlert (arrival order). */
  index: number;
  systemAlertId: string;
  status: string;
  timeGenerated: string;
  /** Which connector wrote it; null when it cannot be told. */
  connector: 'subscription' | 'tenant' | null;
}

export interface IncidentView {
  number: number;
  /** 'Azure Sentinel' (a rule's) or 'Microsoft XDR' (the XDR connector's). */
  provider: string;
  fromXdr: boolean;
  /** The latest row's Status: 'New', 'Active' or 'Closed'. */
  status: string;
  classification: string;
  /** The latest row's AlertIds. */
  alertIds: string[];
  /** Every SystemAlertId any of its rows listed. */
  everAlertIds: string[];
  /** Closed by Defender XDR as redirected into another incident (a redirect label). */
  redirected: boolean;
  providerIncidentId: string;
  /** ISO time the incident was created in Sentinel. */
  createdTime: string;
}

export interface XdrIncidentView {
  id: string;
  /** MDC alert handles the incident holds at the end. */
  alerts: string[];
  status: XdrIncidentStatus | undefined;
  redirectIncidentId: string | undefined;
}

export interface Query {
  profile: ProfileName;
  alerts(): AlertView[];
  /** The SecurityAlert rows of one alert, in arrival order. */
  rows(handle: string): AlertRowView[];
  /** Incidents whose latest row holds the alert. */
  incidentsOf(handle: string): IncidentView[];
  /** Incidents any of whose rows ever held the alert. */
  incidentsEverHolding(handle: string): IncidentView[];
  incidents(): IncidentView[];
  /** The alert's status history in Defender for Cloud, oldest first (the first entry is its creation). */
  mdcStatusHistory(handle: string): { time: string; status: MdcStatus }[];
  /** The alert's status in Defender for Cloud at the end. */
  mdcStatus(handle: string): MdcStatus | undefined;
  xdrIncidents(): XdrIncidentView[];
  /** Whether the alert reached Defender XDR. */
  reachedXdr(handle: string): boolean;
  /** The configuration in force at an ISO time (changes at that instant included). */
  configAt(time: string): WorkspaceConfig;
  configAtStart(): WorkspaceConfig;
  configAtEnd(): WorkspaceConfig;
  configAtRaise(handle: string): WorkspaceConfig;
  /** The timeline's steps with their times. */
  steps(): { time: string; step: Step }[];
}

export function queryOf(scenario: Scenario, observation: Observation, profile: ProfileName): Query {
  const facts: ScenarioFacts = interpret(scenario);
  const handleByGuid = new Map(facts.alerts.map((a) => [a.guid, a.alert]));
  const rowsByHandle = new Map<string, AlertRowView[]>();
  observation.SecurityAlert.forEach((row, index) => {
    const guid = mdcGuidOfRow(row);
    const handle = guid === null ? undefined : handleByGuid.get(guid);
    if (handle === undefined) return;
    const list = rowsByHandle.get(handle) ?? [];
    list.push({
      index,
      systemAlertId: row.SystemAlertId,
      status: row.Status,
      timeGenerated: row.TimeGenerated,
      connector: connectorOfRow(row),
    });
    rowsByHandle.set(handle, list);
  });
  const incidents: IncidentView[] = [];
  for (const [number, group] of incidentsByNumber(observation.SecurityIncident)) {
    const latest = latestRow(group)?.row;
    if (!latest) continue;
    incidents.push({
      number,
      provider: latest.ProviderName,
      fromXdr: isXdrProvider(latest.ProviderName),
      status: latest.Status,
      classification: latest.Classification,
      alertIds: [...latest.AlertIds],
      everAlertIds: [...new Set(group.flatMap((g) => g.row.AlertIds))],
      redirected: latest.Status === 'Closed' && latest.Labels.some(isRedirectLabel),
      providerIncidentId: latest.ProviderIncidentId,
      createdTime: group[0]?.row.CreatedTime ?? latest.CreatedTime,
    });
  }
  const idsOf = (handle: string) => new Set((rowsByHandle.get(handle) ?? []).map((r) => r.systemAlertId));
  const alert = (handle: string) => {
    const a = facts.alertByHandle.get(handle);
    if (!a) throw new Error(`no alert ${handle} in this scenario`);
    return a;
  };
  // By the GUID of the MDC alert name: the name's time half is the implementation's (quirks may shift it).
  const mdcAlert = (handle: string) => {
    const guid = alert(handle).guid;
    return observation.mdc.alerts.find((m) => decodeMdcAlertName(m.name)?.guid === guid);
  };
  const configAtMs = (ms: number): WorkspaceConfig => {
    let config = scenario.config;
    for (const s of facts.steps) {
      if (s.at > ms) break;
      if (s.step.type === 'config-changed') config = applyConfigChange(config, s.step.change);
    }
    return config;
  };
  return {
    profile,
    alerts: () =>
      facts.alerts.map((a) => ({
        handle: a.alert,
        name: a.name,
        subscription: a.subscription,
        severity: a.severity,
        alertType: a.alertType,
        raisedAt: iso(a.raisedAt),
      })),
    rows: (handle) => [...(rowsByHandle.get(handle) ?? [])],
    incidentsOf: (handle) => {
      const ids = idsOf(handle);
      return incidents.filter((i) => i.alertIds.some((id) => ids.has(id)));
    },
    incidentsEverHolding: (handle) => {
      const ids = idsOf(handle);
      return incidents.filter((i) => i.everAlertIds.some((id) => ids.has(id)));
    },
    incidents: () => [...incidents],
    mdcStatusHistory: (handle) => [...(mdcAlert(handle)?.statusHistory ?? [])],
    mdcStatus: (handle) => mdcAlert(handle)?.statusHistory.at(-1)?.status,
    xdrIncidents: () =>
      observation.xdr.incidents.map((i) => ({
        id: i.id,
        alerts: i.alertNames.map((n) => handleByGuid.get(decodeMdcAlertName(n)?.guid ?? '') ?? n),
        status: i.statusHistory.at(-1)?.status,
        redirectIncidentId: i.redirectIncidentId,
      })),
    reachedXdr: (handle) => alert(handle).reachedXdr,
    configAt: (time) => configAtMs(parseTime(time)),
    configAtStart: () => scenario.config,
    configAtEnd: () => facts.finalConfig,
    configAtRaise: (handle) => facts.steps[alert(handle).stepIndex]?.config ?? scenario.config,
    steps: () => facts.steps.map((s) => ({ time: iso(s.at), step: s.step })),
  };
}
