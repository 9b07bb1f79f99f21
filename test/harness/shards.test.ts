/**
 * The report of a run is the same however the run is cut: `run --shard 1/3`, `2/3` and `3/3` joined by
 * `merge-reports` equal the single run's report.json and its counterexample files (one shard itself cut
 * among two workers), and `--workers 2` equals `--workers 1`, for a module and for a command line. On a
 * mutant of the reference (test/fixtures/fake-sims/module-mutant.ts), so that behaviours are violated and
 * counterexamples shrunk, with 60 scenarios to stay fast. Reports hold no timings, so they are compared whole.
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cleanUp, cli, PYTHON_SIM, ROOT, readJson, temporaryDir } from '../cli/support.ts';

afterAll(cleanUp);

const MUTANT = join(ROOT, 'test/fixtures/fake-sims/module-mutant.ts');
const COMMON = ['--sut', MUTANT, '--runs', '60', '--seed', '11', '--profile', 'ideal'];

/** report.json and every counterexample file of a report folder, by name. */
function contents(dir: string): Record<string, unknown> {
  const out: Record<string, unknown> = { 'report.json': readJson(join(dir, 'report.json')) };
  const ces = join(dir, 'counterexamples');
  if (existsSync(ces))
    for (const name of readdirSync(ces)) out[name] = JSON.parse(readFileSync(join(ces, name), 'utf8'));
  return out;
}

describe('a run cut into shards or workers', () => {
  it('shards 1/3 + 2/3 + 3/3 joined by merge-reports equal the single run', async () => {
    const dir = temporaryDir('sc-shards-');
    const single = await cli(['run', ...COMMON, '--workers', '1', '--out', join(dir, 'single')]);
    expect(single.code).toBe(1);
    for (const i of [1, 2, 3]) {
      const shard = await cli([
        'run',
        ...COMMON,
        '--workers',
        '1',
        '--shard',
        `${i}/3`,
        '--out',
        join(dir, `job-${i}`),
      ]);
      expect(shard.code, shard.stderr).toBe(0);
    }
    const merged = await cli([
      'merge-reports',
      join(dir, 'job-3'),
      join(dir, 'job-1', 'shard-1-of-3.json'),
      join(dir, 'job-2'),
      '--out',
      join(dir, 'merged'),
    ]);
    expect(merged.code, merged.stderr).toBe(single.code);
    const expected = contents(join(dir, 'single'));
    expect(Object.keys(expected).length).toBeGreaterThan(1); // some counterexample was shrunk
    expect(contents(join(dir, 'merged'))).toEqual(expected);
    expect(merged.stdout).toBe(single.stdout);
  }, 300_000);

  it('--workers 2 gives the report of --workers 1', async () => {
    const dir = temporaryDir('sc-workers-');
    const one = await cli(['run', ...COMMON, '--workers', '1', '--out', join(dir, 'one')]);
    const two = await cli(['run', ...COMMON, '--workers', '2', '--out', join(dir, 'two')]);
    expect(two.code).toBe(one.code);
    const expected = contents(join(dir, 'one'));
    expect(Object.keys(expected).length).toBeGreaterThan(1);
    expect(contents(join(dir, 'two'))).toEqual(expected);
  }, 300_000);

  it('--workers 2 gives the report of --workers 1 for a command line (a subprocess per worker)', async () => {
    const dir = temporaryDir('sc-workers-cmd-');
    const args = ['run', '--sut', PYTHON_SIM, '--runs', '40', '--profile', 'ideal'];
    const one = await cli([...args, '--workers', '1', '--out', join(dir, 'one')]);
    const two = await cli([...args, '--workers', '2', '--out', join(dir, 'two')]);
    expect(two.code, two.stderr).toBe(one.code);
    expect(contents(join(dir, 'two'))).toEqual(contents(join(dir, 'one')));
  }, 300_000);

  it('merge-reports refuses a missing shard, shards of different runs, or a file that is no shard: one line, exit 3, nothing written', async () => {
    const dir = temporaryDir('sc-shards-bad-');
    const args = ['run', '--runs', '20', '--profile', 'ideal', '--workers', '1'];
    await cli([...args, '--shard', '1/2', '--out', join(dir, 'a')]);
    await cli([...args, '--seed', '5', '--shard', '2/2', '--out', join(dir, 'b')]);
    const missing = await cli(['merge-reports', join(dir, 'a'), '--out', join(dir, 'm1')]);
    expect(missing.code).toBe(3);
    expect(missing.stderr).toBe('error: shard 2/2 missing\n');
    const mixed = await cli(['merge-reports', join(dir, 'a'), join(dir, 'b'), '--out', join(dir, 'm2')]);
    expect(mixed.code).toBe(3);
    expect(mixed.stderr).toMatch(
      /^error: .*shard-2-of-2\.json: its seed \(5\) is not .*: the shards are not of one run\n$/,
    );
    const report = join(dir, 'not-a-shard.json');
    writeFileSync(report, '{"schemaVersion": 1}\n');
    const wrong = await cli(['merge-reports', report, '--out', join(dir, 'm3')]);
    expect(wrong.code).toBe(3);
    expect(wrong.stderr).toBe(
      `error: ${report}: field 'format' must be 'sentinel-conformance/shard@1' (a file written by run --shard), got undefined\n`,
    );
    expect(['m1', 'm2', 'm3'].some((m) => existsSync(join(dir, m)))).toBe(false);
  }, 120_000);
});
