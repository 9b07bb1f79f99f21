/**
 * The SecurityIncident half of a trace check. An incident is a sequence of rows under one IncidentNumber
 * (append-only: DOC-INCIDENT-APPEND-ONLY); its current state is its latest row by LastModifiedTime. Per
 * incident, the ledger keeps its identity (IncidentName, CreatedTime), a few numbers per row (times, file
 * row, status, redirect label), the AlertIds its latest row holds and every AlertId it ever held. Incident
 * tables are far smaller than alert tables; nothing here keeps a row's text.
 *
 * Rule incidents: a Microsoft incident creation rule makes an 'Azure Sentinel' incident holding one alert.
 * 'Azure Sentinel' incidents holding several alerts (Fusion, scheduled rules grouping alerts) are not theirs
 * and are left out of the one-incident checks. XDR incidents carry an XDR provider name (model/tables.ts).
 */
import {
  RULE_DELAY_MAX_MS,
  TIME_TOLERANCE_MS,
  XDR_INCIDENT_CREATE_DELAY_MAX_MS,
  XDR_INCIDENT_DELAY_MAX_MS,
  XDR_INGEST_DELAY_MAX_MS,
  XDR_SYNC_DELAY_MAX_MS,
} from '../../model/assumptions.ts';
import { MDC_PRODUCT, ruleMatches, type WorkspaceConfig } from '../../model/config.ts';
import {
  isRedirectLabel,
  isSentinelProvider,
  isXdrProvider,
  type SecurityIncidentRow,
} from '../../model/tables.ts';
import type { AlertLedger } from './alerts.ts';
import { isoMs } from './compact.ts';
import { WitnessList, type WitnessRow } from './verdict.ts';

const TOL = TIME_TOLERANCE_MS;

/**
 * How long after an MDC alert's raise (so after its first row) its XDR incident may still reach Sentinel:
 * XDR ingests the alert (ASSUME-XDR-INGEST-DELAY), creates its incident (ASSUME-XDR-INCIDENT-CREATE-DELAY),
 * and the XDR connector brings it (ASSUME-XDR-INCIDENT-DELAY). A rule incident comes within
 * ASSUME-RULE-DELAY of the row.
 */
export const XDR_INCIDENT_REACH_MS =
  XDR_INGEST_DELAY_MAX_MS + XDR_INCIDENT_CREATE_DELAY_MAX_MS + XDR_INCIDENT_DELAY_MAX_MS;

const OTHER = 0;
const SENTINEL = 1;
const XDR = 2;

function providerOf(name: string): number {
  if (isXdrProvider(name)) return XDR;
  if (isSentinelProvider(name)) return SENTINEL;
  return OTHER;
}

/** Row fields kept per incident row, flattened: [time, lastModified, generated, fileRow, flags]. */
const STRIDE = 5;
const CLOSED = 1;
const REDIRECTED = 2;

interface Incident {
  number: number;
  name: string;
  nameRow: number;
  created: number;
  createdRow: number;
  /** Whether an identity violation was already reported for it. */
  reported: boolean;
  rows: number[];
  /** The latest row by LastModifiedTime (then TimeGenerated, then file order). */
  latestLm: number;
  latestTime: number;
  latestRow: number;
  latestProvider: number;
  latestClosed: boolean;
  latestRedirected: boolean;
  latestIds: string[];
  /** Every AlertId of every row. */
  ever: Set<string>;
  /** For each AlertId, the time and file row of the earliest row (by time) that lists it. */
  seenAt: Map<string, number>;
  seenRow: Map<string, number>;
  /** Whether any row carries an XDR provider name. */
  xdrRows: boolean;
  /** The earliest row by time, and the AlertIds of the earliest row that holds any. */
  earliestTime: number;
  earliestRow: number;
  firstIdsTime: number;
  firstIds: string[];
}

