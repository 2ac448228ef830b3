import { sourceOf } from '../inputs.js';
import { num, pickColumn, str, type Row } from '../rows.js';
import type { FigureSpec } from '../render.js';
import type { ReportTable } from '../table.js';
import { SCHEMA, numericColumns, type Absent } from './common.js';

/** Columns that hold the toy model's parameters, not curves. */
const PARAMS = ['n', 'alpha', 'beta', 'rep', 'seed', 'k', 'pool', 'images'];

/** Columns of the estimate stage's binned form of the toy model. */
const BINNED = [
  'alpha',
  'beta',
  'n',
  's_lo',
  's_hi',
  'density_closed',
  'density_sim',
];

const caseOf = (r: Row) => `α=${str(r.alpha)}, β=${str(r.beta)}, n=${str(r.n)}`;

const CAPTION =
  'Density of the true selection frequency s of matched images in ' +
  'the toy model (candidates Beta(α, β), v1 Beta(α+1, β)): the closed ' +
  'form n/(n+α+β)·Beta(α+1,β) + (α+β)/(n+α+β)·Beta(α,β) beside the ' +
  'simulated matching';

/**
 * The estimate stage's form: per case (α, β, n) and bin [s_lo, s_hi),
 * the closed-form and the simulated density. Lines are the closed form
 * at bin midpoints, points the simulation, one colour per case.
 */
function binnedToyFigure(rows: Row[]): FigureSpec {
  const values: object[] = [];
  const ordered = [...rows].sort(
    (a, b) =>
      (num(a.alpha) ?? 0) - (num(b.alpha) ?? 0) ||
      (num(a.beta) ?? 0) - (num(b.beta) ?? 0) ||
      (num(a.n) ?? 0) - (num(b.n) ?? 0),
  );
  const cases = [...new Set(ordered.map(caseOf))];
  for (const r of rows) {
    const lo = num(r.s_lo);
    const hi = num(r.s_hi);
    if (lo === null || hi === null) continue;
    const s = (lo + hi) / 2;
    const c = caseOf(r);
    values.push({
      case: c,
      source: 'closed form',
      s,
      y: num(r.density_closed),
    });
    values.push({ case: c, source: 'simulation', s, y: num(r.density_sim) });
  }
  const enc = {
    x: {
      field: 's',
      type: 'quantitative',
      title: 'selection frequency s (share of annotators)',
      scale: { domain: [0, 1] },
    },
    y: { field: 'y', type: 'quantitative', title: 'density (per unit of s)' },
    // Cases in the order of the table (by n), not alphabetically.
    color: { field: 'case', type: 'nominal', title: 'case', sort: cases },
  };
  return {
    id: 'toy',
    title: 'Toy model: closed form against simulation',
    caption: `${CAPTION}: lines the closed form at bin midpoints, points the simulation, one colour per case (α, β, n).`,
    source: sourceOf('toy_model'),
    spec: {
      $schema: SCHEMA,
      title: 'Toy model: matched density of s',
      width: 420,
      height: 260,
      data: { values },
      layer: [
        {
          transform: [{ filter: "datum.source === 'closed form'" }],
          mark: { type: 'line' },
          encoding: enc,
        },
        {
          transform: [{ filter: "datum.source === 'simulation'" }],
          mark: { type: 'point', filled: false, size: 30 },
          encoding: enc,
        },
      ],
    } as FigureSpec['spec'],
  };
}

/**
 * The toy model's means per case: E[s] of the pool, of v1 and of the
 * matched images, closed form against simulation with its standard
 * error (SPEC section 2: the bias shrinks like 1/n). Null when the
 * table has no such columns.
 */
