/**
 * A speed-up never changes a verdict: check-trace's whole result (every verdict with its detail and witness
 * rows, the counts, the windows, the exit code) and its Markdown report, for a fixed set of traces, are pinned
 * in golden/verdicts.txt, written by the code before the CPU work of issue 13 (`SC_GOLDEN=update npx vitest
 * run test/trace-check/verdicts-golden.test.ts` rewrites it; a change there must be a deliberate verdict
 * change, said so in its commit). The traces:
 *
 * - every file of test/fixtures/trace-check and test/fixtures/trace read as SecurityAlert, alone, with each
 *   configuration there, and the SecurityIncident files beside the SecurityAlert files they go with;
 * - the real exports in ../shared/data/real (skipped, with a notice, when absent);
 * - the check-trace benchmark's export (bench/check-trace-bench.ts), 5,000 rows: many alerts through both
 *   connectors, resolutions, tenant repeats, values shared between alerts;
 * - generated traces: the reference simulator's observations of generated scenarios, and the same rows
 *   perturbed (a row repeated later, repeated with one character of one column changed, a status changed,
 *   a time moved), judged from memory and through an API-form JSON file and a CSV file.
 *
 * Each line holds the readable verdicts and a SHA-256 of the canonical result and report, so any change in a
 * witness or a message shows.
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { generate } from '../../bench/check-trace-bench.ts';
import { OBSERVED } from '../../model/profile.ts';
import { simulate } from '../../model/reference/simulator.ts';
import type { SecurityAlertRow, SecurityIncidentRow } from '../../model/tables.ts';
import { sampleScenarios } from '../../src/api/reference.ts';
import { ALERT_COLUMNS, INCIDENT_COLUMNS } from '../../src/trace/index.ts';
import { checkTrace, type TraceCheckResult } from '../../src/trace-check/check.ts';
import { REAL_DATA_DIR, realSampleFiles } from '../../src/trace-check/real-samples.ts';
import { traceMarkdown } from '../../src/trace-check/report.ts';
import { checkRows, csv, FIXTURES, laApiJson, removeTemporary, temporaryDir, writeText } from './support.ts';

const TRACE_FIXTURES = new URL('../fixtures/trace/', import.meta.url).pathname;
const GOLDEN = new URL('golden/verdicts.txt', import.meta.url).pathname;
const ROOT = resolve(new URL('../../', import.meta.url).pathname);

/** Paths as the checkout and machine put them, replaced by placeholders. */
function placeless(text: string): string {
  return text
    .replaceAll(REAL_DATA_DIR, '<real>')
    .replaceAll(ROOT, '<root>')
    .replaceAll(/[^\s`'"(]*sc-trace-check-[A-Za-z0-9]+/g, '<tmp>')
    .replaceAll(tmpdir(), '<tmpdir>');
}
const SCENARIOS = 60;
const SEED = 20261207;

/** One line: the case, exit code, the verdicts that are not 'holds', and a digest of result and report. */
function line(name: string, result: TraceCheckResult): string {
  const shown = result.verdicts
    .filter((v) => v.status !== 'holds')
    .map((v) => `${v.id}=${v.status}${v.cause ? `(${v.cause})` : ''}`)
    .join(' ');
  const { alerts, incidents, ...rest } = result;
  // The summaries name temporary files: keep what they say of the content.
  const summary = (s: typeof alerts | null) =>
    s === null ? null : { ...s, file: s.file.split('/').at(-1), table: s.table };
  const canonical = JSON.stringify({ ...rest, alerts: summary(alerts), incidents: summary(incidents) });
  const markdown = placeless(traceMarkdown(result));
  const digest = createHash('sha256')
    .update(placeless(canonical))
    .update('\n')
    .update(markdown)
    .digest('hex');
  return `${name}: exit ${result.exitCode} ${digest.slice(0, 16)} ${shown}`;
}

async function judged(name: string, run: () => Promise<TraceCheckResult>): Promise<string> {
  try {
    return line(name, await run());
  } catch (error) {
    return `${name}: error ${placeless((error as Error).message)}`;
  }
}

function files(dir: string): string[] {
  return readdirSync(dir)
    .filter((f) => /\.(csv|json)$/i.test(f) && !f.startsWith('config-'))
    .sort();
}

/** Small deterministic generator (mulberry32). */
function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const TEXT_COLUMNS: (keyof SecurityAlertRow)[] = [
  'AlertLink',
  'ResourceId',
  'AlertName',
  'AlertType',
  'ProductName',
  'ProviderName',
  'VendorName',
  'AlertSeverity',
  'Status',
];

function later(iso: string, ms: number): string {
  const t = Date.parse(iso);
  return Number.isNaN(t) ? iso : new Date(t + ms).toISOString();
}

/** The rows with a few perturbations, drawn from `seed`. */
function perturbed(rows: readonly SecurityAlertRow[], seed: number): SecurityAlertRow[] {
  const next = random(seed);
  const out = rows.map(({ _Connector, ...row }) => {
    void _Connector;
    return row as SecurityAlertRow;
  });
  const count = Math.min(6, out.length);
  for (let k = 0; k < count; k++) {
    const source = out[Math.floor(next() * out.length)] as SecurityAlertRow;
    const copy = { ...source, TimeGenerated: later(source.TimeGenerated, 60_000 + Math.floor(next() * 3e6)) };
    const kind = Math.floor(next() * 4);
    if (kind === 1) {
      const column = TEXT_COLUMNS[Math.floor(next() * TEXT_COLUMNS.length)] as keyof SecurityAlertRow;
      const value = String(copy[column] ?? '');
      const at = Math.floor(next() * Math.max(1, value.length));
      const ch = value.charCodeAt(at);
      (copy as unknown as Record<string, string>)[column] =
        value.slice(0, at) + String.fromCharCode(Number.isNaN(ch) ? 120 : ch ^ 1) + value.slice(at + 1);
    } else if (kind === 2) {
      copy.Status = copy.Status === 'Resolved' ? 'New' : 'Resolved';
    } else if (kind === 3) {
      copy.StartTime = later(copy.StartTime, -3_600_000);
    }
    out.push(copy);
  }
  return out;
}

const lines: string[] = [];

describe('check-trace verdicts are pinned (golden/verdicts.txt)', () => {
  afterAll(() => removeTemporary());

  it('on the fixture files, alone, with each configuration, and with their incidents', async () => {
    const configs = readdirSync(FIXTURES)
      .filter((f) => f.startsWith('config-'))
      .sort();
    for (const [dir, label] of [
      [FIXTURES, 'trace-check'],
      [TRACE_FIXTURES, 'trace'],
    ] as const) {
      const all = files(dir);
      const incidents = all.filter((f) => /incident/i.test(f));
      for (const file of all) {
        lines.push(await judged(`${label}/${file}`, () => checkTrace({ alerts: join(dir, file) })));
        if (/incident/i.test(file)) continue;
        for (const config of configs) {
          lines.push(
            await judged(`${label}/${file} --config ${config}`, () =>
              checkTrace({ alerts: join(dir, file), config: join(FIXTURES, config) }),
            ),
          );
        }
        for (const incident of incidents) {
          lines.push(
            await judged(`${label}/${file} --incidents ${incident}`, () =>
              checkTrace({ alerts: join(dir, file), incidents: join(dir, incident) }),
            ),
          );
        }
      }
    }
  });

  it.skipIf(!existsSync(REAL_DATA_DIR))('on the real exports', async () => {
    for (const file of realSampleFiles()) {
      lines.push(await judged(`real/${file}`, () => checkTrace({ alerts: join(REAL_DATA_DIR, file) })));
    }
  });

  it('on the benchmark export', async () => {
    const dir = temporaryDir();
    const { api } = await generate(dir, 5000);
    lines.push(await judged('bench/5000', () => checkTrace({ alerts: api })));
  });

  it('on generated traces, as observed and perturbed, from memory and from files', async () => {
    const dir = temporaryDir();
    const alertColumns = ALERT_COLUMNS.map((c) => c.name);
    const incidentColumns = INCIDENT_COLUMNS.map((c) => c.name);
    for (const [i, { scenario, schedule }] of sampleScenarios(SEED, SCENARIOS).entries()) {
      const observation = simulate(scenario, schedule, OBSERVED);
      const alerts = observation.SecurityAlert as SecurityAlertRow[];
      const incidents = observation.SecurityIncident as SecurityIncidentRow[];
      const changed = perturbed(alerts, SEED + i);
      lines.push(line(`generated/${i}`, checkRows(alerts, incidents, scenario.config)));
      lines.push(line(`generated/${i} perturbed`, checkRows(changed, incidents, null)));
      const rows = changed as unknown as Record<string, unknown>[];
      const api = writeText(dir, `alerts-${i}.json`, laApiJson(alertColumns, rows));
      const table = writeText(dir, `alerts-${i}.csv`, csv(alertColumns, rows));
      const inc = writeText(
        dir,
        `incidents-${i}.json`,
        laApiJson(incidentColumns, incidents as unknown as Record<string, unknown>[]),
      );
      lines.push(
        await judged(`generated/${i} perturbed api`, () => checkTrace({ alerts: api, incidents: inc })),
      );
      lines.push(await judged(`generated/${i} perturbed csv`, () => checkTrace({ alerts: table })));
    }
  });

  it('matches the pinned results', () => {
    expect(lines.length).toBeGreaterThan(100);
    const present = existsSync(REAL_DATA_DIR);
    if (process.env.SC_GOLDEN === 'update') {
      if (!present) throw new Error(`SC_GOLDEN=update needs the real exports in ${REAL_DATA_DIR}`);
      writeFileSync(GOLDEN, `${lines.join('\n')}\n`);
      return;
    }
    // Without the real exports, their lines are left out of the comparison.
    const pinned = readFileSync(GOLDEN, 'utf8')
      .split('\n')
      .filter((l) => l !== '' && (present || !l.startsWith('real/')));
    expect(lines).toEqual(pinned);
  });
});