export interface IncidentTallies {
  appendOnly: { situations: number; multiRow: number; found: WitnessList };
  ruleOne: { situations: number; found: WitnessList; grouped: number };
  rulesOne: { situations: number; found: WitnessList };
  /**
   * tooRecent: labelled incidents whose taking incident may still arrive; unlabelledRecent: incidents closed
   * without the tag as another took their alert, whose tag may still arrive; openRecent: alerts two open XDR
   * incidents hold, whose redirect may still arrive. None of them is a situation judged.
   */
  redirect: {
    situations: number;
    found: WitnessList;
    tooRecent: number;
    unlabelledRecent: number;
    openRecent: number;
  };
  noMergeClosed: { situations: number; found: WitnessList };
  beforeAlert: { situations: number; seen: WitnessList; outside: number };
  duplicates: { situations: number; found: WitnessList; tooRecent: number; applies: boolean };
  empty: { situations: number; found: WitnessList; applies: boolean };
  ruleRequired: { situations: number; found: WitnessList; applies: boolean };
  productFilter: { situations: number; found: WitnessList };
  noAlertsNoIncidents: { situations: number; found: WitnessList; applies: boolean };
}

export class IncidentLedger {
  rows = 0;
  /** The exported time range (TimeGenerated, else LastModifiedTime). */
  start = Number.POSITIVE_INFINITY;
  end = Number.NEGATIVE_INFINITY;
  private readonly incidents = new Map<number, Incident>();
  private readonly owners = new Map<string, number>();
  readonly tallies: IncidentTallies = {
    appendOnly: { situations: 0, multiRow: 0, found: new WitnessList() },
    ruleOne: { situations: 0, found: new WitnessList(), grouped: 0 },
    rulesOne: { situations: 0, found: new WitnessList() },
    redirect: { situations: 0, found: new WitnessList(), tooRecent: 0, unlabelledRecent: 0, openRecent: 0 },
    noMergeClosed: { situations: 0, found: new WitnessList() },
    beforeAlert: { situations: 0, seen: new WitnessList(), outside: 0 },
    duplicates: { situations: 0, found: new WitnessList(), tooRecent: 0, applies: false },
    empty: { situations: 0, found: new WitnessList(), applies: false },
    ruleRequired: { situations: 0, found: new WitnessList(), applies: false },
    productFilter: { situations: 0, found: new WitnessList() },
    noAlertsNoIncidents: { situations: 0, found: new WitnessList(), applies: false },
  };

  constructor(readonly file: string) {}

  get count(): number {
    return this.incidents.size;
  }

  private ref(fileRow: number, number: number, systemAlertId?: string): WitnessRow {
    return {
      table: 'SecurityIncident',
      file: this.file,
      fileRow,
      incidentNumber: number,
      ...(systemAlertId === undefined ? {} : { systemAlertId }),
    };
  }

  add(row: SecurityIncidentRow, fileRow: number): void {
    this.rows += 1;
    const lm = isoMs(row.LastModifiedTime);
    const generated = isoMs(row.TimeGenerated);
    const time = Number.isNaN(generated) ? lm : generated;
    if (time < this.start) this.start = time;
    if (time > this.end) this.end = time;
    const provider = providerOf(row.ProviderName);
    const closed = row.Status === 'Closed';
    const redirected = row.Labels.some(isRedirectLabel);
    const number = row.IncidentNumber;
    let incident = this.incidents.get(number);
    if (incident === undefined) {
      incident = {
        number,
        name: row.IncidentName,
        nameRow: fileRow,
        created: isoMs(row.CreatedTime),
        createdRow: fileRow,
        reported: false,
        rows: [],
        latestLm: Number.NEGATIVE_INFINITY,
        latestTime: Number.NEGATIVE_INFINITY,
        latestRow: fileRow,
        latestProvider: provider,
        latestClosed: closed,
        latestRedirected: redirected,
        latestIds: row.AlertIds,
        ever: new Set(),
        seenAt: new Map(),
        seenRow: new Map(),
        xdrRows: false,
        earliestTime: Number.POSITIVE_INFINITY,
        earliestRow: fileRow,
        firstIdsTime: Number.POSITIVE_INFINITY,
        firstIds: [],
      };
      this.incidents.set(number, incident);
    } else {
      this.checkIdentity(incident, row, fileRow);
    }
    if (row.IncidentName !== '') {
      const owner = this.owners.get(row.IncidentName);
      if (owner === undefined) this.owners.set(row.IncidentName, number);
      else if (owner !== number && !incident.reported) {
        incident.reported = true;
        const other = this.incidents.get(owner);
        this.tallies.appendOnly.found.add('two IncidentNumbers carry one IncidentName', [
          this.ref(other?.nameRow ?? fileRow, owner),
          this.ref(fileRow, number),
        ]);
      }
    }
    incident.rows.push(time, lm, generated, fileRow, (closed ? CLOSED : 0) | (redirected ? REDIRECTED : 0));
    for (const id of row.AlertIds) {
      incident.ever.add(id);
      const seen = incident.seenAt.get(id);
      if (seen === undefined || time < seen) {
        incident.seenAt.set(id, time);
        incident.seenRow.set(id, fileRow);
      }
    }
    if (provider === XDR) incident.xdrRows = true;
    const later =
      lm > incident.latestLm ||
      (lm === incident.latestLm && (time > incident.latestTime || time === incident.latestTime));
    if (later || Number.isNaN(lm)) {
      incident.latestLm = lm;
      incident.latestTime = time;
      incident.latestRow = fileRow;
      incident.latestProvider = provider;
      incident.latestClosed = closed;
      incident.latestRedirected = redirected;
      incident.latestIds = row.AlertIds;
    }
    if (time < incident.earliestTime) {
      incident.earliestTime = time;
      incident.earliestRow = fileRow;
    }
    if (row.AlertIds.length > 0 && time < incident.firstIdsTime) {
      incident.firstIdsTime = time;
      incident.firstIds = row.AlertIds;
    }
  }

