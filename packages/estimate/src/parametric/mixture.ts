import { DsrepError, type RandomStream } from '@dsrep/core';
import { betaDensity } from './betabinomial.js';
import { EmWork, iterate, lastOf, randomStart, type EmState } from './em.js';
import { groupCounts, type CountData, type CountLevels } from './levels.js';

/**
 * A mixture of K beta distributions for the selection frequency s,
 * p(s) = Σ_i π_i · Beta(s; α_i, β_i), fitted to counts through the
 * beta-binomial likelihood (SPEC section 7, seed algorithm 1).
 * Components are ordered by their mean α / (α + β).
 */
export interface MixtureFit {
  pi: Float64Array;
  alpha: Float64Array;
  beta: Float64Array;
  /** Log-likelihood of the counts, Σ_j w_j log Σ_i π_i BB(k_j; n_j, α_i, β_i). */
  logLik: number;
  /** EM iterations (M-steps) of the best restart. */
  iterations: number;
  /** Log-likelihood before each M-step of the best restart, then the final. */
  logLikTrace: Float64Array;
  /** −2 logLik + (3K − 1) log N, N = number of (weighted) images. */
  bic: number;
  /** Whether the relative change fell below `tol` before `maxIter`. */
  converged: boolean;
}

/** EM settings; `rng` seeds the random restarts (one child per restart). */
export interface MixtureOptions {
  K?: number;
  restarts?: number;
  maxIter?: number;
  /** Stop when |ΔlogLik| ≤ tol · |logLik| between iterations. */
  tol?: number;
  rng: RandomStream;
}

/**
 * Fits a K-component beta-binomial mixture by EM with random restarts,
 * keeping the restart with the highest log-likelihood. Images may have
 * different n. Throws DEGENERATE when the counts cannot identify a
 * distribution of s: every image has n = 1 (only the mean is identified)
 * or every image has k = 0, or every image has k = n (a point mass at
 * the boundary, where α or β would run to 0).
 *
 * Known limit: when K exceeds what the data support (e.g. K = 3 on a
 * single beta), the likelihood has a flat ridge along which EM crawls;
 * the fit then often stops at `maxIter` with `converged: false`, within
 * about one log-likelihood unit of the optimum, a difference the data
 * cannot distinguish. α and β are bounded to [1e-3, 1e5].
 */
export function fitMixture(
  data: CountData,
  options: MixtureOptions,
): MixtureFit {
  return fitLevels(groupCounts(data, 'mixture data'), options);
}

/** {@link fitMixture} on counts already grouped by {@link groupCounts}. */
export function fitLevels(
  levels: CountLevels,
  options: MixtureOptions,
): MixtureFit {
  const K = options.K ?? 3;
  const restarts = options.restarts ?? 5;
  const maxIter = options.maxIter ?? 1000;
  const tol = options.tol ?? 1e-9;
  checkInteger('K', K, 1);
  checkInteger('restarts', restarts, 1);
  checkInteger('maxIter', maxIter, 1);
  if (!(tol >= 0)) {
    throw new DsrepError('BAD_PARAMETER', `tol must be >= 0, got ${tol}`);
  }
  checkIdentified(levels);

  // Short-run EM (Biernacki et al. 2003): every restart runs a few
  // iterations, and only the best one continues to convergence. Slow
  // EM crawls along flat ridges of the likelihood; doing that once
  // instead of once per restart is where most of the time goes.
  const work = new EmWork(levels, K);
  let best: EmState | undefined;
  for (let r = 0; r < restarts; r++) {
    const state = randomStart(K, options.rng.derive(`restart:${r}`));
    iterate(levels, state, Math.min(SHORT_RUN, maxIter), tol, work);
    if (best === undefined || lastOf(state) > lastOf(best)) best = state;
  }
  if (best === undefined) throw new DsrepError('INTERNAL', 'no EM restart ran');
  iterate(levels, best, maxIter, tol, work);
  return finish(levels, best);
}

/**
 * EM from a given mixture (e.g. the full-data fit, as a warm start for
 * a bootstrap resample) without random restarts: runs until the
 * relative log-likelihood change is at most `tol` or `maxIter` M-steps.
 */
