import {
  DsrepError,
  int32Column,
  int64Column,
  loadArrow,
  makeTable,
  type RandomStream,
} from '@dsrep/core';
import type { Table } from 'apache-arrow';
import { imageStream, loadEvenRoles } from './evenout.js';
import type { LedgerRow, SummaryRow } from './ledger.js';
import type { CleanParams } from './params.js';
import { exec, query, scalars, type Conn } from './sql.js';
import { countsSummary } from './summary.js';
import { thinCount } from './thin.js';

/** Everything cleaning the `counts` table produces. */
export interface CountsCleaned {
  countsClean: Table;
  ledger: LedgerRow[];
  summary: SummaryRow[];
  warnings: string[];
}

/**
 * Cleans table `counts` (image_id, class_id, role, selected_count k,
 * annotator_count n) on `conn`. Counts carry no worker ids, so only
 * evening out applies: images of `evenRoles` with n above the target
 * get k replaced by a hypergeometric draw of k among `target` of their
 * n annotations and n set to the target (ledger action changed); images
 * below it are dropped (below_target) unless `belowTarget` is 'keep'.
 * 'min' is the smallest n > 0, so an image nobody saw is below target.
 */
export async function cleanCounts(
  conn: Conn,
  rng: RandomStream,
  params: CleanParams,
): Promise<CountsCleaned> {
  const warnings = [
    'clean: the counts input has no worker ids, so flagging batches, ' +
      'rejecting workers and removing duplicate (worker, image) pairs ' +
      'were not applied (clean_summary marks them not applicable); only ' +
      'evening out was. Supply annotations to apply them.',
  ];
  await exec(
    conn,
    'CREATE OR REPLACE TEMP TABLE clean_cnt AS SELECT rowid AS rid, * FROM counts',
  );
  await checkCounts(conn);
  await loadEvenRoles(conn, params.evenRoles);
  const evenSql = 'role IN (SELECT role FROM clean_even_roles)';

  const stats = await scalars(
    conn,
    `SELECT min(annotator_count) FILTER (WHERE annotator_count > 0) AS lo
     FROM clean_cnt WHERE ${evenSql}`,
  );
  const target =
    params.evenOut === false
      ? null
      : params.evenOut === 'min'
        ? (stats.lo ?? null)
        : params.evenOut;

  // Decide each image: dropped, thinned (k drawn in TypeScript) or kept.
  const dropped: bigint[] = [];
  const thinnedRid: bigint[] = [];
  const thinnedK: number[] = [];
  if (target !== null) {
    const rows = await query(
      conn,
      `SELECT rid, image_id, class_id, selected_count AS k,
              annotator_count AS n
       FROM clean_cnt WHERE ${evenSql} AND annotator_count <> $1
       ORDER BY rid`,
      [target],
    );
    const col = (name: string) => rows.getChild(name);
    for (let i = 0; i < rows.numRows; i++) {
      const rid = col('rid')?.get(i) as bigint;
      const n = Number(col('n')?.get(i));
      const k = Number(col('k')?.get(i));
      if (n < target) {
        if (params.belowTarget === 'drop') dropped.push(rid);
        continue;
      }
      const stream = imageStream(
        rng,
        'thin',
        String(col('image_id')?.get(i)),
        String(col('class_id')?.get(i)),
      );
      thinnedRid.push(rid);
      thinnedK.push(thinCount(k, n, target, stream));
    }
  }
  await loadArrow(
    conn,
    'clean_thin',
    makeTable({ rid: int64Column(thinnedRid), k: int32Column(thinnedK) }),
  );
  await loadArrow(
    conn,
    'clean_cnt_drop',
    makeTable({ rid: int64Column(dropped) }),
  );
  await exec(
    conn,
    `CREATE OR REPLACE TEMP TABLE clean_cnt_out AS
     SELECT c.rid, c.* EXCLUDE (rid) REPLACE (
              coalesce(t.k, c.selected_count)::INTEGER AS selected_count,
              CASE WHEN t.rid IS NULL THEN c.annotator_count ELSE $1 END
                ::INTEGER AS annotator_count)
     FROM clean_cnt c LEFT JOIN clean_thin t ON t.rid = c.rid
     WHERE c.rid NOT IN (SELECT rid FROM clean_cnt_drop)`,
    [target ?? 0],
  );
  const countsClean = await query(
    conn,
    'SELECT * EXCLUDE (rid) FROM clean_cnt_out ORDER BY rid',
  );

  const belowCount = await scalars(
    conn,
    `SELECT count(*)::INTEGER AS c FROM clean_cnt
     WHERE ${evenSql} AND annotator_count < $1`,
    [target ?? 0],
  );
  if (target !== null && (belowCount.c ?? 0) > 0) {
    warnings.push(
      `clean: ${belowCount.c} images of table "counts" have fewer than ` +
        `${target} annotators; ` +
        (params.belowTarget === 'drop'
          ? 'they were dropped (ledger reason below_target). Lower ' +
            "evenOut or set belowTarget: 'keep'."
          : "they were kept with fewer annotators (belowTarget is 'keep')."),
    );
  }

  const total =
    (await scalars(conn, 'SELECT count(*)::DOUBLE AS c FROM clean_cnt')).c ?? 0;
  const base = { table: 'counts' } as const;
  const ledger: LedgerRow[] = [
    { ...base, variant: 'raw', reason: 'kept', action: 'kept', rows: total },
    {
      ...base,
      variant: 'clean',
      reason: 'kept',
      action: 'kept',
      rows: total - dropped.length,
    },
    {
      ...base,
      variant: 'clean',
      reason: 'below_target',
      action: 'dropped',
      rows: dropped.length,
    },
    {
      ...base,
      variant: 'clean',
      reason: 'even_out',
      action: 'changed',
      rows: thinnedRid.length,
    },
  ];
  return {
    countsClean,
    ledger,
    summary: await countsSummary(conn, target),
    warnings,
  };
}

/** Rejects counts the rules cannot read: k outside [0, n], repeats. */
async function checkCounts(conn: Conn): Promise<void> {
  const bad = await query(
    conn,
    `SELECT rid FROM clean_cnt
     WHERE selected_count < 0 OR annotator_count < 0
        OR selected_count > annotator_count
     ORDER BY rid LIMIT 1`,
  );
  if (bad.numRows > 0) {
    throw new DsrepError(
      'BAD_INPUT',
      'table "counts": selected_count must lie between 0 and ' +
        'annotator_count',
      {
        row: Number(bad.getChild('rid')?.get(0)) + 1,
        column: 'selected_count',
      },
    );
  }
  const twice = await query(
    conn,
    `SELECT max(rid) AS rid, image_id, class_id FROM clean_cnt
     GROUP BY image_id, class_id HAVING count(*) > 1 ORDER BY 1 LIMIT 1`,
  );
  if (twice.numRows > 0) {
    throw new DsrepError(
      'BAD_INPUT',
      `table "counts": image "${String(twice.getChild('image_id')?.get(0))}" ` +
        `appears twice for class "${String(twice.getChild('class_id')?.get(0))}"; ` +
        'aggregate its counts into one row',
      { row: Number(twice.getChild('rid')?.get(0)) + 1, column: 'image_id' },
    );
  }
}