  /** IncidentName and CreatedTime never change (reported once per incident). */
  private checkIdentity(incident: Incident, row: SecurityIncidentRow, fileRow: number): void {
    if (incident.reported) return;
    let what: string | null = null;
    let first = incident.nameRow;
    if (row.IncidentName !== incident.name) what = 'IncidentName';
    else {
      const created = isoMs(row.CreatedTime);
      const same =
        (Number.isNaN(created) && Number.isNaN(incident.created)) ||
        Math.abs(created - incident.created) <= TOL;
      if (!same) {
        what = 'CreatedTime';
        first = incident.createdRow;
      }
    }
    if (what === null) return;
    incident.reported = true;
    this.tallies.appendOnly.found.add(`two rows of one incident differ in ${what}, which never changes`, [
      this.ref(first, incident.number),
      this.ref(fileRow, incident.number),
    ]);
  }

  /**
   * Judges what needs every row of every incident (and, given them, the alerts and the configuration).
   */
  finish(alerts: AlertLedger | null, config: WorkspaceConfig | null): void {
    const t = this.tallies;
    const ruleIncidents = new Map<string, Incident>();
    const needed = new Set<string>();
    for (const incident of this.incidents.values()) {
      const rows = sortedRows(incident.rows);
      t.appendOnly.situations += 1;
      if (rows.length >= 2 * STRIDE) t.appendOnly.multiRow += 1;
      if (!incident.reported) this.judgeOrder(incident, rows);
      if (incident.latestRedirected) {
        for (const id of incident.ever) needed.add(id);
        this.judgeNoMergeClosed(incident, rows);
      }
      // Rule incidents: 'Azure Sentinel' holding one alert, judged on the latest row.
      if (incident.latestProvider === SENTINEL) {
        if (incident.latestIds.length > 1) t.ruleOne.grouped += 1;
        else if (incident.latestIds.length === 1) {
          const id = incident.latestIds[0] as string;
          const mdc = alerts?.alertOfId(id) !== undefined;
          const earlier = ruleIncidents.get(id);
          if (earlier === undefined) ruleIncidents.set(id, incident);
          else {
            const rows = [
              this.ref(earlier.latestRow, earlier.number, id),
              this.ref(incident.latestRow, incident.number, id),
            ];
            const message = `two 'Azure Sentinel' incidents hold one alert's SystemAlertId in their latest rows`;
            t.rulesOne.found.add(message, rows);
            if (mdc) t.ruleOne.found.add(message, rows);
          }
        }
      }
      if (alerts) {
        for (const id of incident.ever) {
          const alert = alerts.alertOfId(id);
          if (alert === undefined) continue;
          if (incident.xdrRows) alerts.markHeld(alert, true);
          if (incident.latestProvider === SENTINEL) alerts.markHeld(alert, false);
        }
      }
    }
    t.rulesOne.situations = ruleIncidents.size;
    if (alerts)
      for (const id of ruleIncidents.keys())
        if (alerts.alertOfId(id) !== undefined) t.ruleOne.situations += 1;
    this.judgeRedirects(needed);
    this.judgeTakenAlerts();
    if (alerts) this.judgeBeforeAlert(alerts);
    if (alerts && config) {
      this.judgeDuplicates(alerts, config);
      this.judgeEmpty(alerts, config);
      this.judgeRuleRequired(alerts, config, ruleIncidents);
      this.judgeProductFilter(alerts, config, ruleIncidents);
      this.judgeNoAlertsNoIncidents(alerts, config);
    }
  }

