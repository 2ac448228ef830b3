/**
 * Where in an input a problem was found. Rows are 1-based data rows
 * (the header is row 0) so that they match what a spreadsheet shows.
 */
export interface ErrorLocation {
  file?: string;
  row?: number;
  column?: string;
}

/** Machine-readable error codes; the CLI maps them to exit codes. */
export type ErrorCode =
  | 'BAD_CONFIG'
  | 'BAD_INPUT'
  | 'MISSING_INPUT'
  | 'BAD_PARAMETER'
  | 'DEGENERATE'
  | 'SQL'
  | 'INTERNAL';

/**
 * The one error type of dsrep: a code, a message a user can act on and,
 * where there is one, the file, row and column of the input at fault.
 */
export class DsrepError extends Error {
  readonly code: ErrorCode;
  readonly location: ErrorLocation;
  readonly sql: string | undefined;

  constructor(
    code: ErrorCode,
    message: string,
    options: ErrorLocation & { cause?: unknown; sql?: string } = {},
  ) {
    super(withLocation(message, options), { cause: options.cause });
    this.name = 'DsrepError';
    this.code = code;
    this.location = {
      file: options.file,
      row: options.row,
      column: options.column,
    };
    this.sql = options.sql;
  }
}

function withLocation(message: string, at: ErrorLocation): string {
  const parts: string[] = [];
  if (at.file !== undefined) parts.push(`file ${at.file}`);
  if (at.row !== undefined) parts.push(`row ${at.row}`);
  if (at.column !== undefined) parts.push(`column "${at.column}"`);
  return parts.length === 0 ? message : `${parts.join(', ')}: ${message}`;
}

/** Exit code of the CLI for an error: 2 for user errors, 1 otherwise. */
export function exitCodeOf(error: unknown): number {
  if (error instanceof DsrepError) {
    return error.code === 'INTERNAL' || error.code === 'SQL' ? 1 : 2;
  }
  return 1;
}
