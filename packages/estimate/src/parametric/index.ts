import { DsrepError, type RandomStream } from '@dsrep/core';
import { splineDesign } from './design.js';
import { mixtureWeights } from './grid.js';
import { groupCounts } from './levels.js';
import { fitLevels, type MixtureFit } from './mixture.js';
import { fitSpline } from './spline.js';

export {
  evaluateSpline,
  SPLINE_KNOTS,
  SPLINE_SIZE,
  splineBasis,
} from './basis.js';
export { logBetaBinomial, betaDensity } from './betabinomial.js';
export { mixtureWeights, quadratureGrid } from './grid.js';
export type { CountData } from './levels.js';
export {
  chooseMixture,
  fitMixture,
  mixtureDensity,
  type MixtureFit,
  type MixtureOptions,
} from './mixture.js';
export {
  fitSpline,
  fitSplineShares,
  SPLINE_EPSILON,
  type SplineFit,
} from './spline.js';
export { splineDesign, type SplineDesign } from './design.js';

/**
 * Inputs of the parametric estimator: selection counts of the reference
 * set D1 (v1) and of the replication D2, and for every classifier in
 * `models` a 0/1 array saying whether it was right on each D2 image
 * (`d2.correct[m][j]`, same order as `d2.k`). Optional `weights`
 * count image j `weights[j]` times (a bootstrap resample without
 * copying the arrays); absent means 1 for every image.
 */
export interface ParametricInput {
  d1: { k: Int32Array; n: Int32Array; weights?: Float64Array };
  d2: {
    k: Int32Array;
    n: Int32Array;
    correct: Uint8Array[];
    weights?: Float64Array;
  };
  models: string[];
}

/** K components, EM restarts, and the number of grid cells in s. */
export interface ParametricOptions {
  K?: number;
  restarts?: number;
  maxIter?: number;
  tol?: number;
  grid?: number;
  rng: RandomStream;
}

/** Result of {@link fitParametric}; arrays are in the order of `models`. */
export interface ParametricFit {
  /** A(D2|s1) = ∫ P(f=1|s) p_1(s) ds per classifier, in [0, 1]. */
  adjusted: Float64Array;
  p1: MixtureFit;
  p2: MixtureFit;
  /** Spline coefficients of P(f=1|s) per classifier (basis.ts order). */
  splines: Float64Array[];
}

/**
 * The parametric estimate of the adjusted accuracy (SPEC section 7,
 * seed appendix F): beta-binomial mixtures p_1 and p_2 fitted by EM to
 * the counts of D1 and D2, P(f=1|s) per classifier by the spline QP,
 * then A(D2|s1) = ∫ P(f=1|s) p_1(s) ds on the quadrature grid. The
 * mixtures are fitted once and shared; per classifier only the QP runs.
 *
 * Throws DEGENERATE when a mixture is not identified (n = 1 everywhere,
 * or all counts at 0 or all at n; see fitMixture). A classifier that is
 * always right gets P(f=1|s) ≈ 1 and A ≈ 1; always wrong, A ≈ 0.
 */
export function fitParametric(
  input: ParametricInput,
  options: ParametricOptions,
): ParametricFit {
  const cells = options.grid ?? 1000;
  if (!Number.isInteger(cells) || cells < 10) {
    throw new DsrepError(
      'BAD_PARAMETER',
      `grid must be an integer >= 10 cells, got ${cells}`,
    );
  }
  const { d1, d2, models } = input;
  if (d2.correct.length !== models.length) {
    throw new DsrepError(
      'BAD_INPUT',
      `d2.correct has ${d2.correct.length} arrays but there are ${models.length} models`,
    );
  }

  const emOptions = {
    K: options.K ?? 3,
    restarts: options.restarts ?? 5,
    maxIter: options.maxIter ?? 1000,
    tol: options.tol ?? 1e-9,
  };
  const p1 = fitLevels(groupCounts(d1, 'D1 counts'), {
    ...emOptions,
    rng: options.rng.derive('p1'),
  });
  const p2 = fitLevels(groupCounts(d2, 'D2 counts'), {
    ...emOptions,
    rng: options.rng.derive('p2'),
  });

  const design = splineDesign(d2, p2, cells);
  const w1 = mixtureWeights(p1, cells);
  const adjusted = new Float64Array(models.length);
  const splines: Float64Array[] = [];
  models.forEach((model, m) => {
    const correct = d2.correct[m] as Uint8Array;
    if (correct.length !== d2.k.length) {
      throw new DsrepError(
        'BAD_INPUT',
        `model ${model}: ${correct.length} predictions for ${d2.k.length} D2 images`,
      );
    }
    const fit = fitSpline(design, correct);
    let a = 0;
    for (let g = 0; g < w1.length; g++)
      a += (fit.values[g] as number) * (w1[g] as number);
    adjusted[m] = a;
    splines.push(fit.coef);
  });
  return { adjusted, p1, p2, splines };
}
export {
  fitParametricLevels,
  WARM_EM,
  type ParametricLevels,
  type WarmStart,
} from './fromLevels.js';
