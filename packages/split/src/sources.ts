import { DsrepError, quoteIdent, type StageContext } from '@dsrep/core';
import type { Table } from 'apache-arrow';
import { stringsOf } from '@dsrep/core';

/**
 * The annotations of one variant, grouped per (image, class, role):
 * `k` of `n` annotators selected the image. `fromRows` tells whether
 * they came from annotation rows (ledger units: annotations) or from
 * counts (ledger units: image rows).
 */
export interface ImageGroups {
  /** Input table the groups came from (for the ledger). */
  table: string;
  imageIds: string[];
  classIds: string[];
  roles: string[];
  k: Int32Array;
  n: Int32Array;
  fromRows: boolean;
}

/**
 * Groups annotation rows per image, class and role (ordered by class,
 * image, role). Only k and n are kept: see `splitVariant` for why that
 * is the same split as choosing individual annotations.
 */
export async function groupAnnotations(
  ctx: StageContext<unknown>,
  table: string,
): Promise<ImageGroups> {
  const t = quoteIdent(table);
  const result = await ctx.query(
    `SELECT image_id, class_id, role,
       count(*)::INTEGER AS n,
       (count(*) FILTER (WHERE selected))::INTEGER AS k
     FROM ${t}
     GROUP BY image_id, class_id, role
     ORDER BY class_id, image_id, role`,
  );
  return { ...readGroups(result, table), fromRows: true };
}

/**
 * Reads aggregated counts, checking 0 <= k <= n and one row per
 * (image, class, role); errors name the 1-based row of the input.
 */
export async function groupCounts(
  ctx: StageContext<unknown>,
  table: string,
): Promise<ImageGroups> {
  const t = quoteIdent(table);
  const bad = await ctx.query(
    `SELECT (rowid + 1)::INTEGER AS row, selected_count, annotator_count
     FROM ${t}
     WHERE selected_count < 0 OR annotator_count < 0
       OR selected_count > annotator_count
     ORDER BY rowid LIMIT 1`,
  );
  if (bad.numRows > 0) {
    const row = bad.get(0)?.toJSON() ?? {};
    throw new DsrepError(
      'BAD_INPUT',
      `table "${table}": selected_count must be between 0 and ` +
        `annotator_count, found k = ${row.selected_count}, ` +
        `n = ${row.annotator_count}`,
      { row: Number(row.row), column: 'selected_count' },
    );
  }

  const dup = await ctx.query(
    `SELECT image_id, class_id, (max(rowid) + 1)::INTEGER AS row
     FROM ${t} GROUP BY image_id, class_id, role
     HAVING count(*) > 1 ORDER BY min(rowid) LIMIT 1`,
  );
  if (dup.numRows > 0) {
    const row = dup.get(0)?.toJSON() ?? {};
    throw new DsrepError(
      'BAD_INPUT',
      `table "${table}": image "${row.image_id}" of class ` +
        `"${row.class_id}" has more than one row; aggregate it first`,
      { row: Number(row.row), column: 'image_id' },
    );
  }

  const result = await ctx.query(
    `SELECT image_id, class_id, role,
       annotator_count::INTEGER AS n, selected_count::INTEGER AS k
     FROM ${t} ORDER BY class_id, image_id, role`,
  );
  return { ...readGroups(result, table), fromRows: false };
}

function readGroups(result: Table, table: string) {
  return {
    table,
    imageIds: stringsOf(result, 'image_id'),
    classIds: stringsOf(result, 'class_id'),
    roles: stringsOf(result, 'role'),
    k: Int32Array.from(result.getChild('k')?.toArray() ?? []),
    n: Int32Array.from(result.getChild('n')?.toArray() ?? []),
  };
}
