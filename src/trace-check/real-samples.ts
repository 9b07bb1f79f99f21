/**
 * Regenerates reports/real-samples: `check-trace` on each real SecurityAlert export in ../shared/data/real
 * (see its SOURCES.md; alerts only, no incidents, no configuration), one directory per file with report.md,
 * report.json and trace.json. The reports name rows by file row and SystemAlertId; they copy no row.
 *
 * Usage: `npm run real-samples` (or `npx tsx src/trace-check/real-samples.ts [DATA_DIR] [OUT_DIR]`).
 */
import { existsSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { checkTrace, type TraceCheckResult } from './check.ts';
import { writeSampleReports } from './report.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const REAL_DATA_DIR = resolve(ROOT, '../shared/data/real');
export const REAL_REPORTS_DIR = join(ROOT, 'reports/real-samples');

/** The export files of a data directory (every .csv and .json), sorted. */
export function realSampleFiles(dir = REAL_DATA_DIR): string[] {
  return readdirSync(dir)
    .filter((name) => /\.(csv|json)$/i.test(name))
    .sort();
}

export async function checkRealSample(file: string, dir = REAL_DATA_DIR): Promise<TraceCheckResult> {
  return checkTrace({ alerts: join(dir, file) });
}

export async function writeRealSamples(dir = REAL_DATA_DIR, out = REAL_REPORTS_DIR): Promise<string[]> {
  const written: string[] = [];
  for (const file of realSampleFiles(dir)) {
    const result = await checkRealSample(file, dir);
    written.push(...writeSampleReports(join(out, file), result));
    const violated = result.verdicts.filter((v) => v.status === 'violated').map((v) => v.id);
    console.error(
      `${file}: exit ${result.exitCode}${violated.length > 0 ? `, violated ${violated.join(', ')}` : ''}`,
    );
  }
  return written;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const dir = process.argv[2] ?? REAL_DATA_DIR;
  if (!existsSync(dir)) {
    console.error(`error: no real sample data at ${dir}`);
    process.exitCode = 3;
  } else {
    const written = await writeRealSamples(dir, process.argv[3] ?? REAL_REPORTS_DIR);
    console.error(`reports written: ${written.length} files under ${process.argv[3] ?? REAL_REPORTS_DIR}`);
  }
}
