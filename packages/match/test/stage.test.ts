import { checkTable, ledgerContract, runStage } from '@dsrep/core';
import { describe, expect, it } from 'vitest';
import { stage } from '../src/index.js';
import {
  imageRows,
  out,
  predictionsTable,
  rowsOf,
  selectionTable,
  type SelRow,
} from './helpers.js';

// Class c1: references in-sample 3/5 (bin 3) and 5/5 (bin 4); N = 2
// wants one image from bin 3 and one from bin 4. Candidates: x (4/5,
// bin 4), y (5/5, bin 4), w (1/5, bin 1). Bin 3 is empty, so its image
// comes from bin 4 (upward): the replication is x and y.
// Class c2: one reference (2/5, bin 2), no candidate: short by 2.
const rows: SelRow[] = [
  ...imageRows('r1', 'c1', 'reference', [3, 5], [4, 5]),
  ...imageRows('r2', 'c1', 'reference', [5, 5], [5, 5]),
  ...imageRows('x', 'c1', 'candidate', [4, 5], [2, 5]),
  ...imageRows('y', 'c1', 'candidate', [5, 5], [3, 5]),
  ...imageRows('w', 'c1', 'candidate', [1, 5], [0, 5]),
  ...imageRows('v2', 'c1', 'replication', [5, 5], [5, 5]),
  ...imageRows('r3', 'c2', 'reference', [2, 5], [1, 5]),
];

