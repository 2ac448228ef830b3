import { describe, expect, it } from 'vitest';
import { expectError, ingest, rows, tempDir, write } from './helpers.js';

// A hand-written batch-results file in the layout of
// packages/simulate/MTURK_FORMAT.md: every field quoted, CRLF line ends,
// JSON list fields, a display name with a comma, and (beyond what the
// simulator writes) a RequesterFeedback spanning two lines.
const COLUMNS = [
  'HITId',
  'AssignmentId',
  'WorkerId',
  'AssignmentStatus',
  'SubmitTime',
  'RequesterFeedback',
  'Input.grid_id',
  'Input.class_id',
  'Input.class_name',
  'Input.image_ids',
  'Input.roles',
  'Input.control_kinds',
  'Answer.shown_order',
  'Answer.selected',
];
const GRID = {
  images: '["i1","i2","i3"]',
  roles: '["reference","candidate","control"]',
  kinds: '[null,null,"random"]',
};

function record(
  a: string,
  w: string,
  status: string,
  feedback: string,
  shown: string,
  selected: string,
) {
  const fields = [
    'h1',
    a,
    w,
    status,
    'Tue Sep 03 04:15:31 UTC 2019',
    feedback,
    'g1',
    'c1',
    'Class 1, synthetic',
    GRID.images,
    GRID.roles,
    GRID.kinds,
    shown,
    selected,
  ];
  return fields.map((f) => `"${f.replace(/"/g, '""')}"`).join(',');
}

const FILE =
  [
    COLUMNS.map((c) => `"${c}"`).join(','),
    record('a1', 'W1', 'Approved', '', '["i3","i1","i2"]', '["i1"]'),
    record(
      'a2',
      'W2',
      'Rejected',
      'fewer than 6\nimages selected',
      '["i1","i2","i3"]',
      '[]',
    ),
    record('a3', 'W3', 'Approved', '', '["i2","i3","i1"]', '["i2","i3"]'),
  ].join('\r\n') + '\r\n';

const SUBMIT = Date.UTC(2019, 8, 3, 4, 15, 31);

describe('Mechanical Turk batch results', () => {
  it('explodes assignments in shown order and drops rejected ones', async () => {
    const dir = tempDir();
    write(dir, 'Batch_1_batch_results.csv', FILE);
    const run = await ingest({
      dataDir: dir,
      sources: [{ format: 'mturk', path: 'Batch_1_batch_results.csv' }],
    });
    const got = rows(run.tables['annotations']).map((r) => [
      r['assignment_id'],
      r['worker_id'],
      r['image_id'],
      r['role'],
      r['control_kind'],
      r['selected'],
    ]);
    expect(got).toEqual([
      ['a1', 'W1', 'i3', 'control', 'random', false],
      ['a1', 'W1', 'i1', 'reference', null, true],
      ['a1', 'W1', 'i2', 'candidate', null, false],
      ['a3', 'W3', 'i2', 'candidate', null, true],
      ['a3', 'W3', 'i3', 'control', 'random', true],
      ['a3', 'W3', 'i1', 'reference', null, false],
    ]);
    const first = rows(run.tables['annotations'])[0];
    expect(first?.['grid_id'], 'grid').toBe('g1');
    expect(first?.['class_id'], 'class').toBe('c1');
    expect(first?.['submitted_at'], 'submitted_at (ms, UTC)').toBe(SUBMIT);
    expect(
      rows(run.tables['ledger_ingest']).map((r) => [
        r['action'],
        r['rows'],
        r['reason'],
      ]),
      'ledger: 9 rows read = 6 kept + 3 dropped',
    ).toEqual([
      [
        'dropped',
        3n,
        'assignment status Rejected (mturk layout.excludeStatuses)',
      ],
      ['kept', 6n, 'read and valid'],
    ]);
  });

  it('keeps rejected assignments when no status is excluded', async () => {
    const dir = tempDir();
    write(dir, 'b.csv', FILE);
    const run = await ingest({
      dataDir: dir,
      sources: [
        { format: 'mturk', path: 'b.csv', layout: { excludeStatuses: [] } },
      ],
    });
    expect(run.tables['annotations']?.numRows).toBe(9);
  });

  it('reads a text-list layout with index answers and defaults', async () => {
    const dir = tempDir();
    write(
      dir,
      'c.csv',
      [
        'HITId,AssignmentId,WorkerId,AssignmentStatus,Input.images,Answer.picked',
        'h1,a1,W1,Approved,x|y|z,0|2',
      ].join('\n'),
    );
    const run = await ingest({
      dataDir: dir,
      sources: [
        {
          format: 'mturk',
          path: 'c.csv',
          layout: {
            gridId: 'HITId',
            images: 'Input.images',
            selected: 'Answer.picked',
            roles: null,
            controlKinds: null,
            shownOrder: null,
            submitTime: null,
            classId: null,
            separator: '|',
            selectedBy: 'index',
          },
          defaults: { class_id: 'dog', role: 'candidate' },
        },
      ],
    });
    expect(
      rows(run.tables['annotations']).map((r) => [
        r['image_id'],
        r['class_id'],
        r['role'],
        r['selected'],
      ]),
    ).toEqual([
      ['x', 'dog', 'candidate', true],
      ['y', 'dog', 'candidate', false],
      ['z', 'dog', 'candidate', true],
    ]);
  });

  it('fails on an answer that is not a JSON array, naming the record', async () => {
    const dir = tempDir();
    const bad = FILE.replace('"[""i2"",""i3""]"', '"[""i2"",""i3"""');
    expect(bad, 'fixture changed').not.toBe(FILE);
    const file = write(dir, 'd.csv', bad);
    const run = ingest({
      dataDir: dir,
      sources: [{ format: 'mturk', path: 'd.csv' }],
    });
    await expectError(
      run,
      { file, row: 3, column: 'Answer.selected' },
      /expected a JSON array, found "\[\\"i2\\",\\"i3\\""/,
    );
  });

  it('fails on a selection the grid does not show', async () => {
    const dir = tempDir();
    const file = write(dir, 'e.csv', FILE.replace('"[""i1""]"', '"[""i9""]"'));
    const run = ingest({
      dataDir: dir,
      sources: [{ format: 'mturk', path: 'e.csv' }],
    });
    await expectError(
      run,
      { file, row: 1, column: 'Answer.selected' },
      /expected only ids of images shown in the grid/,
    );
  });

  it('fails on an unknown role inside the list', async () => {
    const dir = tempDir();
    const file = write(
      dir,
      'f.csv',
      FILE.replace('""candidate"",""control""', '""candidate"",""v3""'),
    );
    const run = ingest({
      dataDir: dir,
      sources: [{ format: 'mturk', path: 'f.csv' }],
    });
    await expectError(
      run,
      { file, row: 1, column: 'Input.roles' },
      /expected one of reference, .*found "v3"/,
    );
  });

  it('fails on a missing MTurk column', async () => {
    const dir = tempDir();
    const file = write(dir, 'g.csv', FILE.replace('"WorkerId"', '"Worker"'));
    const run = ingest({
      dataDir: dir,
      sources: [{ format: 'mturk', path: 'g.csv' }],
    });
    await expectError(
      run,
      { file, row: 0, column: 'WorkerId' },
      /missing required MTurk column "WorkerId" \(layout.workerId\)/,
    );
  });
});
