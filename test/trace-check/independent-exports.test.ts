/**
 * check-trace on small exports written apart from the project's fixtures, each built to show one behaviour
 * or one edge (an independent tester's pass over issue 13). The rows imitate real ones: Log Analytics
 * timestamps with 7 fraction digits, MDC alert names `<reverseTicks>_<GUID>`, the Defender for Cloud portal
 * blade and Defender XDR links, 'Microsoft XDR' incidents with ProviderIncidentId and providerIncidentUrl,
 * AlertIds and Labels as JSON text (the query API's dynamic columns). Each verdict is judged against what the
 * article allows: a faithful trace is never accused, evidence near an export's edge that may still be
 * incomplete is undecidable (exit 2), never "not exercised" (which would let the run conform).
 *
 * The `it.fails` cases are defects whose fix lies in files other engineers own (src/trace-check/alerts.ts,
 * src/trace/, model/links.ts): each says what is wrong and the fix proposed.
 */
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { checkTrace } from '../../src/trace-check/check.ts';
import { cli } from '../cli/support.ts';
import { removeTemporary, temporaryDir, verdictOf, writeText } from './support.ts';

afterAll(removeTemporary);

const WORKSPACE = '8f3c2a71-5d4e-4b2a-9c61-0e7f3b9d2a44';
const AAD_TENANT = 'c4b1e7a3-2f56-4d89-b0e1-7a93d5c26f18';
const SUB1 = '3f1e6a2b-8c47-4d95-a0b3-6e2d9f71c845';
const SUB2 = 'b72c4e19-0a5d-4f36-9e82-1c7d3a5b6f90';
const T0 = Date.parse('2026-11-23T08:14:07.412Z');
const MINUTE = 60_000;

/** A Log Analytics timestamp (7 fraction digits) `minutes` after T0. */
function la(minutes: number): string {
  const iso = new Date(T0 + Math.round(minutes * MINUTE)).toISOString();
  return `${iso.slice(0, 23)}3457Z`;
}

/** A GUID made from a word, so the exports are the same at every run. */
function guid(word: string): string {
  let h = 0x811c9dc5;
  const out: string[] = [];
  for (let i = 0; i < 32; i++) {
    h = Math.imul(h ^ (word.charCodeAt(i % word.length) + i), 0x01000193) >>> 0;
    out.push((h >>> 20).toString(16).slice(-1));
  }
  const s = out.join('');
  return `${s.slice(0, 8)}-${s.slice(8, 12)}-4${s.slice(13, 16)}-a${s.slice(17, 20)}-${s.slice(20, 32)}`;
}

/** The MDC alert name of an alert raised `minutes` after T0: reverse .NET ticks, then a GUID. */
function mdcName(minutes: number, key: string): string {
  const ms = BigInt(T0 + Math.round(minutes * MINUTE));
  const ticks = ms * 10_000n + 621_355_968_000_000_000n;
  return `${3_155_378_975_999_999_999n - ticks}_${guid(`alert-${key}`)}`;
}

type Via = 'sub' | 'tenant';
type Row = Record<string, unknown>;

interface MdcAlert {
  key: string;
  raised: number;
  name: string;
  systemAlertId: string;
  subscription: string;
}

function mdcAlert(key: string, raised: number, subscription = SUB1): MdcAlert {
  return { key, raised, name: mdcName(raised, key), systemAlertId: guid(`sys-${key}`), subscription };
}

function alertLink(alert: MdcAlert, via: Via): string {
  return via === 'sub'
    ? `https://portal.azure.com/#blade/Microsoft_Azure_Security_AzureDefenderForData/AlertBlade/alertId/${alert.name}/subscriptionId/${alert.subscription}/resourceGroup/rg-prod-web/referencedFrom/alertDeepLink/location/westeurope`
    : `https://security.microsoft.com/alerts/dc${alert.name}?tid=${AAD_TENANT}`;
}

