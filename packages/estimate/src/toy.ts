import betaln from '@stdlib/math-base-special-betaln';
import type { RandomStream } from '@dsrep/core';
import type { ToyCase } from './params.js';

/** Density of Beta(a, b) at s in (0, 1). */
export function betaDensity(s: number, a: number, b: number): number {
  if (s <= 0 || s >= 1) return 0;
  return Math.exp(
    (a - 1) * Math.log(s) + (b - 1) * Math.log1p(-s) - betaln(a, b),
  );
}

/**
 * Density of the true selection frequency s of matched images in the
 * toy model of SPEC section 2 (candidates ~ Beta(α, β), original
 * ~ Beta(α + 1, β), n annotators):
 *
 *     p_matched(s) = n/(n+α+β) · Beta(α+1, β)(s)
 *                  + (α+β)/(n+α+β) · Beta(α, β)(s)
 */
export function matchedDensity(s: number, c: ToyCase): number {
  const total = c.n + c.alpha + c.beta;
  return (
    (c.n / total) * betaDensity(s, c.alpha + 1, c.beta) +
    ((c.alpha + c.beta) / total) * betaDensity(s, c.alpha, c.beta)
  );
}

/** E[s] under p_matched: the mixture of the two beta means. */
export function matchedMean(c: ToyCase): number {
  const total = c.n + c.alpha + c.beta;
  const meanP1 = (c.alpha + 1) / (c.alpha + c.beta + 1);
  const meanPool = c.alpha / (c.alpha + c.beta);
  return (c.n / total) * meanP1 + ((c.alpha + c.beta) / total) * meanPool;
}

/** What the simulation of one toy case found. */
export interface ToySimulation {
  accepted: number;
  mean: number;
  /** Standard error of `mean`: sd of accepted s / √accepted. */
  se: number;
  /** Histogram density of accepted s on `bins` equal bins of [0, 1]. */
  density: Float64Array;
}

/**
 * Simulates matching in the toy model: draws `draws` candidates with
 * s ~ Beta(α, β) and k ~ Binomial(n, s), and accepts each with
 * probability r(k) / r(n), where r(k) = (k+α)(α+β) / (α(n+α+β)) is the
 * beta-binomial ratio p_1(ŝ = k/n) / p_flickr(ŝ = k/n); r is largest at
 * k = n, so r(k)/r(n) is a valid probability.
 */
export function simulateToy(
  c: ToyCase,
  draws: number,
  bins: number,
  rng: RandomStream,
): ToySimulation {
  const { alpha, beta, n } = c;
  const ratio = (k: number) => (k + alpha) / (n + alpha);
  const counts = new Float64Array(bins);
  let accepted = 0;
  let sum = 0;
  let sumSq = 0;
  for (let i = 0; i < draws; i++) {
    const s = rng.beta(alpha, beta);
    const k = rng.binomial(n, s);
    if (!rng.bernoulli(ratio(k))) continue;
    accepted++;
    sum += s;
    sumSq += s * s;
    counts[Math.min(bins - 1, Math.floor(s * bins))]++;
  }
  const mean = sum / accepted;
  const variance = (sumSq - accepted * mean * mean) / (accepted - 1);
  return {
    accepted,
    mean,
    se: Math.sqrt(Math.max(0, variance) / accepted),
    density: counts.map((x) => (x * bins) / accepted),
  };
}

/**
 * Mean of p_matched over each of `bins` equal bins of [0, 1], by the
 * midpoint rule on 200 points per bin (midpoints avoid the endpoints,
 * where the density is infinite when α < 1 or β < 1).
 */
export function matchedBinDensity(c: ToyCase, bins: number): Float64Array {
  const steps = 200;
  return Float64Array.from({ length: bins }, (_, b) => {
    let total = 0;
    for (let i = 0; i < steps; i++) {
      total += matchedDensity((b + (i + 0.5) / steps) / bins, c);
    }
    return total / steps;
  });
}
