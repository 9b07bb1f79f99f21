/**
 * What the two trace benchmarks share: the 34 columns of a current SecurityAlert export, deterministic ids,
 * stream writing, the floor they are both measured against (read the file and JSON.parse each row on its
 * own), and argument reading.
 */
import { once } from 'node:events';
import type { WriteStream } from 'node:fs';
import { open } from 'node:fs/promises';
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

export function arg(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
}
