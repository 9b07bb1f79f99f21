/**
 * `sentinel-conformance … | head`: the reader closes stdout before the command has written everything. The
 * command must not die of the EPIPE with a stack trace; it drops the rest of stdout and ends with its own
 * exit code. Here the read end is closed before the command writes anything, so every write meets EPIPE.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { bin, cleanUp, ROOT, temporaryDir } from './support.ts';

afterAll(cleanUp);

function withStdoutClosed(argv: string[]): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(ROOT, 'bin/sentinel-conformance.mjs'), ...argv], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout.destroy(); // as `| head` does once it has what it wants
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      stderr += chunk;
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stderr }));
  });
}

describe('a closed stdout', () => {
  for (const [argv, code] of [
    [['mutants', '--list'], 0], // one write per line
    [['kql'], 0],
  ] as const) {
    it(`ends \`${argv.join(' ')}\` with its own exit code and no stack trace`, async () => {
      const outcome = await withStdoutClosed([...argv]);
      expect(outcome.stderr).not.toMatch(/EPIPE|^\s+at /m);
      expect(outcome.code, outcome.stderr).toBe(code);
    }, 60_000);
  }

  it('lets `run` finish: its reports written, its exit code what the same run gives with stdout open', async () => {
    const out = temporaryDir();
    const args = ['run', '--sut', 'reference', '--runs', '30', '--profile', 'ideal'];
    const outcome = await withStdoutClosed([...args, '--out', out]);
    expect(outcome.stderr).not.toMatch(/EPIPE|^\s+at /m);
    expect(existsSync(join(out, 'report.html'))).toBe(true);
    const open = await bin([...args, '--out', temporaryDir()]);
    expect(outcome.code).toBe(open.code);
  }, 60_000);
});
