import type { Table } from 'apache-arrow';
import { query, type Conn } from './sql.js';

/*
 * Zero-row tables with the right columns, for outputs whose input was
 * not given (the Stage contract requires every declared output).
 */
const EMPTY_SQL: Record<string, string> = {
  annotations_clean: `SELECT ''::VARCHAR AS worker_id,
    ''::VARCHAR AS assignment_id, ''::VARCHAR AS grid_id,
    ''::VARCHAR AS image_id, ''::VARCHAR AS class_id, ''::VARCHAR AS role,
    NULL::VARCHAR AS control_kind, false AS selected,
    NULL::TIMESTAMP AS submitted_at`,
  counts_clean: `SELECT ''::VARCHAR AS image_id, ''::VARCHAR AS class_id,
    ''::VARCHAR AS role, 0::INTEGER AS selected_count,
    0::INTEGER AS annotator_count`,
  worker_stats: `SELECT ''::VARCHAR AS worker_id, 0::INTEGER AS assignments,
    0::INTEGER AS flagged, 0::DOUBLE AS flagged_share, false AS rejected,
    0::INTEGER AS annotations, 0::INTEGER AS annotations_kept`,
  batch_stats: `SELECT ''::VARCHAR AS assignment_id,
    ''::VARCHAR AS worker_id, ''::VARCHAR AS grid_id, 0::INTEGER AS images,
    0::INTEGER AS selected, 0::INTEGER AS controls_selected,
    false AS flagged, ''::VARCHAR AS flag_reason`,
  duplicate_hist: `SELECT 0::INTEGER AS copies, 0::INTEGER AS pairs`,
};

/** A zero-row table with the columns of output `name`. */
export function emptyOutput(
  conn: Conn,
  name: keyof typeof EMPTY_SQL,
): Promise<Table> {
  const sql = EMPTY_SQL[name];
  if (sql === undefined) throw new RangeError(`no empty form of ${name}`);
  return query(conn, `${sql} LIMIT 0`);
}
