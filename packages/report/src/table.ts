import { toCsv } from './csv.js';
import { escapeMarkdownCell } from './escape.js';
import type { Cell, Row } from './rows.js';

/**
 * How a column prints: `pct` is a share in [0,1] shown as a percentage
 * (accuracies, gaps), `share` a share shown with three decimals
 * (selection frequencies ŝ = k/n), `num` a general number, `int` a count.
 */
export type CellFormat = 'text' | 'int' | 'num' | 'pct' | 'share';

/**
 * One column of a report table; `lo`/`hi` name its interval columns,
 * `se` its standard-error column (printed as `value ± se`).
 */
export interface ColumnDef {
  key: string;
  label: string;
  format: CellFormat;
  lo?: string;
  hi?: string;
  se?: string;
}

/**
 * A table of the report. It prints in HTML and Markdown with intervals
 * folded into their value's cell, and exports to CSV and JSON with one
 * column per key, so machines get every bound as its own field.
 */
export interface ReportTable {
  name: string;
  title: string;
  caption: string;
  /** Stage outputs it was computed from, e.g. `estimate/estimates`. */
  source: string;
  columns: ColumnDef[];
  rows: Row[];
}

/** Prints a cell for people (HTML and Markdown). */
export function formatCell(
  value: Cell | undefined,
  format: CellFormat,
): string {
  return noNegativeZero(formatRaw(value, format));
}

/** `-0.0%` reads as a sign that is not there: print `0.0%`. */
export const noNegativeZero = (s: string) =>
  /^-0(\.0*)?%?$/.test(s) ? s.slice(1) : s;

function formatRaw(value: Cell | undefined, format: CellFormat): string {
  if (value === null || value === undefined) return '–';
  if (typeof value !== 'number') return String(value);
  if (!Number.isFinite(value)) return '–';
  switch (format) {
    case 'pct':
      return `${(value * 100).toFixed(1)}%`;
    case 'share':
      return value.toFixed(3);
    case 'int':
      return Number.isInteger(value) ? String(value) : value.toFixed(2);
    case 'num':
      return Number.isInteger(value) ? String(value) : value.toPrecision(4);
    case 'text':
      return String(value);
  }
}

/**
 * A value with its standard error, both to the decimal of the error's
 * first significant digit (second when that is 1 or 2; at least the
 * format's usual decimals), e.g. `0.97% ± 0.08%`, `0.03% ± 0.26%`.
 */
export function formatWithSe(
  value: number,
  se: number,
  format: CellFormat,
): string {
  const scale = format === 'pct' ? 100 : 1;
  const base = format === 'pct' ? 1 : format === 'share' ? 3 : 2;
  const s = Math.abs(se) * scale;
  // One significant digit of the error, two when it starts with 1 or 2
  // (0.26 rounded to 0.3 would misstate it by 15%).
  const first = s > 0 ? Math.ceil(-Math.log10(s)) : 0;
  const lead = s > 0 ? Math.floor(s * 10 ** first) : 0;
  const digits =
    s > 0 ? Math.max(base, Math.min(8, first + (lead < 3 ? 1 : 0))) : base;
  const unit = format === 'pct' ? '%' : '';
  const f = (x: number) =>
    noNegativeZero(`${(x * scale).toFixed(digits)}${unit}`);
  return `${f(value)} ± ${f(Math.abs(se))}`;
}

/** A value with its interval, e.g. `71.2% [70.1%, 72.3%]`. */
export function formatValue(row: Row, column: ColumnDef): string {
  const v = row[column.key];
  const se = column.se ? row[column.se] : null;
  if (
    typeof v === 'number' &&
    Number.isFinite(v) &&
    typeof se === 'number' &&
    Number.isFinite(se) &&
    column.format !== 'text'
  ) {
    return formatWithSe(v, se, column.format) + bounds(row, column);
  }
  return formatCell(v, column.format) + bounds(row, column);
}

function bounds(row: Row, column: ColumnDef): string {
  if (!column.lo || !column.hi) return '';
  const lo = row[column.lo];
  const hi = row[column.hi];
  if (lo === null || lo === undefined || hi === null || hi === undefined) {
    return '';
  }
  const f = (v: Cell) => formatCell(v, column.format);
  return ` [${f(lo)}, ${f(hi)}]`;
}

/** Every exported key in order: each column, then its bounds. */
export function exportKeys(table: ReportTable): string[] {
  const keys: string[] = [];
  for (const c of table.columns) {
    keys.push(c.key);
    if (c.se) keys.push(c.se);
    if (c.lo) keys.push(c.lo);
    if (c.hi) keys.push(c.hi);
  }
  return keys;
}

/** The table as a Markdown pipe table, all rows. */
export function tableToMarkdown(table: ReportTable): string {
  const head = table.columns.map((c) => escapeMarkdownCell(c.label));
  const lines = [
    `| ${head.join(' | ')} |`,
    `| ${table.columns.map((c) => (c.format === 'text' ? '---' : '---:')).join(' | ')} |`,
  ];
  for (const row of table.rows) {
    const cells = table.columns.map((c) =>
      escapeMarkdownCell(formatValue(row, c)),
    );
    lines.push(`| ${cells.join(' | ')} |`);
  }
  return lines.join('\n') + '\n';
}

/** The `tables/<name>.csv|.json|.md` files of one table. */
export function tableFiles(table: ReportTable): Record<string, string> {
  const keys = exportKeys(table);
  const json = {
    name: table.name,
    title: table.title,
    source: table.source,
    columns: keys,
    rows: table.rows.map((r) =>
      Object.fromEntries(keys.map((k) => [k, jsonCell(r[k])])),
    ),
  };
  const md =
    `# ${escapeMarkdownCell(table.title)}\n\n` +
    `${escapeMarkdownCell(table.caption)}\n\n` +
    tableToMarkdown(table);
  return {
    [`tables/${table.name}.csv`]: toCsv(keys, table.rows),
    [`tables/${table.name}.json`]: JSON.stringify(json, null, 2) + '\n',
    [`tables/${table.name}.md`]: md,
  };
}

function jsonCell(v: Cell | undefined): Cell {
  if (v === undefined) return null;
  if (typeof v === 'number' && !Number.isFinite(v)) return null;
  return v;
}

/**
 * A table of a stage output whose columns the report does not know in
 * advance: every column shown, formats guessed from the values.
 */
export function genericTable(
  meta: Omit<ReportTable, 'columns' | 'rows'>,
  columns: readonly string[],
  rows: Row[],
): ReportTable {
  const defs: ColumnDef[] = columns.map((key) => {
    const values = rows.map((r) => r[key]).filter((v) => v !== null);
    const numeric =
      values.length > 0 && values.every((v) => typeof v === 'number');
    const integral = numeric && values.every((v) => Number.isInteger(v));
    return { key, label: key, format: guessFormat(key, numeric, integral) };
  });
  return { ...meta, columns: defs, rows };
}

/**
 * Accuracies, coverages and shares print as percentages, selection
 * frequencies with three decimals; other numbers by magnitude.
 */
function guessFormat(
  key: string,
  numeric: boolean,
  integral: boolean,
): CellFormat {
  if (!numeric) return 'text';
  if (/accuracy|coverage|share|^top1|^acc_|adjusted_true/.test(key))
    return 'pct';
  if (/^mean_s|s_hat|_s$/.test(key)) return 'share';
  return integral ? 'int' : 'num';
}
