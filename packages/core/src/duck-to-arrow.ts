import bindings from '@duckdb/node-bindings';
import {
  DuckDBTypeId,
  type DuckDBConnection,
  type DuckDBDataChunk,
  type DuckDBEnumType,
  type DuckDBType,
  type DuckDBValue,
} from '@duckdb/node-api';
import {
  Bool,
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
  Utf8,
  makeData,
  makeVector,
  type Data,
} from 'apache-arrow';
import { DsrepError } from './errors.js';
import { StringReader } from './string-reader.js';
import { microsToMillis } from './timestamps.js';
import { utf8Data } from './utf8.js';

/*
 * DuckDB -> Arrow. Result chunks are copied into growing typed arrays:
 * fixed-width vectors as raw bytes, timestamps converted to
 * milliseconds, VARCHAR and ENUM vectors into dictionary codes (strings
 * that repeat cost one index each). Other types go through node-api's
 * value reader.
 */

type Kind = 'bool' | 'int32' | 'int64' | 'float64' | 'dict' | 'ts';

/** A growable column being filled from DuckDB result chunks. */
interface Sink {
  name: string;
  kind: Kind;
  type: DuckDBType;
  length: number;
  values: Int32Array | BigInt64Array | Float64Array | Uint8Array;
  validity: Uint8Array;
  nulls: number;
  strings?: StringReader;
  /** ENUM columns: enum index -> dictionary id, filled lazily. */
  enumIds?: Int32Array;
}

