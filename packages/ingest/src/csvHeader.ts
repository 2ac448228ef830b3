import { DsrepError } from '@dsrep/core';
import { readPrefix } from './files.js';

/** Longest header line we accept, in bytes. */
const MAX_HEADER_BYTES = 1 << 20;
const QUOTE = 0x22;
const LF = 0x0a;
const CR = 0x0d;

/**
 * Reads the header record of a CSV file: its field names in order.
 * Only the first megabyte is read. Fails, naming the file, when the
 * header is not UTF-8, is blank, or names a column twice (DuckDB would
 * silently rename the second copy, and one of them would be lost).
 */
export async function readCsvHeader(
  file: string,
  delimiter: string,
): Promise<string[]> {
  const bytes = await readPrefix(file, MAX_HEADER_BYTES);
  const end = recordEnd(bytes);
  if (end < 0) {
    throw new DsrepError(
      'BAD_INPUT',
      `header line is longer than ${MAX_HEADER_BYTES} bytes or has an ` +
        'unclosed quote; expected a CSV header of column names',
      { file, row: 0 },
    );
  }

  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(
      bytes.subarray(0, end),
    );
  } catch (cause) {
    throw new DsrepError(
      'BAD_INPUT',
      'header line is not valid UTF-8; re-save the file as UTF-8',
      { file, row: 0, cause },
    );
  }
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  if (text.trim() === '') {
    throw new DsrepError(
      'BAD_INPUT',
      'first line is blank; expected a header of column names',
      { file, row: 0 },
    );
  }

  const names = splitRecord(text, delimiter);
  const seen = new Map<string, number>();
  names.forEach((name, i) => {
    const before = seen.get(name);
    if (before !== undefined) {
      throw new DsrepError(
        'BAD_INPUT',
        `header names column "${name}" twice (fields ${before + 1} and ` +
          `${i + 1}); expected unique column names`,
        { file, row: 0, column: name },
      );
    }
    if (name === '') {
      throw new DsrepError(
        'BAD_INPUT',
        `header field ${i + 1} is empty; expected a column name`,
        { file, row: 0 },
      );
    }
    seen.set(name, i);
  });
  return names;
}

/** Byte index where the first record ends (its newline), or -1. */
function recordEnd(bytes: Uint8Array): number {
  let quoted = false;
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i];
    if (b === QUOTE) quoted = !quoted;
    else if (!quoted && (b === LF || b === CR)) return i;
  }
  // A file of only a header with no final newline ends the record too.
  return quoted || bytes.length === MAX_HEADER_BYTES ? -1 : bytes.length;
}

/** Splits one CSV record into fields; "" inside quotes is one quote. */
export function splitRecord(text: string, delimiter: string): string[] {
  const fields: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === delimiter) {
      fields.push(field);
      field = '';
    } else field += ch;
  }
  fields.push(field);
  return fields;
}
