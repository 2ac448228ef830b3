import {
  RandomStream,
  boolColumn,
  dictColumn,
  int32Column,
  makeTable,
} from '@dsrep/core';
import type { Table } from 'apache-arrow';

/** One row of a `selection` table. */
export interface SelRow {
  image_id: string;
  class_id: string;
  role: string;
  variant: string;
  rep: number;
  split: string;
  k: number;
  n: number;
}

/** A `selection` table, rows optionally shuffled by `shuffleSeed`. */
export function selectionTable(rows: SelRow[], shuffleSeed?: number): Table {
  const list = [...rows];
  if (shuffleSeed !== undefined)
    RandomStream.fromSeed(shuffleSeed).shuffle(list);
  return makeTable({
    image_id: dictColumn(list.map((r) => r.image_id)),
    class_id: dictColumn(list.map((r) => r.class_id)),
    role: dictColumn(list.map((r) => r.role)),
    variant: dictColumn(list.map((r) => r.variant)),
    rep: int32Column(list.map((r) => r.rep)),
    split: dictColumn(list.map((r) => r.split)),
    k: int32Column(list.map((r) => r.k)),
    n: int32Column(list.map((r) => r.n)),
  });
}

/**
 * Rows of one image: split=all from train + held-out, and one train and
 * one held-out row for rep 0.
 */
export function imageRows(
  image: string,
  cls: string,
  role: string,
  train: [number, number],
  held: [number, number],
  variant = 'raw',
): SelRow[] {
  const base = { image_id: image, class_id: cls, role, variant };
  return [
    {
      ...base,
      rep: 0,
      split: 'all',
      k: train[0] + held[0],
      n: train[1] + held[1],
    },
    { ...base, rep: 0, split: 'train', k: train[0], n: train[1] },
    { ...base, rep: 0, split: 'heldout', k: held[0], n: held[1] },
  ];
}

/** A `predictions` table. */
export function predictionsTable(rows: [string, string, boolean][]): Table {
  return makeTable({
    image_id: dictColumn(rows.map((r) => r[0])),
    model: dictColumn(rows.map((r) => r[1])),
    correct: boolColumn(rows.map((r) => r[2])),
  });
}

/** Plain objects of a table's rows, int64 as numbers. */
export function rowsOf(table: Table): Record<string, unknown>[] {
  return table.toArray().map((r) => {
    const o = r.toJSON() as Record<string, unknown>;
    for (const [k, v] of Object.entries(o))
      if (typeof v === 'bigint') o[k] = Number(v);
    return o;
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