  /**
   * LastModifiedTime's order: a row is modified no later than it is ingested (TimeGenerated) and no earlier
   * than its incident was created. Rows may be ingested out of modification order (a later change can
   * arrive first), but never so far that a row ingested earlier carries a later change: that follows from
   * LastModifiedTime ≤ TimeGenerated, which a row rewritten after its ingestion breaks.
   */
  private judgeOrder(incident: Incident, rows: number[]): void {
    for (let i = 0; i < rows.length; i += STRIDE) {
      const lm = rows[i + 1] as number;
      const generated = rows[i + 2] as number;
      const fileRow = rows[i + 3] as number;
      const afterIngestion = !Number.isNaN(generated) && lm > generated + TOL;
      const beforeCreation = !Number.isNaN(incident.created) && lm < incident.created - TOL;
      if (!afterIngestion && !beforeCreation) continue;
      this.tallies.appendOnly.found.add(
        afterIngestion
          ? 'a row’s LastModifiedTime lies after its TimeGenerated: the row was changed after it was ingested'
          : 'a row’s LastModifiedTime lies before its incident’s CreatedTime',
        [this.ref(fileRow, incident.number)],
      );
      return;
    }
  }

  /** DOC-NO-MERGE-CLOSED: the row before the first redirect row is not one that closed it long before. */
  private judgeNoMergeClosed(incident: Incident, rows: number[]): void {
    const first = rows.findIndex((_, i) => i % STRIDE === 4 && ((rows[i] as number) & REDIRECTED) !== 0);
    if (first < 0) return;
    const at = first - 4;
    if (at === 0) return;
    const t = this.tallies.noMergeClosed;
    t.situations += 1;
    const before = at - STRIDE;
    const closedBefore = ((rows[before + 4] as number) & CLOSED) !== 0;
    const gap = (rows[at] as number) - (rows[before] as number);
    // Closed in Sentinel at c, XDR learns it by c + sync and may correlate until then; the redirect row
    // comes back within another sync (ASSUME-XDR-SYNC-DELAY).
    if (closedBefore && gap > 2 * XDR_SYNC_DELAY_MAX_MS + TOL) {
      t.found.add(
        'the incident was already Closed when Defender XDR redirected it into another (a closed incident is never correlated)',
        [
          this.ref(rows[before + 3] as number, incident.number),
          this.ref(rows[at + 3] as number, incident.number),
        ],
      );
    }
  }

