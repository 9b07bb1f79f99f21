/**
 * Driving the CLI in tests: `cli()` calls main() in this process with stdout and stderr captured (fast: no
 * tsx start-up); `bin()` runs bin/sentinel-conformance.mjs as a real process (exit code, no stack trace).
 * Plus temporary directories, the fake simulators' command lines, and broken copies of the Python example.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { vi } from 'vitest';
import { main } from '../../src/cli/main.ts';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const PYTHON_SIM = 'python3 examples/python-sim/simulator.py';

export interface Outcome {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs main(argv) in process; what it prints (console and process streams) is captured, not shown. */
export async function cli(argv: string[]): Promise<Outcome> {
  const out: string[] = [];
  const err: string[] = [];
  const text = (args: unknown[]) => `${args.map(String).join(' ')}\n`;
  const spies = [
    vi.spyOn(console, 'log').mockImplementation((...args: unknown[]) => void out.push(text(args))),
    vi.spyOn(console, 'error').mockImplementation((...args: unknown[]) => void err.push(text(args))),
    vi.spyOn(console, 'warn').mockImplementation((...args: unknown[]) => void err.push(text(args))),
    vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
      out.push(String(chunk));
      return true;
    }),
    vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
      err.push(String(chunk));
      return true;
    }),
  ];
  try {
    const code = await main(argv);
    return { code, stdout: out.join(''), stderr: err.join('') };
  } finally {
    for (const spy of spies) spy.mockRestore();
  }
}

/** Runs the bin as a real process, from the repository root. */
export function bin(argv: string[], timeoutMs = 60_000): Promise<Outcome> {
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      [join(ROOT, 'bin/sentinel-conformance.mjs'), ...argv],
      { cwd: ROOT, timeout: timeoutMs, env: { ...process.env, FORCE_COLOR: '0' } },
      (error, stdout, stderr) => {
        const code = error && typeof error.code === 'number' ? error.code : error ? null : 0;
        if (code === null) reject(error);
        else resolve({ code, stdout, stderr });
      },
    );
  });
}

/** A fresh temporary directory; `cleanUp()` removes every one made. */
const made: string[] = [];
export function temporaryDir(prefix = 'sc-cli-'): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  made.push(dir);
  return dir;
}
export function cleanUp(): void {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
}

/** The command line of a fake simulator in test/fixtures/fake-sims. */
export function fakeSim(file: string): string {
  return `"${process.execPath}" "${join(ROOT, 'test/fixtures/fake-sims', file)}"`;
}

/**
 * A copy of the Python example with one edit (the text `from` must occur exactly once), written to `dir`;
 * returns its command line.
 */
export function patchedPythonSim(dir: string, from: string, to: string): string {
  const source = readFileSync(join(ROOT, 'examples/python-sim/simulator.py'), 'utf8');
  const count = source.split(from).length - 1;
  if (count !== 1) throw new Error(`the text to patch occurs ${count} times in simulator.py, expected once`);
  const file = join(dir, 'broken_simulator.py');
  writeFileSync(file, source.replace(from, to));
  return `python3 "${file}"`;
}

/** The incident rule no longer remembers the incident it made: one incident per SecurityAlert row. */
export const RULE_PER_ROW = {
  from: '        if alert.handle in self.rule_incident or alert.handle in self.rule_pending:\n            return\n',
  to: '',
};

export function readJson(path: string): unknown {
  return JSON.parse(readFileSync(path, 'utf8'));
}
