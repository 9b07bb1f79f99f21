/**
 * sentinel-conformance/vitest on the example simulator (examples/ts-sim), in a vitest of its own: one test
 * per behaviour and profile plus one for failed scenarios; with the example's seeded bug
 * (TS_SIM_BUG=late-tenant) the behaviours it breaks fail with the shrunk timeline, seed, path and the
 * counterexample file to replay, and the undecided ones are skipped with their reason. The example passing
 * as it is, is the project's own run of examples/ts-sim/simulator.test.ts (vitest.config.ts includes it).
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { BEHAVIOURS } from '../../model/invariants/index.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const work = mkdtempSync(join(tmpdir(), 'sc-vitest-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

interface Assertion {
  ancestorTitles: string[];
  title: string;
  status: 'passed' | 'failed' | 'skipped' | 'pending' | 'todo';
  failureMessages: string[];
}

/** This process's environment without vitest's own variables, which would tell the child it is a worker. */
function outsideVitest(): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('VITEST')));
}

function runExample(env: Record<string, string>): Promise<{ tests: Assertion[]; stdout: string }> {
  const json = join(work, `${Object.keys(env).join('-') || 'plain'}.json`);
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      [
        join(ROOT, 'node_modules/vitest/vitest.mjs'),
        'run',
        'examples/ts-sim/simulator.test.ts',
        '--reporter=verbose',
        '--reporter=json',
        `--outputFile.json=${json}`,
      ],
      {
        cwd: ROOT,
        env: { ...outsideVitest(), ...env, NO_COLOR: '1', FORCE_COLOR: '0' },
        maxBuffer: 64 << 20,
      },
      (error, stdout) => {
        if (!existsSync(json)) return reject(error ?? new Error('vitest wrote no JSON report'));
        const report = JSON.parse(readFileSync(json, 'utf8')) as {
          testResults: { assertionResults: Assertion[] }[];
        };
        resolve({ tests: report.testResults.flatMap((file) => file.assertionResults), stdout });
      },
    );
  });
}

describe('sentinel-conformance/vitest on examples/ts-sim', () => {
  it('fails the behaviours a seeded bug breaks, with the shrunk counterexample, and skips the undecided with a reason', async () => {
    const { tests, stdout } = await runExample({ TS_SIM_BUG: 'late-tenant' });
    for (const profile of ['ideal', 'observed']) {
      const titles = tests
        .filter((t) => t.ancestorTitles.join(' > ') === `ts-sim > ${profile}`)
        .map((t) => t.title);
      expect(titles).toEqual([...BEHAVIOURS.map((b) => b.id), 'every scenario answered']);
    }
    const failed = tests.filter((t) => t.status === 'failed');
    expect(failed.map((t) => t.title)).toContain('TEN-SCOPE');
    for (const test of failed) {
      const message = test.failureMessages.join('\n');
      expect(message).toMatch(new RegExp(`^ConformanceFailure: ${test.title} violated`));
      expect(message).toMatch(/counterexample: \d+ steps, seed 20261128, path [\d:]+/);
      expect(message).toMatch(/replay: npx sentinel-conformance replay \S+\.json/);
      expect(message).toContain('timeline (◀ marks the witness):');
      expect(message).toMatch(/\n {4}09:00 alert A1 raised in sub-\d/);
    }
    const tenScope = failed.find((t) => t.title === 'TEN-SCOPE')?.failureMessages.join('\n');
    expect(tenScope).toMatch(/SecurityAlert row \d+ via tenant connector: .* ◀/);
    const file = /replay: npx sentinel-conformance replay (\S+\.json)/.exec(
      failed[0]?.failureMessages[0] ?? '',
    )?.[1];
    expect(file && existsSync(file)).toBe(true);
    const skipped = tests.filter((t) => t.status === 'skipped').map((t) => t.title);
    expect(skipped).toContain('Q-TENANT-REPEATS');
    expect(stdout).toMatch(/Q-TENANT-REPEATS.*\[not-exercised: allowed by the profile; never shown\]/);
    expect(tests.filter((t) => t.title === 'every scenario answered').map((t) => t.status)).toEqual([
      'passed',
      'passed',
    ]);
  });
});
