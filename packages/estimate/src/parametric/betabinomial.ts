import betaln from '@stdlib/math-base-special-betaln';
import gammaln from '@stdlib/math-base-special-gammaln';

/**
 * log C(n, k), the log binomial coefficient, for integers 0 ≤ k ≤ n.
 * Computed with log-gamma so that it stays finite for any n.
 */
export function logChoose(n: number, k: number): number {
  return gammaln(n + 1) - gammaln(k + 1) - gammaln(n - k + 1);
}

/**
 * log BB(k; n, α, β): the log probability that an image whose selection
 * frequency s follows Beta(α, β) is selected by exactly `k` of its `n`
 * annotators (SPEC section 7, appendix F). `k` and `n` are integers with
 * 0 ≤ k ≤ n; α, β > 0. Returns -Infinity for k outside [0, n].
 *
 *     BB(k; n, α, β) = C(n, k) · B(k + α, n − k + β) / B(α, β)
 */
export function logBetaBinomial(
  k: number,
  n: number,
  alpha: number,
  beta: number,
): number {
  if (k < 0 || k > n) return -Infinity;
  return (
    logChoose(n, k) + betaln(k + alpha, n - k + beta) - betaln(alpha, beta)
  );
}

/**
 * The density of Beta(α, β) at s in (0, 1). At s = 0 or s = 1 it is
 * 0, a finite value or +Infinity depending on α and β, as the formula gives.
 */
export function betaDensity(s: number, alpha: number, beta: number): number {
  if (s < 0 || s > 1) return 0;
  const logDensity =
    (alpha - 1) * Math.log(s) +
    (beta - 1) * Math.log1p(-s) -
    betaln(alpha, beta);
  return Math.exp(logDensity);
}

/**
 * Sums of log(a + t) for t = 0 … m − 1, written into `out[m]` for
 * m = 0 … out.length − 1. For integer m this is log Γ(a + m) − log Γ(a),
 * the rising factorial: it turns log BB into three table look-ups and its
 * derivatives in `a` into finite sums (ψ(a + m) − ψ(a) = Σ 1/(a + t)),
 * which is both faster and more accurate than differencing log-gamma
 * and digamma values when a is small.
 */
export function logRisingTable(a: number, out: Float64Array): Float64Array {
  out[0] = 0;
  let sum = 0;
  for (let m = 1; m < out.length; m++) {
    sum += Math.log(a + m - 1);
    out[m] = sum;
  }
  return out;
}
