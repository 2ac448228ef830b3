import { describe, expect, it } from 'vitest';
import { dictColumn, makeTable, stringsOf } from '../src/index.js';

describe('stringsOf', () => {
  it('reads dictionary columns, nulls as empty, also when sliced', () => {
    const t = makeTable({ s: dictColumn(['a', null, 'b', 'a', 'c']) });
    expect(stringsOf(t, 's')).toEqual(['a', '', 'b', 'a', 'c']);
    expect(stringsOf(t.slice(2, 5), 's')).toEqual(['b', 'a', 'c']);
  });

  it('names a missing column', () => {
    const t = makeTable({ s: dictColumn(['a']) });
    expect(() => stringsOf(t, 'x')).toThrow(/no column "x"/);
  });
});
