import { makeTable, int32Column, dictColumn } from '@dsrep/core';
import { tableToIPC } from 'apache-arrow';
import { describe, expect, it } from 'vitest';
import {
  cifar10hSources,
  ingestOutputs,
  ingestParamsSchema,
  sourceSchema,
} from '../src/index.js';
import { expectError, ingest, rows, tempDir, write } from './helpers.js';

describe('parameters', () => {
  it('accepts {} and then produces only an empty ledger', async () => {
    const params = ingestParamsSchema.parse({});
    expect(params).toEqual({
      dataDir: '.',
      sources: [],
      unknownImages: 'error',
    });
    expect(ingestOutputs(params)).toEqual(['ledger_ingest']);
    const run = await ingest({});
    expect(Object.keys(run.tables)).toEqual(['ledger_ingest']);
    expect(run.tables['ledger_ingest']?.numRows).toBe(0);
  });

  it('parses the example sources of the docs and the CIFAR-10H helper', () => {
    const examples = [
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
      { format: 'mturk', path: 'Batch_1_batch_results.csv' },
      {
        format: 'wide-predictions',
        path: 'wide.parquet',
        fileFormat: 'parquet',
      },
      {
        format: 'label-predictions',
        path: 'labels.csv',
        defaults: { model: 'm' },
      },
      ...cifar10hSources(),
    ];
    for (const e of examples)
      expect(sourceSchema.safeParse(e).success, JSON.stringify(e)).toBe(true);
    const params = ingestParamsSchema.parse({ sources: examples });
    expect(ingestOutputs(params)).toEqual([
      'annotations',
      'counts',
      'predictions',
      'ledger_ingest',
    ]);
  });

  it('rejects a multi-character delimiter', () => {
    const r = sourceSchema.safeParse({
      format: 'csv',
      table: 'counts',
      path: 'x',
      delimiter: ';;',
    });
    expect(r.success).toBe(false);
  });
});

describe('unreadable binary files', () => {
  it('fails on a Parquet file that is not Parquet', async () => {
    const dir = tempDir();
    const file = write(dir, 'x.parquet', 'this is not parquet');
    await expectError(
      ingest({
        dataDir: dir,
        sources: [{ format: 'parquet', table: 'counts', path: 'x.parquet' }],
      }),
      { file, code: 'BAD_INPUT' },
      /cannot read file/,
    );
  });

  it('fails on an Arrow file that is not Arrow', async () => {
    const dir = tempDir();
    const file = write(dir, 'x.arrow', 'this is not arrow either');
    await expectError(
      ingest({
        dataDir: dir,
        sources: [{ format: 'arrow', table: 'counts', path: 'x.arrow' }],
      }),
      { file, code: 'BAD_INPUT' },
      /not a readable Arrow IPC file/,
    );
  });

  it('reads typed Arrow counts and checks their values', async () => {
    const dir = tempDir();
    const table = makeTable({
      image_id: dictColumn(['a', 'b']),
      class_id: dictColumn(['x', 'x']),
      role: dictColumn(['reference', 'reference']),
      selected_count: int32Column([1, 7]),
      annotator_count: int32Column([2, 5]),
    });
    const file = write(dir, 'c.arrow', tableToIPC(table, 'file'));
    await expectError(
      ingest({
        dataDir: dir,
        sources: [{ format: 'arrow', table: 'counts', path: 'c.arrow' }],
      }),
      { file, row: 2, column: 'selected_count' },
      /k at most annotator_count/,
    );
    const ok = makeTable({
      image_id: dictColumn(['a']),
      class_id: dictColumn(['x']),
      role: dictColumn(['reference']),
      selected_count: int32Column([1]),
      annotator_count: int32Column([2]),
    });
    write(dir, 'ok.arrow', tableToIPC(ok, 'file'));
    const run = await ingest({
      dataDir: dir,
      sources: [{ format: 'arrow', table: 'counts', path: 'ok.arrow' }],
    });
    expect(rows(run.tables['counts'])).toEqual([
      {
        image_id: 'a',
        class_id: 'x',
        role: 'reference',
        selected_count: 1,
        annotator_count: 2,
      },
    ]);
  });
});
