/**
 * sentinel-conformance as a library: what the CLI does, as functions. Run the suite on an implementation
 * (runConformance), check a workspace's exported trace (checkTrace), lint a workspace configuration
 * (lintWorkspace), read the behaviour catalogue (behaviours), and use the reference simulator
 * (referenceSimulate). The CLI's commands are built on the same functions. The model's types are also
 * in `sentinel-conformance/model`; the vitest integration is `sentinel-conformance/vitest`.
 */
export type { SimulateFunction } from './adapters/in-process.ts';
export { ImplementationLoadError } from './adapters/types.ts';
export type { BehaviourKind, CatalogueEntry } from './api/catalogue.ts';
export { article, behaviourById, behaviours } from './api/catalogue.ts';
export * from './api/model.ts';
export { referenceSimulate, sampleScenarios, scheduleFor, simulate } from './api/reference.ts';
export type { ConformanceOptions, ConformanceResult, OpenedSut, Sut } from './api/run.ts';
export { openSut, runConformance, writeConformanceReports } from './api/run.ts';
export type { CheckTraceOptions, LintResult, TraceCheckResult, TraceVerdict } from './api/trace.ts';
export {
  ConfigError,
  checkTrace,
  lintWorkspace,
  loadWorkspaceConfig,
  renderLint,
  toTraceReport,
  traceMarkdown,
  validateWorkspaceConfig,
  writeTraceReports,
} from './api/trace.ts';
export type { BehaviourTally, Counterexample, SuiteResult } from './harness/suite.ts';
export type { MatrixCell } from './report/behaviour-matrix.ts';
export { behaviourMatrix, renderBehaviourMatrix } from './report/behaviour-matrix.ts';
export { renderHtml } from './report/html.ts';
export { renderJunit } from './report/junit.ts';
export { renderMarkdown } from './report/markdown.ts';
export type { BehaviourResult, ImplementationRun, Report } from './report/report.ts';
export { isTraceInputError, TraceInputError } from './trace/errors.ts';
export { SUITE_VERSION } from './version.ts';
