/**
 * From the two ledgers (alerts.ts, incidents.ts), the readers' summaries and the declared configuration to
 * one verdict per behaviour of the catalogue, in its order. A behaviour is judged when the tables (and the
 * configuration, where it depends on one) can decide it; otherwise it is undecidable with the reason: a
 * column the export lacks, no configuration or no incidents export given, a trace too short, or nothing an
 * export of the two tables could show (NOT_IN_TABLES).
 */
import type { WorkspaceConfig } from '../../model/config.ts';
import { adviceBehaviours } from '../../model/invariants/advice.ts';
import { CATALOGUE } from '../../model/spec/catalogue.ts';
import type { TraceSummary } from '../trace/index.ts';
import { type AlertLedger, LINK_NONE } from './alerts.ts';
import { type IncidentLedger, XDR_INCIDENT_REACH_MS } from './incidents.ts';
import {
  mustVerdict,
  plural,
  quirkVerdict,
  type TraceVerdict,
  type TraceWitness,
  type UndecidableCause,
  undecidable,
  type WitnessList,
  type WitnessRow,
} from './verdict.ts';

export interface TraceCheckInputs {
  alerts: { ledger: AlertLedger; summary: TraceSummary };
  incidents: { ledger: IncidentLedger; summary: TraceSummary } | null;
  config: WorkspaceConfig | null;
}

/** Why the behaviours no export of the two tables can decide are undecidable. */
export const NOT_IN_TABLES: Readonly<Record<string, string>> = {
  'ALERT-APPEND-ONLY':
    'a row changed or removed after it was written leaves no trace in one export: it needs two exports of one time range taken apart, or the MDC portal’s status history to compare each row with',
  'SUB-FORWARDS':
    'which alerts MDC raised is not in the tables: finding an alert that never arrived needs the MDC portal’s alert list',
  'SUB-NO-INCIDENT':
    'an incident row does not say which component created it, so a connector creating one cannot be told from a rule doing so',
  'SUB-MDC-CHANGE-NOT-TO-INCIDENT':
    'needs to know which status changes were made in MDC (the MDC portal’s status history): the tables do not say who changed an alert',
  'SUB-SYNC-INCIDENT-TO-MDC':
    'whether the MDC alert took the incident’s closure is MDC’s state: it needs the MDC portal’s status history',
  'SUB-NO-SYNC':
    'needs the MDC portal’s status history and who changed each incident: the tables do not say whether an MDC change came from an incident',
  'RULE-FIRST-ARRIVAL':
    'an incident row does not name the SecurityAlert row it was made from, and an alert’s rows share Title and Severity',
  'RULE-ANY-CONNECTOR':
    'an incident row does not name the SecurityAlert row (so the connector) it was made from',
  'TEN-SCOPE':
    'which alerts MDC raised per subscription is not in the tables: it needs the MDC portal’s alert list',
  'TEN-NO-INCIDENT':
    'an incident row does not say which component created it, so a connector creating one cannot be told from a rule doing so',
  'TEN-MIRRORS-MDC': 'needs the MDC portal’s status history: which changes were made in MDC',
  'TEN-NO-SYNC':
    'needs who changed each incident and the MDC portal’s status history: the tables do not say where a change came from',
  'TEN-LATEST-STATUS':
    'needs the MDC portal’s status history: the status MDC held when the tenant connector forwarded the alert',
  'XDR-SETTING-NO-ALERTS':
    'needs Defender XDR’s own alert and incident lists: what XDR holds is not in Sentinel’s tables',
  'XDR-ALL-ALERTS-NO-TENANT': 'needs Defender XDR’s alert list: what XDR holds is not in Sentinel’s tables',
  'BOTH-SYNC-APPLIES':
    'needs the MDC portal’s status history: whether closing the incident closed the MDC alert',
  'XDR-CREATES-INCIDENTS':
    'needs Defender XDR’s incident list to know which incidents should have reached Sentinel',
  'XDR-INCIDENT-SYNC':
    'needs Defender XDR’s incident states and the MDC portal’s status history, and who closed each incident',
  'XDR-ANY-MDC-CONNECTOR':
    'needs Defender XDR’s incident list to know which MDC incidents should have arrived',
  'XDR-ALERT-FROM-MDC-CONNECTOR':
    'needs Defender XDR’s incident list: an XDR incident row without AlertIds does not say which MDC alert it is for',
  'DOC-MERGE-TARGET':
    'trace checks follow the article’s merge variant (XDR-REDIRECT, checked); which incident XDR merged into is Defender XDR’s redirectIncidentId, not in Sentinel’s tables',
};