/** A SecurityAlert row as an MDC connector writes it, `at` minutes after T0. */
function alertRow(alert: MdcAlert, via: Via, at: number, status = 'New', change: Row = {}): Row {
  const resource = `/SUBSCRIPTIONS/${alert.subscription.toUpperCase()}/RESOURCEGROUPS/RG-PROD-WEB/PROVIDERS/MICROSOFT.COMPUTE/VIRTUALMACHINES/VM-WEB-01`;
  return {
    TenantId: WORKSPACE,
    TimeGenerated: la(at),
    DisplayName: 'Suspicious process executed',
    AlertName: 'Suspicious process executed',
    AlertSeverity: 'High',
    Description: 'Analysis of host data on vm-web-01 detected a suspicious executable.',
    ProviderName: 'Azure Security Center',
    VendorName: 'Microsoft',
    VendorOriginalId: alert.name,
    SystemAlertId: alert.systemAlertId,
    ResourceId: resource,
    AlertType: 'VM_SuspectExecutablePath',
    ConfidenceLevel: 'Unknown',
    IsIncident: false,
    StartTime: la(alert.raised),
    EndTime: la(alert.raised),
    ProcessingEndTime: la(Math.min(at, alert.raised + 0.5)),
    ExtendedProperties: JSON.stringify({ resourceType: 'Virtual Machine', ProcessedBySentinel: 'True' }),
    Entities: JSON.stringify([{ $id: '2', HostName: 'vm-web-01', Type: 'host' }]),
    SourceSystem: 'Detection',
    ProductName: 'Azure Security Center',
    AlertLink: alertLink(alert, via),
    Status: status,
    CompromisedEntity: 'vm-web-01',
    Tactics: 'Execution',
    Type: 'SecurityAlert',
    ...change,
  };
}

interface XdrIncident {
  number: number;
  name: string;
  created: number;
  provider: string;
}

function incident(number: number, created: number, provider = 'Microsoft XDR'): XdrIncident {
  return { number, name: guid(`incident-${number}`), created, provider };
}

/** A SecurityIncident row `at` minutes after T0 (TimeGenerated a few seconds after the change). */
function incidentRow(
  inc: XdrIncident,
  at: number,
  alertIds: string[],
  more: { status?: string; labels?: string[]; modifiedBy?: string } = {},
): Row {
  const xdr = inc.provider !== 'Azure Sentinel';
  const status = more.status ?? 'New';
  const xdrId = String(20_000 + inc.number);
  return {
    TenantId: WORKSPACE,
    TimeGenerated: la(at + 0.1),
    IncidentName: inc.name,
    Title: 'Suspicious process executed',
    Severity: 'High',
    Status: status,
    Classification: status === 'Closed' ? 'Undetermined' : '',
    ProviderName: inc.provider,
    ProviderIncidentId: xdr ? xdrId : String(inc.number),
    CreatedTime: la(inc.created),
    FirstModifiedTime: la(inc.created),
    LastModifiedTime: la(at),
    ClosedTime: status === 'Closed' ? la(at) : null,
    IncidentNumber: inc.number,
    AlertIds: JSON.stringify(alertIds),
    Labels: JSON.stringify(
      (more.labels ?? []).map((labelName) => ({ labelName, labelType: 'AutoAssigned' })),
    ),
    AdditionalData: JSON.stringify({
      alertsCount: alertIds.length,
      alertProductNames: ['Azure Security Center'],
      ...(xdr
        ? {
            providerIncidentUrl: `https://security.microsoft.com/incident2/${xdrId}/overview?tid=${AAD_TENANT}`,
          }
        : {}),
    }),
    ModifiedBy: more.modifiedBy ?? (xdr ? 'Microsoft 365 Defender' : 'Incident created from alert'),
    SourceSystem: 'Azure',
    Type: 'SecurityIncident',
  };
}

