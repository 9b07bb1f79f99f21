/**
 * The SecurityAlert half of a trace check, streaming. Each row is judged on its own where that suffices
 * (its times, its MDC alert name, its link) and otherwise reduced to a few numbers kept per MDC alert and
 * per MDC row in typed columns: TimeGenerated, the 1-based file row, a status code, a link class and the
 * row's exact equality class among its alert's rows (compact.ts's RowClasses: an alert's first row, then
 * only what later rows change). An alert's rows form a linked list in arrival order; once
 * the file is read, each alert's few rows are sorted by TimeGenerated and judged in that order (repeats,
 * status changes, which connector came first). Memory grows with the number of MDC alerts and rows by a few
 * dozen bytes each and with the text an alert's rows do not share, and non-MDC rows cost nothing after their
 * time check.
 *
 * An MDC row is one whose VendorOriginalId (newer rows) or SystemAlertId (older rows) is an MDC alert name
 * `<reverseTicks>_<GUID>`; its alert is the GUID (model/rows.ts). Its connector is read from AlertLink
 * (ASSUME-ROUTE): the Defender for Cloud portal blade is the subscription connector, a security.microsoft.com
 * link the tenant connector (ASSUME-TENANT-LINK).
 */

import { TENANT_DELAY_MAX_MS, TIME_TOLERANCE_MS, XDR_INGEST_DELAY_MAX_MS } from '../../model/assumptions.ts';
import { MDC_PRODUCT, SEVERITIES, type Severity, type WorkspaceConfig } from '../../model/config.ts';
import { isMdcPortalLink, isXdrLink, MDC_PORTAL_LINK } from '../../model/links.ts';
import type { SecurityAlertRow } from '../../model/tables.ts';
import { MINUTE } from '../../model/time.ts';
import type { ExportedAlertRow } from '../trace/columns.ts';
import {
  ensure,
  Interner,
  isoMs,
  KEEP_LAST,
  KEEP_OWN,
  KEEP_POOLED,
  lastIsoFixed,
  mdcNameSplit,
  mdcNameStart,
  RowClasses,
  TextArena,
} from './compact.ts';
import { WitnessList, type WitnessRow } from './verdict.ts';

export const TOL = TIME_TOLERANCE_MS;
/**
 * How long after an MDC event the tenant connector's row of it may come: XDR ingests the event
 * (ASSUME-XDR-INGEST-DELAY), then the connector forwards it (ASSUME-TENANT-DELAY); the model's delayMax.
 */
const TENANT_ROW_DELAY_MAX_MS = XDR_INGEST_DELAY_MAX_MS + TENANT_DELAY_MAX_MS;
const QUARTER_HOUR = 15 * MINUTE;
const MAX_ZONE_OFFSET = 14 * 60 * MINUTE;

/** How a row's AlertLink reads. */
export const LINK_NONE = 0;
export const LINK_PORTAL = 1;
export const LINK_XDR = 2;
export const LINK_OTHER = 3;
export type LinkClass = 0 | 1 | 2 | 3;

/** The start of the last link isMdcPortalLink took: a link that starts with it is one too (its pattern is a prefix). */
let portalPrefix = 'https://portal.azure.com/#blade/Microsoft_Azure_Security/AlertBlade/';
/** portalPrefix and `alertId/`: where a portal link names its alert (this text holds no digit). */
let portalAlert = `${portalPrefix}alertId/`;

/** Whether `text` starts with `start` (String.prototype.startsWith compares character by character, slowly). */
function startsWith(text: string, start: string): boolean {
  return text.length >= start.length && text.slice(0, start.length) === start;
}

/** model/links.ts's predicates, with a cheap prefix test first. */
export function linkClassOf(link: string): LinkClass {
  if (link === '') return LINK_NONE;
  if (startsWith(link, portalPrefix)) return LINK_PORTAL;
  if (startsWith(link, 'https://security.microsoft.com/') && isXdrLink(link)) return LINK_XDR;
  if (isMdcPortalLink(link)) {
    const start = MDC_PORTAL_LINK.exec(link);
    if (start !== null) {
      portalPrefix = start[0];
      // Flat once here, so that every row's comparison with it reads it directly.
      portalAlert = `${portalPrefix}alertId/`;
      portalAlert.charCodeAt(0);
    }
    return LINK_PORTAL;
  }
  return LINK_OTHER;
}

/**
 * Where an AlertLink holds an MDC alert `name` first (link.indexOf(name), but −1 unless the link is longer), and
 * the link's class (linkClassOf). A portal link that names the alert right after portalAlert (as every
 * Defender for Cloud link does) is told by two comparisons: no occurrence of the name can start earlier,
 * as the name starts with a digit and portalAlert holds none.
 */
export function linkNameAt(link: string, name: string): LinkName {
  const found = LINK_FOUND;
  const from = portalAlert.length;
  const digit = name.charCodeAt(0) - 48;
  if (
    digit >= 0 &&
    digit <= 9 &&
    link.length > from + name.length &&
    link.slice(0, from) === portalAlert &&
    link.slice(from, from + name.length) === name
  ) {
    found.at = from;
    found.link = LINK_PORTAL;
    found.before = portalAlert;
    return found;
  }
  found.link = linkClassOf(link);
  found.at = link.length > name.length ? link.indexOf(name) : -1;
  found.before = found.at < 0 ? '' : link.slice(0, found.at);
  return found;
}

/** What linkNameAt found (one object, overwritten by each call). */
export interface LinkName {
  at: number;
  link: LinkClass;
  /** The link's text before the name: portalAlert itself when it is that (one string, compared by identity). */
  before: string;
}
const LINK_FOUND: LinkName = { at: -1, link: LINK_NONE, before: '' };

export const LINK_WORDS = [
  'no link',
  'the Defender for Cloud portal link',
  'a Defender XDR link',
  'another link',
];

/** Where a Defender for Cloud portal link names its alert. */
const PORTAL_ALERT = '/AlertBlade/alertId/';
const UNKNOWN_SEVERITY = 255;
const INFORMATIONAL = SEVERITIES.indexOf('Informational');

function severityCode(text: string): number {
  const index = SEVERITIES.indexOf(text as Severity);
  return index < 0 ? UNKNOWN_SEVERITY : index;
}

