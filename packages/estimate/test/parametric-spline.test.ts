import { describe, expect, test } from 'vitest';
import { RandomStream } from '@dsrep/core';
import {
  betaDensity,
  evaluateSpline,
  fitSpline,
  fitSplineShares,
  SPLINE_EPSILON,
  splineDesign,
  type MixtureFit,
  type SplineDesign,
} from '../src/parametric/index.js';
import { logChoose } from '../src/parametric/betabinomial.js';

/** The known P(correct | s): a logistic curve from 0.05 to 0.95. */
const logistic = (s: number) => 1 / (1 + Math.exp(-(6 * s - 3)));

/** p_2 = Beta(6, 2) (mean 0.75), as a one-component "fit". */
const A = 6;
const B = 2;
const p2: MixtureFit = {
  pi: Float64Array.of(1),
  alpha: Float64Array.of(A),
  beta: Float64Array.of(B),
  logLik: 0,
  iterations: 0,
  logLikTrace: new Float64Array(0),
  bic: 0,
  converged: true,
};

const G = 20_000;
const p2Density = Float64Array.from({ length: G }, (_, g) =>
  betaDensity((g + 0.5) / G, A, B),
);

/** ∫ f(s) p_2(s) ds by the midpoint rule on 20,000 cells. */
function underP2(f: (s: number) => number): number {
  let total = 0;
  for (let g = 0; g < G; g++)
    total += (f((g + 0.5) / G) * (p2Density[g] as number)) / G;
  return total;
}

/** Exact expected shares: P(k and correct) = ∫ Binom(k; n, s) P(s) p_2(s) ds. */
function exactShares(design: SplineDesign, P: (s: number) => number) {
  return Float64Array.from({ length: design.rows }, (_, r) => {
    const n = design.rowN[r] as number;
    const k = design.rowK[r] as number;
    const lc = logChoose(n, k);
    return underP2(
      (s) => Math.exp(lc + k * Math.log(s) + (n - k) * Math.log1p(-s)) * P(s),
    );
  });
}

function expectBounds(values: Float64Array): void {
  let low = Infinity;
  let high = -Infinity;
  for (const v of values) {
    low = Math.min(low, v);
    high = Math.max(high, v);
  }
  // The QP's bounds ε ≤ P ≤ 1 at every node, up to its 1e-9 slack.
  expect(low, 'min P(f=1|s) over the grid').toBeGreaterThanOrEqual(
    SPLINE_EPSILON - 1e-9,
  );
  expect(high, 'max P(f=1|s) over the grid').toBeLessThanOrEqual(1 + 1e-9);
}

/** p_2-weighted mean absolute error ∫ |P̂ − P| p_2 ds. */
function weightedError(coef: Float64Array, P: (s: number) => number): number {
  return underP2((s) =>
    Math.abs((evaluateSpline(coef, [s])[0] as number) - P(s)),
  );
}

