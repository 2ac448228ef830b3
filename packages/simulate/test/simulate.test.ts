import {
  RandomStream,
  annotationsContract,
  checkTable,
  ledgerContract,
  predictionsContract,
  runStage,
} from '@dsrep/core';
import { tableToIPC, type Table } from 'apache-arrow';
import { describe, expect, it } from 'vitest';
import { simulate } from '../src/simulate.js';
import { stage } from '../src/stage.js';

const bytes = (t: Table) => Buffer.from(tableToIPC(t, 'file'));
const col = (t: Table, name: string) => {
  const v = t.getChild(name);
  if (!v) throw new Error(`no column ${name}`);
  return v;
};

describe('simulate stage (remeasure, 12 classes, 3 models)', async () => {
  const params = { classes: 12, models: 3 };
  const run = await runStage(stage, {}, params, { seed: 7 });
  const ann = run.tables.annotations as Table;

  it('returns tables that satisfy the contracts', () => {
    checkTable(ann, annotationsContract, 'annotations');
    checkTable(run.tables.predictions as Table, predictionsContract, 'p');
    checkTable(run.tables.ledger_simulate as Table, ledgerContract, 'l');
    expect(ann.numRows, '12 classes × 48 images × 40 workers').toBe(
      12 * 48 * 40,
    );
    expect(run.tables.predictions?.numRows, '42 images × 3 models').toBe(
      12 * 42 * 3,
    );
    expect(run.tables.truth_images?.numRows).toBe(12 * 48);
    expect(run.tables.truth_models?.numRows).toBe(3);
  });

  it('shows each image to 40 distinct workers, in per-worker order', () => {
    const workersOf = new Map<string, Set<string>>();
    const perAssignment = new Map<string, string[]>();
    const worker = col(ann, 'worker_id');
    const image = col(ann, 'image_id');
    const assignment = col(ann, 'assignment_id');
    for (let i = 0; i < ann.numRows; i++) {
      const img = image.get(i) as string;
      const set = workersOf.get(img) ?? new Set();
      set.add(worker.get(i) as string);
      workersOf.set(img, set);
      const a = assignment.get(i) as string;
      perAssignment.set(a, [...(perAssignment.get(a) ?? []), img]);
    }
    for (const [img, set] of workersOf) {
      expect(set.size, `distinct workers of ${img}`).toBe(40);
    }
    expect(perAssignment.size).toBe(12 * 40);
    const orders = new Set<string>();
    for (const [a, imgs] of perAssignment) {
      expect(new Set(imgs).size, `images of ${a}`).toBe(48);
      orders.add(imgs.join(','));
    }
    // Shuffled per worker: 480 orders of 48 images all distinct.
    expect(orders.size, 'distinct shown orders').toBe(12 * 40);
  });

  it('ledger rows add up to the generated rows', () => {
    const ledger = run.tables.ledger_simulate as Table;
    let annotations = 0;
    for (let i = 0; i < ledger.numRows; i++) {
      if (col(ledger, 'table').get(i) === 'annotations') {
        annotations += Number(col(ledger, 'rows').get(i));
      }
    }
    expect(annotations).toBe(ann.numRows);
  });

  it('gives identical tables for the same seed, different ones else', async () => {
    const again = await runStage(stage, {}, params, { seed: 7 });
    const other = await runStage(stage, {}, params, { seed: 8 });
    for (const name of stage.outputs) {
      const a = run.tables[name] as Table;
      expect(bytes(again.tables[name] as Table).equals(bytes(a)), name).toBe(
        true,
      );
    }
    for (const name of ['annotations', 'predictions', 'truth_images']) {
      const a = run.tables[name] as Table;
      expect(bytes(other.tables[name] as Table).equals(bytes(a)), name).toBe(
        false,
      );
    }
  });

  it('does not depend on the batch size', () => {
    const rng = () => RandomStream.fromSeed(7).derive('stage:simulate');
    const a = simulate({ ...params, classesPerBatch: 5 }, rng());
    const b = simulate({ ...params, classesPerBatch: 50 }, rng());
    expect(bytes(a.tables.annotations).equals(bytes(ann))).toBe(true);
    expect(
      bytes(b.tables.predictions).equals(bytes(a.tables.predictions)),
    ).toBe(true);
  });

  it('rejects bad parameters with the field named', async () => {
    await expect(
      runStage(stage, {}, { classes: -1 }, { seed: 1 }),
    ).rejects.toThrow(/classes/);
  });
});

describe('original preset', () => {
  it('has 5 grids of 10 reference + 35 candidates + 3 controls, 10 workers each', () => {
    const r = simulate(
      { preset: 'original', classes: 3, models: 2 },
      RandomStream.fromSeed(1),
    );
    expect(r.tables.annotations.numRows).toBe(3 * 5 * 48 * 10);
    const roles = new Map<string, number>();
    const role = col(r.tables.truth_images, 'role');
    for (let i = 0; i < r.tables.truth_images.numRows; i++) {
      const k = role.get(i) as string;
      roles.set(k, (roles.get(k) ?? 0) + 1);
    }
    expect(Object.fromEntries(roles)).toEqual({
      reference: 3 * 50,
      candidate: 3 * 175,
      control: 3 * 15,
    });
    const adjusted = col(r.tables.truth_models, 'adjusted_true');
    expect(adjusted.get(0), 'no replication role: null').toBeNull();
  });
});
