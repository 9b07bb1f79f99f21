/**
 * The commands check-trace, lint and kql as a user meets them: as a real process (exit code, stdout, stderr,
 * no stack trace), through test/fixtures/trace-check/cli.mjs, which goes through main.ts once it registers
 * them. Bad input is one line naming the file and row/column (or the configuration's field), exit 3, and no
 * report file, not even one begun.
 */
import { execFile } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { TypeCompiler } from '@sinclair/typebox/compiler';
import { afterAll, describe, expect, it } from 'vitest';
import { KQL_BEHAVIOUR_IDS } from '../../src/kql/index.ts';
import { ReportSchema } from '../../src/report/report-schema.ts';
import { fixture, removeTemporary, temporaryDir, writeText } from './support.ts';

const ROOT = new URL('../../', import.meta.url).pathname;
const RUNNER = join(ROOT, 'test/fixtures/trace-check/cli.mjs');

interface Outcome {
  code: number;
  stdout: string;
  stderr: string;
}

function run(argv: string[]): Promise<Outcome> {
  return new Promise((resolve, reject) => {
    execFile(process.execPath, [RUNNER, ...argv], { cwd: ROOT, timeout: 60_000 }, (error, stdout, stderr) => {
      const code = error && typeof error.code === 'number' ? error.code : error ? null : 0;
      if (code === null) reject(error);
      else resolve({ code, stdout, stderr });
    });
  });
}

afterAll(removeTemporary);

/** One line on stderr (a usage error may add the --help hint), exit 3, nothing on stdout, no trace. */
function expectOneLineError(outcome: Outcome, pattern: RegExp): void {
  expect(outcome.code, outcome.stderr).toBe(3);
  expect(outcome.stdout).toBe('');
  const lines = outcome.stderr.trimEnd().split('\n');
  expect(lines[0]).toMatch(/^error: /);
  expect(lines[0]).toMatch(pattern);
  expect(lines.slice(1).every((l) => l === '(see sentinel-conformance --help)')).toBe(true);
  expect(outcome.stderr).not.toMatch(/^\s+at |internal error/m);
}

const GOOD = ['--alerts', fixture('good-alerts.la.json'), '--incidents', fixture('good-incidents.la.json')];

