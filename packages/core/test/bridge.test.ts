import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import {
  Table,
  Utf8,
  tableFromIPC,
  tableToIPC,
  vectorFromArray,
} from 'apache-arrow';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadArrow, queryArrow } from '../src/bridge.js';
import { makeTable, type ColumnInput } from '../src/columns.js';
import { quoteIdent } from '../src/sql.js';

/*
 * Round trips through the bridge: Arrow -> loadArrow -> DuckDB ->
 * queryArrow('SELECT *') -> Arrow must give back the same values, nulls
 * and types (dictionary and plain utf8 both come back as dictionaries).
 *
 * Doubles: NaN is carried as NaN (its payload bits are not promised),
 * ±Infinity and -0 keep their value and sign, because the bridge copies
 * the IEEE bytes both ways and DuckDB stores them as given.
 */

let instance: DuckDBInstance;
let conn: DuckDBConnection;
beforeAll(async () => {
  instance = await DuckDBInstance.create(':memory:', { threads: '1' });
  conn = await instance.connect();
});
afterAll(() => {
  conn.closeSync();
  instance.closeSync();
});

/** One row of the all-types table; null means a null cell. */
interface Row {
  b: boolean | null;
  i32: number | null;
  i64: bigint | null;
  f64: number | null;
  dict: string | null;
  utf8: string | null;
  ts: number | null;
}

const MS_MIN = -62135596800000; // 0001-01-01
const MS_MAX = 253402300799999; // 9999-12-31 23:59:59.999

const nullable = <T>(arb: fc.Arbitrary<T>) =>
  fc.option(arb, { nil: null, freq: 5 });

const word = fc.oneof(
  fc.string({ unit: 'grapheme', maxLength: 20 }),
  fc.constantFrom('', "it's", '"quoted"', 'naïve', '日本語', '🦆🦆', 'x'),
  fc.string({ unit: 'grapheme-ascii', minLength: 12, maxLength: 13 }),
);

const rowArb: fc.Arbitrary<Row> = fc.record({
  b: nullable(fc.boolean()),
  i32: nullable(fc.integer()),
  i64: nullable(
    fc.oneof(
      fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }),
      fc.constantFrom(2n ** 53n + 1n, -(2n ** 53n) - 1n, 0n, -1n),
    ),
  ),
  f64: nullable(
    fc.oneof(fc.double(), fc.constantFrom(-0, Infinity, -Infinity, NaN)),
  ),
  dict: nullable(word),
  utf8: nullable(word),
  ts: nullable(
    fc.oneof(
      fc.integer({ min: MS_MIN, max: MS_MAX }),
      fc.constantFrom(-1, 0, 1, -86400001, MS_MIN, MS_MAX),
    ),
  ),
});

/** Builds the Arrow table of `rows` (utf8 as a plain Utf8 column). */
function tableOf(rows: readonly Row[]): Table {
  const valid = (k: keyof Row) =>
    Uint8Array.from(rows, (r) => (r[k] === null ? 0 : 1));
  const words = new Map<string, number>();
  const codes = Int32Array.from(rows, (r) => {
    if (r.dict === null) return 0;
    if (!words.has(r.dict)) words.set(r.dict, words.size);
    return words.get(r.dict) ?? 0;
  });
  const columns: Record<string, ColumnInput> = {
    b: {
      kind: 'bool',
      values: Uint8Array.from(rows, (r) => (r.b ? 1 : 0)),
      valid: valid('b'),
    },
    i32: {
      kind: 'int32',
      values: Int32Array.from(rows, (r) => r.i32 ?? 0),
      valid: valid('i32'),
    },
    i64: {
      kind: 'int64',
      values: BigInt64Array.from(rows, (r) => r.i64 ?? 0n),
      valid: valid('i64'),
    },
    f64: {
      kind: 'float64',
      values: Float64Array.from(rows, (r) => r.f64 ?? 0),
      valid: valid('f64'),
    },
    dict: {
      kind: 'dict',
      codes,
      words: [...words.keys()],
      valid: valid('dict'),
    },
    ts: {
      kind: 'timestamp',
      values: BigInt64Array.from(rows, (r) => BigInt(r.ts ?? 0)),
      valid: valid('ts'),
    },
  };
  // A plain (non-dictionary) Utf8 column from apache-arrow's builder.
  const utf8 = vectorFromArray(
    rows.map((r) => r.utf8),
    new Utf8(),
  );
  return makeTable(columns).assign(new Table({ utf8 }));
}

