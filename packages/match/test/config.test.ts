import { describe, expect, it } from 'vitest';
import { matchParams } from '../src/index.js';

describe('match parameters', () => {
  it('defaults to a valid parameter set', () => {
    expect(matchParams.parse({}).edges).toEqual([0.2, 0.4, 0.6, 0.8]);
    expect(() => matchParams.parse({ edges: [0.5, 0.4] })).toThrow(
      /strictly increasing/,
    );
    expect(() => matchParams.parse({ perClas: 4 })).toThrow();
  });
});
