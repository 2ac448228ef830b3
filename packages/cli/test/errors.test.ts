import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { dsrep } from './helpers.js';

const tmp = mkdtempSync(join(tmpdir(), 'dsrep-cli-'));
const write = (name: string, body: unknown) => {
  const p = join(tmp, name);
  writeFileSync(p, typeof body === 'string' ? body : JSON.stringify(body));
  return p;
};
const base = {
  name: 't',
  outDir: 'out',
  steps: [{ stage: 'simulate', params: { classes: 2, models: 2 } }],
};

describe('dsrep errors', () => {
  it('prints help with exit code 0', () => {
    const r = dsrep(['--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('dsrep run <config.json>');
    expect(r.stdout).toContain('dsrep stage <name>');
  });

  it('names a missing config file, exit 2', () => {
    const r = dsrep(['run', join(tmp, 'nope.json')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('nope.json');
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
  });

  it('names the bad field of a config, exit 2', () => {
    const r = dsrep(['run', write('bad.json', { ...base, seed: 'x' })]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/seed/);
    expect(r.stderr).toContain('bad.json');
  });

  it('refuses JSON that does not parse, exit 2', () => {
    const r = dsrep(['run', write('broken.json', '{"name": ')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('not valid JSON');
  });

  it('names an unknown stage, exit 2', () => {
    const cfg = { ...base, steps: [{ stage: 'polish' }] };
    const r = dsrep(['run', write('stage.json', cfg)]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('unknown stage "polish"');
  });

  it('names a bad stage parameter, exit 2', () => {
    const cfg = { ...base, steps: [{ stage: 'split', params: { t: -3 } }] };
    const r = dsrep(['stage', 'split', '--config', write('p.json', cfg), '--out', join(tmp, 'o')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/\bt\b/);
  });

  it('names a missing input folder, exit 2', () => {
    const r = dsrep([
      'stage', 'clean', '--in', join(tmp, 'no-such-dir'), '--out', join(tmp, 'c'),
    ]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('no-such-dir');
  });
});

describe('dsrep simulate', () => {
  it('writes a stage folder and says what it wrote', async () => {
    const out = join(tmp, 'sim');
    const r = dsrep(['simulate', '--classes', '3', '--out', out, '--mturk']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/wrote 5,760 annotations of 144 images/);
    expect(r.stderr).toContain('simulate classes: 100%');
    const { readStageTables } = await import('@dsrep/core');
    const tables = await readStageTables([out], ['annotations', 'truth_models']);
    expect(tables.annotations?.numRows).toBe(5760);
    expect(tables.truth_models?.numRows).toBe(136);
  });
});

describe('real-data pipelines without their data', () => {
  it.each(['cifar10h', 'bluebirds'])(
    '%s says how to get the data and exits 2',
    (name) => {
      const config = join('pipelines', name, 'config.json');
      const r = dsrep(['run', config, '--set', `dataDir=${join(tmp, 'none')}`]);
      expect(r.code).toBe(2);
      expect(r.stderr).toContain(join(tmp, 'none'));
      expect(r.stderr).toMatch(/github\.com\/\S+/);
    },
  );
});

describe('dsrep run checks every step first', () => {
  it('refuses a bad last step before the first step runs', () => {
    const cfg = {
      ...base,
      outDir: 'early',
      steps: [
        { stage: 'simulate', params: { classes: 2, models: 2 } },
        { stage: 'report', params: { titel: 'x' } },
      ],
    };
    const r = dsrep(['run', write('early.json', cfg)]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('did you mean "title"?');
    expect(r.stderr).toContain('early.json');
    expect(existsSync(join(tmp, 'early', 'simulate'))).toBe(false);
  });
});
