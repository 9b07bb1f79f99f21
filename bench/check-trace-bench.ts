/**
 * check-trace benchmark. Generates (in a temp dir, deleted afterwards unless --keep) a SecurityAlert export of
 * N rows (default 1,000,000 ≈ 2 GB) in the Log Analytics query API form, 34 columns, about 2 kB a row: MDC
 * alerts through both connectors (the tenant one later), a third of them resolved (a Resolved row from each
 * connector), a few repeated by the tenant connector, Informational ones through the subscription connector
 * only, and one Sentinel scheduled alert in fifty. The same rows are also written one per line. Then, on the
 * same run, each in a child process of its own (for a clean peak RSS, `process.resourceUsage().maxRSS`):
 *
 * - floor: read the line-per-row file in 1 MiB chunks and JSON.parse each line on its own;
 * - reader: `readAlerts` over the API-form file, rows only (where the time goes before any check);
 * - check-trace: the command end to end (`checkTraceCommand`: read, judge all 50 behaviours, write the
 *   reports) over the API-form file.
 *
 * Each alternates --repeat times (default 2) and keeps its best time (the machine may be shared); peak RSS
 * is the largest over the runs. Prints rows/s, the check-trace/floor ratios of time and of CPU (goal: CPU
 * ≤ 1.3x the floor, measured side by side in one run; the time ratio follows the machine's load) and
 * check-trace's peak RSS (goal < 1 GB). check-trace compares an alert's rows exactly (Q-TENANT-REPEATS), so
 * it keeps each alert's first row and what its later rows change: memory grows with the alerts. Usage:
 * `npx tsx bench/check-trace-bench.ts [--rows N] [--repeat R] [--keep] [--dir D [--reuse]]`.
 */
