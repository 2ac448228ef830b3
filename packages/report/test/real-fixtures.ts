import {
  boolColumn,
  dictColumn,
  float64Column,
  int32Column,
  makeTable,
  type ColumnInput,
} from '@dsrep/core';
import type { Table } from 'apache-arrow';

/**
 * Small hand-made outputs of the real-data pipelines: the replicate
 * stage (CIFAR-10H, two repetitions) and crowd-mixtures with clean's
 * worker statistics (bluebirds, two workers). Tables are built from row
 * lists so a test can reverse them (nullable columns included).
 */
export const MODEL = 'cnn<b>';

const nullableInt = (xs: (number | null)[]): ColumnInput => ({
  ...int32Column(xs.map((x) => x ?? 0)),
  valid: Uint8Array.from(xs, (x) => (x === null ? 0 : 1)),
});
const nullableFloat = (xs: (number | null)[]): ColumnInput => ({
  ...float64Column(xs.map((x) => x ?? 0)),
  valid: Uint8Array.from(xs, (x) => (x === null ? 0 : 1)),
});

interface Run {
  rep: number;
  t: number | null;
  model: string | null;
  metric: string;
  m: number | null;
  value: number;
  lo: number | null;
  hi: number | null;
}

/**
 * Per repetition (values for rep 0, rep 1). Chosen so the means and
 * standard errors are easy by hand: a pair (a, a + 2e) has mean a + e,
 * sd e·√2 and se = sd/√2 = e.
 */
function runs(): Run[] {
  const out: Run[] = [];
  const add = (
    t: number | null,
    model: string | null,
    metric: string,
    m: number | null,
    values: [number, number],
    bounds?: [[number, number], [number, number]],
  ) =>
    values.forEach((value, rep) =>
      out.push({
        rep,
        t,
        model,
        metric,
        m,
        value,
        lo: bounds?.[rep]?.[0] ?? null,
        hi: bounds?.[rep]?.[1] ?? null,
      }),
    );
  add(null, null, 'v1_images', null, [100, 100]);
  add(null, null, 'pool_images', null, [40, 42]);
  for (const t of [3, 5]) {
    const d = t === 3 ? 0.002 : 0;
    add(t, null, 'v1_s_in_sample', null, [0.9, 0.902]);
    add(t, null, 'v1_s_heldout', null, [0.9, 0.902]);
    add(t, null, 'replication_s_in_sample', null, [0.9 + d, 0.902 + d]);
    add(t, null, 'replication_s_heldout', null, [0.88, 0.882]);
    add(t, null, 'heldout_gap', null, [0.02, 0.02]);
    add(t, null, 'replication_optimism', null, [0.02 + d, 0.02 + d]);
    add(t, null, 'replication_images', null, [30, 32]);
    add(t, MODEL, 'v1_accuracy', null, [0.8, 0.8]);
    add(t, MODEL, 'replication_accuracy', null, [0.79, 0.788]);
    // Raw drop t = 3: 0.010, 0.012 → mean 0.011, se 0.001.
    add(t, MODEL, 'raw_drop', null, [0.01, 0.012]);
  }
  add(
    null,
    MODEL,
    'v1_accuracy',
    null,
    [0.8, 0.8],
    [
      [0.78, 0.82],
      [0.78, 0.82],
    ],
  );
  add(null, MODEL, 'pool_accuracy', null, [0.76, 0.764]);
  for (const m of [1, 2, 3]) {
    const e = -0.03 / m;
    add(null, MODEL, 'naive', m, [0.8 + e, 0.8 + e + 0.002]);
    add(
      null,
      MODEL,
      'naive_error',
      m,
      [e, e + 0.002],
      [
        [e - 0.02, e + 0.02],
        [e - 0.02, e + 0.02],
      ],
    );
  }
  add(null, MODEL, 'jackknife', null, [0.79, 0.83]);
  // Rep 0's interval holds 0, rep 1's does not: coverage 1 of 2.
  add(
    null,
    MODEL,
    'jackknife_error',
    null,
    [-0.01, 0.03],
    [
      [-0.05, 0.03],
      [0.01, 0.09],
    ],
  );
  add(null, MODEL, 'parametric', null, [0.82, 0.822]);
  // Both parametric intervals hold 0: coverage 2 of 2.
  add(
    null,
    MODEL,
    'parametric_error',
    null,
    [0.02, 0.022],
    [
      [-0.002, 0.042],
      [-0.001, 0.045],
    ],
  );
  return out;
}

