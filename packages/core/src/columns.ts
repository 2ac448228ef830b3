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
import { utf8Data } from './bridge.js';

/**
 * Column builders for Arrow tables from typed arrays. Stages build their
 * outputs with these so that types are explicit: strings that repeat are
 * dictionary-encoded, booleans bit-packed, nulls given as a mask where
 * 1 = present.
 */
export type ColumnInput =
  | { kind: 'dict'; codes: Int32Array; words: readonly string[]; valid?: Uint8Array }
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

export const boolColumn = (values: ArrayLike<boolean | number>): ColumnInput => ({
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
export const int64Column = (values: ArrayLike<number | bigint>): ColumnInput => ({
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

function validOf(vector: AnyVector): Uint8Array | undefined {
  if (vector.nullCount === 0) return undefined;
  const valid = new Uint8Array(vector.length);
  for (let i = 0; i < vector.length; i++) valid[i] = vector.isValid(i) ? 1 : 0;
  return valid;
}

function columnOf(vector: AnyVector, typeId: Type): ColumnInput {
  const valid = validOf(vector);
  const n = vector.length;
  switch (typeId) {
    case Type.Dictionary:
    case Type.Utf8: {
      const index = new Map<string, number>();
      const codes = new Int32Array(n);
      for (let i = 0; i < n; i++) {
        const v = vector.get(i) as string | null;
        if (v === null) continue;
        let id = index.get(v);
        if (id === undefined) {
          id = index.size;
          index.set(v, id);
        }
        codes[i] = id;
      }
      return { kind: 'dict', codes, words: [...index.keys()], valid };
    }
    case Type.Bool: {
      const values = new Uint8Array(n);
      for (let i = 0; i < n; i++) values[i] = vector.get(i) ? 1 : 0;
      return { kind: 'bool', values, valid };
    }
    case Type.Timestamp:
      return { kind: 'timestamp', values: gather64(vector), valid };
    case Type.Int:
      if ((vector.type as unknown as Int64).bitWidth === 64) {
        return { kind: 'int64', values: gather64(vector), valid };
      }
      return { kind: 'int32', values: Int32Array.from(gatherNum(vector)), valid };
    default:
      return { kind: 'float64', values: Float64Array.from(gatherNum(vector)), valid };
  }
}

function gatherNum(vector: AnyVector): number[] {
  const out = new Array<number>(vector.length);
  for (let i = 0; i < vector.length; i++) out[i] = Number(vector.get(i) ?? 0);
  return out;
}

function gather64(vector: AnyVector): BigInt64Array {
  const out = new BigInt64Array(vector.length);
  let at = 0;
  for (const data of vector.data) {
    const values = data.values as BigInt64Array;
    out.set(values.subarray(data.offset, data.offset + data.length), at);
    at += data.length;
  }
  return out;
}
