import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { findStage, loadPipeline } from '../src/index.js';
import { repoRoot } from './helpers.js';

// Schemas are tested as data: every pipeline config in the repository
// parses, and every step's params are accepted by its stage.
const names = readdirSync(join(repoRoot, 'pipelines')).sort();

describe('pipeline configs', () => {
  it.each(names)('pipelines/%s/config.json parses', async (name) => {
    const config = await loadPipeline(
      join(repoRoot, 'pipelines', name, 'config.json'),
    );
    expect(config.name).toBe(name);
    for (const step of config.steps) {
      const stage = findStage(step.stage);
      const parsed = stage.params.safeParse(step.params);
      expect(parsed.success, `${name}/${step.stage}: ${parsed.error}`).toBe(
        true,
      );
    }
  });
});
