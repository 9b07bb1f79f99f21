/**
 * A run with workers interrupted by a signal stops every simulator, the workers' too: each worker process
 * gets the signal from the coordinator and stops its implementation's processes (they run in process groups
 * of their own, which no signal to the suite reaches). Driven through the real bin against a simulator that
 * never answers and outlives the end of its stdin, each writing its pid to a file of its own.
 */
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { cleanUp, fakeSim, ROOT, temporaryDir } from '../cli/support.ts';
import { alive, eventually } from '../support/processes.ts';

const simulators: number[] = [];
afterAll(() => {
  for (const pid of simulators) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // gone, as it should be
    }
  }
  cleanUp();
});

it('SIGTERM to run --workers 2 stops the simulators of the coordinator and of the worker, exit 143', async () => {
  const dir = temporaryDir('sc-workers-int-');
  const pids = () => readdirSync(dir).filter((name) => name.startsWith('pid-'));
  const suite = spawn(
    process.execPath,
    [
      join(ROOT, 'bin/sentinel-conformance.mjs'),
      'run',
      '--sut',
      `${fakeSim('stubborn.mjs')} "${dir}/pid-$$"`,
      '--runs',
      '4',
      '--workers',
      '2',
      '--profile',
      'ideal',
      // Shorter than the wait below: the run first asks the implementation for its declaration
      // (docs/protocol.md), which this simulator never answers, so scenarios start after one timeout.
      '--timeout',
      '15000',
      '--out',
      join(dir, 'out'),
    ],
    { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  const exited = new Promise<number | null>((done) => suite.on('exit', (c) => done(c)));
  // The coordinator's own simulator (it judges the first slice) and the worker's; the one asked for a declaration
  // first is stopped at its timeout, so only live ones count.
  const live = () =>
    pids()
      .map((name) => Number(readFileSync(join(dir, name), 'utf8')))
      .filter((pid) => Number.isInteger(pid) && pid > 0 && alive(pid));
  expect(await eventually(() => live().length >= 2, 60_000)).toBe(true);
  await new Promise((done) => setTimeout(done, 200)); // the pids are written
  simulators.push(...pids().map((name) => Number(readFileSync(join(dir, name), 'utf8'))));
  const running = live();
  expect(running.length).toBeGreaterThanOrEqual(2);
  suite.kill('SIGTERM');
  expect(await exited).toBe(143);
  expect(await eventually(() => !running.some(alive), 10_000)).toBe(true);
}, 120_000);
