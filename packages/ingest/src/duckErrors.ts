import { DsrepError } from '@dsrep/core';
import { messageOf } from './files.js';

/**
 * Turns an error DuckDB raised while parsing `file` into a DsrepError
 * naming the file, the data row and, where the message allows, the
 * column. `header` is the CSV header (absent for JSON lines, whose
 * line numbers are data rows already). `badField` is the field of the
 * reported line found to hold non-UTF-8 bytes, when known.
 */
export function parseError(
  cause: unknown,
  file: string,
  sql: string,
  header?: readonly string[],
  badField?: number,
): DsrepError {
  const text = messageOf(cause);
  const first = text.split('\n')[0] ?? text;

  const csvLine = /CSV Error on Line: (\d+)/.exec(text);
  if (csvLine && header) {
    // Line 1 is the header, so line L is data row L - 1 unless earlier
    // quoted fields spanned lines; the message gives the line as well.
    const line = Number(csvLine[1]);
    const row = line - 1;
    const count = /Expected Number of Columns: (\d+) Found: (\d+)/.exec(text);
    if (count) {
      const found = Number(count[2]);
      const expected = Number(count[1]);
      const column =
        found < expected ? header[found] : header[header.length - 1];
      const what =
        found < expected
          ? `has ${found} fields, so column "${column}" and later ` +
            'ones have no value'
          : `has ${found} fields, more than the ${expected} columns of ` +
            `the header (extra values after column "${column}")`;
      return new DsrepError(
        'BAD_INPUT',
        `ragged row (line ${line} of the file) ${what}; expected ` +
          `${expected} fields as in the header`,
        { file, row, column, cause, sql },
      );
    }
    if (/unicode|utf-8/i.test(text)) {
      const column = badField === undefined ? undefined : header[badField];
      return new DsrepError(
        'BAD_INPUT',
        `line ${line} of the file holds bytes that are not valid ` +
          'UTF-8; re-save the file as UTF-8',
        { file, row, column, cause, sql },
      );
    }
    return new DsrepError(
      'BAD_INPUT',
      `cannot parse line ${line}: ${detail(text)}`,
      { file, row, cause, sql },
    );
  }

  const jsonLine = /in line (\d+)/.exec(text);
  if (jsonLine && !header) {
    return new DsrepError(
      'BAD_INPUT',
      `cannot parse JSON line ${jsonLine[1]}: ${first}`,
      { file, row: Number(jsonLine[1]), cause, sql },
    );
  }
  return new DsrepError('BAD_INPUT', `cannot read file: ${first}`, {
    file,
    cause,
    sql,
  });
}

/** The line of a DuckDB CSV error that says what was wrong. */
function detail(text: string): string {
  const lines = text.split('\n').map((l) => l.trim());
  const useful = lines.find(
    (l, i) => i > 0 && l !== '' && !l.startsWith('Original Line'),
  );
  return useful ?? lines[0] ?? text;
}

/** The file line a DuckDB CSV error names, if any. */
export function errorLine(cause: unknown): number | undefined {
  const m = /CSV Error on Line: (\d+)/.exec(messageOf(cause));
  return m ? Number(m[1]) : undefined;
}

/** Whether a DuckDB error is about bytes that are not UTF-8. */
export function isEncodingError(cause: unknown): boolean {
  return /unicode|utf-8/i.test(messageOf(cause));
}
