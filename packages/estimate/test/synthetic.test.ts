import { RandomStream } from '@dsrep/core';
import { beforeAll, describe, expect, it } from 'vitest';
import { analyzeVariant } from '../src/analyze.js';
import { aggregateLevels, indexLevels } from '../src/levels.js';
import {
  syntheticImages,
  trueAdjusted,
  type SyntheticSpec,
} from './synthetic.js';

const meanAbs = (a: Float64Array, b: Float64Array) =>
  a.reduce((s, x, j) => s + Math.abs(x - b[j]), 0) / a.length;

describe('estimators on a synthetic experiment with known truth', () => {
  // D2 has lower s than D1 (Beta(2,1.5) vs Beta(5,1.5)); with n = 5
  // annotators the naive estimator under-corrects by a few points while
  // the sampling error of an estimate on 6,000 images per role is
  // about 0.5 points, so the comparison is not decided by noise.
  const spec: SyntheticSpec = {
    images1: 6000,
    images2: 6000,
    n: 5,
    models: 8,
    p1: [5, 1.5],
    p2: [2, 1.5],
    seed: 3,
  };
  const table = syntheticImages(spec);
  const truth = trueAdjusted(spec);
  const index = indexLevels(table);
  const pending = analyzeVariant(
    table,
    index,
    aggregateLevels(table, index),
    {
      bootstrap: 60,
      parametric_bootstrap: 0,
      jackknife: { d: 1, mode: 'exact', replicates: 100 },
      components: 3,
      estimators: ['naive', 'jackknife'],
    },
    RandomStream.fromSeed(1),
  );
  let result: Awaited<typeof pending>;
  beforeAll(async () => {
    result = await pending;
  });
  const get = (name: string) => {
    const e = result.estimates.get(name);
    if (!e) throw new Error(`no ${name}`);
    return e;
  };

  it('jackknife error is smaller than naive error on average', () => {
    const naive = meanAbs(get('naive').values, truth);
    const jack = meanAbs(get('jackknife').values, truth);
    const raw = meanAbs(get('v2').values, truth);
    expect(naive, 'naive corrects part of the raw v2 gap').toBeLessThan(raw);
    expect(jack, 'jackknife beats naive').toBeLessThan(naive);
  });

  it('naive curve rises with m towards Â_n and intervals bracket values', () => {
    const M = 8;
    const first = result.curve[0 * M + 3];
    const last = result.curve[4 * M + 3];
    expect(last).toBeCloseTo(get('naive').values[3], 9);
    expect(last, 'more annotators, less bias').toBeGreaterThan(first);
    const draws = get('jackknife').draws;
    if (!draws) throw new Error('no draws');
    const [lo, hi] = draws.interval(3);
    expect(lo).toBeLessThan(get('jackknife').values[3]);
    expect(hi).toBeGreaterThan(get('jackknife').values[3]);
  });
});
