import { describe, expect, it } from 'vitest';
import { RandomStream } from '../src/random.js';

/*
 * Statistical checks use fixed seeds, so they are deterministic; the
 * tolerances are still derived from the sampling error so that a
 * correct generator passes them with near certainty whatever the seed:
 * means within 4 standard errors (two-sided false alarm 6e-5), and
 * chi-square statistics below the 0.999 quantile of their distribution.
 */

const draws = (r: RandomStream, n: number, f: (r: RandomStream) => number) =>
  Array.from({ length: n }, () => f(r));

const mean = (xs: number[]) => xs.reduce((s, x) => s + x, 0) / xs.length;

/** Pearson chi-square statistic of counts against equal expectations. */
function chiSquare(counts: number[], n: number): number {
  const expected = n / counts.length;
  return counts.reduce((s, c) => s + (c - expected) ** 2 / expected, 0);
}

describe('RandomStream', () => {
  it('gives the same sequence for the same seed and name', () => {
    const a = RandomStream.fromSeed(42).derive('stage:clean');
    const b = RandomStream.fromSeed(42).derive('stage:clean');
    expect(draws(a, 100, (r) => r.next())).toEqual(
      draws(b, 100, (r) => r.next()),
    );
  });

  it('gives different sequences for other seeds and names', () => {
    const root = RandomStream.fromSeed(1);
    const seqs = [
      root.derive('a'),
      root.derive('b'),
      root.derive('ab'),
      RandomStream.fromSeed(2).derive('a'),
      root.derive('a').derive('a'),
    ].map((r) => draws(r, 20, (s) => s.next()).join());
    expect(new Set(seqs).size).toBe(seqs.length);
  });

  it('derives streams that are uncorrelated', () => {
    // Under independence the sample correlation of n pairs has standard
    // deviation about 1/sqrt(n); allow 4 of them.
    const n = 20_000;
    const root = RandomStream.fromSeed(7);
    for (const [x, y] of [
      ['class:1', 'class:2'],
      ['class:10', 'class:11'],
      ['a', 'b'],
    ] as const) {
      const u = draws(root.derive(x), n, (r) => r.next());
      const v = draws(root.derive(y), n, (r) => r.next());
      const mu = mean(u);
      const mv = mean(v);
      let sxy = 0;
      let sxx = 0;
      let syy = 0;
      for (let i = 0; i < n; i++) {
        const dx = (u[i] as number) - mu;
        const dy = (v[i] as number) - mv;
        sxy += dx * dy;
        sxx += dx * dx;
        syy += dy * dy;
      }
      const r = sxy / Math.sqrt(sxx * syy);
      expect(Math.abs(r), `corr(${x}, ${y})`).toBeLessThan(4 / Math.sqrt(n));
    }
  });

  it('derives without consuming the parent', () => {
    const a = RandomStream.fromSeed(3);
    const b = RandomStream.fromSeed(3);
    a.derive('x').next();
    expect(a.next()).toBe(b.next());
  });

  it('draws next() uniformly on [0, 1)', () => {
    // 100 equal bins, 100,000 draws: the statistic is chi-square with
    // 99 degrees of freedom, whose 0.999 quantile is 148.23.
    const n = 100_000;
    const counts = new Array<number>(100).fill(0);
    const r = RandomStream.fromSeed(11);
    let outside = 0;
    for (let i = 0; i < n; i++) {
      const x = r.next();
      if (!(x >= 0 && x < 1)) outside++;
      else counts[Math.floor(x * 100)]++;
    }
    expect(outside, 'draws outside [0, 1)').toBe(0);
    expect(chiSquare(counts, n)).toBeLessThan(148.23);
  });

  it('draws int(n) uniformly on [0, n)', () => {
    // n = 6: 5 degrees of freedom, 0.999 quantile 20.52.
    const r = RandomStream.fromSeed(5);
    const counts = new Array<number>(6).fill(0);
    let outside = 0;
    for (let i = 0; i < 60_000; i++) {
      const k = r.int(6);
      if (!(Number.isInteger(k) && k >= 0 && k < 6)) outside++;
      else counts[k]++;
    }
    expect(outside, 'draws outside 0..5').toBe(0);
    expect(chiSquare(counts, 60_000)).toBeLessThan(20.52);
    expect(r.int(1)).toBe(0);
    expect(() => r.int(0)).toThrow(RangeError);
    expect(() => r.int(2.5)).toThrow(RangeError);
  });

  it('has no modulo bias for large n', () => {
    // n = 3·2^30: a plain "32 random bits mod n" puts half its mass in
    // the lowest third [0, 2^30); the exact answer is 1/3 (standard
    // error sqrt(2/9/n) = 0.0027 for n = 30,000; allow 4 of them).
    const r = RandomStream.fromSeed(9);
    const n = 30_000;
    const big = 3 * 2 ** 30;
    let low = 0;
    let max = 0;
    for (let i = 0; i < n; i++) {
      const k = r.int(big);
      max = Math.max(max, k);
      if (k < 2 ** 30) low++;
    }
    expect(max).toBeLessThan(big);
    expect(Math.abs(low / n - 1 / 3)).toBeLessThan(4 * Math.sqrt(2 / 9 / n));
  });

  it.each([
    [0.5, 0.5],
    [2, 5],
    [30, 3],
  ])('draws beta(%f, %f) with the right mean', (a, b) => {
    // Beta variance ab / ((a+b)^2 (a+b+1)); standard error of the mean
    // of n draws is its square root over sqrt(n).
    const n = 20_000;
    const xs = draws(RandomStream.fromSeed(13), n, (r) => r.beta(a, b));
    const v = (a * b) / ((a + b) ** 2 * (a + b + 1));
    expect(xs.every((x) => x >= 0 && x <= 1)).toBe(true);
    expect(Math.abs(mean(xs) - a / (a + b))).toBeLessThan(4 * Math.sqrt(v / n));
  });

  it.each([0.3, 1, 3.7, 50])(
    'draws gamma(%f) with mean and variance = shape',
    (k) => {
      // Gamma(k, 1): mean k, variance k. The sample variance's standard
      // error is sqrt((m4 - k^2) / n) with fourth central moment
      // m4 = 3k^2 + 6k.
      const n = 20_000;
      const xs = draws(RandomStream.fromSeed(17), n, (r) => r.gamma(k));
      const m = mean(xs);
      const s2 = xs.reduce((s, x) => s + (x - m) ** 2, 0) / (n - 1);
      expect(Math.abs(m - k)).toBeLessThan(4 * Math.sqrt(k / n));
      expect(Math.abs(s2 - k)).toBeLessThan(
        4 * Math.sqrt((3 * k * k + 6 * k - k * k) / n),
      );
    },
  );

  it('draws normal() with mean 0 and variance 1', () => {
    const n = 20_000;
    const xs = draws(RandomStream.fromSeed(19), n, (r) => r.normal());
    const m = mean(xs);
    const s2 = xs.reduce((s, x) => s + (x - m) ** 2, 0) / (n - 1);
    expect(Math.abs(m)).toBeLessThan(4 / Math.sqrt(n));
    // Variance of the sample variance of N(0,1) is 2/n.
    expect(Math.abs(s2 - 1)).toBeLessThan(4 * Math.sqrt(2 / n));
  });

  it('samples distinct indices and shuffles into a permutation', () => {
    const r = RandomStream.fromSeed(23);
    const s = r.sample(50, 20);
    expect(new Set(s).size).toBe(20);
    expect([...s].every((i) => i >= 0 && i < 50)).toBe(true);
    expect(() => r.sample(3, 4)).toThrow(RangeError);
    const p = r.shuffle(Array.from({ length: 30 }, (_, i) => i));
    expect([...p].sort((x, y) => x - y)).toEqual(
      Array.from({ length: 30 }, (_, i) => i),
    );
  });
});
