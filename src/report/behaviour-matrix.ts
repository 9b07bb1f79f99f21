/**
 * The behaviour matrix: for each combination of subscription connector (off / on / on+sync), tenant
 * connector, XDR's MDC setting, XDR connector and incident creation rule, what reaches Sentinel for one
 * alert, what closing its incidents does, which pitfalls it shows and which advice `lint` gives. Each cell is
 * read off observations of the reference simulator on small probe scenarios (one High alert, one
 * Informational alert; then closing its incidents in Sentinel, in XDR, or closing the alert in MDC). What comes
 * first is read off the same probe under several schedules the model allows (either connector faster; the XDR
 * incident early where the observed profile allows it), so it states what may happen, not one fixed timing.
 */
import type { Severity, WorkspaceConfig, XdrMdcSetting } from '../../model/config.ts';
import { adviceBehaviours } from '../../model/invariants/advice.ts';
import type { Observation } from '../../model/observation.ts';
import { IDEAL, OBSERVED, type Profile } from '../../model/profile.ts';
import type { AlertSchedule, Schedule } from '../../model/reference/schedule.ts';
import { simulate } from '../../model/reference/simulator.ts';
import type { Scenario } from '../../model/scenario.ts';
import { isSentinelProvider, isXdrProvider } from '../../model/tables.ts';
import { MINUTE } from '../../model/time.ts';
import type { Step } from '../../model/timeline.ts';

export type SubscriptionMode = 'off' | 'on' | 'on+sync';
export type Connector = 'subscription' | 'tenant';

export interface MatrixKey {
  subscription: SubscriptionMode;
  tenant: boolean;
  xdrSetting: XdrMdcSetting;
  xdrConnector: boolean;
  rule: boolean;
}

/** What arrives for one alert of a severity: the connectors whose rows came, the rows, the incidents. */
export interface Arrival {
  /** Connectors through which SecurityAlert rows arrived, e.g. ['subscription', 'tenant']. */
  alertVia: Connector[];
  alertRows: number;
  /** Provider names of the incidents created for the alert. */
  incidents: string[];
}

/** The pitfalls a row can show; PROBLEMS says what each means and which advice covers it. */
export type Problem =
  | 'nothing-arrives'
  | 'no-incident'
  | 'tenant-silenced'
  | 'empty-incident'
  | 'duplicate-incidents'
  | 'rule-incident-left-open'
  | 'duplicate-rows'
  | 'informational-lost'
  | 'informational-no-incident';

/** What the model predicts for one High alert (`lint` predicts the same columns per subscription and severity). */
export interface MatrixCell extends MatrixKey, Arrival {
  /** An XDR incident in Sentinel with no AlertIds at the end. */
  emptyIncident: boolean;
  /** Closing the rule incident in Sentinel closes the MDC alert. */
  ruleCloseToMdc: boolean;
  /** Closing the XDR incident in Sentinel closes the XDR incident and the MDC alert. */
  xdrCloseToMdc: boolean;
  /** Closing the incident in XDR closes the Sentinel incident. */
  xdrToSentinel: boolean;
  /** Closing the alert in MDC changes a Sentinel incident. */
  mdcCloseToIncident: boolean;
}

/** A row of the matrix: the cell, plus what a SOC engineer choosing connectors needs besides. */
export interface MatrixRow extends MatrixCell {
  /** What arrives for an Informational alert (DOC-TEN-NO-INFORMATIONAL: it never reaches XDR). */
  informational: Arrival;
  /** Which incidents exist for the High alert: a question about one that does not is "not applicable". */
  has: { ruleIncident: boolean; xdrIncident: boolean };
  /**
   * With both a rule incident and an XDR incident, closing the XDR incident (in Sentinel, or in XDR) leaves the
   * rule incident open (New).
   */
  ruleLeftOpen: boolean;
  /** The connector(s) whose row arrived first, under the probe timings; empty unless both bring a row. */
  firstRowVia: Connector[];
  /**
   * Whether the XDR incident can reach Sentinel before the alert's first row: under the ideal profile, and
   * under the observed one (Q-INCIDENT-BEFORE-ALERT); null without both an XDR incident and an alert row.
   */
  xdrIncidentFirst: { ideal: boolean; observed: boolean } | null;
  /** The pitfalls this configuration shows, in PROBLEMS order. */
  problems: Problem[];
  /** The advice IDs `lint` gives for this configuration (model/invariants/advice.ts). */
  advice: string[];
}

