import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { tableToIPC } from 'apache-arrow';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  DsrepError,
  canonicalTable,
  readManifest,
  readStageTables,
  runStage,
} from '@dsrep/core';
import { findStage, loadPipeline, runPipeline } from '../src/index.js';
import { cliPath, dsrep, hashTree, repoRoot } from './helpers.js';

// The small remeasure pipeline, written to temporary folders.
const tmp = mkdtempSync(join(tmpdir(), 'dsrep-pipe-'));
const small = JSON.parse(
  readFileSync(join(repoRoot, 'pipelines/remeasure-small/config.json'), 'utf8'),
);
function configAt(name: string, seed: number): string {
  const path = join(tmp, `${name}.json`);
  writeFileSync(path, JSON.stringify({ ...small, seed, outDir: name }));
  return path;
}

describe('the remeasure pipeline, small', () => {
  let first: string;
  beforeAll(async () => {
    first = configAt('run1', 7);
    await runPipeline(await loadPipeline(first));
  });

  it('writes the report and a summary with per-model accuracies', () => {
    const report = join(tmp, 'run1/report');
    expect(existsSync(join(report, 'index.html'))).toBe(true);
    const summary = JSON.parse(readFileSync(join(report, 'summary.json'), 'utf8'));
    const text = JSON.stringify(summary);
    for (const word of ['v1', 'v2', 'naive']) expect(text).toContain(word);
  });

  it('gives byte-identical files for the same seed', async () => {
    await runPipeline(await loadPipeline(configAt('run2', 7)));
    expect(hashTree(join(tmp, 'run2'))).toEqual(hashTree(join(tmp, 'run1')));
  });

  it('changes sampled outputs with another seed', async () => {
    await runPipeline(await loadPipeline(configAt('run3', 8)));
    const a = hashTree(join(tmp, 'run1'));
    const b = hashTree(join(tmp, 'run3'));
    expect(b['simulate/annotations.arrow']).not.toBe(a['simulate/annotations.arrow']);
    expect(b['clean/annotations_clean.arrow']).not.toBe(
      a['clean/annotations_clean.arrow'],
    );
  });

  it('gives the same tables imported, chained and as one-stage runs', async () => {
    const config = await loadPipeline(first);
    const dirs: string[] = [];
    for (const step of config.steps) {
      const id = step.id ?? step.stage;
      const dir = join(config.outDir, id);
      const chained = await readManifest(dir);

      // 1. imported: runStage on the tables the earlier steps wrote.
      const stage = findStage(step.stage);
      const inputs = await readStageTables(dirs, stage.inputs.map((i) => i.name));
      const run = await runStage(stage, inputs, step.params, { seed: config.seed });
      for (const [name, entry] of Object.entries(chained.tables)) {
        const table = run.tables[name];
        expect(table, `${id}/${name}`).toBeDefined();
        if (!table) continue;
        const bytes = tableToIPC(canonicalTable(table), 'file');
        const { createHash } = await import('node:crypto');
        const sha = createHash('sha256').update(bytes).digest('hex');
        expect(sha, `imported ${id}/${name}`).toBe(entry.sha256);
      }

      // 3. one stage through the CLI, as the nx targets call it.
      const out = join(tmp, 'staged', id);
      const ins = dirs.flatMap((d) => ['--in', d]);
      const r = dsrep(['stage', step.stage, '--config', first, '--id', id, ...ins, '--out', out]);
      expect(r.code, r.stderr).toBe(0);
      expect((await readManifest(out)).tables).toEqual(chained.tables);
      dirs.push(dir);
    }
  });

  it('leaves nothing trusted behind when killed half way', async () => {
    const config = configAt('killed', 7);
    const child = spawn(process.execPath, [cliPath, 'run', config, '--quiet']);
    const outDir = join(tmp, 'killed');
    // Kill as soon as the clean step has started writing its folder.
    await new Promise<void>((resolve) => {
      const timer = setInterval(() => {
        if (existsSync(join(outDir, 'clean')) || child.exitCode !== null) {
          clearInterval(timer);
          child.kill('SIGKILL');
          resolve();
        }
      }, 2);
    });
    await new Promise((r) => child.once('close', r));
    for (const id of ['simulate', 'clean', 'split']) {
      const dir = join(outDir, id);
      if (!existsSync(join(dir, '_manifest.json'))) {
        await expect(readStageTables([dir], ['annotations'])).rejects.toThrow(
          DsrepError,
        );
        continue;
      }
      // A folder with a manifest must be complete and match it.
      const manifest = await readManifest(dir);
      const tables = await readStageTables([dir], Object.keys(manifest.tables));
      expect(Object.keys(tables).sort()).toEqual(Object.keys(manifest.tables).sort());
    }
    // The next stage refuses a folder that was never finished.
    if (!existsSync(join(outDir, 'clean/_manifest.json'))) {
      const r = dsrep(['stage', 'split', '--in', join(outDir, 'clean'), '--out', join(tmp, 'x')]);
      expect(r.code).toBe(2);
      expect(r.stderr).toContain('_manifest.json');
    }
  });
});
