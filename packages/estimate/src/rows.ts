import { makeTable, type ColumnInput } from '@dsrep/core';
import type { Table } from 'apache-arrow';

/** Column kinds of the stage's output tables. */
export type Kind = 'dict' | 'int32' | 'float64';

/**
 * Builds an output table column by column from plain records. Strings
 * become dictionary columns; in float columns NaN and null become SQL
 * NULL (an interval that was not computed, a truth that is unknown).
 */
export class Rows {
  private readonly data: Record<string, (string | number | null)[]> = {};

  constructor(private readonly spec: Record<string, Kind>) {
    for (const name of Object.keys(spec)) this.data[name] = [];
  }

  add(row: Record<string, string | number | null>): void {
    for (const name of Object.keys(this.spec)) {
      const value = row[name];
      if (value === undefined) {
        throw new RangeError(`output row lacks column "${name}"`);
      }
      this.data[name].push(value);
    }
  }

  toTable(): Table {
    const columns: Record<string, ColumnInput> = {};
    for (const [name, kind] of Object.entries(this.spec)) {
      columns[name] = column(this.data[name], kind);
    }
    return makeTable(columns);
  }
}

function column(values: (string | number | null)[], kind: Kind): ColumnInput {
  const valid = Uint8Array.from(values, (v) =>
    v === null || (typeof v === 'number' && Number.isNaN(v)) ? 0 : 1,
  );
  const nullable = valid.includes(0) ? valid : undefined;
  if (kind === 'dict') {
    const index = new Map<string, number>();
    const codes = Int32Array.from(values, (v) => {
      if (v === null) return 0;
      const key = String(v);
      let id = index.get(key);
      if (id === undefined) {
        id = index.size;
        index.set(key, id);
      }
      return id;
    });
    return { kind, codes, words: [...index.keys()], valid: nullable };
  }
  const numbers = values.map((v) => (typeof v === 'number' ? v : 0));
  if (kind === 'int32') {
    return { kind, values: Int32Array.from(numbers), valid: nullable };
  }
  return {
    kind,
    values: Float64Array.from(numbers, (v) => (Number.isNaN(v) ? 0 : v)),
    valid: nullable,
  };
}
