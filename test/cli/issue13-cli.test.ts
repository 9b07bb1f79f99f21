/**
 * Issue 13's command-line verdicts, as a user meets them (a real process: exit code, stdout, stderr):
 * configuration files that break a parser's stack, exports with no row, advice findings read as findings,
 * and lint on configurations under which no MDC alert reaches Sentinel.
 */
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { fixture, removeTemporary, temporaryDir, writeText } from '../trace-check/support.ts';

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

function expectOneLineError(outcome: Outcome, pattern: RegExp): void {
  expect(outcome.code, outcome.stderr).toBe(3);
  expect(outcome.stdout).toBe('');
  const lines = outcome.stderr.trimEnd().split('\n');
  expect(lines, outcome.stderr).toHaveLength(1);
  expect(lines[0]).toMatch(pattern);
  expect(outcome.stderr).not.toMatch(/NaN|undefined|^\s+at /m);
}

describe('a configuration that would overflow a parser’s stack', () => {
  it('should be one line naming where the JSON goes wrong, exit 3, for lint and check-trace', async () => {
    const dir = temporaryDir();
    const deep = writeText(dir, 'deep.json', '['.repeat(200_000));
    expectOneLineError(
      await run(['lint', '--config', deep]),
      /^error: deep\.json: not valid JSON \(line 1, column 200001\): unexpected end of file$/,
    );
    expectOneLineError(
      await run([
        'check-trace',
        '--alerts',
        fixture('good-alerts.la.json'),
        '--config',
        deep,
        '--out',
        join(dir, 'o'),
      ]),
      /^error: deep\.json: not valid JSON \(line 1, column 200001\)/,
    );
  });

  it('should be one line for valid JSON nested too deep to be a configuration', async () => {
    const dir = temporaryDir();
    const config = readFileSync(fixture('config-both.json'), 'utf8').replace(
      /"subscriptions": \[[^\]]*\]/,
      `"subscriptions": ${'['.repeat(100_000)}${']'.repeat(100_000)}`,
    );
    const nested = writeText(dir, 'nested.json', config);
    expectOneLineError(await run(['lint', '--config', nested]), /^error: nested\.json: subscriptions\[0\]: /);
    const array = writeText(dir, 'array.json', `${'['.repeat(100_000)}${']'.repeat(100_000)}`);
    expectOneLineError(await run(['lint', '--config', array]), /^error: array\.json: expected a JSON object/);
  });
});

describe('lint where no MDC alert reaches Sentinel', () => {
  it('should exit 1 with a finding, for no connector at all and for the XDR connector with No alerts', async () => {
    const dir = temporaryDir();
    const base = JSON.parse(readFileSync(fixture('config-both.json'), 'utf8'));
    for (const [name, part] of [
      ['none.json', { tenantConnector: false, xdrConnector: false }],
      ['xdr-no-alerts.json', { tenantConnector: false, xdrConnector: true, xdrMdcSetting: 'No alerts' }],
    ] as const) {
      const file = writeText(
        dir,
        name,
        JSON.stringify({ ...base, subscriptionConnector: [], incidentRules: [], ...part }),
      );
      const outcome = await run(['lint', '--config', file]);
      expect(outcome.code, outcome.stdout).toBe(1);
      expect(outcome.stdout).toMatch(/\*\*ADV-SUB-COVERAGE\*\*: No MDC connector forwards/);
      expect(outcome.stdout).toContain('nothing arrives');
    }
  });
});
