import { DsrepError } from '@dsrep/core';
import { expectation, mixtureQuadrature } from './mixtures.js';
import type { Quadrature } from './mixtures.js';
import { PAPER_MODELS } from './paperModels.js';
import type { SimConfig } from './params.js';

/**
 * One simulated classifier. Its probability of a correct top-1 prediction
 * on an image of true selection frequency s is
 *
 *     P(correct | s, role) = σ(intercept + slope·s − shift_role)
 *
 * with σ the logistic function, shift 0 on reference (v1) images and the
 * configured residual shift on replication and candidate images: the part
 * of the accuracy drop that s does not explain.
 */
export interface SimModel {
  model: string;
  top1V1: number;
  top1V2: number;
  intercept: number;
  slope: number;
}

/** Per role: the logit shift applied on that role's images. */
export type RoleShift = 'reference' | 'replication' | 'candidate';

const sigmoid = (x: number): number => 1 / (1 + Math.exp(-x));

/** P(correct | s) of `m` on an image of the given role. */
export function pCorrect(
  m: SimModel,
  s: number,
  role: RoleShift,
  config: SimConfig,
): number {
  const shift =
    role === 'reference'
      ? 0
      : role === 'replication'
        ? config.shiftReplication
        : config.shiftCandidate;
  return sigmoid(m.intercept + m.slope * s - shift);
}

/**
 * Solves for the intercept a with ∫ σ(a + b·s) p_1(s) ds = target by
 * safeguarded Newton steps: the integral g(a) is strictly increasing with
 * derivative ∫ σ'(a + b·s) p_1(s) ds, so a bracket [lo, hi] shrinks at
 * every step and a Newton step leaving it is replaced by bisection.
 * [-60, 60] brackets every accuracy in (1e-9, 1 - 1e-9) when b <= 50.
 * `start` is the first guess (the previous model's intercept, as models
 * come sorted by accuracy, so two or three steps usually suffice).
 */
export function solveIntercept(
  target: number,
  slope: number,
  v1: Quadrature,
  start = 0,
): number {
  if (!(target > 0 && target < 1)) {
    throw new DsrepError(
      'BAD_PARAMETER',
      `model accuracy must be in (0, 1) to calibrate, got ${target}`,
    );
  }
  let lo = -60;
  let hi = 60;
  let a = start;
  for (let i = 0; i < 100; i++) {
    let g = 0;
    let dg = 0;
    for (let j = 0; j < v1.s.length; j++) {
      const p = sigmoid(a + slope * (v1.s[j] as number));
      const w = v1.mass[j] as number;
      g += w * p;
      dg += w * p * (1 - p);
    }
    const err = g - target;
    if (Math.abs(err) < 1e-13) return a;
    if (err < 0) lo = a;
    else hi = a;
    const step = a - err / dg;
    a = dg > 0 && step > lo && step < hi ? step : (lo + hi) / 2;
  }
  return a;
}

/**
 * The first `config.models` models of table 2, each calibrated so that
 * its expected accuracy on the reference population equals its v1 top-1
 * accuracy in the paper.
 */
export function calibrateModels(config: SimConfig): SimModel[] {
  const v1 = mixtureQuadrature(config.mixtures.reference);
  let previous = 0;
  return PAPER_MODELS.slice(0, config.models).map((row) => {
    previous = solveIntercept(row.top1V1, config.slope, v1, previous);
    return {
      model: row.model,
      top1V1: row.top1V1,
      top1V2: row.top1V2,
      slope: config.slope,
      intercept: previous,
    };
  });
}

/** The true accuracies of one model, by quadrature on the generator. */
export interface ModelTruth {
  model: string;
  top1V1: number;
  top1V2: number;
  /** E over p_1 of P(correct | s, reference). */
  accV1: number;
  /** E over p_2 of P(correct | s, replication); NaN without replication. */
  accV2: number;
  /** A(D2|s1) = ∫ P(correct | s, replication) p_1(s) ds (SPEC section 7). */
  adjustedTrue: number;
  /** The same with D2 = the candidate pool. */
  adjustedTrueCandidate: number;
  /** E over the candidate pool of P(correct | s, candidate). */
  accCandidate: number;
}

/**
 * Ground truth of SPEC section 7 computed from the generating model by
 * quadrature, not by sampling: accuracies on each population and the
 * accuracy on D2 reweighted to the reference distribution of s.
 */
export function modelTruths(
  models: readonly SimModel[],
  config: SimConfig,
): ModelTruth[] {
  const v1 = mixtureQuadrature(config.mixtures.reference);
  const v2 = mixtureQuadrature(config.mixtures.replication);
  const pool = mixtureQuadrature(config.mixtures.candidate);
  const hasReplication = config.layout.replication > 0;
  return models.map((m) => {
    const on = (q: Quadrature, role: RoleShift) =>
      expectation(q, (s) => pCorrect(m, s, role, config));
    return {
      model: m.model,
      top1V1: m.top1V1,
      top1V2: m.top1V2,
      accV1: on(v1, 'reference'),
      accV2: hasReplication ? on(v2, 'replication') : NaN,
      adjustedTrue: on(v1, 'replication'),
      adjustedTrueCandidate: on(v1, 'candidate'),
      accCandidate: on(pool, 'candidate'),
    };
  });
}
