/**
 * The command line: parses the command name and delegates; each command lives in commands/. Exit codes:
 * 0 conforms, 1 a behaviour is violated, 2 inconclusive, 3 the implementation or the input is broken
 * (usage errors too). Errors the user can fix are one line, never a stack trace.
 */
import { CHECKING } from '../../properties/settings.ts';
import { stopAllSubprocesses } from '../adapters/subprocess.ts';
import { ImplementationLoadError } from '../adapters/types.ts';
import { SUITE_VERSION } from '../version.ts';
import { UsageError } from './args.ts';
import { ASSUME_SUMMARY, ASSUME_USAGE, assumeCommand } from './commands/assume.ts';
import { CHECK_TRACE_SUMMARY, CHECK_TRACE_USAGE, checkTraceCommand } from './commands/check-trace.ts';
import { DIFF_USAGE, diffCommand } from './commands/diff.ts';
import { EXPLORE_SUMMARY, EXPLORE_USAGE, exploreCommand } from './commands/explore.ts';
import { KQL_SUMMARY, KQL_USAGE, kqlCommand } from './commands/kql.ts';
import { LINT_SUMMARY, LINT_USAGE, lintCommand } from './commands/lint.ts';
import { MATRIX_USAGE, matrixCommand } from './commands/matrix.ts';
import { MERGE_REPORTS_SUMMARY, MERGE_REPORTS_USAGE, mergeReportsCommand } from './commands/merge-reports.ts';
import { MUTANTS_USAGE, mutantsCommand } from './commands/mutants.ts';
import { InputError, REPLAY_USAGE, replayCommand } from './commands/replay.ts';
import { RUN_USAGE, runCommand } from './commands/run.ts';
import { OutputError } from './output.ts';

interface Command {
  usage: string;
  summary: string;
  run(argv: string[]): Promise<number>;
}

export const COMMANDS: Record<string, Command> = {
  run: {
    usage: RUN_USAGE,
    summary: 'generate scenarios, run them through an implementation, judge every behaviour, write reports',
    run: runCommand,
  },
  replay: {
    usage: REPLAY_USAGE,
    summary:
      'run a counterexample or failed-scenario file again against an implementation (exit 1 if a behaviour still fails, 3 if the scenario still errors)',
    run: replayCommand,
  },
  diff: {
    usage: DIFF_USAGE,
    summary: 'run the same scenarios through two implementations; report where their verdicts differ, shrunk',
    run: diffCommand,
  },
  mutants: {
    usage: MUTANTS_USAGE,
    summary: 'run the suite against every mutant simulator and write the kill matrix',
    run: mutantsCommand,
  },
  'merge-reports': { usage: MERGE_REPORTS_USAGE, summary: MERGE_REPORTS_SUMMARY, run: mergeReportsCommand },
  'check-trace': { usage: CHECK_TRACE_USAGE, summary: CHECK_TRACE_SUMMARY, run: checkTraceCommand },
  lint: { usage: LINT_USAGE, summary: LINT_SUMMARY, run: lintCommand },
  kql: { usage: KQL_USAGE, summary: KQL_SUMMARY, run: kqlCommand },
  assume: { usage: ASSUME_USAGE, summary: ASSUME_SUMMARY, run: assumeCommand },
  explore: { usage: EXPLORE_USAGE, summary: EXPLORE_SUMMARY, run: exploreCommand },
  matrix: {
    usage: MATRIX_USAGE,
    summary: 'write the behaviour matrix (what reaches Sentinel per configuration) from the reference model',
    run: matrixCommand,
  },
};

