import { describe, expect, test } from 'vitest';
import { DsrepError, RandomStream } from '@dsrep/core';
import {
  betaDensity,
  chooseMixture,
  fitMixture,
  logBetaBinomial,
  mixtureDensity,
  type MixtureFit,
} from '../src/parametric/index.js';
import { groupCounts } from '../src/parametric/levels.js';
import { componentObjective, componentStats } from '../src/parametric/mstep.js';

/** A mixture component: weight π, Beta(α, β). */
type Component = [pi: number, alpha: number, beta: number];

/** Two well-separated components: hard images and easy ones. */
const TWO: Component[] = [
  [0.3, 2, 8],
  [0.7, 12, 3],
];

/** N images with n annotators each, s drawn from the mixture. */
function sample(rng: RandomStream, N: number, n: number, mix: Component[]) {
  const k = new Int32Array(N);
  for (let j = 0; j < N; j++) {
    let u = rng.next();
    let c = mix[mix.length - 1] as Component;
    for (const comp of mix) {
      if (u < comp[0]) {
        c = comp;
        break;
      }
      u -= comp[0];
    }
    k[j] = rng.binomial(n, rng.beta(c[1], c[2]));
  }
  return { k, n: new Int32Array(N).fill(n) };
}

/** ∫ |p̂(s) − p(s)| ds by the midpoint rule on 2,000 cells. */
function l1Distance(fit: MixtureFit, mix: Component[]): number {
  const G = 2000;
  let d = 0;
  for (let g = 0; g < G; g++) {
    const s = (g + 0.5) / G;
    let p = 0;
    for (const [pi, a, b] of mix) p += pi * betaDensity(s, a, b);
    d += Math.abs(p - mixtureDensity(fit, s)) / G;
  }
  return d;
}

function expectMonotone(trace: Float64Array): void {
  for (let i = 1; i < trace.length; i++) {
    const prev = trace[i - 1] as number;
    // Only rounding of a sum of ≤ 41 terms may show: 1e-12 relative.
    expect(trace[i], `logLik at iteration ${i}`).toBeGreaterThanOrEqual(
      prev - 1e-12 * Math.abs(prev),
    );
  }
}

describe('beta-binomial likelihood', () => {
  test('pmf sums to 1 and matches the rising-factorial objective', () => {
    let total = 0;
    for (let k = 0; k <= 40; k++)
      total += Math.exp(logBetaBinomial(k, 40, 0.7, 2.5));
    expect(total).toBeCloseTo(1, 12);

    // Q(α, β) + Σ w log C(n, k) must equal Σ w log BB computed by betaln.
    const data = {
      k: Int32Array.from([0, 3, 3, 7, 10, 5]),
      n: Int32Array.from([10, 10, 10, 12, 10, 8]),
    };
    const levels = groupCounts(data, 'test');
    expect(levels.k.length, 'distinct (k, n) levels').toBe(5);
    const stats = {
      a: new Float64Array(levels.nMax),
      b: new Float64Array(levels.nMax),
      c: new Float64Array(levels.nMax),
    };
    componentStats(levels, levels.weight, stats);
    let direct = 0;
    let constant = 0;
    for (let j = 0; j < data.k.length; j++) {
      direct += logBetaBinomial(
        data.k[j] as number,
        data.n[j] as number,
        1.3,
        0.4,
      );
    }
    for (let j = 0; j < levels.k.length; j++) {
      constant +=
        (levels.weight[j] as number) * (levels.logChoose[j] as number);
    }
    expect(componentObjective(stats, 1.3, 0.4) + constant).toBeCloseTo(
      direct,
      10,
    );
  });
});

