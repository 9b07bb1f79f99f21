/**
 * `check-trace`: judge a workspace's own SecurityAlert (and SecurityIncident) export against the documented
 * behaviours, optionally with its declared configuration, and write the same reports as a generated run.
 * The whole input is read before anything is written; bad input is one line (file, row, column, or the
 * configuration's field), exit 3, and no report.
 */
import { parseArgs } from 'node:util';
import { ConfigError, checkTrace, writeTraceReports } from '../../api/trace.ts';
import { isTraceInputError } from '../../trace/index.ts';
import { plainText } from '../../trace-check/report.ts';
import { checkOutDir, OutputError } from '../output.ts';

export const CHECK_TRACE_USAGE =
  'sentinel-conformance check-trace --alerts FILE|FOLDER [--incidents FILE|FOLDER] [--config workspace.json] [--out DIR]';

export const CHECK_TRACE_SUMMARY =
  "judge a workspace's SecurityAlert/SecurityIncident export against the documented behaviours (exit 0 holds; 1 a behaviour violated, or an advice finding: --config has a pitfall, as lint exits 1 for it; 2 undecidable for want of input, or nothing exercised; 3 bad input)";

/**
 * A command line these commands cannot run (main.ts prints args.ts's UsageError alike; a class of their own
 * keeps them from loading args.ts, which loads every invariant).
 */
export class CommandLineError extends Error {}

/** The one-line message of an error the user can fix, or null for a bug. */
export function inputErrorLine(error: unknown): string | null {
  if (isTraceInputError(error) || error instanceof ConfigError || error instanceof OutputError)
    return error.message;
  if (error instanceof CommandLineError) return error.message;
  if (error instanceof Error && 'code' in error && String(error.code).startsWith('ERR_PARSE_ARGS'))
    return error.message;
  return null;
}

/** Prints a one-line error (and, for a usage error, the hint main prints); returns exit code 3. */
export function reportInputError(error: unknown): 3 {
  const line = inputErrorLine(error);
  if (line === null) throw error;
  console.error(`error: ${line.replace(/[\r\n]+/g, ' ')}`);
  const usage =
    !isTraceInputError(error) && !(error instanceof ConfigError) && !(error instanceof OutputError);
  if (usage) console.error('(see sentinel-conformance --help)');
  return 3;
}

export async function checkTraceCommand(argv: string[]): Promise<number> {
  try {
    const { values: given } = parseArgs({
      args: argv,
      options: {
        alerts: { type: 'string', multiple: true },
        incidents: { type: 'string', multiple: true },
        config: { type: 'string', multiple: true },
        out: { type: 'string', multiple: true },
      },
      strict: true,
      allowPositionals: false,
    });
    // Each option once: a second --alerts would otherwise silently replace the first file.
    const one = (name: 'alerts' | 'incidents' | 'config' | 'out'): string | undefined => {
      const list = given[name];
      if (list !== undefined && list.length > 1)
        throw new CommandLineError(
          `--${name} is given twice (${list.join(', ')}): give one file or one folder (a folder of blobs is read whole)`,
        );
      return list?.[0];
    };
    const alerts = one('alerts');
    const incidents = one('incidents');
    const config = one('config');
    const out = one('out') ?? 'reports/check-trace';
    if (alerts === undefined)
      throw new CommandLineError('check-trace needs --alerts FILE (a SecurityAlert export)');
    if (out === '-')
      throw new CommandLineError(
        'check-trace writes five reports (report.md, .json, .xml, .html, trace.json): --out takes a directory, not - (the report is printed on stdout in any case)',
      );
    checkOutDir(out);
    const result = await checkTrace({ alerts, incidents, config });
    const written = writeTraceReports(out, result);
    // Plain text on a terminal; the Markdown of report.md into a file or a pipe.
    process.stdout.write(process.stdout.isTTY === true ? plainText(written.markdown) : written.markdown);
    console.error(`reports written: ${written.files.join(', ')}`);
    return result.exitCode;
  } catch (error) {
    return reportInputError(error);
  }
}
