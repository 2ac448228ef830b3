import type { Table } from 'apache-arrow';
import { query, scalars, type Conn } from './sql.js';

/**
 * The `duplicate_hist` output (seed figure 9): for each number of
 * copies c, how many (worker, image, class) pairs occur c times in the
 * raw annotations (temp table `clean_pairs`). c = 1 rows are the
 * unique pairs.
 */
export function duplicateHist(conn: Conn): Promise<Table> {
  return query(
    conn,
    `SELECT copies, count(*)::INTEGER AS pairs FROM clean_pairs
     GROUP BY copies ORDER BY copies`,
  );
}

/** Duplicate figures of SPEC 4.4, as shares of raw annotation rows. */
export interface DuplicateFacts {
  /** Share of rows whose (worker, image, class) pair is not unique. */
  nonUniqueShare: number | null;
  /** Share of rows that are redundant copies (all but one per pair). */
  redundantShare: number | null;
  /** Pairs that occur more than once. */
  repeatedPairs: number | null;
}

export async function duplicateFacts(conn: Conn): Promise<DuplicateFacts> {
  const r = await scalars(
    conn,
    `SELECT sum(copies) FILTER (WHERE copies > 1)::DOUBLE
              / sum(copies) AS non_unique,
            sum(copies - 1)::DOUBLE / sum(copies) AS redundant,
            count(*) FILTER (WHERE copies > 1)::DOUBLE AS repeated
     FROM clean_pairs`,
  );
  return {
    nonUniqueShare: r.non_unique ?? (r.redundant === null ? null : 0),
    redundantShare: r.redundant ?? null,
    repeatedPairs: r.repeated ?? null,
  };
}
