/**
 * Trace-reader benchmark. Generates (in a temp dir, deleted afterwards unless --keep) a SecurityAlert export of
 * N rows (default 1,000,000 ≈ 2 GB) in the Log Analytics query API form with 34 columns, plus the same rows one
 * per line, then measures, each in a child process of its own (for a clean peak RSS):
 *
 * - floor: read the line-per-row file in 1 MiB chunks and JSON.parse each line on its own;
 * - reader: `readAlerts` over the API-form file (scan, parse, normalise to SecurityAlertRow), one row per
 *   `for await` step, as most consumers take them;
 * - nextRows (with --next-rows): the same, taken a batch at a time with `nextRows()`;
 * - csv (with --csv): `readAlerts` over the same rows as CSV;
 * - blobs (with --blobs): the same rows as a workspace's data export writes them to a storage account, JSON
 *   lines of row objects in blobs `am-SecurityAlert/WorkspaceResourceId=…/y=/m=/d=/h=/m=/PT05M.json`, the
 *   rows spread over a year of 5-minute folders (about 105,000 blobs), one row in a thousand written twice as
 *   an export duplicate; `readAlerts` over the folder, against its own floor (list the tree, read each blob
 *   and JSON.parse each line, with synchronous calls, readdirSync and readFileSync, as the reader lists the
 *   tree and reads small blobs: an asynchronous call costs several times as much CPU on this machine).
 *
 * Floor and reader alternate --repeat times (default 3) and each keeps its best run, since the machine may be
 * shared. Prints rows/s, the reader/floor time ratio and peak RSS (the largest over the reader runs). Targets:
 * reader ≥ 100k rows/s, ≤ 2× the floor, peak RSS < 1 GB. Usage:
 * `npx tsx bench/trace-bench.ts [--rows N] [--repeat R] [--csv] [--next-rows] [--blobs] [--keep] [--dir D [--reuse]]`.
 */