/** Timing of the probes: the tenant connector slower than the subscription one, as the article typically saw. */
const TYPICAL: AlertSchedule = {
  subscriptionDelayMs: 2 * MINUTE,
  tenantDelayMs: 12 * MINUTE,
  xdrIngestDelayMs: 0,
  xdrIncidentCreateDelayMs: 0,
  xdrIncidentDelayMs: 5 * MINUTE,
  ruleDelayMs: 1 * MINUTE,
  syncDelayMs: 1 * MINUTE,
  xdrSyncDelayMs: 1 * MINUTE,
  tenantRepeatGapsMs: [],
  futureMs: 0,
  nonUtcOffsetMinutes: 0,
  incidentBeforeAlert: false,
};

const PROBE_SCHEDULE: Schedule = { perAlert: [TYPICAL] };

/**
 * Other timings the model allows, for what comes first: the tenant connector faster (TEN-SLOWER is only
 * typical), and the XDR incident quick while both connectors are slow, asking for Q-INCIDENT-BEFORE-ALERT
 * (which only a profile allowing it applies).
 */
const TIMING_SCHEDULES: readonly Schedule[] = [
  PROBE_SCHEDULE,
  { perAlert: [{ ...TYPICAL, subscriptionDelayMs: 12 * MINUTE, tenantDelayMs: 2 * MINUTE }] },
  {
    perAlert: [
      {
        ...TYPICAL,
        subscriptionDelayMs: 12 * MINUTE,
        tenantDelayMs: 14 * MINUTE,
        xdrIncidentDelayMs: 1 * MINUTE,
        incidentBeforeAlert: true,
      },
    ],
  },
];

export function matrixConfig(key: MatrixKey): WorkspaceConfig {
  return {
    subscriptions: ['sub-1'],
    subscriptionConnector:
      key.subscription === 'off' ? [] : [{ subscription: 'sub-1', sync: key.subscription === 'on+sync' }],
    tenantConnector: key.tenant,
    xdrMdcSetting: key.xdrSetting,
    xdrConnector: key.xdrConnector,
    incidentRules: key.rule
      ? [{ name: 'mdc', productFilter: ['Azure Security Center'], severitiesFilter: [] }]
      : [],
  };
}

function raise(severity: Severity): Step {
  return {
    type: 'alert-raised',
    alert: 'A1',
    guid: '6c1d0000-0000-4000-8000-0000000000a1',
    subscription: 'sub-1',
    severity,
    alertType: 'VM_SuspectExecutablePath',
  };
}

interface ProbeOptions {
  severity?: Severity;
  schedule?: Schedule;
  profile?: Profile;
}

function probe(key: MatrixKey, after: Step[], options: ProbeOptions = {}): Observation {
  const scenario: Scenario = {
    version: 1,
    tenantId: '72f988bf-0000-4000-8000-00000000c0de',
    start: '2026-03-01T09:00:00.000Z',
    config: matrixConfig(key),
    timeline: [raise(options.severity ?? 'High'), { type: 'wait', minutes: 30 }, ...after],
    settleMinutes: 90,
  };
  return simulate(scenario, options.schedule ?? PROBE_SCHEDULE, options.profile ?? IDEAL);
}

function mdcEndsResolved(o: Observation): boolean {
  const history = o.mdc.alerts[0]?.statusHistory ?? [];
  return history.at(-1)?.status === 'Resolved';
}

/** The latest row of each incident (by IncidentNumber, rows in the order written). */
function latestIncidents(o: Observation): Map<number, Observation['SecurityIncident'][number]> {
  const latest = new Map<number, Observation['SecurityIncident'][number]>();
  for (const row of o.SecurityIncident) latest.set(row.IncidentNumber, row);
  return latest;
}

