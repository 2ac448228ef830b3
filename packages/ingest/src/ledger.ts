import type { Table } from 'apache-arrow';
import { dictColumn, makeTable, type ColumnInput } from '@dsrep/core';

/**
 * One line of `ledger_ingest`: how many rows of a table were kept,
 * dropped or changed, and by which rule. Rows read = kept + dropped.
 */
export interface LedgerEntry {
  table: string;
  reason: string;
  action: 'kept' | 'dropped' | 'changed';
  rows: number;
}

/**
 * The ledger as an Arrow table (ledgerContract of core), entries with
 * the same table, reason and action summed, in first-seen order.
 */
export function ledgerTable(entries: readonly LedgerEntry[]): Table {
  const merged = new Map<string, LedgerEntry>();
  for (const e of entries) {
    const key = JSON.stringify([e.table, e.reason, e.action]);
    const seen = merged.get(key);
    if (seen) seen.rows += e.rows;
    else merged.set(key, { ...e });
  }
  const rows = [...merged.values()];
  const n = rows.length;
  const counts: ColumnInput = {
    kind: 'int64',
    values: BigInt64Array.from(rows, (r) => BigInt(r.rows)),
  };
  return makeTable({
    stage: dictColumn(rows.map(() => 'ingest')),
    table: dictColumn(rows.map((r) => r.table)),
    variant: dictColumn(new Array<string | null>(n).fill(null)),
    reason: dictColumn(rows.map((r) => r.reason)),
    action: dictColumn(rows.map((r) => r.action)),
    rows: counts,
  });
}
