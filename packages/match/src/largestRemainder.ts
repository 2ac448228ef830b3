/**
 * Scales non-negative `shares` (a histogram) to whole numbers summing
 * to `total` by the largest-remainder method (SPEC section 6, step 2):
 * each bin gets the floor of its exact quota total·share/Σshares, and
 * the units left over go one each to the bins with the largest
 * fractional parts, ties to the higher bin index.
 *
 * Integer shares (the usual case: counts of images) are handled in
 * exact integer arithmetic, so equal fractional parts really tie;
 * other shares use doubles. All-zero (or empty) shares have no shape
 * to scale and give all zeros: the caller must treat such a class as
 * having no reference images.
 */
export function largestRemainder(
  shares: readonly number[],
  total: number,
): number[] {
  if (!Number.isInteger(total) || total < 0) {
    throw new RangeError(
      `largestRemainder: total must be a whole number >= 0, got ${total}`,
    );
  }
  for (const s of shares) {
    if (!(s >= 0) || !Number.isFinite(s)) {
      throw new RangeError(
        `largestRemainder: shares must be finite and >= 0, got ${s}`,
      );
    }
  }
  const sum = shares.reduce((a, b) => a + b, 0);
  if (sum === 0) return shares.map(() => 0);

  const exact =
    shares.every(Number.isInteger) &&
    Number.isSafeInteger(sum * total) &&
    shares.every((s) => Number.isSafeInteger(s * total));
  const floors: number[] = [];
  const remainders: number[] = [];
  for (const s of shares) {
    if (exact) {
      // quota = s·total/sum = floor + remainder/sum, all integers.
      floors.push(Math.floor((s * total) / sum));
      remainders.push((s * total) % sum);
    } else {
      const quota = (s / sum) * total;
      const f = Math.floor(quota);
      floors.push(f);
      remainders.push(quota - f);
    }
  }

  // Leftover units to the largest remainders; higher index wins ties.
  let left = total - floors.reduce((a, b) => a + b, 0);
  const order = shares
    .map((_, i) => i)
    .sort(
      (a, b) => (remainders[b] as number) - (remainders[a] as number) || b - a,
    );
  // Doubles may leave `left` outside [0, bins]; clamp by cycling.
  for (let j = 0; left > 0; j = (j + 1) % order.length, left--) {
    const b = order[j] as number;
    floors[b] = (floors[b] as number) + 1;
  }
  return floors;
}
