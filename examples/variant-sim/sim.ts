/**
 * A second Sentinel simulator, written from the article and Microsoft's documentation rather than from the
 * suite's reference model, and different from it on purpose wherever the sources leave a choice open:
 *
 * - Defender XDR ingests an MDC alert some time after its raise and decides then, by its setting at that
 *   moment, whether it takes it; the tenant connector decides when XDR has the alert.
 * - XDR creates its incident some minutes after ingesting the alert.
 * - Delays sit at the documented upper ends (`VARIANT_TIMING=latest`), at zero (`zero`) or anywhere in
 *   between, drawn per alert from a hash of the scenario (`mixed`, the default).
 * - Timeline steps run before the world's own events that fall due at the same instant.
 * - Its own id formats: upper-case SystemAlertId GUIDs, incident numbers from 501, XDR incident ids from
 *   88001, 'Microsoft 365 Defender' as the XDR provider name, a lower-case 'redirected' tag, and a merge
 *   that keeps the newest open incident as the target.
 *
 * `VARIANT_BUG=<name>` turns on one seeded bug (BUGS below; README.md says which behaviour each breaks).
 */
import type {
  AlertRow,
  Change,
  Config,
  IncidentRow,
  MdcStatus,
  Observation,
  Profile,
  Scenario,
  Severity,
  Step,
  XdrStatus,
} from './types.ts';

export const BUGS = [
  'redirect-label-merged',
  'merge-into-closed-target',
  'tenant-row-at-close',
  'sub-duplicate-rows',
  'sync-read-at-incident-creation',
  'incident-number-on-close',
  'alert-id-per-minute',
  'processing-end-late',
  'ticks-from-unix-epoch',
  'rule-product-prefix',
  'sentinel-close-xdr-inprogress',
  'xdr-incident-as-sentinel',
] as const;
export type Bug = (typeof BUGS)[number];

export type TimingMode = 'latest' | 'zero' | 'mixed';

/** Who goes first at one instant: the timeline's steps (default) or the world's events due then. */
export type TieOrder = 'steps-first' | 'events-first';

export interface Options {
  timing?: TimingMode;
  ties?: TieOrder;
  bug?: Bug | undefined;
}

const MIN = 60_000;

/** Upper ends of each delay, from the docs where they give one (see README.md). */
const BOUNDS = {
  subscription: 10 * MIN,
  tenant: 30 * MIN,
  xdrIngest: 2 * MIN,
  xdrCreate: 5 * MIN,
  xdrConnector: 10 * MIN,
  sync: 5 * MIN,
  rule: 2 * MIN,
} as const;
type DelayKind = keyof typeof BOUNDS;

/** The delays the `latest` timing uses: the bounds, except XDR's own steps, a minute and three. */
const LATEST: Record<DelayKind, number> = {
  ...BOUNDS,
  xdrIngest: 1 * MIN,
  xdrCreate: 3 * MIN,
};

/** FNV-1a, 32 bits: a deterministic hash for ids and delays. */
function hash(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}

