import bindings from '@duckdb/node-bindings';
import {
  BIGINT,
  BOOLEAN,
  DOUBLE,
  DuckDBDataChunk,
  INTEGER,
  TIMESTAMP,
  VARCHAR,
  type DuckDBConnection,
  type DuckDBType,
} from '@duckdb/node-api';
import {
  Type,
  type Data,
  type DataType,
  type Dictionary,
  type Field,
  type Float64,
  type Table,
} from 'apache-arrow';
import { DsrepError } from './errors.js';
import { quoteIdent } from './sql.js';
import {
  INLINE_BYTES,
  StructDictionary,
  putInline,
  type RawVector,
} from './string-structs.js';
import { millisToMicros } from './timestamps.js';
import { utf8Data } from './utf8.js';

/** DuckDB's standard vector size: rows per data chunk. */
export const CHUNK_ROWS = 2048;

/*
 * Arrow -> DuckDB. Tables go in through the appender one data chunk of
 * at most 2048 rows at a time. Fixed-width columns are copied as raw
 * bytes; strings are written as DuckDB string_t structs built in
 * JavaScript, so a dictionary column costs one native call per distinct
 * word, not per row.
 *
 * Arrow's sliced Data keeps `offset` but has its value and offset
 * buffers already cut at that offset, while bitmaps (validity and
 * booleans) are not cut: index values by row, bitmaps by offset + row.
 */

type Kind = 'bool' | 'int32' | 'int64' | 'float64' | 'utf8' | 'dict' | 'ts';

interface ColumnPlan {
  name: string;
  duck: DuckDBType;
  sqlType: string;
  kind: Kind;
}

function planColumn(field: Field): ColumnPlan {
  const t = field.type as DataType;
  const name = field.name;
  const plan = (duck: DuckDBType, sqlType: string, kind: Kind) => ({
    name,
    duck,
    sqlType,
    kind,
  });
  switch (t.typeId) {
    case Type.Bool:
      return plan(BOOLEAN, 'BOOLEAN', 'bool');
    case Type.Int: {
      const int = t as unknown as { bitWidth: number; isSigned: boolean };
      if (int.bitWidth === 64 && int.isSigned) {
        return plan(BIGINT, 'BIGINT', 'int64');
      }
      if (int.bitWidth === 32 && int.isSigned) {
        return plan(INTEGER, 'INTEGER', 'int32');
      }
      break;
    }
    case Type.Float:
      if ((t as Float64).precision === 2) {
        return plan(DOUBLE, 'DOUBLE', 'float64');
      }
      break;
    case Type.Utf8:
      return plan(VARCHAR, 'VARCHAR', 'utf8');
    case Type.Dictionary: {
      const dict = t as Dictionary;
      if (dict.dictionary.typeId === Type.Utf8) {
        return plan(VARCHAR, 'VARCHAR', 'dict');
      }
      break;
    }
    case Type.Timestamp:
      if ((t as unknown as { unit: number }).unit === 1) {
        return plan(TIMESTAMP, 'TIMESTAMP', 'ts');
      }
      break;
  }
  throw new DsrepError(
    'INTERNAL',
    `bridge: column "${name}" has Arrow type ${String(t)}, which the ` +
      'bridge does not carry; use bool, int32, int64, float64, utf8, ' +
      'dictionary<utf8> or millisecond timestamp',
  );
}

/**
 * Creates (or replaces) DuckDB table `name` with the rows of `table`.
 * Column types follow the Arrow types; dictionaries and utf8 become
 * VARCHAR, millisecond timestamps TIMESTAMP (microseconds). Throws
 * BAD_INPUT naming the column and 1-based row of a timestamp outside
 * DuckDB's range.
 */