function incidentClosed(o: Observation, isProvider: (name: string) => boolean): boolean {
  return [...latestIncidents(o).values()].some((r) => isProvider(r.ProviderName) && r.Status === 'Closed');
}

function ruleIncidentOpen(o: Observation): boolean {
  return [...latestIncidents(o).values()].some(
    (r) => isSentinelProvider(r.ProviderName) && r.Status !== 'Closed',
  );
}

function arrival(o: Observation): Arrival {
  const via = new Set(o.SecurityAlert.map((r) => r._Connector).filter((c) => c !== undefined));
  return {
    alertVia: (['subscription', 'tenant'] as const).filter((c) => via.has(c)),
    alertRows: o.SecurityAlert.length,
    incidents: [...latestIncidents(o).values()].map((r) => r.ProviderName).sort(),
  };
}

/** Whether the XDR incident's first row was written strictly before the alert's first row. */
function xdrBeforeAlert(o: Observation): boolean {
  const firstAlert = o.SecurityAlert[0];
  const firstXdr = o.SecurityIncident.find((r) => isXdrProvider(r.ProviderName));
  if (!firstAlert || !firstXdr) return false;
  return Date.parse(firstXdr.TimeGenerated) < Date.parse(firstAlert.TimeGenerated);
}

const closeIn = (provider: 'Azure Sentinel' | 'Microsoft XDR'): Step => ({
  type: 'sentinel-incident-closed',
  alert: 'A1',
  provider,
  classification: 'TruePositive',
});

/** The pitfalls, in the order the matrix lists them, each with the advice or behaviour that explains it. */
export const PROBLEMS: Record<Problem, { label: string; means: string; see: string[] }> = {
  'nothing-arrives': {
    label: 'nothing arrives',
    means: 'neither a SecurityAlert row nor an incident reaches Sentinel for the alert',
    see: ['RULE-REQUIRED', 'TEN-VIA-XDR', 'XDR-NO-ALERTS-NO-INCIDENTS'],
  },
  'no-incident': {
    label: 'no incident',
    means:
      'the alert arrives as SecurityAlert rows only: no incident is made, so it is not in the incident queue',
    see: ['RULE-REQUIRED', 'SUB-NO-INCIDENT', 'TEN-NO-INCIDENT', 'XDR-NO-ALERTS-NO-INCIDENTS'],
  },
  'tenant-silenced': {
    label: 'tenant connector silenced',
    means: "the tenant-based connector is on but forwards nothing: XDR's setting keeps MDC alerts out of XDR",
    see: ['ADV-ALL-ALERTS-FOR-TENANT', 'TEN-VIA-XDR'],
  },
  'empty-incident': {
    label: 'empty incident',
    means: 'the XDR incident arrives with no alert under it: no AlertIds, no entities in Sentinel',
    see: ['ADV-MDC-CONNECTOR-WITH-XDR', 'XDR-EMPTY-WITHOUT-MDC-CONNECTOR'],
  },
  'duplicate-incidents': {
    label: 'duplicate incidents',
    means:
      "one alert gets two incidents: the XDR connector's ('Microsoft XDR') and the rule's ('Azure Sentinel')",
    see: ['ADV-NO-RULE-WITH-XDR', 'XDR-DUPLICATE-INCIDENTS'],
  },
  'rule-incident-left-open': {
    label: 'rule incident left New',
    means:
      'closing the XDR incident (in Sentinel or in XDR) leaves the duplicate rule incident New: someone must close it by hand',
    see: ['ADV-NO-RULE-WITH-XDR', 'XDR-INCIDENT-SYNC'],
  },
  'duplicate-rows': {
    label: 'duplicate alert rows',
    means:
      'both MDC connectors write a row for the alert (one SystemAlertId): queries over SecurityAlert count it twice; a rule still makes one incident',
    see: ['BOTH-DUPLICATES', 'RULE-ONE-INCIDENT'],
  },
  'informational-lost': {
    label: 'Informational lost',
    means:
      'a High alert reaches Sentinel (rows, or an XDR incident) but an Informational one does not: only the subscription-based connector brings them, since they never reach XDR',
    see: ['DOC-TEN-NO-INFORMATIONAL', 'ADV-SUB-COVERAGE'],
  },
  'informational-no-incident': {
    label: 'Informational without incident',
    means:
      'a High alert gets an incident, an Informational one arrives without: the XDR connector never brings one for it (a rule restricted to Informational would)',
    see: ['DOC-TEN-NO-INFORMATIONAL', 'ADV-NO-RULE-WITH-XDR'],
  },
};

