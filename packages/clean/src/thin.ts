import type { RandomStream } from '@dsrep/core';

/**
 * Hypergeometric thinning: of `n` annotations, `k` of which selected
 * the image, keep a uniformly random `m` and return how many of those
 * selected it. This is exactly what discarding `n - m` annotations at
 * random does to the count, so count-only data can be evened out like
 * annotation rows. Mean k·m/n, variance m·(k/n)·(1 - k/n)·(n - m)/(n - 1).
 *
 * Drawn sequentially: the next kept annotation is a selection with
 * probability (selections left) / (annotations left). O(m) draws.
 */
export function thinCount(
  k: number,
  n: number,
  m: number,
  stream: RandomStream,
): number {
  if (!(Number.isInteger(k) && Number.isInteger(n) && Number.isInteger(m))) {
    throw new RangeError(`thinCount needs integers, got k=${k} n=${n} m=${m}`);
  }
  if (k < 0 || k > n || m < 0 || m > n) {
    throw new RangeError(
      `thinCount needs 0 <= k <= n and 0 <= m <= n, got k=${k} n=${n} m=${m}`,
    );
  }
  let hits = 0;
  let good = k;
  let left = n;
  for (let i = 0; i < m; i++) {
    if (stream.next() * left < good) {
      hits++;
      good--;
    }
    left--;
  }
  return hits;
}
