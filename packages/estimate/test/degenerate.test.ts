import { DsrepError, RandomStream, runStage } from '@dsrep/core';
import { describe, expect, it } from 'vitest';
import { analyzeVariant, type AnalyzeOptions } from '../src/analyze.js';
import {
  aggregateLevels,
  indexLevels,
  type ImageTable,
} from '../src/levels.js';
import { stage } from '../src/index.js';
import { toArrow } from './synthetic.js';

const options: AnalyzeOptions = {
  bootstrap: 20,
  parametric_bootstrap: 0,
  jackknife: { d: 1, mode: 'exact', replicates: 100 },
  components: 3,
  estimators: ['naive', 'jackknife'],
};

/** Two models: model 0 right on every third image, model 1 always right. */
function constant(
  images: number,
  n: number,
  k: (i: number) => number,
): ImageTable {
  const role = (count: number) => ({
    k: Int32Array.from({ length: count }, (_, i) => k(i)),
    n: new Int32Array(count).fill(n),
    correct: Uint8Array.from({ length: 2 * count }, (_, x) =>
      x % 2 === 1 ? 1 : Math.floor(x / 2) % 3 === 0 ? 1 : 0,
    ),
  });
  return { models: ['thirds', 'always'], d1: role(images), d2: role(images) };
}

function analyze(table: ImageTable, o: AnalyzeOptions = options) {
  const index = indexLevels(table);
  return analyzeVariant(
    table,
    index,
    aggregateLevels(table, index),
    o,
    RandomStream.fromSeed(2),
  );
}

const value = (
  r: Awaited<ReturnType<typeof analyze>>,
  name: string,
  j: number,
) => r.estimates.get(name)?.values[j] ?? NaN;

describe('degenerate inputs', () => {
  for (const [label, k] of [
    ['one level of k', () => 2],
    ['k = 0 for every image', () => 0],
    ['k = n for every image', () => 4],
  ] as const) {
    it(`${label}: every estimator equals the v2 accuracy`, async () => {
      const r = await analyze(constant(600, 4, k));
      const v2 = value(r, 'v2', 0);
      expect(value(r, 'naive', 0)).toBeCloseTo(v2, 12);
      // E[Â_m] = v2 · P(level not empty); with 600 images the chance a
      // level of a subsample is empty is below 0.5^600.
      expect(value(r, 'jackknife', 0)).toBeCloseTo(v2, 9);
      expect(r.uncovered).toBe(0);
    });
  }

  it('a model that is always right scores 1 minus the uncovered mass', async () => {
    const table = constant(300, 6, (i) => i % 6);
    // One reference image on a level (k = 6) that no target image has.
    table.d1.k[0] = 6;
    const r = await analyze(table);
    expect(r.uncovered).toBeCloseTo(1 / 300, 12);
    expect(value(r, 'naive', 1)).toBeCloseTo(1 - 1 / 300, 12);
    expect(value(r, 'v2', 1)).toBe(1);
  });

  it('n = 1: naive works, the jackknife is refused with a clear error', async () => {
    const table = constant(100, 1, (i) => i % 2);
    await expect(analyze(table)).rejects.toThrow(/needs n − d >= 1 annotators/);
    const r = await analyze(table, { ...options, estimators: ['naive'] });
    expect(value(r, 'naive', 0)).toBeCloseTo(value(r, 'v2', 0), 12);
    expect(r.curve.length).toBe(2);
  });

  it('parametric on k = n everywhere fails as DEGENERATE through the stage', async () => {
    const { selection, predictions } = toArrow(
      constant(50, 4, () => 4),
      ['clean'],
    );
    const run = runStage(
      stage,
      { selection, predictions },
      { variants: ['clean'], bootstrap: 0, toy: { cases: [], draws: 100 } },
      { seed: 1 },
    );
    await expect(run).rejects.toThrow(DsrepError);
    await expect(run).rejects.toMatchObject({ code: 'DEGENERATE' });
  });
});
