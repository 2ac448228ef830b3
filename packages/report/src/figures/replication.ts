import { sourceOf } from '../inputs.js';
import type { FigureSpec } from '../render.js';
import type { ReplicationData } from '../sections/replication-data.js';
import { SCHEMA, type Absent } from './common.js';

/** A zero line (vertical for 'x') as its own layer. */
export const zeroRule = (axis: 'x' | 'y') => ({
  data: { values: [{ zero: 0 }] },
  mark: { type: 'rule', color: '#555', strokeDash: [4, 3] },
  encoding: { [axis]: { field: 'zero', type: 'quantitative' } },
});

export const band = (mean: number | null, se: number | null) =>
  mean === null || se === null
    ? { lo: null, hi: null }
    : { lo: mean - 2 * se, hi: mean + 2 * se };

/**
 * Seed table 1 on real annotations: per t, the mean ŝ of v1 and of the
 * matched replication on the t annotations matching used (in-sample)
 * and on held-out annotators, each with ±2 SE over repetitions.
 */
export function replicationTable1Figure(
  data: ReplicationData,
): FigureSpec | Absent {
  const values: object[] = [];
  for (const t of data.ts) {
    for (const [set, prefix] of [
      ['v1', 'v1'],
      ['replication', 'replication'],
    ] as const) {
      for (const [measure, suffix] of [
        ['in-sample ŝ', 's_in_sample'],
        ['held-out ŝ', 's_heldout'],
      ] as const) {
        const r = data.get(`${prefix}_${suffix}`, { t });
        if (!r || r.mean === null) continue;
        values.push({
          row: `t = ${t} · ${set}`,
          measure,
          s: r.mean,
          ...band(r.mean, r.se),
        });
      }
    }
  }
  if (values.length === 0) {
    return { absent: 'replication_summary has no *_s_in_sample metrics' };
  }
  return {
    id: 'replication-table1',
    title: 'In-sample vs held-out ŝ per matching size t (table 1 of the paper)',
    caption:
      `Mean selection frequency over ${data.reps} repetitions, with ±2 ` +
      'standard errors: on the t annotations matching used (in-sample) ' +
      'and on held-out annotators. A replication whose held-out ŝ falls ' +
      'below its in-sample ŝ was partly matched on annotator noise.',
    source: sourceOf('replication_summary'),
    spec: {
      $schema: SCHEMA,
      title: 'In-sample vs held-out ŝ (±2 SE)',
      width: 420,
      data: { values },
      encoding: {
        y: {
          field: 'row',
          type: 'nominal',
          title: null,
          sort: null,
          axis: { labelLimit: 0 },
        },
        color: { field: 'measure', type: 'nominal', title: 'measured on' },
      },
      layer: [
        {
          mark: { type: 'rule', strokeWidth: 2 },
          encoding: {
            x: {
              field: 'lo',
              type: 'quantitative',
              title: 'mean selection frequency ŝ (share of annotators)',
              scale: { zero: false },
            },
            x2: { field: 'hi' },
          },
        },
        {
          mark: { type: 'point', filled: true, size: 70 },
          encoding: {
            x: { field: 's', type: 'quantitative' },
            shape: { field: 'measure', type: 'nominal' },
          },
        },
      ],
    } as FigureSpec['spec'],
  };
}

/**
 * Seed figure 11 on real data: the naive estimate's error Â_m − truth
 * (truth = v1's accuracy) against the annotators per image m, mean over
 * repetitions with a ±2 SE band, and the zero line it should reach.
 */
export function naiveErrorFigure(data: ReplicationData): FigureSpec | Absent {
  const values = data.rows
    .filter(
      (r) =>
        r.metric === 'naive_error' &&
        r.t === null &&
        r.m !== null &&
        r.mean !== null,
    )
    .map((r) => ({
      model: r.model ?? 'all',
      m: r.m,
      error: r.mean,
      ...band(r.mean, r.se),
    }));
  if (values.length === 0) {
    return { absent: 'replication_summary has no naive_error rows' };
  }
  return {
    id: 'replication-naive-error',
    title: 'Error of the naive estimator against m (figure 11 of the paper)',
    caption:
      'Naive adjusted accuracy of the candidate pool from m annotators ' +
      "per image minus the truth (v1's accuracy): mean over " +
      `${data.reps} repetitions, band ±2 standard errors of that mean; ` +
      'dashed: zero error. Where the band clears zero, the naive ' +
      'estimate from m annotators is biased.',
    source: sourceOf('replication_summary'),
    spec: {
      $schema: SCHEMA,
      title: 'Naive estimate − truth vs annotators (±2 SE)',
      width: 440,
      height: 260,
      layer: [
        {
          data: { values },
          mark: { type: 'area', opacity: 0.3 },
          encoding: {
            x: {
              field: 'm',
              type: 'quantitative',
              title: 'annotators per image m (count)',
            },
            y: {
              field: 'lo',
              type: 'quantitative',
              title: 'naive estimate − truth (% points)',
              axis: { format: '.1%' },
            },
            y2: { field: 'hi' },
            color: { field: 'model', type: 'nominal', title: 'model' },
          },
        },
        {
          data: { values },
          mark: { type: 'line', point: { size: 16 } },
          encoding: {
            x: { field: 'm', type: 'quantitative' },
            y: { field: 'error', type: 'quantitative' },
            color: { field: 'model', type: 'nominal', title: 'model' },
          },
        },
        zeroRule('y'),
      ],
    } as FigureSpec['spec'],
  };
}
