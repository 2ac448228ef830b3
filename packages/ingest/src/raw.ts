import { createReadStream } from 'node:fs';
import type { DuckDBConnection } from '@duckdb/node-api';
import { RecordBatchReader, Table } from 'apache-arrow';
import { DsrepError, loadArrow, quoteIdent, quoteLiteral } from '@dsrep/core';
import { readCsvHeader } from './csvHeader.js';
import { errorLine, isEncodingError, parseError } from './duckErrors.js';
import { badUtf8Field } from './utf8.js';
import { checkFile, messageOf, resolvePath } from './files.js';
import type { FileFormat } from './params.js';

/**
 * A file loaded into DuckDB as text: every column VARCHAR, in file
 * order, so that `rowid + 1` is the 1-based data row of the file.
 * Values are typed and validated afterwards in SQL, where the first bad
 * row can be named.
 */
export interface RawTable {
  name: string;
  file: string;
  columns: string[];
  rows: number;
}

/** SQL for the 1-based data row of a raw table's rows. */
export const ROW = '(rowid + 1)';

/**
 * Loads `file` as DuckDB table `name` of VARCHAR columns. DuckDB parses
 * CSV, Parquet and JSON lines straight from disk; Arrow IPC is streamed
 * batch by batch through apache-arrow. No path holds the whole file in
 * JS. Fails when the file is empty or has a header but no data rows.
 */
export async function loadRaw(
  conn: DuckDBConnection,
  file: string,
  format: FileFormat,
  name: string,
  delimiter = ',',
): Promise<RawTable> {
  await checkFile(file);
  const columns =
    format === 'csv'
      ? await loadCsv(conn, file, name, delimiter)
      : format === 'arrow'
        ? await loadArrowFile(conn, file, name)
        : await loadWithDuckDB(conn, file, format, name);

  const count = await conn.runAndReadAll(
    `SELECT count(*)::INTEGER FROM ${quoteIdent(name)}`,
  );
  const rows = Number(count.getRows()[0]?.[0] ?? 0);
  if (rows === 0) {
    throw new DsrepError(
      'BAD_INPUT',
      `file has a header (${columns.join(', ')}) but no data rows`,
      { file },
    );
  }
  return { name, file, columns, rows };
}

async function loadCsv(
  conn: DuckDBConnection,
  file: string,
  name: string,
  delimiter: string,
): Promise<string[]> {
  const header = await readCsvHeader(file, delimiter);
  // The header we parsed ourselves fixes names and types, so DuckDB's
  // sniffer never renames a column or guesses a type.
  const struct = header.map((c) => `${quoteLiteral(c)}: 'VARCHAR'`).join(', ');
  const sql =
    `CREATE OR REPLACE TABLE ${quoteIdent(name)} AS SELECT * FROM ` +
    `read_csv(${quoteLiteral(file)}, auto_detect = false, header = true, ` +
    `columns = {${struct}}, delim = ${quoteLiteral(delimiter)}, ` +
    `quote = '"', escape = '"', strict_mode = true, ` +
    'null_padding = false)';
  try {
    await conn.run(sql);
  } catch (cause) {
    const line = errorLine(cause);
    const field =
      line !== undefined && isEncodingError(cause)
        ? await badUtf8Field(file, line, delimiter)
        : undefined;
    throw parseError(cause, file, sql, header, field);
  }
  return header;
}

async function loadWithDuckDB(
  conn: DuckDBConnection,
  file: string,
  format: 'parquet' | 'jsonl',
  name: string,
): Promise<string[]> {
  const reader =
    format === 'parquet'
      ? `read_parquet(${quoteLiteral(file)})`
      : `read_json(${quoteLiteral(file)}, format = 'newline_delimited')`;
  let columns: string[];
  const describe = `DESCRIBE SELECT * FROM ${reader}`;
  try {
    const result = await conn.runAndReadAll(describe);
    columns = result.getRows().map((r) => String(r[0]));
  } catch (cause) {
    throw parseError(cause, file, describe);
  }

  // JSON values are read as text directly; Parquet columns keep their
  // types on disk and are cast to text here, then validated like CSV.
  const source =
    format === 'parquet'
      ? reader
      : `read_json(${quoteLiteral(file)}, format = 'newline_delimited', ` +
        `columns = {${columns
          .map((c) => `${quoteLiteral(c)}: 'VARCHAR'`)
          .join(', ')}})`;
  const select = columns
    .map((c) => `CAST(${quoteIdent(c)} AS VARCHAR) AS ${quoteIdent(c)}`)
    .join(', ');
  const sql = `CREATE OR REPLACE TABLE ${quoteIdent(name)} AS SELECT ${select} FROM ${source}`;
  try {
    await conn.run(sql);
  } catch (cause) {
    throw parseError(cause, file, sql);
  }
  return columns;
}

/**
 * Streams an Arrow IPC file (file or stream format) into DuckDB one
 * record batch at a time through core's loadArrow.
 */
async function loadArrowFile(
  conn: DuckDBConnection,
  file: string,
  name: string,
): Promise<string[]> {
  const batchName = `${name}__batch`;
  let columns: string[] | undefined;
  try {
    const reader = await RecordBatchReader.from(createReadStream(file));
    await reader.open();
    columns = reader.schema.fields.map((f) => f.name);
    const select = columns
      .map((c) => `CAST(${quoteIdent(c)} AS VARCHAR) AS ${quoteIdent(c)}`)
      .join(', ');
    const empty = reader.schema.fields.map(
      (f) => `${quoteIdent(f.name)} VARCHAR`,
    );
    await conn.run(
      `CREATE OR REPLACE TABLE ${quoteIdent(name)} (${empty.join(', ')})`,
    );
    for await (const batch of reader) {
      await loadArrow(conn, batchName, new Table([batch]));
      await conn.run(
        `INSERT INTO ${quoteIdent(name)} SELECT ${select} ` +
          `FROM ${quoteIdent(batchName)}`,
      );
    }
  } catch (cause) {
    if (cause instanceof DsrepError && cause.code === 'BAD_INPUT') {
      throw cause;
    }
    throw new DsrepError(
      'BAD_INPUT',
      `not a readable Arrow IPC file, or a column type the bridge ` +
        `cannot carry (${messageOf(cause)}); expected strings, booleans, ` +
        'int32/int64, float64 or timestamps',
      { file, cause },
    );
  } finally {
    await conn.run(`DROP TABLE IF EXISTS ${quoteIdent(batchName)}`);
  }
  return columns;
}

/**
 * Resolves a source's path against the data folder and loads the file
 * as raw text columns in table `<target name>__raw`: the first step of
 * every tabular reader.
 */
export async function loadSourceRaw(
  path: string,
  format: FileFormat,
  delimiter: string,
  at: { conn: DuckDBConnection; dataDir: string; name: string },
): Promise<{ file: string; rawName: string; raw: RawTable }> {
  const file = resolvePath(at.dataDir, path);
  const rawName = `${at.name}__raw`;
  const raw = await loadRaw(at.conn, file, format, rawName, delimiter);
  return { file, rawName, raw };
}
