import { RandomStream } from '@dsrep/core';
import { describe, expect, it } from 'vitest';
import {
  matchedBinDensity,
  matchedDensity,
  matchedMean,
  simulateToy,
} from '../src/toy.js';

describe('toy model of SPEC section 2', () => {
  const cases = [
    { alpha: 3, beta: 1.5, n: 5 },
    { alpha: 1, beta: 1, n: 2 },
    { alpha: 0.7, beta: 2.5, n: 10 },
    { alpha: 6, beta: 2, n: 40 },
  ];

  for (const c of cases) {
    it(`simulation matches the closed form for α=${c.alpha}, β=${c.beta}, n=${c.n}`, () => {
      const sim = simulateToy(c, 40_000, 10, RandomStream.fromSeed(c.n));
      // The simulated mean has standard error sd/√accepted (computed from
      // the accepted draws); 3 SE holds with 99.7% probability.
      expect(Math.abs(sim.mean - matchedMean(c))).toBeLessThan(3 * sim.se);
      // Histogram: each bin's count is binomial, sd of its density is
      // bins·√(p(1−p)/accepted); allow 4 sd per bin (10 bins).
      const closed = matchedBinDensity(c, 10);
      closed.forEach((f, b) => {
        const p = f / 10;
        const sd = 10 * Math.sqrt((p * (1 - p)) / sim.accepted);
        expect(Math.abs(sim.density[b] - f), `bin ${b}`).toBeLessThan(
          4 * sd + 1e-9,
        );
      });
    });
  }

  it('density integrates to 1 and the mean bias shrinks like 1/n', () => {
    const c = { alpha: 3, beta: 1.5, n: 10 };
    let total = 0;
    for (let i = 0; i < 100_000; i++)
      total += matchedDensity((i + 0.5) / 1e5, c) / 1e5;
    expect(total).toBeCloseTo(1, 6);
    const p1 = 4 / 5.5;
    const gap = (n: number) => p1 - matchedMean({ ...c, n });
    // gap(n) = (α+β)/(n+α+β) · (mean p1 − mean pool): exactly O(1/n).
    expect(gap(10) / gap(100)).toBeCloseTo(104.5 / 14.5, 10);
  });
});
