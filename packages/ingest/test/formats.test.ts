import { DuckDBInstance } from '@duckdb/node-api';
import { tableToIPC } from 'apache-arrow';
import { boolColumn, dictColumn, makeTable, quoteLiteral } from '@dsrep/core';
import { describe, expect, it } from 'vitest';
import { column, ingest, rows, tempDir, write } from './helpers.js';

const ANNOTATIONS_CSV = [
  'worker_id,assignment_id,grid_id,image_id,class_id,role,control_kind,selected,submitted_at',
  'w1,a1,g1,i1,c1,reference,,1,2019-06-04T10:10:29Z',
  'w1,a1,g1,i2,c1,candidate,,0,2019-06-04T12:10:29+02:00',
  'w2,a2,g1,i1,c1,reference,,true,',
  'w2,a2,g1,i3,c1,control,random,FALSE,2019-06-04 10:10:29',
].join('\n');

const EXPECTED = [
  ['w1', 'a1', 'i1', 'reference', null, true, Date.UTC(2019, 5, 4, 10, 10, 29)],
  [
    'w1',
    'a1',
    'i2',
    'candidate',
    null,
    false,
    Date.UTC(2019, 5, 4, 10, 10, 29),
  ],
  ['w2', 'a2', 'i1', 'reference', null, true, null],
  [
    'w2',
    'a2',
    'i3',
    'control',
    'random',
    false,
    Date.UTC(2019, 5, 4, 10, 10, 29),
  ],
];

function summary(table: Parameters<typeof rows>[0]) {
  return rows(table).map((r) => [
    r['worker_id'],
    r['assignment_id'],
    r['image_id'],
    r['role'],
    r['control_kind'],
    r['selected'],
    r['submitted_at'] === null ? null : Number(r['submitted_at']),
  ]);
}

/** Converts the CSV fixture to Parquet or JSON lines with DuckDB. */
async function convert(csv: string, out: string, format: string) {
  const db = await DuckDBInstance.create(':memory:');
  const conn = await db.connect();
  const opts = format === 'parquet' ? '(FORMAT parquet)' : '(FORMAT json)';
  await conn.run(
    `COPY (SELECT * REPLACE (selected IN ('1', 'true', 'TRUE') AS selected) ` +
      `FROM read_csv(${quoteLiteral(csv)}, all_varchar = true)) ` +
      `TO ${quoteLiteral(out)} ${opts}`,
  );
  conn.closeSync();
  db.closeSync();
}

