import { makeTable, type ColumnInput } from '@dsrep/core';
import type { Table } from 'apache-arrow';

/*
 * Synthetic inputs for benchmarks, built from integer formulas so that
 * they are the same on every machine and need no random stream.
 */

/** Dictionary column of `rows` codes over `words`, spread by a hash. */
function spread(rows: number, words: string[], salt: number): ColumnInput {
  const codes = new Int32Array(rows);
  for (let i = 0; i < rows; i++) {
    codes[i] = (Math.imul(i + salt, 0x9e3779b1) >>> 0) % words.length;
  }
  return { kind: 'dict', codes, words };
}

const range = (n: number, f: (i: number) => string) =>
  Array.from({ length: n }, (_, i) => f(i));

const hex = (i: number, width: number) =>
  i.toString(16).toUpperCase().padStart(width, '0');

/**
 * An annotations-like table: worker_id (14 bytes, like MTurk ids),
 * assignment_id (30 bytes), grid_id (7), image_id (15, like ImageNet
 * file stems), class_id (9, WordNet ids), selected, submitted_at (1%
 * null). Strings over 12 bytes are the expensive kind for DuckDB, so
 * three of the five string columns are long, as in real exports.
 * With `short`, every id fits in 12 bytes.
 */
export function annotationsLike(rows: number, short = false): Table {
  const images = Math.max(1, Math.floor(rows / 20));
  const workers = range(2000, (i) => (short ? `w${i}` : `A${hex(i, 13)}`));
  const assignments = range(Math.max(1, Math.floor(rows / 48)), (i) =>
    short ? `a${i}` : `3${hex(i, 10)}ASSIGNMENT${hex(i * 7, 9)}`,
  );
  const grids = range(Math.max(1, Math.floor(rows / 480)), (i) => `g${i}`);
  const imageIds = range(images, (i) =>
    short ? `i${i}` : `n0${String(1440764 + (i % 1000)).padStart(7, '0')}_${i}`,
  );
  const classes = range(
    1000,
    (i) => `n${String(1440764 + i).padStart(8, '0')}`,
  );

  const selected = new Uint8Array(rows);
  const at = new BigInt64Array(rows);
  const valid = new Uint8Array(rows).fill(1);
  for (let i = 0; i < rows; i++) {
    selected[i] = i % 3 === 0 ? 1 : 0;
    at[i] = 1_262_304_000_000n + BigInt(i) * 1000n;
    if (i % 100 === 7) valid[i] = 0;
  }
  return makeTable({
    worker_id: spread(rows, workers, 1),
    assignment_id: spread(rows, assignments, 2),
    grid_id: spread(rows, grids, 3),
    image_id: spread(rows, imageIds, 4),
    class_id: spread(rows, classes, 5),
    selected: { kind: 'bool', values: selected },
    submitted_at: { kind: 'timestamp', values: at, valid },
  });
}
