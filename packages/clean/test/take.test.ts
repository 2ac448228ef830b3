import { RandomStream } from '@dsrep/core';
import { describe, expect, it } from 'vitest';
import { takeRows } from '../src/take.js';
import { annotations, clean, rowsOf, type Row } from './helpers.js';

function someRows(prefix: string, n: number): Row[] {
  return Array.from({ length: n }, (_, i) => ({
    worker: `${prefix}w${i % 3}`,
    assignment: `${prefix}a${i % 3}`,
    image: `${prefix}i${i}`,
    role: i % 4 === 0 ? 'control' : 'candidate',
    kind: i % 4 === 0 ? 'nearest' : null,
    selected: i % 3 === 1,
    at: i % 2 === 0 ? null : 1000 * i,
  }));
}

describe('takeRows', () => {
  it('equals filtering row by row, nulls and batches included', () => {
    // Two batches with different dictionaries, as concatenated IPC
    // files would give.
    const table = annotations(someRows('x', 37)).concat(
      annotations(someRows('y', 29)),
    );
    expect(table.batches.length).toBe(2);
    const rng = RandomStream.fromSeed(4);
    const keep = Uint8Array.from({ length: table.numRows }, () =>
      rng.bernoulli(0.6) ? 1 : 0,
    );
    const taken = takeRows(table, keep);
    expect(taken).not.toBeNull();
    const expected = rowsOf(table).filter((_, i) => keep[i]);
    expect(rowsOf(taken ?? undefined)).toEqual(expected);
  });

  it('passes the input through unchanged when no rule applies', async () => {
    const rows = someRows('z', 60);
    const run = await clean(
      { annotations: annotations(rows) },
      { minSelected: 0, maxControls: 100, evenOut: false },
    );
    expect(rowsOf(run.tables.annotations_clean)).toEqual(
      rowsOf(annotations(rows)),
    );
  });
});