import { createWriteStream, existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { mdcAlertName } from '../model/time.ts';
import { readAlerts } from '../src/trace/read.ts';
import {
  arg,
  COLUMNS,
  finish,
  floor,
  floorOfBlobs,
  guid,
  type Measure,
  measureInChild,
  reportFromChild,
  write,
} from './export-support.ts';

const SEVERITIES = ['Informational', 'Low', 'Medium', 'High'];
const STATUSES = ['New', 'InProgress', 'Resolved', 'Dismissed'];

function fraction7(seed: number): string {
  return String(Math.imul(seed, 2654435761) >>> 0)
    .padStart(7, '0')
    .slice(0, 7);
}

/** One generated row (values in COLUMNS order), about 2 kB of JSON. */
function makeRow(i: number): unknown[] {
  const start = Date.UTC(2025, 0, 1) + i * 1000;
  const name = mdcAlertName(start, guid(i));
  const startIso = new Date(start).toISOString().replace('.000Z', `.${fraction7(i)}Z`);
  const generated = new Date(start + 60_000 + (i % 600) * 1000)
    .toISOString()
    .replace('.000Z', `.${fraction7(i + 7)}Z`);
  const sub = guid(i % 97);
  const host = `vm-${(i % 5000).toString(36)}`;
  const entities = JSON.stringify([
    {
      $id: '2',
      HostName: host,
      OSFamily: 'Linux',
      Type: 'host',
      AzureID: `/subscriptions/${sub}/resourceGroups/rg-${i % 13}/providers/Microsoft.Compute/virtualMachines/${host}`,
    },
    { $id: '3', Address: `10.${i % 256}.${(i >> 8) % 256}.${(i >> 16) % 256}`, Type: 'ip' },
    {
      $id: '4',
      Name: `svc-${i % 311}`,
      NTDomain: 'CONTOSO',
      Host: { $ref: '2' },
      Type: 'account',
      Sid: `S-1-5-21-${i}`,
    },
    {
      $id: '5',
      ProcessId: String(1000 + (i % 30000)),
      CommandLine: `/usr/bin/python3 -c "import os; os.system('curl http://x/${i}')"`,
      Host: { $ref: '2' },
      Account: { $ref: '4' },
      Type: 'process',
    },
  ]);
  const extended = JSON.stringify(
    {
      'Alert generation status': 'Alert generated',
      resourceType: 'Virtual Machine',
      ProcessedBySentinel: 'True',
      'Compromised Host': host,
      'Suspicious Command Line': `python3 -c "import os; os.system('curl http://x/${i}')" \\\\ tab\there`,
      'User Name': `svc-${i % 311}`,
      'Effective Azure Resource Id': `/subscriptions/${sub}/resourceGroups/rg-${i % 13}/providers/Microsoft.Compute/virtualMachines/${host}`,
      'Compromised Entity': host,
    },
    null,
    2,
  );
  const severity = SEVERITIES[i % 4] as string;
  return [
    '52b1ab41-869e-4138-9e40-2a4457f09bf0',
    generated,
    // Mostly ASCII, as real alerts are; one row in a hundred has non-ASCII text.
    i % 100 === 0 ? 'Suspicious process executed – “sample” é' : 'Suspicious process executed',
    'Suspicious process executed',
    severity,
    'A suspicious process was executed on the host. The command line contains indicators associated with known attack tools; review the process tree and the account that ran it.',
    'Azure Security Center',
    'Microsoft',
    name,
    guid(i + 1_000_000_007),
    `/subscriptions/${sub}/resourceGroups/rg-${i % 13}/providers/Microsoft.Compute/virtualMachines/${host}`,
    '',
    'VM_SuspiciousProcess',
    '',
    i % 3 === 0 ? null : (i % 100) / 100,
    false,
    startIso,
    startIso,
    startIso,
    '1. Review the process tree.\r\n2. Isolate the machine if needed.\r\n3. Escalate to the SOC.',
    extended,
    entities,
    'Detection',
    sub,
    `rg-${i % 13}`,
    '',
    'Azure Security Center',
    '',
    i % 2 === 0
      ? `https://portal.azure.com/#blade/Microsoft_Azure_Security_AzureDefenderForData/AlertBlade/alertId/${name}/subscriptionId/${sub}/resourceGroup/rg-${i % 13}/referencedFrom/alertDeepLink/location/westeurope`
      : `https://security.microsoft.com/alerts/da${String(638000000000000000 + i)}_${i}?tid=52b1ab41-869e-4138-9e40-2a4457f09bf0`,
    STATUSES[i % 4],
    host,
    'Execution',
    'T1059',
    'SecurityAlert',
  ];
}

function csvField(value: unknown): string {
  const text = value === null ? '' : String(value);
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

async function generate(
  dir: string,
  rows: number,
  csv: boolean,
): Promise<{ api: string; lines: string; csv: string | null }> {
  const api = join(dir, 'alerts-api.json');
  const lines = join(dir, 'alerts-lines.ndjson');
  const csvPath = csv ? join(dir, 'alerts.csv') : null;
  const a = createWriteStream(api, { highWaterMark: 1 << 20 });
  const l = createWriteStream(lines, { highWaterMark: 1 << 20 });
  const c = csvPath ? createWriteStream(csvPath, { highWaterMark: 1 << 20 }) : null;
  const columns = COLUMNS.map(([name, type]) => ({ name, type }));
  await write(a, `{"tables":[{"name":"PrimaryResult","columns":${JSON.stringify(columns)},"rows":[`);
  if (c) await write(c, `${COLUMNS.map(([name]) => name).join(',')}\r\n`);
  for (let i = 0; i < rows; i++) {
    const row = makeRow(i);
    const json = JSON.stringify(row);
    await write(a, i === 0 ? `\n${json}` : `,\n${json}`);
    await write(l, `${json}\n`);
    if (c) await write(c, `${row.map(csvField).join(',')}\r\n`);
  }
  await write(a, ']}]}\n');
  await Promise.all([finish(a), finish(l), c ? finish(c) : Promise.resolve()]);
  return { api, lines, csv: csvPath };
}

const FIVE_MINUTES = 5 * 60_000;
/** 5-minute windows in a year: a data export rule's blobs of a year. */
const YEAR_OF_BLOBS = (365 * 24 * 60) / 5;
const WORKSPACE =
  'WorkspaceResourceId=/subscriptions/00000000-1111-2222-3333-444444444444/resourcegroups/rg-soc/providers/microsoft.operationalinsights/workspaces/ws-soc';

/** The rows as a storage account's data export holds them; returns the container and its size in bytes. */
async function generateBlobs(dir: string, rows: number): Promise<{ container: string; bytes: number }> {
  const container = join(dir, 'am-SecurityAlert');
  const perBlob = Math.max(1, Math.ceil(rows / YEAR_OF_BLOBS));
  const pad = (n: number) => String(n).padStart(2, '0');
  let bytes = 0;
  for (let first = 0, blob = 0; first < rows; first += perBlob, blob++) {
    const t = new Date(Date.UTC(2025, 0, 1) + blob * FIVE_MINUTES);
    const folder = join(
      container,
      WORKSPACE,
      `y=${t.getUTCFullYear()}`,
      `m=${pad(t.getUTCMonth() + 1)}`,
      `d=${pad(t.getUTCDate())}`,
      `h=${pad(t.getUTCHours())}`,
      `m=${pad(t.getUTCMinutes())}`,
    );
    await mkdir(folder, { recursive: true });
    let text = '';
    for (let i = first; i < Math.min(rows, first + perBlob); i++) {
      const values = makeRow(i);
      const record: Record<string, unknown> = {};
      COLUMNS.forEach(([name], k) => {
        record[name] = values[k];
      });
      const line = `${JSON.stringify(record)}\n`;
      text += line;
      if (i % 1000 === 999) text += line; // a destination's retry: the record again, byte for byte
    }
    bytes += Buffer.byteLength(text);
    await writeFile(join(folder, 'PT05M.json'), text);
  }
  return { container, bytes };
}

async function reader(file: string): Promise<number> {
  let rows = 0;
  for await (const _ of readAlerts(file)) rows++;
  return rows;
}

async function readerByBatch(file: string): Promise<number> {
  let rows = 0;
  const trace = readAlerts(file);
  for (let batch = await trace.nextRows(); batch !== null; batch = await trace.nextRows()) {
    for (const _ of batch) rows++;
  }
  return rows;
}

/** Child mode: run one measurement and print it as JSON. */
async function child(kind: string, file: string): Promise<void> {
  await reportFromChild(() =>
    kind === 'floor'
      ? floor(file)
      : kind === 'floorBlobs'
        ? Promise.resolve(floorOfBlobs(file))
        : kind === 'nextRows'
          ? readerByBatch(file)
          : reader(file),
  );
}

function measure(kind: string, file: string): Measure {
  return measureInChild(fileURLToPath(import.meta.url), kind, file);
}

async function main(): Promise<void> {
  const childKind = arg('--child');
  if (childKind !== undefined) {
    await child(childKind, arg(childKind) ?? (process.argv.at(-1) as string));
    return;
  }
  const rows = Number(arg('--rows') ?? 1_000_000);
  if (!Number.isSafeInteger(rows) || rows < 1) throw new Error('--rows must be a positive integer');
  const withCsv = process.argv.includes('--csv');
  const withNextRows = process.argv.includes('--next-rows');
  const keep = process.argv.includes('--keep');
  const dir = arg('--dir') ?? (await mkdtemp(join(tmpdir(), 'trace-bench-')));
  await mkdir(dir, { recursive: true });
  try {
    const g0 = performance.now();
    // --reuse (with --dir and --keep): measure files a previous run left there.
    const reuse = process.argv.includes('--reuse') && existsSync(join(dir, 'alerts-api.json'));
    const files = reuse
      ? {
          api: join(dir, 'alerts-api.json'),
          lines: join(dir, 'alerts-lines.ndjson'),
          csv: withCsv ? join(dir, 'alerts.csv') : null,
        }
      : await generate(dir, rows, withCsv);
    const apiBytes = (await stat(files.api)).size;
    console.log(
      `${reuse ? 'reused' : 'generated'} ${rows.toLocaleString('en')} rows, ${(apiBytes / 1e9).toFixed(2)} GB (API form) in ${((performance.now() - g0) / 1000).toFixed(1)} s under ${dir}`,
    );
    // The machine may be shared: floor and reader alternate, and each keeps its best of --repeat runs.
    const repeat = Number(arg('--repeat') ?? 3);
    const floors: Measure[] = [];
    const readers: Measure[] = [];
    const byBatch: Measure[] = [];
    for (let i = 0; i < repeat; i++) {
      floors.push(measure('floor', files.lines));
      readers.push(measure('reader', files.api));
      if (withNextRows) byBatch.push(measure('nextRows', files.api));
    }
    const best = (ms: Measure[]): Measure => ms.reduce((a, b) => (b.seconds < a.seconds ? b : a));
    const f = best(floors);
    const r = { ...best(readers), maxRssMB: Math.max(...readers.map((m) => m.maxRssMB)) };
    if (f.rows !== rows || r.rows !== rows)
      throw new Error(`row counts differ: floor ${f.rows}, reader ${r.rows}, expected ${rows}`);
    const line = (label: string, m: Measure, bytes: number) => {
      const rate = Math.round(m.rows / m.seconds).toLocaleString('en');
      const mbs = (bytes / 1e6 / m.seconds).toFixed(0);
      return `${label.padEnd(10)} ${m.seconds.toFixed(2).padStart(7)} s  ${rate.padStart(9)} rows/s  ${mbs.padStart(5)} MB/s  cpu ${m.cpuSeconds.toFixed(2)} s  peak RSS ${m.maxRssMB.toFixed(0)} MB`;
    };
    console.log(
      `best of ${repeat} (all runs, s: floor ${floors.map((m) => m.seconds.toFixed(2)).join(' ')}; reader ${readers.map((m) => m.seconds.toFixed(2)).join(' ')})`,
    );
    console.log(line('floor', f, (await stat(files.lines)).size));
    console.log(line('reader', r, apiBytes));
    const ratio = r.seconds / f.seconds;
    console.log(
      `reader/floor time ratio ${ratio.toFixed(2)} (CPU time ratio ${(r.cpuSeconds / f.cpuSeconds).toFixed(2)})`,
    );
    if (withNextRows) {
      const b = best(byBatch);
      console.log(line('nextRows', b, apiBytes));
      console.log(
        `nextRows/floor time ratio ${(b.seconds / f.seconds).toFixed(2)} (CPU time ratio ${(b.cpuSeconds / f.cpuSeconds).toFixed(2)})`,
      );
    }
    const ok = r.rows / r.seconds >= 100_000 && ratio <= 2 && r.maxRssMB < 1024;
    if (files.csv) {
      const c = best(Array.from({ length: repeat }, () => measure('reader', files.csv as string)));
      console.log(line('csv', c, (await stat(files.csv)).size));
    }
    if (process.argv.includes('--blobs')) {
      const b0 = performance.now();
      const existing = join(dir, 'am-SecurityAlert');
      const tree =
        reuse && existsSync(existing)
          ? { container: existing, bytes: Number.NaN }
          : await generateBlobs(dir, rows);
      console.log(
        `blob tree: ${Math.ceil(rows / Math.max(1, Math.ceil(rows / YEAR_OF_BLOBS))).toLocaleString('en')} blobs, ${(tree.bytes / 1e9).toFixed(2)} GB, in ${((performance.now() - b0) / 1000).toFixed(1)} s`,
      );
      const bf: Measure[] = [];
      const br: Measure[] = [];
      for (let i = 0; i < repeat; i++) {
        bf.push(measure('floorBlobs', tree.container));
        br.push(measure('reader', tree.container));
      }
      const fb = best(bf);
      const rb = { ...best(br), maxRssMB: Math.max(...br.map((m) => m.maxRssMB)) };
      // The floor parses the duplicates too; the reader hands out each record once.
      if (rb.rows !== rows)
        throw new Error(`blob tree: the reader handed out ${rb.rows} rows, expected ${rows}`);
      console.log(line('floor', fb, tree.bytes));
      console.log(line('blobs', rb, tree.bytes));
      console.log(
        `blobs/floor time ratio ${(rb.seconds / fb.seconds).toFixed(2)} (CPU time ratio ${(rb.cpuSeconds / fb.cpuSeconds).toFixed(2)})`,
      );
    }
    console.log(ok ? 'targets met (≥100k rows/s, ≤2× floor, peak < 1 GB)' : 'TARGETS MISSED');
    if (!ok) process.exitCode = 1;
  } finally {
    if (!keep) await rm(dir, { recursive: true, force: true });
  }
}

await main();
