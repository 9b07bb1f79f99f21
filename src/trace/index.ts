/** Readers for real SecurityAlert / SecurityIncident exports (see read.ts). */

export { ALERT_COLUMNS, INCIDENT_COLUMNS, type TraceTable } from './columns.ts';
export { isTraceInputError, type TraceErrorCode, TraceInputError } from './errors.ts';
export {
  blobOfRow,
  hasColumn,
  type ReadOptions,
  readAlerts,
  readAll,
  readIncidents,
  type TraceBytes,
  type TraceFormat,
  type TraceReader,
  type TraceRow,
  type TraceSummary,
} from './read.ts';
export { normaliseTimestamp, parseExportTime } from './timestamps.ts';
