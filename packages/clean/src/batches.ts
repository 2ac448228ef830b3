import { DsrepError } from '@dsrep/core';
import type { Table } from 'apache-arrow';
import type { CleanParams } from './params.js';
import { exec, query, type Conn } from './sql.js';

/**
 * Flags assignments (SPEC 4.1) into temp table `clean_batches`, one row
 * per assignment: `images` = rows the assignment holds (48 in the
 * paper's grids, but counted, not assumed), `selected` = rows selected,
 * `controls_selected` = selected rows of role control. Flagged when
 * selected < minSelected or controls_selected > maxControls.
 * Reads `clean_ann` (the raw annotations plus a row id `rid`).
 */
export async function flagBatches(
  conn: Conn,
  params: CleanParams,
): Promise<void> {
  await exec(
    conn,
    `CREATE OR REPLACE TEMP TABLE clean_batches AS
     WITH b AS (
       SELECT assignment_id,
              min(worker_id) AS worker_id,
              min(grid_id) AS grid_id,
              count(DISTINCT worker_id) AS workers,
              count(DISTINCT grid_id) AS grids,
              count(*)::INTEGER AS images,
              count_if(selected)::INTEGER AS selected,
              count_if(selected AND role = 'control')::INTEGER
                AS controls_selected
       FROM clean_ann GROUP BY assignment_id
     )
     SELECT *, selected < $1 AS too_few, controls_selected > $2 AS too_many
     FROM b`,
    [params.minSelected, params.maxControls],
  );

  // An assignment is one worker's submission of one grid; anything else
  // means the ids were mixed up upstream, and flagging would be wrong.
  const bad = await query(
    conn,
    `SELECT assignment_id, workers, grids FROM clean_batches
     WHERE workers > 1 OR grids > 1 ORDER BY assignment_id LIMIT 1`,
  );
  if (bad.numRows > 0) {
    const id = String(bad.getChild('assignment_id')?.get(0));
    throw new DsrepError(
      'BAD_INPUT',
      `table "annotations": assignment "${id}" has rows from ` +
        `${String(bad.getChild('workers')?.get(0))} workers and ` +
        `${String(bad.getChild('grids')?.get(0))} grids; an assignment ` +
        'must be one worker submitting one grid',
      { column: 'assignment_id' },
    );
  }
}

/** The `batch_stats` output: one row per assignment with its flag. */
export function batchStats(conn: Conn): Promise<Table> {
  return query(
    conn,
    `SELECT assignment_id, worker_id, grid_id, images, selected,
            controls_selected, too_few OR too_many AS flagged,
            nullif(concat_ws('+',
              CASE WHEN too_few THEN 'too_few_selected' END,
              CASE WHEN too_many THEN 'too_many_controls' END), '')
              AS flag_reason
     FROM clean_batches ORDER BY worker_id, assignment_id`,
  );
}

/**
 * Rejects workers (SPEC 4.2) into temp table `clean_workers`: a worker
 * whose flagged share (flagged assignments / assignments) is at least
 * `rejectShare` loses every annotation. The share is compared as a
 * correctly rounded double, so 3 of 10 equals a configured 0.3 exactly.
 */
export async function rejectWorkers(
  conn: Conn,
  params: CleanParams,
): Promise<void> {
  await exec(
    conn,
    `CREATE OR REPLACE TEMP TABLE clean_workers AS
     WITH w AS (
       SELECT worker_id, count(*)::INTEGER AS assignments,
              count_if(too_few OR too_many)::INTEGER AS flagged
       FROM clean_batches GROUP BY worker_id
     ),
     a AS (
       SELECT worker_id, count(*)::INTEGER AS annotations
       FROM clean_ann GROUP BY worker_id
     )
     SELECT w.*, flagged::DOUBLE / assignments AS flagged_share,
            flagged::DOUBLE / assignments >= $1 AS rejected, a.annotations
     FROM w JOIN a USING (worker_id)`,
    [params.rejectShare],
  );
}

/**
 * The `worker_stats` output: assignments, flagged assignments, flagged
 * share, rejected, raw annotations and annotations kept after cleaning.
 */
export function workerStats(conn: Conn): Promise<Table> {
  return query(
    conn,
    `SELECT w.worker_id, w.assignments, w.flagged, w.flagged_share,
            w.rejected, w.annotations,
            coalesce(k.kept, 0)::INTEGER AS annotations_kept
     FROM clean_workers w LEFT JOIN (
       SELECT worker_id, count(*) AS kept FROM clean_fate
       WHERE reason IS NULL GROUP BY worker_id
     ) k USING (worker_id)
     ORDER BY w.worker_id`,
  );
}
