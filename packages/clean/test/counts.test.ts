import { RandomStream } from '@dsrep/core';
import { describe, expect, it } from 'vitest';
import { thinCount } from '../src/index.js';
import {
  annotations,
  clean,
  counts,
  expectBalanced,
  ledgerOf,
  rowsOf,
  summaryValue,
} from './helpers.js';

describe('thinCount (hypergeometric thinning)', () => {
  it('has mean k·m/n and the hypergeometric variance', () => {
    // k=20 of n=50, keep m=30: mean 12, variance
    // m·p·(1−p)·(n−m)/(n−1) = 30·0.4·0.6·20/49 = 2.939. Over R = 20000
    // draws the mean's standard error is sqrt(2.939/R) = 0.0121; we allow
    // 4 standard errors. The sample variance of R draws has relative sd
    // about sqrt(2/R) = 1% (near-normal counts); we allow 5%.
    const stream = RandomStream.fromSeed(5);
    const R = 20000;
    let sum = 0;
    let sq = 0;
    for (let r = 0; r < R; r++) {
      const x = thinCount(20, 50, 30, stream);
      sum += x;
      sq += x * x;
    }
    const mean = sum / R;
    const variance = sq / R - mean * mean;
    const v = (30 * 0.4 * 0.6 * 20) / 49;
    expect(Math.abs(mean - 12)).toBeLessThan(4 * Math.sqrt(v / R));
    expect(Math.abs(variance / v - 1)).toBeLessThan(0.05);
  });

  it('handles the edges and refuses impossible counts', () => {
    const s = RandomStream.fromSeed(1);
    expect(thinCount(0, 10, 5, s)).toBe(0);
    expect(thinCount(10, 10, 5, s)).toBe(5);
    expect(thinCount(7, 10, 10, s)).toBe(7);
    expect(thinCount(7, 10, 0, s)).toBe(0);
    expect(() => thinCount(11, 10, 5, s)).toThrow(/0 <= k <= n/);
  });
});

describe('clean on count-only input', () => {
  const table = counts([
    ['r1', 'reference', 9, 10],
    ['r2', 'reference', 4, 8],
    ['v1', 'replication', 5, 12],
    ['c1', 'candidate', 0, 0],
    ['x1', 'control', 1, 20],
  ]);

  it('thins to the smallest n and reports worker rules n/a', async () => {
    const run = await clean({ counts: table });
    const out = new Map(
      rowsOf(run.tables.counts_clean).map((r) => [r.image_id, r]),
    );
    expect(out.get('r1')?.annotator_count).toBe(8);
    expect(out.get('v1')?.annotator_count).toBe(8);
    expect(out.get('r2')?.selected_count, 'already at target').toBe(4);
    expect(out.get('x1')?.annotator_count, 'controls untouched').toBe(20);
    expect(out.has('c1'), 'n = 0 is below any target').toBe(false);
    // r1 keeps 8 of 10 with 9 selected: at least 7 selections remain.
    expect(Number(out.get('r1')?.selected_count)).toBeGreaterThanOrEqual(7);

    const ledger = ledgerOf(run, 'counts');
    expect(ledger.get('clean/below_target')).toBe(1);
    expect(ledger.get('clean/even_out'), 'changed images').toBe(2);
    expectBalanced(run, 5, 'counts');

    expect(summaryValue(run, 'workers_rejected', null, 'counts')).toBeNull();
    expect(summaryValue(run, 'batches_flagged', null, 'counts')).toBeNull();
    expect(run.warnings?.join('\n')).toMatch(/no worker ids/);
    expect(run.warnings?.join('\n')).toMatch(/1 images of table "counts"/);
    expect(run.tables.annotations_clean?.numRows, 'no annotations').toBe(0);
    expect(run.tables.worker_stats?.numRows).toBe(0);
  });

  it('is deterministic per seed', async () => {
    const many = counts(
      Array.from({ length: 40 }, (_, i): [string, string, number, number] => [
        `i${i}`,
        'candidate',
        i % 11,
        10 + (i % 5),
      ]),
    );
    const k = async (seed: number) =>
      rowsOf((await clean({ counts: many }, {}, seed)).tables.counts_clean)
        .map((r) => r.selected_count)
        .join(',');
    expect(await k(1)).toBe(await k(1));
    expect(await k(1)).not.toBe(await k(2));
  });

  it('rejects k > n with the row', async () => {
    const bad = counts([
      ['a', 'candidate', 1, 2],
      ['b', 'candidate', 3, 2],
    ]);
    await expect(clean({ counts: bad })).rejects.toThrow(
      /row 2, column "selected_count"/,
    );
  });
});

describe('clean with both inputs, or an empty one', () => {
  it('cleans annotations and counts side by side', async () => {
    const rows = Array.from({ length: 8 }, (_, i) => ({
      worker: 'w',
      assignment: 'a',
      image: `i${i}`,
      selected: i < 6,
    }));
    const run = await clean({
      annotations: annotations(rows),
      counts: counts([
        ['r1', 'reference', 3, 5],
        ['r2', 'reference', 2, 4],
      ]),
    });
    expectBalanced(run, 8, 'annotations');
    expectBalanced(run, 2, 'counts');
    expect(summaryValue(run, 'workers_rejected', null)).toBe(0);
    expect(summaryValue(run, 'workers_rejected', null, 'counts')).toBeNull();
    expect(
      rowsOf(run.tables.counts_clean).map((r) => r.annotator_count),
    ).toEqual([4, 4]);
  });

  it('an empty annotations table gives empty, balanced outputs', async () => {
    const run = await clean({ annotations: annotations([]) });
    expect(run.tables.annotations_clean?.numRows).toBe(0);
    expect(run.tables.annotations_clean?.schema.fields.length).toBe(9);
    expectBalanced(run, 0);
    expect(summaryValue(run, 'even_out_target', 'clean')).toBeNull();
  });
});
