import bindings from '@duckdb/node-bindings';
import {
  BIGINT,
  BOOLEAN,
  DOUBLE,
  DuckDBDataChunk,
  DuckDBTypeId,
  INTEGER,
  TIMESTAMP,
  VARCHAR,
  type DuckDBConnection,
  type DuckDBType,
  type DuckDBValue,
} from '@duckdb/node-api';
import {
  Bool,
  Data,
  Dictionary,
  Field,
  Float64,
  Int32,
  Int64,
  RecordBatch,
  Schema,
  Struct,
  Table,
  TimestampMillisecond,
  Type,
  Utf8,
  makeData,
  makeVector,
  type DataType,
} from 'apache-arrow';
import { quoteIdent } from './sql.js';
import { DsrepError } from './errors.js';

/** DuckDB's standard vector size: rows per data chunk. */
export const CHUNK_ROWS = 2048;

/*
 * The Arrow <-> DuckDB bridge. Arrow tables go in through the appender,
 * one data chunk of at most 2048 rows at a time, with fixed-width columns
 * copied into the chunk's vectors as raw bytes and strings written from
 * their UTF-8 bytes without decoding. Query results come out chunk by
 * chunk into growing typed arrays; strings are dictionary-encoded on the
 * way out so that repeated ids cost one index each.
 */

interface ColumnPlan {
  name: string;
  duck: DuckDBType;
  sqlType: string;
  kind: 'bool' | 'int32' | 'int64' | 'float64' | 'utf8' | 'dict' | 'ts';
}

function planColumn(field: Field): ColumnPlan {
  const t = field.type as DataType;
  const name = field.name;
  switch (t.typeId) {
    case Type.Bool:
      return { name, duck: BOOLEAN, sqlType: 'BOOLEAN', kind: 'bool' };
    case Type.Int:
      if ((t as unknown as Int64).bitWidth === 64) {
        return { name, duck: BIGINT, sqlType: 'BIGINT', kind: 'int64' };
      }
      if ((t as Int32).bitWidth === 32 && (t as Int32).isSigned) {
        return { name, duck: INTEGER, sqlType: 'INTEGER', kind: 'int32' };
      }
      break;
    case Type.Float:
      if ((t as Float64).precision === 2) {
        return { name, duck: DOUBLE, sqlType: 'DOUBLE', kind: 'float64' };
      }
      break;
    case Type.Utf8:
      return { name, duck: VARCHAR, sqlType: 'VARCHAR', kind: 'utf8' };
    case Type.Dictionary:
      if ((t as Dictionary).dictionary.typeId === Type.Utf8) {
        return { name, duck: VARCHAR, sqlType: 'VARCHAR', kind: 'dict' };
      }
      break;
    case Type.Timestamp:
      return { name, duck: TIMESTAMP, sqlType: 'TIMESTAMP', kind: 'ts' };
  }
  throw new DsrepError(
    'INTERNAL',
    `bridge: column "${name}" has Arrow type ${String(t)}, which the ` +
      'bridge does not carry; use bool, int32, int64, float64, utf8, ' +
      'dictionary<utf8> or timestamp',
  );
}

