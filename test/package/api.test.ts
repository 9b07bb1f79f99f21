/**
 * The library API (src/index.ts) does what the CLI does: runConformance gives the report `run` writes for
 * the same seed and runs; a simulate function is an implementation; lintWorkspace and checkTrace give the
 * verdicts of `lint` and `check-trace`; bad input is the same one-line error.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  behaviours,
  ConfigError,
  checkTrace,
  lintWorkspace,
  type Observation,
  referenceSimulate,
  runConformance,
  type Scenario,
  writeConformanceReports,
} from '../../src/index.ts';
import { cli } from '../cli/support.ts';

const work = mkdtempSync(join(tmpdir(), 'sc-api-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('the library API', () => {
  it('runConformance gives the report `run` writes for the same seed and runs', async () => {
    const out = join(work, 'cli');
    const ran = await cli(['run', '--sut', 'reference', '--runs', '100', '--seed', '7', '--out', out]);
    expect(ran.code).toBe(0);
    const result = await runConformance({ sut: 'reference', runs: 100, seed: 7 });
    expect(result.exitCode).toBe(0);
    expect(result.report).toEqual(JSON.parse(readFileSync(join(out, 'report.json'), 'utf8')));
  });

  it('runs a simulate function, shrinks what it breaks, and writes the counterexample', async () => {
    // The reference, except that every SecurityAlert row of the tenant connector is dropped.
    const noTenant = (scenario: Scenario, profile: 'ideal' | 'observed'): Observation => {
      const observation = referenceSimulate(scenario, profile);
      return {
        ...observation,
        SecurityAlert: observation.SecurityAlert.filter(
          (r) => !r.AlertLink.includes('security.microsoft.com'),
        ),
      };
    };
    const result = await runConformance({
      sut: noTenant,
      name: 'no-tenant',
      runs: 200,
      profiles: 'ideal',
      only: ['TEN-SCOPE'],
    });
    expect(result.exitCode).toBe(1);
    const [verdict] = result.report.runs[0]?.behaviours ?? [];
    expect(verdict?.status).toBe('violated');
    expect(verdict?.counterexample?.file).toBe('counterexamples/no-tenant-ideal-TEN-SCOPE.json');
    const files = writeConformanceReports(join(work, 'api'), result);
    expect(files).toContain(join(work, 'api', 'counterexamples/no-tenant-ideal-TEN-SCOPE.json'));
    expect(files).toContain(join(work, 'api', 'report.json'));
  });

  it('refuses an unknown behaviour ID', async () => {
    await expect(runConformance({ sut: 'reference', runs: 1, only: ['NOPE'] })).rejects.toThrow(
      'unknown behaviour ID: NOPE',
    );
  });

  it('lints a configuration, from a file or as a value, as `lint` does', async () => {
    const fromFile = lintWorkspace('examples/workspace.json');
    expect(fromFile.findings.map((f) => f.id)).toEqual(['ADV-SUB-COVERAGE']);
    const printed = await cli(['lint', '--config', 'examples/workspace.json', '--json']);
    expect(JSON.parse(printed.stdout)).toEqual(JSON.parse(JSON.stringify(fromFile)));
    expect(() => lintWorkspace({ subscriptions: 'all' } as never)).toThrow(ConfigError);
  });

  it('checks a trace against the example configuration', async () => {
    const result = await checkTrace({
      alerts: 'test/fixtures/trace-check/good-alerts.la.json',
      incidents: 'test/fixtures/trace-check/good-incidents.la.json',
      config: 'examples/workspace.json',
    });
    expect(result.exitCode).toBe(1);
    // The fixture's workspace had an MDC rule; examples/workspace.json leaves its fourth subscription uncovered
    // on purpose, a pitfall check-trace reports as lint does.
    expect(result.verdicts.filter((v) => v.status === 'violated').map((v) => v.id)).toEqual([
      'RULE-PRODUCT-FILTER',
      'ADV-SUB-COVERAGE',
    ]);
  });

  it('lists the catalogue', () => {
    expect(behaviours().length).toBe(50);
    expect(behaviours('quirk').map((b) => b.id)).toEqual([
      'Q-FUTURE-TIME',
      'Q-NON-UTC-STARTTIME',
      'Q-INCIDENT-BEFORE-ALERT',
      'Q-TENANT-REPEATS',
    ]);
  });
});
