/**
 * End to end through main(): partial implementations (docs/protocol.md, "Declaring a partial
 * implementation"). The Python example with --partial declares a subset in answer to the declaration
 * request: the run exits 0, every scenario it gets is inside the declaration, and the behaviours that need
 * the rest are skipped (unsupported) with the reason. The same simulator told (by a --declare file) that it
 * supports everything answers `unsupported` to the scenarios outside: they are counted as skipped, never as
 * failures. A TypeScript module declares through its `declaration` export, a profile included.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { TypeCompiler } from '@sinclair/typebox/compiler';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FAILED_SCENARIO_FORMAT } from '../../src/cli/output.ts';
import type { Report } from '../../src/report/report.ts';
import { ReportSchema } from '../../src/report/report-schema.ts';
import { raise, scenario, wait } from '../support/build.ts';
import { cleanUp, cli, type Outcome, PYTHON_SIM, ROOT, readJson, temporaryDir } from './support.ts';

afterAll(cleanUp);

const PARTIAL_SIM = `${PYTHON_SIM} --partial`;
const NEEDS_TENANT = 'unsupported: the implementation does not declare the tenant-based connector';
const NEEDS_CORRELATION = "unsupported: the implementation does not declare the step 'xdr-correlated'";

function schemaErrors(report: Report): string[] {
  return [...TypeCompiler.Compile(ReportSchema).Errors(report)].map((e) => `${e.path}: ${e.message}`);
}

describe(`run --sut "${PARTIAL_SIM}"`, () => {
  let out: string;
  let outcome: Outcome;
  let report: Report;

  beforeAll(async () => {
    out = temporaryDir();
    outcome = await cli(['run', '--sut', PARTIAL_SIM, '--runs', '200', '--out', out]);
    report = readJson(join(out, 'report.json')) as Report;
  }, 120_000);

  it('conforms: exit 0, no scenario answered unsupported', () => {
    expect(outcome.stderr).not.toMatch(/violated|errored|skipped \(/);
    expect(outcome.code).toBe(0);
    expect(outcome.stderr).toContain(
      'a partial implementation (declared by the implementation): it leaves out step types xdr-correlated; configuration changes tenant-connector; configuration parts tenant-connector',
    );
    expect(schemaErrors(report)).toEqual([]);
    for (const run of report.runs) {
      expect(run.summary.exitCode).toBe(0);
      expect(run.erroredRuns).toBe(0);
      expect(run.unsupportedRuns).toBeUndefined();
      expect(run.partial).toMatch(/leaves out|xdr-correlated/);
    }
  });

  it('skips exactly the behaviours that need the tenant connector or correlation, with the reason', () => {
    for (const run of report.runs) {
      const skipped = Object.fromEntries(
        run.behaviours.filter((b) => b.status === 'skipped').map((b) => [b.id, b.detail]),
      );
      expect(skipped).toEqual({
        'TEN-SCOPE': NEEDS_TENANT,
        'TEN-NO-INCIDENT': NEEDS_TENANT,
        'TEN-MIRRORS-MDC': NEEDS_TENANT,
        'TEN-NO-SYNC': NEEDS_TENANT,
        'TEN-VIA-XDR': NEEDS_TENANT,
        'TEN-LINK': NEEDS_TENANT,
        'TEN-SLOWER': NEEDS_TENANT,
        'BOTH-DUPLICATES': NEEDS_TENANT,
        'BOTH-SYNC-APPLIES': NEEDS_TENANT,
        'Q-TENANT-REPEATS': NEEDS_TENANT,
        'ADV-ALL-ALERTS-FOR-TENANT': NEEDS_TENANT,
        'XDR-REDIRECT': NEEDS_CORRELATION,
        'DOC-MERGE-TARGET': NEEDS_CORRELATION,
        'DOC-NO-MERGE-CLOSED': NEEDS_CORRELATION,
      });
      // Every must behaviour left possible is judged, and exercised.
      const unjudged = run.behaviours.filter(
        (b) => b.kind === 'must' && !['holds', 'skipped'].includes(b.status),
      );
      expect(unjudged.map((b) => b.id)).toEqual([]);
    }
    const md = outcome.stdout;
    expect(md).toContain(`| TEN-SCOPE | must | ⏭ skipped (unsupported) | — | ${NEEDS_TENANT} |`);
    expect(md).toContain('A partial implementation: its declaration leaves out step types xdr-correlated');
    expect(readFileSync(join(out, 'report.html'), 'utf8')).toContain('skipped (unsupported)');
    expect(readFileSync(join(out, 'report.xml'), 'utf8')).toContain(
      `<skipped message="skipped: ${NEEDS_TENANT}"/>`,
    );
  });
});

describe('an implementation that answers unsupported, given everything', () => {
  let out: string;
  let outcome: Outcome;
  let report: Report;

  beforeAll(async () => {
    out = temporaryDir();
    const declare = join(out, 'everything.json');
    writeFileSync(declare, '{}\n');
    const args = ['--runs', '60', '--profile', 'ideal', '--stop-after', '2', '--out', join(out, 'r')];
    outcome = await cli(['run', '--sut', PARTIAL_SIM, '--declare', declare, ...args]);
    report = readJson(join(out, 'r', 'report.json')) as Report;
  }, 120_000);

  it('counts those scenarios as skipped (unsupported), not as failures, and never stops the run', () => {
    const [run] = report.runs;
    expect(schemaErrors(report)).toEqual([]);
    expect(run?.erroredRuns).toBe(0);
    expect(run?.stopped).toBeUndefined();
    const skipped = run?.unsupportedRuns ?? 0;
    expect(skipped).toBeGreaterThan(2);
    expect(skipped).toBeLessThan(60);
    expect(run?.unsupported?.[0]?.message).toMatch(/tenant-based connector|xdr-correlated/);
    expect(outcome.stderr).toMatch(
      new RegExp(`${skipped} scenario\\(s\\) skipped \\(ideal\\): the implementation answered unsupported`),
    );
    expect(outcome.stdout).toContain(`${skipped} of 60 scenarios skipped (unsupported)`);
    // Not broken (3): the behaviours only it could show are not exercised, so the run is inconclusive.
    expect(outcome.code).toBe(2);
    expect(run?.behaviours.find((b) => b.id === 'TEN-SCOPE')?.status).toBe('not-exercised');
  });
});

describe('a TypeScript module declaring through its export', () => {
  it('is run inside its declaration, and the profile it leaves out is skipped whole', async () => {
    const out = temporaryDir();
    const sut = join(ROOT, 'test/fixtures/fake-sims/module-partial.ts');
    const outcome = await cli(['run', '--sut', sut, '--runs', '100', '--out', out]);
    const report = readJson(join(out, 'report.json')) as Report;
    expect(schemaErrors(report)).toEqual([]);
    expect(outcome.code).toBe(0);
    const [ideal, observed] = report.runs;
    expect(ideal?.unsupportedRuns).toBeUndefined();
    expect(ideal?.behaviours.find((b) => b.id === 'XDR-REDIRECT')?.status).toBe('holds');
    expect(ideal?.behaviours.find((b) => b.id === 'TEN-SCOPE')?.detail).toBe(NEEDS_TENANT);
    expect(observed?.behaviours.every((b) => b.status === 'skipped')).toBe(true);
    expect(observed?.behaviours[0]?.detail).toBe(
      'unsupported: the implementation does not declare the observed profile',
    );
  }, 120_000);

  it('stops with one line and exit 3 on a declaration off the schema', async () => {
    const dir = temporaryDir();
    const file = join(dir, 'bad.json');
    writeFileSync(file, JSON.stringify({ steps: ['wait', 'alert-raised', 'teleport'] }));
    const outcome = await cli(['run', '--sut', 'reference', '--declare', file, '--runs', '5']);
    expect(outcome.code).toBe(3);
    expect(outcome.stderr.trim()).toMatch(
      new RegExp(
        `^error: the declaration of ${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} is invalid: steps\\[2\\]: expected one of`,
      ),
    );
  });
});

describe('replay of a scenario the implementation does not support', () => {
  it('says skipped (unsupported) with its words, exit 2', async () => {
    const dir = temporaryDir();
    const file = join(dir, 'failed.json');
    const tenant = scenario([raise('A1'), wait(5)]);
    tenant.config.tenantConnector = true;
    const data = {
      format: FAILED_SCENARIO_FORMAT,
      run: 0,
      reason: 'crashed',
      profile: 'ideal',
      scenario: tenant,
    };
    writeFileSync(file, JSON.stringify(data));
    const outcome = await cli(['replay', file, '--sut', PARTIAL_SIM]);
    expect(outcome.stdout).toContain(
      'skipped (unsupported): the implementation does not support this scenario: config.tenantConnector: the tenant-based connector is not supported',
    );
    expect(outcome.code).toBe(2);
  }, 60_000);
});
