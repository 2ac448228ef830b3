import { describe, it } from 'vitest';
import { expectError, ingest, tempDir, write } from './helpers.js';

const HEADER = 'worker_id,grid_id,image_id,class_id,role,selected';

/** Ingests one annotations CSV with the given body. */
function annotations(body: string, extra: Record<string, unknown> = {}) {
  const dir = tempDir();
  const file = write(dir, 'a.csv', body);
  const run = ingest({
    dataDir: dir,
    sources: [{ format: 'csv', table: 'annotations', path: 'a.csv', ...extra }],
  });
  return { file, run };
}

describe('bad input: each fails naming file, row and column', () => {
  it('missing required column', async () => {
    const { file, run } = annotations(
      'worker_id,grid_id,image_id,class_id,role\nw,g,i,c,reference\n',
    );
    await expectError(
      run,
      { file, row: 0, column: 'selected', code: 'BAD_INPUT' },
      /missing required column "selected".*the file has: worker_id/,
    );
  });

  it('column mapped to a name the file lacks', async () => {
    const { file, run } = annotations(`${HEADER}\nw,g,i,c,reference,1\n`, {
      columns: { selected: 'answer' },
    });
    await expectError(
      run,
      { file, row: 0, column: 'answer' },
      /columns.selected maps it to "answer"/,
    );
  });

  it('wrong type: selected = "maybe"', async () => {
    const { file, run } = annotations(
      `worker,grid_id,image_id,class_id,role,answer\nw,g,i1,c,reference,1\nw,g,i2,c,reference,maybe\n`,
      {
        columns: { worker_id: 'worker', selected: 'answer' },
      },
    );
    await expectError(
      run,
      { file, row: 2, column: 'answer', code: 'BAD_INPUT' },
      /column "answer" \(mapped to selected\).*expected 0, 1, true or false, found "maybe"/,
    );
  });

  it('empty required cell', async () => {
    const { file, run } = annotations(
      `${HEADER}\nw,g,i1,c,reference,1\nw,g,,c,reference,1\n`,
    );
    await expectError(
      run,
      { file, row: 2, column: 'image_id' },
      /expected a value \(image id\), found an empty cell/,
    );
  });

  it('empty file', async () => {
    const { file, run } = annotations('');
    await expectError(run, { file }, /file is empty/);
  });

  it('header only', async () => {
    const { file, run } = annotations(`${HEADER}\n`);
    await expectError(
      run,
      { file },
      /has a header \(worker_id, .*\) but no data rows/,
    );
  });

  it('duplicate header', async () => {
    const { file, run } = annotations(
      'worker_id,grid_id,image_id,class_id,role,selected,grid_id\nw,g,i,c,reference,1,h\n',
    );
    await expectError(
      run,
      { file, row: 0, column: 'grid_id' },
      /names column "grid_id" twice \(fields 2 and 7\)/,
    );
  });

  it('ragged row, too few fields', async () => {
    const { file, run } = annotations(
      `${HEADER}\nw,g,i1,c,reference,1\nw,g,i2,c\nw,g,i3,c,reference,0\n`,
    );
    await expectError(
      run,
      { file, row: 2, column: 'role' },
      /ragged row \(line 3 of the file\) has 4 fields, so column "role"/,
    );
  });

  it('ragged row, too many fields', async () => {
    const { file, run } = annotations(`${HEADER}\nw,g,i1,c,reference,1,oops\n`);
    await expectError(
      run,
      { file, row: 1, column: 'selected' },
      /has 7 fields, more than the 6 columns/,
    );
  });

  it('unknown role', async () => {
    const { file, run } = annotations(
      `${HEADER}\nw,g,i1,c,reference,1\nw,g,i2,c,v2,1\n`,
    );
    await expectError(
      run,
      { file, row: 2, column: 'role' },
      /expected one of reference, replication, candidate, control, found "v2"/,
    );
  });

  it('unknown role given as a default is a config error', async () => {
    const { run } = annotations(
      'worker_id,grid_id,image_id,class_id,selected\nw,g,i,c,1\n',
      { defaults: { role: 'v1' } },
    );
    await expectError(
      run,
      { code: 'BAD_CONFIG', column: 'role' },
      /defaults.role is "v1"; expected one of reference/,
    );
  });

  it('image with two classes in one grid', async () => {
    const { file, run } = annotations(
      `${HEADER}\nw1,g,i1,cat,reference,1\nw1,g,i2,cat,reference,1\nw2,g,i1,dog,reference,0\n`,
    );
    await expectError(
      run,
      { file, row: 3, column: 'class_id' },
      /image "i1" appears in grid "g" with class "dog" after class "cat"/,
    );
  });

  it('non-UTF-8 byte', async () => {
    const bytes = Buffer.concat([
      Buffer.from(`${HEADER}\nw,g,i1,c,reference,1\nw,g,i`),
      Buffer.from([0xff, 0xfe]),
      Buffer.from(',c,reference,1\n'),
    ]);
    const { file, run } = annotations(bytes as unknown as string);
    await expectError(
      run,
      { file, row: 2, column: 'image_id' },
      /line 3 of the file holds bytes that are not valid UTF-8/,
    );
  });

  it('non-UTF-8 byte in the header', async () => {
    const bytes = Buffer.concat([
      Buffer.from('worker_id,gr'),
      Buffer.from([0xe9]),
      Buffer.from('d\n'),
    ]);
    const { file, run } = annotations(bytes as unknown as string);
    await expectError(run, { file, row: 0 }, /header line is not valid UTF-8/);
  });

  it('counts with k > n', async () => {
    const dir = tempDir();
    const file = write(
      dir,
      'c.csv',
      'image_id,class_id,role,selected_count,annotator_count\na,x,reference,3,4\nb,x,reference,5,4\n',
    );
    const run = ingest({
      dataDir: dir,
      sources: [{ format: 'csv', table: 'counts', path: 'c.csv' }],
    });
    await expectError(
      run,
      { file, row: 2, column: 'selected_count' },
      /expected k at most annotator_count \(n\), found "5"/,
    );
  });

  it('counts with a decimal count', async () => {
    const dir = tempDir();
    const file = write(
      dir,
      'c.csv',
      'image_id,class_id,role,selected_count,annotator_count\na,x,reference,3,4.5\n',
    );
    const run = ingest({
      dataDir: dir,
      sources: [{ format: 'csv', table: 'counts', path: 'c.csv' }],
    });
    await expectError(
      run,
      { file, row: 1, column: 'annotator_count' },
      /expected a whole number/,
    );
  });

  it('prediction for an unknown image', async () => {
    const dir = tempDir();
    write(dir, 'a.csv', `${HEADER}\nw,g,i1,c,reference,1\n`);
    const file = write(
      dir,
      'p.csv',
      'image_id,model,correct\ni1,m,1\ni9,m,0\n',
    );
    const run = ingest({
      dataDir: dir,
      sources: [
        { format: 'csv', table: 'annotations', path: 'a.csv' },
        { format: 'csv', table: 'predictions', path: 'p.csv' },
      ],
    });
    await expectError(
      run,
      { file, row: 2, column: 'image_id' },
      /model "m" for image "i9", which no annotation or count mentions/,
    );
  });

  it('two predictions of one model for one image', async () => {
    const dir = tempDir();
    const file = write(
      dir,
      'p.csv',
      'image_id,model,correct\ni1,m,1\ni2,m,1\ni1,m,0\n',
    );
    const run = ingest({
      dataDir: dir,
      sources: [{ format: 'csv', table: 'predictions', path: 'p.csv' }],
    });
    await expectError(
      run,
      { file, row: 3, column: 'image_id' },
      /second row for image_id "i1", model "m"/,
    );
  });

  it('model column with no values', async () => {
    const dir = tempDir();
    const file = write(
      dir,
      'w.csv',
      'image_id,correct_a,correct_b\ni1,1,\ni2,0,\n',
    );
    const run = ingest({
      dataDir: dir,
      sources: [{ format: 'wide-predictions', path: 'w.csv' }],
    });
    await expectError(
      run,
      { file, column: 'correct_b' },
      /model column "correct_b" has no values/,
    );
  });

  it('empty cell in a wide table (missing: error)', async () => {
    const dir = tempDir();
    const file = write(
      dir,
      'w.csv',
      'image_id,correct_a,correct_b\ni1,1,1\ni2,0,\n',
    );
    const run = ingest({
      dataDir: dir,
      sources: [{ format: 'wide-predictions', path: 'w.csv' }],
    });
    await expectError(
      run,
      { file, row: 2, column: 'correct_b' },
      /whether model b is correct\), found an empty cell/,
    );
  });

  it('unknown key in columns is a config error', async () => {
    const { run } = annotations(`${HEADER}\nw,g,i,c,reference,1\n`, {
      columns: { image: 'x' },
    });
    await expectError(
      run,
      { code: 'BAD_CONFIG' },
      /columns.image names no column this reader fills/,
    );
  });

  it('unknown format is a config error', async () => {
    await expectError(
      ingest({ sources: [{ format: 'xlsx', table: 'counts', path: 'x' }] }),
      { code: 'BAD_CONFIG' },
      /sources.0.format/,
    );
  });

  it('missing file', async () => {
    const dir = tempDir();
    await expectError(
      ingest({
        dataDir: dir,
        sources: [{ format: 'csv', table: 'counts', path: 'nope.csv' }],
      }),
      { code: 'MISSING_INPUT', file: `${dir}/nope.csv` },
      /cannot read input file/,
    );
  });

  it('malformed JSON line', async () => {
    const dir = tempDir();
    const file = write(
      dir,
      'p.jsonl',
      '{"image_id":"a","model":"m","correct":true}\n{"image_id":"b",\n',
    );
    const run = ingest({
      dataDir: dir,
      sources: [{ format: 'jsonl', table: 'predictions', path: 'p.jsonl' }],
    });
    await expectError(run, { file }, /JSON/);
  });
});
