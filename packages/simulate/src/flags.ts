/**
 * SPEC section 4 rule 1: an assignment (batch) is flagged when fewer than
 * `MIN_SELECTED` of its images are selected, or more than
 * `MAX_CONTROLS` negative controls are selected.
 */
export const MIN_SELECTED = 6;
export const MAX_CONTROLS = 1;

export type FlagReason = 'too_few_selected' | 'too_many_controls';

/**
 * Why an assignment is flagged, or null. `selected` and `isControl` are
 * 0/1 per grid position. Too few selected is reported first when both
 * rules apply.
 */
export function countFlags(
  selected: ArrayLike<number>,
  isControl: ArrayLike<number>,
): FlagReason | null {
  let total = 0;
  let controls = 0;
  for (let i = 0; i < selected.length; i++) {
    if (selected[i]) {
      total++;
      if (isControl[i]) controls++;
    }
  }
  if (total < MIN_SELECTED) return 'too_few_selected';
  if (controls > MAX_CONTROLS) return 'too_many_controls';
  return null;
}

/** Distribution of a sum of independent Bernoulli(p_i): P(sum = k). */
export function poissonBinomial(probs: readonly number[]): Float64Array {
  let dist = new Float64Array([1]);
  for (const p of probs) {
    const next = new Float64Array(dist.length + 1);
    for (let k = 0; k < dist.length; k++) {
      const d = dist[k] as number;
      next[k] = (next[k] as number) + d * (1 - p);
      next[k + 1] = (next[k + 1] as number) + d * p;
    }
    dist = next;
  }
  return dist;
}

/**
 * The exact probability that an assignment is flagged when each image is
 * selected independently with probability `probs[i]`: controls (C) and
 * the other images (N) are disjoint, so P(not flagged) =
 * Σ_{c ≤ MAX_CONTROLS} P(C = c) · P(N ≥ MIN_SELECTED − c).
 */
export function flagProbability(
  probs: readonly number[],
  isControl: ArrayLike<number>,
): number {
  const ctl = poissonBinomial(probs.filter((_, i) => isControl[i]));
  const rest = poissonBinomial(probs.filter((_, i) => !isControl[i]));
  let ok = 0;
  for (let c = 0; c <= MAX_CONTROLS && c < ctl.length; c++) {
    let tail = 0;
    for (let k = Math.max(0, MIN_SELECTED - c); k < rest.length; k++) {
      tail += rest[k] as number;
    }
    ok += (ctl[c] as number) * tail;
  }
  return 1 - ok;
}
