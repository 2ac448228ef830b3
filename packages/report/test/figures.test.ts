import { describe, expect, it } from 'vitest';
import { averageOver } from '../src/average.js';
import { naiveCurveFigure } from '../src/figures/curves.js';
import { table1Figure } from '../src/figures/table1.js';
import { toyFigure } from '../src/figures/toy.js';
import { betaPdf, logGamma } from '../src/figures/beta.js';

const dataOf = (fig: object) =>
  (fig as { spec: { data: { values: Record<string, unknown>[] } } }).spec.data
    .values;

describe('naiveCurveFigure', () => {
  it('turns per-model Â_m into the gap to v1, averaged over models', () => {
    const rows = [
      { model: 'a', variant: 'clean', m: 2, value: 0.5, lo: 0.45, hi: 0.55 },
      { model: 'b', variant: 'clean', m: 2, value: 0.6, lo: 0.55, hi: 0.65 },
    ];
    const v1 = { a: 0.7, b: 0.9 } as Record<string, number>;
    const fig = naiveCurveFigure(
      ['model', 'variant', 'm', 'value', 'lo', 'hi'],
      rows,
      (_, model) => v1[model] ?? null,
    );
    expect('absent' in fig).toBe(false);
    const [point] = dataOf(fig);
    // Gaps 0.2 and 0.3; the band flips: v1 − hi is the lower bound.
    expect(point?.y).toBeCloseTo(0.25, 12);
    expect(point?.lo).toBeCloseTo(0.2, 12);
    expect(point?.hi).toBeCloseTo(0.3, 12);
    expect(point?.n).toBe(2);
  });
});

describe('table1Figure', () => {
  it('takes the held-out ŝ, not the held-out image count', () => {
    const columns = [
      'set',
      'heldout_images',
      'mean_s_in_sample',
      'mean_s_heldout',
    ];
    const rows = [
      {
        set: 'replication',
        heldout_images: 8,
        mean_s_in_sample: 0.72,
        mean_s_heldout: 0.69,
      },
    ];
    const values = dataOf(table1Figure(columns, rows));
    expect(values.map((v) => v.s).sort()).toEqual([0.69, 0.72]);
    expect(values[0]?.label).toBe('replication');
  });

  it('says why it cannot draw a table without ŝ columns', () => {
    expect(table1Figure(['set', 'images'], [{ set: 'x', images: 1 }])).toEqual({
      absent: expect.stringContaining('no in-sample and held-out'),
    });
  });
});

describe('toyFigure, wide form', () => {
  it('draws one series per curve column, parameters left out', () => {
    const rows = [
      { s: 0.25, n: 10, closed_form: 1, simulated: 1.1 },
      { s: 0.75, n: 10, closed_form: 1.2, simulated: 1.15 },
    ];
    const values = dataOf(
      toyFigure(['s', 'n', 'closed_form', 'simulated'], rows),
    );
    expect([...new Set(values.map((v) => v.series))].sort()).toEqual([
      'closed_form',
      'simulated',
    ]);
  });
});

describe('averageOver', () => {
  it('averages numeric columns over reps within text groups', () => {
    const out = averageOver(
      [
        { set: 'a', rep: 0, s: 0.5 },
        { set: 'a', rep: 1, s: 0.7 },
        { set: 'b', rep: 0, s: 0.1 },
      ],
      ['set', 'rep', 's'],
      ['rep'],
      'reps',
    );
    expect(out.columns).toEqual(['set', 's', 'reps']);
    expect(out.rows).toEqual([
      { set: 'a', s: expect.closeTo(0.6, 12), reps: 2 },
      { set: 'b', s: 0.1, reps: 1 },
    ]);
  });
});

describe('betaPdf', () => {
  it('matches closed forms', () => {
    expect(logGamma(5)).toBeCloseTo(Math.log(24), 10);
    // Beta(2, 3) density is 12 s (1 − s)^2.
    expect(betaPdf(0.3, 2, 3)).toBeCloseTo(12 * 0.3 * 0.49, 10);
    expect(betaPdf(0, 2, 3)).toBe(0);
  });
});