const TYPES: Record<string, string> = {
  TimeGenerated: 'datetime',
  StartTime: 'datetime',
  EndTime: 'datetime',
  ProcessingEndTime: 'datetime',
  CreatedTime: 'datetime',
  FirstModifiedTime: 'datetime',
  LastModifiedTime: 'datetime',
  ClosedTime: 'datetime',
  IncidentNumber: 'int',
  IsIncident: 'bool',
  AlertIds: 'dynamic',
  Labels: 'dynamic',
  AdditionalData: 'dynamic',
};

/** The Log Analytics query API's response for rows of one table. */
function apiJson(rows: readonly Row[]): string {
  const columns = Object.keys(rows[0] ?? {});
  const table = {
    name: 'PrimaryResult',
    columns: columns.map((name) => ({ name, type: TYPES[name] ?? 'string' })),
    rows: rows.map((row) => columns.map((c) => row[c] ?? null)),
  };
  return JSON.stringify({ tables: [table] });
}

/** One JSON object a line, as a data export writes a blob. */
function jsonLines(rows: readonly Row[]): string {
  return rows.map((row) => `${JSON.stringify(row)}\n`).join('');
}

const CONFIG_TENANT_XDR = {
  subscriptions: [SUB1, SUB2],
  subscriptionConnector: [],
  tenantConnector: true,
  xdrMdcSetting: 'All alerts',
  xdrConnector: true,
  incidentRules: [],
};

const CONFIG_BOTH_RULE = {
  subscriptions: [SUB1, SUB2],
  subscriptionConnector: [
    { subscription: SUB1, sync: true },
    { subscription: SUB2, sync: true },
  ],
  tenantConnector: true,
  xdrMdcSetting: 'All alerts',
  xdrConnector: false,
  incidentRules: [
    {
      name: 'Create incidents - Microsoft Defender for Cloud',
      productFilter: ['Azure Security Center'],
      severitiesFilter: [],
    },
  ],
};

async function judge(alerts: readonly Row[], incidents: readonly Row[] | null, config: object) {
  const dir = temporaryDir();
  return checkTrace({
    alerts: writeText(dir, 'SecurityAlert.json', apiJson(alerts)),
    incidents: incidents === null ? undefined : writeText(dir, 'SecurityIncident.json', apiJson(incidents)),
    config: writeText(dir, 'workspace.json', JSON.stringify(config)),
  });
}

// ------------------------------------------------------------------------------------------ XDR-REDIRECT

/**
 * Two alerts through the tenant connector, each with its XDR incident (K holds a, J holds b); at `mergeAt`
 * XDR correlates them: K takes b, J is closed (labelled as given). `tail`: minutes of export after the merge.
 */
function correlation(mergeAt: number, labels: string[], tail: number) {
  const a = mdcAlert('redirect-a', 0);
  const b = mdcAlert('redirect-b', 1);
  const K = incident(4101, 14);
  const J = incident(4102, 15);
  const alerts = [alertRow(a, 'tenant', 12), alertRow(b, 'tenant', 13)];
  const incidents = [
    incidentRow(K, 14, [a.systemAlertId]),
    incidentRow(J, 15, [b.systemAlertId]),
    incidentRow(J, mergeAt, [b.systemAlertId], {
      status: 'Closed',
      labels,
      modifiedBy: 'Microsoft Defender XDR - alert correlation',
    }),
    incidentRow(K, mergeAt, [a.systemAlertId, b.systemAlertId], {
      modifiedBy: 'Microsoft Defender XDR - alert correlation',
    }),
  ];
  if (tail > 0) {
    const later = mdcAlert('redirect-later', mergeAt + tail - 14);
    const P = incident(4103, mergeAt + tail);
    alerts.push(alertRow(later, 'tenant', mergeAt + tail - 2));
    incidents.push(incidentRow(P, mergeAt + tail, [later.systemAlertId]));
  }
  return { alerts, incidents, a, b, K, J };
}

