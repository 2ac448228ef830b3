import { Type, type Table } from 'apache-arrow';
import { DsrepError } from './errors.js';
import type { ColumnSpec, TableContract } from './schemas.js';

/**
 * Checks an Arrow table against a contract: every column present with a
 * compatible type, no nulls where none are allowed, and enumerated
 * string columns holding only allowed values. Throws a DsrepError that
 * names the table, the column and, for values, the first bad row.
 */
export function checkTable(
  table: Table,
  contract: TableContract,
  label = contract.name,
): void {
  for (const spec of contract.columns) {
    const column = table.getChild(spec.name);
    if (!column) {
      throw new DsrepError(
        'BAD_INPUT',
        `table "${label}" has no column "${spec.name}" (${spec.doc}); ` +
          `it has: ${table.schema.fields.map((f) => f.name).join(', ')}`,
        { column: spec.name },
      );
    }
    if (!typeMatches(column.type.typeId, spec)) {
      throw new DsrepError(
        'BAD_INPUT',
        `table "${label}": column "${spec.name}" should be ${spec.type}, ` +
          `found ${String(column.type)}`,
        { column: spec.name },
      );
    }
    if (!spec.nullable && column.nullCount > 0) {
      const row = firstNull(column);
      throw new DsrepError(
        'BAD_INPUT',
        `table "${label}": column "${spec.name}" may not be empty`,
        { column: spec.name, row: row + 1 },
      );
    }
    if (spec.values) checkValues(table, label, spec);
  }
}

function typeMatches(typeId: Type, spec: ColumnSpec): boolean {
  switch (spec.type) {
    case 'dict':
    case 'string':
      return typeId === Type.Dictionary || typeId === Type.Utf8;
    case 'bool':
      return typeId === Type.Bool;
    case 'int32':
    case 'int64':
      return typeId === Type.Int;
    case 'float64':
      return typeId === Type.Float || typeId === Type.Int;
    case 'timestamp':
      return typeId === Type.Timestamp;
  }
}

function firstNull(column: { length: number; isValid(i: number): boolean }) {
  for (let i = 0; i < column.length; i++) if (!column.isValid(i)) return i;
  return -1;
}

function checkValues(table: Table, label: string, spec: ColumnSpec): void {
  const allowed = new Set(spec.values);
  const column = table.getChild(spec.name);
  if (!column) return;
  if (column.type.typeId === Type.Dictionary) {
    // Check the dictionary once, then find a row only if a word is bad.
    const bad = new Set<string>();
    for (const data of column.data) {
      const dict = data.dictionary;
      if (!dict) continue;
      for (let i = 0; i < dict.length; i++) {
        const w = dict.get(i) as string | null;
        if (w !== null && !allowed.has(w)) bad.add(w);
      }
    }
    if (bad.size === 0) return;
  }
  for (let i = 0; i < column.length; i++) {
    const v = column.get(i) as string | null;
    if (v !== null && !allowed.has(v)) {
      throw new DsrepError(
        'BAD_INPUT',
        `table "${label}": column "${spec.name}" has "${v}", expected ` +
          `one of ${[...allowed].join(', ')}`,
        { column: spec.name, row: i + 1 },
      );
    }
  }
}
