import { sourceOf } from '../inputs.js';
import type { FigureSpec } from '../render.js';
import { SCHEMA, type Absent } from './common.js';
import { band, zeroRule } from './replication.js';

/** One estimator's row for the estimator figure and table. */
export interface EstimatorError {
  model: string;
  /** Metric prefix in replication_summary: naive, jackknife, ... */
  name: string;
  /** How the report labels it, e.g. `naive (m = 37)`. */
  estimator: string;
  error: number | null;
  se: number | null;
  lo: number | null;
  hi: number | null;
}

/**
 * Each estimator's error (estimate − truth): the mean over repetitions
 * with ±2 SE (dark bar and point), and the mean 95% interval of one
 * repetition (light bar) — how wide a single experiment's interval is
 * and where it sits around the truth (dashed zero line).
 */
export function estimatorErrorFigure(
  rows: readonly EstimatorError[],
  reps: number,
): FigureSpec | Absent {
  const multi = new Set(rows.map((r) => r.model)).size > 1;
  const values = rows
    .filter((r) => r.error !== null)
    .map((r) => ({
      row: multi ? `${r.estimator} · ${r.model}` : r.estimator,
      error: r.error,
      ...band(r.error, r.se),
      ilo: r.lo,
      ihi: r.hi,
    }));
  if (values.length === 0) {
    return { absent: 'replication_summary has no *_error metrics' };
  }
  const y = {
    field: 'row',
    type: 'nominal',
    title: null,
    sort: values.map((v) => v.row),
  };
  const x = {
    type: 'quantitative',
    title: 'estimate − truth (% points)',
    axis: { format: '.1%' },
  };
  return {
    id: 'replication-estimators',
    title: 'Error of each estimator, with its intervals',
    caption:
      'Estimate of the pool’s adjusted accuracy minus the truth. Point ' +
      `and dark bar: mean error over ${reps} repetitions ±2 standard ` +
      'errors (a bias shows as a bar clear of zero). Light bar: the mean ' +
      '95% bootstrap interval of one repetition. Dashed: zero error.',
    source: sourceOf('replication_summary'),
    spec: {
      $schema: SCHEMA,
      title: 'Estimator error (±2 SE) and mean 95% interval',
      width: 440,
      layer: [
        {
          data: { values: values.filter((v) => v.ilo !== null) },
          mark: { type: 'rule', strokeWidth: 10, color: '#c6dbef' },
          encoding: {
            y,
            x: { field: 'ilo', ...x },
            x2: { field: 'ihi' },
          },
        },
        {
          data: { values },
          mark: { type: 'rule', strokeWidth: 3, color: '#08519c' },
          encoding: {
            y,
            x: { field: 'lo', ...x },
            x2: { field: 'hi' },
          },
        },
        {
          data: { values },
          mark: { type: 'point', filled: true, size: 60, color: '#08306b' },
          encoding: {
            y,
            x: { field: 'error', ...x },
          },
        },
        zeroRule('x'),
      ],
    } as FigureSpec['spec'],
  };
}
