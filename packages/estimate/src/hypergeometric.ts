import gammaln from '@stdlib/math-base-special-gammaln';
import type { RandomStream } from '@dsrep/core';

/**
 * P(x of the m kept annotations are selections), for x = 0..m, when m of
 * an image's n annotations are kept at random and k of the n selected
 * it: the hypergeometric distribution. Entries outside the support
 * max(0, m − (n − k)) ≤ x ≤ min(k, m) are 0.
 */
export function hypergeometricPmf(
  n: number,
  k: number,
  m: number,
): Float64Array {
  if (!(m >= 0 && m <= n && k >= 0 && k <= n)) {
    throw new RangeError(
      `hypergeometric needs 0 <= k <= n and 0 <= m <= n, got ` +
        `n = ${n}, k = ${k}, m = ${m}`,
    );
  }
  const out = new Float64Array(m + 1);
  const lo = Math.max(0, m - (n - k));
  const hi = Math.min(k, m);
  const logAll = logChoose(n, m);
  for (let x = lo; x <= hi; x++) {
    out[x] = Math.exp(logChoose(k, x) + logChoose(n - k, m - x) - logAll);
  }
  return out;
}

function logChoose(n: number, k: number): number {
  return gammaln(n + 1) - gammaln(k + 1) - gammaln(n - k + 1);
}

/**
 * Draws the selections among m annotations kept at random from an image
 * with k selections of n. Draws whichever of the kept or removed sets is
 * smaller, one annotation at a time, so delete-d costs d draws.
 */
export function drawHypergeometric(
  rng: RandomStream,
  n: number,
  k: number,
  m: number,
): number {
  const draws = Math.min(m, n - m);
  let left = n;
  let selectedLeft = k;
  let hits = 0;
  for (let i = 0; i < draws; i++) {
    if (rng.next() * left < selectedLeft) {
      hits++;
      selectedLeft--;
    }
    left--;
  }
  // When the removed set was drawn, the kept selections are the rest.
  return m <= n - m ? hits : k - hits;
}
