/**
 * What the two trace benchmarks share: the 34 columns of a current SecurityAlert export, deterministic ids,
 * stream writing, the floor they are both measured against (read the file and JSON.parse each row on its
 * own; for a folder of blobs, each blob's lines), and argument reading.
 */
import { spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { readdirSync, readFileSync, type WriteStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
export const COLUMNS: [string, string][] = [
  ['TenantId', 'string'],
  ['TimeGenerated', 'datetime'],
  ['DisplayName', 'string'],
  ['AlertName', 'string'],
  ['AlertSeverity', 'string'],
  ['Description', 'string'],
  ['ProviderName', 'string'],
  ['VendorName', 'string'],
  ['VendorOriginalId', 'string'],
  ['SystemAlertId', 'string'],
  ['ResourceId', 'string'],
  ['SourceComputerId', 'string'],
  ['AlertType', 'string'],
  ['ConfidenceLevel', 'string'],
  ['ConfidenceScore', 'real'],
  ['IsIncident', 'bool'],
  ['StartTime', 'datetime'],
  ['EndTime', 'datetime'],
  ['ProcessingEndTime', 'datetime'],
  ['RemediationSteps', 'string'],
  ['ExtendedProperties', 'string'],
  ['Entities', 'string'],
  ['SourceSystem', 'string'],
  ['WorkspaceSubscriptionId', 'string'],
  ['WorkspaceResourceGroup', 'string'],
  ['ExtendedLinks', 'string'],
  ['ProductName', 'string'],
  ['ProductComponentName', 'string'],
  ['AlertLink', 'string'],
  ['Status', 'string'],
  ['CompromisedEntity', 'string'],
  ['Tactics', 'string'],
  ['Techniques', 'string'],
  ['Type', 'string'],
];

export function hex(n: number, width: number): string {
  return (n >>> 0).toString(16).padStart(width, '0').slice(-width);
}

export function guid(seed: number): string {
  const a = Math.imul(seed ^ 0x9e3779b9, 0x85ebca6b) >>> 0;
  const b = Math.imul(a ^ (a >>> 13), 0xc2b2ae35) >>> 0;
  return `${hex(a, 8)}-${hex(b, 4)}-4${hex(b >>> 16, 3)}-8${hex(a >>> 7, 3)}-${hex(seed, 12)}`;
}

export async function write(stream: WriteStream, text: string): Promise<void> {
  if (!stream.write(text)) await once(stream, 'drain');
}

export async function finish(stream: WriteStream): Promise<void> {
  stream.end();
  await once(stream, 'finish');
}

/** The floor: read the line-per-row file in 1 MiB chunks and JSON.parse each line alone. */
export async function floor(file: string): Promise<number> {
  const handle = await open(file, 'r');
  let rows = 0;
  let buf: Buffer = Buffer.alloc(0);
  let start = 0;
  try {
    for (;;) {
      const rest = buf.length - start;
      const next = Buffer.allocUnsafe(rest + (1 << 20));
      buf.copy(next, 0, start);
      const { bytesRead } = await handle.read(next, rest, 1 << 20, null);
      if (bytesRead === 0) break;
      buf = next.subarray(0, rest + bytesRead);
      start = 0;
      for (let nl = buf.indexOf(10); nl >= 0; nl = buf.indexOf(10, start)) {
        JSON.parse(buf.toString('utf8', start, nl));
        rows++;
        start = nl + 1;
      }
    }
  } finally {
    await handle.close();
  }
  return rows;
}

/**
 * The floor for a folder of JSON-lines blobs: list the tree, then read each blob whole and JSON.parse each line
 * alone (what any reader of the blobs must do at least), with synchronous calls (on this machine an
 * asynchronous file call costs several times the synchronous one, and the reader uses synchronous ones too).
 */
export function floorOfBlobs(folder: string): number {
  const files: string[] = [];
  const pending = [folder];
  while (pending.length > 0) {
    const dir = pending.pop() as string;
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) pending.push(path);
      else files.push(path);
    }
  }
  files.sort();
  let rows = 0;
  for (const file of files) {
    const buf = readFileSync(file);
    let start = 0;
    for (let nl = buf.indexOf(10); nl >= 0; nl = buf.indexOf(10, start)) {
      JSON.parse(buf.toString('utf8', start, nl));
      rows++;
      start = nl + 1;
    }
  }
  return rows;
}

export function arg(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

/** One measurement, made in a child process of its own so that memory and JIT state do not carry over. */
export interface Measure {
  rows: number;
  seconds: number;
  /** CPU time (user + system) of the child: steadier than wall time on a shared machine. */
  cpuSeconds: number;
  maxRssMB: number;
}

/** Child mode: run one measurement (`count` returns the rows it read) and print it as one JSON line. */
export async function reportFromChild(count: () => Promise<number>): Promise<void> {
  const t0 = performance.now();
  const c0 = process.cpuUsage();
  const rows = await count();
  const seconds = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(c0);
  const measure: Measure = {
    rows,
    seconds,
    cpuSeconds: (cpu.user + cpu.system) / 1e6,
    maxRssMB: process.resourceUsage().maxRSS / 1024,
  };
  process.stdout.write(`${JSON.stringify(measure)}\n`);
}

/** Runs `script --child kind file` in a fresh process and reads the measurement it prints last. */
export function measureInChild(script: string, kind: string, file: string): Measure {
  const run = spawnSync(process.execPath, [...process.execArgv, script, '--child', kind, file], {
    encoding: 'utf8',
    maxBuffer: 64 << 20,
  });
  if (run.status !== 0) throw new Error(`child ${kind} failed: ${run.stderr}`);
  const last = run.stdout.trim().split('\n').at(-1) ?? '';
  return JSON.parse(last) as Measure;
}