const PROBLEM_ORDER = Object.keys(PROBLEMS) as Problem[];

function problemsOf(row: Omit<MatrixRow, 'problems' | 'advice'>): Problem[] {
  const found = new Set<Problem>();
  if (row.alertRows === 0 && row.incidents.length === 0) found.add('nothing-arrives');
  if (row.alertRows > 0 && row.incidents.length === 0) found.add('no-incident');
  if (row.tenant && !row.alertVia.includes('tenant')) found.add('tenant-silenced');
  if (row.emptyIncident) found.add('empty-incident');
  if (row.has.ruleIncident && row.has.xdrIncident) found.add('duplicate-incidents');
  if (row.ruleLeftOpen) found.add('rule-incident-left-open');
  if (row.alertVia.length > 1) found.add('duplicate-rows');
  // The High alert arrives in some form (rows, or an XDR incident, even an empty one); the Informational not at all.
  if (
    (row.alertRows > 0 || row.incidents.length > 0) &&
    row.informational.alertRows === 0 &&
    row.informational.incidents.length === 0
  )
    found.add('informational-lost');
  if (row.informational.alertRows > 0 && row.incidents.length > 0 && row.informational.incidents.length === 0)
    found.add('informational-no-incident');
  return PROBLEM_ORDER.filter((p) => found.has(p));
}

/** The advice `lint` gives for the configuration (its IDs, each once). */
export function adviceFor(key: MatrixKey): string[] {
  const config = matrixConfig(key);
  const ids = adviceBehaviours.flatMap((b) =>
    b.kind === 'advice' ? b.lint(config, config.subscriptions).map((f) => f.id) : [],
  );
  return [...new Set(ids)];
}

export function matrixCell(key: MatrixKey): MatrixRow {
  const base = probe(key, []);
  const high = arrival(base);
  const latest = [...latestIncidents(base).values()];
  const has = {
    ruleIncident: latest.some((r) => isSentinelProvider(r.ProviderName)),
    xdrIncident: latest.some((r) => isXdrProvider(r.ProviderName)),
  };
  const ruleClose = probe(key, [closeIn('Azure Sentinel')]);
  const xdrClose = probe(key, [closeIn('Microsoft XDR')]);
  const inXdr = probe(key, [{ type: 'xdr-incident-closed', alert: 'A1' }]);
  const inMdc = probe(key, [{ type: 'mdc-status-changed', alert: 'A1', status: 'Resolved' }]);

  const firstRowVia = new Set<Connector>();
  const xdrFirst = { ideal: false, observed: false };
  for (const schedule of TIMING_SCHEDULES) {
    for (const profile of [IDEAL, OBSERVED]) {
      const o = probe(key, [], { schedule, profile });
      const rows = o.SecurityAlert.filter((r) => r._Connector !== undefined);
      const first = rows[0]?._Connector;
      if (new Set(rows.map((r) => r._Connector)).size > 1 && first) firstRowVia.add(first);
      if (xdrBeforeAlert(o)) xdrFirst[profile === IDEAL ? 'ideal' : 'observed'] = true;
    }
  }

  const row: Omit<MatrixRow, 'problems' | 'advice'> = {
    ...key,
    ...high,
    emptyIncident: latest.some((r) => isXdrProvider(r.ProviderName) && r.AlertIds.length === 0),
    ruleCloseToMdc: incidentClosed(ruleClose, isSentinelProvider) && mdcEndsResolved(ruleClose),
    xdrCloseToMdc: incidentClosed(xdrClose, isXdrProvider) && mdcEndsResolved(xdrClose),
    xdrToSentinel: incidentClosed(inXdr, isXdrProvider),
    mdcCloseToIncident: [...latestIncidents(inMdc).values()].some((r) => r.Status === 'Closed'),
    informational: arrival(probe(key, [], { severity: 'Informational' })),
    has,
    ruleLeftOpen: [xdrClose, inXdr].some((o) => incidentClosed(o, isXdrProvider) && ruleIncidentOpen(o)),
    firstRowVia: (['subscription', 'tenant'] as const).filter((c) => firstRowVia.has(c)),
    xdrIncidentFirst: has.xdrIncident && high.alertRows > 0 ? xdrFirst : null,
  };
  return { ...row, problems: problemsOf(row), advice: adviceFor(key) };
}

