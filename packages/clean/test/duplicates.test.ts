import { describe, expect, it } from 'vitest';
import {
  annotations,
  assignment,
  clean,
  expectBalanced,
  ledgerOf,
  rowsOf,
  summaryValue,
  type Row,
} from './helpers.js';

const noEven = { evenOut: false };
const hour = 3_600_000;

describe('duplicate (worker, image) pairs (SPEC 4.4)', () => {
  // Worker w labels grid g three times (t = 3h, 1h, null) and grid h
  // twice at the same time (assignments b2, b1); grid k once.
  const rows: Row[] = [
    ...assignment('w', 'a3', { grid: 'g', selected: 6, at: 3 * hour }),
    ...assignment('w', 'a1', { grid: 'g', selected: 7, at: 1 * hour }),
    ...assignment('w', 'a0', { grid: 'g', selected: 8, at: null }),
    ...assignment('w', 'b2', { grid: 'h', selected: 6, at: hour }),
    ...assignment('w', 'b1', { grid: 'h', selected: 9, at: hour }),
    ...assignment('w', 'k', { grid: 'k', selected: 6 }),
  ];

  it('counts copies and keeps the first by submitted_at, then id', async () => {
    const run = await clean({ annotations: annotations(rows) }, noEven);
    const hist = rowsOf(run.tables.duplicate_hist);
    expect(hist, 'pairs by copies').toEqual([
      { copies: 1, pairs: 12 },
      { copies: 2, pairs: 12 },
      { copies: 3, pairs: 12 },
    ]);
    const kept = rowsOf(run.tables.annotations_clean);
    expect(kept.length, 'one row per pair').toBe(36);
    const ids = new Set(kept.map((r) => r.assignment_id));
    expect([...ids].sort(), 'earliest submission, ties by id').toEqual([
      'a1',
      'b1',
      'k',
    ]);
    expect(ledgerOf(run).get('clean/duplicate')).toBe(36);
    // 60 of 72 rows are in repeated pairs; 36 of 72 are redundant copies.
    expect(summaryValue(run, 'duplicate_nonunique_share', null)).toBeCloseTo(
      60 / 72,
      12,
    );
    expect(summaryValue(run, 'duplicate_redundant_share', null)).toBe(0.5);
    expect(run.warnings ?? []).toEqual([]);
    expectBalanced(run, rows.length);
  });

  it('with dedupe false keeps copies and warns', async () => {
    const run = await clean(
      { annotations: annotations(rows) },
      { ...noEven, dedupe: false },
    );
    expect(run.tables.annotations_clean?.numRows).toBe(72);
    expect(ledgerOf(run).get('clean/duplicate')).toBe(0);
    expect(run.warnings?.join('\n')).toMatch(/24 \(worker, image\) pairs/);
    expectBalanced(run, rows.length);
  });
});