describe('XDR-REDIRECT near the end of the incidents export', () => {
  it('an unlabelled close as another incident takes its alert, an hour before the end, is violated', async () => {
    const { alerts, incidents } = correlation(30, [], 60);
    const result = await judge(alerts, incidents, CONFIG_TENANT_XDR);
    const verdict = verdictOf(result, 'XDR-REDIRECT');
    expect(verdict.status, verdict.detail).toBe('violated');
    expect(result.exitCode).toBe(1);
  });

  it('the same close at the very end is undecidable (the label may still come), not "not exercised", and the run is inconclusive', async () => {
    const { alerts, incidents } = correlation(30, [], 0);
    const result = await judge(alerts, incidents, CONFIG_TENANT_XDR);
    const verdict = verdictOf(result, 'XDR-REDIRECT');
    expect(verdict.status, verdict.detail).toBe('undecidable');
    expect(verdict.cause).toBe('trace-too-short');
    // The bound is the XDR connector's sync (10 min), and what may still come is the Redirected label.
    expect(verdict.detail).toMatch(/10 min, ASSUME-XDR-SYNC-DELAY/);
    expect(verdict.detail).toMatch(/Redirected tag/);
    expect(result.exitCode).toBe(2);
  });

  it('the Redirected label in a row of its own, 2 minutes after the close, holds', async () => {
    const { alerts, incidents, b, J } = correlation(30, [], 60);
    incidents.splice(
      3,
      0,
      incidentRow(J, 32, [b.systemAlertId], { status: 'Closed', labels: ['Redirected'] }),
    );
    const verdict = verdictOf(await judge(alerts, incidents, CONFIG_TENANT_XDR), 'XDR-REDIRECT');
    expect(verdict.status, verdict.detail).toBe('holds');
  });

  it('a labelled redirect whose taking incident has not arrived by the end is undecidable, naming the 10-min bound', async () => {
    const { alerts, incidents } = correlation(30, ['redirected'], 0);
    incidents.pop(); // K's row taking b has not reached Sentinel yet
    const result = await judge(alerts, incidents, CONFIG_TENANT_XDR);
    const verdict = verdictOf(result, 'XDR-REDIRECT');
    expect(verdict.status, verdict.detail).toBe('undecidable');
    expect(verdict.detail).toMatch(/10 min, ASSUME-XDR-SYNC-DELAY/);
    expect(verdict.detail).toMatch(/incident that took its alerts/);
    expect(result.exitCode).toBe(2);
  });

  it('two open XDR incidents holding one alert at the very end are undecidable (the redirect may still come)', async () => {
    const { alerts, incidents } = correlation(30, [], 0);
    incidents.splice(2, 1); // J's close has not reached Sentinel yet; K already holds both alerts
    const result = await judge(alerts, incidents, CONFIG_TENANT_XDR);
    const verdict = verdictOf(result, 'XDR-REDIRECT');
    expect(verdict.status, verdict.detail).toBe('undecidable');
    expect(result.exitCode).toBe(2);
  });

  it('two open XDR incidents holding one alert an hour before the end are violated', async () => {
    const { alerts, incidents } = correlation(30, [], 60);
    incidents.splice(2, 1);
    const verdict = verdictOf(await judge(alerts, incidents, CONFIG_TENANT_XDR), 'XDR-REDIRECT');
    expect(verdict.status, verdict.detail).toBe('violated');
  });
});

describe('DOC-NO-MERGE-CLOSED', () => {
  it('names the bound it uses: the XDR connector’s sync each way (ASSUME-XDR-SYNC-DELAY)', async () => {
    const { alerts, incidents } = correlation(30, ['Redirected'], 60);
    const verdict = verdictOf(await judge(alerts, incidents, CONFIG_TENANT_XDR), 'DOC-NO-MERGE-CLOSED');
    expect(verdict.status, verdict.detail).toBe('holds');
    expect(verdict.detail).toMatch(/ASSUME-XDR-SYNC-DELAY/);
    expect(verdict.detail).not.toMatch(/ASSUME-SYNC-DELAY/);
  });
});

// ------------------------------------------------------------------------------------------ BOTH-DUPLICATES