function kindOfDuck(type: DuckDBType, name: string): Kind {
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

/** Bytes per value when a vector can be copied as is, else undefined. */
function nativeWidth(type: DuckDBType): number | undefined {
  switch (type.typeId) {
    case DuckDBTypeId.BOOLEAN:
      return 1;
    case DuckDBTypeId.INTEGER:
      return 4;
    case DuckDBTypeId.BIGINT:
    case DuckDBTypeId.DOUBLE:
      return 8;
  }
  return undefined;
}

function allocate(kind: Kind, n: number): Sink['values'] {
  switch (kind) {
    case 'bool':
      return new Uint8Array(n);
    case 'int32':
    case 'dict':
      return new Int32Array(n);
    case 'int64':
    case 'ts':
      return new BigInt64Array(n);
    case 'float64':
      return new Float64Array(n);
  }
}

function newSink(name: string, type: DuckDBType): Sink {
  const kind = kindOfDuck(type, name);
  const sink: Sink = {
    name,
    kind,
    type,
    length: 0,
    values: allocate(kind, 2048),
    validity: new Uint8Array(2048),
    nulls: 0,
  };
  if (kind === 'dict') sink.strings = new StringReader();
  return sink;
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
 * Runs `sql` and returns its result as an Arrow table. VARCHAR (and
 * ENUM) columns become dictionary<utf8> columns whose dictionary lists
 * the distinct strings in order of first appearance; integers up to 32
 * bits become int32; BIGINT and wider int64 (bigint values); floating
 * and decimal columns float64; timestamps millisecond timestamps
 * (floored). DuckDB errors keep their cause and the SQL.
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
  const sinks = names.map((n, i) => newSink(n, types[i] as DuckDBType));

  for (;;) {
    let chunk;
    try {
      chunk = await result.fetchChunk();
    } catch (cause) {
      throw new DsrepError('SQL', `query failed: ${messageOf(cause)}`, {
        cause,
        sql,
      });
    }
    if (!chunk || chunk.rowCount === 0) break;
    const rows = chunk.rowCount;
    sinks.forEach((sink, c) => {
      reserve(sink, rows);
      readColumn(chunk, c, sink, rows);
      sink.length += rows;
    });
  }
  return sinksToTable(sinks);
}

function readColumn(
  chunk: DuckDBDataChunk,
  c: number,
  sink: Sink,
  rows: number,
): void {
  const raw = bindings.data_chunk_get_vector(chunk.chunk, c);
  const base = sink.length;
  const type = sink.type;

  // Validity first: a null bitmap of uint64 words, absent when all valid.
  const mask = bindings.vector_get_validity(
    raw,
    Math.ceil(rows / 64) * 8,
  ) as Uint8Array | null;
  if (mask) {
    for (let i = 0; i < rows; i++) {
      const ok = ((mask[i >> 3] as number) >> (i & 7)) & 1;
      sink.validity[base + i] = ok;
      if (!ok) sink.nulls++;
    }
  } else {
    sink.validity.fill(1, base, base + rows);
  }

  const width = nativeWidth(type);
  if (width !== undefined) {
    const bytes = bindings.vector_get_data(raw, rows * width);
    const dst = new Uint8Array(
      sink.values.buffer,
      sink.values.byteOffset + base * width,
      rows * width,
    );
    dst.set(bytes.subarray(0, rows * width));
    return;
  }
  if (type.typeId === DuckDBTypeId.TIMESTAMP) {
    const bytes = bindings.vector_get_data(raw, rows * 8);
    const us = new BigInt64Array(bytes.buffer, bytes.byteOffset, rows);
    microsToMillis(us, sink.values as BigInt64Array, base, rows);
    return;
  }
  if (type.typeId === DuckDBTypeId.VARCHAR && sink.strings) {
    sink.strings.read(
      raw,
      rows,
      sink.values as Int32Array,
      base,
      sink.validity,
    );
    return;
  }
  if (type.typeId === DuckDBTypeId.ENUM && sink.strings) {
    readEnum(raw, type as DuckDBEnumType, sink, rows);
    return;
  }
  readGeneric(chunk, c, sink, rows);
}

/** ENUM vectors hold uint8/16/32 indexes into the type's values. */
function readEnum(
  raw: ReturnType<typeof bindings.data_chunk_get_vector>,
  type: DuckDBEnumType,
  sink: Sink,
  rows: number,
): void {
  const values = type.values;
  const width = values.length <= 0xff ? 1 : values.length <= 0xffff ? 2 : 4;
  const bytes = bindings.vector_get_data(raw, rows * width);
  const codes =
    width === 1
      ? new Uint8Array(bytes.buffer, bytes.byteOffset, rows)
      : width === 2
        ? new Uint16Array(bytes.buffer, bytes.byteOffset, rows)
        : new Uint32Array(bytes.buffer, bytes.byteOffset, rows);
  const ids = (sink.enumIds ??= new Int32Array(values.length).fill(-1));
  const out = sink.values as Int32Array;
  const strings = sink.strings as StringReader;
  for (let i = 0; i < rows; i++) {
    if (sink.validity[sink.length + i] === 0) continue;
    const e = codes[i] as number;
    let id = ids[e] as number;
    if (id < 0) {
      id = strings.idOf(values[e] as string);
      ids[e] = id;
    }
    out[sink.length + i] = id;
  }
}

/** Any other type: DuckDB's own value reader, one item at a time. */
function readGeneric(
  chunk: DuckDBDataChunk,
  c: number,
  sink: Sink,
  rows: number,
): void {
  const vector = chunk.getColumnVector(c);
  const base = sink.length;
  for (let i = 0; i < rows; i++) {
    if (sink.validity[base + i] === 0) continue;
    const v = vector.getItem(i);
    if (sink.kind === 'ts') {
      (sink.values as BigInt64Array)[base + i] = timestampMs(v);
    } else if (sink.kind === 'int64') {
      (sink.values as BigInt64Array)[base + i] = BigInt(String(v));
    } else if (sink.kind === 'int32') {
      (sink.values as Int32Array)[base + i] = Number(v);
    } else if (sink.kind === 'bool') {
      (sink.values as Uint8Array)[base + i] = v ? 1 : 0;
    } else if (sink.kind === 'dict') {
      (sink.values as Int32Array)[base + i] = (
        sink.strings as StringReader
      ).idOf(String(v));
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
  const t = v as { micros?: bigint; millis?: bigint; seconds?: bigint };
  if (t.micros !== undefined) return floorDiv(t.micros);
  if (t.millis !== undefined) return t.millis;
  if (t.seconds !== undefined) return t.seconds * 1000n;
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
  const struct = makeData({
    type: new Struct(fields),
    length,
    nullCount: 0,
    children,
  });
  return new Table([new RecordBatch(new Schema(fields), struct)]);
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
  const nullCount = sink.nulls;
  const nullBitmap =
    nullCount > 0 ? packBits(sink.validity, n) : new Uint8Array(0);
  const base = { length: n, nullCount, nullBitmap };
  switch (sink.kind) {
    case 'bool':
      return makeData({
        ...base,
        type: new Bool(),
        data: packBits(sink.values as Uint8Array, n),
      });
    case 'int32':
      return makeData({
        ...base,
        type: new Int32(),
        data: (sink.values as Int32Array).subarray(0, n),
      });
    case 'int64':
      return makeData({
        ...base,
        type: new Int64(),
        data: (sink.values as BigInt64Array).subarray(0, n),
      });
    case 'float64':
      return makeData({
        ...base,
        type: new Float64(),
        data: (sink.values as Float64Array).subarray(0, n),
      });
    case 'ts':
      return makeData({
        ...base,
        type: new TimestampMillisecond(),
        data: (sink.values as BigInt64Array).subarray(0, n),
      });
    case 'dict':
      return makeData({
        ...base,
        type: new Dictionary(new Utf8(), new Int32(), nextDictionaryId++),
        data: (sink.values as Int32Array).subarray(0, n),
        dictionary: makeVector(
          sink.strings ? sink.strings.toUtf8() : utf8Data([]),
        ),
      });
  }
}

function messageOf(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
