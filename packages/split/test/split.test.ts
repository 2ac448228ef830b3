import {
  RandomStream,
  runStage,
  checkTable,
  selectionContract,
  ledgerContract,
} from '@dsrep/core';
import { describe, expect, it } from 'vitest';
import { stage } from '../src/index.js';
import {
  annotationsTable,
  countsTable,
  ledgerOf,
  rowsOf,
  type FixtureImage,
  type Row,
  out,
} from './helpers.js';

const images: FixtureImage[] = [
  { image: 'a', cls: 'c1', role: 'reference', k: 7, n: 10 },
  { image: 'b', cls: 'c1', role: 'candidate', k: 3, n: 10 },
  { image: 'c', cls: 'c2', role: 'candidate', k: 4, n: 5 }, // too few
  { image: 'd', cls: 'c2', role: 'replication', k: 10, n: 12 },
  { image: 'e', cls: 'c2', role: 'control', k: 0, n: 8 },
];

const key = (r: Row) => `${r.variant}/${r.rep}/${r.split}/${r.image_id}`;
const byKey = (rows: Row[]) => new Map(rows.map((r) => [key(r), r]));

describe('split stage on counts', () => {
  it('writes all, train and held-out rows that add up', async () => {
    const run = await runStage(
      stage,
      { counts: countsTable(images) },
      { reps: 3 },
      { seed: 1 },
    );
    checkTable(out(run, 'selection'), selectionContract);
    checkTable(out(run, 'ledger_split'), ledgerContract);
    const rows = byKey(rowsOf(out(run, 'selection')));

    for (const im of images) {
      const all = rows.get(`raw/0/all/${im.image}`);
      expect(all, `all row of ${im.image}`).toMatchObject({
        k: im.k,
        n: im.n,
        role: im.role,
        class_id: im.cls,
      });
      for (let rep = 0; rep < 3; rep++) {
        const train = rows.get(`raw/${rep}/train/${im.image}`);
        const held = rows.get(`raw/${rep}/heldout/${im.image}`);
        if (im.n < 6) {
          expect(train, `${im.image} has too few annotations`).toBeUndefined();
          continue;
        }
        expect(train?.n, 'train n = t').toBe(5);
        expect(held?.n, 'held-out n = rest').toBe(im.n - 5);
        expect((train?.k ?? 0) + (held?.k ?? 0), 'k adds up').toBe(im.k);
      }
    }
    expect(rows.size).toBe(5 + 3 * 2 * 4);

    const ledger = ledgerOf(out(run, 'ledger_split'));
    const dropped = ledger.find((l) =>
      l.reason.startsWith('image has fewer than 6'),
    );
    expect(dropped?.rows, 'image c is not split').toBe(1);
    const sum = ledger
      .filter((l) => l.action !== 'changed')
      .reduce((s, l) => s + l.rows, 0);
    expect(sum, 'rows in = kept + dropped').toBe(images.length);
    expect(run.warnings?.length, 'one warning about image c').toBe(1);
  });

  it('keeps h held-out annotations and subsamples first', async () => {
    const run = await runStage(
      stage,
      { counts: countsTable(images) },
      {
        t: 3,
        h: 4,
        subsample: 8,
        roles: ['reference', 'candidate', 'replication'],
      },
      { seed: 2 },
    );
    const rows = rowsOf(out(run, 'selection'));
    expect(
      rows.some((r) => r.image_id === 'e'),
      'control dropped',
    ).toBe(false);
    const d = rows.filter((r) => r.image_id === 'd');
    expect(d.map((r) => [r.split, r.n])).toEqual([
      ['all', 8],
      ['train', 3],
      ['heldout', 4],
    ]);
    // d had 10 of 12 selected: after subsampling to 8 at least 6 remain.
    const all = d[0]?.k ?? -1;
    expect(all).toBeGreaterThanOrEqual(6);
    expect((d[1]?.k ?? 0) + (d[2]?.k ?? 0)).toBeLessThanOrEqual(all);
    const ledger = ledgerOf(out(run, 'ledger_split'));
    expect(
      ledger.find((l) => l.reason === 'role not in params.roles')?.rows,
    ).toBe(1);
    expect(
      ledger.find((l) => l.action === 'changed')?.rows,
      'a, b, d subsampled',
    ).toBe(3);
  });

  it('rejects counts with k > n naming the row', async () => {
    const bad = [
      ...images,
      { image: 'z', cls: 'c3', role: 'candidate', k: 9, n: 4 },
    ];
    await expect(
      runStage(stage, { counts: countsTable(bad) }, {}, { seed: 1 }),
    ).rejects.toThrow(
      /row 6.*selected_count must be between 0 and annotator_count/,
    );
  });

  it('needs annotations or counts, and sane parameters', async () => {
    await expect(runStage(stage, {}, {}, { seed: 1 })).rejects.toThrow(
      /needs table "annotations" or table "counts"/,
    );
    await expect(
      runStage(
        stage,
        { counts: countsTable(images) },
        { t: 5, subsample: 5 },
        { seed: 1 },
      ),
    ).rejects.toThrow(/subsample must be at least t \+ h/);
  });
});

