import type { RandomStream } from '@dsrep/core';
import { drawHypergeometric } from './hypergeometric.js';
import type { ImageTable, LevelStats, RoleImages } from './levels.js';
import { naiveEstimate } from './naive.js';

/**
 * The delete-d jackknife of SPEC section 7 (appendix E.1):
 *
 *     Â_jack,d = ( n·Â_n − (n − d)·E[Â_{n−d}] ) / d
 *
 * `atN` is Â_n and `atNMinusD` is E[Â_{n−d}], per model. With d = 1 this
 * is the delete-1 jackknife n·Â_n − (n − 1)·E[Â_{n−1}].
 */
export function jackknifeCombine(
  atN: Float64Array,
  atNMinusD: Float64Array,
  n: number,
  d: number,
): Float64Array {
  return atN.map((a, j) => (n * a - (n - d) * atNMinusD[j]) / d);
}

/** Mean and standard error of E[Â_m] over random subsets. */
export interface ReplicateMean {
  mean: Float64Array;
  /** Standard error of the mean: sd over replicates / √replicates. */
  se: Float64Array;
}

/**
 * E[Â_m] by random replicates, as in the paper's code: in each replicate
 * every image keeps a random m of its annotations (its count becomes
 * hypergeometric), the naive estimator runs on the subsampled levels,
 * and the replicates are averaged. Replicate r draws from
 * `rng.derive('replicate:' + r)`. Images need n ≥ m.
 */
export function replicateNaive(
  table: ImageTable,
  m: number,
  replicates: number,
  rng: RandomStream,
): ReplicateMean {
  const models = table.models.length;
  const sum = new Float64Array(models);
  const sumSq = new Float64Array(models);
  for (let r = 0; r < replicates; r++) {
    const stream = rng.derive(`replicate:${r}`);
    const stats: LevelStats = {
      models,
      levelN: new Int32Array(m + 1).fill(m),
      levelK: Int32Array.from({ length: m + 1 }, (_, x) => x),
      c1: new Float64Array(m + 1),
      c2: new Float64Array(m + 1),
      f1: new Float64Array((m + 1) * models),
      f2: new Float64Array((m + 1) * models),
    };
    subsampleInto(table.d1, m, stream.derive('d1'), stats.c1, stats.f1, models);
    subsampleInto(table.d2, m, stream.derive('d2'), stats.c2, stats.f2, models);
    const { values } = naiveEstimate(stats);
    for (let j = 0; j < models; j++) {
      sum[j] += values[j];
      sumSq[j] += values[j] * values[j];
    }
  }
  const mean = sum.map((s) => s / replicates);
  const se = sumSq.map((s, j) => {
    const variance = (s - replicates * mean[j] ** 2) / (replicates - 1);
    return Math.sqrt(Math.max(0, variance) / replicates);
  });
  return { mean, se };
}

function subsampleInto(
  role: RoleImages,
  m: number,
  rng: RandomStream,
  counts: Float64Array,
  correct: Float64Array,
  models: number,
): void {
  for (let i = 0; i < role.k.length; i++) {
    const x = drawHypergeometric(rng, role.n[i], role.k[i], m);
    counts[x] += 1;
    const src = i * models;
    const dst = x * models;
    for (let j = 0; j < models; j++) correct[dst + j] += role.correct[src + j];
  }
}
