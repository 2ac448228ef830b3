import { describe, expect, test } from 'vitest';
import { RandomStream } from '@dsrep/core';
import { Draws } from '../src/bootstrap.js';
import {
  aggregateLevels,
  indexLevels,
  type ImageTable,
} from '../src/levels.js';
import {
  fitParametricLevels,
  fitSplineShares,
  splineDesign,
} from '../src/parametric/index.js';
import { drawWeights } from '../src/resample.js';
import { BASIS_SCALE, splineBasis } from '../src/parametric/basis.js';
import { splineRange } from '../src/parametric/piecewise.js';

/**
 * A world whose selection frequencies really are a 3-component beta
 * mixture, so that K = 3 is identified and EM has a proper optimum:
 * s ~ 0.3 Beta(3, 30) + 0.3 Beta(30, 30) + 0.4 Beta(30, 3), n = 40,
 * and model j is right with probability 1 / (1 + exp(−(c_j + 4s))).
 */
function mixtureWorld(images: number, models: number, seed: number) {
  const rng = RandomStream.fromSeed(seed);
  const parts: [number, number, number][] = [
    [0.3, 3, 30],
    [0.3, 30, 30],
    [0.4, 30, 3],
  ];
  const role = (stream: RandomStream) => {
    const k = new Int32Array(images);
    const n = new Int32Array(images).fill(40);
    const correct = new Uint8Array(images * models);
    for (let i = 0; i < images; i++) {
      let u = stream.next();
      let [, a, b] = parts[2];
      for (const [w, pa, pb] of parts) {
        if (u < w) {
          [a, b] = [pa, pb];
          break;
        }
        u -= w;
      }
      const s = stream.beta(a, b);
      k[i] = stream.binomial(40, s);
      for (let j = 0; j < models; j++) {
        const c = -2 + (2 * j) / Math.max(1, models - 1);
        correct[i * models + j] = stream.bernoulli(
          1 / (1 + Math.exp(-(c + 4 * s))),
        )
          ? 1
          : 0;
      }
    }
    return { k, n, correct };
  };
  const table: ImageTable = {
    models: Array.from({ length: models }, (_, j) => `m${j}`),
    d1: role(rng.derive('d1')),
    d2: role(rng.derive('d2')),
  };
  return table;
}

describe('warm-started bootstrap fits', () => {
  const images = 3000;
  const models = 3;
  const B = 40;
  const table = mixtureWorld(images, models, 11);
  const index = indexLevels(table);
  const full = fitParametricLevels(aggregateLevels(table, index), {
    K: 3,
    rng: RandomStream.fromSeed(1),
  });
  const { w1, w2 } = drawWeights(
    images,
    images,
    0,
    B,
    RandomStream.fromSeed(2),
  );
  const cold = new Draws(B, models);
  const warm = new Draws(B, models);
  let matched = 0;
  let largest = 0;
  for (let r = 0; r < B; r++) {
    const stats = aggregateLevels(
      table,
      index,
      w1.subarray(r * images, (r + 1) * images),
      w2.subarray(r * images, (r + 1) * images),
    );
    // Reference: cold fits with 20 restarts. With the stage's 5, about
    // 3 in 40 cold fits stop in a local optimum some 250 log-likelihood
    // units lower (A off by up to 0.03); the warm start avoids those.
    const c = fitParametricLevels(stats, {
      K: 3,
      restarts: 20,
      rng: RandomStream.fromSeed(100 + r),
    });
    const w = fitParametricLevels(stats, { K: 3, warm: full });
    cold.set(r, c.adjusted);
    c.adjusted.forEach((v, j) => {
      largest = Math.max(largest, Math.abs(v - w.adjusted[j]));
    });
    warm.set(r, w.adjusted);
    const close = (x: number, y: number) => x >= y - 1e-6 * Math.abs(y);
    if (close(w.p1.logLik, c.p1.logLik) && close(w.p2.logLik, c.p2.logLik)) {
      matched++;
    }
  }

  test('reach the log-likelihood of cold fits with 5 restarts', () => {
    // The brief's criterion: within 1e-6 relative in 95% of resamples.
    expect(matched).toBeGreaterThanOrEqual(Math.ceil(0.95 * B));
  });

  test('give the same estimates and percentile interval', () => {
    // Both stop where the log-likelihood changes by ~1e-8 relative, which
    // leaves A uncertain by ~1e-4 at most; its bootstrap sd is ~0.01.
    expect(largest).toBeLessThan(1e-3);
    for (let j = 0; j < models; j++) {
      const [lo, hi] = cold.interval(j);
      const [wlo, whi] = warm.interval(j);
      // The 2.5% point of 40 draws has a Monte Carlo error of about a
      // quarter of the interval's width; with per-draw differences
      // below 1e-3 (a tenth of the sd) the end points move < 2% of it.
      expect(Math.abs(wlo - lo), `model ${j} low`).toBeLessThan(
        0.02 * (hi - lo),
      );
      expect(Math.abs(whi - hi), `model ${j} high`).toBeLessThan(
        0.02 * (hi - lo),
      );
    }
  });

  test('a spline QP started from other bounds reaches the same optimum', () => {
    // The QP is strictly convex, so its optimum does not depend on the
    // cutting-plane start; only rounding (quadprog's ~1e-12) differs.
    const stats = aggregateLevels(table, index);
    const design = splineDesign(
      { k: stats.levelK, n: stats.levelN, weights: stats.c2 },
      full.p2,
      1000,
    );
    let N = 0;
    stats.c2.forEach((c) => (N += c));
    // Shares pushed towards 1 at high s force the upper bound to bind.
    const shares = new Float64Array(design.rows);
    stats.levelN.forEach((n, l) => {
      const k = stats.levelK[l];
      shares[design.imageRow[l]] = (stats.c2[l] / N) * Math.min(1, 0.3 + k / n);
    });
    const base = fitSplineShares(design, shares);
    expect(base.binding.length).toBeGreaterThan(0);
    for (const start of [[], [1, 500, 900], [...base.binding]]) {
      const fit = fitSplineShares(design, shares, start);
      fit.values.forEach((v, g) =>
        expect(v, `node ${g} from [${start}]`).toBeCloseTo(base.values[g], 9),
      );
    }
  });
});

describe('range of a spline over [0, 1]', () => {
  test('matches a dense evaluation of random splines', () => {
    const rng = RandomStream.fromSeed(4);
    const row = new Float64Array(7);
    for (let trial = 0; trial < 20; trial++) {
      const scaled = Float64Array.from({ length: 7 }, () => 4 * rng.next() - 2);
      let lo = Infinity;
      let hi = -Infinity;
      // 20,001 points include 0, 1 and the knots; an interior extremum
      // lies within h/2 = 2.5e-5 of a point, where the cubic differs by
      // at most |p''|·h²/8 < 1e-5 (|p''| < 1e4 for these coefficients).
      for (let i = 0; i <= 20_000; i++) {
        splineBasis(i / 20_000, row);
        let v = 0;
        for (let b = 0; b < 7; b++) v += (scaled[b] / BASIS_SCALE[b]) * row[b];
        lo = Math.min(lo, v);
        hi = Math.max(hi, v);
      }
      const [min, max] = splineRange(scaled);
      // The exact range contains every sampled value...
      expect(min).toBeLessThanOrEqual(lo + 1e-9);
      expect(max).toBeGreaterThanOrEqual(hi - 1e-9);
      // ...and the sampled range comes within the grid error of it.
      expect(lo - min).toBeLessThan(1e-4);
      expect(max - hi).toBeLessThan(1e-4);
    }
  });
});
