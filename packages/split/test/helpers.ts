import {
  RandomStream,
  boolColumn,
  dictColumn,
  int32Column,
  makeTable,
} from '@dsrep/core';
import type { Table } from 'apache-arrow';

/** One image of a synthetic fixture: `k` of `n` annotators selected it. */
export interface FixtureImage {
  image: string;
  cls: string;
  role: string;
  k: number;
  n: number;
}

/** A `counts` table from fixture images. */
export function countsTable(images: readonly FixtureImage[]): Table {
  return makeTable({
    image_id: dictColumn(images.map((i) => i.image)),
    class_id: dictColumn(images.map((i) => i.cls)),
    role: dictColumn(images.map((i) => i.role)),
    selected_count: int32Column(images.map((i) => i.k)),
    annotator_count: int32Column(images.map((i) => i.n)),
  });
}

/**
 * An `annotations` table with one row per annotator of each fixture
 * image (worker w<j> for the j-th annotation; the first k selected),
 * rows optionally shuffled by `shuffleSeed`.
 */
export function annotationsTable(
  images: readonly FixtureImage[],
  shuffleSeed?: number,
): Table {
  const rows: [string, string, string, string, boolean][] = [];
  for (const im of images) {
    for (let j = 0; j < im.n; j++) {
      rows.push([`w${j}`, im.image, im.cls, im.role, j < im.k]);
    }
  }
  if (shuffleSeed !== undefined) {
    RandomStream.fromSeed(shuffleSeed).shuffle(rows);
  }
  return makeTable({
    worker_id: dictColumn(rows.map((r) => r[0])),
    assignment_id: dictColumn(rows.map((r) => `${r[0]}:${r[2]}`)),
    grid_id: dictColumn(rows.map((r) => r[2])),
    image_id: dictColumn(rows.map((r) => r[1])),
    class_id: dictColumn(rows.map((r) => r[2])),
    role: dictColumn(rows.map((r) => r[3])),
    control_kind: dictColumn(rows.map(() => null)),
    selected: boolColumn(rows.map((r) => r[4])),
    submitted_at: {
      kind: 'timestamp',
      values: new BigInt64Array(rows.length),
      valid: new Uint8Array(rows.length),
    },
  });
}

/** Selection rows as plain objects, for readable assertions. */
export interface Row {
  image_id: string;
  class_id: string;
  role: string;
  variant: string;
  rep: number;
  split: string;
  k: number;
  n: number;
}

export function rowsOf(table: Table): Row[] {
  return table.toArray().map((r) => r.toJSON() as unknown as Row);
}

/** Ledger rows as plain objects with `rows` as a number. */
export function ledgerOf(table: Table) {
  return table.toArray().map((r) => {
    const o = r.toJSON() as Record<string, unknown>;
    return { ...o, rows: Number(o.rows) } as {
      table: string;
      variant: string;
      reason: string;
      action: string;
      rows: number;
    };
  });
}

/** An output table of a stage run, failing loudly when it is missing. */
export function out(
  run: { tables: Record<string, Table | undefined> },
  name: string,
): Table {
  const table = run.tables[name];
  if (!table) throw new Error(`stage returned no table "${name}"`);
  return table;
}
