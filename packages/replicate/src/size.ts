import { largestRemainder } from '@dsrep/match';

/**
 * Images MatchedFrequency would leave missing for `targets` drawn from
 * a pool with `available` images per bin: each bin serves its own
 * target and the demand carried up from lower bins, and what the top
 * bin cannot serve is the shortfall (SPEC section 6, step 4). Only
 * counts matter, because carried demands are served in any order.
 */
export function shortfallOf(
  targets: readonly number[],
  available: readonly number[],
): number {
  let carried = 0;
  targets.forEach((target, b) => {
    carried = Math.max(0, target + carried - (available[b] ?? 0));
  });
  return carried;
}

/**
 * The largest replication size N ≤ `cap` for one class such that the
 * reference histogram `reference` (images per bin), scaled to N by
 * largest remainder, can be matched from `available` without
 * shortfall (issue 9, step 3). 0 when the reference is empty.
 */
export function largestMatchable(
  reference: readonly number[],
  available: readonly number[],
  cap: number,
): number {
  // An empty reference has no shape to match: scaled, it would ask for
  // nothing and any N would "succeed".
  if (reference.every((x) => x === 0)) return 0;
  const total = available.reduce((a, b) => a + b, 0);
  for (let N = Math.min(cap, total); N > 0; N--) {
    if (shortfallOf(largestRemainder(reference, N), available) === 0) {
      return N;
    }
  }
  return 0;
}
