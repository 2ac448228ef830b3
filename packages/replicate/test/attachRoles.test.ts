import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  boolColumn,
  dictColumn,
  makeTable,
  runStage,
  type ColumnInput,
} from '@dsrep/core';
import { describe, expect, test } from 'vitest';
import { attachRolesStage } from '../src/index.js';

/** Annotations of two workers on images a, b, c (role placeholder). */
function annotations(images: string[]) {
  const rows = images.flatMap((image) =>
    ['w1', 'w2'].map((worker) => ({ image, worker })),
  );
  const nulls = (): ColumnInput => ({
    kind: 'timestamp',
    values: new BigInt64Array(rows.length),
    valid: new Uint8Array(rows.length),
  });
  return makeTable({
    worker_id: dictColumn(rows.map((r) => r.worker)),
    assignment_id: dictColumn(rows.map((r) => `${r.worker}:g`)),
    grid_id: dictColumn(rows.map(() => 'g')),
    image_id: dictColumn(rows.map((r) => r.image)),
    class_id: dictColumn(rows.map(() => 'bird')),
    role: dictColumn(rows.map(() => 'candidate')),
    control_kind: dictColumn(rows.map(() => null)),
    selected: boolColumn(rows.map((_, i) => i % 2)),
    submitted_at: nulls(),
  });
}

const dir = mkdtempSync(join(tmpdir(), 'attach-roles-'));
const truth = (name: string, text: string) => {
  writeFileSync(join(dir, name), text);
  return name;
};

describe('attach-roles', () => {
  test('truth 1 → reference, 0 → candidate, rows kept', async () => {
    const path = truth('ok.csv', 'question,truth\na,1\nb,0\nc,1\n');
    const run = await runStage(
      attachRolesStage,
      { annotations: annotations(['a', 'b', 'c']) },
      { dataDir: dir, truth: path },
      { seed: 1 },
    );
    const out = run.tables.annotations;
    expect(out?.numRows, 'rows').toBe(6);
    const roles = new Map(
      (out?.toArray() ?? []).map((r) => [String(r.image_id), String(r.role)]),
    );
    expect(Object.fromEntries(roles)).toEqual({
      a: 'reference',
      b: 'candidate',
      c: 'reference',
    });
  });

  test('a truth value other than 0/1 names file, row and column', async () => {
    const path = truth('bad.csv', 'question,truth\na,1\nb,yes\n');
    await expect(
      runStage(
        attachRolesStage,
        { annotations: annotations(['a', 'b']) },
        { dataDir: dir, truth: path },
        { seed: 1 },
      ),
    ).rejects.toMatchObject({
      message: expect.stringMatching(/0 or 1, got "yes"/),
      code: 'BAD_INPUT',
      // Data rows count from 1 below the header (core's ErrorLocation).
      location: { row: 2, column: 'truth' },
    });
  });

  test('an annotated image missing from the truth file fails', async () => {
    const path = truth('short.csv', 'question,truth\na,1\n');
    await expect(
      runStage(
        attachRolesStage,
        { annotations: annotations(['a', 'b']) },
        { dataDir: dir, truth: path },
        { seed: 1 },
      ),
    ).rejects.toThrow(/"b" has no row in the truth file/);
  });
});
