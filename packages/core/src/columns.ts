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
  makeData,
  makeVector,
  Utf8,
} from 'apache-arrow';
import { utf8Data } from './utf8.js';

/**
 * Column builders for Arrow tables from typed arrays. Stages build their
 * outputs with these so that types are explicit: strings that repeat are
 * dictionary-encoded, booleans bit-packed, nulls given as a mask where
 * 1 = present.
 */
export type ColumnInput =
  | {
      kind: 'dict';
      codes: Int32Array;
      words: readonly string[];
      valid?: Uint8Array;
    }
  | { kind: 'bool'; values: Uint8Array; valid?: Uint8Array }
  | { kind: 'int32'; values: Int32Array; valid?: Uint8Array }
  | { kind: 'int64'; values: BigInt64Array; valid?: Uint8Array }
  | { kind: 'float64'; values: Float64Array; valid?: Uint8Array }
  | { kind: 'timestamp'; values: BigInt64Array; valid?: Uint8Array };

/** A dictionary column from plain strings (null allowed). */
export function dictColumn(values: readonly (string | null)[]): ColumnInput {
  const index = new Map<string, number>();
  const codes = new Int32Array(values.length);
  let valid: Uint8Array | undefined;
  values.forEach((v, i) => {
    if (v === null) {
      valid ??= new Uint8Array(values.length).fill(1);
      valid[i] = 0;
      return;
    }
    let id = index.get(v);
    if (id === undefined) {
      id = index.size;
      index.set(v, id);
    }
    codes[i] = id;
  });
  return { kind: 'dict', codes, words: [...index.keys()], valid };
}

export const boolColumn = (
  values: ArrayLike<boolean | number>,
): ColumnInput => ({
  kind: 'bool',
  values: Uint8Array.from(values as ArrayLike<number>, (v) => (v ? 1 : 0)),
});
export const int32Column = (values: ArrayLike<number>): ColumnInput => ({
  kind: 'int32',
  values: Int32Array.from(values),
});
export const float64Column = (values: ArrayLike<number>): ColumnInput => ({
  kind: 'float64',
  values: Float64Array.from(values),
});
export const int64Column = (
  values: ArrayLike<number | bigint>,
): ColumnInput => ({
  kind: 'int64',
  values: BigInt64Array.from(values as ArrayLike<number>, (v) => BigInt(v)),
});

function pack(flags: Uint8Array): Uint8Array {
  const out = new Uint8Array(Math.ceil(flags.length / 8));
  for (let i = 0; i < flags.length; i++) {
    if (flags[i]) out[i >> 3] = (out[i >> 3] as number) | (1 << (i & 7));
  }
  return out;
}

function toData(input: ColumnInput, dictId: number): Data {
  const length =
    input.kind === 'dict' ? input.codes.length : input.values.length;
  let nullCount = 0;
  if (input.valid) for (const v of input.valid) if (!v) nullCount++;
  const nullBitmap =
    nullCount > 0 && input.valid ? pack(input.valid) : new Uint8Array(0);
  const base = { length, nullCount, nullBitmap };
  switch (input.kind) {
    case 'dict':
      return makeData({
        ...base,
        type: new Dictionary(new Utf8(), new Int32(), dictId),
        data: input.codes,
        dictionary: makeVector(utf8Data(input.words)),
      });
    case 'bool':
      return makeData({ ...base, type: new Bool(), data: pack(input.values) });
    case 'int32':
      return makeData({ ...base, type: new Int32(), data: input.values });
    case 'int64':
      return makeData({ ...base, type: new Int64(), data: input.values });
    case 'float64':
      return makeData({ ...base, type: new Float64(), data: input.values });
    case 'timestamp':
      return makeData({
        ...base,
        type: new TimestampMillisecond(),
        data: input.values,
      });
  }
}

