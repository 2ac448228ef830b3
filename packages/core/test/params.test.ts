import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { DsrepError, parseStageParams } from '../src/index.js';

const schema = z.object({
  classes: z.number().int().default(10),
  bootstrap: z.number().int().default(450),
});

describe('parseStageParams', () => {
  it('fills defaults', () => {
    expect(parseStageParams('s', schema, {})).toEqual({
      classes: 10,
      bootstrap: 450,
    });
  });

  it('refuses an unknown name and suggests the closest', () => {
    const call = () => parseStageParams('s', schema, { clases: 3 });
    expect(call).toThrow(DsrepError);
    expect(call).toThrow(/no parameter "clases"; did you mean "classes"\?/);
  });

  it('suggests nothing for a name far from every known one', () => {
    expect(() => parseStageParams('s', schema, { zzz: 1 })).toThrow(
      /no parameter "zzz" Its parameters are: classes, bootstrap/,
    );
  });

  it('names the field of a wrong type', () => {
    expect(() => parseStageParams('s', schema, { classes: 'x' })).toThrow(
      /classes: /,
    );
  });
});
