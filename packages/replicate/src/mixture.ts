import gammaln from '@stdlib/math-base-special-gammaln';
import { DsrepError, type RandomStream } from '@dsrep/core';
import { nelderMead2 } from './nelderMead.js';

/**
 * A mixture of K beta distributions for the selection frequency s,
 * p(s) = Σ_i weight_i · Beta(s; alpha_i, beta_i), fitted to counts
 * (image j: k_j of n_j annotators selected it) through the
 * beta-binomial likelihood. Components are ordered by mean α/(α+β).
 */
export interface BetaMixture {
  K: number;
  weight: Float64Array;
  alpha: Float64Array;
  beta: Float64Array;
  logLik: number;
  /** −2 logLik + (3K − 1) log N, N = images. */
  bic: number;
}

const LOG_MIN = Math.log(1e-3);
const LOG_MAX = Math.log(1e5);
const clamp = (x: number) => Math.min(LOG_MAX, Math.max(LOG_MIN, x));
const lbeta = (a: number, b: number) =>
  gammaln(a) + gammaln(b) - gammaln(a + b);

/**
 * log BB(k_j; n_j, α, β) without the log C(n, k) term, for every level
 * j at once. For whole k and n, B(k+α, n−k+β)/B(α, β) is a ratio of
 * rising factorials, so with prefix sums P_a[x] = Σ_{i<x} log(a + i)
 * each level costs three lookups: P_α[k] + P_β[n−k] − P_{α+β}[n].
 * That is 3·(nMax + 1) logarithms per (α, β) instead of six log-gamma
 * calls per level.
 */
function logBBAll(
  L: readonly { k: number; n: number }[],
  nMax: number,
  a: number,
  b: number,
  work: Float64Array,
  out: Float64Array,
): Float64Array {
  const stride = nMax + 1;
  let pa = 0;
  let pb = 0;
  let pab = 0;
  for (let x = 0; x <= nMax; x++) {
    work[x] = pa;
    work[stride + x] = pb;
    work[2 * stride + x] = pab;
    pa += Math.log(a + x);
    pb += Math.log(b + x);
    pab += Math.log(a + b + x);
  }
  L.forEach((l, j) => {
    out[j] =
      (work[l.k] as number) +
      (work[stride + l.n - l.k] as number) -
      (work[2 * stride + l.n] as number);
  });
  return out;
}

/**
 * EM for a K-component beta-binomial mixture (SPEC section 7, seed
 * algorithm 1), local to this package because @dsrep/estimate does not
 * export its fitMixture. E-step: responsibilities; M-step: weights in
 * closed form, each (log α, log β) by Nelder–Mead on the weighted
 * beta-binomial log-likelihood, bounded to [1e-3, 1e5]. `restarts`
 * random starts (restart r on `rng.derive('restart:' + r)`), the best
 * log-likelihood kept. Identical (k, n) pairs are grouped first.
 * Throws DEGENERATE when every n is 1 or every k is 0 (or n).
 */
