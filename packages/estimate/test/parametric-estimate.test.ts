import { describe, expect, test } from 'vitest';
import { DsrepError, RandomStream } from '@dsrep/core';
import {
  betaDensity,
  fitMixture,
  fitParametric,
  fitSpline,
  fitSplineShares,
  mixtureWeights,
  splineDesign,
  type MixtureFit,
} from '../src/parametric/index.js';
import { logChoose } from '../src/parametric/betabinomial.js';

/**
 * The synthetic world of the acceptance test: s1 ~ Beta(a + 1, b) on
 * D1 (v1), s2 ~ Beta(a, b) on D2 (v2, slightly harder), n = 40
 * annotators, and a classifier with known P(correct | s) = logistic.
 */
const a = 6;
const b = 2;
const n = 40;
const P = (s: number) => 1 / (1 + Math.exp(-(6 * s - 3)));

const G = 20_000;
const densities = new Map<string, Float64Array>();

/** ∫ f(s) Beta(s; α, β) ds by the midpoint rule on 20,000 cells. */
function integrate(f: (s: number) => number, alpha: number, beta: number) {
  const key = `${alpha},${beta}`;
  let density = densities.get(key);
  if (density === undefined) {
    density = Float64Array.from({ length: G }, (_, g) =>
      betaDensity((g + 0.5) / G, alpha, beta),
    );
    densities.set(key, density);
  }
  let total = 0;
  for (let g = 0; g < G; g++)
    total += (f((g + 0.5) / G) * (density[g] as number)) / G;
  return total;
}

/** The true A(D2|s1) = ∫ P(f=1|s) p_1(s) ds. */
const truth = integrate(P, a + 1, b);

function world(seed: number, N: number) {
  const rng = RandomStream.fromSeed(seed);
  const k1 = new Int32Array(N);
  const k2 = new Int32Array(N);
  const correct = new Uint8Array(N);
  for (let j = 0; j < N; j++) {
    k1[j] = rng.binomial(n, rng.beta(a + 1, b));
    const s = rng.beta(a, b);
    k2[j] = rng.binomial(n, s);
    correct[j] = rng.bernoulli(P(s)) ? 1 : 0;
  }
  const nn = new Int32Array(N).fill(n);
  return { d1: { k: k1, n: nn }, d2: { k: k2, n: nn, correct: [correct] } };
}

function oneBeta(alpha: number, beta: number): MixtureFit {
  return {
    pi: Float64Array.of(1),
    alpha: Float64Array.of(alpha),
    beta: Float64Array.of(beta),
    logLik: 0,
    iterations: 0,
    logLikTrace: new Float64Array(0),
    bic: 0,
    converged: true,
  };
}

