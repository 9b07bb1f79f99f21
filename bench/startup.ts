/**
 * The CLI's start-up, for `npm run bench`: `sentinel-conformance --help` (the bin on the compiled dist/)
 * against `node -e 0`, side by side: the two alternate, 21 times each, and the median wall times and the
 * median of the pairs' ratios are printed (goal: --help within 2x of a bare node start). dist/ is rebuilt
 * first when a source is newer than it.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const PAIRS = 21;

function median(values: number[]): number {
  const sorted = [...values].sort((x, y) => x - y);
  return sorted[Math.floor(sorted.length / 2)] as number;
}

function wallMs(args: string[]): number {
  const started = performance.now();
  const child = spawnSync(process.execPath, args, { cwd: ROOT, stdio: 'ignore' });
  const ms = performance.now() - started;
  if (child.status !== 0) throw new Error(`node ${args.join(' ')} exited ${child.status}`);
  return ms;
}

export function startupSection(): void {
  execFileSync(process.execPath, ['scripts/build.mjs', '--if-stale'], { cwd: ROOT, stdio: 'inherit' });
  const bare: number[] = [];
  const help: number[] = [];
  for (let i = 0; i < PAIRS + 2; i++) {
    const b = wallMs(['-e', '0']);
    const h = wallMs(['bin/sentinel-conformance.mjs', '--help']);
    if (i < 2) continue; // the file cache warms up
    bare.push(b);
    help.push(h);
  }
  const ratio = median(help.map((h, i) => h / (bare[i] as number)));
  console.log(`\nstart-up, ${PAIRS} alternating runs each (median wall time):`);
  console.log(`  node -e 0                       ${median(bare).toFixed(0).padStart(5)} ms`);
  console.log(`  sentinel-conformance --help     ${median(help).toFixed(0).padStart(5)} ms`);
  console.log(`  --help / node -e 0: ${ratio.toFixed(2)}× (goal ≤ 2×) ${ratio <= 2 ? 'met' : 'MISSED'}`);
}