export function helpText(): string {
  const commands = Object.entries(COMMANDS)
    .map(([name, c]) => `  ${name.padEnd(12)} ${c.summary}\n      ${c.usage}`)
    .join('\n');
  return `sentinel-conformance: checks an implementation of Microsoft Sentinel's Defender for Cloud and Defender XDR
connectors against the 50 documented behaviours (model/README.md).

Commands:
${commands}

  --version    print the suite's version (${SUITE_VERSION})

The implementation (--sut) is 'reference' (the bundled reference simulator), a module path
(.ts/.js exporting simulate(scenario, profile)), or a command line speaking the JSON-lines protocol
(docs/protocol.md), e.g. --sut "python3 examples/python-sim/simulator.py". Each scenario gets --timeout
ms (default ${CHECKING.scenarioTimeoutMs}). A run stops after --stop-after scenarios in a row crashed or hung
(default ${CHECKING.brokenStreak}; 0: never); the first ${CHECKING.erroredKept} scenarios it failed go to failed-scenarios/, for replay.
A partial implementation declares what it supports (run --declare FILE, or itself: docs/protocol.md,
"Declaring a partial implementation"): scenarios stay inside it, and the behaviours that need the rest are
skipped (unsupported), as are scenarios it answers {"error": "unsupported"}.

Exit codes: 0 conforms, 1 a behaviour is violated, 2 inconclusive (a must behaviour never exercised),
3 the implementation or the input is broken; 130 (Ctrl-C) or 143 (SIGTERM) interrupted, no report
written, the implementation's processes stopped.`;
}

export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    console.log(helpText());
    return name === undefined ? 3 : 0;
  }
  if (name === '--version' || name === '-V') {
    console.log(SUITE_VERSION);
    return 0;
  }
  const command = COMMANDS[name];
  try {
    if (!command) throw new UsageError(`unknown command '${name}'`);
    if (rest.includes('--help') || rest.includes('-h')) {
      console.log(`${command.summary}\n\nUsage: ${command.usage}`);
      return 0;
    }
    return await command.run(rest);
  } catch (error) {
    const known =
      error instanceof UsageError ||
      error instanceof InputError ||
      error instanceof OutputError ||
      error instanceof ImplementationLoadError ||
      (error instanceof Error && 'code' in error && String(error.code).startsWith('ERR_PARSE_ARGS'));
    if (!known) throw error;
    console.error(`error: ${error.message}`);
    if (
      !(
        error instanceof InputError ||
        error instanceof OutputError ||
        error instanceof ImplementationLoadError
      )
    )
      console.error('(see sentinel-conformance --help)');
    return 3;
  }
}

/** A run stopped by a signal exits 128 + the signal's number, as shells report it. */
const SIGNAL_EXIT_CODES = { SIGINT: 130, SIGTERM: 143, SIGHUP: 129 } as const;

/**
 * For the entry points (bin/ and this file): Ctrl-C or a kill stops the implementation's processes too
 * (they run in process groups of their own, which the terminal's signal does not reach), writes no
 * report, and exits 128 + the signal's number.
 */
export function stopOnSignals(): void {
  for (const [signal, code] of Object.entries(SIGNAL_EXIT_CODES)) {
    process.once(signal, () => {
      const stopped = stopAllSubprocesses();
      const also = stopped > 0 ? `; stopped ${stopped} implementation process${stopped > 1 ? 'es' : ''}` : '';
      console.error(`interrupted by ${signal}: no report written${also}`);
      process.exit(code);
    });
  }
}

/**
 * A reader that closes stdout early (`… | head`) makes the next write fail with EPIPE, which Node throws as an
 * unhandled 'error' event: a stack trace. What is left of stdout is dropped instead, and the command ends
 * with its own exit code (reports are files, written before anything goes to stdout).
 */
export function ignoreClosedStdout(): void {
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE' || error.code === 'ERR_STREAM_DESTROYED') return;
    throw error;
  });
}

if (import.meta.url === `file://${process.argv[1]}`) {
  stopOnSignals();
  ignoreClosedStdout();
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      console.error(`internal error: ${error instanceof Error ? error.message : String(error)}`);
      process.exitCode = 3;
    },
  );
}