/** "alerts.csv row 12 (SystemAlertId …)". */
export function describeRow(row: WitnessRow): string {
  const ids = [
    row.incidentNumber === undefined ? null : `IncidentNumber ${row.incidentNumber}`,
    row.systemAlertId === undefined ? null : `SystemAlertId ${row.systemAlertId}`,
  ].filter((part) => part !== null);
  return `${row.file} row ${row.fileRow}${ids.length > 0 ? ` (${ids.join(', ')})` : ''}`;
}

export function describeWitness(witness: TraceWitness): string {
  return `${witness.message}: ${witness.rows.map(describeRow).join(' and ')}`;
}

/** The detail of a violated behaviour: how many, then the first witness. */
function violatedDetail(found: WitnessList, what: string): string {
  const first = found.kept[0];
  return `${plural(found.count, what)} break${found.count === 1 ? 's' : ''} it${first ? `; first: ${describeWitness(first)}` : ''}`;
}

function has(summary: TraceSummary, column: string): boolean {
  return summary.columns.includes(column);
}

function missingColumns(summary: TraceSummary, columns: readonly string[]): string[] {
  return columns.filter((c) => !has(summary, c));
}

function lacks(id: string, summary: TraceSummary, columns: readonly string[]): TraceVerdict | null {
  const missing = missingColumns(summary, columns);
  if (missing.length === 0) return null;
  const names = missing.join(', ');
  return undecidable(
    id,
    'missing-column',
    `the ${summary.table} export (${basename(summary.file)}) has no ${names} column${missing.length > 1 ? 's' : ''}`,
  );
}

function basename(path: string): string {
  return path.split(/[\\/]/).at(-1) ?? path;
}

/** TEN-SLOWER's rate to beat: its minRate in model/invariants/tenant-connector.ts (a test keeps them equal). */
export const TEN_SLOWER_MIN_RATE = 0.5;

/** A typical behaviour is judged on a sample of at least this many situations. */
export const TYPICAL_MIN_SITUATIONS = 20;

const NEEDS_CONFIG = 'it depends on the workspace’s configuration: give --config workspace.json';
const NEEDS_INCIDENTS = 'it is about SecurityIncident: give --incidents with an export of it';

function needs(id: string, cause: UndecidableCause, extra = ''): TraceVerdict {
  const text = cause === 'needs-config' ? NEEDS_CONFIG : NEEDS_INCIDENTS;
  return undecidable(id, cause, `${text}${extra}`);
}

class Judge {
  private readonly a: AlertLedger;
  private readonly as: TraceSummary;

  constructor(private readonly inputs: TraceCheckInputs) {
    this.a = inputs.alerts.ledger;
    this.as = inputs.alerts.summary;
  }

  /** The prerequisite of every MDC-row check: MDC rows, or the column that would carry their names. */
  private mdc(id: string, columns: readonly string[] = []): TraceVerdict | null {
    if (this.a.mdcRows === 0 && !has(this.as, 'VendorOriginalId')) {
      return undecidable(
        id,
        'missing-column',
        `no row carries an MDC alert name in SystemAlertId, and the export has no VendorOriginalId column, where newer rows carry it`,
      );
    }
    return lacks(id, this.as, columns);
  }

  private noMdc(id: string): TraceVerdict | null {
    if (this.a.mdcRows > 0) return null;
    return {
      id,
      status: 'not-exercised',
      detail: `no row of ${basename(this.as.file)} is a Defender for Cloud alert (none carries an MDC alert name)`,
      situations: 0,
      violations: 0,
      witnesses: [],
    };
  }

  private incidents(id: string, columns: readonly string[]): TraceVerdict | null {
    const incidents = this.inputs.incidents;
    if (incidents === null) return needs(id, 'needs-incidents');
    return lacks(id, incidents.summary, columns);
  }

  private configured(id: string): TraceVerdict | null {
    return this.inputs.config === null ? needs(id, 'needs-config') : null;
  }

  private emptyLinks(id: string): TraceVerdict | null {
    const counts = this.a.tallies.links.counts;
    if (this.a.mdcRows === 0 || counts[LINK_NONE] < this.a.mdcRows) return null;
    return undecidable(
      id,
      'empty-column',
      `AlertLink is empty in all ${plural(this.a.mdcRows, 'MDC row')} (older exports leave it empty), so no row says which connector wrote it`,
    );
  }

  // ------------------------------------------------------------------------------------------ alerts

  idStable(): TraceVerdict {
    const id = 'ALERT-ID-STABLE';
    const pre = this.mdc(id) ?? this.noMdc(id);
    if (pre) return pre;
    const a = this.a;
    return mustVerdict(id, a.alerts, a.tallies.idStable, {
      holds:
        `${plural(a.mdcRows, 'MDC row')} grouped by the GUID of their MDC alert name into ${plural(a.alerts, 'alert')} ` +
        `(${a.multiRowAlerts.toLocaleString('en')} with several rows): each carries one SystemAlertId, and no SystemAlertId spans two alerts`,
      violated: violatedDetail(a.tallies.idStable, 'case'),
      none: '',
    });
  }

