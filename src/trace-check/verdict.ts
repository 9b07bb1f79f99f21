/**
 * What a trace checker says about one behaviour: the verdict statuses of generated runs (model/verdict.ts),
 * with what a trace adds. A witness names rows by file, 1-based data row and SystemAlertId (or
 * IncidentNumber), never by their content, so a report can be shared without leaking alert details. An
 * undecidable verdict carries its cause, which says whether the user could have decided it (gave a
 * configuration, the incidents export, a column) or whether no export of the two tables can.
 */
import type { VerdictStatus } from '../../model/verdict.ts';

/** Why a behaviour could not be decided. */
export type UndecidableCause =
  /** It depends on the workspace's configuration: give --config. */
  | 'needs-config'
  /** It is about SecurityIncident: give --incidents. */
  | 'needs-incidents'
  /** The export lacks a column it needs. */
  | 'missing-column'
  /** Every row that matters leaves the column it needs empty (older exports). */
  | 'empty-column'
  /** Every situation lies too close to an edge of the exported time range to be judged. */
  | 'trace-too-short'
  /** No export of SecurityAlert and SecurityIncident can tell: it needs what only MDC or Defender XDR hold. */
  | 'not-in-tables';

/** Causes the user could have removed: a check-trace run with one of them is inconclusive (exit 2). */
export const USER_DECIDABLE: ReadonlySet<UndecidableCause> = new Set([
  'needs-config',
  'needs-incidents',
  'missing-column',
  'trace-too-short',
]);

export type TraceTableName = 'SecurityAlert' | 'SecurityIncident';

export interface WitnessRow {
  table: TraceTableName;
  /** The export's file name (no directory); for a folder of blobs, the folder's name and the blob's path under it. */
  file: string;
  /** 1-based data row in the file, header excluded. */
  fileRow: number;
  systemAlertId?: string;
  incidentNumber?: number;
}

export interface TraceWitness {
  /** What is wrong (or, for a quirk, what was seen), in words that quote no row content. */
  message: string;
  rows: WitnessRow[];
}

export interface TraceVerdict {
  id: string;
  status: VerdictStatus;
  /** One or two sentences: what was judged and found, or why it could not be. */
  detail: string;
  /** Situations judged (alerts, rows, incidents: the detail says which). */
  situations: number;
  /** Situations that broke the behaviour. */
  violations: number;
  /** Quirks: occurrences seen; advice: findings. */
  occurrences?: number;
  /** Typical behaviours: the share of situations with the typical outcome. */
  rate?: number;
  /** Set when status is 'undecidable'. */
  cause?: UndecidableCause;
  /** The first few violations (or quirk occurrences). */
  witnesses: TraceWitness[];
}

/** Witnesses kept per behaviour: enough to look at, few enough to keep memory flat on a large export. */
export const MAX_WITNESSES = 5;

/** Collects violations (or occurrences): counts them all, keeps the first MAX_WITNESSES. */
export class WitnessList {
  count = 0;
  readonly kept: TraceWitness[] = [];

  add(message: string, rows: WitnessRow[]): void {
    this.count += 1;
    if (this.kept.length < MAX_WITNESSES) this.kept.push({ message, rows });
  }

  /** Adds lazily: the message is built only when it is kept. */
  addLazy(build: () => TraceWitness): void {
    this.count += 1;
    if (this.kept.length < MAX_WITNESSES) this.kept.push(build());
  }
}

export function undecidable(id: string, cause: UndecidableCause, detail: string): TraceVerdict {
  return { id, status: 'undecidable', cause, detail, situations: 0, violations: 0, witnesses: [] };
}

/** A must behaviour's verdict from a scan: violated when anything broke it, else holds or not exercised. */
export function mustVerdict(
  id: string,
  situations: number,
  found: WitnessList,
  detail: { holds: string; violated: string; none: string },
): TraceVerdict {
  if (found.count > 0) {
    return {
      id,
      status: 'violated',
      detail: detail.violated,
      situations,
      violations: found.count,
      witnesses: found.kept,
    };
  }
  if (situations === 0) {
    return { id, status: 'not-exercised', detail: detail.none, situations: 0, violations: 0, witnesses: [] };
  }
  return { id, status: 'holds', detail: detail.holds, situations, violations: 0, witnesses: [] };
}

/** A quirk's verdict: allowed by the observed profile, so 'holds' when seen and 'not-exercised' when not. */
export function quirkVerdict(
  id: string,
  situations: number,
  seen: WitnessList,
  detail: string,
): TraceVerdict {
  return {
    id,
    status: seen.count > 0 ? 'holds' : 'not-exercised',
    detail,
    situations,
    violations: 0,
    occurrences: seen.count,
    witnesses: seen.kept,
  };
}

/** "1 row", "3 rows". */
export function plural(count: number, one: string, many = `${one}s`): string {
  return `${count.toLocaleString('en')} ${count === 1 ? one : many}`;
}