  /**
   * XDR-REDIRECT: a redirected incident is Closed, and its alerts are held by another incident; and once
   * XDR correlated two incidents, no alert stays in two open XDR incidents (the others are closed).
   */
  private judgeRedirects(needed: Set<string>): void {
    const t = this.tallies.redirect;
    const openHolder = new Map<string, Incident>();
    // Open XDR incidents whose latest row lies within a sync of the export's end: the redirect closing one of
    // two that hold an alert may still come (ASSUME-XDR-SYNC-DELAY), so such a pair is not judged.
    const recent: Incident[] = [];
    for (const incident of this.incidents.values()) {
      if (incident.latestProvider !== XDR || incident.latestClosed) continue;
      if (incident.latestTime + XDR_SYNC_DELAY_MAX_MS + TOL > this.end) {
        recent.push(incident);
        continue;
      }
      for (const id of incident.latestIds) {
        const other = openHolder.get(id);
        if (other === undefined) {
          openHolder.set(id, incident);
          continue;
        }
        t.situations += 1;
        t.found.add(
          'two open XDR incidents hold one alert in their latest rows: when XDR correlates incidents, all but the one holding the alerts are closed',
          [this.ref(other.latestRow, other.number, id), this.ref(incident.latestRow, incident.number, id)],
        );
        break;
      }
    }
    const open = new Map<string, number>(Array.from(openHolder, ([id, holder]) => [id, holder.number]));
    for (const incident of recent) {
      const shared = incident.latestIds.some((id) => {
        const other = open.get(id);
        return other !== undefined && other !== incident.number;
      });
      if (shared) t.openRecent += 1;
      for (const id of incident.latestIds) if (!open.has(id)) open.set(id, incident.number);
    }
    const holders = new Map<string, number>();
    for (const incident of this.incidents.values()) {
      if (incident.latestRedirected) continue;
      for (const id of incident.latestIds)
        if (needed.has(id) && !holders.has(id)) holders.set(id, incident.number);
    }
    for (const incident of this.incidents.values()) {
      if (!incident.latestRedirected) continue;
      if (!incident.latestClosed) {
        t.situations += 1;
        t.found.add('an incident labelled Redirected is not Closed in its latest row', [
          this.ref(incident.latestRow, incident.number),
        ]);
        continue;
      }
      const orphan = [...incident.ever].find((id) => !holders.has(id));
      // The incident that took its alerts may still come within a sync: not a situation judged.
      if (orphan !== undefined && incident.latestTime + XDR_SYNC_DELAY_MAX_MS + TOL > this.end) {
        t.tooRecent += 1;
        continue;
      }
      t.situations += 1;
      if (orphan === undefined) continue;
      t.found.add(
        'an alert of an incident Defender XDR redirected is held by no other incident (latest rows): the incident that took its alerts is missing',
        [this.ref(incident.latestRow, incident.number, orphan)],
      );
    }
  }

  /**
   * An XDR incident closed without the Redirected tag whose alert another XDR incident takes afterwards.
   * Only correlation moves an alert between XDR incidents, and it redirects the incident it takes the alert
   * from: so if the close came about when the alert was taken, the Redirected tag is missing (XDR-REDIRECT);
   * if it came long before, XDR correlated an incident it had closed (DOC-NO-MERGE-CLOSED). A redirect lands
   * within a sync of the merge, the taking incident's row within a sync (or the XDR connector's delay, for a
   * new incident), and an incident closed in Sentinel may be correlated until XDR learns of it, a sync later
   * (ASSUME-XDR-SYNC-DELAY, ASSUME-XDR-INCIDENT-DELAY).
   */
  private judgeTakenAlerts(): void {
    const reach = XDR_SYNC_DELAY_MAX_MS + Math.max(XDR_SYNC_DELAY_MAX_MS, XDR_INCIDENT_DELAY_MAX_MS) + TOL;
    const xdr = [...this.incidents.values()].filter((i) => i.xdrRows);
    const byId = new Map<string, Incident[]>();
    for (const incident of xdr) {
      for (const id of incident.ever) {
        const list = byId.get(id);
        if (list) list.push(incident);
        else byId.set(id, [incident]);
      }
    }
    for (const incident of xdr) {
      if (!incident.latestClosed) continue;
      const rows = sortedRows(incident.rows);
      let labelled = false;
      let closedAt = -1;
      for (let i = 0; i < rows.length; i += STRIDE) {
        const flags = rows[i + 4] as number;
        if ((flags & REDIRECTED) !== 0) labelled = true;
        if (closedAt < 0 && (flags & CLOSED) !== 0) closedAt = i;
      }
      if (labelled || closedAt < 0) continue;
      const closeTime = rows[closedAt] as number;
      const closeRow = rows[closedAt + 3] as number;
      // The first other XDR incident to take one of its alerts after it held it.
      let taker: { incident: Incident; id: string; at: number; row: number } | undefined;
      for (const id of incident.ever) {
        const held = incident.seenAt.get(id) as number;
        for (const other of byId.get(id) ?? []) {
          if (other === incident) continue;
          const at = other.seenAt.get(id) as number;
          if (!(at > held + TOL) || (taker && taker.at <= at)) continue;
          taker = { incident: other, id, at, row: other.seenRow.get(id) as number };
        }
      }
      if (taker === undefined) continue;
      const witness = [
        this.ref(closeRow, incident.number, taker.id),
        this.ref(taker.row, taker.incident.number, taker.id),
      ];
      if (closeTime >= taker.at - reach) {
        const t = this.tallies.redirect;
        // The Redirected tag may still come in a later row, within a sync of the merge.
        if (taker.at + XDR_SYNC_DELAY_MAX_MS + TOL > this.end) {
          t.unlabelledRecent += 1;
          continue;
        }
        t.situations += 1;
        t.found.add(
          'an XDR incident was Closed without the Redirected tag when another XDR incident took its alert: XDR correlated it, so it should be marked Redirected',
          witness,
        );
      } else {
        const t = this.tallies.noMergeClosed;
        t.situations += 1;
        t.found.add(
          'another XDR incident took the alert of an incident closed long before (a closed incident is never correlated)',
          witness,
        );
      }
    }
  }

