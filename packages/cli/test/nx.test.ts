import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from './helpers.js';

// Runs the small pipeline's nx targets for real: once, again from the
// cache, and after a change to its config.
const project = 'pipeline-remeasure-small';
const configPath = join(repoRoot, 'pipelines/remeasure-small/config.json');
const STEPS = ['simulate', 'clean', 'split', 'match', 'estimate', 'report'];

function nx(...args: string[]) {
  const r = spawnSync(
    process.execPath,
    [join(repoRoot, 'node_modules/nx/dist/bin/nx.js'), ...args],
    {
      cwd: repoRoot,
      encoding: 'utf8',
      env: {
        ...process.env,
        NX_DAEMON: 'false',
        NX_NO_CLOUD: 'true',
        NX_TUI: 'false',
        FORCE_COLOR: '0',
        CI: 'true',
      },
    },
  );
  return { code: r.status, out: `${r.stdout}\n${r.stderr}` };
}

/** Steps nx served from its cache in a run's output. */
function cached(out: string): string[] {
  return STEPS.filter((s) =>
    new RegExp(`nx run ${project}:${s}\\s+\\[(local|remote) cache\\]`).test(out),
  );
}

describe('nx targets of a pipeline', () => {
  it('runs every stage, serves a rerun from cache, reruns after a config change', () => {
    const run = () => nx('run', `${project}:report`, '--outputStyle=static');
    const first = run();
    expect(first.code, first.out).toBe(0);

    const second = run();
    expect(second.code, second.out).toBe(0);
    expect(cached(second.out), second.out).toEqual(STEPS);

    const original = readFileSync(configPath, 'utf8');
    try {
      const changed = JSON.parse(original);
      // A new text each time: a change seen before may be in the cache.
      changed.description = `${changed.description} (test ${Date.now()})`;
      writeFileSync(configPath, JSON.stringify(changed, null, 2) + '\n');
      const third = run();
      expect(third.code, third.out).toBe(0);
      expect(cached(third.out), third.out).toEqual([]);
    } finally {
      writeFileSync(configPath, original);
    }
  });
});
