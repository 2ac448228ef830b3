import { describe, expect, it } from 'vitest';
import { csvCell, neutraliseCell, toCsv } from '../src/csv.js';

describe('neutraliseCell', () => {
  it.each([
    ['=1+1', "'=1+1"],
    ['+SUM(A1)', "'+SUM(A1)"],
    ['-2+3', "'-2+3"],
    ['@cmd', "'@cmd"],
    ['\tx', "'\tx"],
    ['\rx', "'\rx"],
    ['plain', 'plain'],
    ['a=b', 'a=b'],
    ['', ''],
  ])('%j becomes %j', (input, expected) => {
    expect(neutraliseCell(input)).toBe(expected);
  });
});

describe('csvCell and toCsv', () => {
  it('neutralises text, then quotes it', () => {
    expect(csvCell('=HYPERLINK("http://x","y")')).toBe(
      `"'=HYPERLINK(""http://x"",""y"")"`,
    );
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('line\nbreak')).toBe('"line\nbreak"');
    expect(csvCell('\rx')).toBe(`"'\rx"`);
    expect(csvCell(' padded')).toBe('" padded"');
  });

  it('writes numbers as numbers and nulls as empty', () => {
    expect(csvCell(-0.25)).toBe('-0.25');
    expect(csvCell(null)).toBe('');
    expect(csvCell(Number.NaN)).toBe('');
    expect(csvCell(true)).toBe('true');
  });

  it('builds a table whose every line parses to the right cells', () => {
    const csv = toCsv(
      ['model', 'acc'],
      [
        { model: '@evil', acc: 0.5 },
        { model: 'ok', acc: null },
      ],
    );
    expect(csv).toBe("model,acc\n'@evil,0.5\nok,\n");
  });
});