  statusNewRow(): TraceVerdict {
    const id = 'ALERT-STATUS-NEW-ROW';
    const pre = this.mdc(id, ['Status']) ?? this.noMdc(id);
    if (pre) return pre;
    const a = this.a;
    if (a.statuses.values.length === 1) {
      return undecidable(id, 'empty-column', `Status is empty in all ${plural(a.mdcRows, 'MDC row')}`);
    }
    const t = a.tallies.statusNewRow;
    const judged =
      `${plural(t.changes, 'status change')} through one connector, each a new row with a later TimeGenerated` +
      (this.inputs.config
        ? `; ${plural(t.bothJudged, 'alert')} forwarded by both connectors end with one status in both`
        : '');
    const unjudged =
      (t.ties > 0
        ? `; ${plural(t.ties, 'change')} stamped with the same TimeGenerated as the row before, which the table cannot order`
        : '') +
      (t.tooRecent > 0
        ? `; ${plural(t.tooRecent, 'alert')} whose two connectors’ latest rows disagree too close to the export’s end to say whether they caught up`
        : '') +
      '. Whether every change made in MDC reached the table needs the MDC portal’s status history.';
    if (t.found.count > 0) {
      return {
        id,
        status: 'violated',
        detail: violatedDetail(t.found, 'alert'),
        situations: t.changes + t.bothJudged,
        violations: t.found.count,
        witnesses: t.found.kept,
      };
    }
    if (t.disagreeUnjudged > 0) {
      return undecidable(
        id,
        'needs-config',
        `${judged}; but the two connectors’ latest rows of ${plural(t.disagreeUnjudged, 'alert')} disagree on the status, which breaks it only if both connectors kept forwarding those alerts: give --config workspace.json${unjudged}`,
      );
    }
    if (t.changes + t.bothJudged === 0) {
      if (t.tooRecent > 0) {
        return undecidable(id, 'trace-too-short', `no status change to judge${unjudged}`);
      }
      return {
        id,
        status: 'not-exercised',
        detail: `no MDC alert changed status in the export (each connector’s rows of an alert say one status)${unjudged}`,
        situations: 0,
        violations: 0,
        witnesses: [],
      };
    }
    return {
      id,
      status: 'holds',
      detail: `${judged}${unjudged}`,
      situations: t.changes + t.bothJudged,
      violations: 0,
      witnesses: [],
    };
  }

  link(id: 'SUB-LINK' | 'TEN-LINK'): TraceVerdict {
    const pre = this.mdc(id, ['AlertLink']) ?? this.noMdc(id) ?? this.emptyLinks(id);
    if (pre) return pre;
    const links = this.a.tallies.links;
    const t = id === 'SUB-LINK' ? links.sub : links.ten;
    const [none, portal, xdr, other] = links.counts;
    const own = id === 'SUB-LINK' ? 'the Defender for Cloud portal link' : 'a Defender XDR link';
    const notes =
      (none > 0 ? `; ${plural(none, 'MDC row')} with an empty AlertLink not judged` : '') +
      (links.unexplained > 0
        ? `; ${plural(links.unexplained, 'row')} that no connector of the configuration would have written not judged`
        : '');
    const holds = this.inputs.config
      ? `${plural(t.situations, 'MDC row')} the configuration lets come through the ${id === 'SUB-LINK' ? 'subscription' : 'tenant'} connector carry a link that fits it${notes}`
      : `${plural(portal, 'MDC row')} carry the Defender for Cloud portal link and ${plural(xdr, 'row')} a Defender XDR link, ${other === 0 ? 'none' : other} another${notes}. Whether they agree with the connectors enabled needs --config`;
    return mustVerdict(id, t.situations, t.found, {
      holds,
      violated: violatedDetail(t.found, 'row'),
      none: `no MDC row carries ${own}${notes}`,
    });
  }

  timeOrder(): TraceVerdict {
    const id = 'DOC-TIME-ORDER';
    const times = ['StartTime', 'EndTime', 'ProcessingEndTime'];
    const missing = missingColumns(this.as, times);
    if (missing.length === times.length) return lacks(id, this.as, times) as TraceVerdict;
    const t = this.a.tallies.timeOrder;
    const notes =
      (missing.length > 0 ? ` (${missing.join(', ')} not in the export)` : '') +
      (this.as.zoneLessTimestamps > 0
        ? `; ${plural(this.as.zoneLessTimestamps, 'timestamp')} had no time zone and were read as UTC`
        : '');
    return mustVerdict(id, t.situations, t.found, {
      holds: `StartTime ≤ EndTime ≤ ProcessingEndTime ≤ TimeGenerated in all ${plural(t.situations, 'row')} with two of these times or more${notes}`,
      violated: `${violatedDetail(t.found, 'row')}${notes}`,
      none: `no row has two of these times${notes}`,
    });
  }

