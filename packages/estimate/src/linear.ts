/** A least-squares line y = intercept + slope · x. */
export interface LinearFit {
  slope: number;
  intercept: number;
  /** Coefficient of determination, in [0, 1]. */
  r2: number;
  /** Points used: pairs where neither value is NaN. */
  points: number;
}

/**
 * Ordinary least squares of y on x, as in figures 13 and 14 (each
 * model's v2 accuracy, raw or adjusted, against its v1 accuracy).
 * Pairs with a NaN are skipped; with fewer than two points, or when all
 * x are equal, slope, intercept and r2 are NaN. r2 is 1 when y is
 * constant and fitted exactly.
 */
export function linearFit(
  x: ArrayLike<number>,
  y: ArrayLike<number>,
): LinearFit {
  let count = 0;
  let sx = 0;
  let sy = 0;
  for (let i = 0; i < x.length; i++) {
    if (Number.isNaN(x[i]) || Number.isNaN(y[i])) continue;
    count++;
    sx += x[i];
    sy += y[i];
  }
  const nan = { slope: NaN, intercept: NaN, r2: NaN, points: count };
  if (count < 2) return nan;

  // Centred sums: stable when accuracies sit close together.
  const mx = sx / count;
  const my = sy / count;
  let sxx = 0;
  let sxy = 0;
  let syy = 0;
  for (let i = 0; i < x.length; i++) {
    if (Number.isNaN(x[i]) || Number.isNaN(y[i])) continue;
    sxx += (x[i] - mx) ** 2;
    sxy += (x[i] - mx) * (y[i] - my);
    syy += (y[i] - my) ** 2;
  }
  if (sxx === 0) return nan;
  const slope = sxy / sxx;
  const r2 = syy === 0 ? 1 : (sxy * sxy) / (sxx * syy);
  return { slope, intercept: my - slope * mx, r2, points: count };
}