describe('fitMixture', () => {
  test('recovers the generating density (K = 3, N = 10,000, n = 40)', () => {
    const N = 10_000;
    const data = sample(RandomStream.fromSeed(11), N, 40, TWO);
    const fit = fitMixture(data, {
      K: 3,
      restarts: 5,
      rng: RandomStream.fromSeed(1),
    });

    // A regular parametric fit has L1 error O(sqrt(p / N)), p = 3K − 1
    // free parameters; we allow 3·sqrt(p / N) = 0.085. Calibration over
    // 8 seeds at N = 2,500, 10,000 and 40,000, K = 2 and 3: the worst
    // L1 was 0.73 of this bound (typical 0.3–0.5).
    const bound = 3 * Math.sqrt(8 / N);
    const l1 = l1Distance(fit, TWO);
    expect(l1, `L1 distance (bound ${bound.toFixed(3)})`).toBeLessThan(bound);
    expect(
      fit.pi.reduce((x, y) => x + y),
      'Σ π',
    ).toBeCloseTo(1, 12);
    expectMonotone(fit.logLikTrace);
  });

  test('K = 2 at N = 40,000 is closer still', () => {
    const N = 40_000;
    const data = sample(RandomStream.fromSeed(12), N, 40, TWO);
    const fit = fitMixture(data, { K: 2, rng: RandomStream.fromSeed(2) });
    expect(l1Distance(fit, TWO), 'L1 distance').toBeLessThan(
      3 * Math.sqrt(5 / N),
    );
    expect(fit.converged, 'converged').toBe(true);
    // Well specified, so the parameters themselves are recovered.
    expect(fit.pi[0]).toBeCloseTo(0.3, 1);
    expect(fit.alpha[1] / (fit.alpha[1] + fit.beta[1])).toBeCloseTo(0.8, 1);
  });

  test('EM never lowers the likelihood', () => {
    const data = sample(RandomStream.fromSeed(13), 3000, 40, TWO);
    for (const K of [1, 2, 3, 4]) {
      for (let seed = 0; seed < 3; seed++) {
        const fit = fitMixture(data, {
          K,
          restarts: 1,
          rng: RandomStream.fromSeed(seed),
        });
        expect(fit.logLikTrace.length, 'trace length').toBe(fit.iterations + 1);
        expectMonotone(fit.logLikTrace);
      }
    }
  });

  test('BIC picks the true K on a clear two-component case', () => {
    const data = sample(RandomStream.fromSeed(14), 5000, 40, TWO);
    const choice = chooseMixture(data, [1, 2, 3, 4], {
      rng: RandomStream.fromSeed(3),
    });
    expect(choice.bestK).toBe(2);
    // More components never fit worse (up to EM not reaching the optimum).
    const [one, two] = choice.fits as [MixtureFit, MixtureFit];
    expect(two.logLik).toBeGreaterThan(one.logLik);
  });

  test('weights act as repeated images; same seed, same fit', () => {
    const data = sample(RandomStream.fromSeed(15), 500, 20, TWO);
    const doubled = {
      k: Int32Array.from([...data.k, ...data.k]),
      n: Int32Array.from([...data.n, ...data.n]),
    };
    const weighted = { ...data, weights: new Float64Array(500).fill(2) };
    const a = fitMixture(doubled, { K: 2, rng: RandomStream.fromSeed(4) });
    const b = fitMixture(weighted, { K: 2, rng: RandomStream.fromSeed(4) });
    expect(Array.from(b.alpha)).toEqual(Array.from(a.alpha));
    expect(b.logLik).toBe(a.logLik);
  });

  test('mixed n per image', () => {
    const rng = RandomStream.fromSeed(16);
    const N = 10_000;
    const k = new Int32Array(N);
    const n = new Int32Array(N);
    for (let j = 0; j < N; j++) {
      n[j] = 30 + rng.int(11);
      const [, a, b] = (rng.next() < 0.3 ? TWO[0] : TWO[1]) as Component;
      k[j] = rng.binomial(n[j] as number, rng.beta(a, b));
    }
    const fit = fitMixture({ k, n }, { K: 2, rng: RandomStream.fromSeed(5) });
    expect(l1Distance(fit, TWO), 'L1 distance').toBeLessThan(
      3 * Math.sqrt(5 / N),
    );
  });
});

describe('degenerate and bad input', () => {
  const rng = RandomStream.fromSeed(0);
  const n = new Int32Array(50).fill(10);
  test.each([
    ['k = 0 everywhere', new Int32Array(50), n, /every image has k = 0/],
    [
      'k = n everywhere',
      new Int32Array(50).fill(10),
      n,
      /every image has k = n/,
    ],
    [
      'n = 1',
      Int32Array.from({ length: 50 }, (_, j) => j % 2),
      new Int32Array(50).fill(1),
      /n = 1/,
    ],
  ])('%s is DEGENERATE', (_, k, nn, message) => {
    const error = captureError(() => fitMixture({ k, n: nn }, { rng }));
    expect(error).toBeInstanceOf(DsrepError);
    expect((error as DsrepError).code).toBe('DEGENERATE');
    expect((error as DsrepError).message).toMatch(message);
  });

  test('k > n names the image row', () => {
    const k = new Int32Array(50).fill(3);
    k[7] = 11;
    const error = captureError(() => fitMixture({ k, n }, { rng }));
    expect((error as DsrepError).code).toBe('BAD_INPUT');
    expect((error as DsrepError).location.row).toBe(8);
  });

  test('bad K is BAD_PARAMETER', () => {
    const k = Int32Array.from({ length: 50 }, (_, j) => j % 11);
    const error = captureError(() => fitMixture({ k, n }, { K: 0, rng }));
    expect((error as DsrepError).code).toBe('BAD_PARAMETER');
  });
});

function captureError(f: () => unknown): unknown {
  try {
    f();
  } catch (error) {
    return error;
  }
  throw new Error('expected an error');
}
