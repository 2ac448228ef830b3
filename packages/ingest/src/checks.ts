import type { DuckDBConnection } from '@duckdb/node-api';
import { DsrepError, quoteIdent } from '@dsrep/core';
import type { LedgerEntry } from './ledger.js';

/*
 * Checks across rows and files, run on the union of all sources of a
 * table. Union tables carry `__file`, `__row` and `__key` (source index
 * and position, for "first in input order").
 */

async function first(
  conn: DuckDBConnection,
  sql: string,
): Promise<unknown[] | undefined> {
  return (await conn.runAndReadAll(sql)).getRows()[0];
}

/**
 * A grid queries one class, so an image must not appear in one grid
 * under two classes. Fails on the first row (in input order) whose
 * class differs from the class the image first had in that grid.
 */
export async function checkGridClasses(
  conn: DuckDBConnection,
  table: string,
): Promise<void> {
  const t = quoteIdent(table);
  const bad = await first(
    conn,
    `SELECT a.__file, a.__row, a.grid_id, a.image_id, a.class_id,
       f.first_class
     FROM ${t} a JOIN (SELECT grid_id, image_id,
         arg_min(class_id, __key) AS first_class
       FROM ${t} GROUP BY grid_id, image_id
       HAVING count(DISTINCT class_id) > 1) f USING (grid_id, image_id)
     WHERE a.class_id <> f.first_class ORDER BY a.__key LIMIT 1`,
  );
  if (!bad) return;
  const [file, row, grid, image, cls, firstClass] = bad.map(String);
  throw new DsrepError(
    'BAD_INPUT',
    `image "${image}" appears in grid "${grid}" with class "${cls}" ` +
      `after class "${firstClass}"; expected one class per grid`,
    { file, row: Number(row), column: 'class_id' },
  );
}

/**
 * Fails on the first row repeating the key of an earlier row: counts
 * have one row per (image, class, role), predictions one per (image,
 * model), so a repeat would be counted twice.
 */
export async function checkUnique(
  conn: DuckDBConnection,
  table: string,
  label: string,
  key: readonly string[],
): Promise<void> {
  const cols = key.map((k) => quoteIdent(k)).join(', ');
  const bad = await first(
    conn,
    `SELECT __file, __row, ${cols} FROM (SELECT *, row_number() OVER
       (PARTITION BY ${cols} ORDER BY __key) AS n FROM ${quoteIdent(table)})
     WHERE n = 2 ORDER BY __key LIMIT 1`,
  );
  if (!bad) return;
  const values = bad.slice(2).map(String);
  const what = key.map((k, i) => `${k} "${values[i]}"`).join(', ');
  throw new DsrepError(
    'BAD_INPUT',
    `${label} has a second row for ${what}; expected one row per ` +
      `(${key.join(', ')})`,
    { file: String(bad[0]), row: Number(bad[1]), column: key[0] },
  );
}

/**
 * Predictions for images that no annotation or count mentions: an
 * error naming the first one, or (`drop`) counted in the ledger and
 * returned as an SQL predicate that keeps the others. `known` is an
 * SQL query listing known image ids.
 */
export async function checkKnownImages(
  conn: DuckDBConnection,
  table: string,
  known: string,
  action: 'error' | 'drop',
): Promise<{ ledger: LedgerEntry[]; keep: string }> {
  const t = quoteIdent(table);
  const unknown = `image_id NOT IN (SELECT image_id FROM (${known}))`;
  const bad = await first(
    conn,
    `SELECT __file, __row, image_id, model, count(*) OVER ()::INTEGER
     FROM ${t} WHERE ${unknown} ORDER BY __key LIMIT 1`,
  );
  if (!bad) return { ledger: [], keep: 'true' };
  const [file, row, image, model, count] = bad.map(String);
  if (action === 'error') {
    throw new DsrepError(
      'BAD_INPUT',
      `prediction of model "${model}" for image "${image}", which no ` +
        `annotation or count mentions (${count} such rows); expected ` +
        'predictions only for annotated images (set unknownImages: ' +
        "'drop' to drop them into the ledger)",
      { file, row: Number(row), column: 'image_id' },
    );
  }
  const ledger: LedgerEntry[] = [
    {
      table: 'predictions',
      reason: 'image not in annotations or counts (unknownImages: drop)',
      action: 'dropped',
      rows: Number(count),
    },
  ];
  return { ledger, keep: `NOT (${unknown})` };
}
