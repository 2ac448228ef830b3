import { SPLINE_SIZE } from './basis.js';
import type { SplineDesign } from './design.js';
import { invert, solveSmall } from './linalg.js';
import { splineRange } from './piecewise.js';

/*
 * A guessed active set for the spline QP (spline.ts). The QP minimises
 * ½ cᵀ X c − yᵀ c (X = the design's Gram matrix, y = Xᵀ shares) subject
 * to bounds a_i · c ≥ b_i. If we guess which bounds bind (in a bootstrap
 * resample: those binding in the full-data fit), the optimum under them
 * as equalities is c = c* + X⁻¹ Aᵀ λ with (A X⁻¹ Aᵀ) λ = b − A c* and
 * c* = X⁻¹ y. When λ ≥ 0 and c violates no bound anywhere, c satisfies
 * the KKT conditions of the full QP, so it is its (unique) optimum.
 * A few primal active-set steps (drop the most negative λ, or add the
 * most violated node) repair a guess that is slightly off; when they do
 * not settle, the caller falls back to quadprog.
 */

/**
 * A bound at a quadrature node, encoded as 2 · node + side with side 0
 * for P(f=1|s) ≥ ε and 1 for P(f=1|s) ≤ 1.
 */
export type BoundCode = number;

const inverses = new WeakMap<SplineDesign, Float64Array>();

/** X⁻¹ of the design's Gram matrix (computed once per design). */
function gramInverse(design: SplineDesign): Float64Array {
  let inverse = inverses.get(design);
  if (!inverse) {
    inverse = invert(design.gram, SPLINE_SIZE);
    inverses.set(design, inverse);
  }
  return inverse;
}

/**
 * The optimum with the `bounds` held as equalities (scaled coefficients)
 * and the bounds' multipliers λ, or undefined when the bounds are
 * degenerate (e.g. the same node twice).
 */
function solveOnBounds(
  design: SplineDesign,
  xty: Float64Array,
  bounds: ArrayLike<BoundCode>,
  epsilon: number,
): { scaled: Float64Array; lambda: Float64Array } | undefined {
  const P = SPLINE_SIZE;
  const H = gramInverse(design);
  const c = new Float64Array(P);
  for (let a = 0; a < P; a++) {
    let v = 0;
    for (let b = 0; b < P; b++)
      v += (H[a * P + b] as number) * (xty[b] as number);
    c[a] = v;
  }
  const W = bounds.length;
  if (W === 0) return { scaled: c, lambda: new Float64Array(0) };

  // Rows a_i = ±basis(node), and H a_i for each bound.
  const A = new Float64Array(W * P);
  const rhs = new Float64Array(W);
  for (let i = 0; i < W; i++) {
    const code = bounds[i] as number;
    const node = code >> 1;
    const sign = (code & 1) === 0 ? 1 : -1;
    let ac = 0;
    for (let b = 0; b < P; b++) {
      const v = sign * (design.basis[node * P + b] as number);
      A[i * P + b] = v;
      ac += v * (c[b] as number);
    }
    rhs[i] = (sign === 1 ? epsilon : -1) - ac;
  }
  const HA = new Float64Array(W * P);
  for (let i = 0; i < W; i++) {
    for (let a = 0; a < P; a++) {
      let v = 0;
      for (let b = 0; b < P; b++)
        v += (H[a * P + b] as number) * (A[i * P + b] as number);
      HA[i * P + a] = v;
    }
  }
  const M = new Float64Array(W * W);
  for (let i = 0; i < W; i++) {
    for (let j = 0; j < W; j++) {
      let v = 0;
      for (let b = 0; b < P; b++)
        v += (A[i * P + b] as number) * (HA[j * P + b] as number);
      M[i * W + j] = v;
    }
  }
  const lambda = solveSmall(M, rhs, W);
  if (!lambda) return undefined;
  for (let i = 0; i < W; i++) {
    const l = lambda[i] as number;
    if (!Number.isFinite(l)) return undefined;
    for (let a = 0; a < P; a++)
      c[a] = (c[a] as number) + l * (HA[i * P + a] as number);
  }
  return { scaled: c, lambda };
}

/** An optimum found from a guessed active set (see the file comment). */
export interface ActiveSetSolution {
  scaled: Float64Array;
  values: Float64Array;
  bounds: BoundCode[];
}

/**
 * Starting from `guess`, at most `steps` active-set steps; returns the
 * optimum once λ ≥ 0 and every node value lies in [lo, hi], else
 * undefined. `epsilon` is the lower bound itself (lo = epsilon − slack).
 */
export function activeSetSolve(
  design: SplineDesign,
  xty: Float64Array,
  guess: ArrayLike<BoundCode>,
  epsilon: number,
  slack: number,
  steps: number,
): ActiveSetSolution | undefined {
  const bounds = Array.from(guess);
  for (let step = 0; step < steps; step++) {
    const solved = solveOnBounds(design, xty, bounds, epsilon);
    if (!solved) return undefined;
    const { scaled, lambda } = solved;
    let drop = -1;
    for (let i = 0; i < lambda.length; i++) {
      if ((lambda[i] as number) < 0) {
        if (drop < 0 || (lambda[i] as number) < (lambda[drop] as number))
          drop = i;
      }
    }
    if (drop >= 0) {
      bounds.splice(drop, 1);
      continue;
    }
    // Within bounds on all of [0, 1] means within bounds at every node;
    // only otherwise are the ~1,000 nodes evaluated to find the worst.
    const [min, max] = splineRange(scaled);
    const values = nodeValues(design, scaled);
    if (min >= epsilon - slack && max <= 1 + slack) {
      return { scaled, values, bounds };
    }
    let worst = -1;
    let worstBy = 0;
    for (let g = 0; g < values.length; g++) {
      const v = values[g] as number;
      const by = Math.max(epsilon - slack - v, v - 1 - slack);
      if (by > worstBy) {
        worst = g;
        worstBy = by;
      }
    }
    if (worst < 0) return { scaled, values, bounds };
    const code = 2 * worst + ((values[worst] as number) > 1 ? 1 : 0);
    if (bounds.includes(code)) return undefined;
    bounds.push(code);
  }
  return undefined;
}

/** P(f=1|s) = basis · scaled at every quadrature node of the design. */
export function nodeValues(
  design: SplineDesign,
  scaled: Float64Array,
): Float64Array {
  const G = design.nodes.length;
  const out = new Float64Array(G);
  const basis = design.basis;
  // Unrolled for the seven coefficients (4 + 3 knots): this runs on all
  // ~1,000 nodes after every solve, for every model and resample.
  if (SPLINE_SIZE === 7) {
    const [c0, c1, c2, c3, c4, c5, c6] = scaled as unknown as number[];
    for (let g = 0, o = 0; g < G; g++, o += 7) {
      out[g] =
        (c0 as number) * (basis[o] as number) +
        (c1 as number) * (basis[o + 1] as number) +
        (c2 as number) * (basis[o + 2] as number) +
        (c3 as number) * (basis[o + 3] as number) +
        (c4 as number) * (basis[o + 4] as number) +
        (c5 as number) * (basis[o + 5] as number) +
        (c6 as number) * (basis[o + 6] as number);
    }
    return out;
  }
  for (let g = 0; g < G; g++) {
    let v = 0;
    for (let b = 0; b < SPLINE_SIZE; b++)
      v += (scaled[b] as number) * (basis[g * SPLINE_SIZE + b] as number);
    out[g] = v;
  }
  return out;
}
