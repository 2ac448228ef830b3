import type { DuckDBConnection } from '@duckdb/node-api';
import { DsrepError, quoteIdent, quoteLiteral } from '@dsrep/core';
import type { Target } from './params.js';
import {
  CONTRACT_OF,
  castSql,
  rulesFor,
  sqlTypeOf,
  type Rule,
} from './typing.js';

/**
 * How to build one canonical table from a text table: for each
 * canonical column, an SQL expression over the text table (a source
 * column, a default literal or a derived value) and where it came from.
 */
export interface Projection {
  target: Target;
  /** DuckDB table of text columns to read from. */
  from: string;
  file: string;
  /** SQL of the 1-based data row of the file each row came from. */
  rowSql: string;
  exprs: Record<string, string>;
  /** Source column name, or `defaults.<column>`, per canonical column. */
  origins: Record<string, string>;
  /** Rules beyond types (ranges, cross-column); checked after types. */
  extraRules?: Rule[];
}

/**
 * Validates every row of the projection in one SQL pass and, if all are
 * legal, creates table `name` with the canonical typed columns plus
 * `__file` and `__row` (kept for cross-table errors), in the order of
 * `p.from` (DuckDB preserves insertion order). The first bad row
 * in file order is reported with its column, the expected form and the
 * value found. Returns the number of rows.
 */
export async function projectTyped(
  conn: DuckDBConnection,
  p: Projection,
  name: string,
): Promise<number> {
  const contract = CONTRACT_OF[p.target];
  const rules: Rule[] = [];
  for (const spec of contract.columns) {
    rules.push(...rulesFor(spec, exprOf(p, spec.name)));
  }
  rules.push(...(p.extraRules ?? []));
  await checkRows(conn, p, rules);

  const select = contract.columns.map(
    (spec) =>
      `${castSql(spec, exprOf(p, spec.name))}::${sqlTypeOf(spec)} ` +
      `AS ${quoteIdent(spec.name)}`,
  );
  const sql =
    `CREATE OR REPLACE TABLE ${quoteIdent(name)} AS SELECT ` +
    `${select.join(', ')}, ${quoteLiteral(p.file)} AS __file, ` +
    `${p.rowSql}::BIGINT AS __row FROM ${quoteIdent(p.from)}`;
  try {
    await conn.run(sql);
  } catch (cause) {
    // Every value passed the rules, so a failure here is our bug.
    throw new DsrepError(
      'SQL',
      `typing the rows of ${p.target} failed after validation: ${String(cause)}`,
      { file: p.file, cause, sql },
    );
  }
  const result = await conn.runAndReadAll(
    `SELECT count(*)::INTEGER FROM ${quoteIdent(name)}`,
  );
  return Number(result.getRows()[0]?.[0] ?? 0);
}

function exprOf(p: Projection, column: string): string {
  const expr = p.exprs[column];
  if (expr === undefined) {
    throw new DsrepError(
      'INTERNAL',
      `projection to ${p.target} has no expression for ${column}`,
    );
  }
  // An empty text is a missing value in every format.
  return `NULLIF(${expr}, '')`;
}

/**
 * Fails on the first row, in file order, where any rule is broken,
 * naming the file, row, source column, what was expected and the value
 * found. Rules are tried in order within a row.
 */
export async function checkRows(
  conn: DuckDBConnection,
  p: Projection,
  rules: readonly Rule[],
): Promise<void> {
  if (rules.length === 0) return;
  const which = rules.map((r, i) => `WHEN ${r.bad} THEN ${i}`).join(' ');
  const values = rules
    .map((r) => `WHEN ${r.bad} THEN CAST(${exprOf(p, r.column)} AS VARCHAR)`)
    .join(' ');
  const sql =
    `SELECT ${p.rowSql}::BIGINT AS r, CASE ${which} END AS rule, ` +
    `CASE ${values} END AS v ` +
    `FROM ${quoteIdent(p.from)} WHERE CASE ${which} END IS NOT NULL ` +
    'ORDER BY r LIMIT 1';
  const found = (await conn.runAndReadAll(sql)).getRows()[0];
  if (!found) return;

  const row = Number(found[0]);
  const rule = rules[Number(found[1])] as Rule;
  const value = found[2] === null ? null : String(found[2]);
  const origin = p.origins[rule.column] ?? rule.column;
  const shown = value === null ? 'an empty cell' : JSON.stringify(value);
  if (origin.startsWith('defaults.')) {
    throw new DsrepError(
      'BAD_CONFIG',
      `${origin} is ${shown}; expected ${rule.expected}`,
      { file: p.file, column: rule.column },
    );
  }
  const alias = origin === rule.column ? '' : ` (mapped to ${rule.column})`;
  const found2 = rule.expected.includes('found') ? '' : `, found ${shown}`;
  throw new DsrepError(
    'BAD_INPUT',
    `value of column "${origin}"${alias} is not legal for table ` +
      `${p.target}: expected ${rule.expected}${found2}`,
    { file: p.file, row, column: origin },
  );
}