/**
 * Builds a one-batch Arrow table from named columns of equal length.
 * Dictionary ids are numbered by column position, so equal inputs give
 * byte-identical IPC files.
 */
export function makeTable(columns: Record<string, ColumnInput>): Table {
  const entries = Object.entries(columns);
  const datas = entries.map(([, c], i) => toData(c, i));
  const length = datas[0]?.length ?? 0;
  datas.forEach((d, i) => {
    if (d.length !== length) {
      throw new RangeError(
        `makeTable: column "${entries[i]?.[0]}" has ${d.length} rows, ` +
          `expected ${length}`,
      );
    }
  });
  const fields = entries.map(([name], i) => {
    const d = datas[i] as Data;
    return new Field(name, d.type, d.nullCount > 0 || true);
  });
  const struct = makeData({
    type: new Struct(fields),
    length,
    nullCount: 0,
    children: datas,
  });
  return new Table([new RecordBatch(new Schema(fields), struct)]);
}

/**
 * Returns the table with dictionary ids renumbered by column position
 * and batches merged into one, so that writing it is deterministic
 * whatever the history of the process that built it.
 */
export function canonicalTable(table: Table): Table {
  const columns: Record<string, ColumnInput> = {};
  for (const field of table.schema.fields) {
    const vector = table.getChild(field.name);
    if (!vector) continue;
    columns[field.name] = columnOf(vector, field.type.typeId);
  }
  if (table.schema.fields.length === 0) return table;
  return makeTable(columns);
}

type AnyVector = NonNullable<ReturnType<Table['getChild']>>;

/*
 * The gathers below walk a column's Data chunks directly instead of
 * calling vector.get per row (which decodes every string). Arrow's
 * sliced Data has its value and offset buffers already cut at
 * `offset`, so values are indexed from 0, while bitmaps (validity and
 * booleans) are indexed from `offset`. Null slots are zeroed: they may
 * hold anything, and the canonical bytes must not depend on it.
 */

const bit = (bits: Uint8Array, i: number) =>
  ((bits[i >> 3] as number) >> (i & 7)) & 1;

function validOf(vector: AnyVector): Uint8Array | undefined {
  if (vector.nullCount === 0) return undefined;
  const valid = new Uint8Array(vector.length);
  let at = 0;
  for (const data of vector.data) {
    const bitmap = data.nullBitmap;
    if (data.nullCount === 0 || !bitmap || bitmap.length === 0) {
      valid.fill(1, at, at + data.length);
    } else {
      for (let i = 0; i < data.length; i++) {
        valid[at + i] = bit(bitmap, data.offset + i);
      }
    }
    at += data.length;
  }
  return valid;
}

function columnOf(vector: AnyVector, typeId: Type): ColumnInput {
  const valid = validOf(vector);
  const type = vector.type as { bitWidth?: number; precision?: number };
  switch (typeId) {
    case Type.Dictionary:
      return { ...gatherDictionary(vector, valid), kind: 'dict', valid };
    case Type.Utf8:
      return { ...gatherStrings(vector), kind: 'dict', valid };
    case Type.Bool: {
      const values = new Uint8Array(vector.length);
      let at = 0;
      for (const data of vector.data) {
        const bits = data.values as Uint8Array;
        for (let i = 0; i < data.length; i++) {
          values[at + i] = bit(bits, data.offset + i);
        }
        at += data.length;
      }
      return { kind: 'bool', values: zeroNulls(values, valid), valid };
    }
    case Type.Timestamp:
      return {
        kind: 'timestamp',
        values: gatherFixed(vector, BigInt64Array, valid),
        valid,
      };
    case Type.Int:
      if (type.bitWidth === 64) {
        return {
          kind: 'int64',
          values: gatherFixed(vector, BigInt64Array, valid),
          valid,
        };
      }
      if (type.bitWidth === 32) {
        return {
          kind: 'int32',
          values: gatherFixed(vector, Int32Array, valid),
          valid,
        };
      }
      return {
        kind: 'int32',
        values: Int32Array.from(gatherNum(vector)),
        valid,
      };
    default:
      return {
        kind: 'float64',
        values: roundFloats(
          type.precision === 2
            ? gatherFixed(vector, Float64Array, valid)
            : Float64Array.from(gatherNum(vector)),
        ),
        valid,
      };
  }
}

