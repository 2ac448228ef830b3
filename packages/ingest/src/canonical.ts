import { quoteIdent } from '@dsrep/core';
import type { Derived } from './mapping.js';
import { mapColumns } from './mapping.js';
import type { CanonicalSource, Target } from './params.js';
import { projectTyped } from './project.js';
import { loadSourceRaw, ROW } from './raw.js';
import type { ReadOutcome, ReadTarget } from './read.js';
import { CONTRACT_OF, type Rule } from './typing.js';

/**
 * Columns derived when a file lacks them: an assignment is one worker's
 * submission of one grid, so its id defaults to `<worker_id>:<grid_id>`.
 */
export const DERIVED: Derived = {
  assignment_id: (e) =>
    `(${e['worker_id'] ?? 'NULL'} || ':' || ${e['grid_id'] ?? 'NULL'})`,
};

/**
 * Rules a counts row must meet beyond types: 0 <= k <= n and n >= 1,
 * where k = selected_count and n = annotator_count.
 */
export function countRules(exprs: Record<string, string>): Rule[] {
  const k = `TRY_CAST(${exprs['selected_count']} AS INTEGER)`;
  const n = `TRY_CAST(${exprs['annotator_count']} AS INTEGER)`;
  return [
    { column: 'selected_count', bad: `${k} < 0`, expected: 'k >= 0' },
    {
      column: 'annotator_count',
      bad: `${n} < 1`,
      expected: 'n >= 1 annotator',
    },
    {
      column: 'selected_count',
      bad: `${k} > ${n}`,
      expected: 'k at most annotator_count (n)',
    },
  ];
}

/** Extra row rules of a target table. */
export function rulesOfTarget(
  target: Target,
  exprs: Record<string, string>,
): Rule[] {
  return target === 'counts' ? countRules(exprs) : [];
}

/**
 * Reads a canonical annotations, counts or predictions table from CSV,
 * Parquet, Arrow IPC or JSON lines. Columns are found by their canonical
 * names or through `columns`; absent ones come from `defaults`. Every
 * value is checked; the first illegal one fails the read with its file,
 * row and column.
 */
export async function readCanonical(
  source: CanonicalSource,
  at: ReadTarget,
): Promise<ReadOutcome> {
  const { file, rawName, raw } = await loadSourceRaw(
    source.path,
    source.format,
    source.delimiter,
    at,
  );

  const contract = CONTRACT_OF[source.table];
  const { exprs, origins } = mapColumns(
    file,
    raw.columns,
    contract.columns,
    source.columns,
    source.defaults,
    DERIVED,
  );
  const rows = await projectTyped(
    at.conn,
    {
      target: source.table,
      from: rawName,
      file,
      rowSql: ROW,
      exprs,
      origins,
      extraRules: rulesOfTarget(source.table, exprs),
    },
    at.name,
  );
  await at.conn.run(`DROP TABLE IF EXISTS ${quoteIdent(rawName)}`);
  return { target: source.table, name: at.name, file, rows, ledger: [] };
}
