import type { RandomStream } from '@dsrep/core';
import { expectedCurve, type CurvePlan } from './expected.js';
import { jackknifeCombine } from './jackknife.js';
import {
  aggregateLevels,
  rawAccuracy,
  type ImageTable,
  type LevelIndex,
} from './levels.js';
import { naiveEstimate } from './naive.js';
import {
  fitParametricLevels,
  type WarmStart,
} from './parametric/fromLevels.js';

/**
 * Bootstrap multiplicities of resamples [from, to) (appendix F.1): each
 * draws N1 reference and N2 target images with replacement (the roles
 * are separate samples, so each keeps its size). Resample b draws from
 * `rng.derive('boot:' + b)`, so its images depend on nothing but b.
 * Row r of `w1` (N1 wide) and `w2` (N2 wide) is resample from + r.
 */
export function drawWeights(
  n1: number,
  n2: number,
  from: number,
  to: number,
  rng: RandomStream,
): { w1: Int32Array; w2: Int32Array } {
  const w1 = new Int32Array((to - from) * n1);
  const w2 = new Int32Array((to - from) * n2);
  for (let b = from; b < to; b++) {
    const stream = rng.derive(`boot:${b}`);
    const r = b - from;
    for (let i = 0; i < n1; i++) w1[r * n1 + stream.int(n1)]++;
    for (let i = 0; i < n2; i++) w2[r * n2 + stream.int(n2)]++;
  }
  return { w1, w2 };
}

/** A batch of resamples, self-contained so that a worker can run it. */
export interface ResampleTask {
  table: ImageTable;
  index: LevelIndex;
  plan: CurvePlan;
  /** n* and d of the jackknife; d = 0 skips it. */
  nStar: number;
  d: number;
  w1: Int32Array;
  w2: Int32Array;
  /**
   * Parametric fits for the first `count` resamples of the task, warm
   * started from the full-data fit (no randomness, so a resample's fit
   * depends on nothing but its images).
   */
  parametric?: { components: number; count: number; warm: WarmStart };
}

/** Per resample (rows) and model (columns) values of each estimator. */
export interface ResampleResult {
  count: number;
  v1: Float64Array;
  v2: Float64Array;
  naive: Float64Array;
  jackknife: Float64Array;
  /** count × (n* · models): E[Â_m] with row m − 1 inside each block. */
  curve: Float64Array;
  /** parametric.count × models: parametric A(D2|s1). */
  parametric: Float64Array;
}

/**
 * Runs the level estimators on every resample of a task: sums the
 * resampled images into levels, then raw accuracies, the naive
 * estimator, the exact curve E[Â_m] and the exact jackknife, and the
 * parametric estimator on the resamples that ask for it.
 */
export function runResamples(task: ResampleTask): ResampleResult {
  const { table, index, plan, nStar, d } = task;
  const models = table.models.length;
  const n1 = table.d1.k.length;
  const n2 = table.d2.k.length;
  const count = task.w1.length / n1;
  const width = nStar * models;
  const out: ResampleResult = {
    count,
    v1: new Float64Array(count * models),
    v2: new Float64Array(count * models),
    naive: new Float64Array(count * models),
    jackknife: new Float64Array(count * models).fill(NaN),
    curve: new Float64Array(count * width),
    parametric: new Float64Array((task.parametric?.count ?? 0) * models),
  };
  for (let r = 0; r < count; r++) {
    const stats = aggregateLevels(
      table,
      index,
      task.w1.subarray(r * n1, (r + 1) * n1),
      task.w2.subarray(r * n2, (r + 1) * n2),
    );
    const at = r * models;
    out.v1.set(rawAccuracy(stats.c1, stats.f1, models), at);
    out.v2.set(rawAccuracy(stats.c2, stats.f2, models), at);
    out.naive.set(naiveEstimate(stats).values, at);
    const curve = expectedCurve(plan, stats).values;
    out.curve.set(curve, r * width);
    if (d > 0) {
      const atM = (m: number) => curve.subarray((m - 1) * models, m * models);
      out.jackknife.set(
        jackknifeCombine(atM(nStar), atM(nStar - d), nStar, d),
        at,
      );
    }
    const para = task.parametric;
    if (para && r < para.count) {
      const fit = fitParametricLevels(stats, {
        K: para.components,
        warm: para.warm,
      });
      out.parametric.set(fit.adjusted, at);
    }
  }
  return out;
}
