/**
 * A trace check end to end: read the SecurityAlert export (and the SecurityIncident export, if given) once,
 * streaming, into the ledgers; then judge every behaviour. Nothing is judged, and nothing written, until
 * every file has been read to its end: bad input anywhere is a TraceInputError (file, row, column) or a
 * ConfigError (file, field) and no result.
 *
 * The exit code follows the suite's: 0 every decidable behaviour holds, 1 a behaviour is violated (or the
 * configuration has a pitfall the article warns about: an advice finding), 2 nothing is violated but
 * something the user could have decided is undecidable (no --config, no --incidents, a column missing, a
 * trace too short) or nothing was exercised at all (an export with no row, whatever its format).
 */
import { basename } from 'node:path';
import type { WorkspaceConfig } from '../../model/config.ts';
import type { SecurityAlertRow, SecurityIncidentRow } from '../../model/tables.ts';
import { blobOfRow, type ReadOptions, readAlerts, readIncidents, type TraceSummary } from '../trace/index.ts';
import { AlertLedger } from './alerts.ts';
import { loadWorkspaceConfig } from './config.ts';
import { IncidentLedger } from './incidents.ts';
import { type TraceVerdict, USER_DECIDABLE } from './verdict.ts';
import { traceVerdicts } from './verdicts.ts';

export interface TraceCheckResult {
  alerts: TraceSummary;
  incidents: TraceSummary | null;
  /** The configuration file's name, when one was given. */
  configFile: string | null;
  config: WorkspaceConfig | null;
  counts: {
    alertRows: number;
    mdcRows: number;
    mdcAlerts: number;
    incidentRows: number;
    incidents: number;
  };
  /** The exported time ranges (ISO), null when a file has no rows. */
  window: { alerts: [string, string] | null; incidents: [string, string] | null };
  verdicts: TraceVerdict[];
  exitCode: 0 | 1 | 2;
}

/** Whether the trace exercised no behaviour: none holds or is violated (advice judges the configuration). */
export function nothingExercised(verdicts: readonly TraceVerdict[]): boolean {
  return !verdicts.some((v) => !v.id.startsWith('ADV-') && (v.status === 'holds' || v.status === 'violated'));
}

export function traceExitCode(verdicts: readonly TraceVerdict[]): 0 | 1 | 2 {
  if (verdicts.some((v) => v.status === 'violated')) return 1;
  if (
    verdicts.some((v) => v.status === 'undecidable' && v.cause !== undefined && USER_DECIDABLE.has(v.cause))
  )
    return 2;
  if (nothingExercised(verdicts)) return 2;
  return 0;
}

function range(start: number, end: number): [string, string] | null {
  return Number.isFinite(start) && Number.isFinite(end)
    ? [new Date(start).toISOString(), new Date(end).toISOString()]
    : null;
}

/**
 * A folder's rows are numbered on across its blobs: a witness row from one is renamed to its blob (the folder's
 * name and the path under it) and its row in that blob, so it can be found among thousands of blobs.
 */
function inBlobs(
  verdicts: readonly TraceVerdict[],
  alerts: TraceSummary,
  incidents: TraceSummary | null,
): void {
  if (!alerts.blobs && !incidents?.blobs) return;
  for (const verdict of verdicts) {
    for (const witness of verdict.witnesses) {
      for (const row of witness.rows) {
        const summary = row.table === 'SecurityAlert' ? alerts : incidents;
        const blob = summary === null ? null : blobOfRow(summary, row.fileRow);
        if (blob === null) continue;
        row.file = blob.file;
        row.fileRow = blob.row;
      }
    }
  }
}

/** Feeds rows to the ledgers; `finish` judges. Rows may come from files or (in tests) from memory. */
export class TraceChecker {
  readonly alerts: AlertLedger;
  readonly incidents: IncidentLedger | null;

  constructor(
    files: { alerts: string; incidents: string | null },
    readonly config: WorkspaceConfig | null,
    readonly configFile: string | null = null,
  ) {
    this.alerts = new AlertLedger(basename(files.alerts), config);
    this.incidents = files.incidents === null ? null : new IncidentLedger(basename(files.incidents));
  }

  addAlert(row: SecurityAlertRow, fileRow: number): void {
    this.alerts.add(row, fileRow);
  }

  addIncident(row: SecurityIncidentRow, fileRow: number): void {
    this.incidents?.add(row, fileRow);
  }

  finish(alerts: TraceSummary, incidents: TraceSummary | null): TraceCheckResult {
    this.alerts.finish();
    const incidentInputs =
      this.incidents !== null && incidents !== null ? { ledger: this.incidents, summary: incidents } : null;
    incidentInputs?.ledger.finish(this.alerts, this.config);
    const verdicts = traceVerdicts({
      alerts: { ledger: this.alerts, summary: alerts },
      incidents: incidentInputs,
      config: this.config,
    });
    inBlobs(verdicts, alerts, incidentInputs ? incidents : null);
    return {
      alerts,
      incidents: incidentInputs ? incidents : null,
      configFile: this.configFile,
      config: this.config,
      counts: {
        alertRows: this.alerts.rows,
        mdcRows: this.alerts.mdcRows,
        mdcAlerts: this.alerts.alerts,
        incidentRows: this.incidents?.rows ?? 0,
        incidents: this.incidents?.count ?? 0,
      },
      window: {
        alerts: range(this.alerts.start, this.alerts.end),
        incidents: this.incidents ? range(this.incidents.start, this.incidents.end) : null,
      },
      verdicts,
      exitCode: traceExitCode(verdicts),
    };
  }
}

export interface CheckTraceOptions {
  alerts: string;
  incidents?: string | undefined;
  /** A configuration file, or a configuration already read. */
  config?: string | WorkspaceConfig | undefined;
  read?: ReadOptions;
}

/** Reads the exports (and the configuration) and judges every behaviour. Throws on bad input. */
export async function checkTrace(options: CheckTraceOptions): Promise<TraceCheckResult> {
  const config =
    options.config === undefined
      ? null
      : typeof options.config === 'string'
        ? loadWorkspaceConfig(options.config)
        : options.config;
  const configFile = typeof options.config === 'string' ? basename(options.config) : null;
  const checker = new TraceChecker(
    { alerts: options.alerts, incidents: options.incidents ?? null },
    config,
    configFile,
  );
  // A batch of rows per promise (not one per row).
  const alertReader = readAlerts(options.alerts, options.read);
  for (let rows = await alertReader.nextRows(); rows !== null; rows = await alertReader.nextRows()) {
    for (let i = 0; i < rows.length; i++) {
      const { row, fileRow } = rows[i] as (typeof rows)[number];
      checker.addAlert(row, fileRow);
    }
  }
  let incidentSummary: TraceSummary | null = null;
  if (options.incidents !== undefined) {
    const incidentReader = readIncidents(options.incidents, options.read);
    for (let rows = await incidentReader.nextRows(); rows !== null; rows = await incidentReader.nextRows()) {
      for (let i = 0; i < rows.length; i++) {
        const { row, fileRow } = rows[i] as (typeof rows)[number];
        checker.addIncident(row, fileRow);
      }
    }
    incidentSummary = incidentReader.summary;
  }
  return checker.finish(alertReader.summary, incidentSummary);
}
