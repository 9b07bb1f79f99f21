/**
 * The library's `check-trace` and `lint`: a workspace's own SecurityAlert/SecurityIncident export judged
 * against the behaviours, and a workspace configuration against the article's advice. The CLI's commands
 * call these same functions.
 */
import type { WorkspaceConfig } from '../../model/config.ts';
import { type CheckTraceOptions, checkTrace as check, type TraceCheckResult } from '../trace-check/check.ts';
import { ConfigError, loadWorkspaceConfig, validateWorkspaceConfig } from '../trace-check/config.ts';
import { type LintResult, lintConfig, renderLint } from '../trace-check/lint.ts';
import { toTraceReport, traceMarkdown, writeTraceReports } from '../trace-check/report.ts';

export type { TraceVerdict } from '../trace-check/verdict.ts';
export type { CheckTraceOptions, LintResult, TraceCheckResult };
export {
  ConfigError,
  lintConfig,
  loadWorkspaceConfig,
  renderLint,
  toTraceReport,
  traceMarkdown,
  validateWorkspaceConfig,
  writeTraceReports,
};

/**
 * Reads the exports (any of Log Analytics' forms: query API JSON, a JSON array of rows, CSV; UTF-8 or
 * UTF-16) and judges every behaviour; `config` (a file or a WorkspaceConfig) decides those that depend on
 * it. Rejects on bad input with an error naming file, row and column (isTraceInputError) or ConfigError.
 */
export function checkTrace(options: CheckTraceOptions): Promise<TraceCheckResult> {
  return check(options);
}

/** The article's configuration advice for a configuration (a file path or the value itself), and what the model predicts under it. */
export function lintWorkspace(config: string | WorkspaceConfig): LintResult {
  return lintConfig(
    typeof config === 'string' ? loadWorkspaceConfig(config) : validateWorkspaceConfig(config),
  );
}
