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

describe('batch flagging (SPEC 4.1)', () => {
  it('flags fewer than 6 selected and more than 1 control', async () => {
    // 12-image grids (10 candidates + 2 controls): the rule counts the
    // rows an assignment holds, not an assumed 48.
    const rows: Row[] = [
      ...assignment('w1', 'a6', { selected: 6 }),
      ...assignment('w2', 'a5', { selected: 5 }),
      ...assignment('w3', 'c1', { selected: 6, controls: 1 }),
      ...assignment('w4', 'c2', { selected: 6, controls: 2 }),
      // 4 candidates + 2 controls selected = 6 selected: not too few.
      ...assignment('w5', 'mix', { selected: 4, controls: 2 }),
    ];
    const run = await clean({ annotations: annotations(rows) }, noEven);
    const byId = new Map(
      rowsOf(run.tables.batch_stats).map((r) => [r.assignment_id, r]),
    );
    expect(byId.get('a6')?.flagged, 'exactly 6 selected').toBe(false);
    expect(byId.get('a5')?.flagged, '5 selected').toBe(true);
    expect(byId.get('a5')?.flag_reason).toBe('too_few_selected');
    expect(byId.get('c1')?.flagged, 'one control').toBe(false);
    expect(byId.get('c2')?.flagged, 'two controls').toBe(true);
    expect(byId.get('c2')?.flag_reason).toBe('too_many_controls');
    expect(byId.get('mix')?.flag_reason).toBe('too_many_controls');
    expect(byId.get('a6')?.images, 'images counted').toBe(12);
    expect(byId.get('c2')?.controls_selected).toBe(2);
    expect(byId.get('a6')?.flag_reason).toBe(null);

    // One assignment each: flagged share 1 rejects w2, w4 and w5.
    const workers = new Map(
      rowsOf(run.tables.worker_stats).map((r) => [r.worker_id, r]),
    );
    expect(workers.get('w2')?.rejected).toBe(true);
    expect(workers.get('w1')?.rejected).toBe(false);
    expect(ledgerOf(run).get('clean/rejected_worker')).toBe(36);
    expectBalanced(run, rows.length);
  });

  it('both reasons at once, and thresholds are parameters', async () => {
    const rows = assignment('w', 'a', { selected: 2, controls: 2 });
    const run = await clean({ annotations: annotations(rows) }, noEven);
    expect(rowsOf(run.tables.batch_stats)[0]?.flag_reason).toBe(
      'too_few_selected+too_many_controls',
    );
    const lax = await clean(
      { annotations: annotations(rows) },
      { ...noEven, minSelected: 4, maxControls: 2 },
    );
    expect(rowsOf(lax.tables.batch_stats)[0]?.flagged).toBe(false);
  });
});

describe('worker rejection (SPEC 4.2)', () => {
  /** `total` assignments of `worker`, the first `flagged` flagged. */
  function worker(name: string, total: number, flagged: number): Row[] {
    const rows: Row[] = [];
    for (let i = 0; i < total; i++) {
      rows.push(
        ...assignment(name, `${name}-${i}`, {
          grid: `g${i}`,
          selected: i < flagged ? 3 : 8,
        }),
      );
    }
    return rows;
  }

  it('rejects at exactly 30% and keeps just below', async () => {
    const rows = [
      ...worker('at30', 10, 3),
      ...worker('at30b', 20, 6),
      ...worker('below', 7, 2), // 28.6%
      ...worker('clean', 5, 0),
    ];
    const run = await clean({ annotations: annotations(rows) }, noEven);
    const w = new Map(
      rowsOf(run.tables.worker_stats).map((r) => [r.worker_id, r]),
    );
    expect(w.get('at30')?.flagged_share).toBe(0.3);
    expect(w.get('at30')?.rejected, '3 of 10').toBe(true);
    expect(w.get('at30b')?.rejected, '6 of 20').toBe(true);
    expect(w.get('below')?.rejected, '2 of 7').toBe(false);
    expect(w.get('clean')?.rejected).toBe(false);
    expect(w.get('at30')?.annotations_kept).toBe(0);
    expect(
      w.get('below')?.annotations_kept,
      'flagged rows of a kept worker stay',
    ).toBe(84);

    // A rejected worker loses every annotation, flagged or not.
    expect(ledgerOf(run).get('clean/rejected_worker')).toBe(30 * 12);
    expect(summaryValue(run, 'workers_rejected', null)).toBe(2);
    expectBalanced(run, rows.length);

    const strict = await clean(
      { annotations: annotations(rows) },
      { ...noEven, rejectShare: 0.25 },
    );
    expect(summaryValue(strict, 'workers_rejected', null)).toBe(3);
  });
});

describe('input errors', () => {
  it('needs annotations or counts', async () => {
    await expect(clean({})).rejects.toThrow(/annotations" or table "counts/);
  });

  it('rejects an assignment shared by two workers', async () => {
    const rows = [
      ...assignment('w1', 'a', { selected: 6 }),
      ...assignment('w2', 'a', { selected: 6 }),
    ];
    await expect(clean({ annotations: annotations(rows) })).rejects.toThrow(
      /assignment "a" has rows from 2 workers/,
    );
  });

  it('rejects unknown parameters', async () => {
    await expect(
      clean({ annotations: annotations([]) }, { minSelectd: 3 }),
    ).rejects.toThrow(/stage "clean" has no parameter "minSelectd"/);
  });
});