export function matrixKeys(): MatrixKey[] {
  const keys: MatrixKey[] = [];
  for (const subscription of ['off', 'on', 'on+sync'] as const)
    for (const tenant of [false, true])
      for (const xdrSetting of ['All alerts', 'No alerts'] as const)
        for (const xdrConnector of [false, true])
          for (const rule of [false, true])
            keys.push({ subscription, tenant, xdrSetting, xdrConnector, rule });
  return keys;
}

export function behaviourMatrix(): MatrixRow[] {
  return matrixKeys().map(matrixCell);
}

/**
 * The article's recommended set-up (seed L149, L153): the Defender XDR connector with MDC alerts processed
 * by XDR ('All alerts'), the tenant-based connector for the alerts ("For the best experience I would
 * recommend using the tenant-based connector"), and no incident creation rule for MDC on top.
 */
export function isRecommended(key: MatrixKey): boolean {
  return (
    key.subscription === 'off' &&
    key.tenant &&
    key.xdrSetting === 'All alerts' &&
    key.xdrConnector &&
    !key.rule
  );
}

/** `yes`/`no`, or `n/a` where the question cannot arise (no such incident to close). */
const answer = (applies: boolean, value: boolean): string => (!applies ? 'n/a' : value ? 'yes' : 'no');
const onOff = (b: boolean) => (b ? 'on' : 'off');
const SHORT: Record<Connector, string> = { subscription: 'sub', tenant: 'tenant' };

function rowsCell(a: Arrival): string {
  return a.alertVia.length === 0 ? 'none' : `${a.alertVia.map((c) => SHORT[c]).join(' + ')} (${a.alertRows})`;
}

function incidentsCell(a: Arrival): string {
  if (a.incidents.length === 0) return 'none';
  return a.incidents.map((p) => (isXdrProvider(p) ? 'XDR' : isSentinelProvider(p) ? 'Rule' : p)).join(' + ');
}

/** What comes first, as the model allows it. */
function timingCell(c: MatrixRow): string {
  const parts: string[] = [];
  if (c.firstRowVia.length === 2) parts.push('sub or tenant row first (sub typically)');
  else if (c.firstRowVia.length === 1) parts.push(`${SHORT[c.firstRowVia[0] as Connector]} row first`);
  if (c.incidents.some(isSentinelProvider) && c.alertRows > 0)
    parts.push('Rule incident after the first row');
  if (c.xdrIncidentFirst !== null)
    parts.push(
      c.xdrIncidentFirst.ideal
        ? 'XDR incident before or after the row'
        : c.xdrIncidentFirst.observed
          ? 'row, then XDR incident (observed: incident may come first, empty meanwhile)'
          : 'row, then XDR incident',
    );
  else if (c.has.xdrIncident) parts.push('XDR incident only');
  return parts.length === 0 ? (c.alertRows > 0 ? 'row only' : 'n/a') : parts.join('; ');
}

function mark(c: MatrixRow): string {
  if (isRecommended(c)) return '★';
  return c.problems.length === 0 && c.advice.length === 0 ? '✓' : '';
}

