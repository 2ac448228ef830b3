import { DsrepError } from '@dsrep/core';
import quadprog from 'quadprog';
import { BASIS_SCALE, SPLINE_SIZE } from './basis.js';
import type { SplineDesign } from './design.js';

/** Lower bound on P(f=1|s) at every grid node (SPEC: 0 < P(f=1|s)). */
export const SPLINE_EPSILON = 1e-6;

/** Bound violations below this are rounding, not infeasibility. */
const SLACK = 1e-9;

/** A classifier's fitted P(f = 1 | s) with how the QP went. */
export interface SplineFit {
  /** Coefficients in the unscaled basis of basis.ts. */
  coef: Float64Array;
  /** P(f=1|s) at the design's quadrature nodes. */
  values: Float64Array;
  /** Nodes whose bounds were passed to the QP in the last solve. */
  constrainedNodes: number;
}

/**
 * Fits P(f=1|s) for one classifier (SPEC section 7): least squares of
 * the shares y_(n,k) = #{images with n, k and f = 1} / N against the
 * design, subject to ε ≤ P(f=1|s) ≤ 1 at every quadrature node; a
 * quadratic program solved by Goldfarb–Idnani (`quadprog`).
 *
 * The bounds are imposed by cutting planes: first at about 100 evenly
 * spaced nodes, then the solution is checked on the full grid and any
 * violated nodes are added, until none is violated. `correct[j]` is 1
 * when the classifier got D2 image j right.
 */
export function fitSpline(
  design: SplineDesign,
  correct: Uint8Array,
): SplineFit {
  if (correct.length !== design.images) {
    throw new DsrepError(
      'BAD_INPUT',
      `correct has ${correct.length} entries but D2 has ${design.images} images`,
    );
  }

  const shares = new Float64Array(design.rows);
  for (let j = 0; j < correct.length; j++) {
    if (correct[j]) {
      shares[design.imageRow[j] as number] += design.imageShare[j] as number;
    }
  }
  return fitSplineShares(design, shares);
}

/**
 * {@link fitSpline} from the target shares themselves: `shares[r]` is
 * the share of D2 images in design row r (an (n, k) pair) that the
 * classifier got right. Lets a caller pass exact expected shares.
 */
export function fitSplineShares(
  design: SplineDesign,
  shares: Float64Array,
): SplineFit {
  const P = SPLINE_SIZE;
  // Linear term Xᵀy of the least-squares objective ½‖Xc − y‖².
  const xty = new Float64Array(P);
  for (let r = 0; r < design.rows; r++) {
    const yr = shares[r] as number;
    if (yr === 0) continue;
    for (let b = 0; b < P; b++)
      xty[b] = (xty[b] as number) + yr * (design.x[r * P + b] as number);
  }

  // Cutting planes over the node set.
  const G = design.nodes.length;
  const active = new Set<number>([0, G - 1]);
  const stride = Math.max(1, Math.ceil(G / 100));
  for (let g = 0; g < G; g += stride) active.add(g);
  for (let round = 0; round < 30; round++) {
    const scaled = solve(
      design,
      xty,
      [...active].sort((a, b) => a - b),
    );
    const values = nodeValues(design, scaled);
    let added = 0;
    for (let g = 0; g < G; g++) {
      const v = values[g] as number;
      if ((v < SPLINE_EPSILON - SLACK || v > 1 + SLACK) && !active.has(g)) {
        active.add(g);
        added++;
      }
    }
    if (added === 0) {
      const coef = Float64Array.from(
        scaled,
        (c, b) => c / (BASIS_SCALE[b] as number),
      );
      return { coef, values, constrainedNodes: active.size };
    }
  }
  throw new DsrepError(
    'INTERNAL',
    'spline QP: bounds still violated after 30 rounds',
  );
}

/** Solves the QP with bounds at `nodes`; returns scaled coefficients. */
function solve(
  design: SplineDesign,
  xty: Float64Array,
  nodes: number[],
): Float64Array {
  const P = SPLINE_SIZE;
  // quadprog is 1-indexed and overwrites Dmat and dvec: build fresh ones.
  const dmat: number[][] = [[]];
  const dvec: number[] = [0];
  for (let a = 0; a < P; a++) {
    const line = [0];
    for (let b = 0; b < P; b++) line.push(design.gram[a * P + b] as number);
    dmat.push(line);
    dvec.push(xty[a] as number);
  }

  // Two constraints per node: B(s)·c ≥ ε and −B(s)·c ≥ −1.
  const amat: number[][] = [[]];
  for (let a = 0; a < P; a++) amat.push([0]);
  const bvec: number[] = [0];
  for (const g of nodes) {
    for (let a = 0; a < P; a++) {
      const v = design.basis[g * P + a] as number;
      (amat[a + 1] as number[]).push(v, -v);
    }
    bvec.push(SPLINE_EPSILON, -1);
  }

  const result = quadprog.solveQP(dmat, dvec, amat, bvec);
  if (result.message !== '') {
    throw new DsrepError('INTERNAL', `spline QP failed: ${result.message}`);
  }
  return Float64Array.from(
    { length: P },
    (_, a) => result.solution[a + 1] as number,
  );
}

function nodeValues(design: SplineDesign, scaled: Float64Array): Float64Array {
  const P = SPLINE_SIZE;
  const G = design.nodes.length;
  const out = new Float64Array(G);
  for (let g = 0; g < G; g++) {
    let v = 0;
    for (let b = 0; b < P; b++)
      v += (scaled[b] as number) * (design.basis[g * P + b] as number);
    out[g] = v;
  }
  return out;
}
