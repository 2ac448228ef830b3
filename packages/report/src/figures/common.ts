import { num, type Row } from '../rows.js';

export const SCHEMA = 'https://vega.github.io/schema/vega-lite/v6.json';

/** A figure builder that cannot draw says why, in one sentence. */
export type Absent = { absent: string };

/** Columns of `columns` whose values in `rows` are all numbers. */
export function numericColumns(
  columns: readonly string[],
  rows: readonly Row[],
): string[] {
  return columns.filter((c) => {
    const vs = rows.map((r) => r[c]).filter((v) => v !== null);
    return vs.length > 0 && vs.every((v) => typeof v === 'number');
  });
}

/** Columns whose values are text (ids, labels, variants). */
export function textColumns(
  columns: readonly string[],
  rows: readonly Row[],
): string[] {
  return columns.filter((c) => rows.some((r) => typeof r[c] === 'string'));
}

/**
 * Whether a positive quantity spans two or more orders of magnitude, so
 * a log axis shows the small bars at all (figure 9's counts do).
 */
export function wantsLog(values: readonly (number | null)[]): boolean {
  const xs = values.filter((v): v is number => v !== null);
  if (xs.length === 0 || xs.some((x) => x <= 0)) return false;
  return Math.max(...xs) / Math.min(...xs) >= 100;
}

/** Least-squares line y = a + b·x; null with fewer than two distinct x. */
export function leastSquares(
  points: readonly { x: number; y: number }[],
): { intercept: number; slope: number } | null {
  const n = points.length;
  if (n < 2) return null;
  const mx = points.reduce((s, p) => s + p.x, 0) / n;
  const my = points.reduce((s, p) => s + p.y, 0) / n;
  let sxx = 0;
  let sxy = 0;
  for (const p of points) {
    sxx += (p.x - mx) ** 2;
    sxy += (p.x - mx) * (p.y - my);
  }
  if (sxx === 0) return null;
  const slope = sxy / sxx;
  return { intercept: my - slope * mx, slope };
}

/** Rows of `rows` whose `key` column equals the preferred variant. */
export function preferVariant(
  rows: Row[],
  key = 'variant',
): {
  rows: Row[];
  variant: string | null;
} {
  const variants = [...new Set(rows.map((r) => r[key]))]
    .filter((v): v is string => typeof v === 'string')
    .sort();
  if (variants.length === 0) return { rows, variant: null };
  const variant = variants.includes('clean')
    ? 'clean'
    : (variants[0] as string);
  return { rows: rows.filter((r) => r[key] === variant), variant };
}

export const numOr = (v: Row[string] | undefined, d: number) => num(v) ?? d;