  nameEncodesStart(): TraceVerdict {
    const id = 'DOC-MDC-NAME-ENCODES-START';
    const t = this.a.tallies.nameStart;
    if (t.situations === 0) {
      const pre = this.mdc(id) ?? this.noMdc(id);
      if (pre) return pre;
    }
    const pre = lacks(id, this.as, ['StartTime']);
    if (pre) return pre;
    const judged = t.situations - t.noStartTime;
    const notes =
      (t.shifted > 0
        ? `; ${plural(t.shifted, 'more row')} shifted by a time-zone offset (Q-NON-UTC-STARTTIME)`
        : '') + (t.noStartTime > 0 ? `; ${plural(t.noStartTime, 'row')} without StartTime not judged` : '');
    return mustVerdict(id, judged, t.found, {
      holds: `StartTime agrees with the start the MDC alert name encodes (±1 s) in ${t.agree.toLocaleString('en')} of ${plural(judged, 'MDC row')}${notes}`,
      violated: `${violatedDetail(t.found, 'row')}; StartTime agrees with the name in ${t.agree.toLocaleString('en')} of ${plural(judged, 'MDC row')}${notes}`,
      none: `no MDC row has a StartTime${notes}`,
    });
  }

  nonUtc(): TraceVerdict {
    const id = 'Q-NON-UTC-STARTTIME';
    const pre = this.mdc(id, ['StartTime']);
    if (pre) return pre;
    const t = this.a.tallies.nonUtc;
    return quirkVerdict(
      id,
      t.situations,
      t.seen,
      `${t.seen.count.toLocaleString('en')} of ${plural(t.situations, 'MDC row')} with a StartTime have it shifted from the UTC start their name encodes by a non-zero multiple of 15 min` +
        (t.unknownConnector > 0
          ? ` (${t.unknownConnector.toLocaleString('en')} of them without a link to tell the connector)`
          : ''),
    );
  }

  future(): TraceVerdict {
    const id = 'Q-FUTURE-TIME';
    const pre = this.mdc(id, ['StartTime']);
    if (pre) return pre;
    const t = this.a.tallies.future;
    return quirkVerdict(
      id,
      t.situations,
      t.seen,
      `${t.seen.count.toLocaleString('en')} of ${plural(t.situations, 'MDC row')} with a StartTime have it (and the name) after the row was written (ProcessingEndTime, else TimeGenerated)`,
    );
  }

  repeats(): TraceVerdict {
    const id = 'Q-TENANT-REPEATS';
    const pre = this.mdc(id);
    if (pre) return pre;
    const t = this.a.tallies.repeats;
    const [none, portal, xdr, other] = t.byLink;
    const parts = [
      xdr > 0 ? `${xdr.toLocaleString('en')} with a Defender XDR link (tenant connector)` : null,
      portal > 0 ? `${portal.toLocaleString('en')} with the portal link (subscription connector)` : null,
      none > 0 ? `${none.toLocaleString('en')} without a link` : null,
      other > 0 ? `${other.toLocaleString('en')} with another link` : null,
    ].filter((p) => p !== null);
    const returns =
      t.returns > 0
        ? `; ${plural(t.returns, 'more row')} equal to an older row of their alert (a repeat, or a return to an earlier status: the table cannot tell) not counted`
        : '';
    return quirkVerdict(
      id,
      this.a.mdcRows,
      t.seen,
      `${t.seen.count.toLocaleString('en')} of ${plural(this.a.mdcRows, 'MDC row')} repeat the previous row of their alert and connector unchanged (every column but TimeGenerated and the ingestion metadata, _ItemId, _TimeReceived, …)${parts.length > 0 ? `: ${parts.join(', ')}` : ''}${returns}`,
    );
  }

  tenSlower(): TraceVerdict {
    const id = 'TEN-SLOWER';
    const pre = this.mdc(id, ['AlertLink']) ?? this.noMdc(id) ?? this.emptyLinks(id);
    if (pre) return pre;
    const t = this.a.tallies.tenSlower;
    const minRate = TEN_SLOWER_MIN_RATE;
    if (t.situations === 0) {
      return {
        id,
        status: 'not-exercised',
        detail: 'no MDC alert arrived through both connectors',
        situations: 0,
        violations: 0,
        rate: 0,
        witnesses: [],
      };
    }
    const rate = t.successes / t.situations;
    if (t.situations < TYPICAL_MIN_SITUATIONS) {
      return {
        ...undecidable(
          id,
          'trace-too-short',
          `'typically' needs a sample: only ${plural(t.situations, 'alert')} arrived through both connectors (the tenant connector’s first row came later for ${t.successes.toLocaleString('en')}); judged from ${TYPICAL_MIN_SITUATIONS} on`,
        ),
        situations: t.situations,
        rate,
      };
    }
    const ok = rate > minRate;
    return {
      id,
      status: ok ? 'holds' : 'violated',
      detail: `the tenant connector’s first row came after the subscription connector’s for ${t.successes.toLocaleString('en')} of ${plural(t.situations, 'alert')} that arrived through both (${(rate * 100).toFixed(1)}%, needs > ${(minRate * 100).toFixed(0)}%)`,
      situations: t.situations,
      violations: ok ? 0 : t.situations - t.successes,
      rate,
      witnesses: [],
    };
  }