export function fitBetaMixture(
  k: Int32Array,
  n: Int32Array,
  K: number,
  rng: RandomStream,
  restarts = 5,
  maxIter = 300,
  tol = 1e-8,
): BetaMixture {
  const levels = new Map<number, { k: number; n: number; w: number }>();
  for (let j = 0; j < k.length; j++) {
    const key = (n[j] as number) * 1_000_003 + (k[j] as number);
    const l = levels.get(key);
    if (l) l.w++;
    else levels.set(key, { k: k[j] as number, n: n[j] as number, w: 1 });
  }
  const L = [...levels.values()];
  if (L.length === 0 || L.every((l) => l.n < 2)) {
    throw new DsrepError(
      'DEGENERATE',
      'a beta mixture needs images with n >= 2 annotators',
    );
  }
  if (L.every((l) => l.k === 0) || L.every((l) => l.k === l.n)) {
    throw new DsrepError(
      'DEGENERATE',
      'every image has k = 0 (or every k = n): no beta mixture is identified',
    );
  }
  const logChoose = L.map(
    (l) => gammaln(l.n + 1) - gammaln(l.k + 1) - gammaln(l.n - l.k + 1),
  );
  const total = L.reduce((a, l) => a + l.w, 0);
  const nMax = Math.max(...L.map((l) => l.n));
  const work = new Float64Array(3 * (nMax + 1));
  const lbb = new Float64Array(L.length * K);
  const one = new Float64Array(L.length);

  let best: BetaMixture | undefined;
  for (let r = 0; r < restarts; r++) {
    const stream = rng.derive(`restart:${r}`);
    const la = new Float64Array(K);
    const lb = new Float64Array(K);
    const pi = new Float64Array(K).fill(1 / K);
    for (let i = 0; i < K; i++) {
      const mean = 0.05 + 0.9 * stream.next();
      const conc = Math.exp(stream.next() * 4);
      la[i] = clamp(Math.log(mean * conc));
      lb[i] = clamp(Math.log((1 - mean) * conc));
    }
    const resp = new Float64Array(L.length * K);
    let logLik = -Infinity;
    for (let it = 0; it < maxIter; it++) {
      // E-step, with the log-likelihood of the current parameters.
      for (let i = 0; i < K; i++) {
        const a = Math.exp(la[i] as number);
        logBBAll(L, nMax, a, Math.exp(lb[i] as number), work, one);
        one.forEach((v, j) => (lbb[j * K + i] = v));
      }
      let ll = 0;
      L.forEach((l, j) => {
        let max = -Infinity;
        for (let i = 0; i < K; i++) {
          const v = Math.log(pi[i] as number) + (lbb[j * K + i] as number);
          resp[j * K + i] = v;
          if (v > max) max = v;
        }
        let sum = 0;
        for (let i = 0; i < K; i++) {
          const e = Math.exp((resp[j * K + i] as number) - max);
          resp[j * K + i] = e;
          sum += e;
        }
        for (let i = 0; i < K; i++)
          resp[j * K + i] = (resp[j * K + i] as number) / sum;
        ll += l.w * (max + Math.log(sum) + (logChoose[j] as number));
      });
      const done = Math.abs(ll - logLik) <= tol * Math.abs(ll);
      logLik = ll;
      if (done) break;

      // M-step.
      for (let i = 0; i < K; i++) {
        let wi = 0;
        L.forEach((l, j) => (wi += l.w * (resp[j * K + i] as number)));
        pi[i] = Math.max(wi / total, 1e-300);
        if (wi === 0) continue;
        const weights = Float64Array.from(
          L,
          (l, j) => l.w * (resp[j * K + i] as number),
        );
        const objective = (x: number, y: number) => {
          logBBAll(L, nMax, Math.exp(clamp(x)), Math.exp(clamp(y)), work, one);
          let s = 0;
          for (let j = 0; j < L.length; j++) {
            s += (weights[j] as number) * (one[j] as number);
          }
          return -s;
        };
        // A partial M-step (generalised EM): Nelder–Mead keeps its best
        // vertex, which starts at the current point, so the likelihood
        // never decreases; a full inner optimum every round is wasted.
        const start: [number, number] = [la[i] as number, lb[i] as number];
        const [x, y] = nelderMead2(objective, start, 0.3, 1e-10, 80);
        la[i] = clamp(x);
        lb[i] = clamp(y);
      }
    }
    if (!best || logLik > best.logLik) {
      const order = Array.from({ length: K }, (_, i) => i).sort((p, q) => {
        const mean = (i: number) =>
          Math.exp(la[i] as number) /
          (Math.exp(la[i] as number) + Math.exp(lb[i] as number));
        return mean(p) - mean(q);
      });
      best = {
        K,
        weight: Float64Array.from(order, (i) => pi[i] as number),
        alpha: Float64Array.from(order, (i) => Math.exp(la[i] as number)),
        beta: Float64Array.from(order, (i) => Math.exp(lb[i] as number)),
        logLik,
        bic: -2 * logLik + (3 * K - 1) * Math.log(total),
      };
    }
  }
  return best as BetaMixture;
}

/** Density of the mixture at s in (0, 1). */
export function mixtureDensity(fit: BetaMixture, s: number): number {
  let p = 0;
  for (let i = 0; i < fit.K; i++) {
    const a = fit.alpha[i] as number;
    const b = fit.beta[i] as number;
    p +=
      (fit.weight[i] as number) *
      Math.exp((a - 1) * Math.log(s) + (b - 1) * Math.log1p(-s) - lbeta(a, b));
  }
  return p;
}
