import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from './helpers.js';

// Runs the small pipeline's nx targets for real: once, again from the
// cache, and after a change to its config.
const project = 'pipeline-remeasure-small';
const configPath = join(repoRoot, 'pipelines/remeasure-small/config.json');

function nx(...args: string[]) {
  const r = spawnSync(
    process.execPath,
    [join(repoRoot, 'node_modules/nx/bin/nx.js'), ...args],
    {
      cwd: repoRoot,
      encoding: 'utf8',
      env: { ...process.env, NX_DAEMON: 'false', NX_NO_CLOUD: 'true', CI: 'true', NX_TUI: 'false' },
    },
  );
  return { code: r.status, out: `${r.stdout}\n${r.stderr}` };
}

const ran = (out: string, target: string) =>
  new RegExp(`${project}:${target}(?!.*cache)`).test(out);

describe('nx targets of a pipeline', () => {
  it('runs every stage, serves a rerun from cache, reruns after a config change', () => {
    const first = nx('run', `${project}:report`, '--outputStyle=static');
    expect(first.code, first.out).toBe(0);

    const second = nx('run', `${project}:report`, '--outputStyle=static');
    expect(second.code, second.out).toBe(0);
    expect(second.out).toMatch(/from cache|existing outputs match the cache/);
    expect(second.out).toMatch(/6\/6|7\/7|8\/8|all .*cache|read the output from the cache/i);

    const original = readFileSync(configPath, 'utf8');
    try {
      const changed = JSON.parse(original);
      changed.description = `${changed.description} (changed by a test)`;
      writeFileSync(configPath, JSON.stringify(changed, null, 2) + '\n');
      const third = nx('run', `${project}:report`, '--outputStyle=static');
      expect(third.code, third.out).toBe(0);
      expect(ran(third.out, 'simulate') || /Successfully ran target report/.test(third.out)).toBe(true);
      expect(third.out).not.toMatch(/Nx read the output from the cache instead of running the command for 7 out of 7/);
    } finally {
      writeFileSync(configPath, original);
    }
  });
});
