/**
 * A crashed implementation's stderr (python's "can't open file", a stack trace) is what tells the user why it
 * crashed: its last lines are shown on the console and in report.md, not only in report.json/.html and
 * failed-scenarios/.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { stderrTail } from '../../src/report/markdown.ts';
import { cleanUp, cli, temporaryDir } from './support.ts';

afterAll(cleanUp);

describe('the stderr of a crashed implementation', () => {
  it('shows its last lines on the console and in report.md', async () => {
    const out = temporaryDir();
    const script =
      "console.error('starting'); for (let i = 1; i <= 8; i++) console.error('noise ' + i); " +
      "console.error(\"python3: can't open file '/nowhere/simulator.py': [Errno 2] No such file or directory\"); process.exit(2)";
    const sut = `"${process.execPath}" -e "${script.replaceAll('"', '\\"')}"`;
    const outcome = await cli(['run', '--sut', sut, '--runs', '2', '--profile', 'ideal', '--out', out]);
    expect(outcome.code).toBe(3);
    const cant = "python3: can't open file '/nowhere/simulator.py': [Errno 2] No such file or directory";
    expect(outcome.stderr).toContain(`  stderr: ${cant}`);
    expect(outcome.stderr).toContain('  stderr: noise 8');
    expect(outcome.stderr).not.toContain('noise 1\n'); // the last lines only
    const md = readFileSync(join(out, 'report.md'), 'utf8');
    expect(md).toContain(`  ${cant}`);
    expect(md).toMatch(/stderr, last lines:\n\n {2}```text\n {2}noise 5\n/);
  }, 60_000);

  it('keeps the last non-blank lines, each clipped, and neutralises code fences', () => {
    expect(stderrTail('')).toEqual([]);
    expect(stderrTail('\n  \n')).toEqual([]);
    expect(stderrTail('a\nb\n\nc\n', 2)).toEqual(['b', 'c']);
    expect(stderrTail('x'.repeat(500))[0]).toBe(`${'x'.repeat(239)}…`);
    expect(stderrTail('```evil\r\nok')).toEqual(["'''evil", 'ok']);
  });
});