describe('check-trace', () => {
  it('should write every report format, and exit 1 for the configuration’s pitfall alone', async () => {
    const out = join(temporaryDir(), 'out');
    const outcome = await run([
      'check-trace',
      ...GOOD,
      '--config',
      fixture('config-both.json'),
      '--out',
      out,
    ]);
    // Every behaviour of the services holds; config-both.json keeps an MDC rule next to the XDR connector.
    expect(outcome.code, outcome.stderr).toBe(1);
    expect(outcome.stdout).toMatch(
      /Exit code 1\*\*: the configuration has a pitfall .*: ADV-NO-RULE-WITH-XDR\.$/m,
    );
    expect(readdirSync(out).sort()).toEqual([
      'report.html',
      'report.json',
      'report.md',
      'report.xml',
      'trace.json',
    ]);
    const report = JSON.parse(readFileSync(join(out, 'report.json'), 'utf8'));
    expect(TypeCompiler.Compile(ReportSchema).Check(report)).toBe(true);
    expect(report.runs[0]).toMatchObject({
      implementation: expect.stringMatching(
        /^good-alerts\.la\.json \(TimeGenerated \S+ to \S+\) \+ good-incidents\.la\.json \(TimeGenerated \S+ to \S+\)$/,
      ),
      profile: 'observed',
      runs: 1,
    });
    expect(report.runs[0].behaviours).toHaveLength(50);
    expect(outcome.stdout).toContain('## The trace');
    expect(readFileSync(join(out, 'report.md'), 'utf8')).toBe(outcome.stdout);
  });

  it('should exit 1 when a behaviour is violated', async () => {
    const out = join(temporaryDir(), 'out');
    const outcome = await run(['check-trace', '--alerts', fixture('alert-ids.csv'), '--out', out]);
    expect(outcome.code).toBe(1);
    expect(outcome.stdout).toMatch(/ALERT-ID-STABLE \| must \| ❌ violated/);
    expect(outcome.stdout).toMatch(
      /alert-ids\.csv row 1 \\\(SystemAlertId 5f1c0a7e-0000-4000-8000-000000000001\\\)/,
    );
  });

  it('should exit 2 when nothing is violated but the configuration was not given', async () => {
    const out = join(temporaryDir(), 'out');
    const outcome = await run(['check-trace', ...GOOD, '--out', out]);
    expect(outcome.code).toBe(2);
    expect(outcome.stdout).toMatch(/Exit code 2\*\*: nothing violated, but .* give --config/);
  });

  it('should say how many zone-less timestamps it read as UTC', async () => {
    const out = join(temporaryDir(), 'out');
    const outcome = await run(['check-trace', '--alerts', fixture('legacy-good.csv'), '--out', out]);
    expect(outcome.stdout).toContain('**6 timestamps had no time zone and were read as UTC.**');
    const trace = JSON.parse(readFileSync(join(out, 'trace.json'), 'utf8'));
    expect(trace.inputs.alerts.zoneLessTimestamps).toBe(6);
  });

  it('should say in one line, exit 3, when it cannot write the reports', async () => {
    const blocker = writeText(temporaryDir(), 'a-file', 'x');
    const outcome = await run([
      'check-trace',
      '--alerts',
      fixture('alert-ids.csv'),
      '--out',
      join(blocker, 'out'),
    ]);
    expectOneLineError(outcome, /^error: .*a-file exists and is not a directory$/);
  });

  describe('on bad input: one line, exit 3, no report', () => {
    const cases: [string, () => string[], RegExp][] = [
      [
        'a malformed trace',
        () => ['--alerts', fixture('bad-time.csv')],
        /^error: bad-time\.csv, row 2, column TimeGenerated: not a timestamp: "yesterday" \[bad-timestamp\]$/,
      ],
      [
        'a malformed incidents export after a good alerts export',
        () => [
          '--alerts',
          fixture('good-alerts.la.json'),
          '--incidents',
          writeText(
            temporaryDir(),
            'incidents.json',
            '{"tables":[{"name":"PrimaryResult","columns":[{"name":"IncidentNumber","type":"int"},{"name":"LastModifiedTime","type":"datetime"}],"rows":[[1,"2026-01-01T00:00:00Z"],[2,',
          ),
        ],
        /^error: incidents\.json, row 2: /,
      ],
      ['a missing file', () => ['--alerts', fixture('no-such-file.csv')], /^error: no-such-file\.csv: /],
      [
        'a configuration that is not JSON',
        () => [...GOOD, '--config', writeText(temporaryDir(), 'ws.json', '{\n  "subscriptions": [,]\n}')],
        /^error: ws\.json: not valid JSON \(line 2, column 21\): unexpected ","$/,
      ],
      [
        'a configuration with a wrong field',
        () => [
          ...GOOD,
          '--config',
          writeText(
            temporaryDir(),
            'ws.json',
            JSON.stringify({
              subscriptions: ['s1'],
              subscriptionConnector: [{ subscription: 's1', sync: 'yes' }],
              tenantConnector: false,
              xdrMdcSetting: 'All alerts',
              xdrConnector: false,
              incidentRules: [],
            }),
          ),
        ],
        /^error: ws\.json: subscriptionConnector\[0\]\.sync: expected true or false, received "yes"$/,
      ],
      [
        'a configuration with an unknown field',
        () => [
          ...GOOD,
          '--config',
          writeText(
            temporaryDir(),
            'ws.json',
            JSON.stringify({
              subscriptions: [],
              subscriptionConnector: [],
              tenantConnector: false,
              xdrMdcSetting: 'All alerts',
              xdrConnector: false,
              incidentRules: [],
              sentinelRules: [],
            }),
          ),
        ],
        /^error: ws\.json: sentinelRules: expected no such field/,
      ],
      [
        'a connector on a subscription the configuration does not list',
        () => [
          ...GOOD,
          '--config',
          writeText(
            temporaryDir(),
            'ws.json',
            JSON.stringify({
              subscriptions: ['s1'],
              subscriptionConnector: [{ subscription: 's2', sync: true }],
              tenantConnector: false,
              xdrMdcSetting: 'All alerts',
              xdrConnector: false,
              incidentRules: [],
            }),
          ),
        ],
        /^error: ws\.json: subscriptionConnector\[0\]\.subscription: "s2" is not one of subscriptions \("s1"\)$/,
      ],
      ['no --alerts', () => ['--incidents', fixture('good-incidents.la.json')], /needs --alerts/],
      [
        'an unknown option',
        () => ['--alerts', fixture('alert-ids.csv'), '--sut', 'x'],
        /Unknown option '--sut'/,
      ],
    ];
    for (const [name, argv, pattern] of cases) {
      it(`should reject ${name}`, async () => {
        const out = join(temporaryDir(), 'out');
        const outcome = await run(['check-trace', ...argv(), '--out', out]);
        expectOneLineError(outcome, pattern);
        expect(existsSync(out)).toBe(false);
      });
    }
  });
});