  tenNoInformational(): TraceVerdict {
    const id = 'DOC-TEN-NO-INFORMATIONAL';
    const pre = this.mdc(id, ['AlertLink', 'AlertSeverity']) ?? this.noMdc(id) ?? this.emptyLinks(id);
    if (pre) return pre;
    const t = this.a.tallies.tenNoInformational;
    return mustVerdict(id, t.situations, t.found, {
      holds: `none of the ${plural(t.situations, 'MDC row')} with a Defender XDR link (tenant connector) is Informational. Whether the XDR connector brought incidents for Informational alerts needs Defender XDR’s incident list`,
      violated: violatedDetail(t.found, 'row'),
      none: 'no MDC row carries a Defender XDR link (tenant connector)',
    });
  }

  subScope(): TraceVerdict {
    const id = 'SUB-SCOPE';
    const pre = this.configured(id) ?? this.mdc(id, ['AlertLink']) ?? this.noMdc(id) ?? this.emptyLinks(id);
    if (pre) return pre;
    const t = this.a.tallies.subScope;
    const unknown =
      t.unknownSubscription > 0
        ? `; ${plural(t.unknownSubscription, 'row')} whose subscription neither ResourceId nor AlertLink names not judged`
        : '';
    const note = `${unknown}. Whether every alert of a covered subscription arrived needs the MDC portal’s alert list`;
    return mustVerdict(id, t.situations, t.found, {
      holds: `all ${plural(t.situations, 'row')} with the portal link (subscription connector) belong to subscriptions the configuration enables it on${note}`,
      violated: violatedDetail(t.found, 'row'),
      none: `no MDC row with the portal link names its subscription${note}`,
    });
  }

  tenViaXdr(): TraceVerdict {
    const id = 'TEN-VIA-XDR';
    const pre = this.configured(id) ?? this.mdc(id, ['AlertLink']) ?? this.noMdc(id) ?? this.emptyLinks(id);
    if (pre) return pre;
    const t = this.a.tallies.tenViaXdr;
    if (this.inputs.config?.xdrMdcSetting === 'All alerts') {
      return {
        id,
        status: 'not-exercised',
        detail: "the configuration sets XDR's MDC setting to 'All alerts'",
        situations: 0,
        violations: 0,
        witnesses: [],
      };
    }
    return mustVerdict(id, t.situations, t.found, {
      holds: `with 'No alerts', none of the ${plural(t.situations, 'MDC row')} carries a Defender XDR link (tenant connector)`,
      violated: violatedDetail(t.found, 'row'),
      none: 'no MDC row with a link',
    });
  }

  bothDuplicates(): TraceVerdict {
    const id = 'BOTH-DUPLICATES';
    const pre = this.configured(id) ?? this.mdc(id, ['AlertLink']) ?? this.noMdc(id) ?? this.emptyLinks(id);
    if (pre) return pre;
    const t = this.a.tallies.bothDuplicates;
    const notes =
      (t.tooRecent > 0
        ? `; ${plural(t.tooRecent, 'alert')} that arrived through one connector only, raised before the export’s first row or within 30 min of its last (ASSUME-TENANT-DELAY), so the other connector’s row may lie outside it, not judged`
        : '') +
      (t.unknown > 0 ? `; ${plural(t.unknown, 'alert')} with rows that name no connector not judged` : '');
    const config = this.inputs.config as WorkspaceConfig;
    if (
      !(
        config.tenantConnector &&
        config.xdrMdcSetting === 'All alerts' &&
        config.subscriptionConnector.length > 0
      )
    ) {
      return {
        id,
        status: 'not-exercised',
        detail: "the configuration does not enable both connectors (the tenant one with XDR's 'All alerts')",
        situations: 0,
        violations: 0,
        witnesses: [],
      };
    }
    if (t.situations === 0 && t.tooRecent > 0) {
      return undecidable(id, 'trace-too-short', `no alert both connectors forward could be judged${notes}`);
    }
    return mustVerdict(id, t.situations, t.found, {
      holds: `all ${plural(t.situations, 'alert')} that both connectors forward (by the configuration) arrived through both${notes}`,
      violated: `${violatedDetail(t.found, 'alert')}${notes}`,
      none: `no MDC alert in scope of both connectors (a covered subscription, not Informational)${notes}`,
    });
  }

  // ------------------------------------------------------------------------------------------ incidents

