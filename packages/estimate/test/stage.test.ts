import {
  dictColumn,
  float64Column,
  makeTable,
  runStage,
  DsrepError,
} from '@dsrep/core';
import type { Table } from 'apache-arrow';
import { describe, expect, it } from 'vitest';
import { stage } from '../src/index.js';
import { aggregateLevels, indexLevels } from '../src/levels.js';
import {
  syntheticImages,
  toArrow,
  trueAdjusted,
  type SyntheticSpec,
} from './synthetic.js';
import { levelStatsSql, loadImages } from '../src/sufficient.js';
import { z } from 'zod';
import type { LevelStats } from '../src/levels.js';

const spec: SyntheticSpec = {
  images1: 300,
  images2: 300,
  n: 8,
  models: 5,
  p1: [4, 1.5],
  p2: [2.5, 1.5],
  seed: 7,
};
const images = syntheticImages(spec);
const { selection, predictions } = toArrow(images);
const truth = trueAdjusted(spec);
const truthModels = makeTable({
  model: dictColumn(images.models),
  adjusted_true: float64Column(truth),
});

const params = {
  bootstrap: 30,
  parametric_bootstrap: 2,
  toy: { draws: 2000, bins: 5, cases: [{ alpha: 2, beta: 1, n: 5 }] },
};

const rowsOf = (t: Table) => t.toArray().map((r) => r.toJSON());

describe('estimate stage', () => {
  it('writes every output, with truth and quality', async () => {
    const run = await runStage(
      stage,
      { selection, predictions, truth_models: truthModels },
      params,
      { seed: 1 },
    );
    expect(run.warnings, 'no unexpected warnings').toEqual([]);
    const est = rowsOf(run.tables.estimates);
    // 2 variants × 5 estimators (v1, v2, naive, jackknife, parametric) × 5 models.
    expect(est.length).toBe(2 * 5 * 5);
    const jack = est.filter((r) => r.estimator === 'jackknife');
    expect(jack.every((r) => r.lo <= r.value && r.value <= r.hi)).toBe(true);
    expect(jack[0].truth).toBeCloseTo(truth[0], 12);
    const quality = rowsOf(run.tables.estimator_quality);
    expect(quality.map((q) => q.estimator).sort()).toEqual([
      'jackknife',
      'jackknife',
      'naive',
      'naive',
      'parametric',
      'parametric',
    ]);
    expect(run.tables.naive_curve.numRows).toBe(2 * 8 * 5);
    expect(run.tables.jackknife_curve.numRows).toBe(2 * 8 * 5);
    expect(run.tables.mixtures.numRows).toBe(2 * 2 * 3);
    expect(rowsOf(run.tables.linear_fits).length).toBe(2 * 4);
    expect(run.tables.toy_model.numRows).toBe(5);
  });

  it('gives identical results on a rerun with the same seed', async () => {
    const p = { ...params, estimators: ['naive', 'jackknife'] };
    const a = await runStage(stage, { selection, predictions }, p, { seed: 4 });
    const b = await runStage(stage, { selection, predictions }, p, { seed: 4 });
    expect(rowsOf(a.tables.estimates)).toEqual(rowsOf(b.tables.estimates));
    expect(rowsOf(a.tables.naive_curve)).toEqual(rowsOf(b.tables.naive_curve));
    expect(a.tables.estimator_quality.numRows).toBe(0);
  });

  it('SQL sufficient statistics equal the per-image sums', async () => {
    // A one-off stage gives the SQL functions a real DuckDB connection.
    let sql: LevelStats | undefined;
    let ts: LevelStats | undefined;
    const probe = {
      name: 'probe',
      doc: 'test',
      inputs: [
        { name: 'selection', required: true },
        { name: 'predictions', required: true },
      ],
      outputs: [],
      params: z.object({}),
      async run(ctx: { query: (s: string, p?: string[]) => Promise<Table> }) {
        const query = (q: string, v?: string[]) => ctx.query(q, v);
        const loaded = await loadImages(query, ['clean'], 'replication');
        const table = loaded.byVariant.get('clean');
        if (!table) throw new Error('no clean');
        const index = indexLevels(table);
        sql = await levelStatsSql(query, 'clean', index, 5);
        ts = aggregateLevels(table, index);
        return { tables: {} };
      },
    };
    await runStage(probe, { selection, predictions }, {}, { seed: 1 });
    if (!sql || !ts) throw new Error('probe did not run');
    expect([...sql.c1]).toEqual([...ts.c1]);
    expect([...sql.c2]).toEqual([...ts.c2]);
    expect([...sql.f1]).toEqual([...ts.f1]);
    expect([...sql.f2]).toEqual([...ts.f2]);
  });

  it('leaves out a variant without rows, with a warning', async () => {
    const clean = toArrow(images, ['clean']);
    const run = await runStage(
      stage,
      clean,
      { ...params, estimators: ['naive'], bootstrap: 0 },
      { seed: 1 },
    );
    expect(run.warnings).toEqual([
      expect.stringMatching(/variant raw: selection has no reference/),
    ]);
    const variants = new Set(
      rowsOf(run.tables.estimates).map((r) => r.variant),
    );
    expect([...variants]).toEqual(['clean']);
  });

  it('names the image and model of a missing prediction', async () => {
    const cut = makeTable({
      image_id: dictColumn(
        rowsOf(predictions)
          .slice(1)
          .map((r) => r.image_id),
      ),
      model: dictColumn(
        rowsOf(predictions)
          .slice(1)
          .map((r) => r.model),
      ),
      correct: {
        kind: 'bool',
        values: Uint8Array.from(rowsOf(predictions).slice(1), (r) =>
          r.correct ? 1 : 0,
        ),
      },
    });
    const run = runStage(stage, { selection, predictions: cut }, params, {
      seed: 1,
    });
    await expect(run).rejects.toThrow(DsrepError);
    await expect(run).rejects.toThrow(/image "v1_0" and model "model_000"/);
  });
});
