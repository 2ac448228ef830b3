import { sourceOf } from '../inputs.js';
import { num, pickColumn, str, type Row } from '../rows.js';
import type { FigureSpec } from '../render.js';
import { SCHEMA, numericColumns, wantsLog, type Absent } from './common.js';

/**
 * Figure 9 of the seed: how often a (worker, batch) pair repeats — the
 * number of pairs seen once, twice, … From `clean/duplicate_hist`; the
 * multiplicity column is taken by name (copies, repeats, times, …) or
 * else the first numeric column, the count column likewise.
 */
export function duplicatesFigure(
  columns: readonly string[],
  rows: Row[],
): FigureSpec | Absent {
  const numeric = numericColumns(columns, rows);
  const x =
    pickColumn(numeric, [
      'copies',
      'repeats',
      'multiplicity',
      'times',
      'occurrences',
      'n_copies',
      'k',
    ]) ?? numeric[0];
  const y =
    pickColumn(
      numeric.filter((c) => c !== x),
      ['pairs', 'n_pairs', 'count', 'frequency', 'rows'],
    ) ?? numeric.find((c) => c !== x);
  if (!x || !y) return { absent: 'duplicate_hist has no two numeric columns' };
  const series = pickColumn(columns, ['variant', 'table']);
  const values = rows.map((r) => ({
    copies: num(r[x]),
    pairs: num(r[y]),
    series: series ? str(r[series]) : 'all',
  }));
  const log = wantsLog(values.map((v) => v.pairs));
  return {
    id: 'duplicates',
    title: 'Repeated (worker, batch) pairs (figure 9)',
    caption:
      `Number of (worker, batch) pairs (column "${y}") by how many times ` +
      `the pair occurs (column "${x}"); pairs seen more than once are ` +
      'duplicates that cleaning resolves' +
      (log ? '; log scale.' : '.'),
    source: sourceOf('duplicate_hist'),
    spec: {
      $schema: SCHEMA,
      title: 'How often a (worker, batch) pair repeats',
      width: 420,
      height: 240,
      data: { values },
      mark: { type: 'bar' },
      encoding: {
        x: {
          field: 'copies',
          type: 'ordinal',
          title: 'occurrences of the pair (count)',
        },
        xOffset: { field: 'series', type: 'nominal' },
        y: {
          field: 'pairs',
          type: 'quantitative',
          title: 'number of (worker, batch) pairs',
          // Unstacked, so a log-scale bar grows from the axis, not from 0.
          stack: null,
          // Domain from 0.5 so a count of 1 still shows as a bar.
          scale: log ? { type: 'log', domainMin: 0.5 } : {},
        },
        color: { field: 'series', type: 'nominal', title: series ?? 'data' },
      },
    },
  };
}
