import {
  dictColumn,
  float64Column,
  int32Column,
  makeTable,
  type ColumnInput,
} from '@dsrep/core';
import type { Table } from 'apache-arrow';
import type { SetSummary } from './experiment.js';
import type { RunRecord, SummaryRecord } from './records.js';

/** A nullable int32 column (null → invalid). */
function nullableInt(values: readonly (number | null)[]): ColumnInput {
  return {
    ...int32Column(values.map((v) => v ?? 0)),
    valid: Uint8Array.from(values, (v) => (v === null ? 0 : 1)),
  };
}

/** A nullable float64 column; null and NaN read as null. */
function nullableFloat(values: readonly (number | null)[]): ColumnInput {
  const ok = (v: number | null) => v !== null && !Number.isNaN(v);
  return {
    ...float64Column(values.map((v) => (ok(v) ? (v as number) : 0))),
    valid: Uint8Array.from(values, (v) => (ok(v) ? 1 : 0)),
  };
}

/** `replication_runs`: every figure of every repetition (records.ts). */
export function runsTable(records: readonly RunRecord[]): Table {
  return makeTable({
    rep: int32Column(records.map((r) => r.rep)),
    t: nullableInt(records.map((r) => r.t)),
    model: dictColumn(records.map((r) => r.model)),
    metric: dictColumn(records.map((r) => r.metric)),
    m: nullableInt(records.map((r) => r.m)),
    value: nullableFloat(records.map((r) => r.value)),
    lo: nullableFloat(records.map((r) => r.lo)),
    hi: nullableFloat(records.map((r) => r.hi)),
  });
}

/** `replication_summary`: means and standard errors over repetitions. */
export function summaryTable(rows: readonly SummaryRecord[]): Table {
  return makeTable({
    t: nullableInt(rows.map((r) => r.t)),
    model: dictColumn(rows.map((r) => r.model)),
    metric: dictColumn(rows.map((r) => r.metric)),
    m: nullableInt(rows.map((r) => r.m)),
    reps: int32Column(rows.map((r) => r.reps)),
    mean: nullableFloat(rows.map((r) => r.mean)),
    se: nullableFloat(rows.map((r) => r.se)),
    sd: nullableFloat(rows.map((r) => r.sd)),
    lo_mean: nullableFloat(rows.map((r) => r.loMean)),
    hi_mean: nullableFloat(rows.map((r) => r.hiMean)),
    coverage: nullableFloat(rows.map((r) => r.coverage)),
  });
}

/**
 * `match_summary` in the layout of @dsrep/match (seed table 1), one row
 * per repetition (`rep`), t and set; `pool` names the matching size.
 * In-sample ŝ is on the t matching annotations, held-out ŝ on the
 * n − c − t others.
 */
export function matchSummaryTable(rows: readonly SetSummary[]): Table {
  return makeTable({
    variant: dictColumn(rows.map(() => 'raw')),
    rep: int32Column(rows.map((r) => r.rep)),
    sampler: dictColumn(rows.map(() => 'matched-frequency')),
    pool: dictColumn(rows.map((r) => `t=${r.t}`)),
    set: dictColumn(rows.map((r) => r.set)),
    classes: int32Column(rows.map((r) => r.classes)),
    images: int32Column(rows.map((r) => r.images)),
    mean_s_in_sample: nullableFloat(rows.map((r) => r.sIn)),
    heldout_images: int32Column(rows.map((r) => r.images)),
    mean_s_heldout: nullableFloat(rows.map((r) => r.sHeld)),
    missing: int32Column(rows.map((r) => r.missing)),
  });
}

/**
 * `estimates` and `naive_curve` in the layouts of @dsrep/estimate, for
 * D2 = the candidate pool: each value is the mean over repetitions, lo
 * and hi the means of the per-repetition 95% bootstrap bounds (how wide
 * one experiment's interval is), truth the mean v1 accuracy. The
 * naive estimate at full n is the curve at m = n − c.
 */
export function estimateTables(
  rows: readonly SummaryRecord[],
  models: readonly string[],
): { estimates: Table; naive_curve: Table } {
  const find = (model: string, metric: string, m: number | null = null) =>
    rows.find(
      (r) =>
        r.t === null && r.model === model && r.metric === metric && r.m === m,
    );
  const mMax = Math.max(
    0,
    ...rows.filter((r) => r.metric === 'naive').map((r) => r.m ?? 0),
  );
  const est: {
    model: string;
    estimator: string;
    s: SummaryRecord;
    truth: number | null;
  }[] = [];
  for (const model of models) {
    const truth = find(model, 'v1_accuracy')?.mean ?? null;
    const pairs: [string, SummaryRecord | undefined][] = [
      ['v1', find(model, 'v1_accuracy')],
      ['v2', find(model, 'pool_accuracy')],
      ['naive', find(model, 'naive', mMax)],
      ['jackknife', find(model, 'jackknife')],
      ['parametric', find(model, 'parametric')],
    ];
    for (const [estimator, s] of pairs) {
      if (s)
        est.push({
          model,
          estimator,
          s,
          truth: estimator === 'v2' ? null : truth,
        });
    }
  }
  const curve = rows
    .filter((r) => r.t === null && r.metric === 'naive' && r.model !== null)
    .sort(
      (a, b) =>
        (a.model as string).localeCompare(b.model as string) ||
        (a.m ?? 0) - (b.m ?? 0),
    );
  return {
    estimates: makeTable({
      model: dictColumn(est.map((e) => e.model)),
      variant: dictColumn(est.map(() => 'raw')),
      estimator: dictColumn(est.map((e) => e.estimator)),
      value: nullableFloat(est.map((e) => e.s.mean)),
      lo: nullableFloat(est.map((e) => e.s.loMean)),
      hi: nullableFloat(est.map((e) => e.s.hiMean)),
      truth: nullableFloat(est.map((e) => e.truth)),
    }),
    naive_curve: makeTable({
      model: dictColumn(curve.map((r) => r.model)),
      variant: dictColumn(curve.map(() => 'raw')),
      m: int32Column(curve.map((r) => r.m ?? 0)),
      value: nullableFloat(curve.map((r) => r.mean)),
      lo: nullableFloat(curve.map((r) => r.loMean)),
      hi: nullableFloat(curve.map((r) => r.hiMean)),
    }),
  };
}
