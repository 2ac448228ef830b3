import { RandomStream } from '@dsrep/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  flickrE,
  matchedFrequency,
  threshold,
  topImages,
} from '../src/index.js';

describe('matchedFrequency', () => {
  it('meets every bin target exactly when candidates suffice', () => {
    fc.assert(
      fc.property(
        fc.array(fc.nat(4), { minLength: 5, maxLength: 5 }),
        fc.array(fc.nat(3), { minLength: 5, maxLength: 5 }),
        fc.nat(1000),
        (targets, extra, seed) => {
          const bins: number[] = [];
          targets.forEach((t, b) => {
            for (let i = 0; i < t + (extra[b] as number); i++) bins.push(b);
          });
          RandomStream.fromSeed(seed).shuffle(bins);
          const { picks, shortfalls } = matchedFrequency(
            bins,
            targets,
            RandomStream.fromSeed(seed + 1),
          );
          expect(shortfalls).toEqual([]);
          const got = [0, 0, 0, 0, 0];
          for (const p of picks) {
            expect(p.bin, 'picked from its own bin').toBe(bins[p.index]);
            expect(p.forBin, 'no move when candidates suffice').toBe(p.bin);
            got[p.bin as number]++;
          }
          expect(got).toEqual(targets);
          expect(new Set(picks.map((p) => p.index)).size, 'no repeats').toBe(
            picks.length,
          );
        },
      ),
      { seed: 7, numRuns: 500 },
    );
  });

  it('moves missing images only upward and reports what stays missing', () => {
    fc.assert(
      fc.property(
        fc.array(fc.nat(4), { minLength: 5, maxLength: 5 }),
        fc.array(fc.nat(4), { minLength: 0, maxLength: 20 }),
        fc.nat(1000),
        (targets, bins, seed) => {
          const { picks, shortfalls } = matchedFrequency(
            bins,
            targets,
            RandomStream.fromSeed(seed),
          );
          for (const p of picks)
            expect(p.bin as number).toBeGreaterThanOrEqual(p.forBin as number);
          const missing = shortfalls.reduce((s, f) => s + f.missing, 0);
          const wanted = targets.reduce((s, t) => s + t, 0);
          expect(picks.length + missing, 'picked + missing = target').toBe(
            wanted,
          );
          expect(new Set(picks.map((p) => p.index)).size).toBe(picks.length);
          // Short only when no candidate is left at or above the bin.
          for (const f of shortfalls) {
            const above = bins.filter((b) => b >= (f.bin as number)).length;
            const used = picks.filter(
              (p) => (p.bin as number) >= (f.bin as number),
            ).length;
            expect(used, `bin ${f.bin} short though candidates remain`).toBe(
              above,
            );
          }
        },
      ),
      { seed: 8, numRuns: 500 },
    );
  });

  it('takes from the next higher non-empty bin, never pads', () => {
    const rng = RandomStream.fromSeed(1);
    const a = matchedFrequency([1, 3, 3, 4], [0, 2, 0, 0, 1], rng);
    expect(a.shortfalls).toEqual([]);
    expect(a.picks.map((p) => [p.bin, p.forBin]).sort()).toEqual([
      [1, 1],
      [3, 1],
      [4, 4],
    ]);
    const b = matchedFrequency([4], [0, 0, 0, 1, 2], rng);
    expect(b.picks).toHaveLength(1);
    expect(b.shortfalls).toEqual([
      { bin: 3, missing: 1 },
      { bin: 4, missing: 1 },
    ]);
    const c = matchedFrequency([], [1, 0, 0, 0, 3], rng);
    expect(c.picks).toEqual([]);
    expect(c.shortfalls).toEqual([
      { bin: 0, missing: 1 },
      { bin: 4, missing: 3 },
    ]);
  });
});

describe('threshold and topImages', () => {
  it('threshold draws only at or above tau and reports shortfalls', () => {
    const s = [0.69, 0.7, 0.9, 0.1, 1];
    const r = threshold(s, 2, 0.7, RandomStream.fromSeed(3));
    for (const p of r.picks) expect(s[p.index]).toBeGreaterThanOrEqual(0.7);
    expect(r.picks).toHaveLength(2);
    const short = threshold(s, 5, 0.7, RandomStream.fromSeed(3));
    expect(short.picks).toHaveLength(3);
    expect(short.shortfalls).toEqual([{ bin: null, missing: 2 }]);
  });

  it('topImages ranks by ŝ, then annotation count, then id', () => {
    const c = [
      { id: 'd', s: 0.8, n: 5 },
      { id: 'b', s: 0.8, n: 10 },
      { id: 'a', s: 0.8, n: 5 },
      { id: 'z', s: 1, n: 5 },
      { id: 'y', s: 0.2, n: 40 },
    ];
    expect(topImages(c, 4).picks.map((p) => c[p.index]?.id)).toEqual([
      'z',
      'b',
      'a',
      'd',
    ]);
    expect(topImages(c, 7).shortfalls).toEqual([{ bin: null, missing: 2 }]);
  });
});

describe('flickrE', () => {
  it('applies r of m exactly when n = m and refuses n < m', () => {
    const rng = RandomStream.fromSeed(4);
    const rule = { m: 4, r: 2 };
    expect(flickrE(2, 4, rule, rng)).toBe(true);
    expect(flickrE(1, 4, rule, rng)).toBe(false);
    expect(flickrE(3, 3, rule, rng)).toBeNull();
  });

  it('subsamples n > m held-out annotators hypergeometrically', () => {
    // k = 4 of n = 8, m = 4: P(at least 2) = 1 - (1 + 16)/70 = 53/70.
    // Over 4000 draws SE = sqrt(p(1-p)/4000) ≈ 0.0068; allow 4 SE.
    const rng = RandomStream.fromSeed(5);
    let kept = 0;
    for (let i = 0; i < 4000; i++)
      if (flickrE(4, 8, { m: 4, r: 2 }, rng)) kept++;
    const p = 53 / 70;
    expect(Math.abs(kept / 4000 - p)).toBeLessThan(
      4 * Math.sqrt((p * (1 - p)) / 4000),
    );
  });
});
