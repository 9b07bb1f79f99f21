/**
 * Ctrl-C or a kill stops a run cleanly: the implementation's processes go too (they run in process groups
 * of their own, which a terminal's signal does not reach), no report is written, and the exit code is
 * 128 + the signal's number. Driven through the real bin against a simulator that never answers and
 * ignores the end of its stdin, so only the suite's own killing can stop it.
 */
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { alive, eventually } from '../support/processes.ts';
import { cleanUp, fakeSim, ROOT, temporaryDir } from './support.ts';

/** Simulators seen, killed after the tests whatever happened (a failing test must not leave them behind). */
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

describe.concurrent('a run interrupted by a signal', () => {
  for (const [signal, code] of [
    ['SIGINT', 130],
    ['SIGTERM', 143],
  ] as const) {
    it(`on ${signal}: stops the simulator, writes no report, exits ${code}`, async () => {
      const dir = temporaryDir();
      const pidFile = join(dir, 'simulator.pid');
      const out = join(dir, 'out');
      const suite = spawn(
        process.execPath,
        [
          join(ROOT, 'bin/sentinel-conformance.mjs'),
          'run',
          '--sut',
          `${fakeSim('stubborn.mjs')} "${pidFile}"`,
          '--runs',
          '3',
          '--timeout',
          '60000',
          '--out',
          out,
        ],
        { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] },
      );
      let stderr = '';
      suite.stderr.on('data', (chunk: Buffer) => {
        stderr += chunk.toString();
      });
      const exited = new Promise<number | null>((done) => suite.on('exit', (c) => done(c)));

      expect(
        await eventually(() => existsSync(pidFile) && readFileSync(pidFile, 'utf8') !== '', 30_000),
      ).toBe(true);
      const simulator = Number(readFileSync(pidFile, 'utf8'));
      simulators.push(simulator);
      expect(alive(simulator)).toBe(true);
      suite.kill(signal);

      expect(await exited).toBe(code);
      expect(stderr).toContain(
        `interrupted by ${signal}: no report written; stopped 1 implementation process`,
      );
      expect(await eventually(() => !alive(simulator), 5000)).toBe(true);
      expect(existsSync(out) ? readdirSync(out) : []).toEqual([]);
    });
  }
});