describe('split stage on annotation rows', () => {
  it('does not depend on the order of input rows', async () => {
    const a = await runStage(
      stage,
      { annotations: annotationsTable(images) },
      { reps: 2 },
      { seed: 7 },
    );
    const b = await runStage(
      stage,
      { annotations: annotationsTable(images, 99) },
      { reps: 2 },
      { seed: 7 },
    );
    expect(rowsOf(out(b, 'selection'))).toEqual(rowsOf(out(a, 'selection')));
    const c = await runStage(
      stage,
      { annotations: annotationsTable(images) },
      { reps: 2 },
      { seed: 8 },
    );
    expect(
      rowsOf(out(c, 'selection')),
      'another seed gives another split',
    ).not.toEqual(rowsOf(out(a, 'selection')));
  });

  it('gives the same split from rows as from their counts', async () => {
    // Only (k, n) per image and the image's own stream decide a split.
    const params = { reps: 2, h: 3, subsample: 9 };
    const rows = await runStage(
      stage,
      { annotations: annotationsTable(images, 4) },
      params,
      { seed: 5 },
    );
    const counts = await runStage(
      stage,
      { counts: countsTable(images) },
      params,
      { seed: 5 },
    );
    expect(rowsOf(out(rows, 'selection'))).toEqual(
      rowsOf(out(counts, 'selection')),
    );
  });

  it('splits clean and raw variants and accounts for every annotation row', async () => {
    const clean = images.map((im) => ({
      ...im,
      n: im.n - 1,
      k: Math.min(im.k, im.n - 1),
    }));
    const run = await runStage(
      stage,
      {
        annotations: annotationsTable(images),
        annotations_clean: annotationsTable(clean),
      },
      { t: 5, h: 3 },
      { seed: 3 },
    );
    const rows = rowsOf(out(run, 'selection'));
    expect(new Set(rows.map((r) => r.variant))).toEqual(
      new Set(['raw', 'clean']),
    );
    for (const r of rows.filter((x) => x.split === 'heldout'))
      expect(r.n).toBe(3);

    const ledger = ledgerOf(out(run, 'ledger_split'));
    for (const [variant, list] of [
      ['raw', images],
      ['clean', clean],
    ] as const) {
      const lines = ledger.filter((l) => l.variant === variant);
      const total = list.reduce((s, im) => s + im.n, 0);
      expect(
        lines.reduce((s, l) => s + l.rows, 0),
        `${variant}: rows in = kept + dropped`,
      ).toBe(total);
      const kept = list.filter((im) => im.n >= 8).length * 8;
      expect(
        lines.find((l) => l.action === 'kept')?.rows,
        `${variant} kept`,
      ).toBe(kept);
    }
  });

  it('draws train counts with the hypergeometric law, from rows or counts', async () => {
    // 400 images with k = 6 of n = 10; train t = 5. E[k_train] = 3 and
    // Var = t·(k/n)(1-k/n)(n-t)/(n-1) = 5·0.24·5/9 = 2/3 per image, so
    // the mean over 400 images has SE = sqrt(2/3 / 400) ≈ 0.041; we
    // allow 4 SE (false alarm < 1e-4).
    const many: FixtureImage[] = Array.from({ length: 400 }, (_, i) => ({
      image: `i${i}`,
      cls: `c${i % 20}`,
      role: 'candidate',
      k: 6,
      n: 10,
    }));
    const se = Math.sqrt(2 / 3 / 400);
    for (const inputs of [
      { counts: countsTable(many) },
      { annotations: annotationsTable(many) },
    ]) {
      const run = await runStage(stage, inputs, {}, { seed: 11 });
      const train = rowsOf(out(run, 'selection')).filter(
        (r) => r.split === 'train',
      );
      const mean = train.reduce((s, r) => s + r.k, 0) / train.length;
      expect(Math.abs(mean - 3), `mean train k ${mean}`).toBeLessThan(4 * se);
      const spread = new Set(train.map((r) => r.k));
      expect(spread.size, 'train k varies').toBeGreaterThan(3);
    }
  });
});

describe('drawHypergeometric', () => {
  it('never exceeds its bounds', async () => {
    const { drawHypergeometric } = await import('../src/index.js');
    const rng = RandomStream.fromSeed(5);
    for (let i = 0; i < 2000; i++) {
      const n = 1 + rng.int(30);
      const k = rng.int(n + 1);
      const t = rng.int(n + 1);
      const x = drawHypergeometric(rng, n, k, t);
      expect(x).toBeGreaterThanOrEqual(Math.max(0, t - (n - k)));
      expect(x).toBeLessThanOrEqual(Math.min(k, t));
    }
  });
});