describe('lint', () => {
  it('should list the findings with their consequences and the predictions, exit 1', async () => {
    const outcome = await run(['lint', '--config', fixture('config-both.json')]);
    expect(outcome.code, outcome.stderr).toBe(1);
    expect(outcome.stdout).toMatch(/\*\*ADV-NO-RULE-WITH-XDR\*\*/);
    expect(outcome.stdout).toMatch(/Consequence: .*XDR-DUPLICATE-INCIDENTS/);
    expect(outcome.stdout).toMatch(
      /\| 11111111-2222-4333-8444-555555555551 \| High \| subscription \+ tenant connectors \(2 rows\) \| Azure Sentinel \(rule\) \+ Microsoft XDR \(XDR connector\) \| yes \/ yes \|/,
    );
  });

  it('should exit 0 on a configuration without a pitfall', async () => {
    const outcome = await run(['lint', '--config', fixture('config-tenant-only.json')]);
    expect(outcome.code, outcome.stdout).toBe(0);
    expect(outcome.stdout).toContain('No finding');
  });

  it('should print JSON with --json', async () => {
    const outcome = await run(['lint', '--config', fixture('config-xdr-only.json'), '--json']);
    const result = JSON.parse(outcome.stdout);
    expect(result.findings.map((f: { id: string }) => f.id)).toEqual(['ADV-MDC-CONNECTOR-WITH-XDR']);
    expect(result.predictions).toHaveLength(8);
    expect(result.predictions.find((p: { severity: string }) => p.severity === 'High')).toMatchObject({
      alertVia: [],
      incidents: ['Microsoft XDR'],
      emptyIncident: true,
    });
  });

  it('should read a configuration saved as UTF-16 (Windows PowerShell 5.1 writes it), little or big endian', async () => {
    const dir = temporaryDir();
    const text = readFileSync(fixture('config-both.json'), 'utf8');
    const little = join(dir, 'utf16le.json');
    writeFileSync(little, Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]));
    const big = join(dir, 'utf16be.json');
    writeFileSync(big, Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(text, 'utf16le').swap16()]));
    const expected = (await run(['lint', '--config', fixture('config-both.json')])).stdout;
    for (const file of [little, big]) {
      const outcome = await run(['lint', '--config', file]);
      expect(outcome.code, outcome.stderr).toBe(1);
      expect(outcome.stdout).toBe(expected.replace('config-both.json', file.split('/').at(-1) ?? ''));
    }
  });

  it('should reject a bad configuration in one line, exit 3', async () => {
    const dir = temporaryDir();
    const outcome = await run(['lint', '--config', writeText(dir, 'ws.json', '[1, 2]')]);
    expectOneLineError(
      outcome,
      /^error: ws\.json: expected a JSON object \(a WorkspaceConfig\), received \[1,2\]$/,
    );
    expectOneLineError(await run(['lint']), /needs --config/);
  });
});

describe('kql', () => {
  it('should print every query under its ID and title', async () => {
    const outcome = await run(['kql']);
    expect(outcome.code).toBe(0);
    const headers = outcome.stdout.match(/^\/\/ ===== [A-Z-]+:/gm) ?? [];
    expect(headers.map((h) => h.slice(9, -1))).toEqual([...KQL_BEHAVIOUR_IDS]);
  });

  it('should print only the queries --only names', async () => {
    const outcome = await run(['kql', '--only', 'SUB-LINK,Q-FUTURE-TIME']);
    expect(outcome.stdout.match(/^\/\/ ===== ([A-Z-]+):/gm)).toEqual([
      '// ===== SUB-LINK:',
      '// ===== Q-FUTURE-TIME:',
    ]);
  });

  it('should reject an unknown ID in one line, exit 3', async () => {
    expectOneLineError(await run(['kql', '--only', 'NOPE']), /--only names no query for NOPE/);
  });
});