  /** Q-INCIDENT-BEFORE-ALERT: an XDR incident's first row precedes every SecurityAlert row of its own alert. */
  private judgeBeforeAlert(alerts: AlertLedger): void {
    const t = this.tallies.beforeAlert;
    for (const incident of this.incidents.values()) {
      if (!incident.xdrRows) continue;
      for (const id of incident.firstIds) {
        const alert = alerts.alertOfId(id);
        if (alert === undefined) continue;
        if (incident.earliestTime < alerts.start) {
          t.outside += 1;
          continue;
        }
        t.situations += 1;
        const first = alerts.firstTimeOf(alert);
        if (incident.earliestTime < first - TOL) {
          const gap = Math.round((first - incident.earliestTime) / 1000);
          t.seen.add(
            `the XDR incident reached Sentinel ${gap} s before the first SecurityAlert row of its alert`,
            [this.ref(incident.earliestRow, incident.number, id), alerts.firstRef(alert)],
          );
        }
      }
    }
  }

  /** XDR-DUPLICATE-INCIDENTS: with a rule on top of the XDR connector, an MDC alert gets both incidents. */
  private judgeDuplicates(alerts: AlertLedger, config: WorkspaceConfig): void {
    const t = this.tallies.duplicates;
    t.applies =
      config.xdrConnector && config.xdrMdcSetting === 'All alerts' && config.incidentRules.length > 0;
    if (!t.applies) return;
    const margin = Math.max(XDR_INCIDENT_REACH_MS, RULE_DELAY_MAX_MS) + TOL;
    for (let a = 0; a < alerts.alerts; a++) {
      const severity = alerts.severityOf(a);
      if (severity === null || severity === 'Informational') continue;
      if (!config.incidentRules.some((rule) => ruleMatches(rule, MDC_PRODUCT, severity))) continue;
      const first = alerts.firstTimeOf(a);
      const xdr = alerts.heldByXdr(a);
      const sentinel = alerts.heldBySentinel(a);
      // Both incidents in the export are evidence wherever they lie; one missing is undecidable when it may
      // lie outside the incidents export.
      if (!(xdr && sentinel) && (first < this.start || first + margin > this.end)) {
        t.tooRecent += 1;
        continue;
      }
      t.situations += 1;
      if (xdr && sentinel) continue;
      const missing =
        !xdr && !sentinel
          ? 'neither an XDR incident nor an Azure Sentinel incident holds it'
          : xdr
            ? 'no Azure Sentinel (rule) incident holds it'
            : 'no XDR incident holds it';
      t.found.addLazy(() => ({
        message: `an MDC alert that a rule matches, with the XDR connector on, should get two incidents: ${missing}`,
        rows: [alerts.firstRef(a)],
      }));
    }
  }