import { createWriteStream, existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { mdcPortalLink, xdrAlertLink } from '../model/links.ts';
import { mdcAlertName } from '../model/time.ts';
import { checkTraceCommand } from '../src/cli/commands/check-trace.ts';
import { readAlerts } from '../src/trace/read.ts';
import {
  arg,
  COLUMNS,
  finish,
  floor,
  guid,
  type Measure,
  measureInChild,
  reportFromChild,
  write,
} from './export-support.ts';

const TENANT = '52b1ab41-869e-4138-9e40-2a4457f09bf0';
const SEVERITIES = ['Informational', 'Low', 'Medium', 'High'];
const T0 = Date.UTC(2025, 0, 1);
const SECOND = 1000;

/** LA's timestamp form: 7 fraction digits. */
function laTime(ms: number, seed: number): string {
  const fraction = String(Math.imul(seed, 2654435761) >>> 0)
    .padStart(4, '0')
    .slice(0, 4);
  return new Date(ms).toISOString().replace(/Z$/, `${fraction}Z`);
}

interface Alert {
  i: number;
  raised: number;
  name: string;
  subscription: string;
  severity: string;
  host: string;
  entities: string;
  extended: string;
}

function alertOf(i: number): Alert {
  const raised = T0 + i * 7 * SECOND;
  const subscription = guid(i % 97);
  const host = `vm-${(i % 5000).toString(36)}`;
  const entities = JSON.stringify([
    {
      $id: '2',
      HostName: host,
      OSFamily: 'Linux',
      Type: 'host',
      AzureID: `/subscriptions/${subscription}/resourceGroups/rg-${i % 13}/providers/Microsoft.Compute/virtualMachines/${host}`,
    },
    { $id: '3', Address: `10.${i % 256}.${(i >> 8) % 256}.${(i >> 16) % 256}`, Type: 'ip' },
    { $id: '4', Name: `svc-${i % 311}`, NTDomain: 'CONTOSO', Host: { $ref: '2' }, Type: 'account' },
    {
      $id: '5',
      ProcessId: String(1000 + (i % 30000)),
      CommandLine: `/usr/bin/python3 -c "import os; os.system('curl http://x/${i}')"`,
      Host: { $ref: '2' },
      Type: 'process',
    },
  ]);
  const extended = JSON.stringify(
    {
      'Alert generation status': 'Alert generated',
      resourceType: 'Virtual Machine',
      ProcessedBySentinel: 'True',
      'Compromised Host': host,
      'Suspicious Command Line': `python3 -c "import os; os.system('curl http://x/${i}')"`,
      'User Name': `svc-${i % 311}`,
      'Effective Azure Resource Id': `/subscriptions/${subscription}/resourceGroups/rg-${i % 13}/providers/Microsoft.Compute/virtualMachines/${host}`,
    },
    null,
    2,
  );
  return {
    i,
    raised,
    name: mdcAlertName(raised, guid(i)),
    subscription,
    severity: SEVERITIES[i % 4] as string,
    host,
    entities,
    extended,
  };
}

function mdcRow(a: Alert, connector: 'subscription' | 'tenant', status: string, at: number): unknown[] {
  const start = laTime(a.raised, a.i);
  return [
    TENANT,
    laTime(at, a.i + 7),
    'Suspicious process executed',
    'Suspicious process executed',
    a.severity,
    'A suspicious process was executed on the host. The command line contains indicators associated with known attack tools; review the process tree and the account that ran it.',
    'Azure Security Center',
    'Microsoft',
    a.name,
    guid(a.i + 1_000_000_007),
    `/subscriptions/${a.subscription}/resourceGroups/rg-${a.i % 13}/providers/Microsoft.Compute/virtualMachines/${a.host}`,
    '',
    'VM_SuspiciousProcess',
    '',
    a.i % 3 === 0 ? null : (a.i % 100) / 100,
    false,
    start,
    start,
    start,
    '1. Review the process tree.\r\n2. Isolate the machine if needed.\r\n3. Escalate to the SOC.',
    a.extended,
    a.entities,
    'Detection',
    a.subscription,
    `rg-${a.i % 13}`,
    '',
    'Azure Security Center',
    '',
    connector === 'subscription'
      ? mdcPortalLink(a.name, a.subscription, `rg-${a.i % 13}`)
      : xdrAlertLink(`da${String(638000000000000000 + a.i)}_${a.i}`, TENANT),
    status,
    a.host,
    'Execution',
    'T1059',
    'SecurityAlert',
  ];
}

function scheduledRow(k: number, at: number): unknown[] {
  const row = mdcRow(alertOf(k), 'subscription', 'New', at);
  row[6] = 'ASI Scheduled Alerts';
  row[8] = guid(k + 77);
  row[26] = 'Azure Sentinel';
  row[28] = '';
  return row;
}

/**
 * Writes `rows` rows: each alert's first row at once, its later rows (tenant connector, resolutions,
 * repeats) a few hundred alerts later, roughly in TimeGenerated order as an export is.
 */
export async function generate(dir: string, rows: number): Promise<{ api: string; lines: string }> {
  const api = join(dir, 'alerts-api.json');
  const lines = join(dir, 'alerts-lines.ndjson');
  const a = createWriteStream(api, { highWaterMark: 1 << 20 });
  const l = createWriteStream(lines, { highWaterMark: 1 << 20 });
  const columns = COLUMNS.map(([name, type]) => ({ name, type }));
  await write(a, `{"tables":[{"name":"PrimaryResult","columns":${JSON.stringify(columns)},"rows":[`);
  let written = 0;
  const emit = async (row: unknown[]) => {
    const json = JSON.stringify(row);
    await write(a, written === 0 ? `\n${json}` : `,\n${json}`);
    await write(l, `${json}\n`);
    written++;
  };
  const pending: { due: number; row: () => unknown[] }[] = [];
  for (let i = 0; written < rows; i++) {
    while (pending.length > 0 && (pending[0] as { due: number }).due <= i && written < rows) {
      await emit((pending.shift() as { row: () => unknown[] }).row());
    }
    if (written >= rows) break;
    if (i % 50 === 49) {
      await emit(scheduledRow(i, T0 + i * 7 * SECOND + 30 * SECOND));
      continue;
    }
    const alert = alertOf(i);
    await emit(mdcRow(alert, 'subscription', 'New', alert.raised + (60 + (i % 300)) * SECOND));
    const tenant = alert.severity !== 'Informational';
    if (tenant) {
      const at = alert.raised + (400 + (i % 900)) * SECOND;
      pending.push({ due: i + 60, row: () => mdcRow(alertOf(i), 'tenant', 'New', at) });
      if (i % 40 === 0)
        pending.push({ due: i + 120, row: () => mdcRow(alertOf(i), 'tenant', 'New', at + 600 * SECOND) });
    }
    if (i % 3 === 0) {
      const closed = alert.raised + 3600 * SECOND;
      pending.push({
        due: i + 500,
        row: () => mdcRow(alertOf(i), 'subscription', 'Resolved', closed + 90 * SECOND),
      });
      if (tenant)
        pending.push({
          due: i + 560,
          row: () => mdcRow(alertOf(i), 'tenant', 'Resolved', closed + 700 * SECOND),
        });
    }
    pending.sort((x, y) => x.due - y.due);
  }
  await write(a, ']}]}\n');
  await Promise.all([finish(a), finish(l)]);
  return { api, lines };
}

async function reader(file: string): Promise<number> {
  let rows = 0;
  for await (const _ of readAlerts(file)) rows++;
  return rows;
}

/** check-trace end to end; the rows come from its trace.json. */
async function checkTrace(file: string): Promise<number> {
  const out = `${file}.reports`;
  const original = process.stdout.write.bind(process.stdout);
  // The Markdown report goes to stdout; the measure line must stay the last line there.
  process.stdout.write = (() => true) as typeof process.stdout.write;
  let code: number;
  try {
    code = await checkTraceCommand(['--alerts', file, '--out', out]);
  } finally {
    process.stdout.write = original;
  }
  if (code === 3) throw new Error('check-trace rejected the input');
  const { readFile } = await import('node:fs/promises');
  const trace = JSON.parse(await readFile(join(out, 'trace.json'), 'utf8')) as {
    counts: { alertRows: number };
  };
  return trace.counts.alertRows;
}

/** Child mode: run one measurement and print it as JSON. */
async function child(kind: string, file: string): Promise<void> {
  await reportFromChild(() =>
    kind === 'floor' ? floor(file) : kind === 'reader' ? reader(file) : checkTrace(file),
  );
}

function measure(kind: string, file: string): Measure {
  return measureInChild(fileURLToPath(import.meta.url), kind, file);
}

async function main(): Promise<void> {
  const childKind = arg('--child');
  if (childKind !== undefined) {
    await child(childKind, process.argv.at(-1) as string);
    return;
  }
  const rows = Number(arg('--rows') ?? 1_000_000);
  if (!Number.isSafeInteger(rows) || rows < 1) throw new Error('--rows must be a positive integer');
  const keep = process.argv.includes('--keep');
  const dir = arg('--dir') ?? (await mkdtemp(join(tmpdir(), 'check-trace-bench-')));
  await mkdir(dir, { recursive: true });
  try {
    const g0 = performance.now();
    const reuse = process.argv.includes('--reuse') && existsSync(join(dir, 'alerts-api.json'));
    const files = reuse
      ? { api: join(dir, 'alerts-api.json'), lines: join(dir, 'alerts-lines.ndjson') }
      : await generate(dir, rows);
    const apiBytes = (await stat(files.api)).size;
    console.log(
      `${reuse ? 'reused' : 'generated'} ${rows.toLocaleString('en')} rows, ${(apiBytes / 1e9).toFixed(2)} GB (API form) in ${((performance.now() - g0) / 1000).toFixed(1)} s under ${dir}`,
    );
    const repeat = Number(arg('--repeat') ?? 2);
    const runs: Record<'floor' | 'reader' | 'check', Measure[]> = { floor: [], reader: [], check: [] };
    for (let i = 0; i < repeat; i++) {
      runs.floor.push(measure('floor', files.lines));
      runs.reader.push(measure('reader', files.api));
      runs.check.push(measure('check', files.api));
    }
    const best = (ms: Measure[]): Measure => ({
      ...ms.reduce((a, b) => (b.seconds < a.seconds ? b : a)),
      maxRssMB: Math.max(...ms.map((m) => m.maxRssMB)),
    });
    const f = best(runs.floor);
    const r = best(runs.reader);
    const c = best(runs.check);
    for (const [label, m] of [
      ['floor', f],
      ['reader', r],
      ['check', c],
    ] as const) {
      if (m.rows !== rows) throw new Error(`${label} saw ${m.rows} rows, expected ${rows}`);
    }
    const line = (label: string, m: Measure) =>
      `${label.padEnd(12)} ${m.seconds.toFixed(2).padStart(7)} s  ${Math.round(m.rows / m.seconds)
        .toLocaleString('en')
        .padStart(
          9,
        )} rows/s  cpu ${m.cpuSeconds.toFixed(2).padStart(6)} s  peak RSS ${m.maxRssMB.toFixed(0).padStart(5)} MB`;
    console.log(
      `best of ${repeat} (all runs, s: floor ${runs.floor.map((m) => m.seconds.toFixed(2)).join(' ')}; reader ${runs.reader.map((m) => m.seconds.toFixed(2)).join(' ')}; check-trace ${runs.check.map((m) => m.seconds.toFixed(2)).join(' ')})`,
    );
    console.log(line('floor', f));
    console.log(line('reader', r));
    console.log(line('check-trace', c));
    const ratio = c.seconds / f.seconds;
    const cpuRatio = c.cpuSeconds / f.cpuSeconds;
    console.log(
      `check-trace/floor CPU ratio ${cpuRatio.toFixed(2)} (goal ≤ 1.3; time ${ratio.toFixed(2)}); ` +
        `reader/floor ${(r.seconds / f.seconds).toFixed(2)}; the checks add ${(((c.seconds - r.seconds) / r.seconds) * 100).toFixed(0)}% to reading`,
    );
    console.log(`check-trace peak RSS ${c.maxRssMB.toFixed(0)} MB (goal < 1024 MB)`);
    const ok = cpuRatio <= 1.3 && c.maxRssMB < 1024;
    console.log(ok ? 'goals met' : 'GOALS MISSED');
    if (!ok) process.exitCode = 1;
  } finally {
    if (!keep) await rm(dir, { recursive: true, force: true });
  }
}

// Run as a script (not when a test imports generate).
if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1]) await main();