/** Significant digits kept of a float written to a stage folder. */
export const FLOAT_DIGITS = 12;

/**
 * Rounds floats to FLOAT_DIGITS significant digits, in place. DuckDB
 * sums doubles in parallel, in an order that varies from run to run, so
 * the last bits of an average can differ between two identical runs;
 * rounding before writing keeps same input + same seed = same bytes.
 */
export function roundFloats(values: Float64Array): Float64Array {
  for (let i = 0; i < values.length; i++) {
    const x = values[i] as number;
    if (x !== 0 && Number.isFinite(x) && !Number.isInteger(x)) {
      values[i] = Number(x.toPrecision(FLOAT_DIGITS));
    }
  }
  return values;
}

function zeroNulls<T extends { length: number; [i: number]: unknown }>(
  values: T,
  valid: Uint8Array | undefined,
  zero: unknown = 0,
): T {
  if (valid)
    for (let i = 0; i < values.length; i++) if (!valid[i]) values[i] = zero;
  return values;
}

/** Copies a fixed-width column's values into one array. */
function gatherFixed<A extends Int32Array | Float64Array | BigInt64Array>(
  vector: AnyVector,
  Kind: { new (n: number): A },
  valid: Uint8Array | undefined,
): A {
  const out = new Kind(vector.length);
  let at = 0;
  for (const data of vector.data) {
    const values = data.values as A;
    (out as Int32Array).set(values.subarray(0, data.length) as Int32Array, at);
    at += data.length;
  }
  return zeroNulls(out, valid, out instanceof BigInt64Array ? 0n : 0);
}

/**
 * Renumbers a dictionary column by first appearance, decoding each
 * dictionary entry once (not each row); equal words in different
 * dictionaries or entries get one id.
 */
function gatherDictionary(vector: AnyVector, valid: Uint8Array | undefined) {
  const index = new Map<string, number>();
  const codes = new Int32Array(vector.length);
  const remaps = new Map<object, Int32Array>();
  let at = 0;
  for (const data of vector.data) {
    const dict = data.dictionary;
    if (!dict) throw new RangeError('dictionary column without dictionary');
    let remap = remaps.get(dict);
    if (!remap) {
      remap = new Int32Array(dict.length).fill(-1);
      remaps.set(dict, remap);
    }
    const local = data.values as Int32Array;
    for (let i = 0; i < data.length; i++) {
      if (valid && !valid[at + i]) continue;
      const c = local[i] as number;
      let id = remap[c] as number;
      if (id < 0) {
        const word = dict.get(c) as string;
        id = index.get(word) ?? index.size;
        if (id === index.size) index.set(word, id);
        remap[c] = id;
      }
      codes[at + i] = id;
    }
    at += data.length;
  }
  return { codes, words: [...index.keys()] };
}

/** Dictionary-encodes a plain utf8 column by first appearance. */
function gatherStrings(vector: AnyVector) {
  const index = new Map<string, number>();
  const codes = new Int32Array(vector.length);
  for (let i = 0; i < vector.length; i++) {
    const v = vector.get(i) as string | null;
    if (v === null) continue;
    let id = index.get(v);
    if (id === undefined) {
      id = index.size;
      index.set(v, id);
    }
    codes[i] = id;
  }
  return { codes, words: [...index.keys()] };
}

function gatherNum(vector: AnyVector): number[] {
  const out = new Array<number>(vector.length);
  for (let i = 0; i < vector.length; i++) out[i] = Number(vector.get(i) ?? 0);
  return out;
}