/** Reads back every cell of `table` as a Row. */
function rowsOf(table: Table): Row[] {
  const rows: Row[] = [];
  const col = (n: string) => {
    const c = table.getChild(n);
    if (!c) throw new Error(`no column ${n}`);
    return c;
  };
  const [b, i32, i64, f64, dict, utf8, ts] = [
    'b',
    'i32',
    'i64',
    'f64',
    'dict',
    'utf8',
    'ts',
  ].map(col);
  for (let i = 0; i < table.numRows; i++) {
    rows.push({
      b: b?.get(i) ?? null,
      i32: i32?.get(i) ?? null,
      i64: i64?.get(i) ?? null,
      f64: f64?.get(i) ?? null,
      dict: dict?.get(i) ?? null,
      utf8: utf8?.get(i) ?? null,
      ts: ts?.get(i) ?? null,
    });
  }
  return rows;
}

async function roundTrip(table: Table, name = 't'): Promise<Table> {
  await loadArrow(conn, name, table);
  return queryArrow(conn, `SELECT * FROM ${quoteIdent(name)}`);
}

/**
 * Column-by-column equality; doubles compared as strings that tell -0
 * from 0 (and NaN equals NaN), so sign and NaN survive are checked.
 */
function expectSameRows(actual: Row[], expected: readonly Row[]): void {
  expect(actual.length, 'row count').toBe(expected.length);
  const f64 = (x: number | null) =>
    x === null ? null : Object.is(x, -0) ? '-0' : String(x);
  for (const key of ['b', 'i32', 'i64', 'dict', 'utf8', 'ts'] as const) {
    expect(
      actual.map((r) => r[key]),
      `column ${key}`,
    ).toEqual(expected.map((r) => r[key]));
  }
  expect(
    actual.map((r) => f64(r.f64)),
    'column f64',
  ).toEqual(expected.map((r) => f64(r.f64)));
}