describe('BOTH-DUPLICATES on an alert raised hours before the export', () => {
  it('leaves an old alert whose only row is a status change undecided, and says why in words that fit it', async () => {
    const old = mdcAlert('old', -300);
    const alerts = [alertRow(old, 'sub', 70, 'Resolved')];
    for (let i = 0; i < 4; i++) {
      const pad = mdcAlert(`pad-${i}`, 20 + 40 * i, SUB2);
      alerts.push(alertRow(pad, 'sub', 22 + 40 * i), alertRow(pad, 'tenant', 35 + 40 * i));
    }
    const verdict = verdictOf(await judge(alerts, null, CONFIG_BOTH_RULE), 'BOTH-DUPLICATES');
    expect(verdict.status, verdict.detail).toBe('holds');
    expect(verdict.situations).toBe(4);
    // It was raised 5 hours before the export's first row, not "too close to an end".
    expect(verdict.detail).toMatch(/before the export’s first row/);
  });
});

// ------------------------------------------------------------------------------------------ XDR-DUPLICATE-INCIDENTS

const CONFIG_SUB_XDR_RULE = { ...CONFIG_BOTH_RULE, tenantConnector: false, xdrConnector: true };

/**
 * An alert through the subscription connector at 1 min, its rule incident at 2 min; the incidents export runs
 * on to `end` minutes with another alert's rule incident; an hour before, a settled alert with both incidents.
 */
function duplicates(end: number) {
  const settled = mdcAlert('settled', -60);
  const a = mdcAlert('dup', 0);
  const pad = mdcAlert('dup-pad', end - 1.5);
  const alerts = [alertRow(settled, 'sub', -59), alertRow(a, 'sub', 1), alertRow(pad, 'sub', end - 0.5)];
  const incidents = [
    incidentRow(incident(4201, -58, 'Azure Sentinel'), -58, [settled.systemAlertId]),
    incidentRow(incident(4202, -45), -45, [settled.systemAlertId]),
    incidentRow(incident(4203, 2, 'Azure Sentinel'), 2, [a.systemAlertId]),
    incidentRow(incident(4204, end, 'Azure Sentinel'), end, [pad.systemAlertId]),
  ];
  return { alerts, incidents };
}

describe('XDR-DUPLICATE-INCIDENTS near the end of the incidents export', () => {
  it('does not accuse an alert whose XDR incident may still come: XDR ingests it, creates its incident, and the connector brings it within 5 + 5 + 10 min', async () => {
    const { alerts, incidents } = duplicates(16);
    const verdict = verdictOf(await judge(alerts, incidents, CONFIG_SUB_XDR_RULE), 'XDR-DUPLICATE-INCIDENTS');
    expect(verdict.status, verdict.detail).toBe('holds');
    expect(verdict.situations).toBe(1);
    expect(verdict.detail).toMatch(/20 min/);
  });

  it('accuses it once those 20 min have passed within the export', async () => {
    const { alerts, incidents } = duplicates(40);
    const verdict = verdictOf(await judge(alerts, incidents, CONFIG_SUB_XDR_RULE), 'XDR-DUPLICATE-INCIDENTS');
    expect(verdict.status, verdict.detail).toBe('violated');
    expect(verdict.witnesses[0]?.message).toMatch(/no XDR incident holds it/);
  });
});

// ------------------------------------------------------------------------------------------ the command line