  private get i(): IncidentLedger {
    return (this.inputs.incidents as { ledger: IncidentLedger }).ledger;
  }

  appendOnly(): TraceVerdict {
    const id = 'DOC-INCIDENT-APPEND-ONLY';
    const pre = this.incidents(id, []);
    if (pre) return pre;
    const summary = (this.inputs.incidents as { summary: TraceSummary }).summary;
    const t = this.i.tallies.appendOnly;
    const missing = missingColumns(summary, ['IncidentName', 'CreatedTime', 'TimeGenerated']);
    if (missing.length === 3) return lacks(id, summary, missing) as TraceVerdict;
    const parts = [
      has(summary, 'IncidentName') ? 'keeps its IncidentName' : null,
      has(summary, 'CreatedTime') ? 'keeps its CreatedTime' : null,
      has(summary, 'TimeGenerated')
        ? 'keeps LastModifiedTime between CreatedTime and each row’s TimeGenerated (no row changed after its ingestion)'
        : null,
    ].filter((p) => p !== null);
    const notes = missing.length > 0 ? ` (${missing.join(', ')} not in the export: not judged)` : '';
    return mustVerdict(id, t.situations, t.found, {
      holds: `each of ${plural(t.situations, 'incident')} (${t.multiRow.toLocaleString('en')} with several rows) ${parts.join(', ')}${notes}`,
      violated: `${violatedDetail(t.found, 'incident')}${notes}`,
      none: `no incident in the export${notes}`,
    });
  }

  oneIncident(id: 'RULE-ONE-INCIDENT' | 'DOC-RULES-ONE-INCIDENT'): TraceVerdict {
    const pre = this.incidents(id, ['ProviderName', 'AlertIds']);
    if (pre) return pre;
    const i = this.i.tallies;
    const t = id === 'RULE-ONE-INCIDENT' ? i.ruleOne : i.rulesOne;
    const whose = id === 'RULE-ONE-INCIDENT' ? 'MDC alert' : 'alert';
    const grouped =
      i.ruleOne.grouped > 0
        ? `; ${plural(i.ruleOne.grouped, "'Azure Sentinel' incident")} holding several alerts (Fusion, grouped scheduled rules) are not rule incidents and were left out`
        : '';
    return mustVerdict(id, t.situations, t.found, {
      holds: `each of ${plural(t.situations, whose)} held by an 'Azure Sentinel' incident is held by one, across the incidents’ latest rows${grouped}`,
      violated: `${violatedDetail(t.found, whose)}${grouped}`,
      none: `no 'Azure Sentinel' incident holds ${id === 'RULE-ONE-INCIDENT' ? 'an MDC alert of the alerts export' : 'an alert'} in its latest row${grouped}`,
    });
  }

  redirect(): TraceVerdict {
    const id = 'XDR-REDIRECT';
    const pre = this.incidents(id, ['Labels', 'Status', 'AlertIds']);
    if (pre) return pre;
    const t = this.i.tallies.redirect;
    // What may still arrive within the XDR connector's sync after the export's end: each is not judged.
    const pending = [
      t.tooRecent > 0
        ? `${plural(t.tooRecent, 'redirected incident')} whose alerts no other incident holds yet (the incident that took its alerts may still arrive)`
        : null,
      t.unlabelledRecent > 0
        ? `${plural(t.unlabelledRecent, 'XDR incident')} Closed as another took its alert, without the Redirected tag yet (the tag may still arrive)`
        : null,
      t.openRecent > 0
        ? `${plural(t.openRecent, 'open XDR incident')} holding an alert another open one holds (the redirect closing one may still arrive)`
        : null,
    ].filter((part) => part !== null);
    const notes =
      pending.length > 0
        ? `; not judged, too close to the export’s end (10 min, ASSUME-XDR-SYNC-DELAY): ${pending.join('; ')}`
        : '';
    if (t.situations === 0 && t.found.count === 0 && pending.length > 0) {
      return undecidable(id, 'trace-too-short', `no redirect could be judged${notes}`);
    }
    return mustVerdict(id, t.situations, t.found, {
      holds: `each of ${plural(t.situations, 'incident')} XDR redirected (labelled Redirected, or Closed when another XDR incident took its alert) is Closed with the label, and another incident’s latest row holds each of its alerts${notes}`,
      violated: `${violatedDetail(t.found, 'incident')}${notes}`,
      none: `no incident carries a Redirected label, and no Closed XDR incident’s alert went to another${notes}`,
    });
  }

