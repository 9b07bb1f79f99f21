/**
 * The bin answers --help, `<command> --help` and --version from dist/help.json without loading the suite:
 * the texts must be what the CLI itself prints (main in this process), and the version package.json's.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { COMMANDS, helpText } from '../../src/cli/main.ts';
import { SUITE_VERSION } from '../../src/version.ts';
import { bin, cli, ROOT } from '../cli/support.ts';

const VERSION = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;

describe('the bin', () => {
  it('prints the version of package.json, as main does', async () => {
    expect(SUITE_VERSION).toBe(VERSION);
    for (const flag of ['--version', '-V']) {
      expect(await bin([flag])).toEqual({ code: 0, stdout: `${VERSION}\n`, stderr: '' });
      expect(await cli([flag])).toEqual({ code: 0, stdout: `${VERSION}\n`, stderr: '' });
    }
  });

  it('prints the help main prints, for the suite and for each command', async () => {
    for (const flag of ['--help', '-h', 'help']) {
      const quick = await bin([flag]);
      expect(quick).toEqual({ code: 0, stdout: `${helpText()}\n`, stderr: '' });
      expect(quick).toEqual(await cli([flag]));
    }
    for (const name of Object.keys(COMMANDS)) {
      const quick = await bin([name, '--help']);
      expect(quick.code).toBe(0);
      expect(quick).toEqual(await cli([name, '--help']));
    }
  });

  it('leaves everything else to main: no command is exit 3 with the help', async () => {
    const none = await bin([]);
    expect(none.code).toBe(3);
    expect(none.stdout).toBe(`${helpText()}\n`);
  });
});
