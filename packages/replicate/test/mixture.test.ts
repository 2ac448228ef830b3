import gammaln from '@stdlib/math-base-special-gammaln';
import { RandomStream } from '@dsrep/core';
import { describe, expect, test } from 'vitest';
import { fitBetaMixture, mixtureDensity } from '../src/mixture.js';

const lbeta = (a: number, b: number) =>
  gammaln(a) + gammaln(b) - gammaln(a + b);

/** Log-likelihood of counts under a beta-binomial mixture. */
function logLik(
  k: Int32Array,
  n: number,
  comps: { w: number; a: number; b: number }[],
): number {
  let ll = 0;
  for (const x of k) {
    const choose = gammaln(n + 1) - gammaln(x + 1) - gammaln(n - x + 1);
    let p = 0;
    for (const c of comps) {
      p +=
        c.w * Math.exp(choose + lbeta(x + c.a, n - x + c.b) - lbeta(c.a, c.b));
    }
    ll += Math.log(p);
  }
  return ll;
}

/** k of n = 39 for images whose s is drawn from the given mixture. */
function sample(
  comps: { w: number; a: number; b: number }[],
  images: number,
  rng: RandomStream,
): Int32Array {
  return Int32Array.from({ length: images }, () => {
    let u = rng.next();
    let c = comps[comps.length - 1];
    for (const x of comps) {
      if (u < x.w) {
        c = x;
        break;
      }
      u -= x.w;
    }
    const s = rng.beta(c?.a ?? 1, c?.b ?? 1);
    return rng.binomial(39, s);
  });
}

describe('fitBetaMixture', () => {
  const truth = [
    { w: 0.6, a: 2, b: 8 },
    { w: 0.4, a: 12, b: 3 },
  ];
  const k = sample(truth, 1500, RandomStream.fromSeed(21));
  const n = new Int32Array(k.length).fill(39);

  test('the fit beats the generating parameters in likelihood', () => {
    const fit = fitBetaMixture(k, n, 2, RandomStream.fromSeed(22));
    // The maximum likelihood can only be at least the truth's likelihood;
    // a broken E- or M-step falls below it.
    expect(fit.logLik, 'fit vs truth log-likelihood').toBeGreaterThanOrEqual(
      logLik(k, 39, truth) - 1e-6,
    );
    const comps = Array.from({ length: 2 }, (_, i) => ({
      w: fit.weight[i] as number,
      a: fit.alpha[i] as number,
      b: fit.beta[i] as number,
    }));
    expect(
      Math.abs(fit.logLik - logLik(k, 39, comps)),
      'reported logLik',
    ).toBeLessThan(1e-6);
    // Weights: the low component's share is binomial over 1500 images,
    // sd √(0.24/1500) ≈ 0.013, plus misassignment; 4 sd ≈ 0.05.
    expect(
      Math.abs((fit.weight[0] as number) - 0.6),
      'weight of low component',
    ).toBeLessThan(0.05);
    const w = fit.weight.reduce((a, b) => a + b, 0);
    expect(Math.abs(w - 1), 'weights sum to 1').toBeLessThan(1e-12);
  });

  test('BIC prefers two components to one on bimodal data', () => {
    const one = fitBetaMixture(k, n, 1, RandomStream.fromSeed(23));
    const two = fitBetaMixture(k, n, 2, RandomStream.fromSeed(23));
    expect(two.bic, 'BIC of K = 2 below K = 1').toBeLessThan(one.bic);
  });

  test('density integrates to 1', () => {
    const fit = fitBetaMixture(k, n, 2, RandomStream.fromSeed(24));
    let total = 0;
    const cells = 20_000;
    for (let i = 0; i < cells; i++)
      total += mixtureDensity(fit, (i + 0.5) / cells) / cells;
    // Midpoint rule; the components have α, β ≥ 1-ish, so it is smooth.
    expect(Math.abs(total - 1), 'integral of the density').toBeLessThan(1e-3);
  });

  test('degenerate counts are refused', () => {
    const zeros = new Int32Array(10);
    expect(() =>
      fitBetaMixture(
        zeros,
        new Int32Array(10).fill(5),
        1,
        RandomStream.fromSeed(1),
      ),
    ).toThrow(/k = 0/);
  });
});
