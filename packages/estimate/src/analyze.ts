import { DsrepError, type RandomStream } from '@dsrep/core';
import { Draws } from './bootstrap.js';
import { createRunner, shareTask, type ResampleRunner } from './pool.js';
import { drawWeights } from './resample.js';
import { expectedCurve, planCurve } from './expected.js';
import { jackknifeCombine, replicateNaive } from './jackknife.js';
import {
  indexLevels,
  rawAccuracy,
  type ImageTable,
  type LevelIndex,
  type LevelStats,
} from './levels.js';
import { naiveEstimate } from './naive.js';
import type { EstimateParams, EstimatorName } from './params.js';
import type { ParametricFit } from './parametric/index.js';
import { fitParametricLevels } from './parametric/fromLevels.js';

/** Point value and bootstrap draws of one estimator, per model. */
export interface Estimate {
  values: Float64Array;
  draws: Draws | undefined;
}

/** Everything the stage reports for one variant. */
export interface VariantAnalysis {
  /** Smallest annotator count n* of any image; the curve runs m = 1..n*. */
  nStar: number;
  nMax: number;
  /** D1 mass on levels with no D2 image (naive estimator at full n). */
  uncovered: number;
  /** v1, v2 (raw accuracies) and each adjusted estimator that ran. */
  estimates: Map<string, Estimate>;
  /** E[Â_m], row m − 1, with its bootstrap draws. */
  curve: Float64Array;
  /** Expected D1 mass on empty D2 levels at each m (index m − 1). */
  curveUncovered: Float64Array;
  curveDraws: Draws | undefined;
  /** Standard error of E[Â_{n−d}] in replicates mode. */
  jackknifeSe: Float64Array | undefined;
  parametric: ParametricFit | undefined;
}

/** The knobs of `analyzeVariant`, taken from the stage's parameters. */
export type AnalyzeOptions = Pick<
  EstimateParams,
  'bootstrap' | 'parametric_bootstrap' | 'jackknife' | 'components'
> & { estimators: readonly EstimatorName[] };

/**
 * Runs every requested estimator of SPEC section 7 on one variant.
 * `stats` are the SQL sufficient statistics of `table` (same levels as
 * `indexLevels(table)`).
 *
 * Mixed annotator counts: the naive estimator conditions on (n, k); the
 * curve and the jackknife even every image out to n* = min n by exact
 * hypergeometric expectation, so that Â_jack,d = (n*·E[Â_{n*}] −
 * (n*−d)·E[Â_{n*−d}]) / d. With one n for all images E[Â_n] is Â_n.
 * In replicates mode E[Â_{n*−d}] is a replicate mean; inside the
 * bootstrap the jackknife always uses the exact expectation (replicate
 * noise would widen the intervals at 100× the cost).
 */
