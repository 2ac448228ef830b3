import type { Table } from 'apache-arrow';

/** One value of a report table: text, number, flag or missing. */
export type Cell = string | number | boolean | null;
export type Row = Record<string, Cell>;

/**
 * Turns an Arrow table into plain rows: dictionary strings become
 * strings, 64-bit integers numbers (counts here stay far below 2^53),
 * timestamps milliseconds. Use it only on small tables.
 */
export function rowsOf(table: Table): Row[] {
  const names = table.schema.fields.map((f) => f.name);
  const vectors = names.map((n) => table.getChild(n));
  const rows: Row[] = [];
  for (let i = 0; i < table.numRows; i++) {
    const row: Row = {};
    names.forEach((name, j) => {
      row[name] = toCell(vectors[j]?.get(i));
    });
    rows.push(row);
  }
  return rows;
}

function toCell(v: unknown): Cell {
  if (v === null || v === undefined) return null;
  if (typeof v === 'bigint') return Number(v);
  // Floats keep 12 significant digits: DuckDB's parallel sums may
  // differ in the last bits from run to run (see core's roundFloats).
  if (typeof v === 'number') {
    return Number.isInteger(v) || !Number.isFinite(v)
      ? v
      : Number(v.toPrecision(12));
  }
  if (typeof v === 'boolean') return v;
  if (typeof v === 'string') return v;
  if (v instanceof Date) return v.getTime();
  return String(v);
}

/** The first of `candidates` that is a column of `columns`, if any. */
export function pickColumn(
  columns: readonly string[],
  candidates: readonly string[],
): string | undefined {
  return candidates.find((c) => columns.includes(c));
}

/** Column names of the first row (all rows of a table share them). */
export function columnsOfRows(rows: readonly Row[], table?: Table): string[] {
  if (table) return table.schema.fields.map((f) => f.name);
  return rows[0] ? Object.keys(rows[0]) : [];
}

/** A finite number from a cell, or null. */
export function num(value: Cell | undefined): number | null {
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (typeof value === 'string' && value.trim() !== '') {
    const n = Number(value);
    return Number.isFinite(n) ? n : null;
  }
  return null;
}

/** A string from a cell, or '' for null. */
export function str(value: Cell | undefined): string {
  return value === null || value === undefined ? '' : String(value);
}

/** Compares cells for sorting: nulls last, numbers numerically. */
export function compareCells(a: Cell, b: Cell): number {
  if (a === b) return 0;
  if (a === null) return 1;
  if (b === null) return -1;
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  const sa = String(a);
  const sb = String(b);
  return sa < sb ? -1 : sa > sb ? 1 : 0;
}

/** Sorts rows by the given keys in order (a stable, total order). */
export function sortRows<R extends Row>(
  rows: R[],
  keys: readonly string[],
): R[] {
  return rows.sort((x, y) => {
    for (const k of keys) {
      const c = compareCells(x[k] ?? null, y[k] ?? null);
      if (c !== 0) return c;
    }
    return 0;
  });
}

/** Arithmetic mean of the finite values, or null when there are none. */
export function mean(values: readonly (number | null)[]): number | null {
  const xs = values.filter((v): v is number => v !== null);
  if (xs.length === 0) return null;
  return xs.reduce((s, x) => s + x, 0) / xs.length;
}
