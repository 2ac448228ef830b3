import {
  boolColumn,
  dictColumn,
  int32Column,
  makeTable,
  runStage,
  type StageRun,
} from '@dsrep/core';
import type { Table } from 'apache-arrow';
import { expect } from 'vitest';
import { stage } from '../src/index.js';

/** One hand-written annotation row; defaults fill the rest. */
export interface Row {
  worker: string;
  assignment: string;
  grid?: string;
  image: string;
  cls?: string;
  role?: 'reference' | 'replication' | 'candidate' | 'control';
  kind?: 'random' | 'nearest' | null;
  selected: boolean;
  /** Milliseconds since the epoch, or null. */
  at?: number | null;
}

/** An `annotations` table (core's contract) from rows. */
export function annotations(rows: readonly Row[]): Table {
  const at = rows.map((r) => r.at ?? null);
  return makeTable({
    worker_id: dictColumn(rows.map((r) => r.worker)),
    assignment_id: dictColumn(rows.map((r) => r.assignment)),
    grid_id: dictColumn(rows.map((r) => r.grid ?? 'g')),
    image_id: dictColumn(rows.map((r) => r.image)),
    class_id: dictColumn(rows.map((r) => r.cls ?? 'c')),
    role: dictColumn(rows.map((r) => r.role ?? 'candidate')),
    control_kind: dictColumn(
      rows.map((r) => r.kind ?? (r.role === 'control' ? 'random' : null)),
    ),
    selected: boolColumn(rows.map((r) => r.selected)),
    submitted_at: {
      kind: 'timestamp',
      values: BigInt64Array.from(at, (v) => BigInt(v ?? 0)),
      valid: Uint8Array.from(at, (v) => (v === null ? 0 : 1)),
    },
  });
}

/** A `counts` table from (image, role, k, n) tuples. */
export function counts(
  rows: readonly [string, string, number, number][],
): Table {
  return makeTable({
    image_id: dictColumn(rows.map((r) => r[0])),
    class_id: dictColumn(rows.map(() => 'c')),
    role: dictColumn(rows.map((r) => r[1])),
    selected_count: int32Column(rows.map((r) => r[2])),
    annotator_count: int32Column(rows.map((r) => r[3])),
  });
}

/**
 * One assignment of `images` grid rows by `worker`: `selected` of the
 * non-control images and `controls` of the control images selected.
 * Images are named `${grid}-${i}`; the last `nControls` are controls.
 */
export function assignment(
  worker: string,
  id: string,
  opts: {
    grid?: string;
    images?: number;
    nControls?: number;
    selected: number;
    controls?: number;
    at?: number | null;
  },
): Row[] {
  const grid = opts.grid ?? 'g';
  const images = opts.images ?? 12;
  const nControls = opts.nControls ?? 2;
  const rows: Row[] = [];
  for (let i = 0; i < images; i++) {
    const control = i >= images - nControls;
    const j = control ? i - (images - nControls) : i;
    rows.push({
      worker,
      assignment: id,
      grid,
      image: `${grid}-${i}`,
      role: control ? 'control' : 'candidate',
      selected: control ? j < (opts.controls ?? 0) : j < opts.selected,
      at: opts.at ?? null,
    });
  }
  return rows;
}

/** Runs the clean stage; warnings are returned for tests to check. */
export function clean(
  inputs: Record<string, Table>,
  params: Record<string, unknown> = {},
  seed = 1,
): Promise<StageRun> {
  return runStage(stage, inputs, params, { seed });
}

/** Table rows as plain objects (bigints turned into numbers). */
export function rowsOf(table: Table | undefined): Record<string, unknown>[] {
  if (!table) throw new Error('missing table');
  return table.toArray().map((r) => {
    const o = r.toJSON() as Record<string, unknown>;
    for (const [k, v] of Object.entries(o)) {
      if (typeof v === 'bigint') o[k] = Number(v);
    }
    return o;
  });
}

/** The ledger as `variant/reason` -> rows, per table. */
export function ledgerOf(run: StageRun, table = 'annotations') {
  const out = new Map<string, number>();
  for (const r of rowsOf(run.tables.ledger_clean)) {
    if (r.table !== table) continue;
    expect(r.stage, 'ledger stage').toBe('clean');
    out.set(`${String(r.variant)}/${String(r.reason)}`, Number(r.rows));
  }
  return out;
}

/**
 * Ledger balance: raw rows = clean kept + clean dropped, and the clean
 * kept count is the cleaned table's row count.
 */
export function expectBalanced(
  run: StageRun,
  rawRows: number,
  table: 'annotations' | 'counts' = 'annotations',
): void {
  const rows = rowsOf(run.tables.ledger_clean).filter(
    (r) => r.table === table && r.variant === 'clean',
  );
  const kept = rows
    .filter((r) => r.action === 'kept')
    .reduce((s, r) => s + Number(r.rows), 0);
  const dropped = rows
    .filter((r) => r.action === 'dropped')
    .reduce((s, r) => s + Number(r.rows), 0);
  expect(kept + dropped, 'rows in = kept + dropped').toBe(rawRows);
  const out = run.tables[`${table}_clean`];
  expect(kept, 'kept = rows of the cleaned table').toBe(out?.numRows);
  expect(ledgerOf(run, table).get('raw/kept'), 'raw keeps all').toBe(rawRows);
}

/** A summary value by source, metric and variant. */
export function summaryValue(
  run: StageRun,
  metric: string,
  variant: string | null,
  source = 'annotations',
): number | null {
  const hit = rowsOf(run.tables.clean_summary).find(
    (r) => r.source === source && r.metric === metric && r.variant === variant,
  );
  if (!hit) throw new Error(`no summary row ${source}/${metric}/${variant}`);
  return hit.value as number | null;
}
