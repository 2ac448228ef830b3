import { RandomStream } from '@dsrep/core';
import { describe, expect, it } from 'vitest';
import { expectedCurve, planCurve } from '../src/expected.js';
import { replicateNaive } from '../src/jackknife.js';
import { aggregateLevels, indexLevels } from '../src/levels.js';
import { syntheticImages } from './synthetic.js';

describe('jackknife expectation E[Â_{n−d}]', () => {
  const table = syntheticImages({
    images1: 400,
    images2: 400,
    n: 10,
    models: 4,
    p1: [4, 1.5],
    p2: [3, 1.5],
    seed: 11,
  });
  const index = indexLevels(table);
  const stats = aggregateLevels(table, index);
  const plan = planCurve(index.levelN, index.levelK, 4, 10, 400);
  const curve = expectedCurve(plan, stats).values;

  for (const d of [1, 3]) {
    it(`exact and 100 replicates agree for delete-${d}`, () => {
      const m = 10 - d;
      const reps = replicateNaive(table, m, 100, RandomStream.fromSeed(5));
      for (let j = 0; j < 4; j++) {
        const exact = curve[(m - 1) * 4 + j];
        // The replicate mean is unbiased for the exact value, with the
        // standard error computed from the replicates themselves; 3 SE
        // bounds a normal deviation with 99.7% probability.
        expect(reps.se[j], 'replicates vary').toBeGreaterThan(0);
        expect(Math.abs(reps.mean[j] - exact), `model ${j}`).toBeLessThan(
          3 * reps.se[j],
        );
      }
    });
  }
});