/**
 * Creates (or replaces) DuckDB table `name` with the rows of `table`.
 * Column types follow the Arrow types; dictionaries become VARCHAR.
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

  const appender = await conn.createAppender(name);
  try {
    const types = plans.map((p) => p.duck);
    for (const batch of table.batches) {
      for (let start = 0; start < batch.numRows; start += CHUNK_ROWS) {
        const rows = Math.min(CHUNK_ROWS, batch.numRows - start);
        const chunk = DuckDBDataChunk.create(types, rows);
        chunk.rowCount = rows;
        plans.forEach((plan, c) => {
          const data = batch.getChildAt(c)?.data[0];
          if (!data) throw new DsrepError('INTERNAL', `missing column ${c}`);
          const vector = bindings.data_chunk_get_vector(chunk.chunk, c);
          writeColumn(vector, plan, data, start, rows);
        });
        appender.appendDataChunk(chunk);
      }
    }
    appender.flushSync();
  } finally {
    appender.closeSync();
  }
}

type RawVector = ReturnType<typeof bindings.data_chunk_get_vector>;

function writeColumn(
  vector: RawVector,
  plan: ColumnPlan,
  data: Data,
  start: number,
  rows: number,
): void {
  const at = data.offset + start;
  switch (plan.kind) {
    case 'int32':
    case 'int64':
    case 'float64': {
      const values = data.values as Int32Array | BigInt64Array | Float64Array;
      const width = values.BYTES_PER_ELEMENT;
      bindings.copy_data_to_vector(
        vector,
        0,
        values.buffer as ArrayBuffer,
        values.byteOffset + at * width,
        rows * width,
      );
      break;
    }
    case 'bool': {
      const bits = data.values as Uint8Array;
      const bytes = new Uint8Array(rows);
      for (let i = 0; i < rows; i++) {
        const b = at + i;
        bytes[i] = ((bits[b >> 3] as number) >> (b & 7)) & 1;
      }
      bindings.copy_data_to_vector(vector, 0, bytes.buffer, 0, rows);
      break;
    }
    case 'ts': {
      // Arrow milliseconds -> DuckDB microseconds.
      const ms = data.values as BigInt64Array;
      const us = new BigInt64Array(rows);
      for (let i = 0; i < rows; i++) us[i] = (ms[at + i] as bigint) * 1000n;
      bindings.copy_data_to_vector(vector, 0, us.buffer, 0, rows * 8);
      break;
    }
    case 'utf8':
      writeStrings(vector, data.valueOffsets, data.values, at, rows, data);
      break;
    case 'dict': {
      const dict = data.dictionary?.data[0];
      if (!dict) throw new DsrepError('INTERNAL', 'dictionary without data');
      const indices = data.values as Int32Array;
      const offsets = dict.valueOffsets;
      const bytes = dict.values as Uint8Array;
      for (let i = 0; i < rows; i++) {
        if (!isValid(data, at + i)) continue;
        const d = (indices[at + i] as number) + dict.offset;
        const from = offsets[d] as number;
        const to = offsets[d + 1] as number;
        bindings.vector_assign_string_element_len(
          vector,
          i,
          bytes.subarray(from, to),
        );
      }
      break;
    }
  }
  if (data.nullCount > 0) writeValidity(vector, data, at, rows);
}

function writeStrings(
  vector: RawVector,
  offsets: Int32Array,
  bytes: Uint8Array,
  at: number,
  rows: number,
  data: Data,
): void {
  for (let i = 0; i < rows; i++) {
    if (!isValid(data, at + i)) continue;
    const from = offsets[at + i] as number;
    const to = offsets[at + i + 1] as number;
    bindings.vector_assign_string_element_len(
      vector,
      i,
      bytes.subarray(from, to),
    );
  }
}

function isValid(data: Data, row: number): boolean {
  const bitmap = data.nullBitmap;
  if (data.nullCount === 0 || !bitmap || bitmap.length === 0) return true;
  return (((bitmap[row >> 3] as number) >> (row & 7)) & 1) === 1;
}

function writeValidity(
  vector: RawVector,
  data: Data,
  at: number,
  rows: number,
): void {
  bindings.vector_ensure_validity_writable(vector);
  // DuckDB's mask is uint64 words with the same LSB-first bit order as
  // Arrow's bitmap; rebuild it so that row 0 of the chunk is bit 0.
  const words = Math.ceil(rows / 64);
  const mask = new Uint8Array(words * 8);
  for (let i = 0; i < rows; i++) {
    if (isValid(data, at + i)) {
      mask[i >> 3] = (mask[i >> 3] as number) | (1 << (i & 7));
    }
  }
  bindings.copy_data_to_vector_validity(vector, 0, mask.buffer, 0, mask.length);
}

/** A growable column being filled from DuckDB result chunks. */
interface Sink {
  name: string;
  kind: ColumnPlan['kind'];
  length: number;
  values: Int32Array | BigInt64Array | Float64Array | Uint8Array;
  validity: Uint8Array;
  nulls: number;
  dictionary?: Map<string, number>;
}

