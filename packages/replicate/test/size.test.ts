import { RandomStream } from '@dsrep/core';
import { largestRemainder, matchedFrequency } from '@dsrep/match';
import { describe, expect, test } from 'vitest';
import { largestMatchable, shortfallOf } from '../src/size.js';

/** Shortfall MatchedFrequency itself reports, from bins per candidate. */
function realShortfall(targets: number[], available: number[]): number {
  const bins = available.flatMap((count, b) => Array(count).fill(b));
  const result = matchedFrequency(bins, targets, RandomStream.fromSeed(3));
  return result.shortfalls.reduce((a, s) => a + s.missing, 0);
}

describe('shortfallOf', () => {
  test('upward carry: a low-bin deficit is served by a higher bin', () => {
    expect(shortfallOf([2, 0, 1], [0, 0, 3])).toBe(0);
    expect(shortfallOf([2, 0, 2], [0, 0, 3])).toBe(1);
    // Surplus in a low bin cannot serve a higher one.
    expect(shortfallOf([0, 0, 2], [5, 5, 1])).toBe(1);
  });

  test('agrees with matchedFrequency on random histograms', () => {
    const rng = RandomStream.fromSeed(11);
    for (let trial = 0; trial < 300; trial++) {
      const targets = Array.from({ length: 5 }, () => rng.int(6));
      const available = Array.from({ length: 5 }, () => rng.int(6));
      expect(
        shortfallOf(targets, available),
        `targets ${targets} available ${available}`,
      ).toBe(realShortfall(targets, available));
    }
  });
});

describe('largestMatchable', () => {
  test('is the largest size without shortfall', () => {
    const rng = RandomStream.fromSeed(12);
    for (let trial = 0; trial < 200; trial++) {
      const reference = Array.from({ length: 5 }, () => rng.int(30));
      const available = Array.from({ length: 5 }, () => rng.int(12));
      const total = available.reduce((a, b) => a + b, 0);
      const N = largestMatchable(reference, available, Infinity);
      const label = `reference ${reference} available ${available}`;
      if (N > 0) {
        expect(
          realShortfall(largestRemainder(reference, N), available),
          label,
        ).toBe(0);
      }
      // Every larger size up to the pool falls short.
      for (let bigger = N + 1; bigger <= total; bigger++) {
        expect(
          realShortfall(largestRemainder(reference, bigger), available),
          `${label} N=${bigger}`,
        ).toBeGreaterThan(0);
      }
    }
  });

  test('respects the cap and an empty reference', () => {
    expect(largestMatchable([0, 0, 0, 1, 9], [5, 5, 5, 5, 50], 7)).toBe(7);
    expect(largestMatchable([0, 0, 0, 0, 0], [5, 5, 5, 5, 50], 7)).toBe(0);
  });
});
