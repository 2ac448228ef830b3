import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { matchParams } from '../src/index.js';

// Schemas are tested as data: the appendix-D draft config must parse.
const here = dirname(fileURLToPath(import.meta.url));
const config = resolve(here, '../../../pipelines/original-data/config.json');

describe('pipelines/original-data/config.json', () => {
  it('has match parameters the stage accepts', () => {
    const parsed = JSON.parse(readFileSync(config, 'utf8')) as {
      stages: { match: unknown };
    };
    const params = matchParams.parse(parsed.stages.match);
    expect(params.perClass).toBe(4);
    expect(params.pools).toEqual(['plain', 'flickr_e']);
  });

  it('defaults to a valid parameter set', () => {
    expect(matchParams.parse({}).edges).toEqual([0.2, 0.4, 0.6, 0.8]);
    expect(() => matchParams.parse({ edges: [0.5, 0.4] })).toThrow(
      /strictly increasing/,
    );
    expect(() => matchParams.parse({ perClas: 4 })).toThrow();
  });
});
