import type { DuckDBConnection } from '@duckdb/node-api';
import type { LedgerEntry } from './ledger.js';
import type { Target } from './params.js';

/** Where a reader puts its rows and the connection it uses. */
export interface ReadTarget {
  conn: DuckDBConnection;
  /** Directory that relative paths are resolved against. */
  dataDir: string;
  /**
   * DuckDB table to create: the canonical columns of the target, typed,
   * plus `__file` and `__row` (1-based data row of the file).
   */
  name: string;
}

/** What a reader produced. */
export interface ReadOutcome {
  target: Target;
  /** The DuckDB table holding the rows. */
  name: string;
  file: string;
  rows: number;
  /** Rows read, kept and dropped by rule; read = kept + dropped. */
  ledger: LedgerEntry[];
}
