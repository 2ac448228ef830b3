import { sourceOf } from '../inputs.js';
import { num, str, type Row } from '../rows.js';
import type { FigureSpec } from '../render.js';
import type { ModelEstimates } from '../sections/estimates-model.js';
import { SCHEMA, leastSquares, type Absent } from './common.js';

interface Point {
  kind: 'point' | 'fit' | 'diag';
  series: string;
  model: string;
  x: number;
  y: number;
}

/** A fitted line y = intercept + slope · x for one series. */
interface Line {
  intercept: number;
  slope: number;
  given: boolean;
}

/**
 * Looks up the line of `estimator` in `estimate/linear_fits` (columns
 * estimator, slope, intercept; variant when present), else fits it by
 * least squares to the points, so every series has a line either way.
 */
function lineFor(
  fits: Row[],
  estimator: string,
  variant: string | null,
  points: Point[],
): Line | null {
  const found = fits.find(
    (f) =>
      str(f.estimator ?? f.series ?? null) === estimator &&
      (variant === null ||
        f.variant === undefined ||
        str(f.variant) === variant),
  );
  const slope = found ? num(found.slope) : null;
  const intercept = found ? num(found.intercept) : null;
  if (slope !== null && intercept !== null) {
    return { slope, intercept, given: true };
  }
  const ls = leastSquares(points);
  return ls ? { ...ls, given: false } : null;
}

function withLine(series: string, points: Point[], line: Line | null): Point[] {
  if (!line || points.length === 0) return points;
  const xs = points.map((p) => p.x);
  const ends = [Math.min(...xs), Math.max(...xs)];
  return [
    ...points,
    ...ends.map((x) => ({
      kind: 'fit' as const,
      series,
      model: '',
      x,
      y: line.intercept + line.slope * x,
    })),
  ];
}

/**
 * Figures 13 and 14 of the seed: each model's v2 accuracy against its
 * v1 accuracy with a linear fit per series — raw (v2, and the paper's
 * table 2 when given) or adjusted (one series per estimator). The
 * dashed diagonal is v2 = v1: no drop at all.
 */
export function fitsFigure(
  which: 'raw' | 'adjusted',
  groups: ModelEstimates[],
  variant: string | null,
  fits: Row[],
  paper: Row[],
): FigureSpec | Absent {
  const inVariant = groups.filter(
    (g) => variant === null || g.variant === variant,
  );
  const estimators =
    which === 'raw'
      ? ['v2']
      : [...new Set(inVariant.flatMap((g) => Object.keys(g.estimates)))]
          .filter((e) => e !== 'v1' && e !== 'v2')
          .sort();
  let data: Point[] = [];
  const notes: string[] = [];
  for (const e of estimators) {
    const series = e === 'v2' ? 'v2 (this run)' : `adjusted v2, ${e}`;
    const points: Point[] = [];
    for (const g of inVariant) {
      const x = g.estimates.v1?.value ?? null;
      const y = g.estimates[e]?.value ?? null;
      if (x !== null && y !== null) {
        points.push({ kind: 'point', series, model: g.model, x, y });
      }
    }
    const line = lineFor(fits, e, variant, points);
    if (line && !line.given) notes.push(series);
    data = data.concat(withLine(series, points, line));
  }
  if (which === 'raw' && paper.length > 0) {
    const series = 'paper table 2';
    const points: Point[] = [];
    for (const r of paper) {
      const x = num(r.top1_v1);
      const y = num(r.top1_v2);
      if (x !== null && y !== null) {
        points.push({ kind: 'point', series, model: str(r.model), x, y });
      }
    }
    const ls = leastSquares(points);
    data = data.concat(
      withLine(series, points, ls ? { ...ls, given: false } : null),
    );
  }
  const pts = data.filter((d) => d.kind === 'point');
  if (pts.length === 0) {
    return {
      absent: `no model has both v1 and ${which === 'raw' ? 'v2' : 'adjusted'} accuracy`,
    };
  }
  const all = pts.flatMap((p) => [p.x, p.y]);
  const lo = Math.min(...all);
  const hi = Math.max(...all);
  data.push({ kind: 'diag', series: 'v2 = v1', model: '', x: lo, y: lo });
  data.push({ kind: 'diag', series: 'v2 = v1', model: '', x: hi, y: hi });

  const fig = which === 'raw' ? 13 : 14;
  const axis = (field: string, title: string) => ({
    field,
    type: 'quantitative' as const,
    title,
    scale: { zero: false },
    axis: { format: '.0%' },
  });
  const sources = [
    groups.length > 0 ? sourceOf('estimates') : '',
    fits.length > 0 ? sourceOf('linear_fits') : '',
    which === 'raw' && paper.length > 0 ? sourceOf('paper_table2') : '',
  ].filter(Boolean);
  return {
    id: `fits-${which}`,
    title:
      which === 'raw'
        ? 'v2 against v1 accuracy, raw (figure 13)'
        : 'Adjusted v2 against v1 accuracy (figure 14)',
    caption:
      `One point per model: top-1 accuracy on v1 (x) and ` +
      (which === 'raw'
        ? 'on v2 (y)'
        : 'v2 accuracy adjusted to the v1 selection frequencies by each estimator (y)') +
      (variant ? `, ${variant} data` : '') +
      ', with a linear fit per series; dashed: v2 = v1.' +
      (notes.length > 0
        ? ` Least-squares lines computed here for: ${notes.join(', ')}.`
        : '') +
      (which === 'raw' && paper.length > 0
        ? ' Paper table 2 fitted here.'
        : ''),
    source: sources.join(', '),
    spec: {
      $schema: SCHEMA,
      title: `Figure ${fig}: ${which === 'raw' ? 'v2 vs v1' : 'adjusted v2 vs v1'}`,
      width: 420,
      height: 320,
      data: { values: data },
      encoding: {
        x: axis('x', 'v1 top-1 accuracy (%)'),
        y: axis(
          'y',
          which === 'raw'
            ? 'v2 top-1 accuracy (%)'
            : 'adjusted v2 top-1 accuracy (%)',
        ),
        color: { field: 'series', type: 'nominal', title: 'series' },
      },
      layer: [
        {
          transform: [{ filter: "datum.kind === 'diag'" }],
          mark: { type: 'line', strokeDash: [4, 4], color: '#888' },
          encoding: { color: { value: '#888' } },
        },
        {
          transform: [{ filter: "datum.kind === 'point'" }],
          mark: { type: 'point', filled: true, size: 30, opacity: 0.7 },
        },
        {
          transform: [{ filter: "datum.kind === 'fit'" }],
          mark: { type: 'line' },
        },
      ],
    } as FigureSpec['spec'],
  };
}