describe('canonical formats', () => {
  it('reads the same annotations from CSV, Parquet, JSON lines', async () => {
    const dir = tempDir();
    const csv = write(dir, 'a.csv', ANNOTATIONS_CSV);
    await convert(csv, `${dir}/a.parquet`, 'parquet');
    await convert(csv, `${dir}/a.jsonl`, 'json');
    for (const [format, path] of [
      ['csv', 'a.csv'],
      ['parquet', 'a.parquet'],
      ['jsonl', 'a.jsonl'],
    ]) {
      const run = await ingest({
        dataDir: dir,
        sources: [{ format, table: 'annotations', path }],
      });
      expect(summary(run.tables['annotations']), format).toEqual(EXPECTED);
    }
  });

  it('reads predictions from Arrow IPC (file and stream format)', async () => {
    const dir = tempDir();
    const table = makeTable({
      image_id: dictColumn(['i1', 'i2', 'i1']),
      model: dictColumn(['m1', 'm1', 'm2']),
      correct: boolColumn([1, 0, 1]),
    });
    write(dir, 'p.arrow', tableToIPC(table, 'file'));
    write(dir, 'p.stream.arrow', tableToIPC(table, 'stream'));
    for (const path of ['p.arrow', 'p.stream.arrow']) {
      const run = await ingest({
        dataDir: dir,
        sources: [{ format: 'arrow', table: 'predictions', path }],
      });
      expect(rows(run.tables['predictions']), path).toEqual([
        { image_id: 'i1', model: 'm1', correct: true },
        { image_id: 'i2', model: 'm1', correct: false },
        { image_id: 'i1', model: 'm2', correct: true },
      ]);
    }
  });

  it('reads counts with mapped columns and a default role', async () => {
    const dir = tempDir();
    write(dir, 'c.tsv', 'img\tcls\tk\tn\nx\tdog\t3\t10\ny\tcat\t0\t9\n');
    const run = await ingest({
      dataDir: dir,
      sources: [
        {
          format: 'csv',
          table: 'counts',
          path: 'c.tsv',
          delimiter: '\t',
          columns: {
            image_id: 'img',
            class_id: 'cls',
            selected_count: 'k',
            annotator_count: 'n',
          },
          defaults: { role: 'replication' },
        },
      ],
    });
    expect(rows(run.tables['counts'])).toEqual([
      {
        image_id: 'x',
        class_id: 'dog',
        role: 'replication',
        selected_count: 3,
        annotator_count: 10,
      },
      {
        image_id: 'y',
        class_id: 'cat',
        role: 'replication',
        selected_count: 0,
        annotator_count: 9,
      },
    ]);
  });

  it('reads wide correct_<model> tables into long rows', async () => {
    const dir = tempDir();
    write(dir, 'w.csv', 'image,correct_a,correct_b,note\ni1,1,0,x\ni2,,1,y\n');
    const source = {
      format: 'wide-predictions',
      path: 'w.csv',
      columns: { image_id: 'image' },
      missing: 'drop',
    };
    const run = await ingest({ dataDir: dir, sources: [source] });
    expect(rows(run.tables['predictions'])).toEqual([
      { image_id: 'i1', model: 'a', correct: true },
      { image_id: 'i1', model: 'b', correct: false },
      { image_id: 'i2', model: 'b', correct: true },
    ]);
    expect(
      rows(run.tables['ledger_ingest']).map((r) => [r['action'], r['rows']]),
      'ledger: 4 cells = 3 kept + 1 dropped',
    ).toEqual([
      ['dropped', 1n],
      ['kept', 3n],
    ]);
  });

  it('reads predicted and true labels', async () => {
    const dir = tempDir();
    write(dir, 'l.csv', 'image_id,predicted,label\ni1,cat,cat\ni2,dog,cat\n');
    const run = await ingest({
      dataDir: dir,
      sources: [
        {
          format: 'label-predictions',
          path: 'l.csv',
          defaults: { model: 'resnet' },
        },
      ],
    });
    expect(rows(run.tables['predictions'])).toEqual([
      { image_id: 'i1', model: 'resnet', correct: true },
      { image_id: 'i2', model: 'resnet', correct: false },
    ]);
  });

  it('unites sources of one table and keeps predictions of known images', async () => {
    const dir = tempDir();
    write(
      dir,
      'c1.csv',
      'image_id,class_id,role,selected_count,annotator_count\na,x,reference,1,2\n',
    );
    write(
      dir,
      'c2.csv',
      'image_id,class_id,role,selected_count,annotator_count\nb,x,replication,2,2\n',
    );
    write(dir, 'p.csv', 'image_id,model,correct\na,m,1\nb,m,0\nz,m,1\n');
    const run = await ingest({
      dataDir: dir,
      unknownImages: 'drop',
      sources: [
        { format: 'csv', table: 'counts', path: 'c1.csv' },
        { format: 'csv', table: 'counts', path: 'c2.csv' },
        { format: 'csv', table: 'predictions', path: 'p.csv' },
      ],
    });
    expect(column(run.tables['counts'], 'image_id')).toEqual(['a', 'b']);
    expect(column(run.tables['predictions'], 'image_id')).toEqual(['a', 'b']);
    expect(
      rows(run.tables['ledger_ingest']).map((r) => [
        r['table'],
        r['action'],
        r['rows'],
      ]),
    ).toEqual([
      ['predictions', 'dropped', 1n],
      ['counts', 'kept', 2n],
      ['predictions', 'kept', 2n],
    ]);
  });
});

describe('timestamps', () => {
  it('parses ISO with and without offset and MTurk zones as UTC', async () => {
    const dir = tempDir();
    const times = [
      '2019-09-03T04:15:31Z',
      '2019-09-03 06:15:31+02:00',
      '2019-09-03 04:15:31',
      'Tue Sep 03 04:15:31 UTC 2019',
      'Tue Sep 03 04:15:31 GMT 2019',
      'Mon Sep 02 21:15:31 PDT 2019',
      'Mon Sep 02 20:15:31 PST 2019',
    ];
    write(
      dir,
      'a.csv',
      [
        'worker_id,grid_id,image_id,class_id,role,selected,submitted_at',
        ...times.map((t, i) => `w${i},g,i,c,reference,1,${t}`),
      ].join('\n'),
    );
    const run = await ingest({
      dataDir: dir,
      sources: [{ format: 'csv', table: 'annotations', path: 'a.csv' }],
    });
    const ms = column(run.tables['annotations'], 'submitted_at').map(Number);
    expect(ms).toEqual(times.map(() => Date.UTC(2019, 8, 3, 4, 15, 31)));
  });
});