export async function analyzeVariant(
  table: ImageTable,
  index: LevelIndex,
  stats: LevelStats,
  options: AnalyzeOptions,
  rng: RandomStream,
  runner: ResampleRunner = createRunner(1),
): Promise<VariantAnalysis> {
  const models = table.models.length;
  const nStar = Math.min(...index.levelN);
  const nMax = Math.max(...index.levelN);
  const wants = (e: EstimatorName) => options.estimators.includes(e);
  const { d, mode, replicates } = options.jackknife;
  if (wants('jackknife') && nStar - d < 1) {
    throw new DsrepError(
      'DEGENERATE',
      `the delete-${d} jackknife needs n − d >= 1 annotators, but some ` +
        `image has only n = ${nStar}; lower "jackknife.d" or remove ` +
        `"jackknife" from "estimators"`,
    );
  }

  // Point values from the SQL sufficient statistics.
  const naive = naiveEstimate(stats);
  const plan = planCurve(
    index.levelN,
    index.levelK,
    models,
    nStar,
    table.d2.k.length,
    stats.c2,
  );
  const { values: curve, uncovered: curveUncovered } = expectedCurve(
    plan,
    stats,
  );
  const atM = (values: Float64Array, m: number) =>
    values.subarray((m - 1) * models, m * models);
  const point = new Map<string, Float64Array>([
    ['v1', rawAccuracy(stats.c1, stats.f1, models)],
    ['v2', rawAccuracy(stats.c2, stats.f2, models)],
  ]);
  if (wants('naive')) point.set('naive', naive.values);
  let jackknifeSe: Float64Array | undefined;
  if (wants('jackknife')) {
    let lower = atM(curve, nStar - d);
    if (mode === 'replicates') {
      const reps = replicateNaive(
        table,
        nStar - d,
        replicates,
        rng.derive('jackknife'),
      );
      lower = reps.mean;
      jackknifeSe = reps.se;
    }
    point.set(
      'jackknife',
      jackknifeCombine(atM(curve, nStar), lower, nStar, d),
    );
  }
  let parametric: (ParametricFit & { binding: Int32Array[] }) | undefined;
  if (wants('parametric')) {
    parametric = fitParametricLevels(stats, {
      K: options.components,
      rng: rng.derive('parametric'),
    });
    point.set('parametric', parametric.adjusted);
  }

  // Bootstrap over images; every estimator sees the same resamples.
  // Batches go to the runner (worker threads when available), the
  // parametric fits included: they run on each resample's level sums,
  // warm-started from the full-data fit, so they need no randomness
  // and give the same values on any number of threads. The tables,
  // level index and curve plan go to the workers in shared memory.
  const B = options.bootstrap;
  const draws = new Map<string, Draws>();
  for (const name of point.keys()) {
    const rows =
      name === 'parametric' ? Math.min(B, options.parametric_bootstrap) : B;
    if (rows > 0) draws.set(name, new Draws(rows, models));
  }
  const curveDraws = B > 0 ? new Draws(B, nStar * models) : undefined;
  const stream = rng.derive('bootstrap');
  const n1 = table.d1.k.length;
  const n2 = table.d2.k.length;
  // Small batches keep both threads busy: the parametric resamples
  // (the first `parametric_bootstrap`) are slower than the others.
  const batches = runner.threads > 0 ? 8 * runner.threads : 1;
  const batch = Math.max(1, Math.ceil(B / batches));
  const pending: Promise<void>[] = [];
  const para = draws.get('parametric');
  const shared = runner.threads > 0 ? shareTask : <T>(x: T) => x;
  const fixed = shared({ table, index, plan });
  for (let from = 0; from < B; from += batch) {
    const to = Math.min(B, from + batch);
    const { w1, w2 } = drawWeights(n1, n2, from, to, stream);
    const count = para ? Math.max(0, Math.min(to, para.resamples) - from) : 0;
    const task = {
      ...fixed,
      nStar,
      d: wants('jackknife') ? d : 0,
      w1,
      w2,
      parametric:
        parametric && count > 0
          ? {
              components: options.components,
              count,
              warm: parametric,
            }
          : undefined,
    };
    pending.push(
      runner.run(task).then((result) => {
        for (let r = 0; r < result.count; r++) {
          const b = from + r;
          const row = (a: Float64Array, w: number) =>
            a.subarray(r * w, (r + 1) * w);
          draws.get('v1')?.set(b, row(result.v1, models));
          draws.get('v2')?.set(b, row(result.v2, models));
          draws.get('naive')?.set(b, row(result.naive, models));
          draws.get('jackknife')?.set(b, row(result.jackknife, models));
          curveDraws?.set(b, row(result.curve, nStar * models));
          if (r < count) para?.set(b, row(result.parametric, models));
        }
      }),
    );
  }
  await Promise.all(pending);

  const estimates = new Map<string, Estimate>();
  for (const [name, values] of point) {
    estimates.set(name, { values, draws: draws.get(name) });
  }
  return {
    nStar,
    nMax,
    uncovered: naive.uncovered,
    estimates,
    curve,
    curveUncovered,
    curveDraws,
    jackknifeSe,
    parametric,
  };
}

export { indexLevels };