describe('check-trace on the command line', () => {
  const a = mdcAlert('cli', 0);

  it('refuses --out - (it writes five reports, not one file) with one line, exit 3, and writes nothing', async () => {
    const dir = temporaryDir();
    const alerts = writeText(dir, 'SecurityAlert.json', apiJson([alertRow(a, 'sub', 2)]));
    const before = existsSync('-');
    const outcome = await cli(['check-trace', '--alerts', alerts, '--out', '-']);
    expect(outcome.code).toBe(3);
    expect(outcome.stderr).toMatch(/^error: .*--out/);
    expect(outcome.stderr.split('\n')[0]).not.toMatch(/\n/);
    expect(outcome.stdout).toBe('');
    expect(existsSync('-')).toBe(before);
  });

  it('refuses an option given twice (the first file would be silently left out), exit 3', async () => {
    const dir = temporaryDir();
    const first = writeText(dir, 'SecurityAlert-1.json', apiJson([alertRow(a, 'sub', 2)]));
    const second = writeText(dir, 'SecurityAlert-2.json', apiJson([alertRow(a, 'tenant', 14)]));
    const outcome = await cli([
      'check-trace',
      '--alerts',
      first,
      '--alerts',
      second,
      '--out',
      join(dir, 'out'),
    ]);
    expect(outcome.code).toBe(3);
    expect(outcome.stderr).toMatch(/^error: --alerts is given twice/);
    expect(existsSync(join(dir, 'out'))).toBe(false);
  });
});

// ------------------------------------------------------------------------------------------ other owners