describe('fitParametric', () => {
  test('recovers the true A(D2|s1) on synthetic data', () => {
    // Infinite-sample limit: true p_1, p_2 and exact expected shares.
    // Its distance from the truth is the model's approximation bias
    // (a logistic is not exactly a 7-term cubic spline).
    const counts = {
      k: Int32Array.from({ length: n + 1 }, (_, k) => k),
      n: new Int32Array(n + 1).fill(n),
    };
    const design = splineDesign(counts, oneBeta(a, b), 1000);
    const shares = Float64Array.from({ length: design.rows }, (_, k) =>
      integrate(
        (s) =>
          Math.exp(
            logChoose(n, k) + k * Math.log(s) + (n - k) * Math.log1p(-s),
          ) * P(s),
        a,
        b,
      ),
    );
    const limit = fitSplineShares(design, shares);
    const w1 = mixtureWeights(oneBeta(a + 1, b), 1000);
    const atLimit = limit.values.reduce(
      (sum, v, g) => sum + v * (w1[g] as number),
      0,
    );
    const bias = Math.abs(atLimit - truth);
    expect(bias, 'approximation bias').toBeLessThan(0.002);

    // R independent worlds of 10,000 images per set.
    const R = 8;
    const estimates: number[] = [];
    for (let r = 0; r < R; r++) {
      const { d1, d2 } = world(100 + r, 10_000);
      const fit = fitParametric(
        { d1, d2, models: ['logistic'] },
        { rng: RandomStream.fromSeed(r) },
      );
      estimates.push(fit.adjusted[0] as number);
    }
    const mean = estimates.reduce((x, y) => x + y) / R;
    const sd = Math.sqrt(
      estimates.reduce((x, y) => x + (y - mean) ** 2, 0) / (R - 1),
    );
    // Sampling error of the mean is sd/√R (sd ≈ 0.004 here); allow 3 SE
    // plus the approximation bias. Each world alone: within 4 sd.
    expect(
      Math.abs(mean - truth),
      `mean ${mean}, truth ${truth}, sd ${sd}`,
    ).toBeLessThan((3 * sd) / Math.sqrt(R) + bias);
    for (const e of estimates)
      expect(Math.abs(e - truth)).toBeLessThan(4 * sd + bias);
  });

  test('several models share the mixtures; always right gives A ≈ 1', () => {
    const { d1, d2 } = world(7, 5000);
    const always = new Uint8Array(5000).fill(1);
    const never = new Uint8Array(5000);
    const fit = fitParametric(
      {
        d1,
        d2: { ...d2, correct: [d2.correct[0] as Uint8Array, always, never] },
        models: ['m', 'right', 'wrong'],
      },
      { rng: RandomStream.fromSeed(1) },
    );
    expect(fit.splines).toHaveLength(3);
    // All-correct shares equal the count histogram, which the fitted p_2
    // reproduces up to its own fit error: A is 1 up to that error.
    expect(fit.adjusted[1], 'always right').toBeGreaterThan(0.99);
    expect(fit.adjusted[1], 'always right').toBeLessThanOrEqual(1 + 1e-9);
    expect(fit.adjusted[2], 'never right').toBeLessThan(1e-5);
  });

  test('weights give the same fit as repeating images', () => {
    const { d1, d2 } = world(10, 600);
    const rng = RandomStream.fromSeed(3);
    const w1 = Float64Array.from({ length: 600 }, () => rng.int(3));
    const w2 = Float64Array.from({ length: 600 }, () => rng.int(3));
    const repeat = (x: ArrayLike<number>, w: Float64Array) =>
      Array.from(x).flatMap((v, j) => Array<number>(w[j] as number).fill(v));
    const correct = d2.correct[0] as Uint8Array;
    const expanded = fitParametric(
      {
        d1: {
          k: Int32Array.from(repeat(d1.k, w1)),
          n: Int32Array.from(repeat(d1.n, w1)),
        },
        d2: {
          k: Int32Array.from(repeat(d2.k, w2)),
          n: Int32Array.from(repeat(d2.n, w2)),
          correct: [Uint8Array.from(repeat(correct, w2))],
        },
        models: ['m'],
      },
      { rng: RandomStream.fromSeed(4) },
    );
    const weighted = fitParametric(
      { d1: { ...d1, weights: w1 }, d2: { ...d2, weights: w2 }, models: ['m'] },
      { rng: RandomStream.fromSeed(4) },
    );
    expect(weighted.p2.logLik).toBe(expanded.p2.logLik);
    expect(weighted.adjusted[0]).toBeCloseTo(
      expanded.adjusted[0] as number,
      10,
    );
  });

  test('degenerate inputs fail with a clear DsrepError', () => {
    const { d1, d2 } = world(8, 200);
    const full = { ...d2, k: d2.n.slice() };
    const ones = {
      k: Int32Array.from({ length: 200 }, (_, j) => j % 2),
      n: new Int32Array(200).fill(1),
    };
    const rng = RandomStream.fromSeed(0);
    expect(() =>
      fitParametric({ d1, d2: full, models: ['m'] }, { rng }),
    ).toThrow(/every image has k = n/);
    expect(() =>
      fitParametric({ d1: ones, d2, models: ['m'] }, { rng }),
    ).toThrow(DsrepError);
    expect(() =>
      fitParametric({ d1, d2, models: ['m', 'x'] }, { rng }),
    ).toThrow(/2 models/);
  });
});

// Timing, outside the default run:
//   DSREP_BENCH=1 npx vitest run test/parametric-estimate -t bench
// Reports wall and process CPU time (the machine may be shared).
test.runIf(process.env.DSREP_BENCH)(
  'bench: K = 3, 10,000 images, n = 40',
  () => {
    const { d1, d2 } = world(9, 10_000);
    const fitWall: number[] = [];
    const fitCpu: number[] = [];
    let p2 = fitMixture(d2, { rng: RandomStream.fromSeed(99) }); // warm-up
    for (let r = 0; r < 15; r++) {
      const [wall, cpu] = timed(() => {
        p2 = fitMixture(d2, {
          K: 3,
          restarts: 5,
          rng: RandomStream.fromSeed(r),
        });
      });
      fitWall.push(wall);
      fitCpu.push(cpu);
    }
    const design = splineDesign(d2, p2, 1000);
    const rng = RandomStream.fromSeed(1);
    const qpWall: number[] = [];
    for (let m = 0; m < 50; m++) {
      // A different classifier each time: flip 10% of the predictions.
      const base = d2.correct[0] as Uint8Array;
      const correct = base.map((c) => (rng.bernoulli(0.1) ? 1 - c : c));
      qpWall.push(timed(() => fitSpline(design, correct))[0]);
    }
    const [designWall] = timed(() => splineDesign(d2, p2, 1000));
    const [totalWall] = timed(() =>
      fitParametric(
        { d1, d2, models: ['m'] },
        { rng: RandomStream.fromSeed(2) },
      ),
    );
    console.log(
      `mixture fit: median wall ${median(fitWall).toFixed(1)} ms, ` +
        `median CPU ${median(fitCpu).toFixed(1)} ms; ` +
        `design ${designWall.toFixed(1)} ms; ` +
        `QP per model median ${median(qpWall).toFixed(2)} ms; ` +
        `fitParametric (1 model) ${totalWall.toFixed(1)} ms`,
    );
    expect(median(fitCpu), 'a loose ceiling, not the target').toBeLessThan(
      1000,
    );
  },
);

function timed(f: () => unknown): [wall: number, cpu: number] {
  const cpu = process.cpuUsage();
  const wall = performance.now();
  f();
  return [performance.now() - wall, process.cpuUsage(cpu).user / 1000];
}

function median(xs: number[]): number {
  return [...xs].sort((x, y) => x - y)[xs.length >> 1] as number;
}
