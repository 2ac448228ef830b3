// The bounds ε ≤ P(f=1|s) ≤ 1 of the spline QP, and the cutting-plane
// rules that pick which quadrature nodes to bound next (spline.ts).

/** Lower bound on P(f=1|s) at every grid node (SPEC: 0 < P(f=1|s)). */
export const SPLINE_EPSILON = 1e-6;

/** Bound violations below this are rounding, not infeasibility. */
export const SLACK = 1e-9;

/** How far P(f=1|s) = v lies outside [ε, 1] (0 inside, up to SLACK). */
export function violation(v: number): number {
  if (v < SPLINE_EPSILON - SLACK) return SPLINE_EPSILON - v;
  if (v > 1 + SLACK) return v - 1;
  return 0;
}

/** Adds every violated node not yet bounded; returns how many. */
export function addAllViolated(
  values: Float64Array,
  active: Set<number>,
): number {
  let added = 0;
  for (let g = 0; g < values.length; g++) {
    if (violation(values[g] as number) > 0 && !active.has(g)) {
      active.add(g);
      added++;
    }
  }
  return added;
}

/**
 * Adds the most violated node of every run of violated nodes (or, when
 * that one is already bounded, the rest of its run); returns how many.
 */
export function addWorstOfRuns(
  values: Float64Array,
  active: Set<number>,
): number {
  let added = 0;
  let worst = -1;
  let worstBy = 0;
  for (let g = 0; g <= values.length; g++) {
    const by = g < values.length ? violation(values[g] as number) : 0;
    if (by > 0 && by > worstBy) {
      worst = g;
      worstBy = by;
    }
    if (by === 0 && worst >= 0) {
      // A run ended: bound its worst node (if already bound, the
      // violation is rounding left by quadprog; add the run's others).
      if (!active.has(worst)) {
        active.add(worst);
        added++;
      } else {
        for (let h = g - 1; h >= 0 && violation(values[h] as number) > 0; h--) {
          if (!active.has(h)) {
            active.add(h);
            added++;
          }
        }
      }
      worst = -1;
      worstBy = 0;
    }
  }
  return added;
}
