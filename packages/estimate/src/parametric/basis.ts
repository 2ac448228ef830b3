/**
 * The spline model of P(f = 1 | s), a classifier's probability of being
 * correct on an image of selection frequency s (SPEC section 7): a cubic
 * in the truncated power basis 1, s, s², s³, (s − κ)₊³ for κ = 0.5, 0.7,
 * 0.9. Coefficients are in this order and this (unscaled) basis.
 */
export const SPLINE_KNOTS: readonly number[] = [0.5, 0.7, 0.9];

/** Number of spline coefficients: 4 polynomial terms plus one per knot. */
export const SPLINE_SIZE = 4 + SPLINE_KNOTS.length;

/**
 * Largest value of each basis function on [0, 1]. Fitting uses the
 * basis divided by these, so that all columns have the same scale; the
 * raw (s − 0.9)₊³ never exceeds 0.001 and would make the QP ill-conditioned.
 */
export const BASIS_SCALE: readonly number[] = [
  1,
  1,
  1,
  1,
  ...SPLINE_KNOTS.map((k) => (1 - k) ** 3),
];

/** Writes the unscaled basis at s into `out` (length SPLINE_SIZE). */
export function splineBasis(s: number, out: Float64Array): Float64Array {
  out[0] = 1;
  out[1] = s;
  out[2] = s * s;
  out[3] = s * s * s;
  for (let j = 0; j < SPLINE_KNOTS.length; j++) {
    const d = s - (SPLINE_KNOTS[j] as number);
    out[4 + j] = d > 0 ? d * d * d : 0;
  }
  return out;
}

/**
 * Evaluates a fitted spline (coefficients in the unscaled basis) at
 * every s in `s`, e.g. on a grid for the report's P(correct | s) plot.
 */
export function evaluateSpline(
  coef: ArrayLike<number>,
  s: ArrayLike<number>,
): Float64Array {
  const row = new Float64Array(SPLINE_SIZE);
  const out = new Float64Array(s.length);
  for (let g = 0; g < s.length; g++) {
    splineBasis(s[g] as number, row);
    let p = 0;
    for (let b = 0; b < SPLINE_SIZE; b++) {
      p += (coef[b] as number) * (row[b] as number);
    }
    out[g] = p;
  }
  return out;
}