/** replication_summary computed by hand from `runs` (mean, sd, se). */
function summaryRows(rs: Run[]) {
  const groups = new Map<string, Run[]>();
  for (const r of rs) {
    const k = JSON.stringify([r.t, r.model, r.metric, r.m]);
    groups.set(k, [...(groups.get(k) ?? []), r]);
  }
  return [...groups.values()].map((g) => {
    const first = g[0] as Run;
    const xs = g.map((r) => r.value);
    const mean = ((xs[0] as number) + (xs[1] as number)) / 2;
    const sd = Math.abs((xs[0] as number) - (xs[1] as number)) / Math.SQRT2;
    const bounded = g.filter((r) => r.lo !== null && r.hi !== null);
    const avg = (f: (r: Run) => number) =>
      bounded.length
        ? bounded.reduce((s, r) => s + f(r), 0) / bounded.length
        : null;
    return {
      ...first,
      reps: 2,
      mean,
      sd,
      se: sd / Math.SQRT2,
      lo_mean: avg((r) => r.lo as number),
      hi_mean: avg((r) => r.hi as number),
      coverage:
        first.metric.endsWith('_error') && bounded.length
          ? bounded.filter(
              (r) => (r.lo as number) <= 0 && (r.hi as number) >= 0,
            ).length / bounded.length
          : null,
    };
  });
}

/** The replicate stage's outputs; `reverse` flips every row order. */
export function replicationInputs(reverse = false): Record<string, Table> {
  const flip = <T>(xs: T[]) => (reverse ? [...xs].reverse() : xs);
  const rs = flip(runs());
  const ss = flip(summaryRows(runs()));
  const sets = flip([
    { rep: 0, pool: 't=3', set: 'reference', sIn: 0.9, sOut: 0.9 },
    { rep: 0, pool: 't=3', set: 'replication', sIn: 0.902, sOut: 0.88 },
    { rep: 1, pool: 't=3', set: 'reference', sIn: 0.902, sOut: 0.902 },
    { rep: 1, pool: 't=3', set: 'replication', sIn: 0.904, sOut: 0.882 },
  ]);
  const est = flip([
    ['v1', 0.8],
    ['v2', 0.762],
    ['naive', 0.791],
    ['jackknife', 0.81],
    ['parametric', 0.821],
  ] as const);
  const curve = flip([1, 2, 3]);
  return {
    replication_runs: makeTable({
      rep: int32Column(rs.map((r) => r.rep)),
      t: nullableInt(rs.map((r) => r.t)),
      model: dictColumn(rs.map((r) => r.model)),
      metric: dictColumn(rs.map((r) => r.metric)),
      m: nullableInt(rs.map((r) => r.m)),
      value: float64Column(rs.map((r) => r.value)),
      lo: nullableFloat(rs.map((r) => r.lo)),
      hi: nullableFloat(rs.map((r) => r.hi)),
    }),
    replication_summary: makeTable({
      t: nullableInt(ss.map((r) => r.t)),
      model: dictColumn(ss.map((r) => r.model)),
      metric: dictColumn(ss.map((r) => r.metric)),
      m: nullableInt(ss.map((r) => r.m)),
      reps: int32Column(ss.map((r) => r.reps)),
      mean: float64Column(ss.map((r) => r.mean)),
      se: float64Column(ss.map((r) => r.se)),
      sd: float64Column(ss.map((r) => r.sd)),
      lo_mean: nullableFloat(ss.map((r) => r.lo_mean)),
      hi_mean: nullableFloat(ss.map((r) => r.hi_mean)),
      coverage: nullableFloat(ss.map((r) => r.coverage)),
    }),
    match_summary: makeTable({
      variant: dictColumn(sets.map(() => 'raw')),
      rep: int32Column(sets.map((s) => s.rep)),
      sampler: dictColumn(sets.map(() => 'matched-frequency')),
      pool: dictColumn(sets.map((s) => s.pool)),
      set: dictColumn(sets.map((s) => s.set)),
      classes: int32Column(sets.map(() => 2)),
      images: int32Column(sets.map(() => 30)),
      mean_s_in_sample: float64Column(sets.map((s) => s.sIn)),
      heldout_images: int32Column(sets.map(() => 30)),
      mean_s_heldout: float64Column(sets.map((s) => s.sOut)),
      missing: int32Column(sets.map(() => 0)),
    }),
    estimates: makeTable({
      model: dictColumn(est.map(() => MODEL)),
      variant: dictColumn(est.map(() => 'raw')),
      estimator: dictColumn(est.map((e) => e[0])),
      value: float64Column(est.map((e) => e[1])),
      lo: float64Column(est.map((e) => e[1] - 0.02)),
      hi: float64Column(est.map((e) => e[1] + 0.02)),
      truth: nullableFloat(est.map((e) => (e[0] === 'v2' ? null : 0.8))),
    }),
    naive_curve: makeTable({
      model: dictColumn(curve.map(() => MODEL)),
      variant: dictColumn(curve.map(() => 'raw')),
      m: int32Column(curve),
      value: float64Column(curve.map((m) => 0.8 - 0.03 / m + 0.001)),
      lo: float64Column(curve.map((m) => 0.78 - 0.03 / m)),
      hi: float64Column(curve.map((m) => 0.82 - 0.03 / m)),
    }),
  };
}

