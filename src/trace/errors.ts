/**
 * The one error a trace reader throws on bad input. It names the file, the 1-based data row (null when the
 * problem is in the header or the envelope around the rows), the column as the file spells it (null when
 * not about one column), a stable code, and a one-line message; never a stack trace for the user to read.
 */
import { basename } from 'node:path';
import { jsonPrefix } from '../../model/json-prefix.ts';

export type TraceErrorCode =
  | 'io-error'
  | 'empty-file'
  | 'unknown-format'
  | 'unsupported-encoding'
  | 'malformed-json'
  | 'malformed-csv'
  | 'truncated'
  | 'missing-column'
  | 'duplicate-column'
  | 'missing-value'
  | 'wrong-type'
  | 'bad-timestamp'
  | 'too-large'
  | 'partial-result'
  | 'unsupported-layout'
  | 'malformed-parquet';

export class TraceInputError extends Error {
  override readonly name = 'TraceInputError';
  readonly code: TraceErrorCode;
  readonly file: string;
  /** 1-based data row number (header excluded), or null when the problem is outside the rows. */
  readonly row: number | null;
  /** The column as the file names it, or null. */
  readonly column: string | null;
  /** The reason alone, without the location. */
  readonly reason: string;

  /**
   * `shown` names the file in the message where its base name is not enough (a blob of an export folder:
   * `…/y=2025/m=01/d=01/h=00/m=05/PT05M.json`); the base name by default.
   */
  constructor(
    code: TraceErrorCode,
    file: string,
    row: number | null,
    column: string | null,
    reason: string,
    shown?: string,
  ) {
    const where = [
      shown ?? basename(file),
      row === null ? null : `row ${row}`,
      column === null ? null : `column ${column}`,
    ]
      .filter((part) => part !== null)
      .join(', ');
    super(oneLine(`${where}: ${reason} [${code}]`));
    this.code = code;
    this.file = file;
    this.row = row;
    this.column = column;
    this.reason = oneLine(reason);
  }
}

export function isTraceInputError(error: unknown): error is TraceInputError {
  return error instanceof TraceInputError;
}

function oneLine(text: string): string {
  return text.replace(/[\r\n\t]+/g, ' ');
}

/** A value quoted for a message: JSON, at most `max` characters (safe on any value, however deep). */
export function preview(value: unknown, max = 60): string {
  const text = value === undefined ? 'undefined' : jsonPrefix(value, max + 1);
  return text.length > max ? `${text.slice(0, max)}…` : text;
}