  noMergeClosed(): TraceVerdict {
    const id = 'DOC-NO-MERGE-CLOSED';
    const pre = this.incidents(id, ['Labels', 'Status']);
    if (pre) return pre;
    const t = this.i.tallies.noMergeClosed;
    return mustVerdict(id, t.situations, t.found, {
      holds: `none of ${plural(t.situations, 'incident')} XDR redirected or took an alert from was Closed before that for longer than the XDR connector’s syncs take (ASSUME-XDR-SYNC-DELAY, each way)`,
      violated: violatedDetail(t.found, 'incident'),
      none: 'no redirected incident has a row before its redirect row, and no Closed XDR incident’s alert went to another',
    });
  }

  beforeAlert(): TraceVerdict {
    const id = 'Q-INCIDENT-BEFORE-ALERT';
    const pre = this.incidents(id, ['ProviderName', 'AlertIds']);
    if (pre) return pre;
    const t = this.i.tallies.beforeAlert;
    return quirkVerdict(
      id,
      t.situations,
      t.seen,
      `${t.seen.count.toLocaleString('en')} of ${plural(t.situations, 'XDR incident alert')} (the alerts each XDR incident first held) reached Sentinel before the alert’s first SecurityAlert row` +
        (t.outside > 0
          ? `; ${plural(t.outside, 'one')} whose incident predates the alerts export not judged`
          : ''),
    );
  }

  /** The checks that need both the incidents export and the configuration. */
  private configuredIncidents(id: string, columns: readonly string[]): TraceVerdict | null {
    if (this.inputs.incidents === null && this.inputs.config === null) {
      return undecidable(
        id,
        'needs-config',
        'it depends on the configuration and SecurityIncident: give --config and --incidents',
      );
    }
    return this.incidents(id, columns) ?? this.configured(id);
  }

  private notApplicable(id: string, why: string): TraceVerdict {
    return { id, status: 'not-exercised', detail: why, situations: 0, violations: 0, witnesses: [] };
  }

  duplicates(): TraceVerdict {
    const id = 'XDR-DUPLICATE-INCIDENTS';
    const pre = this.configuredIncidents(id, ['ProviderName', 'AlertIds']);
    if (pre) return pre;
    const t = this.i.tallies.duplicates;
    if (!t.applies) {
      return this.notApplicable(
        id,
        "the configuration has no incident creation rule on top of the XDR connector with XDR's 'All alerts'",
      );
    }
    const notes =
      t.tooRecent > 0
        ? `; ${plural(t.tooRecent, 'alert')} missing an incident, first seen before the incidents export or within ${XDR_INCIDENT_REACH_MS / 60_000} min of its end (ASSUME-XDR-INGEST-DELAY, ASSUME-XDR-INCIDENT-CREATE-DELAY, ASSUME-XDR-INCIDENT-DELAY), so the incident may lie outside it, not judged`
        : '';
    if (t.situations === 0 && t.tooRecent > 0)
      return undecidable(id, 'trace-too-short', `no alert could be judged${notes}`);
    return mustVerdict(id, t.situations, t.found, {
      holds: `each of ${plural(t.situations, 'MDC alert')} a rule matches (not Informational) is held by an XDR incident and an 'Azure Sentinel' incident${notes}`,
      violated: `${violatedDetail(t.found, 'alert')}${notes}`,
      none: `no MDC alert a rule matches${notes}`,
    });
  }

  empty(): TraceVerdict {
    const id = 'XDR-EMPTY-WITHOUT-MDC-CONNECTOR';
    const pre = this.configuredIncidents(id, ['ProviderName', 'AlertIds']);
    if (pre) return pre;
    const t = this.i.tallies.empty;
    if (!t.applies)
      return this.notApplicable(id, 'the configuration enables an MDC connector, or not the XDR connector');
    return mustVerdict(id, t.situations, t.found, {
      holds: `none of ${plural(t.situations, 'XDR incident')} holds the SystemAlertId of an MDC alert row (no MDC connector is enabled)`,
      violated: violatedDetail(t.found, 'incident'),
      none: 'no XDR incident in the export',
    });
  }

  ruleRequired(): TraceVerdict {
    const id = 'RULE-REQUIRED';
    const pre = this.configuredIncidents(id, ['ProviderName', 'AlertIds']);
    if (pre) return pre;
    const t = this.i.tallies.ruleRequired;
    if (!t.applies)
      return this.notApplicable(id, 'the configuration has an incident creation rule or the XDR connector');
    return mustVerdict(id, t.situations, t.found, {
      holds: `no 'Azure Sentinel' incident holds any of ${plural(t.situations, 'MDC alert')} (no rule, no XDR connector)`,
      violated: violatedDetail(t.found, 'incident'),
      none: 'no MDC alert inside the incidents export’s time range',
    });
  }

  productFilter(): TraceVerdict {
    const id = 'RULE-PRODUCT-FILTER';
    const pre = this.configuredIncidents(id, ['ProviderName', 'AlertIds']);
    if (pre) return pre;
    const t = this.i.tallies.productFilter;
    return mustVerdict(id, t.situations, t.found, {
      holds: `each of ${plural(t.situations, 'MDC alert')} held by an 'Azure Sentinel' (rule) incident matches a rule of the configuration (product and severity)`,
      violated: violatedDetail(t.found, 'incident'),
      none: "no 'Azure Sentinel' incident holds an MDC alert of a known severity",
    });
  }