function guidFrom(seed: string, upper: boolean): string {
  let hex = '';
  for (let i = 0; hex.length < 32; i++) hex += hash(`${seed}#${i}`).toString(16).padStart(8, '0');
  const variant = ((Number.parseInt(hex[16] as string, 16) & 0x3) | 0x8).toString(16);
  const g = `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
  return upper ? g.toUpperCase() : g;
}

const TICKS_MAX = 3155378975999999999n;
const TICKS_AT_UNIX_EPOCH = 621355968000000000n;

function reverseTicks(epochMs: number, fromUnixEpoch: boolean): string {
  const ticks = BigInt(epochMs) * 10000n + (fromUnixEpoch ? 0n : TICKS_AT_UNIX_EPOCH);
  return (TICKS_MAX - ticks).toString();
}

function statusInTable(status: MdcStatus): string {
  return status === 'Active' ? 'New' : status;
}

interface AlertState {
  handle: string;
  guid: string;
  subscription: string;
  severity: Severity;
  alertType: string;
  raisedAt: number;
  name: string;
  said: string;
  status: MdcStatus;
  history: { time: number; status: MdcStatus }[];
  ingestAt: number;
  inXdr: boolean;
  /** The XDR incident holding the alert now. */
  xdrIncident?: string;
  lastRow: { subscription?: string; tenant?: string };
  firstRowAt?: number;
  /** An MDC connector took the raise: its row will come. */
  raiseTaken: boolean;
  ruleIncident?: number;
  rulePending: boolean;
  /** XDR incidents waiting for this alert's first row before they reach Sentinel (ideal profile). */
  waiting: string[];
}

interface SentinelIncident {
  number: number;
  name: string;
  provider: string;
  providerIncidentId: string;
  title: string;
  severity: string;
  status: 'New' | 'Active' | 'Closed';
  classification: string;
  labels: { labelName: string; labelType: string }[];
  alertIds: string[];
  created: number;
  closed?: number;
  /** For a rule incident: its alert and the connector whose row created it. */
  alert?: string;
  fromConnector?: 'subscription' | 'tenant';
  subEnabledAtCreation?: boolean;
  xdrId?: string;
}

interface XdrIncident {
  id: string;
  created: number;
  alerts: string[];
  history: { time: number; status: XdrStatus }[];
  redirect?: string;
  /** Its Sentinel incident number, once it arrived. */
  sentinel?: number;
  /** The XDR connector was on at its creation: it will reach Sentinel. */
  bound: boolean;
  cancelled: boolean;
}

interface Pending {
  t: number;
  seq: number;
  run: () => void;
}

function timingFromEnv(): TimingMode {
  const v = process.env.VARIANT_TIMING;
  return v === 'latest' || v === 'zero' || v === 'mixed' ? v : 'mixed';
}

export function optionsFromEnv(): Options {
  const bug = process.env.VARIANT_BUG;
  if (bug !== undefined && bug !== '' && !(BUGS as readonly string[]).includes(bug)) {
    throw new Error(`VARIANT_BUG=${bug} is not a seeded bug (known: ${BUGS.join(', ')})`);
  }
  const ties: TieOrder = process.env.VARIANT_TIES === 'events-first' ? 'events-first' : 'steps-first';
  return { timing: timingFromEnv(), ties, bug: bug ? (bug as Bug) : undefined };
}

class World {
  private now = 0;
  private seq = 0;
  private queue: Pending[] = [];
  private readonly cfg: Config;
  private readonly subs = new Set<string>();
  private readonly alerts = new Map<string, AlertState>();
  private readonly alertOrder: AlertState[] = [];
  private readonly incidents = new Map<number, SentinelIncident>();
  private readonly xdrIncidents = new Map<string, XdrIncident>();
  private readonly xdrAlerts: { name: string; time: number }[] = [];
  private readonly alertRows: AlertRow[] = [];
  private readonly incidentRows: IncidentRow[] = [];
  private nextIncidentNumber = 501;
  private nextXdrId = 88001;
  private readonly startMs: number;

  constructor(
    private readonly scenario: Scenario,
    private readonly profile: Profile,
    private readonly timing: TimingMode,
    private readonly ties: TieOrder,
    private readonly bug: Bug | undefined,
  ) {
    this.startMs = Date.parse(scenario.start);
    this.cfg = structuredClone(scenario.config);
    for (const s of this.cfg.subscriptions) this.subs.add(s);
  }

  private iso(t: number): string {
    return new Date(this.startMs + t).toISOString();
  }

  private delay(kind: DelayKind, key: string): number {
    if (this.timing === 'zero') return 0;
    if (this.timing === 'latest') return LATEST[kind];
    const h = hash(`${this.scenario.tenantId}|${key}|${kind}`);
    const pick = h % 10;
    if (pick < 2) return 0;
    if (pick < 4) return BOUNDS[kind];
    const fraction = (h >>> 8) / 0x1000000;
    return Math.floor((fraction * BOUNDS[kind]) / 1000) * 1000;
  }

  private at(t: number, run: () => void): void {
    this.queue.push({ t: Math.max(t, this.now), seq: this.seq++, run });
  }

  /** Runs the world's events due strictly before `until` (or up to and including it when `inclusive`). */
  private runUntil(until: number, inclusive: boolean): void {
    for (;;) {
      let best: Pending | undefined;
      let bestIndex = -1;
      this.queue.forEach((p, i) => {
        if (!best || p.t < best.t || (p.t === best.t && p.seq < best.seq)) {
          best = p;
          bestIndex = i;
        }
      });
      if (!best) return;
      const next: Pending = best;
      if (inclusive ? next.t > until : next.t >= until) return;
      this.queue.splice(bestIndex, 1);
      this.now = next.t;
      next.run();
    }
  }

  run(): Observation {
    let clock = 0;
    for (const step of this.scenario.timeline) {
      if (step.type === 'wait') {
        const next = clock + step.minutes * MIN;
        // steps-first: the events that fall due at the same instant as steps wait for the next advance.
        this.runUntil(next, this.ties === 'events-first');
        clock = next;
        this.now = clock;
        continue;
      }
      this.now = clock;
      this.step(step);
      // events-first: what a step set off with no delay happens before the next step.
      if (this.ties === 'events-first') this.runUntil(clock, true);
    }
    const end = clock + this.scenario.settleMinutes * MIN;
    this.runUntil(end, true);
    return this.observation();
  }

  // ---- steps

  private step(step: Exclude<Step, { type: 'wait' }>): void {
    switch (step.type) {
      case 'alert-raised':
        this.raise(step);
        return;
      case 'mdc-status-changed': {
        const a = this.alerts.get(step.alert);
        if (a) this.mdcSet(a, step.status);
        return;
      }
      case 'sentinel-incident-closed':
        this.sentinelChange(step.alert, step.provider, 'close', step.classification);
        return;
      case 'sentinel-incident-updated':
        this.sentinelChange(step.alert, step.provider, 'update', '');
        return;
      case 'xdr-incident-closed':
        this.xdrClose(step.alert);
        return;
      case 'xdr-correlated':
        this.correlate(step.alerts);
        return;
      case 'subscription-added':
        this.subs.add(step.subscription);
        return;
      case 'config-changed':
        this.change(step.change);
        return;
    }
  }

  private change(change: Change): void {
    const cfg = this.cfg;
    switch (change.kind) {
      case 'subscription-connector-enabled':
        cfg.subscriptionConnector = cfg.subscriptionConnector.filter(
          (c) => c.subscription !== change.subscription,
        );
        cfg.subscriptionConnector.push({ subscription: change.subscription, sync: change.sync });
        return;
      case 'subscription-connector-disabled':
        cfg.subscriptionConnector = cfg.subscriptionConnector.filter(
          (c) => c.subscription !== change.subscription,
        );
        return;
      case 'tenant-connector':
        cfg.tenantConnector = change.enabled;
        return;
      case 'xdr-mdc-setting':
        cfg.xdrMdcSetting = change.value;
        return;
      case 'xdr-connector':
        cfg.xdrConnector = change.enabled;
        return;
      case 'rule-added':
        cfg.incidentRules = cfg.incidentRules.filter((r) => r.name !== change.rule.name);
        cfg.incidentRules.push(structuredClone(change.rule));
        return;
      case 'rule-removed':
        cfg.incidentRules = cfg.incidentRules.filter((r) => r.name !== change.name);
        return;
    }
  }

  private raise(step: Extract<Step, { type: 'alert-raised' }>): void {
    const raisedAt = this.now;
    const epoch = this.startMs + raisedAt;
    const name = `${reverseTicks(epoch, this.bug === 'ticks-from-unix-epoch')}_${step.guid}`;
    const said =
      this.bug === 'alert-id-per-minute'
        ? guidFrom(`${this.scenario.tenantId}|${step.subscription}|${Math.floor(raisedAt / MIN)}`, true)
        : guidFrom(`${this.scenario.tenantId}|${step.guid}|alert`, true);
    const a: AlertState = {
      handle: step.alert,
      guid: step.guid,
      subscription: step.subscription,
      severity: step.severity,
      alertType: step.alertType,
      raisedAt,
      name,
      said,
      status: 'Active',
      history: [{ time: raisedAt, status: 'Active' }],
      ingestAt: raisedAt + this.delay('xdrIngest', step.guid),
      inXdr: false,
      lastRow: {},
      raiseTaken: false,
      rulePending: false,
      waiting: [],
    };
    this.alerts.set(a.handle, a);
    this.alertOrder.push(a);
    this.at(a.ingestAt, () => this.ingest(a));
    this.connectorsTake(a, raisedAt, true);
  }

  /** An MDC event: the alert takes a new status (a change to its current status is none). */
  private mdcSet(a: AlertState, status: MdcStatus): void {
    if (a.status === status) return;
    a.status = status;
    a.history.push({ time: this.now, status });
    this.connectorsTake(a, this.now, false);
  }

  private connectorsTake(a: AlertState, e: number, isRaise: boolean): void {
    if (this.cfg.subscriptionConnector.some((c) => c.subscription === a.subscription)) {
      if (isRaise) a.raiseTaken = true;
      this.at(e + this.delay('subscription', a.guid), () => this.deliver(a, 'subscription'));
    }
    // The tenant connector reads the alert from Defender XDR: it decides once XDR has (or has not) taken it.
    const decideAt = Math.max(e, a.ingestAt);
    this.at(decideAt, () => {
      if (!a.inXdr || !this.cfg.tenantConnector) return;
      if (isRaise) a.raiseTaken = true;
      const d = Math.max(this.delay('tenant', a.guid), a.ingestAt - a.raisedAt);
      this.at(e + d, () => this.deliver(a, 'tenant'));
    });
  }

  private deliver(a: AlertState, connector: 'subscription' | 'tenant', forced?: string): void {
    const status = forced ?? statusInTable(a.status);
    if (a.lastRow[connector] === status && forced === undefined) return;
    this.writeRow(a, connector, status);
    if (this.bug === 'sub-duplicate-rows' && connector === 'subscription')
      this.writeRow(a, connector, status);
  }

  private writeRow(a: AlertState, connector: 'subscription' | 'tenant', status: string): void {
    const raise = this.iso(a.raisedAt);
    const generated = this.iso(this.now);
    const row: AlertRow = {
      TimeGenerated: generated,
      SystemAlertId: a.said,
      VendorOriginalId: a.name,
      AlertName: `Defender for Cloud detection ${a.alertType}`,
      AlertSeverity: a.severity,
      AlertType: a.alertType,
      ProductName: 'Azure Security Center',
      ProviderName: 'Azure Security Center',
      VendorName: 'Microsoft',
      AlertLink:
        connector === 'subscription'
          ? `https://portal.azure.com/#blade/Microsoft_Azure_Security/AlertBlade/alertId/${a.name}/subscriptionId/${a.subscription}/resourceGroup/rg-variant/referencedFrom/alertDeepLink/location/northeurope`
          : `https://security.microsoft.com/alerts/dc${a.name}?tid=${this.scenario.tenantId}`,
      Status: status,
      StartTime: raise,
      EndTime: raise,
      ProcessingEndTime: this.bug === 'processing-end-late' ? this.iso(this.now + MIN) : raise,
      ResourceId: `/SUBSCRIPTIONS/${a.subscription.toUpperCase()}/RESOURCEGROUPS/RG-VARIANT/PROVIDERS/MICROSOFT.COMPUTE/VIRTUALMACHINES/VM-${a.handle.toUpperCase()}`,
      _Connector: connector,
    };
    this.alertRows.push(row);
    a.lastRow[connector] = status;
    if (a.firstRowAt === undefined) {
      a.firstRowAt = this.now;
      this.alertArrived(a);
    }
    this.rules(a, row, connector);
  }

  private ruleMatches(a: AlertState): boolean {
    return this.cfg.incidentRules.some((r) => {
      const product =
        this.bug === 'rule-product-prefix'
          ? r.productFilter.some((p) => p.startsWith('Azure Security Center'))
          : r.productFilter.includes('Azure Security Center');
      return product && (r.severitiesFilter.length === 0 || r.severitiesFilter.includes(a.severity));
    });
  }

  private rules(a: AlertState, row: AlertRow, connector: 'subscription' | 'tenant'): void {
    if (a.ruleIncident !== undefined || a.rulePending || !this.ruleMatches(a)) return;
    a.rulePending = true;
    this.at(this.now + this.delay('rule', a.guid), () => {
      const inc = this.newIncident({
        provider: 'Azure Sentinel',
        title: row.AlertName,
        severity: a.severity,
        alertIds: [a.said],
        alert: a.handle,
        fromConnector: connector,
        subEnabledAtCreation: this.cfg.subscriptionConnector.some((c) => c.subscription === a.subscription),
      });
      a.ruleIncident = inc.number;
      this.incidentRow(inc, 'Incident created from alert');
    });
  }

  private newIncident(spec: {
    provider: string;
    title: string;
    severity: string;
    alertIds: string[];
    alert?: string;
    fromConnector?: 'subscription' | 'tenant';
    subEnabledAtCreation?: boolean;
    xdrId?: string;
  }): SentinelIncident {
    const number = this.nextIncidentNumber++;
    const inc: SentinelIncident = {
      number,
      name: guidFrom(`${this.scenario.tenantId}|incident|${number}`, false),
      provider: spec.provider,
      providerIncidentId: spec.xdrId ?? String(number),
      title: spec.title,
      severity: spec.severity,
      status: 'New',
      classification: '',
      labels: [],
      alertIds: spec.alertIds,
      created: this.now,
      ...(spec.alert !== undefined ? { alert: spec.alert } : {}),
      ...(spec.fromConnector !== undefined ? { fromConnector: spec.fromConnector } : {}),
      ...(spec.subEnabledAtCreation !== undefined ? { subEnabledAtCreation: spec.subEnabledAtCreation } : {}),
      ...(spec.xdrId !== undefined ? { xdrId: spec.xdrId } : {}),
    };
    this.incidents.set(number, inc);
    return inc;
  }

  private incidentRow(inc: SentinelIncident, modifiedBy: string): void {
    const renumber = this.bug === 'incident-number-on-close' && inc.status === 'Closed';
    this.incidentRows.push({
      TimeGenerated: this.iso(this.now),
      IncidentName: inc.name,
      IncidentNumber: renumber ? inc.number + 1000 : inc.number,
      Title: inc.title,
      Severity: inc.severity,
      Status: inc.status,
      Classification: inc.classification,
      ProviderName: inc.provider,
      ProviderIncidentId: inc.providerIncidentId,
      Labels: inc.labels.map((l) => ({ ...l })),
      AlertIds: [...inc.alertIds],
      CreatedTime: this.iso(inc.created),
      LastModifiedTime: this.iso(this.now),
      ClosedTime: inc.closed !== undefined ? this.iso(inc.closed) : '',
      ModifiedBy: modifiedBy,
    });
  }

  private closeIncident(
    inc: SentinelIncident,
    classification: string,
    by: string,
    labels = inc.labels,
  ): void {
    inc.status = 'Closed';
    inc.classification = classification;
    inc.closed = this.now;
    inc.labels = labels;
    this.incidentRow(inc, by);
  }

  private sentinelChange(
    handle: string,
    provider: 'Azure Sentinel' | 'Microsoft XDR',
    action: 'close' | 'update',
    classification: string,
  ): void {
    const a = this.alerts.get(handle);
    if (!a) return;
    let inc: SentinelIncident | undefined;
    let xinc: XdrIncident | undefined;
    if (provider === 'Azure Sentinel') {
      inc = a.ruleIncident !== undefined ? this.incidents.get(a.ruleIncident) : undefined;
    } else {
      xinc = a.xdrIncident !== undefined ? this.xdrIncidents.get(a.xdrIncident) : undefined;
      inc = xinc?.sentinel !== undefined ? this.incidents.get(xinc.sentinel) : undefined;
    }
    if (!inc || inc.status === 'Closed') return;
    if (action === 'close') this.closeIncident(inc, classification, 'Analyst');
    else {
      inc.status = 'Active';
      this.incidentRow(inc, 'Analyst');
    }
    if (provider === 'Azure Sentinel') {
      const conn = this.cfg.subscriptionConnector.find((c) => c.subscription === a.subscription);
      let sync = conn?.sync === true;
      if (
        this.bug === 'sync-read-at-incident-creation' &&
        inc.fromConnector === 'tenant' &&
        inc.subEnabledAtCreation === false
      ) {
        sync = false;
      }
      if (sync) {
        const target: MdcStatus = action === 'close' ? 'Resolved' : 'InProgress';
        this.at(this.now + this.delay('sync', a.guid), () => this.mdcSet(a, target));
      }
      if (this.bug === 'tenant-row-at-close' && action === 'close' && a.lastRow.tenant !== undefined) {
        this.at(this.now + this.delay('tenant', a.guid), () => this.deliver(a, 'tenant', 'Resolved'));
      }
      return;
    }
    if (!xinc || !this.cfg.xdrConnector) return;
    const x = xinc;
    const held = [...x.alerts];
    const d = this.delay('sync', a.guid);
    if (action === 'close') {
      this.at(this.now + d, () => {
        if (this.xdrOpen(x)) {
          this.xdrStatus(x, this.bug === 'sentinel-close-xdr-inprogress' ? 'inProgress' : 'resolved');
        }
        for (const h of held) {
          const held = this.alerts.get(h);
          if (held) this.mdcSet(held, 'Resolved');
        }
      });
    } else {
      this.at(this.now + d, () => {
        if (x.history.at(-1)?.status === 'active') this.xdrStatus(x, 'inProgress');
      });
    }
  }

  // ---- Defender XDR

  private xdrOpen(x: XdrIncident): boolean {
    const s = x.history.at(-1)?.status;
    return s === 'active' || s === 'inProgress';
  }

  private xdrStatus(x: XdrIncident, status: XdrStatus): void {
    x.history.push({ time: this.now, status });
  }

  private ingest(a: AlertState): void {
    if (this.cfg.xdrMdcSetting !== 'All alerts' || a.severity === 'Informational') return;
    a.inXdr = true;
    this.xdrAlerts.push({ name: a.name, time: this.now });
    this.at(this.now + this.delay('xdrCreate', a.guid), () => {
      const x = this.newXdrIncident([a.handle]);
      a.xdrIncident = x.id;
    });
  }

  private newXdrIncident(handles: string[]): XdrIncident {
    const x: XdrIncident = {
      id: String(this.nextXdrId++),
      created: this.now,
      alerts: handles,
      history: [{ time: this.now, status: 'active' }],
      bound: this.cfg.xdrConnector,
      cancelled: false,
    };
    this.xdrIncidents.set(x.id, x);
    if (x.bound) {
      const key = this.alerts.get(handles[0] as string)?.guid ?? x.id;
      this.at(this.now + this.delay('xdrConnector', key), () => this.xdrArrive(x));
    }
    return x;
  }

  /** The XDR connector brings an incident to Sentinel; in `ideal`, not before a row of its alert that is on its way. */
  private xdrArrive(x: XdrIncident): void {
    if (x.cancelled || x.sentinel !== undefined) return;
    if (this.profile === 'ideal') {
      const waitFor = x.alerts
        .map((h) => this.alerts.get(h) as AlertState)
        .find((a) => a.raiseTaken && a.firstRowAt === undefined);
      if (waitFor) {
        waitFor.waiting.push(x.id);
        return;
      }
    }
    const first = this.alerts.get(x.alerts[0] as string) as AlertState;
    const inc = this.newIncident({
      provider: this.bug === 'xdr-incident-as-sentinel' ? 'Azure Sentinel' : 'Microsoft 365 Defender',
      title: `Defender for Cloud detection ${first.alertType} on one resource`,
      severity: first.severity,
      alertIds: this.linkedIds(x),
      xdrId: x.id,
    });
    x.sentinel = inc.number;
    this.incidentRow(inc, 'Microsoft 365 Defender');
    if (x.history.at(-1)?.status === 'resolved')
      this.closeIncident(inc, 'Undetermined', 'Microsoft 365 Defender');
  }

  private linkedIds(x: XdrIncident): string[] {
    return x.alerts
      .map((h) => this.alerts.get(h) as AlertState)
      .filter((a) => a.firstRowAt !== undefined)
      .map((a) => a.said);
  }

  /** An alert's first row: XDR incidents in Sentinel that hold it link it; ones waiting for it arrive. */
  private alertArrived(a: AlertState): void {
    const waiting = a.waiting.splice(0);
    for (const x of this.xdrIncidents.values()) {
      if (x.sentinel === undefined || !x.alerts.includes(a.handle)) continue;
      const inc = this.incidents.get(x.sentinel) as SentinelIncident;
      if (inc.alertIds.includes(a.said)) continue;
      inc.alertIds = [...inc.alertIds, a.said];
      this.incidentRow(inc, 'Microsoft 365 Defender');
    }
    for (const id of waiting) this.xdrArrive(this.xdrIncidents.get(id) as XdrIncident);
  }

  private xdrClose(handle: string): void {
    const a = this.alerts.get(handle);
    const x = a?.xdrIncident !== undefined ? this.xdrIncidents.get(a.xdrIncident) : undefined;
    if (!x || !this.xdrOpen(x)) return;
    this.xdrStatus(x, 'resolved');
    const held = [...x.alerts];
    const key = (a as AlertState).guid;
    this.at(this.now + this.delay('sync', key), () => {
      for (const h of held) {
        const h2 = this.alerts.get(h);
        if (h2) this.mdcSet(h2, 'Resolved');
      }
    });
    if (this.cfg.xdrConnector) {
      this.at(this.now + this.delay('xdrConnector', key), () => {
        const inc = x.sentinel !== undefined ? this.incidents.get(x.sentinel) : undefined;
        if (inc && inc.status !== 'Closed') this.closeIncident(inc, 'Undetermined', 'Microsoft 365 Defender');
      });
    }
  }

  private correlate(handles: string[]): void {
    const ids = new Set<string>();
    for (const h of handles) {
      const id = this.alerts.get(h)?.xdrIncident;
      if (id !== undefined) ids.add(id);
    }
    const all = [...ids].map((id) => this.xdrIncidents.get(id) as XdrIncident);
    const open = all.filter((x) => this.xdrOpen(x));
    const takeClosed = this.bug === 'merge-into-closed-target';
    if (open.length < 2 && !(takeClosed && all.length >= 2 && open.length >= 1)) return;
    const newest = (xs: XdrIncident[]) =>
      xs.reduce((b, x) =>
        x.created > b.created || (x.created === b.created && Number(x.id) > Number(b.id)) ? x : b,
      );
    let holder: XdrIncident;
    let sources: XdrIncident[];
    if (this.profile === 'ideal') {
      holder = newest(takeClosed ? all : open);
      sources = open.filter((x) => x !== holder);
    } else {
      const members = takeClosed ? all : open;
      holder = this.newXdrIncident(members.flatMap((x) => x.alerts));
      sources = open;
    }
    const moved = (takeClosed ? all : open).filter((x) => x !== holder).flatMap((x) => x.alerts);
    if (this.profile === 'ideal')
      holder.alerts = [...holder.alerts, ...moved.filter((h) => !holder.alerts.includes(h))];
    for (const h of holder.alerts) {
      const alert = this.alerts.get(h);
      if (alert) alert.xdrIncident = holder.id;
    }
    for (const s of sources) {
      s.alerts = [];
      s.redirect = holder.id;
      this.xdrStatus(s, 'redirected');
      if (s.sentinel === undefined) s.cancelled = true;
    }
    if (takeClosed) for (const c of all.filter((x) => !this.xdrOpen(x) && x !== holder)) c.alerts = [];
    if (!this.cfg.xdrConnector) return;
    const key = this.alerts.get(handles[0] as string)?.guid ?? holder.id;
    this.at(this.now + this.delay('xdrConnector', key), () => {
      for (const s of sources) {
        const inc = s.sentinel !== undefined ? this.incidents.get(s.sentinel) : undefined;
        if (!inc) continue;
        const label = this.bug === 'redirect-label-merged' ? 'Merged' : 'redirected';
        const labels = [...inc.labels, { labelName: label, labelType: 'AutoAssigned' }];
        const by = 'Microsoft Defender XDR - alert correlation';
        if (inc.status !== 'Closed') this.closeIncident(inc, 'Undetermined', by, labels);
        else {
          // Closed in Sentinel while XDR still had it open (the close had not synced yet): it gets the tag.
          inc.labels = labels;
          this.incidentRow(inc, by);
        }
      }
      const hinc = holder.sentinel !== undefined ? this.incidents.get(holder.sentinel) : undefined;
      if (hinc) {
        const ids = this.linkedIds(holder);
        if (ids.some((id) => !hinc.alertIds.includes(id))) {
          hinc.alertIds = ids;
          this.incidentRow(hinc, 'Microsoft Defender XDR - alert correlation');
        }
      }
    });
  }

  // ---- result

  private observation(): Observation {
    return {
      SecurityAlert: this.alertRows,
      SecurityIncident: this.incidentRows,
      mdc: {
        alerts: this.alertOrder.map((a) => ({
          name: a.name,
          statusHistory: a.history.map((h) => ({ time: this.iso(h.time), status: h.status })),
        })),
      },
      xdr: {
        alerts: this.xdrAlerts.map((x) => ({ name: x.name, time: this.iso(x.time) })),
        incidents: [...this.xdrIncidents.values()].map((x) => ({
          id: x.id,
          createdTime: this.iso(x.created),
          alertNames: x.alerts.map((h) => (this.alerts.get(h) as AlertState).name),
          statusHistory: x.history.map((h) => ({ time: this.iso(h.time), status: h.status })),
          ...(x.redirect !== undefined ? { redirectIncidentId: x.redirect } : {}),
        })),
      },
    };
  }
}

export function simulateVariant(scenario: Scenario, profile: Profile, options: Options = {}): Observation {
  return new World(
    scenario,
    profile,
    options.timing ?? 'mixed',
    options.ties ?? 'steps-first',
    options.bug,
  ).run();
}
