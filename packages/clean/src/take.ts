import { makeTable, type ColumnInput } from '@dsrep/core';
import { query, scalars, type Conn } from './sql.js';
import { Type, type Data, type Table } from 'apache-arrow';

/**
 * The rows of `table` whose `keep` flag is 1, in input order, built on
 * the Arrow side: dictionary codes, bits and numbers are copied without
 * a round trip through DuckDB, which for millions of string rows is the
 * slow direction. Returns null when a column is of a kind this does not
 * handle (anything but dictionary strings, bool, int32, int64, float64
 * and millisecond timestamps, or sliced chunks); the caller then filters
 * in SQL instead.
 */
export function takeRows(table: Table, keep: Uint8Array): Table | null {
  if (keep.length !== table.numRows) return null;
  let size = 0;
  for (const k of keep) size += k;
  const columns: Record<string, ColumnInput> = {};
  for (const field of table.schema.fields) {
    const vector = table.getChild(field.name);
    if (!vector) return null;
    const chunks = vector.data as Data[];
    if (chunks.some((d) => d.offset !== 0)) return null;
    const column = takeColumn(chunks, keep, size);
    if (!column) return null;
    columns[field.name] = column;
  }
  return makeTable(columns);
}

const bit = (bytes: Uint8Array, i: number): number =>
  ((bytes[i >> 3] as number) >> (i & 7)) & 1;

function takeColumn(
  chunks: readonly Data[],
  keep: Uint8Array,
  size: number,
): ColumnInput | null {
  const typeId = chunks[0]?.type.typeId;
  const valid = new Uint8Array(size);
  let nulls = 0;
  let out = 0;
  let row = 0;
  const words: string[] = [];
  const index = new Map<string, number>();
  const codes = new Int32Array(size);
  const bools = new Uint8Array(size);
  let numbers: Int32Array | Float64Array | BigInt64Array | undefined;

  for (const data of chunks) {
    if (data.type.typeId !== typeId) return null;
    // Chunk-local dictionary codes are mapped to one shared word list.
    let remap: Int32Array | undefined;
    if (typeId === Type.Dictionary) {
      const dict = data.dictionary;
      if (!dict || dict.type.typeId !== Type.Utf8) return null;
      remap = new Int32Array(dict.length);
      for (let j = 0; j < dict.length; j++) {
        const word = String(dict.get(j));
        let id = index.get(word);
        if (id === undefined) {
          id = words.length;
          words.push(word);
          index.set(word, id);
        }
        remap[j] = id;
      }
    } else if (typeId !== Type.Bool) {
      const v = data.values as unknown;
      const ok =
        (typeId === Type.Int && v instanceof Int32Array) ||
        (typeId === Type.Int && v instanceof BigInt64Array) ||
        (typeId === Type.Float && v instanceof Float64Array) ||
        (typeId === Type.Timestamp &&
          v instanceof BigInt64Array &&
          (data.type as { unit?: number }).unit === 1);
      if (!ok) return null;
      numbers ??=
        v instanceof Int32Array
          ? new Int32Array(size)
          : v instanceof Float64Array
            ? new Float64Array(size)
            : new BigInt64Array(size);
    }
    const bitmap = data.nullCount > 0 ? data.nullBitmap : undefined;
    const values = data.values as ArrayLike<number | bigint>;
    for (let i = 0; i < data.length; i++, row++) {
      if (!keep[row]) continue;
      const present = bitmap ? bit(bitmap, i) : 1;
      valid[out] = present;
      if (!present) nulls++;
      else if (remap) codes[out] = remap[values[i] as number] as number;
      else if (typeId === Type.Bool) bools[out] = bit(values as Uint8Array, i);
      else if (numbers) (numbers as { [j: number]: unknown })[out] = values[i];
      out++;
    }
  }

  const mask = nulls > 0 ? valid : undefined;
  if (typeId === Type.Dictionary) {
    return { kind: 'dict', codes, words, valid: mask };
  }
  if (typeId === Type.Bool) return { kind: 'bool', values: bools, valid: mask };
  if (numbers instanceof Int32Array) {
    return { kind: 'int32', values: numbers, valid: mask };
  }
  if (numbers instanceof Float64Array) {
    return { kind: 'float64', values: numbers, valid: mask };
  }
  if (numbers instanceof BigInt64Array) {
    const kind = typeId === Type.Timestamp ? 'timestamp' : 'int64';
    return { kind, values: numbers, valid: mask };
  }
  return null;
}

/**
 * The kept rows in input order: filtered on the Arrow side when the
 * input table is at hand and rowids are its row positions 0..n-1, in
 * SQL otherwise.
 */
export async function keptRows(conn: Conn, input?: Table): Promise<Table> {
  if (input) {
    const r = await scalars(
      conn,
      'SELECT count(*)::DOUBLE AS n, max(rid)::DOUBLE AS hi FROM clean_ann',
    );
    if (r.n === input.numRows && (r.hi ?? -1) === input.numRows - 1) {
      const dropped = await query(
        conn,
        'SELECT rid FROM clean_fate WHERE reason IS NOT NULL',
      );
      const keep = new Uint8Array(input.numRows).fill(1);
      for (const rid of dropped.getChild('rid') ?? []) keep[Number(rid)] = 0;
      const table = takeRows(input, keep);
      if (table) return table;
    }
  }
  return query(
    conn,
    `SELECT * EXCLUDE (rid) FROM clean_ann
     WHERE rid IN (SELECT rid FROM clean_fate WHERE reason IS NULL)
     ORDER BY rid`,
  );
}