describe('spline QP for P(f=1|s)', () => {
  const n = 40;
  const counts = {
    k: Int32Array.from({ length: n + 1 }, (_, k) => k),
    n: new Int32Array(n + 1).fill(n),
  };

  test('reproduces a logistic from exact expected shares', () => {
    const design = splineDesign(counts, p2, 1000);
    const fit = fitSplineShares(design, exactShares(design, logistic));
    expectBounds(fit.values);
    const error = weightedError(fit.coef, logistic);
    // Deterministic: the only error is the 7-term spline's approximation
    // of a logistic (measured 5.2e-4) and the quadrature; allow 4×.
    expect(error, 'weighted |P̂ − P|').toBeLessThan(0.002);
  });

  test('a large sample lands within sampling error of the exact fit', () => {
    const N = 50_000;
    const rng = RandomStream.fromSeed(21);
    const k = new Int32Array(N);
    const correct = new Uint8Array(N);
    for (let j = 0; j < N; j++) {
      const s = rng.beta(A, B);
      k[j] = rng.binomial(n, s);
      correct[j] = rng.bernoulli(logistic(s)) ? 1 : 0;
    }
    const design = splineDesign({ k, n: new Int32Array(N).fill(n) }, p2, 1000);
    const exact = exactShares(design, logistic);
    const limit = fitSplineShares(design, exact);
    const fit = fitSpline(design, correct);
    expectBounds(fit.values);

    // Away from active bounds the fit is linear in the shares y:
    // c = G⁻¹Xᵀy, with y multinomial, Cov(y) = (diag(q) − qqᵀ)/N for the
    // exact shares q. So P̂(s) = b(s)·c has a computable standard error;
    // the sample fit must sit within 4 SE of the infinite-sample fit.
    const se = splineStandardErrors(design, exact, N);
    for (const s of [0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 0.95]) {
      const g = Math.round(s * 1000 - 0.5) + 1;
      const gap = Math.abs(
        (fit.values[g] as number) - (limit.values[g] as number),
      );
      expect(
        gap,
        `|P̂(${s}) − P∞(${s})|, SE ${(se[g] as number).toFixed(4)}`,
      ).toBeLessThan(4 * (se[g] as number));
    }
  });

  test('mixed n: every n group adds its own rows', () => {
    // 1 image in 4 has n = 20, the rest n = 40.
    const mixed = {
      k: Int32Array.from({ length: 63 }, (_, j) => (j < 21 ? j : j - 21)),
      n: Int32Array.from({ length: 63 }, (_, j) => (j < 21 ? 20 : 40)),
    };
    const design = splineDesign(mixed, p2, 1000);
    expect(design.rows, 'rows = 21 + 41').toBe(62);
    // Row shares: 21 of 63 images have n = 20 in this design's counts.
    const shares = exactShares(design, logistic).map(
      (q, r) => q * (design.rowN[r] === 20 ? 21 / 63 : 42 / 63),
    );
    const fit = fitSplineShares(design, shares);
    expectBounds(fit.values);
    expect(weightedError(fit.coef, logistic), 'weighted |P̂ − P|').toBeLessThan(
      0.002,
    );
  });

  test('always right gives P ≈ 1, never right gives P = ε', () => {
    const design = splineDesign(counts, p2, 1000);
    const exact = exactShares(design, () => 1);
    const right = fitSplineShares(design, exact);
    expectBounds(right.values);
    expect(
      underP2((s) => evaluateSpline(right.coef, [s])[0] as number),
    ).toBeGreaterThan(0.999);

    const wrong = fitSplineShares(design, new Float64Array(design.rows));
    expectBounds(wrong.values);
    expect(Math.max(...wrong.values), 'max P when never right').toBeLessThan(
      1e-5,
    );
  });

  test('n = 3 (fewer rows than coefficients) keeps the overall accuracy', () => {
    const small = {
      k: Int32Array.of(0, 1, 2, 3),
      n: Int32Array.of(3, 3, 3, 3),
    };
    const design = splineDesign(small, p2, 1000);
    expect(design.rows).toBe(4);
    const fit = fitSplineShares(design, exactShares(design, logistic));
    expectBounds(fit.values);
    // Σ_k shares = ∫ P p_2 ds is identified even though P is not.
    const accuracy = underP2(logistic);
    const fitted = underP2((s) => evaluateSpline(fit.coef, [s])[0] as number);
    expect(Math.abs(fitted - accuracy), 'accuracy under p_2').toBeLessThan(
      1e-3,
    );
  });
});

/** Pointwise SE of the unconstrained LS spline at every design node. */
function splineStandardErrors(
  design: SplineDesign,
  q: Float64Array,
  N: number,
) {
  const P = 7;
  const rows = design.rows;
  // M = G⁻¹ Xᵀ (P × rows), by solving G M = Xᵀ column by column.
  const m = Array.from({ length: rows }, (_, r) =>
    solve(
      design.gram,
      Array.from({ length: P }, (_, b) => design.x[r * P + b] as number),
    ),
  );
  // Cov(c) = M (diag(q) − qqᵀ) Mᵀ / N.
  const cov = Array.from({ length: P }, () => new Float64Array(P));
  const mq = new Float64Array(P);
  for (let r = 0; r < rows; r++) {
    const mr = m[r] as number[];
    for (let a = 0; a < P; a++) {
      mq[a] = (mq[a] as number) + (mr[a] as number) * (q[r] as number);
      for (let b = 0; b < P; b++) {
        (cov[a] as Float64Array)[b] +=
          ((mr[a] as number) * (mr[b] as number) * (q[r] as number)) / N;
      }
    }
  }
  for (let a = 0; a < P; a++) {
    for (let b = 0; b < P; b++)
      (cov[a] as Float64Array)[b] -=
        ((mq[a] as number) * (mq[b] as number)) / N;
  }
  return Float64Array.from({ length: design.nodes.length }, (_, g) => {
    let v = 0;
    for (let a = 0; a < P; a++) {
      for (let b = 0; b < P; b++) {
        v +=
          (design.basis[g * P + a] as number) *
          ((cov[a] as Float64Array)[b] as number) *
          (design.basis[g * P + b] as number);
      }
    }
    return Math.sqrt(v);
  });
}

/** Solves the P×P system (row-major `a`) by Gaussian elimination. */
function solve(a: Float64Array, rhs: number[]): number[] {
  const P = rhs.length;
  const m = Array.from({ length: P }, (_, i) => [
    ...a.slice(i * P, i * P + P),
    rhs[i] as number,
  ]);
  for (let c = 0; c < P; c++) {
    let pivot = c;
    for (let r = c + 1; r < P; r++) {
      if (
        Math.abs((m[r] as number[])[c] as number) >
        Math.abs((m[pivot] as number[])[c] as number)
      )
        pivot = r;
    }
    [m[c], m[pivot]] = [m[pivot] as number[], m[c] as number[]];
    const row = m[c] as number[];
    for (let r = 0; r < P; r++) {
      if (r === c) continue;
      const other = m[r] as number[];
      const f = (other[c] as number) / (row[c] as number);
      for (let j = c; j <= P; j++)
        other[j] = (other[j] as number) - f * (row[j] as number);
    }
  }
  return m.map((row, i) => (row[P] as number) / (row[i] as number));
}
