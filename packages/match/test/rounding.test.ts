import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { binOf, histogram, largestRemainder } from '../src/index.js';

const EDGES = [0.2, 0.4, 0.6, 0.8];

describe('histogram', () => {
  it('puts edges in the upper bin and 1 in the last, closed bin', () => {
    expect(
      [0, 0.19, 1 / 5, 2 / 5, 3 / 5, 4 / 5, 1].map((v) => binOf(v, EDGES)),
    ).toEqual([0, 0, 1, 2, 3, 4, 4]);
    expect(histogram([0.1, 0.2, 0.2, 0.7, 1, 0.85], EDGES)).toEqual([
      1, 2, 0, 1, 2,
    ]);
  });

  it('gives all zeros for no values and one bin for equal values', () => {
    expect(histogram([], EDGES)).toEqual([0, 0, 0, 0, 0]);
    expect(histogram([0.5, 0.5, 0.5], EDGES)).toEqual([0, 0, 3, 0, 0]);
  });
});

describe('largestRemainder', () => {
  it('always sums to N and stays within one of each exact quota', () => {
    const shares = fc.oneof(
      fc.array(fc.nat(50), { minLength: 1, maxLength: 8 }),
      fc.array(fc.double({ min: 0, max: 10, noNaN: true }), {
        minLength: 1,
        maxLength: 8,
      }),
    );
    fc.assert(
      fc.property(shares, fc.integer({ min: 0, max: 40 }), (s, n) => {
        const sum = s.reduce((a, b) => a + b, 0);
        fc.pre(sum > 0);
        const out = largestRemainder(s, n);
        expect(out.reduce((a, b) => a + b, 0)).toBe(n);
        out.forEach((x, i) => {
          const quota = ((s[i] as number) / sum) * n;
          expect(x).toBeGreaterThanOrEqual(Math.floor(quota) - 1e-9);
          expect(x).toBeLessThanOrEqual(Math.ceil(quota) + 1e-9);
        });
      }),
      { seed: 20200713, numRuns: 2000 },
    );
  });

  it('floors, then gives leftovers to the largest remainders', () => {
    // Quotas 10·[3,3,4]/10 are whole; 4·[3,3,4]/10 = 1.2, 1.2, 1.6.
    expect(largestRemainder([3, 3, 4], 10)).toEqual([3, 3, 4]);
    expect(largestRemainder([3, 3, 4], 4)).toEqual([1, 1, 2]);
  });

  it('breaks ties towards the higher bin index', () => {
    // Five equal quotas of 0.8: the four leftover units go to bins 4..1.
    expect(largestRemainder([1, 1, 1, 1, 1], 4)).toEqual([0, 1, 1, 1, 1]);
    expect(largestRemainder([2, 0, 2], 1)).toEqual([0, 0, 1]);
    // Exact ties also with shares whose doubles would drift: 1/3 each.
    expect(largestRemainder([7, 7, 7], 2)).toEqual([0, 1, 1]);
  });

  it('handles all-zero and single-bin histograms', () => {
    expect(largestRemainder([0, 0, 0, 0, 0], 4)).toEqual([0, 0, 0, 0, 0]);
    expect(largestRemainder([0, 0, 7, 0, 0], 4)).toEqual([0, 0, 4, 0, 0]);
    expect(largestRemainder(histogram([], EDGES), 4)).toEqual([0, 0, 0, 0, 0]);
  });

  it('rejects negative shares and fractional N', () => {
    expect(() => largestRemainder([1, -1], 4)).toThrow(
      /shares must be finite and >= 0/,
    );
    expect(() => largestRemainder([1, 1], 2.5)).toThrow(/whole number/);
  });
});