const RESOURCE_SUBSCRIPTION = /^\/subscriptions\/([^/]+)/i;
const LINK_SUBSCRIPTION = /\/subscriptionId\/([^/?#]+)/;

/** The subscription an MDC row's alert belongs to: from ResourceId, else from the portal link. */
export function subscriptionOfRow(row: SecurityAlertRow): string | null {
  const match = RESOURCE_SUBSCRIPTION.exec(row.ResourceId) ?? LINK_SUBSCRIPTION.exec(row.AlertLink);
  return match?.[1] ? match[1].toLowerCase() : null;
}

/** A hash of text[from..]: its length, its first 4 and last 12 characters (a GUID's random parts). */
function guidHash(text: string, from: number): number {
  const end = text.length;
  let h = Math.imul(end - from, 0x9e3779b1);
  const head = Math.min(end, from + 4);
  for (let i = from; i < head; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  for (let i = Math.max(head, end - 12); i < end; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return h ^ (h >>> 15);
}

/** A row's repeat kind (findRepeats). */
const REPEAT = 1;
const RETURN = 2;

/**
 * How the text columns a row's equality class compares (all but TimeGenerated, AlertLedger.addRow's order)
 * keep their values: an alert's own (times, ids, a link without the alert's name), shared as strings (few
 * distinct values: status, severity, names, and AlertLink's text before and after the alert's own name, a
 * portal blade and a subscription, resource group and location), or pooled (ResourceId: many alerts share a
 * resource, but there may be as many resources as alerts). Columns 14 and 15 are the link's text after the
 * name, and the link when it does not hold the name (then columns 1 and 14 are empty).
 */
const CLASS_KEEPING = [
  KEEP_LAST,
  KEEP_LAST,
  KEEP_OWN,
  KEEP_OWN,
  KEEP_OWN,
  KEEP_LAST,
  KEEP_LAST,
  KEEP_LAST,
  KEEP_LAST,
  KEEP_LAST,
  KEEP_LAST,
  KEEP_POOLED,
  KEEP_OWN,
  KEEP_OWN,
  KEEP_LAST,
  KEEP_OWN,
];
const CLASS_COLUMNS = CLASS_KEEPING.length;

/** Per-alert flags. */
const SPLIT_ID = 1;
const HELD_BY_XDR = 2;
const HELD_BY_SENTINEL = 4;

/** What a declared configuration says about one alert's connectors. */
export type Coverage = 'yes' | 'no' | 'unknown';

/**
 * The configuration read for alerts: whether each connector would forward an alert of this subscription
 * and severity (trace mode takes the configuration as in force over the whole export).
 */
export class ConfigView {
  private readonly covered: Set<string>;

  constructor(readonly config: WorkspaceConfig) {
    this.covered = new Set(config.subscriptionConnector.map((c) => c.subscription.toLowerCase()));
  }

  subscription(subscription: string | null): Coverage {
    if (subscription === null) return this.covered.size === 0 ? 'no' : 'unknown';
    return this.covered.has(subscription) ? 'yes' : 'no';
  }

  tenant(severity: number): Coverage {
    if (!this.config.tenantConnector || this.config.xdrMdcSetting !== 'All alerts') return 'no';
    if (severity === UNKNOWN_SEVERITY) return 'unknown';
    return severity === INFORMATIONAL ? 'no' : 'yes';
  }

  anyMdcConnector(): boolean {
    return this.covered.size > 0 || this.config.tenantConnector;
  }
}

export interface AlertTallies {
  idStable: WitnessList;
  timeOrder: { situations: number; found: WitnessList };
  nameStart: {
    situations: number;
    agree: number;
    shifted: number;
    noStartTime: number;
    found: WitnessList;
  };
  nonUtc: { situations: number; seen: WitnessList; unknownConnector: number };
  future: { situations: number; seen: WitnessList };
  links: {
    counts: [number, number, number, number];
    sub: { situations: number; found: WitnessList };
    ten: { situations: number; found: WitnessList };
    /** Rows no connector of the configuration would have written. */
    unexplained: number;
  };
  tenNoInformational: { situations: number; found: WitnessList };
  subScope: { situations: number; found: WitnessList; unknownSubscription: number };
  tenViaXdr: { situations: number; found: WitnessList };
  statusNewRow: {
    changes: number;
    /** Changes stamped with the same TimeGenerated as the row before. */
    ties: number;
    found: WitnessList;
    /** Alerts written by both connectors whose latest rows disagree, judged (with a configuration) or not. */
    bothJudged: number;
    disagreeUnjudged: number;
    tooRecent: number;
  };
  /** Certain repeats by link class; `returns`: rows identical to an older row only (repeat or return). */
  repeats: { seen: WitnessList; byLink: [number, number, number, number]; returns: number };
  tenSlower: { situations: number; successes: number };
  bothDuplicates: { situations: number; found: WitnessList; tooRecent: number; unknown: number };
}

function tallies(): AlertTallies {
  return {
    idStable: new WitnessList(),
    timeOrder: { situations: 0, found: new WitnessList() },
    nameStart: { situations: 0, agree: 0, shifted: 0, noStartTime: 0, found: new WitnessList() },
    nonUtc: { situations: 0, seen: new WitnessList(), unknownConnector: 0 },
    future: { situations: 0, seen: new WitnessList() },
    links: {
      counts: [0, 0, 0, 0],
      sub: { situations: 0, found: new WitnessList() },
      ten: { situations: 0, found: new WitnessList() },
      unexplained: 0,
    },
    tenNoInformational: { situations: 0, found: new WitnessList() },
    subScope: { situations: 0, found: new WitnessList(), unknownSubscription: 0 },
    tenViaXdr: { situations: 0, found: new WitnessList() },
    statusNewRow: {
      changes: 0,
      ties: 0,
      found: new WitnessList(),
      bothJudged: 0,
      disagreeUnjudged: 0,
      tooRecent: 0,
    },
    repeats: { seen: new WitnessList(), byLink: [0, 0, 0, 0], returns: 0 },
    tenSlower: { situations: 0, successes: 0 },
    bothDuplicates: { situations: 0, found: new WitnessList(), tooRecent: 0, unknown: 0 },
  };
}

function minutes(ms: number): string {
  const abs = Math.abs(ms);
  const text = abs % 60_000 === 0 ? `${abs / 60_000} min` : `${(abs / 1000).toFixed(0)} s`;
  return `${ms < 0 ? '−' : '+'}${text}`;
}

function duration(ms: number): string {
  const abs = Math.abs(ms);
  if (abs < 120_000) return `${(abs / 1000).toFixed(0)} s`;
  if (abs < 2 * 3_600_000) return `${(abs / 60_000).toFixed(0)} min`;
  if (abs < 2 * 86_400_000) return `${(abs / 3_600_000).toFixed(1)} h`;
  return `${(abs / 86_400_000).toFixed(1)} days`;
}

const TIME_COLUMNS = ['StartTime', 'EndTime', 'ProcessingEndTime', 'TimeGenerated'] as const;

/**
 * When a row was written, for Q-FUTURE-TIME: ProcessingEndTime (when MDC finished producing the alert) if
 * the row has it, else TimeGenerated; `times` is [StartTime, EndTime, ProcessingEndTime, TimeGenerated].
 */
function writtenAt(times: Float64Array): { at: number; column: string } {
  const processed = times[2] as number;
  const generated = times[3] as number;
  return !Number.isNaN(processed) && processed < generated
    ? { at: processed, column: 'ProcessingEndTime' }
    : { at: generated, column: 'TimeGenerated' };
}

/** The first adjacent pair of present times out of order (beyond the tolerance), as column indices. */
function firstBreak(times: Float64Array, count: number): [number, number] | null {
  let previous = -1;
  for (let i = 0; i < count; i++) {
    const time = times[i] as number;
    if (Number.isNaN(time)) continue;
    if (previous >= 0 && time < (times[previous] as number) - TOL) return [previous, i];
    previous = i;
  }
  return null;
}

export class AlertLedger {
  /** Data rows seen, MDC rows among them. */
  rows = 0;
  mdcRows = 0;
  /** The exported time range: least and greatest TimeGenerated. */
  start = Number.POSITIVE_INFINITY;
  end = Number.NEGATIVE_INFINITY;
  /** MDC alerts (distinct GUIDs), and how many of them have two rows or more. */
  alerts = 0;
  multiRowAlerts = 0;
  readonly tallies = tallies();

  /** GUID → alert; SystemAlertId → the first alert that carried it. */
  private guidSlots = new Int32Array(1 << 12).fill(-1);
  /** The hash of each alert's GUID (its slot in guidSlots is found from it). */
  private guidHashes = new Int32Array(1024);
  /** The hash alertOfName computed last, and whether the alert it found has the row's MDC name. */
  private lastHash = 0;
  private ownName = false;
  /** SystemAlertId → the first alert that carried it; built when incidents ask (alertOfId). */
  private byId: Map<string, number> | null = null;
  /** Rows whose SystemAlertId was not their alert's first: the id, the alert, the row. */
  private readonly extraIds: string[] = [];
  private readonly extraAlerts: number[] = [];
  private readonly extraRows: number[] = [];
  /**
   * The first SystemAlertId and the MDC alert name of each alert, as references into `ids` (off the heap: no
   * string per alert for the garbage collector), and where its name's GUID starts.
   */
  private readonly ids = new TextArena();
  private idRef = new Int32Array(1024);
  private nameRef = new Int32Array(1024);
  private guidFrom = new Uint8Array(1024);
  private head = new Int32Array(1024);
  private tail = new Int32Array(1024);
  /** The row with the least TimeGenerated. */
  private firstRowOf = new Int32Array(1024);
  private firstTime = new Float64Array(1024);
  private lastTime = new Float64Array(1024);
  private nameStart = new Float64Array(1024);
  private severity = new Uint8Array(1024);
  private subscription = new Int32Array(1024);
  flags = new Uint8Array(1024);

  private mdcRowCount = 0;
  private rowTime = new Float64Array(4096);
  private rowFile = new Uint32Array(4096);
  private rowNext = new Int32Array(4096);
  private rowStatus = new Uint8Array(4096);
  private rowLink = new Uint8Array(4096);
  /** The row's equality class among its alert's rows (every column but TimeGenerated and the `_` metadata: the columns read compared exactly, the others by their digest). */
  private rowClass = new Int32Array(4096);
  /** Rows whose SystemAlertId is not their alert's first one (ALERT-ID-STABLE broken): row → id. */
  private readonly rowOwnId = new Map<number, string>();

  readonly statuses = new Interner();
  /** Where the last row's link names its alert (linkNameAt), and its text before that. */
  private linkAt = -1;
  private linkBefore = '';
  /** The last row's Status and its code (rows mostly repeat it). */
  private lastStatus = '';
  private lastStatusCode = 0;
  readonly subscriptions = new Interner(0x3fffffff);
  /** Text columns (AlertLedger.addRow's order; ResourceId, column 11, pooled) and the three times. */
  private readonly classes = new RowClasses(CLASS_COLUMNS, 7, CLASS_KEEPING);
  private readonly numbers = new Float64Array(7);
  private readonly values: string[] = new Array<string>(CLASS_COLUMNS).fill('');
  /** Whether each of StartTime, EndTime, ProcessingEndTime was in the fixed form (its time gives it back). */
  private readonly fixedTimes = new Uint8Array(3);
  private readonly times = new Float64Array(4);
  private readonly view: ConfigView | null;

  constructor(
    readonly file: string,
    config: WorkspaceConfig | null,
  ) {
    this.view = config ? new ConfigView(config) : null;
  }

  // ------------------------------------------------------------------------------------------ reading

  add(row: SecurityAlertRow, fileRow: number): void {
    this.rows += 1;
    const generated = isoMs(row.TimeGenerated);
    if (generated < this.start) this.start = generated;
    if (generated > this.end) this.end = generated;
    const times = this.times;
    const fixed = this.fixedTimes;
    times[0] = isoMs(row.StartTime);
    fixed[0] = lastIsoFixed() ? 1 : 0;
    times[1] = isoMs(row.EndTime);
    fixed[1] = lastIsoFixed() ? 1 : 0;
    times[2] = isoMs(row.ProcessingEndTime);
    fixed[2] = lastIsoFixed() ? 1 : 0;
    times[3] = generated;
    let name = row.VendorOriginalId;
    let underscore = mdcNameSplit(name);
    if (underscore < 0) {
      name = row.SystemAlertId;
      underscore = mdcNameSplit(name);
    }
    if (underscore < 0) {
      if (row.ProductName === MDC_PRODUCT) this.nameless(row, fileRow);
      this.timeOrder(row, fileRow, null, 0, false);
      return;
    }
    this.mdcRows += 1;
    let alert = this.alertOfName(name, underscore + 1);
    let ownId = true;
    if (alert < 0) alert = this.newAlert(name, underscore, row, -1 - alert);
    else ownId = this.ids.equals(this.idRef[alert] as number, row.SystemAlertId);
    const ownName = this.ownName;
    const alertName = ownName ? name : this.ids.text(this.nameRef[alert] as number);
    const r = this.addRow(
      alert,
      row,
      fileRow,
      generated,
      alertName,
      ownId,
      name === row.VendorOriginalId ? ownName : null,
    );
    if (!ownId) this.secondId(alert, row.SystemAlertId, r);
    const link = this.rowLink[r] as LinkClass;
    const nameStart = ownName ? (this.nameStart[alert] as number) : mdcNameStart(name, underscore);
    const shift = this.judgeStart(r, alert, nameStart, link);
    this.timeOrder(row, fileRow, nameStart, shift, true);
    this.judgeLink(r, alert, link);
    if (link === LINK_PORTAL) {
      // The link names the alert's own name right after portalAlert (linkNameAt): the row's name, then '/'.
      const at = this.linkAt;
      if (ownName && at >= 0 && this.linkBefore === portalAlert) {
        if (row.AlertLink.charCodeAt(at + name.length) !== 47) this.portalTargetFound(r, alert);
      } else this.judgePortalTarget(row.AlertLink, name, r, alert);
    }
  }

  /**
   * The alert whose GUID is name[from..], or −1 − the free slot where it goes. An open hash table over the
   * alerts' GUIDs, probed by a hash of a few characters and compared whole (a Map would hash every character
   * of each row's GUID, which is a fresh string every row).
   */
  private alertOfName(name: string, from: number): number {
    const slots = this.guidSlots;
    const mask = slots.length - 1;
    const hash = guidHash(name, from);
    this.lastHash = hash;
    for (let slot = hash & mask; ; slot = (slot + 1) & mask) {
      const a = slots[slot] as number;
      if (a < 0) return -1 - slot;
      if (this.guidHashes[a] !== hash) continue;
      // The alert's own name (its rows mostly repeat it), else its GUID at the end of this one.
      const ref = this.nameRef[a] as number;
      if (this.ids.equals(ref, name)) {
        this.ownName = true;
        return a;
      }
      if (this.ids.equalsFrom(ref, this.guidFrom[a] as number, name, from)) {
        this.ownName = false;
        return a;
      }
    }
  }

  private newAlert(name: string, underscore: number, row: SecurityAlertRow, slot: number): number {
    const a = this.alerts++;
    if (a >= this.head.length) {
      const need = a + 1;
      this.head = ensure(this.head, need);
      this.tail = ensure(this.tail, need);
      this.firstRowOf = ensure(this.firstRowOf, need);
      this.firstTime = ensure(this.firstTime, need);
      this.lastTime = ensure(this.lastTime, need);
      this.nameStart = ensure(this.nameStart, need);
      this.severity = ensure(this.severity, need);
      this.subscription = ensure(this.subscription, need);
      this.flags = ensure(this.flags, need);
      this.guidHashes = ensure(this.guidHashes, need);
      this.idRef = ensure(this.idRef, need);
      this.nameRef = ensure(this.nameRef, need);
      this.guidFrom = ensure(this.guidFrom, need);
    }
    this.guidHashes[a] = this.lastHash;
    this.guidSlots[slot] = a;
    if (2 * this.alerts > this.guidSlots.length) this.growGuidSlots();
    this.ownName = true;
    this.idRef[a] = this.ids.add(row.SystemAlertId);
    this.nameRef[a] = this.ids.add(name);
    this.guidFrom[a] = underscore + 1;
    this.head[a] = -1;
    this.tail[a] = -1;
    this.firstRowOf[a] = -1;
    this.firstTime[a] = Number.POSITIVE_INFINITY;
    this.lastTime[a] = Number.NEGATIVE_INFINITY;
    this.nameStart[a] = mdcNameStart(name, underscore);
    this.severity[a] = severityCode(row.AlertSeverity);
    const subscription = this.view ? subscriptionOfRow(row) : null;
    this.subscription[a] = subscription === null ? -1 : this.subscriptions.code(subscription);
    this.flags[a] = 0;
    return a;
  }

  private growGuidSlots(): void {
    const slots = new Int32Array(this.guidSlots.length * 2).fill(-1);
    const mask = slots.length - 1;
    for (let a = 0; a < this.alerts; a++) {
      let slot = (this.guidHashes[a] as number) & mask;
      while ((slots[slot] as number) >= 0) slot = (slot + 1) & mask;
      slots[slot] = a;
    }
    this.guidSlots = slots;
  }

  /**
   * @param ownId whether the row's SystemAlertId is its alert's first; @param ownVendorId whether its
   *   VendorOriginalId is its alert's MDC name (null: not known yet).
   */
  private addRow(
    alert: number,
    row: SecurityAlertRow,
    fileRow: number,
    generated: number,
    name: string,
    ownId: boolean,
    ownVendorId: boolean | null,
  ): number {
    const r = this.mdcRowCount++;
    if (r >= this.rowTime.length) {
      const need = r + 1;
      this.rowTime = ensure(this.rowTime, need);
      this.rowFile = ensure(this.rowFile, need);
      this.rowNext = ensure(this.rowNext, need);
      this.rowStatus = ensure(this.rowStatus, need);
      this.rowLink = ensure(this.rowLink, need);
      this.rowClass = ensure(this.rowClass, need);
    }
    this.rowTime[r] = generated;
    this.rowFile[r] = fileRow;
    this.rowNext[r] = -1;
    const status = row.Status;
    if (status !== this.lastStatus) {
      this.lastStatus = status;
      this.lastStatusCode = this.statuses.code(status);
    }
    this.rowStatus[r] = this.lastStatusCode;
    // Every column but TimeGenerated, the most varying first.
    const values = this.values;
    values[0] = status;
    // AlertLink around its first copy of the alert's MDC name (the portal link names it): the text before
    // and after it is shared by many alerts, so is kept once; the link is the two with the name between.
    const link = row.AlertLink;
    const found = linkNameAt(link, name);
    const at = found.at;
    this.rowLink[r] = found.link;
    this.linkAt = at;
    this.linkBefore = found.before;
    values[1] = found.before;
    values[14] = at < 0 ? '' : link.slice(at + name.length);
    // A link without the name (a Defender XDR link) is the alert's own: kept whole, not pooled.
    values[15] = at < 0 ? link : '';
    // A time in the fixed form is compared by its number (which gives its text back exactly), any other by
    // its text.
    const fixed = this.fixedTimes;
    values[2] = fixed[0] === 1 ? '' : row.StartTime;
    values[3] = fixed[1] === 1 ? '' : row.EndTime;
    values[4] = fixed[2] === 1 ? '' : row.ProcessingEndTime;
    values[5] = row.AlertSeverity;
    values[6] = row.AlertName;
    values[7] = row.AlertType;
    values[8] = row.ProductName;
    values[9] = row.ProviderName;
    values[10] = row.VendorName;
    values[11] = row.ResourceId;
    // The ids as their alert's (already kept by the ledger): '' when equal to it, else the id after a NUL
    // (one-to-one for a given alert, so rows compare as their ids do).
    values[12] = ownId ? '' : `\u0000${row.SystemAlertId}`;
    const vendorId = row.VendorOriginalId;
    values[13] = (ownVendorId ?? vendorId === name) ? '' : `\u0000${vendorId}`;
    const numbers = this.numbers;
    numbers[0] = this.times[0] as number;
    numbers[1] = this.times[1] as number;
    numbers[2] = this.times[2] as number;
    // The digest of the columns not compared above (Entities, ExtendedProperties, …; 0 for rows from memory).
    const rest = (row as Partial<ExportedAlertRow>)._Rest;
    numbers[3] = rest === undefined ? 0 : (rest[0] as number);
    numbers[4] = rest === undefined ? 0 : (rest[1] as number);
    numbers[5] = rest === undefined ? 0 : (rest[2] as number);
    numbers[6] = rest === undefined ? 0 : (rest[3] as number);
    this.rowClass[r] = this.classes.classOf(alert, values, numbers);
    const tail = this.tail[alert] as number;
    if (tail < 0) this.head[alert] = r;
    else this.rowNext[tail] = r;
    this.tail[alert] = r;
    if (generated < (this.firstTime[alert] as number)) {
      this.firstTime[alert] = generated;
      this.firstRowOf[alert] = r;
    }
    if (generated > (this.lastTime[alert] as number)) this.lastTime[alert] = generated;
    if (this.subscription[alert] === -1 && this.view) {
      const subscription = subscriptionOfRow(row);
      if (subscription !== null) this.subscription[alert] = this.subscriptions.code(subscription);
    }
    return r;
  }

  /** The first SystemAlertId of alert a. */
  private alertIdOf(a: number): string {
    return this.ids.text(this.idRef[a] as number);
  }

  /** A witness row for MDC row r of alert a. */
  rowRef(r: number, a: number): WitnessRow {
    return {
      table: 'SecurityAlert',
      file: this.file,
      fileRow: this.rowFile[r] as number,
      systemAlertId: this.rowOwnId.get(r) ?? this.alertIdOf(a),
    };
  }

  private plainRef(row: SecurityAlertRow, fileRow: number): WitnessRow {
    return { table: 'SecurityAlert', file: this.file, fileRow, systemAlertId: row.SystemAlertId };
  }

  /** The alert's first row (least TimeGenerated), for witnesses. */
  firstRef(a: number): WitnessRow {
    return this.rowRef(this.firstRowOf[a] as number, a);
  }

  /** ALERT-ID-STABLE: a row whose SystemAlertId is not its alert's first one (reported once per alert). */
  private secondId(alert: number, id: string, r: number): void {
    this.rowOwnId.set(r, id);
    this.extraIds.push(id);
    this.extraAlerts.push(alert);
    this.extraRows.push(r);
    if (((this.flags[alert] as number) & SPLIT_ID) !== 0) return;
    this.flags[alert] = (this.flags[alert] as number) | SPLIT_ID;
    this.tallies.idStable.addLazy(() => ({
      message: 'rows of one MDC alert (one GUID in its name) carry two SystemAlertIds',
      rows: [this.rowRef(this.head[alert] as number, alert), this.rowRef(r, alert)],
    }));
  }

  /**
   * ALERT-ID-STABLE's other half, once every row is in: no SystemAlertId is carried by two alerts. The ids are
   * put in an open hash table once read (hashed on a few characters, compared whole), which costs less than
   * a map insert per alert while reading or a sort of every id.
   */
  private findSharedIds(): void {
    const first: string[] = new Array(this.alerts);
    for (let a = 0; a < this.alerts; a++) first[a] = this.alertIdOf(a);
    const extra = this.extraIds;
    const total = first.length + extra.length;
    let size = 16;
    while (size < 2 * total) size *= 2;
    const slots = new Int32Array(size).fill(-1);
    const mask = size - 1;
    const shared = new Set<string>();
    for (let k = 0; k < total; k++) {
      const id = (k < first.length ? first[k] : extra[k - first.length]) as string;
      let slot = guidHash(id, 0) & mask;
      for (;;) {
        const j = slots[slot] as number;
        if (j < 0) {
          slots[slot] = k;
          break;
        }
        if ((j < first.length ? first[j] : extra[j - first.length]) === id) {
          shared.add(id);
          break;
        }
        slot = (slot + 1) & mask;
      }
    }
    if (shared.size === 0) return;
    // The owners of each shared id: alerts whose first id it is, then alerts that carried it later.
    const owners = new Map<string, { alert: number; row: number }[]>();
    const note = (id: string, alert: number, row: number) => {
      if (!shared.has(id)) return;
      const list = owners.get(id) ?? [];
      if (!list.some((o) => o.alert === alert)) list.push({ alert, row });
      owners.set(id, list);
    };
    for (let a = 0; a < this.alerts; a++) note(first[a] as string, a, this.head[a] as number);
    for (let k = 0; k < this.extraIds.length; k++) {
      note(this.extraIds[k] as string, this.extraAlerts[k] as number, this.extraRows[k] as number);
    }
    for (const list of owners.values()) {
      const [first, second] = list;
      if (!first || !second) continue;
      this.tallies.idStable.addLazy(() => ({
        message: 'two MDC alerts (two GUIDs) share one SystemAlertId',
        rows: [this.rowRef(first.row, first.alert), this.rowRef(second.row, second.alert)],
      }));
    }
  }

  /** A row whose ProductName says Defender for Cloud but that carries no MDC alert name. */
  private nameless(row: SecurityAlertRow, fileRow: number): void {
    const t = this.tallies.nameStart;
    t.situations += 1;
    t.found.add('the row says Defender for Cloud (ProductName) but carries no MDC alert name', [
      this.plainRef(row, fileRow),
    ]);
  }

  /**
   * DOC-MDC-NAME-ENCODES-START, Q-NON-UTC-STARTTIME, Q-FUTURE-TIME. Returns the time-zone shift of the row's
   * StartTime (0 when there is none).
   */
  private judgeStart(r: number, a: number, nameStart: number, link: LinkClass): number {
    const t = this.tallies;
    t.nameStart.situations += 1;
    const start = this.times[0] as number;
    if (Number.isNaN(start)) {
      t.nameStart.noStartTime += 1;
      return 0;
    }
    if (Number.isNaN(nameStart)) return 0;
    t.nonUtc.situations += 1;
    t.future.situations += 1;
    const offset = start - nameStart;
    let shift = 0;
    if (Math.abs(offset) <= TOL) {
      t.nameStart.agree += 1;
    } else {
      const quarters = Math.round(offset / QUARTER_HOUR);
      const zone =
        quarters !== 0 &&
        Math.abs(offset) <= MAX_ZONE_OFFSET + TOL &&
        Math.abs(offset - quarters * QUARTER_HOUR) <= TOL;
      if (zone && link !== LINK_XDR) {
        // Q-NON-UTC-STARTTIME: through the subscription connector (or an unknown one), a time-zone offset.
        shift = offset;
        t.nameStart.shifted += 1;
        if (link !== LINK_PORTAL) t.nonUtc.unknownConnector += 1;
        t.nonUtc.seen.addLazy(() => ({
          message: `StartTime lies ${minutes(offset)} from the UTC start its MDC alert name encodes (${link === LINK_PORTAL ? 'subscription connector' : 'connector unknown: no link'})`,
          rows: [this.rowRef(r, a)],
        }));
      } else {
        t.nameStart.found.addLazy(() => ({
          message:
            `StartTime lies ${duration(offset)} ${offset > 0 ? 'after' : 'before'} the start its MDC alert name encodes` +
            (zone ? ', a time-zone offset, but the row came through the tenant connector' : ''),
          rows: [this.rowRef(r, a)],
        }));
      }
    }
    // Q-FUTURE-TIME: StartTime (read in UTC) agrees with the name and lies after the row was written.
    const utcStart = start - shift;
    const written = writtenAt(this.times);
    if (Math.abs(utcStart - nameStart) <= TOL && utcStart > written.at + TOL) {
      t.future.seen.addLazy(() => ({
        message: `StartTime and the MDC alert name lie ${duration(utcStart - written.at)} after ${written.column}`,
        rows: [this.rowRef(r, a)],
      }));
    }
    return shift;
  }

  /** DOC-TIME-ORDER: StartTime ≤ EndTime ≤ ProcessingEndTime ≤ TimeGenerated, excused by the two time quirks. */
  private timeOrder(
    row: SecurityAlertRow,
    fileRow: number,
    nameStart: number | null,
    shift: number,
    mdc: boolean,
  ): void {
    const times = this.times;
    let present = 0;
    for (let i = 0; i < 4; i++) if (!Number.isNaN(times[i] as number)) present += 1;
    if (present < 2) return;
    const t = this.tallies.timeOrder;
    t.situations += 1;
    let broken = firstBreak(times, 4);
    if (broken === null) return;
    if (mdc && nameStart !== null && !Number.isNaN(nameStart)) {
      if (shift !== 0) {
        const end = times[1] as number;
        times[0] = (times[0] as number) - shift;
        if (Math.abs(end - (nameStart + shift)) <= TOL) times[1] = end - shift;
        broken = firstBreak(times, 4);
        if (broken === null) return;
      }
      const start = times[0] as number;
      if (Math.abs(start - nameStart) <= TOL && start > writtenAt(times).at + TOL) {
        broken = firstBreak(times, 2);
        if (broken === null) return;
      }
    }
    const [a, b] = broken;
    const gap = (times[a] as number) - (times[b] as number);
    t.found.add(
      `${TIME_COLUMNS[a]} lies ${duration(gap)} after ${TIME_COLUMNS[b]}${shift !== 0 ? ' (StartTime read back in UTC)' : ''}`,
      [this.plainRef(row, fileRow)],
    );
  }

  /** SUB-LINK: the Defender for Cloud portal link points at the row's own MDC alert. */
  private judgePortalTarget(link: string, name: string, r: number, a: number): void {
    const at = link.indexOf(PORTAL_ALERT);
    if (at < 0) return;
    const from = at + PORTAL_ALERT.length;
    if (link.slice(from, from + name.length) === name && link.charCodeAt(from + name.length) === 47) return;
    this.portalTargetFound(r, a);
  }

  private portalTargetFound(r: number, a: number): void {
    this.tallies.links.sub.found.addLazy(() => ({
      message:
        'the Defender for Cloud portal link of an MDC row names another alert than the row’s own MDC alert name',
      rows: [this.rowRef(r, a)],
    }));
  }

  /** SUB-LINK, TEN-LINK, DOC-TEN-NO-INFORMATIONAL, SUB-SCOPE, TEN-VIA-XDR: what a row's link says. */
  private judgeLink(r: number, a: number, link: LinkClass): void {
    const t = this.tallies;
    t.links.counts[link] += 1;
    if (link === LINK_NONE) return;
    const informational = this.severity[a] === INFORMATIONAL;
    if (link === LINK_XDR) {
      t.tenNoInformational.situations += 1;
      if (informational) {
        t.tenNoInformational.found.addLazy(() => ({
          message:
            'an Informational MDC alert arrived with a Defender XDR link, through the tenant connector',
          rows: [this.rowRef(r, a)],
        }));
      }
    }
    const view = this.view;
    if (!view) {
      if (link === LINK_PORTAL) t.links.sub.situations += 1;
      else if (link === LINK_XDR) t.links.ten.situations += 1;
      else {
        t.links.sub.situations += 1;
        t.links.ten.situations += 1;
        const message =
          'an MDC row whose AlertLink is neither the Defender for Cloud portal blade nor a Defender XDR link';
        t.links.sub.found.addLazy(() => ({ message, rows: [this.rowRef(r, a)] }));
        t.links.ten.found.addLazy(() => ({ message, rows: [this.rowRef(r, a)] }));
      }
      return;
    }
    const code = this.subscription[a] as number;
    const subscription = code < 0 ? null : (this.subscriptions.values[code] as string);
    const sub = view.subscription(subscription);
    const ten = view.tenant(this.severity[a] as number);
    // SUB-SCOPE: portal-link rows come only from subscriptions the connector covers.
    if (link === LINK_PORTAL) {
      if (sub === 'unknown') t.subScope.unknownSubscription += 1;
      else {
        t.subScope.situations += 1;
        if (sub === 'no') {
          t.subScope.found.addLazy(() => ({
            message:
              subscription === null
                ? 'a row with the portal link (subscription connector), which the configuration enables on no subscription'
                : 'a row with the portal link (subscription connector) of a subscription the configuration does not enable it on',
            rows: [this.rowRef(r, a)],
          }));
        }
      }
    }
    // TEN-VIA-XDR: with 'No alerts', the tenant connector forwards nothing.
    if (view.config.xdrMdcSetting === 'No alerts') {
      t.tenViaXdr.situations += 1;
      if (link === LINK_XDR) {
        t.tenViaXdr.found.addLazy(() => ({
          message: "a row with a Defender XDR link (tenant connector) while XDR's MDC setting is 'No alerts'",
          rows: [this.rowRef(r, a)],
        }));
      }
    }
    const subMay = sub !== 'no';
    const tenMay = ten !== 'no';
    const sentence = (what: string) => ({ message: what, rows: [this.rowRef(r, a)] });
    if (link === LINK_PORTAL) {
      if (subMay) t.links.sub.situations += 1;
      else if (tenMay) {
        t.links.ten.situations += 1;
        t.links.ten.found.addLazy(() =>
          sentence(
            'a row only the tenant connector can have written (the configuration does not enable the subscription connector for it) carries the portal link, not a Defender XDR link',
          ),
        );
      } else t.links.unexplained += 1;
    } else if (link === LINK_XDR) {
      if (tenMay) t.links.ten.situations += 1;
      else if (subMay) {
        t.links.sub.situations += 1;
        t.links.sub.found.addLazy(() =>
          sentence(
            'a row only the subscription connector can have written (by the configuration) carries a Defender XDR link, not the portal link',
          ),
        );
      } else t.links.unexplained += 1;
    } else {
      const message =
        'an MDC row whose AlertLink is neither the Defender for Cloud portal blade nor a Defender XDR link';
      if (subMay || !tenMay) {
        t.links.sub.situations += 1;
        t.links.sub.found.addLazy(() => sentence(message));
      }
      if (tenMay || !subMay) {
        t.links.ten.situations += 1;
        t.links.ten.found.addLazy(() => sentence(message));
      }
    }
  }

  // ------------------------------------------------------------------------------------------ incidents

  /** The MDC alert a SystemAlertId belongs to, if any. */
  alertOfId(id: string): number | undefined {
    if (this.byId === null) {
      const byId = new Map<string, number>();
      for (let a = 0; a < this.alerts; a++) {
        const id = this.alertIdOf(a);
        if (!byId.has(id)) byId.set(id, a);
      }
      for (let k = 0; k < this.extraIds.length; k++) {
        const id = this.extraIds[k] as string;
        if (!byId.has(id)) byId.set(id, this.extraAlerts[k] as number);
      }
      this.byId = byId;
    }
    return this.byId.get(id);
  }

  markHeld(alert: number, byXdr: boolean): void {
    this.flags[alert] = (this.flags[alert] as number) | (byXdr ? HELD_BY_XDR : HELD_BY_SENTINEL);
  }

  heldByXdr(alert: number): boolean {
    return ((this.flags[alert] as number) & HELD_BY_XDR) !== 0;
  }

  heldBySentinel(alert: number): boolean {
    return ((this.flags[alert] as number) & HELD_BY_SENTINEL) !== 0;
  }

  firstTimeOf(alert: number): number {
    return this.firstTime[alert] as number;
  }

  severityOf(alert: number): Severity | null {
    return SEVERITIES[this.severity[alert] as number] ?? null;
  }

  /** Whether an alert had a row with each kind of link. */
  linksOf(alert: number): Set<LinkClass> {
    const out = new Set<LinkClass>();
    for (let r = this.head[alert] as number; r >= 0; r = this.rowNext[r] as number) {
      out.add(this.rowLink[r] as LinkClass);
    }
    return out;
  }

  // ------------------------------------------------------------------------------------------ finishing

  /** Judges each alert's rows in TimeGenerated order: repeats, status changes, which connector came first. */
  finish(): void {
    this.findSharedIds();
    let order = new Int32Array(64);
    let repeat = new Uint8Array(64);
    for (let a = 0; a < this.alerts; a++) {
      let k = 0;
      for (let r = this.head[a] as number; r >= 0; r = this.rowNext[r] as number) {
        if (k >= order.length) {
          order = ensure(order, k + 1);
          repeat = ensure(repeat, k + 1);
        }
        order[k++] = r;
      }
      if (k >= 2) this.multiRowAlerts += 1;
      this.sortRows(order, k);
      this.findRepeats(a, order, repeat, k);
      this.judgeStatuses(a, order, repeat, k);
    }
  }

  /** Insertion sort by (TimeGenerated, file row): an alert has few rows. */
  private sortRows(order: Int32Array, k: number): void {
    const time = this.rowTime;
    const file = this.rowFile;
    for (let i = 1; i < k; i++) {
      const r = order[i] as number;
      const t = time[r] as number;
      const f = file[r] as number;
      let j = i - 1;
      while (j >= 0) {
        const q = order[j] as number;
        const tq = time[q] as number;
        if (tq < t || (tq === t && (file[q] as number) <= f)) break;
        order[j + 1] = q;
        j--;
      }
      order[j + 1] = r;
    }
  }

  /**
   * Q-TENANT-REPEATS: rows identical (all but TimeGenerated) to an earlier row of the same alert. Identical to
   * the previous row of the same connector, it is certainly a repeat (REPEAT): nothing changed. Identical to
   * an older one only (RETURN), it is a repeat or the alert's return to an earlier status (MDC alerts can be
   * re-activated), which the table cannot tell apart: counted apart, and judged both ways.
   */
  private findRepeats(a: number, order: Int32Array, repeat: Uint8Array, k: number): void {
    const cls = this.rowClass;
    const previous = [-1, -1, -1, -1];
    const seen = k > 32 ? new Map<number, number>() : null;
    for (let i = 0; i < k; i++) {
      const r = order[i] as number;
      const link = this.rowLink[r] as LinkClass;
      const c = cls[r] as number;
      repeat[i] = 0;
      const p = previous[link] as number;
      previous[link] = r;
      let of = -1;
      if (p >= 0 && cls[p] === c) {
        of = p;
        repeat[i] = REPEAT;
      } else if (seen) {
        const earlier = seen.get(c);
        if (earlier !== undefined) of = earlier;
      } else {
        for (let j = 0; j < i; j++) {
          const q = order[j] as number;
          if (cls[q] === c) {
            of = q;
            break;
          }
        }
      }
      if (seen && !seen.has(c)) seen.set(c, r);
      if (of < 0) continue;
      if (repeat[i] !== REPEAT) {
        repeat[i] = RETURN;
        this.tallies.repeats.returns += 1;
        continue;
      }
      this.tallies.repeats.byLink[link] += 1;
      const gap = (this.rowTime[r] as number) - (this.rowTime[of] as number);
      this.tallies.repeats.seen.addLazy(() => ({
        message: `the row repeats the previous row of the same MDC alert and connector unchanged, ${duration(gap)} later (${LINK_WORDS[link]})`,
        rows: [this.rowRef(of, a), this.rowRef(r, a)],
      }));
    }
  }

  /** ALERT-STATUS-NEW-ROW, TEN-SLOWER, BOTH-DUPLICATES over one alert's rows in time order. */
  private judgeStatuses(a: number, order: Int32Array, repeat: Uint8Array, k: number): void {
    const t = this.tallies;
    const lastStatus = [0, 0, 0, 0];
    const lastTime = [Number.NaN, Number.NaN, Number.NaN, Number.NaN];
    const lastRow = [-1, -1, -1, -1];
    const firstTime = [Number.NaN, Number.NaN, Number.NaN, Number.NaN];
    /** Per link class: whether its latest status is ambiguous (tied with a different one). */
    const tied = [false, false, false, false];
    /** Per link class: the latest status of a row that is no repeat, not even possibly (RETURN). */
    const solidStatus = [0, 0, 0, 0];
    for (let i = 0; i < k; i++) {
      const r = order[i] as number;
      const link = this.rowLink[r] as LinkClass;
      const time = this.rowTime[r] as number;
      if (Number.isNaN(firstTime[link] as number)) firstTime[link] = time;
      if (repeat[i] === REPEAT) continue;
      const status = this.rowStatus[r] as number;
      if (status === 0) continue;
      if (repeat[i] !== RETURN) solidStatus[link] = status;
      const previous = lastStatus[link] as number;
      if (previous !== 0 && previous !== status) {
        t.statusNewRow.changes += 1;
        // Rows stamped alike cannot be ordered by the table: the change is a new row, but which is the
        // latest is open (the model allows it: a change and its sync within one instant).
        tied[link] = time === lastTime[link];
        if (tied[link]) t.statusNewRow.ties += 1;
      } else if (time !== lastTime[link]) tied[link] = false;
      lastStatus[link] = status;
      lastTime[link] = time;
      lastRow[link] = r;
    }
    const subFirst = firstTime[LINK_PORTAL] as number;
    const tenFirst = firstTime[LINK_XDR] as number;
    if (!Number.isNaN(subFirst) && !Number.isNaN(tenFirst)) {
      t.tenSlower.situations += 1;
      if (tenFirst > subFirst) t.tenSlower.successes += 1;
    }
    const view = this.view;
    const code = this.subscription[a] as number;
    const subscription = code < 0 ? null : (this.subscriptions.values[code] as string);
    const both =
      view !== null &&
      view.subscription(subscription) === 'yes' &&
      view.tenant(this.severity[a] as number) === 'yes';
    // The latest rows of both connectors must agree once both had time to catch up.
    const subStatus = lastStatus[LINK_PORTAL] as number;
    const tenStatus = lastStatus[LINK_XDR] as number;
    if (subStatus !== 0 && tenStatus !== 0 && !tied[LINK_PORTAL] && !tied[LINK_XDR]) {
      const caughtUp = (this.lastTime[a] as number) + TENANT_ROW_DELAY_MAX_MS + TOL <= this.end;
      // A latest row identical to an older one is a return to that status or a repeat of it: either way
      // the connector may stand at its own latest row or at its latest certain change.
      const sub = [subStatus, solidStatus[LINK_PORTAL]];
      const ten = [tenStatus, solidStatus[LINK_XDR]];
      const disagree = !sub.some((status) => status !== 0 && ten.includes(status));
      // Latest rows that agree are judged wherever they lie; disagreeing ones only once both connectors had
      // time to catch up (the slower one's next row may lie past the export's end).
      if (!caughtUp && disagree) t.statusNewRow.tooRecent += 1;
      else if (view === null) {
        if (disagree) t.statusNewRow.disagreeUnjudged += 1;
      } else if (both) {
        t.statusNewRow.bothJudged += 1;
        if (disagree) {
          const rows = [
            this.rowRef(lastRow[LINK_PORTAL] as number, a),
            this.rowRef(lastRow[LINK_XDR] as number, a),
          ];
          t.statusNewRow.found.addLazy(() => ({
            message:
              'the two connectors’ latest rows of one MDC alert disagree on its status long after both should have caught up, though the configuration has both forwarding it',
            rows,
          }));
        }
      }
    }
    // BOTH-DUPLICATES: an alert both connectors forward arrives through both.
    if (both) {
      const raised = this.nameStart[a] as number;
      const unattributed =
        !Number.isNaN(firstTime[LINK_NONE] as number) || !Number.isNaN(firstTime[LINK_OTHER] as number);
      const arrivedThroughBoth = !Number.isNaN(subFirst) && !Number.isNaN(tenFirst);
      if (unattributed && !arrivedThroughBoth) t.bothDuplicates.unknown += 1;
      else if (
        // Both connectors' rows in the export are evidence wherever they lie; one missing is undecidable when
        // its row may lie outside the export (raised before its first row, or too close to its last).
        !arrivedThroughBoth &&
        (Number.isNaN(raised) || raised < this.start || raised + TENANT_ROW_DELAY_MAX_MS + TOL > this.end)
      ) {
        t.bothDuplicates.tooRecent += 1;
      } else {
        t.bothDuplicates.situations += 1;
        if (Number.isNaN(subFirst) || Number.isNaN(tenFirst)) {
          const only = Number.isNaN(subFirst) ? 'the tenant connector' : 'the subscription connector';
          t.bothDuplicates.found.addLazy(() => ({
            message: `an MDC alert both connectors forward (by the configuration) arrived only through ${only}`,
            rows: [this.firstRef(a)],
          }));
        }
      }
    }
  }
}
