/**
 * Bin index of a selection frequency `value` in [0, 1] for inner
 * `edges` e1 < … < eB-1: bin b holds [e_b, e_{b+1}), the first bin
 * starts at 0 and the last is closed at 1. ŝ = k/n is compared as the
 * double nearest to k/n, so 1/5 lands exactly on the edge 0.2 (both
 * are the nearest double to one fifth) and goes to the upper bin.
 */
export function binOf(value: number, edges: readonly number[]): number {
  let b = 0;
  while (b < edges.length && value >= (edges[b] as number)) b++;
  return b;
}

/**
 * Counts of `values` per bin (edges.length + 1 bins, see `binOf`).
 * An empty input gives all-zero counts.
 */
export function histogram(
  values: ArrayLike<number>,
  edges: readonly number[],
): number[] {
  const counts = new Array<number>(edges.length + 1).fill(0);
  for (let i = 0; i < values.length; i++) {
    const b = binOf(values[i] as number, edges);
    counts[b] = (counts[b] as number) + 1;
  }
  return counts;
}
