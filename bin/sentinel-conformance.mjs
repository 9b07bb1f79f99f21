#!/usr/bin/env node
// Entry point of the npm bin: loads the TypeScript CLI through tsx's loader.
import { register } from 'tsx/esm/api';

register();
try {
  const { ignoreClosedStdout, main, stopOnSignals } = await import('../src/cli/main.ts');
  stopOnSignals();
  ignoreClosedStdout();
  process.exitCode = await main(process.argv.slice(2));
} catch (error) {
  console.error(`internal error: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 3;
}