export function refineMixture(
  levels: CountLevels,
  start: MixtureFit,
  options: { maxIter: number; tol: number; newtonSteps?: number },
): MixtureFit {
  checkIdentified(levels);
  const K = start.pi.length;
  const state: EmState = {
    pi: Float64Array.from(start.pi),
    u: start.alpha.map(Math.log),
    v: start.beta.map(Math.log),
    trace: [],
    iterations: 0,
    converged: false,
  };
  const work = new EmWork(levels, K);
  iterate(
    levels,
    state,
    options.maxIter,
    options.tol,
    work,
    options.newtonSteps,
  );
  return finish(levels, state);
}

/** Iterations each restart runs before the best one is continued. */
const SHORT_RUN = 25;

/** Orders components by mean and packages the result. */
function finish(levels: CountLevels, state: EmState): MixtureFit {
  const { pi, u, v, trace } = state;
  const K = pi.length;
  const mean = (i: number) =>
    1 / (1 + Math.exp((v[i] as number) - (u[i] as number)));
  const order = Array.from({ length: K }, (_, i) => i).sort(
    (x, y) => mean(x) - mean(y),
  );
  const logLik = trace[trace.length - 1] as number;
  return {
    pi: Float64Array.from(order, (i) => pi[i] as number),
    alpha: Float64Array.from(order, (i) => Math.exp(u[i] as number)),
    beta: Float64Array.from(order, (i) => Math.exp(v[i] as number)),
    logLik,
    iterations: state.iterations,
    logLikTrace: Float64Array.from(trace),
    bic: -2 * logLik + (3 * K - 1) * Math.log(levels.total),
    converged: state.converged,
  };
}

/** Density of the fitted mixture at selection frequency s in (0, 1). */
export function mixtureDensity(fit: MixtureFit, s: number): number {
  let p = 0;
  for (let i = 0; i < fit.pi.length; i++) {
    const w = fit.pi[i] as number;
    if (w > 0)
      p += w * betaDensity(s, fit.alpha[i] as number, fit.beta[i] as number);
  }
  return p;
}

function checkIdentified(levels: CountLevels): void {
  if (levels.total === 0) {
    throw new DsrepError(
      'DEGENERATE',
      'mixture data has no images with positive weight',
    );
  }
  if (levels.nMax < 2) {
    throw new DsrepError(
      'DEGENERATE',
      'every image has n = 1 annotator: counts then identify only the mean ' +
        'selection frequency, not its distribution; use n >= 2',
    );
  }
  let allZero = true;
  let allFull = true;
  for (let j = 0; j < levels.k.length; j++) {
    if ((levels.k[j] as number) !== 0) allZero = false;
    if ((levels.k[j] as number) !== (levels.n[j] as number)) allFull = false;
  }
  if (allZero || allFull) {
    throw new DsrepError(
      'DEGENERATE',
      `every image has k = ${allZero ? '0' : 'n'}: the selection frequency ` +
        'is a point mass at the boundary and no beta mixture is identified; ' +
        'use the naive estimator for this data',
    );
  }
}

function checkInteger(name: string, value: number, min: number): void {
  if (!Number.isInteger(value) || value < min) {
    throw new DsrepError(
      'BAD_PARAMETER',
      `${name} must be an integer >= ${min}, got ${value}`,
    );
  }
}

/**
 * Model choice over the number of components (seed figure 14): fits
 * every K in `Ks` and returns all fits with the one of smallest BIC.
 */
export function chooseMixture(
  data: CountData,
  Ks: readonly number[],
  options: MixtureOptions,
): { fits: MixtureFit[]; best: MixtureFit; bestK: number } {
  const levels = groupCounts(data, 'mixture data');
  const fits = Ks.map((K) =>
    fitLevels(levels, { ...options, K, rng: options.rng.derive(`K:${K}`) }),
  );
  let at = 0;
  fits.forEach((fit, i) => {
    if (fit.bic < (fits[at] as MixtureFit).bic) at = i;
  });
  const best = fits[at];
  if (best === undefined) {
    throw new DsrepError('BAD_PARAMETER', 'chooseMixture needs at least one K');
  }
  return { fits, best, bestK: Ks[at] as number };
}
