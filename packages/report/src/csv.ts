import type { Cell } from './rows.js';

/** Characters that make a spreadsheet read a text cell as a formula. */
const FORMULA_START = /^[=+\-@\t\r]/;

/**
 * Neutralises a text cell for spreadsheets (CSV injection): text that
 * starts with `=`, `+`, `-`, `@`, a tab or a carriage return gets a
 * leading single quote, so Excel, LibreOffice and Sheets show it as text
 * instead of evaluating it. Numbers are written as numbers: a numeric
 * literal such as `-0.25` is not a formula, and quoting it would turn it
 * into text.
 */
export function neutraliseCell(text: string): string {
  return FORMULA_START.test(text) ? `'${text}` : text;
}

/**
 * Quotes one CSV field (RFC 4180): fields holding a comma, a double
 * quote, a line break or surrounding spaces go in double quotes, with
 * inner quotes doubled.
 */
export function quoteCsvField(text: string): string {
  return /[",\r\n]|^\s|\s$/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** Writes one cell: null is empty, numbers plain, text neutralised. */
export function csvCell(value: Cell): string {
  if (value === null) return '';
  if (typeof value === 'number') {
    return Number.isFinite(value) ? String(value) : '';
  }
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  return quoteCsvField(neutraliseCell(value));
}

/**
 * Formats rows as CSV with a header line and `\n` line ends. Header
 * names are neutralised like text cells, since they may come from input.
 */
export function toCsv(
  columns: readonly string[],
  rows: readonly Record<string, Cell>[],
): string {
  const lines = [columns.map((c) => csvCell(c)).join(',')];
  for (const row of rows) {
    lines.push(columns.map((c) => csvCell(row[c] ?? null)).join(','));
  }
  return lines.join('\n') + '\n';
}
