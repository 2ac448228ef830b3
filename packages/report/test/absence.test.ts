import { describe, expect, it } from 'vitest';
import { absences, citeProducers, producers } from '../src/inputs.js';
import { formatWithSe, formatCell } from '../src/table.js';

describe('absences', () => {
  it('absent stages are not part of the pipeline; a ran stage missing a table is', () => {
    const present = [
      'replication_summary',
      'estimates',
      'worker_stats',
    ] as const;
    const by = producers([...present]);
    expect(by.estimates).toBe('replicate');
    const why = absences([...present]);
    // The estimate stage did not run: estimates came from replicate.
    expect(why.jackknife_curve).toBe('not-in-pipeline');
    expect(why.selection).toBe('not-in-pipeline');
    // clean ran (worker_stats), so its other outputs are missing.
    expect(why.batch_stats).toBe('missing');
    // Ingest and input tables depend on the sources: never a warning.
    expect(why.annotations).toBe('not-in-pipeline');
    expect(why.paper_table2).toBe('not-in-pipeline');
    expect(why.estimates).toBeUndefined();
  });

  it('with no input at all, everything is missing', () => {
    expect(absences([]).estimates).toBe('missing');
  });

  it('mixtures without other estimate outputs come from crowd-mixtures', () => {
    expect(producers(['mixtures']).mixtures).toBe('crowd-mixtures');
    expect(producers(['mixtures', 'toy_model']).mixtures).toBe('estimate');
  });

  it('cites the stage that wrote a table', () => {
    expect(
      citeProducers('estimate/estimates, estimate/toy_model', {
        estimates: 'replicate',
        toy_model: 'estimate',
      }),
    ).toBe('replicate/estimates, estimate/toy_model');
  });
});

describe('formatWithSe', () => {
  it('rounds both to the SE’s first significant digit (two if it is 1 or 2)', () => {
    expect(formatWithSe(0.00969, 0.000815, 'pct')).toBe('0.97% ± 0.08%');
    expect(formatWithSe(0.00025, 0.00264, 'pct')).toBe('0.03% ± 0.26%');
    expect(formatWithSe(0.952444, 0.000156, 'share')).toBe('0.95244 ± 0.00016');
    expect(formatWithSe(1194.94, 3.09, 'num')).toBe('1194.94 ± 3.09');
  });

  it('never prints a negative zero', () => {
    expect(formatWithSe(-0.00001, 0.003, 'pct')).toBe('0.0% ± 0.3%');
    expect(formatCell(-0.00001, 'share')).toBe('0.000');
    expect(formatCell(-0.0001, 'pct')).toBe('0.0%');
  });
});