function problemsCell(c: MatrixRow): string {
  return c.problems.length === 0 ? '' : c.problems.map((p) => `⚠ ${PROBLEMS[p].label}`).join('<br>');
}

/** A behaviour ID as a link (from reports/): advice to its lint, the others to the catalogue. */
function idLink(id: string): string {
  const file = id.startsWith('ADV-') ? 'model/invariants/advice.ts' : 'model/spec/catalogue-data.ts';
  return `[${id}](../${file})`;
}

function adviceCell(c: MatrixRow): string {
  return c.advice.map(idLink).join('<br>');
}

function configCells(c: MatrixKey): string {
  return `${c.subscription} | ${onOff(c.tenant)} | ${c.xdrSetting} | ${onOff(c.xdrConnector)} | ${onOff(c.rule)}`;
}

export function renderBehaviourMatrix(cells: readonly MatrixRow[]): string {
  const numbered = cells.map((cell, i) => ({ cell, n: i + 1 }));
  const rowsWith = (p: Problem) =>
    numbered
      .filter(({ cell }) => cell.problems.includes(p))
      .map(({ n }) => n)
      .join(', ');
  const recommended = numbered.filter(({ cell }) => isRecommended(cell)).map(({ n }) => n);
  const lines = [
    '# Behaviour matrix',
    '',
    'What reaches Sentinel for one Defender for Cloud (MDC) alert under each combination of the five settings',
    'that decide it, what closing its incidents does, and which configurations cause trouble. Generated by',
    '`sentinel-conformance matrix --out reports/behaviour-matrix.md` from the reference simulator (profile',
    '`ideal` unless said otherwise); model/README.md gives the semantics and every assumption. Behaviour IDs',
    '(`TEN-VIA-XDR`, …) are those of the spec; `ADV-…` are the findings `sentinel-conformance lint` gives.',
    '',
    '## How to read it',
    '',
    'The configuration (first five columns):',
    '',
    '- **Subscription**: the subscription-based MDC connector: `off`; `on` (alerts only); `on+sync` (with',
    '  bi-directional sync, so closing the Sentinel incident closes the MDC alert).',
    '- **Tenant**: the tenant-based MDC connector (every subscription of the tenant, through Defender XDR).',
    "- **XDR setting**: Defender XDR's setting for MDC alerts: `All alerts` (the default: XDR processes them)",
    '  or `No alerts` (they never reach XDR).',
    '- **XDR connector**: the Microsoft Defender XDR connector, which brings XDR incidents into Sentinel.',
    '- **Rule**: a Microsoft incident creation rule for MDC alerts (product Microsoft Defender for Cloud, any',
    '  severity).',
    '',
    'What happens:',
    '',
    '- **Alert rows**: the connectors whose SecurityAlert rows arrived (`sub`: subscription-based, `tenant`:',
    '  tenant-based), and how many rows in all; `none`: no row.',
    '- **Incidents**: the incidents made for the alert: `Rule` (provider Azure Sentinel, from the rule),',
    '  `XDR` (provider Microsoft XDR, from the XDR connector); `none`: no incident.',
    '- **High** / **Informational**: for a High-severity alert and for an Informational one (Informational',
    '  alerts never reach XDR: DOC-TEN-NO-INFORMATIONAL).',
    '- **What comes first**: the order the model allows, read off the same alert under several allowed',
    '  timings (either connector the faster; the XDR incident early). It is never one fixed timing: the',
    '  tenant connector is typically the slower (TEN-SLOWER), and under the `observed` profile the XDR',
    '  incident may arrive before its alert and stay empty meanwhile (Q-INCIDENT-BEFORE-ALERT).',
    '- **Problems**: the pitfalls the row shows (see [Problems](#problems)). **Advice**: what `lint` says',
    '  about the configuration.',
    "- **Mark**: ★ the article's recommended set-up; ✓ no problem and no advice.",
    '',
    'Answers: `yes`; `no`; `n/a` when the question cannot arise in the configuration (there is no such',
    'incident to close, say); an empty cell means nothing to report.',
    '',
    '## Recommended set-up',
    '',
    `★ row${recommended.length > 1 ? 's' : ''} ${recommended.join(', ')}: the Defender XDR connector with XDR's setting at`,
    '`All alerts`, the tenant-based connector for the alerts, and no incident creation rule for MDC. The article:',
    '"if you enable the Defender XDR connector and you allow MDC alert processing, then it is highly',
    'recommended to use at least one of the MDC connectors in Sentinel. For the best experience I would',
    'recommend using the tenant-based connector" (L149), and a rule on top "results in the creation of',
    'duplicated incidents" (L153). Its trade-off: Informational alerts do not arrive (they never reach XDR).',
    'Where they matter, add the subscription-based connector (its rows then duplicate the tenant',
    "connector's for the other alerts) and a rule restricted to Informational for their incidents.",
    '',
    '## What arrives',
    '',
    '| # | Mark | Subscription | Tenant | XDR setting | XDR connector | Rule | High: alert rows | High: incidents | Informational: alert rows | Informational: incidents | What comes first (High) | Problems | Advice |',
    '|---|---|---|---|---|---|---|---|---|---|---|---|---|---|',
  ];
  for (const { cell: c, n } of numbered) {
    lines.push(
      `| ${n} | ${mark(c)} | ${configCells(c)} | ${rowsCell(c)} | ${incidentsCell(c)} | ${rowsCell(c.informational)} | ${incidentsCell(c.informational)} | ${timingCell(c)} | ${problemsCell(c)} | ${adviceCell(c)} |`,
    );
  }
  lines.push(
    '',
    '## Closing incidents',
    '',
    'For the High alert of each configuration:',
    '',
    '- **Empty XDR incident**: the XDR incident in Sentinel holds no alert (no AlertIds) at the end.',
    '- **Sentinel → MDC**: closing the incident in Sentinel closes the MDC alert (the Rule incident; the XDR',
    '  incident).',
    '- **XDR → Sentinel**: closing the incident in Defender XDR closes it in Sentinel.',
    '- **Rule incident left New**: with both incidents, closing the XDR one (in Sentinel or in XDR) leaves',
    '  the Rule incident New.',
    '- **MDC → incident**: closing the alert in MDC closes a Sentinel incident. The article says it does not for',
    "  the rule's incident (SUB-MDC-CHANGE-NOT-TO-INCIDENT); for the XDR incident it is silent, and the model does",
    '  not close it either.',
    '',
    '| # | Subscription | Tenant | XDR setting | XDR connector | Rule | Empty XDR incident | Sentinel → MDC (Rule incident) | Sentinel → MDC (XDR incident) | XDR → Sentinel | Rule incident left New | MDC → incident |',
    '|---|---|---|---|---|---|---|---|---|---|---|---|',
  );
  for (const { cell: c, n } of numbered) {
    const { ruleIncident: r, xdrIncident: x } = c.has;
    lines.push(
      `| ${n} | ${configCells(c)} | ${answer(x, c.emptyIncident)} | ${answer(r, c.ruleCloseToMdc)} | ${answer(x, c.xdrCloseToMdc)} | ${answer(x, c.xdrToSentinel)} | ${answer(r && x, c.ruleLeftOpen)} | ${answer(r || x, c.mdcCloseToIncident)} |`,
    );
  }
  lines.push('', '## Problems', '', '| Problem | What it means | Rows | See |', '|---|---|---|---|');
  for (const p of PROBLEM_ORDER) {
    const { label, means, see } = PROBLEMS[p];
    lines.push(`| ⚠ ${label} | ${means} | ${rowsWith(p) || 'none'} | ${see.map(idLink).join(', ')} |`);
  }
  lines.push(
    '',
    'Where a problem row has no `ADV-…` finding in its Advice cell, `lint` shows it as a predicted problem (⚠) for',
    'the subscriptions and severities it concerns, not as a finding: its exit code counts only the findings.',
  );
  return `${lines.join('\n')}\n`;
}
