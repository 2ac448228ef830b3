import {
  dictColumn,
  int32Column,
  int64Column,
  makeTable,
  type ColumnInput,
} from '@dsrep/core';
import type { Table } from 'apache-arrow';
import type { MatchedImage, ShortfallRow } from './matchVariant.js';

/** An int32 column where null marks "no bin" (samplers without bins). */
function nullableInt(values: readonly (number | null)[]): ColumnInput {
  return {
    kind: 'int32',
    values: Int32Array.from(values, (v) => v ?? 0),
    valid: Uint8Array.from(values, (v) => (v === null ? 0 : 1)),
  };
}

/**
 * `matched`: one row per drawn image. `bin` is the bin of its in-sample
 * ŝ, `for_bin` the bin whose target it fills (higher than `bin` only
 * never; lower when upward sampling moved it; null for samplers
 * without bins). k of n are the in-sample counts, heldout_k of
 * heldout_n the held-out ones (0 of 0 without splits).
 */
export function matchedTable(rows: readonly MatchedImage[]): Table {
  return makeTable({
    variant: dictColumn(rows.map((r) => r.variant)),
    rep: int32Column(rows.map((r) => r.rep)),
    sampler: dictColumn(rows.map((r) => r.sampler)),
    pool: dictColumn(rows.map((r) => r.pool)),
    class_id: dictColumn(rows.map((r) => r.classId)),
    image_id: dictColumn(rows.map((r) => r.imageId)),
    bin: nullableInt(rows.map((r) => r.bin)),
    for_bin: nullableInt(rows.map((r) => r.forBin)),
    k: int32Column(rows.map((r) => r.k)),
    n: int32Column(rows.map((r) => r.n)),
    heldout_k: int32Column(rows.map((r) => r.heldK)),
    heldout_n: int32Column(rows.map((r) => r.heldN)),
  });
}

/**
 * `shortfalls`: per class, images its target could not get: `missing`
 * of the target of `bin` (the bin of origin; null for Threshold and
 * TopImages). Short classes are never padded.
 */
export function shortfallsTable(rows: readonly ShortfallRow[]): Table {
  return makeTable({
    variant: dictColumn(rows.map((r) => r.variant)),
    rep: int32Column(rows.map((r) => r.rep)),
    sampler: dictColumn(rows.map((r) => r.sampler)),
    pool: dictColumn(rows.map((r) => r.pool)),
    class_id: dictColumn(rows.map((r) => r.classId)),
    bin: nullableInt(rows.map((r) => r.bin)),
    missing: int32Column(rows.map((r) => r.missing)),
  });
}

/**
 * `ledger_match` from tallies keyed `variant|table|reason|action`.
 * Units are rows of `selection`: per rep the in-sample rows of
 * reference and candidate images (reference rows of split=all once
 * when the histogram uses all annotators). Table "selection:flickr_e"
 * balances the Flickr-E pool's candidate rows on its own.
 */
export function ledgerTable(tally: ReadonlyMap<string, number>): Table {
  const lines = [...tally].map(([key, rows]) => {
    const [variant, table, reason, action] = key.split('|');
    return { variant, table, reason, action, rows };
  });
  return makeTable({
    stage: dictColumn(lines.map(() => 'match')),
    table: dictColumn(lines.map((l) => l.table ?? '')),
    variant: dictColumn(lines.map((l) => l.variant ?? '')),
    reason: dictColumn(lines.map((l) => l.reason ?? '')),
    action: dictColumn(lines.map((l) => l.action ?? '')),
    rows: int64Column(lines.map((l) => l.rows)),
  });
}
