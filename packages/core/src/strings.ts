import { DsrepError } from './errors.js';
import type { Table } from 'apache-arrow';

/**
 * The values of a string column of a query result as JS strings.
 * Why not `vector.get(i)`: on a dictionary column that decodes UTF-8
 * once per row; here each dictionary word is decoded once per batch
 * and rows only look up their code. Nulls become ''. (Arrow's value
 * buffer of a sliced column already starts at the slice.)
 */
export function stringsOf(table: Table, name: string): string[] {
  const vector = table.getChild(name);
  if (!vector) {
    throw new DsrepError('INTERNAL', `query result has no column "${name}"`);
  }
  const out = new Array<string>(vector.length);
  let at = 0;
  for (const data of vector.data) {
    const dict = data.dictionary;
    if (!dict) {
      for (let i = 0; i < data.length; i++) {
        out[at + i] = String(vector.get(at + i) ?? '');
      }
    } else {
      const words = Array.from(
        dict.toArray() as Iterable<string | null>,
        (w) => w ?? '',
      );
      const codes = data.values as Int32Array;
      for (let i = 0; i < data.length; i++) {
        out[at + i] = data.getValid(i)
          ? (words[codes[i] as number] as string)
          : '';
      }
    }
    at += data.length;
  }
  return out;
}
