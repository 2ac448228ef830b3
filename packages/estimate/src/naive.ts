import type { LevelStats } from './levels.js';

/** A naive estimate per model plus the D1 mass it could not use. */
export interface NaiveResult {
  /** Â per model, in [0, 1]. */
  values: Float64Array;
  /**
   * Share of D1 images on levels without any D2 image. Those levels
   * contribute nothing (SPEC section 7), so the estimate is pulled
   * towards 0 by up to this amount.
   */
  uncovered: number;
}

/**
 * The naive estimator of SPEC equation 6 on per-level sums:
 *
 *     Â = Σ_l  (f2[l] / c2[l]) · (c1[l] / Σ c1)
 *
 * Levels are `(n, k)` pairs, so with mixed annotator counts the estimator
 * conditions on n as well as on ŝ = k/n: an image with k/n = 3/4 from 40
 * annotators is not pooled with one from 36. When n is the same for
 * every image this is exactly equation 6. Returns NaN values when D1 is
 * empty.
 */
export function naiveEstimate(stats: LevelStats): NaiveResult {
  const { models, c1, c2, f2 } = stats;
  const values = new Float64Array(models);
  let total1 = 0;
  for (let l = 0; l < c1.length; l++) total1 += c1[l];
  if (!(total1 > 0)) return { values: values.fill(NaN), uncovered: NaN };

  let uncovered = 0;
  for (let l = 0; l < c1.length; l++) {
    if (c1[l] === 0) continue;
    const p1 = c1[l] / total1;
    if (c2[l] === 0) {
      uncovered += p1;
      continue;
    }
    const scale = p1 / c2[l];
    const row = l * models;
    for (let j = 0; j < models; j++) values[j] += scale * f2[row + j];
  }
  return { values, uncovered };
}
