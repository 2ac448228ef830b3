import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { splitParams } from '../src/index.js';

// Schemas are tested as data: the appendix-D draft config must parse.
const here = dirname(fileURLToPath(import.meta.url));
const config = resolve(here, '../../../pipelines/original-data/config.json');

describe('split parameters', () => {
  it('accepts the original-data draft config and {}', () => {
    const parsed = JSON.parse(readFileSync(config, 'utf8')) as {
      stages: { split: unknown };
    };
    expect(splitParams.parse(parsed.stages.split)).toMatchObject({
      t: 5,
      reps: 10,
    });
    expect(splitParams.parse({})).toMatchObject({ t: 5, reps: 1 });
    expect(() => splitParams.parse({ tt: 5 })).toThrow();
  });
});
