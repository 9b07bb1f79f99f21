#!/usr/bin/env node
// Entry point of the npm bin: runs the compiled CLI in dist/ (made by `npm run build`, which `npm ci` and
// `npm pack` run), with no TypeScript compiler. `--help`, `--version` and `<command> --help` are answered
// from dist/help.json, which the build takes from the same compiled CLI, so they do not load the suite.
import { readFileSync } from 'node:fs';

const args = process.argv.slice(2);

/** The text a help or version request prints, from dist/help.json; undefined for anything else. */
function quickAnswer() {
  const [first, second] = args;
  const asksHelp = (arg) => arg === '--help' || arg === '-h';
  if (args.length > 2 || first === undefined) return undefined;
  if (args.length === 2 && !asksHelp(second)) return undefined;
  let texts;
  try {
    texts = JSON.parse(readFileSync(new URL('../dist/help.json', import.meta.url), 'utf8'));
  } catch {
    return undefined; // main answers, or says the suite is not built
  }
  if (args.length === 2) return texts.commands[first];
  if (asksHelp(first) || first === 'help') return texts.help;
  if (first === '--version' || first === '-V') return texts.version;
  return undefined;
}

const quick = quickAnswer();
if (quick !== undefined) {
  process.stdout.write(`${quick}\n`);
} else {
  let cli;
  try {
    cli = await import('../dist/src/cli/main.js');
  } catch (error) {
    const missing = error?.code === 'ERR_MODULE_NOT_FOUND' && String(error.message).includes('main.js');
    console.error(
      missing
        ? 'error: sentinel-conformance is not built: run `npm run build` in its folder (npm ci does it)'
        : `internal error: ${error instanceof Error ? error.message : String(error)}`,
    );
    process.exit(3);
  }
  try {
    cli.stopOnSignals();
    cli.ignoreClosedStdout();
    process.exitCode = await cli.main(args);
  } catch (error) {
    console.error(`internal error: ${error instanceof Error ? error.message : String(error)}`);
    process.exitCode = 3;
  }
}