/**
 * The bluebirds-like outputs: two workers judge two positives (role
 * reference) and two negatives (role candidate). w1 selects both
 * positives and no negative; w2 one of each and is rejected.
 */
export function crowdInputs(): Record<string, Table> {
  const ann = [
    ['w1', 'p1', 'reference', true],
    ['w1', 'p2', 'reference', true],
    ['w1', 'n1', 'candidate', false],
    ['w1', 'n2', 'candidate', false],
    ['w2', 'p1', 'reference', true],
    ['w2', 'p2', 'reference', false],
    ['w2', 'n1', 'candidate', true],
    ['w2', 'n2', 'candidate', false],
  ] as const;
  const mix = [
    // role, K, component, weight, alpha, beta, bic, chosen
    ['reference', 1, 0, 1, 6, 2, 10.5, true],
    ['reference', 2, 0, 0.5, 6, 2, 12.5, false],
    ['reference', 2, 1, 0.5, 2, 6, 12.5, false],
    ['candidate', 1, 0, 1, 2, 6, 11, false],
    ['candidate', 2, 0, 0.8, 2, 8, 9, true],
    ['candidate', 2, 1, 0.2, 8, 4, 9, true],
  ] as const;
  const grid = Array.from({ length: 9 }, (_, i) => (i + 1) / 10);
  const dens: [string, number, number, number][] = [];
  for (const role of ['reference', 'candidate'])
    for (const s of grid)
      dens.push([
        role,
        s,
        role === 'reference' ? 2 * s : 2 - 2 * s,
        s < 0.5 ? 0.6 : 1.4,
      ]);
  return {
    annotations: makeTable({
      worker_id: dictColumn(ann.map((a) => a[0])),
      assignment_id: dictColumn(ann.map((a) => `${a[0]}:g`)),
      grid_id: dictColumn(ann.map(() => 'g')),
      image_id: dictColumn(ann.map((a) => a[1])),
      class_id: dictColumn(ann.map(() => 'bluebird')),
      role: dictColumn(ann.map((a) => a[2])),
      control_kind: dictColumn(ann.map(() => null)),
      selected: boolColumn(ann.map((a) => a[3])),
      submitted_at: {
        kind: 'timestamp',
        values: new BigInt64Array(ann.length),
        valid: new Uint8Array(ann.length),
      },
    }),
    worker_stats: makeTable({
      worker_id: dictColumn(['w1', 'w2']),
      assignments: int32Column([1, 1]),
      flagged: int32Column([0, 1]),
      flagged_share: float64Column([0, 1]),
      rejected: boolColumn([false, true]),
      annotations: int32Column([4, 4]),
      annotations_kept: int32Column([4, 0]),
    }),
    mixtures: makeTable({
      variant: dictColumn(mix.map(() => 'clean')),
      role: dictColumn(mix.map((x) => x[0])),
      K: int32Column(mix.map((x) => x[1])),
      component: int32Column(mix.map((x) => x[2])),
      weight: float64Column(mix.map((x) => x[3])),
      alpha: float64Column(mix.map((x) => x[4])),
      beta: float64Column(mix.map((x) => x[5])),
      mean: float64Column(mix.map((x) => x[4] / (x[4] + x[5]))),
      log_lik: float64Column(mix.map((x) => -x[6] / 2)),
      bic: float64Column(mix.map((x) => x[6])),
      chosen: boolColumn(mix.map((x) => x[7])),
    }),
    mixture_density: makeTable({
      variant: dictColumn(dens.map(() => 'clean')),
      role: dictColumn(dens.map((d) => d[0])),
      s: float64Column(dens.map((d) => d[1])),
      density: float64Column(dens.map((d) => d[2])),
      empirical: float64Column(dens.map((d) => d[3])),
    }),
  };
}