function kindOfDuck(type: DuckDBType, name: string): ColumnPlan['kind'] {
  switch (type.typeId) {
    case DuckDBTypeId.BOOLEAN:
      return 'bool';
    case DuckDBTypeId.TINYINT:
    case DuckDBTypeId.SMALLINT:
    case DuckDBTypeId.INTEGER:
    case DuckDBTypeId.UTINYINT:
    case DuckDBTypeId.USMALLINT:
      return 'int32';
    case DuckDBTypeId.BIGINT:
    case DuckDBTypeId.UINTEGER:
    case DuckDBTypeId.HUGEINT:
    case DuckDBTypeId.UBIGINT:
      return 'int64';
    case DuckDBTypeId.DOUBLE:
    case DuckDBTypeId.FLOAT:
    case DuckDBTypeId.DECIMAL:
      return 'float64';
    case DuckDBTypeId.VARCHAR:
    case DuckDBTypeId.ENUM:
      return 'dict';
    case DuckDBTypeId.TIMESTAMP:
    case DuckDBTypeId.TIMESTAMP_MS:
    case DuckDBTypeId.TIMESTAMP_S:
    case DuckDBTypeId.TIMESTAMP_TZ:
      return 'ts';
  }
  throw new DsrepError(
    'INTERNAL',
    `bridge: result column "${name}" has DuckDB type ${type.toString()}; ` +
      'cast it in SQL to BOOLEAN, INTEGER, BIGINT, DOUBLE, VARCHAR or TIMESTAMP',
  );
}

/** Native storage of a result column, when it can be copied as bytes. */
function nativeWidth(type: DuckDBType): number | undefined {
  switch (type.typeId) {
    case DuckDBTypeId.INTEGER:
    case DuckDBTypeId.BOOLEAN:
      return type.typeId === DuckDBTypeId.BOOLEAN ? 1 : 4;
    case DuckDBTypeId.BIGINT:
    case DuckDBTypeId.DOUBLE:
    case DuckDBTypeId.TIMESTAMP:
      return 8;
  }
  return undefined;
}

function newSink(name: string, kind: ColumnPlan['kind']): Sink {
  const cap = CHUNK_ROWS;
  const sink: Sink = {
    name,
    kind,
    length: 0,
    values: allocate(kind, cap),
    validity: new Uint8Array(cap),
    nulls: 0,
  };
  if (kind === 'dict') sink.dictionary = new Map();
  return sink;
}

function allocate(kind: ColumnPlan['kind'], n: number): Sink['values'] {
  switch (kind) {
    case 'bool':
      return new Uint8Array(n);
    case 'int32':
    case 'dict':
      return new Int32Array(n);
    case 'int64':
    case 'ts':
      return new BigInt64Array(n);
    default:
      return new Float64Array(n);
  }
}

function reserve(sink: Sink, extra: number): void {
  const need = sink.length + extra;
  if (need <= sink.values.length) return;
  const cap = Math.max(need, sink.values.length * 2);
  const values = allocate(sink.kind, cap);
  (values as Int32Array).set(sink.values as Int32Array);
  sink.values = values;
  const validity = new Uint8Array(cap);
  validity.set(sink.validity);
  sink.validity = validity;
}

/**
 * Runs `sql` and returns its result as an Arrow table. VARCHAR columns
 * become dictionary<utf8> columns; integers up to 32 bits become int32;
 * BIGINT int64; floating and decimal columns float64; timestamps
 * millisecond timestamps. DuckDB errors keep their cause and the SQL.
 */