describe('defects whose fix lies outside src/trace-check/{incidents,verdicts,verdict,report,check}.ts', () => {
  // Q-TENANT-REPEATS counts a tenant row as an unchanged repeat of the previous one when they differ in a
  // column the reader drops (Entities, ExtendedProperties, Description, CompromisedEntity, Tactics, …): the
  // row class in src/trace-check/alerts.ts compares the 15 columns src/trace/columns.ts keeps. The verdict
  // says "unchanged (all columns but TimeGenerated)" and ASSUME-TENANT-REPEATS says "every column but
  // TimeGenerated" (issue 13 item 2: rows differing in any one character of any column are different).
  // Proposed fix: the reader hands on a digest of the columns it does not keep (all but TimeGenerated and the
  // standard _ItemId/_TimeReceived/_BilledSize/_Internal_* columns), and the row class compares it too.
  it('a tenant row that differs from the previous one only in Entities is not an unchanged repeat', async () => {
    const a = mdcAlert('entities', 0);
    const first = alertRow(a, 'tenant', 12);
    const second = alertRow(a, 'tenant', 19, 'New', {
      Entities: JSON.stringify([
        { $id: '2', HostName: 'vm-web-01', Type: 'host' },
        { $id: '3', Address: '10.1.4.7', Type: 'ip' },
      ]),
    });
    const verdict = verdictOf(await judge([first, second], null, CONFIG_BOTH_RULE), 'Q-TENANT-REPEATS');
    expect(verdict.occurrences, verdict.detail).toBe(0);
  });

  // The tenant connector reads Defender XDR, so its row of an event may come ASSUME-XDR-INGEST-DELAY (5 min) +
  // ASSUME-TENANT-DELAY (30 min) after it: the model's own invariants allow 35 min (delayMax('tenant') in
  // model/invariants/support-alerts.ts). src/trace-check/alerts.ts allows 30: BOTH-DUPLICATES judges an alert
  // raised 32 min before the export's end whose tenant row has not come ("arrived only through the
  // subscription connector", exit 1), and ALERT-STATUS-NEW-ROW's catch-up (lastTime + TENANT_DELAY_MAX_MS)
  // likewise. Proposed fix: both margins TENANT_DELAY_MAX_MS + XDR_INGEST_DELAY_MAX_MS (+ the tolerance).
  it('BOTH-DUPLICATES does not accuse an alert whose tenant row may still come (32 min of 35)', async () => {
    const settled = mdcAlert('both-settled', -60);
    const a = mdcAlert('both-late', 0);
    const pad = mdcAlert('both-pad', 20, SUB2);
    const rows = [
      alertRow(settled, 'sub', -58),
      alertRow(settled, 'tenant', -45),
      alertRow(a, 'sub', 2),
      alertRow(pad, 'sub', 22),
      alertRow(pad, 'tenant', 32),
    ];
    const verdict = verdictOf(await judge(rows, null, CONFIG_BOTH_RULE), 'BOTH-DUPLICATES');
    expect(verdict.status, verdict.detail).not.toBe('violated');
  });

  it('ALERT-STATUS-NEW-ROW does not accuse connectors whose latest rows disagree 32 min after the change (35 allowed)', async () => {
    const a = mdcAlert('catch-up', 0);
    const pad = mdcAlert('catch-up-pad', 60, SUB2);
    const rows = [
      alertRow(a, 'sub', 2),
      alertRow(a, 'tenant', 14),
      alertRow(a, 'sub', 40, 'Resolved'),
      alertRow(pad, 'sub', 62),
      alertRow(pad, 'tenant', 72),
    ];
    const verdict = verdictOf(await judge(rows, null, CONFIG_BOTH_RULE), 'ALERT-STATUS-NEW-ROW');
    expect(verdict.status, verdict.detail).not.toBe('violated');
  });

  // The Azure portal's deep links now use `#view/` (`https://portal.azure.com/#view/Microsoft_Azure_Security_
  // AzureDefenderForData/AlertBlade/alertId/…`); model/links.ts isMdcPortalLink (and alerts.ts linkClassOf)
  // accept only `#blade/`, so a subscription-connector row with the newer form violates SUB-LINK ("neither the
  // Defender for Cloud portal blade nor a Defender XDR link"). The article only says the row carries "a
  // link"; the exact form is unverified. Proposed fix: accept `#blade/` and `#view/` (and the `ms.portal.
  // azure.com` host) before `Microsoft_Azure_Security…/AlertBlade/`.
  it('the portal’s #view/ form of the Defender for Cloud alert blade is the portal link', async () => {
    const a = mdcAlert('view-link', 0);
    const row = alertRow(a, 'sub', 2, 'New', {
      AlertLink: alertLink(a, 'sub').replace('/#blade/', '/#view/'),
    });
    const verdict = verdictOf(await judge([row], null, CONFIG_BOTH_RULE), 'SUB-LINK');
    expect(verdict.status, verdict.detail).toBe('holds');
  });

  // In a folder (a storage account's data-export container), witnesses name the folder and a row number
  // counted across every blob in time order ("am-SecurityAlert row 5"): with thousands of PT05M.json blobs,
  // the row cannot be found. src/trace/read.ts numbers a folder's rows on from the previous blob's (offset +
  // fileRow) and check.ts only has the folder's name. Proposed fix: the reader hands on each row's blob (its
  // path under the folder) and row in it; WitnessRow.file takes the blob's path.
  it('a witness in a blob tree names the blob that holds the row', async () => {
    const dir = temporaryDir();
    const container = join(dir, 'am-SecurityAlert');
    const folder = (minute: string) =>
      join(
        container,
        `WorkspaceResourceId=/subscriptions/${SUB1}/resourcegroups/rg-sentinel/providers/microsoft.operationalinsights/workspaces/law-sentinel-prod`,
        'y=2026/m=11/d=23/h=08',
        `m=${minute}`,
      );
    const a = mdcAlert('tree-a', 0);
    const b = mdcAlert('tree-b', 10);
    mkdirSync(folder('15'), { recursive: true });
    mkdirSync(folder('25'), { recursive: true });
    writeText(folder('15'), 'PT05M.json', jsonLines([alertRow(a, 'sub', 2)]));
    // The subscription connector only, by the configuration: a Defender XDR link breaks SUB-LINK.
    writeText(folder('25'), 'PT05M.json', jsonLines([alertRow(b, 'tenant', 12)]));
    const config = { ...CONFIG_BOTH_RULE, tenantConnector: false };
    const result = await checkTrace({
      alerts: container,
      config: writeText(dir, 'workspace.json', JSON.stringify(config)),
    });
    const verdict = verdictOf(result, 'SUB-LINK');
    expect(verdict.status, verdict.detail).toBe('violated');
    const row = verdict.witnesses[0]?.rows[0];
    expect(row?.file).toMatch(/m=25\/PT05M\.json$/);
    expect(row?.fileRow).toBe(1);
  });
});
