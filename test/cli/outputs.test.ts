/**
 * Where output goes. Writing replaces nothing but a regular file (or makes a new one): a device, a fifo or a
 * link to one is written through, never renamed over (`matrix --out /dev/stdout` as root once replaced the
 * /dev/stdout link with a regular file); a link to a regular file keeps being a link, and the file it points
 * to is replaced whole. `-` means stdout, and `matrix` without --out prints to stdout.
 */
import { spawn, spawnSync } from 'node:child_process';
import {
  existsSync,
  lstatSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { OutputError, writeAtomic, writeOutput } from '../../src/cli/output.ts';
import { bin, cleanUp, cli, ROOT, temporaryDir } from './support.ts';

afterAll(cleanUp);

/**
 * Reads a fifo in another process while this one writes to it (the open blocks until both ends are there);
 * `stop` ends the reader when nothing was written through the fifo.
 */
function readFifo(path: string): { text: Promise<string>; stop(): void } {
  const child = spawn('cat', [path], { stdio: ['ignore', 'pipe', 'inherit'] });
  const text = new Promise<string>((resolve, reject) => {
    let read = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      read += chunk;
    });
    child.on('error', reject);
    child.on('close', () => resolve(read));
  });
  return { text, stop: () => void (child.exitCode === null && child.kill()) };
}

describe('writing a file', () => {
  it('makes a new file, and replaces a regular one whole, leaving no temporary file', () => {
    const dir = temporaryDir();
    const file = join(dir, 'new', 'out.md');
    writeAtomic(file, 'one\n');
    expect(readFileSync(file, 'utf8')).toBe('one\n');
    writeAtomic(file, 'two\n');
    expect(readFileSync(file, 'utf8')).toBe('two\n');
    expect(readdirSync(join(dir, 'new'))).toEqual(['out.md']);
  });

  it('writes through a link to a device, and the link stays a link', () => {
    const dir = temporaryDir();
    const link = join(dir, 'out.md');
    symlinkSync('/dev/null', link);
    writeAtomic(link, 'gone\n');
    expect(lstatSync(link).isSymbolicLink()).toBe(true);
    expect(readlinkSync(link)).toBe('/dev/null');
    expect(readdirSync(dir)).toEqual(['out.md']);
  });

  it('writes through a fifo, which stays a fifo', async () => {
    const dir = temporaryDir();
    const fifo = join(dir, 'pipe');
    const made = spawnSync('mkfifo', [fifo]);
    if (made.status !== 0)
      return void console.warn('NOTICE: mkfifo unavailable: the fifo case is not checked.');
    const reader = readFifo(fifo);
    try {
      writeAtomic(fifo, 'through the pipe\n');
      expect(lstatSync(fifo).isFIFO()).toBe(true);
      expect(await reader.text).toBe('through the pipe\n');
    } finally {
      reader.stop();
    }
  });

  it('keeps a link to a regular file a link, and replaces the file it points to', () => {
    const dir = temporaryDir();
    mkdirSync(join(dir, 'real'));
    const target = join(dir, 'real', 'matrix.md');
    writeFileSync(target, 'old\n');
    const link = join(dir, 'latest.md');
    symlinkSync(target, link);
    writeAtomic(link, 'new\n');
    expect(lstatSync(link).isSymbolicLink()).toBe(true);
    expect(readFileSync(target, 'utf8')).toBe('new\n');
    expect(readdirSync(join(dir, 'real'))).toEqual(['matrix.md']);
  });

  it('refuses a directory, a link to one and a link to nothing, naming the path, and changes nothing', () => {
    const dir = temporaryDir();
    const sub = join(dir, 'sub');
    mkdirSync(sub);
    symlinkSync(sub, join(dir, 'to-dir'));
    symlinkSync(join(dir, 'missing'), join(dir, 'dangling'));
    expect(() => writeAtomic(sub, 'x')).toThrow(new OutputError(`cannot write ${sub}: it is a directory`));
    expect(() => writeAtomic(join(dir, 'to-dir'), 'x')).toThrow(
      new OutputError(`cannot write ${join(dir, 'to-dir')}: it is a link to a directory`),
    );
    expect(() => writeAtomic(join(dir, 'dangling'), 'x')).toThrow(
      new OutputError(`cannot write ${join(dir, 'dangling')}: it is a link to nothing (ENOENT)`),
    );
    expect(readdirSync(sub)).toEqual([]);
    expect(existsSync(join(dir, 'missing'))).toBe(false);
    expect(readdirSync(dir).sort()).toEqual(['dangling', 'sub', 'to-dir']);
  });

  it("takes '-' for stdout", async () => {
    const outcome = await captured(() => writeOutput('-', 'to stdout\n'));
    expect(outcome).toBe('to stdout\n');
    expect(existsSync(join(process.cwd(), '-'))).toBe(false);
  });
});

async function captured(write: () => void): Promise<string> {
  const chunks: string[] = [];
  const original = process.stdout.write.bind(process.stdout);
  process.stdout.write = ((chunk: string | Uint8Array) => {
    chunks.push(String(chunk));
    return true;
  }) as typeof process.stdout.write;
  try {
    write();
  } finally {
    process.stdout.write = original;
  }
  return chunks.join('');
}

describe('matrix', () => {
  it('prints to stdout without --out, and with --out -, writing no file', async () => {
    const before = readFileSync(join(ROOT, 'reports/behaviour-matrix.md'), 'utf8');
    for (const args of [[], ['--out', '-']]) {
      const outcome = await cli(['matrix', ...args]);
      expect(outcome.code).toBe(0);
      expect(outcome.stdout).toMatch(/^# Behaviour matrix\n/);
      expect(outcome.stderr).toBe('');
    }
    expect(readFileSync(join(ROOT, 'reports/behaviour-matrix.md'), 'utf8')).toBe(before);
  });

  it('writes the file --out names, the same text it prints', async () => {
    const file = join(temporaryDir(), 'm.md');
    const written = await cli(['matrix', '--out', file]);
    expect(written.code).toBe(0);
    expect(written.stderr).toBe(`behaviour matrix written to ${file}\n`);
    expect(readFileSync(file, 'utf8')).toBe((await cli(['matrix'])).stdout);
  });

  it('writes through --out /dev/stdout, which stays a link', async () => {
    if (!lstatSync('/dev/stdout', { throwIfNoEntry: false })?.isSymbolicLink())
      return void console.warn('NOTICE: /dev/stdout is not a link here: the case is not checked.');
    const outcome = await bin(['matrix', '--out', '/dev/stdout']);
    expect(outcome.code, outcome.stderr).toBe(0);
    expect(outcome.stdout).toMatch(/^# Behaviour matrix\n/);
    expect(lstatSync('/dev/stdout').isSymbolicLink()).toBe(true);
  }, 60_000);

  it('ends with exit 0 and no stack trace when stdout closes early (`matrix | head`)', async () => {
    const outcome = await new Promise<{ code: number | null; stderr: string }>((resolve, reject) => {
      const child = spawn(process.execPath, [join(ROOT, 'bin/sentinel-conformance.mjs'), 'matrix'], {
        cwd: ROOT,
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      child.stdout.destroy();
      let stderr = '';
      child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
        stderr += chunk;
      });
      child.on('error', reject);
      child.on('close', (code) => resolve({ code, stderr }));
    });
    expect(outcome.stderr).not.toMatch(/EPIPE|^\s+at /m);
    expect(outcome.code, outcome.stderr).toBe(0);
  }, 60_000);
});
