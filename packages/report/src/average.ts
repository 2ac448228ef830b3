import { mean, num, str, type Row } from './rows.js';

/**
 * Averages rows over the columns in `over` (e.g. the random repeat
 * `rep`, or `model`): rows that agree on every other text column form
 * one group; each numeric column becomes the mean of its non-null
 * values, and `groupSize` the number of rows averaged. Used to print
 * one line per (variant, sampler, pool, set) where the stage wrote one
 * per repeat.
 */
export function averageOver(
  rows: readonly Row[],
  columns: readonly string[],
  over: readonly string[],
  groupSize: string,
): { columns: string[]; rows: Row[] } {
  const keep = columns.filter((c) => !over.includes(c));
  const text = keep.filter((c) => rows.some((r) => typeof r[c] === 'string'));
  const numeric = keep.filter((c) => !text.includes(c));
  const groups = new Map<string, Row[]>();
  for (const r of rows) {
    const key = JSON.stringify(text.map((c) => r[c] ?? null));
    const list = groups.get(key);
    if (list) list.push(r);
    else groups.set(key, [r]);
  }
  const out: Row[] = [];
  for (const list of groups.values()) {
    const first = list[0] as Row;
    const row: Row = {};
    for (const c of text) row[c] = first[c] === null ? null : str(first[c]);
    for (const c of numeric) row[c] = mean(list.map((r) => num(r[c])));
    row[groupSize] = list.length;
    out.push(row);
  }
  return { columns: [...text, ...numeric, groupSize], rows: out };
}