  noAlertsNoIncidents(): TraceVerdict {
    const id = 'XDR-NO-ALERTS-NO-INCIDENTS';
    const pre = this.configuredIncidents(id, ['ProviderName', 'AlertIds']);
    if (pre) return pre;
    const t = this.i.tallies.noAlertsNoIncidents;
    if (!t.applies) return this.notApplicable(id, "the configuration sets XDR's MDC setting to 'All alerts'");
    return mustVerdict(id, t.situations, t.found, {
      holds: `with 'No alerts', no XDR incident holds any of ${plural(t.situations, 'MDC alert')}`,
      violated: violatedDetail(t.found, 'alert'),
      none: 'no MDC alert inside the incidents export’s time range',
    });
  }

  // ------------------------------------------------------------------------------------------ advice

  advice(id: string): TraceVerdict {
    const config = this.inputs.config;
    if (config === null) {
      return undecidable(
        id,
        'needs-config',
        'advice lints a configuration: give --config workspace.json (or run `lint`)',
      );
    }
    const lint = adviceBehaviours.find((b) => b.id === id);
    const findings = lint && lint.kind === 'advice' ? lint.lint(config, config.subscriptions) : [];
    // A pitfall the configuration has is a finding, as lint reports it (exit 1): read as violated in every
    // format, never as holds. One it does not have holds: the configuration was checked for it.
    return {
      id,
      status: findings.length > 0 ? 'violated' : 'holds',
      detail:
        findings.length > 0
          ? `finding on the configuration (as lint reports it): ${findings.map((f) => `${f.message} ${f.consequence}`).join(' ')}`
          : 'the configuration does not have this pitfall',
      situations: 1,
      violations: findings.length,
      occurrences: findings.length,
      witnesses: [],
    };
  }

  verdict(id: string): TraceVerdict {
    switch (id) {
      case 'ALERT-ID-STABLE':
        return this.idStable();
      case 'ALERT-STATUS-NEW-ROW':
        return this.statusNewRow();
      case 'SUB-LINK':
      case 'TEN-LINK':
        return this.link(id);
      case 'DOC-TIME-ORDER':
        return this.timeOrder();
      case 'DOC-MDC-NAME-ENCODES-START':
        return this.nameEncodesStart();
      case 'Q-NON-UTC-STARTTIME':
        return this.nonUtc();
      case 'Q-FUTURE-TIME':
        return this.future();
      case 'Q-TENANT-REPEATS':
        return this.repeats();
      case 'TEN-SLOWER':
        return this.tenSlower();
      case 'DOC-TEN-NO-INFORMATIONAL':
        return this.tenNoInformational();
      case 'SUB-SCOPE':
        return this.subScope();
      case 'TEN-VIA-XDR':
        return this.tenViaXdr();
      case 'BOTH-DUPLICATES':
        return this.bothDuplicates();
      case 'DOC-INCIDENT-APPEND-ONLY':
        return this.appendOnly();
      case 'RULE-ONE-INCIDENT':
      case 'DOC-RULES-ONE-INCIDENT':
        return this.oneIncident(id);
      case 'XDR-REDIRECT':
        return this.redirect();
      case 'DOC-NO-MERGE-CLOSED':
        return this.noMergeClosed();
      case 'Q-INCIDENT-BEFORE-ALERT':
        return this.beforeAlert();
      case 'XDR-DUPLICATE-INCIDENTS':
        return this.duplicates();
      case 'XDR-EMPTY-WITHOUT-MDC-CONNECTOR':
        return this.empty();
      case 'RULE-REQUIRED':
        return this.ruleRequired();
      case 'RULE-PRODUCT-FILTER':
        return this.productFilter();
      case 'XDR-NO-ALERTS-NO-INCIDENTS':
        return this.noAlertsNoIncidents();
      default: {
        if (id.startsWith('ADV-')) return this.advice(id);
        const reason = NOT_IN_TABLES[id];
        return undecidable(
          id,
          'not-in-tables',
          reason ?? 'no export of SecurityAlert and SecurityIncident can decide it',
        );
      }
    }
  }
}

/** One verdict per behaviour of the catalogue, in its order. */
export function traceVerdicts(inputs: TraceCheckInputs): TraceVerdict[] {
  const judge = new Judge(inputs);
  return CATALOGUE.map((entry) => judge.verdict(entry.id));
}

/** The behaviours a trace can decide (given the columns, the incidents export and a configuration). */
export const TRACE_CHECKED: readonly string[] = CATALOGUE.map((e) => e.id).filter(
  (id) => !(id in NOT_IN_TABLES),
);