  /** XDR-EMPTY-WITHOUT-MDC-CONNECTOR: with no MDC connector, XDR incidents hold no MDC alert. */
  private judgeEmpty(alerts: AlertLedger, config: WorkspaceConfig): void {
    const t = this.tallies.empty;
    t.applies = config.xdrConnector && config.subscriptionConnector.length === 0 && !config.tenantConnector;
    if (!t.applies) return;
    for (const incident of this.incidents.values()) {
      if (!incident.xdrRows) continue;
      t.situations += 1;
      const held = [...incident.ever].find((id) => alerts.alertOfId(id) !== undefined);
      if (held === undefined) continue;
      t.found.add(
        'with no MDC connector enabled, an XDR incident holds the SystemAlertId of an MDC alert row',
        [this.ref(incident.latestRow, incident.number, held)],
      );
    }
  }

  /** RULE-REQUIRED: with no rule and no XDR connector, no rule incident holds an MDC alert. */
  private judgeRuleRequired(
    alerts: AlertLedger,
    config: WorkspaceConfig,
    rules: Map<string, Incident>,
  ): void {
    const t = this.tallies.ruleRequired;
    t.applies = config.incidentRules.length === 0 && !config.xdrConnector;
    if (!t.applies) return;
    for (let a = 0; a < alerts.alerts; a++) {
      const first = alerts.firstTimeOf(a);
      // An incident holding the alert is judged wherever it lies; none is judged away from the edges only.
      if (!alerts.heldBySentinel(a) && (first < this.start || first + RULE_DELAY_MAX_MS + TOL > this.end))
        continue;
      t.situations += 1;
    }
    for (const [id, incident] of rules) {
      const alert = alerts.alertOfId(id);
      if (alert === undefined) continue;
      t.found.add(
        'with no incident creation rule and no XDR connector, an Azure Sentinel incident holds an MDC alert',
        [this.ref(incident.latestRow, incident.number, id), alerts.firstRef(alert)],
      );
    }
  }

  /** RULE-PRODUCT-FILTER: a rule incident holds only an alert some rule of the configuration matches. */
  private judgeProductFilter(
    alerts: AlertLedger,
    config: WorkspaceConfig,
    rules: Map<string, Incident>,
  ): void {
    const t = this.tallies.productFilter;
    for (const [id, incident] of rules) {
      const alert = alerts.alertOfId(id);
      if (alert === undefined) continue;
      const severity = alerts.severityOf(alert);
      if (severity === null) continue;
      t.situations += 1;
      if (config.incidentRules.some((rule) => ruleMatches(rule, MDC_PRODUCT, severity))) continue;
      t.found.add(
        `an Azure Sentinel incident holds an MDC alert of severity ${severity}, which no incident creation rule of the configuration matches`,
        [this.ref(incident.latestRow, incident.number, id), alerts.firstRef(alert)],
      );
    }
  }

  /** XDR-NO-ALERTS-NO-INCIDENTS: with 'No alerts', no XDR incident holds an MDC alert. */
  private judgeNoAlertsNoIncidents(alerts: AlertLedger, config: WorkspaceConfig): void {
    const t = this.tallies.noAlertsNoIncidents;
    t.applies = config.xdrMdcSetting === 'No alerts';
    if (!t.applies) return;
    for (let a = 0; a < alerts.alerts; a++) {
      const first = alerts.firstTimeOf(a);
      const held = alerts.heldByXdr(a);
      // An XDR incident holding the alert is evidence wherever it lies.
      if (!held && (first < this.start || first + XDR_INCIDENT_DELAY_MAX_MS + TOL > this.end)) continue;
      t.situations += 1;
      if (!held) continue;
      t.found.addLazy(() => ({
        message: "with XDR's MDC setting at 'No alerts', an XDR incident holds an MDC alert",
        rows: [alerts.firstRef(a)],
      }));
    }
  }
}

/** An incident's rows sorted by time, then file row (flattened, STRIDE numbers each). */
function sortedRows(rows: number[]): number[] {
  const count = rows.length / STRIDE;
  if (count <= 1) return rows;
  const order = Array.from({ length: count }, (_, i) => i);
  order.sort(
    (a, b) =>
      (rows[a * STRIDE] as number) - (rows[b * STRIDE] as number) ||
      (rows[a * STRIDE + 3] as number) - (rows[b * STRIDE + 3] as number),
  );
  const out: number[] = [];
  for (const i of order) for (let k = 0; k < STRIDE; k++) out.push(rows[i * STRIDE + k] as number);
  return out;
}
