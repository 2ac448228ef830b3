import { DsrepError } from '@dsrep/core';
import quadprog from 'quadprog';
import { BASIS_SCALE, SPLINE_SIZE } from './basis.js';
import type { SplineDesign } from './design.js';
import {
  addAllViolated,
  addWorstOfRuns,
  SLACK,
  SPLINE_EPSILON,
} from './bounds.js';
import { activeSetSolve, nodeValues, type BoundCode } from './activeSet.js';

export { SPLINE_EPSILON };

/** Active-set steps tried from a warm start before quadprog. */
const ACTIVE_SET_STEPS = 6;

/** A classifier's fitted P(f = 1 | s) with how the QP went. */
export interface SplineFit {
  /** Coefficients in the unscaled basis of basis.ts. */
  coef: Float64Array;
  /** P(f=1|s) at the design's quadrature nodes. */
  values: Float64Array;
  /** Nodes whose bounds were passed to the QP in the last solve. */
  constrainedNodes: number;
  /**
   * Bounds that bind at the solution (positive multiplier), as
   * 2 · node + 0 for P ≥ ε, + 1 for P ≤ 1: a warm start for a resample.
   */
  binding: Int32Array;
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
  startBounds?: ArrayLike<BoundCode>,
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

  const toCoef = (scaled: Float64Array) =>
    Float64Array.from(scaled, (c, b) => c / (BASIS_SCALE[b] as number));

  // With `startBounds` (the bounds binding in the full-data fit, for a
  // bootstrap resample), first try a few active-set steps from them:
  // once λ ≥ 0 and every node is in bounds that is the optimum
  // (activeSet.ts) and quadprog is not needed.
  if (startBounds) {
    const found = activeSetSolve(
      design,
      xty,
      startBounds,
      SPLINE_EPSILON,
      SLACK,
      ACTIVE_SET_STEPS,
    );
    if (found) {
      return {
        coef: toCoef(found.scaled),
        values: found.values,
        constrainedNodes: found.bounds.length,
        binding: Int32Array.from(found.bounds),
      };
    }
  }

  // Cutting planes over the node set. Without a start, bounds begin at
  // about 100 evenly spaced nodes and every violated node is added. With
  // `startBounds` they begin at those nodes and each round adds the most
  // violated node of every run of violated nodes. Both end at the same
  // optimum: the QP is strictly convex, and a solution that is optimal
  // under some of the bounds and violates none is optimal under all.
  const G = design.nodes.length;
  const active = new Set<number>();
  if (startBounds) {
    for (let i = 0; i < startBounds.length; i++)
      active.add((startBounds[i] as number) >> 1);
  } else {
    active.add(0);
    active.add(G - 1);
    const stride = Math.max(1, Math.ceil(G / 100));
    for (let g = 0; g < G; g += stride) active.add(g);
  }
  for (let round = 0; round < 30; round++) {
    const nodes = [...active].sort((a, b) => a - b);
    const { scaled, binding } = solve(design, xty, nodes);
    const values = nodeValues(design, scaled);
    const added = startBounds
      ? addWorstOfRuns(values, active)
      : addAllViolated(values, active);
    if (added === 0) {
      return {
        coef: toCoef(scaled),
        values,
        constrainedNodes: active.size,
        binding: Int32Array.from(binding),
      };
    }
  }
  throw new DsrepError(
    'INTERNAL',
    'spline QP: bounds still violated after 30 rounds',
  );
}

/**
 * Solves the QP with bounds at `nodes`; returns scaled coefficients and
 * the bounds that bind (positive Lagrange multiplier).
 */
function solve(
  design: SplineDesign,
  xty: Float64Array,
  nodes: number[],
): { scaled: Float64Array; binding: BoundCode[] } {
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
  const binding: BoundCode[] = [];
  nodes.forEach((g, i) => {
    if ((result.Lagrangian[2 * i + 1] as number) > 0) binding.push(2 * g);
    if ((result.Lagrangian[2 * i + 2] as number) > 0) binding.push(2 * g + 1);
  });
  const scaled = Float64Array.from(
    { length: P },
    (_, a) => result.solution[a + 1] as number,
  );
  return { scaled, binding };
}
