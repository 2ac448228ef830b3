import { DsrepError, queryArrow, type StageContext } from '@dsrep/core';
import type { Table } from 'apache-arrow';

/** The stage's DuckDB connection (typed through core, which owns it). */
export type Conn = StageContext<unknown>['conn'];
/** A value bound to a `$n` placeholder. */
export type SqlValue = Extract<
  NonNullable<Parameters<Conn['run']>[1]>,
  unknown[]
>[number];

/** Runs a statement, keeping DuckDB's error as cause and the SQL. */
export async function exec(
  conn: Conn,
  sql: string,
  params: SqlValue[] = [],
): Promise<void> {
  try {
    await (params.length > 0 ? conn.run(sql, params) : conn.run(sql));
  } catch (cause) {
    const text = cause instanceof Error ? cause.message : String(cause);
    throw new DsrepError('SQL', `clean: statement failed: ${text}`, {
      cause,
      sql,
    });
  }
}

/** Runs a query and returns its Arrow table. */
export function query(
  conn: Conn,
  sql: string,
  params: SqlValue[] = [],
): Promise<Table> {
  return queryArrow(conn, sql, params);
}

/** The first row of a one-row result as plain numbers (null kept). */
export async function scalars(
  conn: Conn,
  sql: string,
  params: SqlValue[] = [],
): Promise<Record<string, number | null>> {
  const table = await query(conn, sql, params);
  const out: Record<string, number | null> = {};
  for (const field of table.schema.fields) {
    const value = table.numRows > 0 ? table.getChild(field.name)?.get(0) : null;
    out[field.name] =
      value === null || value === undefined ? null : Number(value);
  }
  return out;
}
