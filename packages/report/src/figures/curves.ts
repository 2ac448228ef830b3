import { sourceOf } from '../inputs.js';
import { mean, num, pickColumn, str, type Row } from '../rows.js';
import type { FigureSpec } from '../render.js';
import {
  SCHEMA,
  numericColumns,
  preferVariant,
  type Absent,
} from './common.js';

/** v1 accuracy of a model under a variant, from `estimate/estimates`. */
export type V1Lookup = (variant: string, model: string) => number | null;

/**
 * Figure 11 of the seed: the gap left after the naive adjustment
 * against the number of annotators per image, with its bootstrap band.
 * From `estimate/naive_curve` (model, variant, m, value, lo, hi: the
 * naive estimate Â_m per model from m annotators). Where the table holds
 * adjusted accuracies and `v1Of` knows each model's v1 accuracy, each
 * row becomes a gap v1 − Â_m (bounds v1 − hi, v1 − lo); rows, gaps and
 * bounds are then averaged over models per variant and m. Models with
 * no v1 accuracy are left out of the gap.
 */
export function naiveCurveFigure(
  columns: readonly string[],
  rows: Row[],
  v1Of?: V1Lookup,
): FigureSpec | Absent {
  const numeric = numericColumns(columns, rows);
  const x = pickColumn(numeric, ['m', 'n', 'annotators', 'n_annotators']);
  let y = pickColumn(numeric, ['gap', 'adjusted_gap', 'value', 'estimate']);
  if (!x || !y) return { absent: 'naive_curve has no m and gap/value columns' };
  let lo = pickColumn(numeric, [`${y}_lo`, 'lo', 'gap_lo']);
  let hi = pickColumn(numeric, [`${y}_hi`, 'hi', 'gap_hi']);
  const seriesCols = columns.filter((c) =>
    ['variant', 'pool', 'role', 'data'].includes(c),
  );

  if (!/gap/.test(y) && v1Of && columns.includes('model')) {
    const [yy, l, h] = [y, lo, hi];
    const gaps: Row[] = [];
    for (const r of rows) {
      const v1 = v1Of(str(r.variant ?? 'all'), str(r.model));
      if (v1 === null) continue;
      const d = (c: string | undefined) => {
        const v = c ? num(r[c]) : null;
        return v === null ? null : v1 - v;
      };
      gaps.push({ ...r, gap: d(yy), gap_lo: d(h), gap_hi: d(l) });
    }
    if (gaps.length > 0) {
      rows = gaps;
      y = 'gap';
      lo = l && h ? 'gap_lo' : undefined;
      hi = l && h ? 'gap_hi' : undefined;
    }
  }

  // Average over whatever else varies (models), per series and m.
  const groups = new Map<string, Row[]>();
  for (const r of rows) {
    const series = seriesCols.map((c) => str(r[c])).join(' / ') || 'all';
    const key = JSON.stringify([series, num(r[x])]);
    const list = groups.get(key) ?? [];
    list.push({ ...r, __series: series });
    groups.set(key, list);
  }
  const [yc, loc, hic] = [y, lo, hi];
  const values = [...groups.values()].map((g) => ({
    series: str(g[0]?.__series ?? ''),
    n: num(g[0]?.[x]),
    y: mean(g.map((r) => num(r[yc]))),
    lo: loc ? mean(g.map((r) => num(r[loc]))) : null,
    hi: hic ? mean(g.map((r) => num(r[hic]))) : null,
  }));
  const isGap = /gap/.test(y);
  const yTitle = isGap
    ? 'gap v1 − adjusted v2 (% points)'
    : 'naive adjusted v2 accuracy (%)';
  const layers: object[] = [];
  if (lo && hi) {
    layers.push({
      mark: { type: 'area', opacity: 0.25 },
      encoding: {
        y: {
          field: 'lo',
          type: 'quantitative',
          title: yTitle,
          axis: { format: '.1%' },
        },
        y2: { field: 'hi' },
        color: { field: 'series', type: 'nominal', title: 'data' },
      },
    });
  }
  layers.push({
    mark: { type: 'line', point: true },
    encoding: {
      y: {
        field: 'y',
        type: 'quantitative',
        title: yTitle,
        axis: { format: '.1%' },
      },
      color: { field: 'series', type: 'nominal', title: 'data' },
    },
  });
  return {
    id: 'naive-curve',
    title: isGap
      ? 'Adjusted gap against annotators per image (figure 11)'
      : 'Naive adjusted accuracy against annotators per image (figure 11)',
    caption:
      `Naive estimator (SPEC section 7) from m annotators per image: ` +
      (isGap
        ? 'mean v1 accuracy minus the naive adjusted v2 accuracy'
        : `column "${y}"`) +
      ` against m` +
      (lo && hi ? ', with its 95% bootstrap band' : ', no band given') +
      (rows.length > values.length ? '; averaged over models.' : '.'),
    source: sourceOf('naive_curve'),
    spec: {
      $schema: SCHEMA,
      title: isGap
        ? 'Adjusted gap vs annotators'
        : 'Naive estimate vs annotators',
      width: 420,
      height: 260,
      data: { values },
      encoding: {
        x: {
          field: 'n',
          type: 'quantitative',
          title: 'annotators per image m (count)',
          scale: { zero: false },
        },
      },
      layer: layers,
    } as FigureSpec['spec'],
  };
}

