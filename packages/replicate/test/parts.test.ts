import { RandomStream } from '@dsrep/core';
import { describe, expect, test } from 'vitest';
import { drawParts } from '../src/parts.js';
import { assignSets, OTHER, POOL, V1 } from '../src/sets.js';

describe('drawParts', () => {
  const images = 20_000;
  // One image of k = 30 selections among 52 annotators, repeated.
  const k = new Int32Array(images).fill(30);
  const nIn = new Int32Array(images).fill(52);
  const parts = drawParts(k, nIn, 47, 10, [5, 3], RandomStream.fromSeed(5));

  test('parts are disjoint and within their sizes', () => {
    for (let i = 0; i < images; i++) {
      const kc = parts.kc[i] as number;
      const kr = parts.kr[i] as number;
      expect(kc >= 0 && kc <= 10 && kr >= 0 && kr <= 37, `image ${i}`).toBe(
        true,
      );
      for (const [ti, t] of parts.ts.entries()) {
        const kt = parts.kt[ti]?.[i] as number;
        expect(
          kt >= 0 && kt <= t && kr - kt <= 37 - t,
          `image ${i} t ${t}`,
        ).toBe(true);
      }
    }
  });

  test('each part has the hypergeometric mean share k/n', () => {
    // Every part is an exchangeable subset of the 52 annotations, so its
    // expected selections are size · 30/52. Tolerance: 4 standard errors,
    // sd ≤ √(size/4) per draw (a hypergeometric is less spread than the
    // binomial with the same mean).
    const check = (xs: ArrayLike<number>, size: number, label: string) => {
      let sum = 0;
      for (let i = 0; i < xs.length; i++) sum += xs[i] as number;
      const se = Math.sqrt(size / 4 / xs.length);
      expect(Math.abs(sum / xs.length - (size * 30) / 52), label).toBeLessThan(
        4 * se,
      );
    };
    check(parts.kc, 10, 'c part');
    check(parts.kr, 37, 'rest');
    check(parts.kt[0] as Int32Array, 5, 't = 5 part');
    check(parts.kt[1] as Int32Array, 3, 't = 3 part');
  });
});

describe('assignSets', () => {
  test('v1 share per class and pool acceptance falling with ŝ_c', () => {
    const images = 40_000;
    const classOf = Int32Array.from({ length: images }, (_, i) => i % 4);
    // Half the images have ŝ_c = 1, half ŝ_c = 0.
    const kc = Int32Array.from({ length: images }, (_, i) =>
      i % 8 < 4 ? 10 : 0,
    );
    const set = assignSets(
      classOf,
      4,
      kc,
      10,
      0.5,
      0.2,
      RandomStream.fromSeed(6),
    );
    for (let cls = 0; cls < 4; cls++) {
      let v1 = 0;
      for (let i = cls; i < images; i += 4) if (set[i] === V1) v1++;
      expect(v1, `class ${cls} v1 size`).toBe(5000);
    }
    // Acceptance 0.2 at ŝ_c = 1 and 1 at ŝ_c = 0; among ~10,000 non-v1
    // images of each kind the share has sd ≤ 0.005, tolerance 4 sd.
    const share = (high: boolean) => {
      let rest = 0;
      let pooled = 0;
      set.forEach((s, i) => {
        if (s === V1 || (kc[i] === 10) !== high) return;
        rest++;
        if (s === POOL) pooled++;
        else expect(s).toBe(OTHER);
      });
      return pooled / rest;
    };
    expect(Math.abs(share(true) - 0.2), 'acceptance at ŝ_c = 1').toBeLessThan(
      0.02,
    );
    expect(share(false), 'acceptance at ŝ_c = 0').toBe(1);
  });
});
