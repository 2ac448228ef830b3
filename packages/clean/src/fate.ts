import type { CleanParams } from './params.js';
import { exec, type Conn } from './sql.js';

/**
 * Reasons a row of `annotations` can be dropped, in the order the rules
 * apply: each row carries the first reason that hits it, so the ledger
 * counts every dropped row exactly once.
 */
export const DROP_REASONS = [
  'rejected_worker',
  'duplicate',
  'below_target',
  'even_out',
] as const;
export type DropReason = (typeof DROP_REASONS)[number];

/**
 * Creates temp table `clean_fate` (rid, worker_id, image_id, class_id,
 * role, selected, reason): reason is null while a row is kept.
 *
 * 1. rejected_worker: every row of a rejected worker (SPEC 4.2).
 * 2. duplicate: when `dedupe`, all but one row of each repeated
 *    (worker, image, class) judgment (SPEC 4.4). The image is keyed
 *    with its class because the same image asked about another class is
 *    a different question. The kept copy is the earliest by
 *    submitted_at (nulls last), then assignment_id, then input order.
 *
 * Flagging and rejection look at assignments as submitted, copies
 * included, since a batch is judged by what the worker handed in.
 */
export async function markWorkerRules(
  conn: Conn,
  params: CleanParams,
): Promise<void> {
  // Copies beyond the first; the window runs only over repeated pairs
  // (from `clean_pairs`), which are few, instead of every row.
  await exec(
    conn,
    `CREATE OR REPLACE TEMP TABLE clean_dup AS
     SELECT rid FROM (
       SELECT a.rid, row_number() OVER (
           PARTITION BY a.worker_id, a.image_id, a.class_id
           ORDER BY a.submitted_at ASC NULLS LAST, a.assignment_id, a.rid
         ) AS copy
       FROM clean_ann a SEMI JOIN (
         SELECT * FROM clean_pairs WHERE copies > 1
       ) p USING (worker_id, image_id, class_id)
     ) WHERE copy > 1 AND $1`,
    [params.dedupe],
  );
  await exec(
    conn,
    `CREATE OR REPLACE TEMP TABLE clean_fate AS
     SELECT a.rid, a.worker_id, a.image_id, a.class_id, a.role, a.selected,
       CASE
         WHEN w.rejected THEN 'rejected_worker'
         WHEN d.rid IS NOT NULL THEN 'duplicate'
       END AS reason
     FROM clean_ann a JOIN clean_workers w USING (worker_id)
     LEFT JOIN clean_dup d ON d.rid = a.rid`,
  );
}

/** Marks still-kept rows whose rid is in table `ridTable` with `reason`. */
export async function markRows(
  conn: Conn,
  ridTable: string,
  reason: DropReason,
): Promise<void> {
  await exec(
    conn,
    `UPDATE clean_fate SET reason = $1
     WHERE reason IS NULL AND rid IN (SELECT rid FROM ${ridTable})`,
    [reason],
  );
}
