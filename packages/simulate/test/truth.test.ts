import { RandomStream } from '@dsrep/core';
import { describe, expect, it } from 'vitest';
import { drawFromMixture } from '../src/mixtures.js';
import { calibrateModels, modelTruths, pCorrect } from '../src/models.js';
import { resolveConfig, simulateParams } from '../src/params.js';
import { simulate } from '../src/simulate.js';

/* Tolerances are 4 Monte Carlo standard errors (see each test). */
const Z = 4;
const config = resolveConfig(simulateParams.parse({}));
const models = calibrateModels(config);
const truths = modelTruths(models, config);

describe('ground truth by quadrature', () => {
  it('calibrates every model to its v1 accuracy in table 2', () => {
    expect(models).toHaveLength(136);
    for (const t of truths) {
      expect(Math.abs(t.accV1 - t.top1V1), t.model).toBeLessThan(1e-9);
    }
  });

  it('matches a large Monte Carlo estimate of A(D2|s1) and acc_v2', () => {
    // Draw s ~ p_1 (or p_2) and a correct/incorrect outcome from the
    // generating model; the mean of N Bernoulli draws has SE
    // √(p(1 − p)/N) with p the estimate itself.
    const n = 200_000;
    for (const j of [0, 67, 135]) {
      const m = models[j];
      const t = truths[j];
      if (!m || !t) throw new Error('missing model');
      const rng = RandomStream.fromSeed(100 + j);
      const mc = { rep: 0, cand: 0, v2: 0 };
      for (let i = 0; i < n; i++) {
        const s1 = drawFromMixture(config.mixtures.reference, rng);
        if (rng.next() < pCorrect(m, s1, 'replication', config)) mc.rep++;
        if (rng.next() < pCorrect(m, s1, 'candidate', config)) mc.cand++;
        const s2 = drawFromMixture(config.mixtures.replication, rng);
        if (rng.next() < pCorrect(m, s2, 'replication', config)) mc.v2++;
      }
      for (const [name, count, exact] of [
        ['adjusted_true', mc.rep, t.adjustedTrue],
        ['adjusted_true_candidate', mc.cand, t.adjustedTrueCandidate],
        ['acc_v2', mc.v2, t.accV2],
      ] as const) {
        const p = count / n;
        const se = Math.sqrt((p * (1 - p)) / n);
        expect(Math.abs(p - exact), `${name} of ${m.model}`).toBeLessThan(
          Z * se,
        );
      }
    }
  });

  it('has the documented default calibration (paper-like drops)', () => {
    // Deterministic quadrature, so the bounds only guard the documented
    // figures of params.ts (3.6% unexplained, 10.7% raw) against drift.
    const mean = (f: (t: (typeof truths)[number]) => number) =>
      truths.reduce((s, t) => s + f(t), 0) / truths.length;
    expect(mean((t) => t.accV1 - t.adjustedTrue)).toBeCloseTo(0.036, 3);
    expect(mean((t) => t.accV1 - t.accV2)).toBeCloseTo(0.107, 2);
  });
});

describe('realised predictions', () => {
  it('hit each model v1 accuracy within sampling error', () => {
    // Images' s are i.i.d., so correct/incorrect on v1 images is i.i.d.
    // Bernoulli(top1_v1): SE = √(p(1 − p)/images).
    const r = simulate({ classes: 60, models: 4 }, RandomStream.fromSeed(3));
    const pred = r.tables.predictions;
    const roleOf = new Map<string, string>();
    const truth = r.tables.truth_images;
    for (let i = 0; i < truth.numRows; i++) {
      roleOf.set(
        truth.getChild('image_id')?.get(i),
        truth.getChild('role')?.get(i),
      );
    }
    const hits = new Map<string, [number, number]>();
    for (let i = 0; i < pred.numRows; i++) {
      const image = pred.getChild('image_id')?.get(i) as string;
      if (roleOf.get(image) !== 'reference') continue;
      const model = pred.getChild('model')?.get(i) as string;
      const h = hits.get(model) ?? [0, 0];
      h[0] += pred.getChild('correct')?.get(i) ? 1 : 0;
      h[1]++;
      hits.set(model, h);
    }
    expect(hits.size).toBe(4);
    for (const m of r.models) {
      const [k, n] = hits.get(m.model) ?? [0, 1];
      const se = Math.sqrt((m.top1V1 * (1 - m.top1V1)) / n);
      expect(Math.abs(k / n - m.top1V1), m.model).toBeLessThan(Z * se);
    }
  });
});