export function toyMeansTable(
  columns: readonly string[],
  rows: Row[],
): ReportTable | null {
  const want = ['mean_pool', 'mean_p1', 'mean_closed', 'mean_sim'];
  if (!want.every((c) => columns.includes(c))) return null;
  const seen = new Map<string, Row>();
  for (const r of rows) {
    const key = caseOf(r);
    if (!seen.has(key)) {
      seen.set(key, {
        alpha: r.alpha ?? null,
        beta: r.beta ?? null,
        n: r.n ?? null,
        mean_pool: r.mean_pool ?? null,
        mean_p1: r.mean_p1 ?? null,
        mean_closed: r.mean_closed ?? null,
        mean_sim: r.mean_sim ?? null,
        mean_se: r.mean_se ?? null,
        accepted: r.accepted ?? null,
      });
    }
  }
  return {
    name: 'toy_means',
    title: 'Toy model: mean selection frequency',
    caption:
      'Mean true s of the candidate pool, of v1 and of the matched images ' +
      '(closed form and simulation, with the standard error of the ' +
      'simulated mean and the number of images accepted).',
    source: sourceOf('toy_model'),
    columns: [
      { key: 'alpha', label: 'α', format: 'num' },
      { key: 'beta', label: 'β', format: 'num' },
      { key: 'n', label: 'n', format: 'int' },
      { key: 'mean_pool', label: 'E[s] pool', format: 'share' },
      { key: 'mean_p1', label: 'E[s] v1', format: 'share' },
      {
        key: 'mean_closed',
        label: 'E[s] matched, closed form',
        format: 'share',
      },
      { key: 'mean_sim', label: 'E[s] matched, simulated', format: 'share' },
      { key: 'mean_se', label: 'std. error', format: 'num' },
      { key: 'accepted', label: 'accepted', format: 'int' },
    ],
    rows: [...seen.values()],
  };
}

/**
 * The toy model of SPEC section 2: the closed-form density of the
 * matched images' true s against the simulated one. From
 * `estimate/toy_model` in long form (s, a series column such as
 * `source`, and `density`) or wide form (s and one numeric column per
 * curve, e.g. `closed_form`, `simulated`). Where several n were run,
 * each curve is labelled with its n.
 */
export function toyFigure(
  columns: readonly string[],
  rows: Row[],
): FigureSpec | Absent {
  if (BINNED.every((c) => columns.includes(c))) return binnedToyFigure(rows);
  const numeric = numericColumns(columns, rows);
  const x = pickColumn(numeric, ['s', 's_mid', 'bin_mid', 'x', 'bin']);
  if (!x) return { absent: 'toy_model has no s column' };
  const nCol = pickColumn(numeric, ['n']);
  const ns = nCol ? new Set(rows.map((r) => num(r[nCol]))) : new Set();
  const suffix = (r: Row) => (nCol && ns.size > 1 ? `, n=${str(r[nCol])}` : '');
  const seriesCol = pickColumn(columns, [
    'source',
    'series',
    'kind',
    'method',
    'curve',
  ]);
  const yLong = pickColumn(numeric, ['density', 'pdf', 'value']);
  const values: { series: string; s: number | null; y: number | null }[] = [];
  if (seriesCol && yLong) {
    for (const r of rows) {
      values.push({
        series: str(r[seriesCol]) + suffix(r),
        s: num(r[x]),
        y: num(r[yLong]),
      });
    }
  } else {
    const ys = numeric.filter((c) => c !== x && !PARAMS.includes(c));
    if (ys.length === 0)
      return { absent: 'toy_model has no curve columns beside s' };
    for (const r of rows) {
      for (const y of ys)
        values.push({ series: y + suffix(r), s: num(r[x]), y: num(r[y]) });
    }
  }
  return {
    id: 'toy',
    title: 'Toy model: closed form against simulation',
    caption: `${CAPTION}, one line per series.`,
    source: sourceOf('toy_model'),
    spec: {
      $schema: SCHEMA,
      title: 'Toy model: matched density of s',
      width: 420,
      height: 260,
      data: { values: values.filter((v) => v.s !== null && v.y !== null) },
      mark: { type: 'line', point: { size: 20 } },
      encoding: {
        x: {
          field: 's',
          type: 'quantitative',
          title: 'selection frequency s (share of annotators)',
        },
        y: {
          field: 'y',
          type: 'quantitative',
          title: 'density (per unit of s)',
        },
        color: { field: 'series', type: 'nominal', title: 'series' },
        strokeDash: { field: 'series', type: 'nominal' },
      },
    },
  };
}