export async function loadArrow(
  conn: DuckDBConnection,
  name: string,
  table: Table,
): Promise<void> {
  const plans = table.schema.fields.map(planColumn);
  const columnsSql = plans
    .map((p) => `${quoteIdent(p.name)} ${p.sqlType}`)
    .join(', ');
  await conn.run(`CREATE OR REPLACE TABLE ${quoteIdent(name)} (${columnsSql})`);
  if (table.numRows === 0) return;

  const writers = plans.map((p) => new ColumnWriter(p));
  const appender = await conn.createAppender(name);
  try {
    const types = plans.map((p) => p.duck);
    let rowBase = 0;
    for (const batch of table.batches) {
      for (let start = 0; start < batch.numRows; start += CHUNK_ROWS) {
        const rows = Math.min(CHUNK_ROWS, batch.numRows - start);
        const chunk = DuckDBDataChunk.create(types, rows);
        chunk.rowCount = rows;
        writers.forEach((writer, c) => {
          const data = batch.getChildAt(c)?.data[0];
          if (!data) throw new DsrepError('INTERNAL', `missing column ${c}`);
          const vector = bindings.data_chunk_get_vector(chunk.chunk, c);
          writer.write(vector, data, start, rows, rowBase + start);
        });
        appender.appendDataChunk(chunk);
      }
      rowBase += batch.numRows;
    }
    appender.flushSync();
  } finally {
    appender.closeSync();
    // The dictionaries' holder vectors may be freed only now.
    for (const w of writers) w.release();
  }
}

/** Writes one column's slices into chunk vectors, with reusable buffers. */
class ColumnWriter {
  private readonly plan: ColumnPlan;
  private structs = new Int32Array(CHUNK_ROWS * 4);
  private bytes = new Uint8Array(CHUNK_ROWS);
  private wide = new BigInt64Array(CHUNK_ROWS);
  private dictionaries = new Map<object, StructDictionary>();

  constructor(plan: ColumnPlan) {
    this.plan = plan;
  }

  /**
   * Rows [start, start + rows) of `data` into `vector`; `firstRow` is
   * the 0-based row of the table for error messages.
   */
  write(
    vector: RawVector,
    data: Data,
    start: number,
    rows: number,
    firstRow: number,
  ): void {
    const bit = data.offset + start;
    switch (this.plan.kind) {
      case 'int32':
      case 'int64':
      case 'float64': {
        const values = data.values as Int32Array | BigInt64Array;
        const width = values.BYTES_PER_ELEMENT;
        bindings.copy_data_to_vector(
          vector,
          0,
          values.buffer as ArrayBuffer,
          values.byteOffset + start * width,
          rows * width,
        );
        break;
      }
      case 'bool': {
        const bits = data.values as Uint8Array;
        const out = this.bytes;
        for (let i = 0; i < rows; i++) {
          const b = bit + i;
          out[i] = ((bits[b >> 3] as number) >> (b & 7)) & 1;
        }
        bindings.copy_data_to_vector(vector, 0, out.buffer, 0, rows);
        break;
      }
      case 'ts':
        this.writeTimestamps(vector, data, start, rows, firstRow);
        break;
      case 'utf8':
        this.writeStrings(vector, data, start, rows);
        break;
      case 'dict':
        this.writeDictionary(vector, data, start, rows, firstRow);
        break;
    }
    if (data.nullCount > 0) writeValidity(vector, data, bit, rows);
  }

  private writeTimestamps(
    vector: RawVector,
    data: Data,
    start: number,
    rows: number,
    firstRow: number,
  ): void {
    // Arrow milliseconds -> DuckDB microseconds, checking the range.
    const bad = millisToMicros(
      data.values as BigInt64Array,
      start,
      this.wide,
      rows,
      data.nullCount > 0
        ? (i) => !isValid(data, data.offset + start + i)
        : undefined,
    );
    if (bad >= 0) {
      const ms = (data.values as BigInt64Array)[start + bad];
      throw new DsrepError(
        'BAD_INPUT',
        `timestamp ${String(ms)} ms is outside the range DuckDB can ` +
          'store (about 290,000 years either side of 1970)',
        { column: this.plan.name, row: firstRow + bad + 1 },
      );
    }
    bindings.copy_data_to_vector(vector, 0, this.wide.buffer, 0, rows * 8);
  }