export async function queryArrow(
  conn: DuckDBConnection,
  sql: string,
  params?: DuckDBValue[] | Record<string, DuckDBValue>,
): Promise<Table> {
  let result;
  try {
    result = await conn.stream(sql, params);
  } catch (cause) {
    throw new DsrepError('SQL', `query failed: ${messageOf(cause)}`, {
      cause,
      sql,
    });
  }
  const names = result.columnNames();
  const types = result.columnTypes();
  const sinks = names.map((n, i) =>
    newSink(n, kindOfDuck(types[i] as DuckDBType, n)),
  );

  for (;;) {
    const chunk = await result.fetchChunk();
    if (!chunk || chunk.rowCount === 0) break;
    const rows = chunk.rowCount;
    sinks.forEach((sink, c) => {
      reserve(sink, rows);
      readColumn(chunk, c, types[c] as DuckDBType, sink, rows);
      sink.length += rows;
    });
  }
  return sinksToTable(sinks);
}

function readColumn(
  chunk: DuckDBDataChunk,
  c: number,
  type: DuckDBType,
  sink: Sink,
  rows: number,
): void {
  const raw = bindings.data_chunk_get_vector(chunk.chunk, c);
  const width = nativeWidth(type);
  const base = sink.length;

  // Validity first: a null bitmap of uint64 words, absent when all valid.
  const words = Math.ceil(rows / 64);
  const mask = bindings.vector_get_validity(raw, words * 8) as
    | Uint8Array
    | null;
  if (mask) {
    for (let i = 0; i < rows; i++) {
      const ok = ((mask[i >> 3] as number) >> (i & 7)) & 1;
      sink.validity[base + i] = ok;
      if (!ok) sink.nulls++;
    }
  } else {
    sink.validity.fill(1, base, base + rows);
  }

  if (width !== undefined && sink.kind !== 'ts') {
    const bytes = bindings.vector_get_data(raw, rows * width);
    const src =
      sink.kind === 'bool'
        ? new Uint8Array(bytes.buffer, bytes.byteOffset, rows)
        : sink.kind === 'int32'
          ? new Int32Array(bytes.buffer, bytes.byteOffset, rows)
          : sink.kind === 'int64'
            ? new BigInt64Array(bytes.buffer, bytes.byteOffset, rows)
            : new Float64Array(bytes.buffer, bytes.byteOffset, rows);
    (sink.values as Int32Array).set(src as Int32Array, base);
    return;
  }
  if (sink.kind === 'ts' && type.typeId === DuckDBTypeId.TIMESTAMP) {
    const bytes = bindings.vector_get_data(raw, rows * 8);
    const us = new BigInt64Array(bytes.buffer, bytes.byteOffset, rows);
    const out = sink.values as BigInt64Array;
    for (let i = 0; i < rows; i++) out[base + i] = floorDiv(us[i] as bigint);
    return;
  }

  // Generic path: DuckDB's own value reader.
  const vector = chunk.getColumnVector(c);
  const dict = sink.dictionary;
  for (let i = 0; i < rows; i++) {
    if (sink.validity[base + i] === 0) continue;
    const v = vector.getItem(i);
    if (dict) {
      const s = String(v);
      let id = dict.get(s);
      if (id === undefined) {
        id = dict.size;
        dict.set(s, id);
      }
      (sink.values as Int32Array)[base + i] = id;
    } else if (sink.kind === 'ts') {
      (sink.values as BigInt64Array)[base + i] = timestampMs(v);
    } else if (sink.kind === 'int64') {
      (sink.values as BigInt64Array)[base + i] = BigInt(String(v));
    } else if (sink.kind === 'int32') {
      (sink.values as Int32Array)[base + i] = Number(v);
    } else if (sink.kind === 'bool') {
      (sink.values as Uint8Array)[base + i] = v ? 1 : 0;
    } else {
      (sink.values as Float64Array)[base + i] = Number(String(v));
    }
  }
}

