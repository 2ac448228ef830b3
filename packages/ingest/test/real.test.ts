import { describe, expect, it } from 'vitest';
import { readCifar10h } from '../src/index.js';
import { column, DATA_DIR, hasData, ingest, rows } from './helpers.js';

// Fixtures: /work/shared/data (see its README for sources and totals).
describe.skipIf(!hasData)(`real data in ${DATA_DIR}`, () => {
  it('reads bluebirds: 4,212 answers, 39 workers, 108 images', async () => {
    const run = await ingest({
      dataDir: DATA_DIR,
      sources: [
        {
          format: 'csv',
          table: 'annotations',
          path: 'bluebirds/answer.csv',
          columns: {
            image_id: 'question',
            worker_id: 'worker',
            selected: 'answer',
          },
          defaults: {
            class_id: 'bluebird',
            role: 'candidate',
            grid_id: 'bluebirds',
          },
        },
      ],
    });
    const a = run.tables['annotations'];
    expect(a?.numRows, 'rows').toBe(4212);
    expect(new Set(column(a, 'worker_id')).size, 'workers').toBe(39);
    expect(new Set(column(a, 'image_id')).size, 'images').toBe(108);
    expect(new Set(column(a, 'assignment_id')).size, 'assignments').toBe(39);
    expect(rows(a)[0], 'first row').toMatchObject({
      worker_id: '896',
      assignment_id: '896:bluebirds',
      image_id: '36618',
      class_id: 'bluebird',
      role: 'candidate',
      control_kind: null,
      selected: false,
      submitted_at: null,
    });

    // README: the mean share of workers saying yes per image is 0.38.
    const yes = new Map<string, number>();
    for (const r of rows(a)) {
      const id = String(r['image_id']);
      yes.set(id, (yes.get(id) ?? 0) + (r['selected'] ? 1 : 0));
    }
    const mean = [...yes.values()].reduce((s, k) => s + k / 39, 0) / 108;
    expect(mean.toFixed(2), 'mean share selected').toBe('0.38');
    expect(rows(run.tables['ledger_ingest']), 'ledger').toEqual([
      {
        stage: 'ingest',
        table: 'annotations',
        variant: null,
        reason: 'read and valid',
        action: 'kept',
        rows: 4212n,
      },
    ]);
  });

  it('reads cifar10h: 10,000 images, 47 to 63 annotators', async () => {
    const { counts, predictions } = await readCifar10h(DATA_DIR);
    expect(counts.numRows, 'count rows').toBe(10000);
    expect(predictions.numRows, 'prediction rows').toBe(10000);
    const n = column(counts, 'annotator_count') as number[];
    const k = column(counts, 'selected_count') as number[];
    expect(Math.min(...n), 'min n').toBe(47);
    expect(Math.max(...n), 'max n').toBe(63);
    expect(
      k.every((v, i) => v >= 0 && v <= (n[i] as number)),
      'k <= n',
    ).toBe(true);
    expect(new Set(column(counts, 'class_id')).size, 'classes').toBe(10);
    expect(new Set(column(counts, 'role')), 'role').toEqual(
      new Set(['reference']),
    );
    const first = rows(counts)[0];
    expect(first?.['image_id'], 'first image id').toBe('0');
    expect(first?.['class_id'], 'first image is a cat').toBe('cat');

    // README: classifier accuracy 92.9% overall, 62% when k/n < 0.5,
    // 96% when k/n >= 0.95.
    const correct = column(predictions, 'correct') as boolean[];
    const acc = (keep: (i: number) => boolean) => {
      let hits = 0;
      let all = 0;
      correct.forEach((c, i) => {
        if (!keep(i)) return;
        all++;
        if (c) hits++;
      });
      return hits / all;
    };
    const share = (i: number) => (k[i] as number) / (n[i] as number);
    expect(acc(() => true).toFixed(3), 'accuracy').toBe('0.929');
    expect(acc((i) => share(i) < 0.5).toFixed(2), 'hard').toBe('0.62');
    expect(acc((i) => share(i) >= 0.95).toFixed(2), 'easy').toBe('0.96');
    expect(new Set(column(predictions, 'model')), 'model').toEqual(
      new Set(['cifar10-cv-classifier']),
    );
  });
});