  private writeStrings(
    vector: RawVector,
    data: Data,
    start: number,
    rows: number,
  ): void {
    const offsets = data.valueOffsets;
    const bytes = data.values as Uint8Array;
    const out = this.structs.fill(0, 0, rows * 4);
    const long: number[] = [];
    for (let i = 0; i < rows; i++) {
      if (!isValid(data, data.offset + start + i)) continue;
      const from = offsets[start + i] as number;
      const to = offsets[start + i + 1] as number;
      if (to - from <= INLINE_BYTES) {
        putInline(out, i, bytes.subarray(from, to));
      } else {
        long.push(i);
      }
    }
    copyStructs(vector, out, rows);
    // Long strings need memory owned by the vector: assign them one by
    // one after the bulk copy (which left their slots empty).
    for (const i of long) {
      const from = offsets[start + i] as number;
      const to = offsets[start + i + 1] as number;
      bindings.vector_assign_string_element_len(
        vector,
        i,
        bytes.subarray(from, to),
      );
    }
  }

  private writeDictionary(
    vector: RawVector,
    data: Data,
    start: number,
    rows: number,
    firstRow: number,
  ): void {
    const vec = data.dictionary;
    if (!vec) {
      throw new DsrepError(
        'INTERNAL',
        `column "${this.plan.name}": dictionary type without a dictionary`,
      );
    }
    let dict = this.dictionaries.get(vec);
    if (!dict) {
      // A dictionary in several chunks (delta dictionaries) is merged
      // through strings once; the usual single chunk is used as is.
      const one =
        vec.data.length === 1
          ? (vec.data[0] as Data)
          : utf8Data(vec.toArray() as string[]);
      dict = new StructDictionary(
        one.valueOffsets,
        one.values as Uint8Array,
        one.length,
      );
      this.dictionaries.set(vec, dict);
    }

    // Copy each row's struct from the dictionary's, 4 words per row.
    const codes = data.values as Int32Array;
    const src = dict.structs;
    const out = this.structs;
    const checkNulls = data.nullCount > 0;
    const size = dict.size;
    for (let i = 0; i < rows; i++) {
      const o = i * 4;
      if (checkNulls && !isValid(data, data.offset + start + i)) {
        out[o] = 0;
        out[o + 1] = 0;
        out[o + 2] = 0;
        out[o + 3] = 0;
        continue;
      }
      const code = codes[start + i] as number;
      if (code < 0 || code >= size) {
        throw new DsrepError(
          'BAD_INPUT',
          `dictionary index ${code} is outside its dictionary of ${size} ` +
            'words',
          { column: this.plan.name, row: firstRow + i + 1 },
        );
      }
      const k = code * 4;
      out[o] = src[k] as number;
      out[o + 1] = src[k + 1] as number;
      out[o + 2] = src[k + 2] as number;
      out[o + 3] = src[k + 3] as number;
    }
    copyStructs(vector, out, rows);
  }

  /** Lets the dictionaries (and their DuckDB holder vectors) go. */
  release(): void {
    this.dictionaries.clear();
  }
}

function copyStructs(vector: RawVector, structs: Int32Array, rows: number) {
  bindings.copy_data_to_vector(
    vector,
    0,
    structs.buffer as ArrayBuffer,
    structs.byteOffset,
    rows * 16,
  );
}

function isValid(data: Data, bit: number): boolean {
  const bitmap = data.nullBitmap;
  if (data.nullCount === 0 || !bitmap || bitmap.length === 0) return true;
  return (((bitmap[bit >> 3] as number) >> (bit & 7)) & 1) === 1;
}

function writeValidity(
  vector: RawVector,
  data: Data,
  bit: number,
  rows: number,
): void {
  bindings.vector_ensure_validity_writable(vector);
  // DuckDB's mask is uint64 words with the same LSB-first bit order as
  // Arrow's bitmap; rebuild it so that row 0 of the chunk is bit 0.
  const mask = new Uint8Array(Math.ceil(rows / 64) * 8);
  for (let i = 0; i < rows; i++) {
    if (isValid(data, bit + i)) {
      mask[i >> 3] = (mask[i >> 3] as number) | (1 << (i & 7));
    }
  }
  bindings.copy_data_to_vector_validity(vector, 0, mask.buffer, 0, mask.length);
}
