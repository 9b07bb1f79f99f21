/**
 * `lint`: the article's configuration advice (ADV-*) for a declared workspace configuration, and what the
 * reference model predicts under it (src/trace-check/lint.ts). Exit 0 without finding, 1 with findings (as
 * check-trace exits 1 for the same configuration), 3 when the configuration cannot be read (one line naming
 * the file and the field).
 */
import { basename } from 'node:path';
import { parseArgs } from 'node:util';
import { lintConfig, loadWorkspaceConfig, renderLint } from '../../api/trace.ts';
import { CommandLineError, reportInputError } from './check-trace.ts';

export const LINT_USAGE = 'sentinel-conformance lint --config workspace.json [--json]';

export const LINT_SUMMARY =
  "lint a workspace configuration against the article's advice and show what the model predicts for it, problems (⚠) included (exit 0 no finding; 1 an advice finding, as check-trace --config exits 1 for it; 3 bad input; a predicted problem no advice covers is shown, not counted)";

export async function lintCommand(argv: string[]): Promise<number> {
  try {
    const { values } = parseArgs({
      args: argv,
      options: {
        config: { type: 'string', multiple: true },
        json: { type: 'boolean', default: false },
      },
      strict: true,
      allowPositionals: false,
    });
    const [file, ...more] = values.config ?? [];
    if (file === undefined)
      throw new CommandLineError('lint needs --config workspace.json (a WorkspaceConfig)');
    if (more.length > 0)
      throw new CommandLineError('--config given twice: lint reads one workspace configuration');
    const config = loadWorkspaceConfig(file);
    const result = lintConfig(config);
    process.stdout.write(
      values.json
        ? `${JSON.stringify(result, null, 2)}\n`
        : // Plain text on a terminal; Markdown (escaped) into a file or a pipe.
          renderLint(result, basename(file), { plain: process.stdout.isTTY === true }),
    );
    return result.findings.length > 0 ? 1 : 0;
  } catch (error) {
    return reportInputError(error);
  }
}