describe('bridge round trip', () => {
  it('carries every type and null (property)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(rowArb, { maxLength: 60 }), async (rows) => {
        const out = await roundTrip(tableOf(rows));
        expectSameRows(rowsOf(out), rows);
      }),
      { numRuns: 60, seed: 20261204 },
    );
  });

  it('maps types: VARCHAR -> dictionary, timestamps -> ms', async () => {
    const out = await roundTrip(tableOf([]));
    const types = Object.fromEntries(
      out.schema.fields.map((f) => [f.name, String(f.type)]),
    );
    expect(types).toEqual({
      b: 'Bool',
      i32: 'Int32',
      i64: 'Int64',
      f64: 'Float64',
      dict: 'Dictionary<Int32, Utf8>',
      utf8: 'Dictionary<Int32, Utf8>',
      ts: 'Timestamp<MILLISECOND>',
    });
    expect(out.numRows).toBe(0);
  });

  it.each([1, 2047, 2048, 2049, 100_000])(
    'keeps %i rows in order across chunk boundaries',
    async (n) => {
      const rows: Row[] = Array.from({ length: n }, (_, i) => ({
        b: i % 7 === 0 ? null : i % 3 === 0,
        i32: i % 11 === 0 ? null : i - 50_000,
        i64: i % 13 === 0 ? null : BigInt(i) * 3_000_000_000_001n,
        f64: i % 17 === 0 ? null : i / 7,
        dict: i % 19 === 0 ? null : `w${i % 1000}`,
        utf8: i % 23 === 0 ? null : i % 10 === 0 ? `long string ${i}` : `u${i}`,
        ts: i % 29 === 0 ? null : 1_600_000_000_000 - i * 1_000_003,
      }));
      const out = await roundTrip(tableOf(rows));
      expectSameRows(rowsOf(out), rows);
    },
  );

  it('reads several record batches and sliced data', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(rowArb, { minLength: 1, maxLength: 40 }),
        fc.array(rowArb, { minLength: 1, maxLength: 40 }),
        fc.nat(),
        fc.nat(),
        async (r1, r2, s, l) => {
          const both = tableOf(r1).concat(tableOf(r2));
          expect(both.batches.length).toBe(2);
          const all = [...r1, ...r2];
          expectSameRows(rowsOf(await roundTrip(both)), all);

          const start = s % all.length;
          const end = start + (l % (all.length - start + 1));
          const sliced = both.slice(start, end);
          expectSameRows(
            rowsOf(await roundTrip(sliced)),
            all.slice(start, end),
          );
        },
      ),
      { numRuns: 40, seed: 7 },
    );
  });

  it('survives an IPC round trip of a sliced table too', async () => {
    const rows: Row[] = Array.from({ length: 300 }, (_, i) => ({
      b: i % 2 === 0,
      i32: i,
      i64: BigInt(i),
      f64: i + 0.5,
      dict: `d${i % 5}`,
      utf8: `u${i}`,
      ts: i,
    }));
    const sliced = tableOf(rows).slice(37, 251);
    const viaIpc = tableFromIPC(tableToIPC(sliced));
    expectSameRows(rowsOf(await roundTrip(viaIpc)), rows.slice(37, 251));
  });

  it('quotes table and column names', async () => {
    const name = 'my "odd" table; DROP TABLE x';
    const t = makeTable({
      'col "1"': { kind: 'int32', values: Int32Array.from([1, 2]) },
      "it's": {
        kind: 'dict',
        codes: Int32Array.from([0, 1]),
        words: ['a', 'b'],
      },
    });
    const out = await roundTrip(t, name);
    expect(out.schema.fields.map((f) => f.name)).toEqual(['col "1"', "it's"]);
    expect(out.getChild("it's")?.toArray()).toEqual(['a', 'b']);
  });

  it('rejects timestamps beyond the DuckDB range, naming the column', async () => {
    const t = makeTable({
      when: {
        kind: 'timestamp',
        values: BigInt64Array.from([0n, 2n ** 62n]),
      },
    });
    await expect(loadArrow(conn, 'bad', t)).rejects.toThrow(
      /row 2, column "when"/,
    );
  });

  it('reads repeated long strings, in any memory order, exactly', async () => {
    // 40 distinct words of 13 to 60 bytes (some differing only in the
    // last byte, some non-ASCII) in a scrambled order over 3 chunks.
    const words = Array.from({ length: 40 }, (_, i) =>
      i % 2 === 0
        ? `a fairly long identifier number ${i % 7}${'é'.repeat(i % 5)}${i}`
        : `${'x'.repeat(12)}${i}`,
    );
    const n = 5000;
    const codes = Int32Array.from({ length: n }, (_, i) => (i * 7919) % 40);
    await loadArrow(
      conn,
      'longs',
      makeTable({ w: { kind: 'dict', codes, words } }),
    );
    const expected = Array.from(codes, (c) => words[c]);
    const out = await queryArrow(conn, 'SELECT w FROM longs');
    expect(out.getChild('w')?.toArray()).toEqual(expected);
    const dict = out.getChild('w')?.data[0]?.dictionary?.toArray();
    expect(new Set(dict).size).toBe(40);
    // Strings computed by a query live in other memory than stored ones.
    const computed = await queryArrow(
      conn,
      "SELECT w || '-' || (rowid % 3)::VARCHAR AS v FROM longs ORDER BY rowid DESC",
    );
    expect(computed.getChild('v')?.toArray()).toEqual(
      expected.map((w, i) => `${w}-${i % 3}`).reverse(),
    );
  });

  it('reads ENUM results as dictionaries', async () => {
    const out = await queryArrow(
      conn,
      "SELECT CAST(w AS ENUM('x', 'yy')) AS e FROM " +
        "(VALUES ('yy'), ('x'), (NULL), ('yy')) t(w)",
    );
    expect(out.getChild('e')?.toArray()).toEqual(['yy', 'x', null, 'yy']);
  });
});
