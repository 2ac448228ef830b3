import { describe, expect, it } from 'vitest';
import { expectedCurve, planCurve } from '../src/expected.js';
import { hypergeometricPmf } from '../src/hypergeometric.js';
import {
  aggregateLevels,
  indexLevels,
  type ImageTable,
} from '../src/levels.js';
import { naiveEstimate } from '../src/naive.js';

/** E[Â_m] by enumerating every joint outcome of the subsampled counts. */
function bruteForce(table: ImageTable, m: number, model: number): number {
  const images = [
    ...Array.from(table.d1.k, (k, i) => ({
      side: 1,
      k,
      n: table.d1.n[i],
      f: 0,
    })),
    ...Array.from(table.d2.k, (k, i) => ({
      side: 2,
      k,
      n: table.d2.n[i],
      f: table.d2.correct[i * table.models.length + model],
    })),
  ];
  const pmfs = images.map((im) => hypergeometricPmf(im.n, im.k, m));
  let expectation = 0;
  const walk = (i: number, prob: number, xs: number[]) => {
    if (prob === 0) return;
    if (i === images.length) {
      const c1 = new Float64Array(m + 1);
      const c2 = new Float64Array(m + 1);
      const f2 = new Float64Array(m + 1);
      images.forEach((im, r) => {
        if (im.side === 1) c1[xs[r]]++;
        else {
          c2[xs[r]]++;
          f2[xs[r]] += im.f;
        }
      });
      const n1 = table.d1.k.length;
      let a = 0;
      for (let x = 0; x <= m; x++)
        if (c2[x] > 0) a += (c1[x] / n1) * (f2[x] / c2[x]);
      expectation += prob * a;
      return;
    }
    pmfs[i].forEach((p, x) => walk(i + 1, prob * p, [...xs, x]));
  };
  walk(0, 1, []);
  return expectation;
}

const tiny: ImageTable = {
  models: ['a', 'b'],
  d1: {
    k: Int32Array.of(1, 3, 4),
    n: Int32Array.of(4, 4, 5),
    correct: new Uint8Array(6),
  },
  d2: {
    k: Int32Array.of(0, 2, 3, 5),
    n: Int32Array.of(4, 5, 4, 5),
    correct: Uint8Array.of(1, 0, 1, 1, 0, 1, 1, 1),
  },
};

describe('exact expectation of the naive estimator', () => {
  it('matches brute-force enumeration on mixed n (exact, no sampling)', () => {
    const index = indexLevels(tiny);
    const stats = aggregateLevels(tiny, index);
    const plan = planCurve(index.levelN, index.levelK, 2, 4, 4);
    const curve = expectedCurve(plan, stats).values;
    for (let m = 1; m <= 4; m++) {
      for (let j = 0; j < 2; j++) {
        // Quadrature is the only approximation; its error is ~1e-12.
        expect(curve[(m - 1) * 2 + j], `m=${m} model=${j}`).toBeCloseTo(
          bruteForce(tiny, m, j),
          9,
        );
      }
    }
  });

  it('equals the naive estimator at m = n when n is constant', () => {
    const table: ImageTable = {
      models: ['a'],
      d1: {
        k: Int32Array.of(0, 1, 2, 2, 3),
        n: new Int32Array(5).fill(3),
        correct: new Uint8Array(5),
      },
      d2: {
        k: Int32Array.from({ length: 300 }, (_, i) => i % 4),
        n: new Int32Array(300).fill(3),
        correct: Uint8Array.from({ length: 300 }, (_, i) =>
          i % 7 < 4 ? 1 : 0,
        ),
      },
    };
    const index = indexLevels(table);
    const stats = aggregateLevels(table, index);
    const plan = planCurve(index.levelN, index.levelK, 1, 3, 300);
    const curve = expectedCurve(plan, stats).values;
    expect(curve[2]).toBeCloseTo(naiveEstimate(stats).values[0], 10);
  });
});

describe('quadrature window of a plan', () => {
  it('a plan centred on other counts gives the same curve', async () => {
    const { syntheticImages } = await import('./synthetic.js');
    const table = syntheticImages({
      images1: 2000,
      images2: 2000,
      n: 12,
      models: 3,
      p1: [4, 1.5],
      p2: [2, 2],
      seed: 9,
    });
    const index = indexLevels(table);
    const stats = aggregateLevels(table, index);
    // Counts far from the data (a quarter of them) force the clamped
    // head intervals; the plan without counts keeps every interval.
    const narrow = planCurve(
      index.levelN,
      index.levelK,
      3,
      12,
      2000,
      stats.c2.map((c) => c / 4),
    );
    const wide = planCurve(index.levelN, index.levelK, 3, 12, 2000);
    const a = expectedCurve(narrow, stats).values;
    const b = expectedCurve(wide, stats).values;
    a.forEach((v, i) => expect(v, `entry ${i}`).toBeCloseTo(b[i], 10));
  });
});
