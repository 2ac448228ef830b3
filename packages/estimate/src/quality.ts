/** How well one estimator recovered the truth across models. */
export interface Quality {
  models: number;
  /** Mean of (estimate − truth). */
  bias: number;
  /** Mean of |estimate − truth|. */
  mae: number;
  /** Mean of (hi − lo) over models with an interval; NaN without. */
  width: number;
  /** Share of models whose truth lies in [lo, hi]; NaN without intervals. */
  coverage: number;
}

/**
 * Scores estimates against known truth (simulated data only). Models
 * whose truth is NaN are left out; intervals that were not computed
 * (NaN) are left out of width and coverage.
 */
export function scoreEstimator(
  value: ArrayLike<number>,
  lo: ArrayLike<number>,
  hi: ArrayLike<number>,
  truth: ArrayLike<number>,
): Quality {
  let models = 0;
  let bias = 0;
  let mae = 0;
  let intervals = 0;
  let width = 0;
  let covered = 0;
  for (let j = 0; j < value.length; j++) {
    if (Number.isNaN(truth[j]) || Number.isNaN(value[j])) continue;
    models++;
    bias += value[j] - truth[j];
    mae += Math.abs(value[j] - truth[j]);
    if (Number.isNaN(lo[j]) || Number.isNaN(hi[j])) continue;
    intervals++;
    width += hi[j] - lo[j];
    if (lo[j] <= truth[j] && truth[j] <= hi[j]) covered++;
  }
  return {
    models,
    bias: bias / models,
    mae: mae / models,
    width: intervals > 0 ? width / intervals : NaN,
    coverage: intervals > 0 ? covered / intervals : NaN,
  };
}