describe('match stage', () => {
  it('matches, reports shortfalls and summarises in-sample and held-out ŝ', async () => {
    const run = await runStage(
      stage,
      { selection: selectionTable(rows) },
      { perClass: 2 },
      { seed: 1 },
    );
    const matched = rowsOf(out(run, 'matched'));
    expect(matched.map((m) => m.image_id).sort()).toEqual(['x', 'y']);
    expect(matched.map((m) => [m.bin, m.for_bin]).sort()).toEqual([
      [4, 3],
      [4, 4],
    ]);
    expect(
      matched.every(
        (m) => m.sampler === 'matched_frequency' && m.pool === 'plain',
      ),
    ).toBe(true);
    expect(rowsOf(out(run, 'shortfalls'))).toEqual([
      {
        variant: 'raw',
        rep: 0,
        sampler: 'matched_frequency',
        pool: 'plain',
        class_id: 'c2',
        bin: 2,
        missing: 2,
      },
    ]);
    // c2 has one reference at bin 2 and N = 2: target [0, 0, 2, 0, 0].
    const summary = rowsOf(out(run, 'match_summary'));
    const ref = summary.find((s) => s.set === 'reference');
    const rep = summary.find((s) => s.set === 'replication');
    expect(ref).toMatchObject({ classes: 2, images: 3, heldout_images: 3 });
    expect(ref?.mean_s_in_sample).toBeCloseTo((0.6 + 1 + 0.4) / 3, 12);
    expect(ref?.mean_s_heldout).toBeCloseTo((0.8 + 1 + 0.2) / 3, 12);
    expect(rep).toMatchObject({ classes: 1, images: 2, missing: 2 });
    expect(rep?.mean_s_in_sample).toBeCloseTo(0.9, 12);
    expect(rep?.mean_s_heldout).toBeCloseTo(0.5, 12);
    expect(out(run, 'match_accuracy').numRows, 'no predictions, no rows').toBe(
      0,
    );
    expect(run.warnings).toEqual([
      expect.stringMatching(/2 image\(s\) missing in 1 class/),
    ]);

    checkTable(out(run, 'ledger_match'), ledgerContract);
    const ledger = rowsOf(out(run, 'ledger_match'));
    const total = ledger.reduce((s, l) => s + (l.rows as number), 0);
    expect(total, 'every reference and candidate train row accounted').toBe(6);
  });

  it('does not depend on row order; depends on the seed', async () => {
    const many: SelRow[] = [];
    for (let c = 0; c < 5; c++) {
      many.push(...imageRows(`r${c}`, `c${c}`, 'reference', [3, 5], [3, 5]));
      for (let i = 0; i < 12; i++) {
        many.push(
          ...imageRows(`x${c}_${i}`, `c${c}`, 'candidate', [3, 5], [i % 6, 5]),
        );
      }
    }
    const params = {
      samplers: ['matched_frequency', 'threshold', 'top_images'],
      pools: ['plain', 'flickr_e'],
    };
    const a = await runStage(
      stage,
      { selection: selectionTable(many) },
      params,
      { seed: 2 },
    );
    const b = await runStage(
      stage,
      { selection: selectionTable(many, 9) },
      params,
      { seed: 2 },
    );
    const c = await runStage(
      stage,
      { selection: selectionTable(many) },
      params,
      { seed: 3 },
    );
    expect(rowsOf(out(b, 'matched'))).toEqual(rowsOf(out(a, 'matched')));
    expect(rowsOf(out(c, 'matched'))).not.toEqual(rowsOf(out(a, 'matched')));

    // Flickr-E with m = 4 of 5 held-out: pool members have >= 2 selected.
    const fe = rowsOf(out(a, 'matched')).filter((m) => m.pool === 'flickr_e');
    expect(fe.length).toBeGreaterThan(0);
    for (const m of fe) expect(m.heldout_k as number).toBeGreaterThanOrEqual(2);
    const ledger = rowsOf(out(a, 'ledger_match')).filter(
      (l) => l.table === 'selection:flickr_e',
    );
    expect(
      ledger.reduce((s, l) => s + (l.rows as number), 0),
      'flickr_e pool balance',
    ).toBe(60);
  });

  it('reports accuracy per model and set when predictions are given', async () => {
    const preds = predictionsTable([
      ['x', 'm1', true],
      ['y', 'm1', false],
      ['r1', 'm1', true],
      ['r2', 'm1', true],
      ['r3', 'm1', false],
      ['x', 'm2', true],
    ]);
    const run = await runStage(
      stage,
      { selection: selectionTable(rows), predictions: preds },
      { perClass: 2 },
      { seed: 1 },
    );
    const acc = rowsOf(out(run, 'match_accuracy'));
    const get = (set: string, model: string) =>
      acc.find((a) => a.set === set && a.model === model);
    expect(get('replication', 'm1')).toMatchObject({
      images: 2,
      accuracy: 0.5,
    });
    expect(get('replication', 'm2')).toMatchObject({ images: 1, accuracy: 1 });
    expect(get('reference', 'm1')?.accuracy).toBeCloseTo(2 / 3, 12);
  });

  it('skips classes below the reference requirements and names bad variants', async () => {
    const run = await runStage(
      stage,
      { selection: selectionTable(rows) },
      { perClass: 2, minReferenceImages: 2 },
      { seed: 1 },
    );
    expect(new Set(rowsOf(out(run, 'matched')).map((m) => m.class_id))).toEqual(
      new Set(['c1']),
    );
    expect(run.warnings?.[0]).toMatch(
      /1 class\(es\) had fewer than 2 usable reference images/,
    );
    await expect(
      runStage(
        stage,
        { selection: selectionTable(rows) },
        { variants: ['clean'] },
        { seed: 1 },
      ),
    ).rejects.toThrow(
      /variant "clean" is not in table "selection" \(it has: raw\)/,
    );
  });

  it('uses split=all when the selection has no train split', async () => {
    const allOnly = rows.filter((r) => r.split === 'all');
    const run = await runStage(
      stage,
      { selection: selectionTable(allOnly) },
      { perClass: 2 },
      { seed: 1 },
    );
    const summary = rowsOf(out(run, 'match_summary'));
    const ref = summary.find((s) => s.set === 'reference');
    expect(ref?.mean_s_in_sample).toBeCloseTo((0.7 + 1 + 0.3) / 3, 12);
    expect(ref?.mean_s_heldout, 'no held-out split').toBeNull();
  });
});