/**
 * Figure 12 of the seed: the naive estimate Â_m against 1/m for ten
 * models; the jackknife extrapolates these lines to 1/m = 0. From
 * `estimate/jackknife_curve` (model, m, value), cleaned variant first.
 * The ten models are spread evenly over the sorted model names.
 */
export function jackknifeCurveFigure(
  columns: readonly string[],
  allRows: Row[],
): FigureSpec | Absent {
  const { rows, variant } = preferVariant(allRows);
  const numeric = numericColumns(columns, rows);
  const m = pickColumn(numeric, ['m', 'n', 'annotators']);
  const inv = pickColumn(numeric, ['inv_m', 'inverse_m', 'one_over_m']);
  const y = pickColumn(numeric, [
    'value',
    'estimate',
    'naive',
    'accuracy',
    'a_hat',
  ]);
  const model = pickColumn(columns, ['model']);
  if ((!m && !inv) || !y || !model) {
    return { absent: 'jackknife_curve has no model, m and value columns' };
  }
  const models = [...new Set(rows.map((r) => str(r[model])))].sort();
  const step = Math.max(1, models.length / 10);
  const chosen = new Set<string>();
  for (let i = 0; i < Math.min(10, models.length); i++) {
    chosen.add(models[Math.floor(i * step)] as string);
  }
  const values = rows
    .filter((r) => chosen.has(str(r[model])))
    .map((r) => {
      const mm = m ? num(r[m]) : null;
      return {
        model: str(r[model]),
        inv: inv ? num(r[inv]) : mm ? 1 / mm : null,
        y: num(r[y]),
      };
    })
    .filter((v) => v.inv !== null && v.y !== null);
  return {
    id: 'jackknife-curve',
    title: 'Naive estimate against 1/m for ten models (figure 12)',
    caption:
      `Naive adjusted v2 accuracy Â_m from m annotators per image against ` +
      `1/m, for ${chosen.size} of ${models.length} models` +
      (variant ? ` (${variant} data)` : '') +
      '. A straight line would make the jackknife exact; upward ' +
      'curvature means it under-corrects.',
    source: sourceOf('jackknife_curve'),
    spec: {
      $schema: SCHEMA,
      title: 'Naive estimate vs 1/m',
      width: 420,
      height: 280,
      data: { values },
      mark: { type: 'line', point: true },
      encoding: {
        x: {
          field: 'inv',
          type: 'quantitative',
          title: '1/m (m = annotators per image)',
        },
        y: {
          field: 'y',
          type: 'quantitative',
          title: 'naive adjusted v2 accuracy (%)',
          scale: { zero: false },
          axis: { format: '.0%' },
        },
        color: { field: 'model', type: 'nominal', title: 'model' },
      },
    },
  };
}
