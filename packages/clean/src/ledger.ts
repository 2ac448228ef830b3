import { dictColumn, float64Column, int64Column, makeTable } from '@dsrep/core';
import type { Table } from 'apache-arrow';

/** One ledger row: `rows` rows of `table` were kept/dropped/changed. */
export interface LedgerRow {
  table: 'annotations' | 'counts';
  variant: 'raw' | 'clean';
  reason: string;
  action: 'kept' | 'dropped' | 'changed';
  rows: number;
}

/**
 * The `ledger_clean` output (ledger contract of core): stage 'clean'.
 * Per table and variant, rows in = rows kept + rows dropped; 'changed'
 * rows (thinned counts) are a subset of the kept ones.
 */
export function ledgerTable(rows: readonly LedgerRow[]): Table {
  return makeTable({
    stage: dictColumn(rows.map(() => 'clean')),
    table: dictColumn(rows.map((r) => r.table)),
    variant: dictColumn(rows.map((r) => r.variant)),
    reason: dictColumn(rows.map((r) => r.reason)),
    action: dictColumn(rows.map((r) => r.action)),
    rows: int64Column(rows.map((r) => r.rows)),
  });
}

/**
 * One row of `clean_summary`: a named figure of one input table and,
 * where it differs between them, of the raw or cleaned variant. `value`
 * is null when the figure does not apply; `note` then says why.
 */
export interface SummaryRow {
  source: 'annotations' | 'counts';
  metric: string;
  variant: 'raw' | 'clean' | null;
  value: number | null;
  note: string | null;
}

/** The `clean_summary` output: source, metric, variant, value, note. */
export function summaryTable(rows: readonly SummaryRow[]): Table {
  const valid = Uint8Array.from(rows, (r) => (r.value === null ? 0 : 1));
  const values = float64Column(rows.map((r) => r.value ?? 0));
  return makeTable({
    source: dictColumn(rows.map((r) => r.source)),
    metric: dictColumn(rows.map((r) => r.metric)),
    variant: dictColumn(rows.map((r) => r.variant)),
    value: { ...values, valid } as typeof values,
    note: dictColumn(rows.map((r) => r.note)),
  });
}