function floorDiv(us: bigint): bigint {
  const q = us / 1000n;
  return us < 0n && q * 1000n !== us ? q - 1n : q;
}

function timestampMs(v: unknown): bigint {
  const micros = (v as { micros?: bigint; millis?: bigint }).micros;
  if (micros !== undefined) return floorDiv(micros);
  const millis = (v as { millis?: bigint }).millis;
  if (millis !== undefined) return millis;
  const seconds = (v as { seconds?: bigint }).seconds;
  if (seconds !== undefined) return seconds * 1000n;
  throw new DsrepError('INTERNAL', `cannot read timestamp ${String(v)}`);
}

function sinksToTable(sinks: Sink[]): Table {
  const fields: Field[] = [];
  const children: Data[] = [];
  const length = sinks[0]?.length ?? 0;
  for (const sink of sinks) {
    const data = sinkToData(sink);
    fields.push(new Field(sink.name, data.type, true));
    children.push(data);
  }
  const schema = new Schema(fields);
  const struct = makeData({
    type: new Struct(fields),
    length,
    nullCount: 0,
    children,
  });
  return new Table([new RecordBatch(schema, struct)]);
}

let nextDictionaryId = 0;

function packBits(flags: Uint8Array, n: number): Uint8Array {
  const out = new Uint8Array(Math.ceil(n / 8));
  for (let i = 0; i < n; i++) {
    if (flags[i]) out[i >> 3] = (out[i >> 3] as number) | (1 << (i & 7));
  }
  return out;
}

function sinkToData(sink: Sink): Data {
  const n = sink.length;
  const nullBitmap =
    sink.nulls > 0 ? packBits(sink.validity, n) : new Uint8Array(0);
  const nullCount = sink.nulls;
  switch (sink.kind) {
    case 'bool':
      return makeData({
        type: new Bool(),
        length: n,
        nullCount,
        nullBitmap,
        data: packBits(sink.values as Uint8Array, n),
      });
    case 'int32':
      return makeData({
        type: new Int32(),
        length: n,
        nullCount,
        nullBitmap,
        data: (sink.values as Int32Array).subarray(0, n),
      });
    case 'int64':
      return makeData({
        type: new Int64(),
        length: n,
        nullCount,
        nullBitmap,
        data: (sink.values as BigInt64Array).subarray(0, n),
      });
    case 'float64':
      return makeData({
        type: new Float64(),
        length: n,
        nullCount,
        nullBitmap,
        data: (sink.values as Float64Array).subarray(0, n),
      });
    case 'ts':
      return makeData({
        type: new TimestampMillisecond(),
        length: n,
        nullCount,
        nullBitmap,
        data: (sink.values as BigInt64Array).subarray(0, n),
      });
    case 'dict':
    case 'utf8': {
      const words = [...(sink.dictionary ?? new Map()).keys()];
      const dictionary = utf8Data(words);
      const type = new Dictionary(new Utf8(), new Int32(), nextDictionaryId++);
      return makeData({
        type,
        length: n,
        nullCount,
        nullBitmap,
        data: (sink.values as Int32Array).subarray(0, n),
        dictionary: makeVector(dictionary),
      });
    }
  }
}

const encoder = new TextEncoder();

/** Builds a Utf8 Data from strings (offsets + concatenated bytes). */
export function utf8Data(words: readonly string[]): Data<Utf8> {
  const encoded = words.map((w) => encoder.encode(w));
  const offsets = new Int32Array(words.length + 1);
  let total = 0;
  encoded.forEach((e, i) => {
    total += e.length;
    offsets[i + 1] = total;
  });
  const bytes = new Uint8Array(total);
  encoded.forEach((e, i) => bytes.set(e, offsets[i] as number));
  return makeData({
    type: new Utf8(),
    length: words.length,
    nullCount: 0,
    valueOffsets: offsets,
    data: bytes,
  });
}

function messageOf(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
