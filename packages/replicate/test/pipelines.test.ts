import { existsSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runStage, type Stage } from '@dsrep/core';
import { stage as clean } from '@dsrep/clean';
import { stage as ingest } from '@dsrep/ingest';
import { stage as report } from '@dsrep/report';
import { stage as split } from '@dsrep/split';
import type { Table } from 'apache-arrow';
import { describe, expect, test } from 'vitest';
import { attachRolesStage, crowdMixturesStage, stage } from '../src/index.js';

// Runs the steps of pipelines/<name>/config.json in one process the way
// the CLI does (tables flow from step to step; ingest and attach-roles
// get the config's dataDir), until the CLI registers these stages.
const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, '../../..');
const dataDir = resolve(root, '../shared/data');
const present = existsSync(dataDir);
if (!present) console.warn(`skipping pipeline tests: no data at ${dataDir}`);

const STAGES: Record<string, Stage<never>> = Object.fromEntries(
  [
    ingest,
    clean,
    split,
    report,
    stage,
    attachRolesStage,
    crowdMixturesStage,
  ].map((s) => [s.name, s as Stage<never>]),
);

interface Config {
  seed: number;
  dataDir: string;
  steps: { stage: string; params: Record<string, unknown> }[];
}

async function runConfig(
  name: string,
  override: Record<string, Record<string, unknown>> = {},
) {
  const file = resolve(root, 'pipelines', name, 'config.json');
  const config = JSON.parse(readFileSync(file, 'utf8')) as Config;
  expect(resolve(dirname(file), config.dataDir), 'dataDir of the config').toBe(
    dataDir,
  );
  const tables: Record<string, Table> = {};
  const runs: Record<string, Awaited<ReturnType<typeof runStage>>> = {};
  for (const step of config.steps) {
    const s = STAGES[step.stage];
    if (!s) throw new Error(`no stage ${step.stage}`);
    const params = {
      ...(['ingest', 'attach-roles'].includes(step.stage) ? { dataDir } : {}),
      ...step.params,
      ...override[step.stage],
    };
    const run = await runStage(s, tables, params, { seed: config.seed });
    Object.assign(tables, run.tables);
    runs[step.stage] = run;
  }
  return { tables, runs };
}

const rows = (t: Table | undefined) =>
  (t?.toArray() ?? []).map((r) => r.toJSON() as Record<string, unknown>);

describe.skipIf(!present)('pipelines on the real data', () => {
  test('cifar10h config: ingest → replicate → report (reps = 2)', async () => {
    const { tables, runs } = await runConfig('cifar10h', {
      replicate: {
        reps: 2,
        intervalReps: 1,
        bootstrap: 20,
        parametricBootstrap: 4,
      },
    });
    for (const name of [
      'replication_runs',
      'replication_summary',
      'match_summary',
      'estimates',
      'naive_curve',
    ]) {
      expect(tables[name]?.numRows ?? 0, name).toBeGreaterThan(0);
    }
    // Every estimator has a value, and rep 0 (with the bootstrap) an
    // interval around it.
    const est = rows(tables.replication_runs).filter(
      (r) =>
        r.rep === 0 &&
        r.t === null &&
        ['jackknife', 'parametric', 'v1_accuracy', 'pool_accuracy'].includes(
          String(r.metric),
        ),
    );
    expect(est.length, 'rep 0 estimates').toBe(4);
    for (const r of est) {
      const label = `${r.metric}: ${r.lo} ≤ ${r.value} ≤ ${r.hi}`;
      expect(Number.isFinite(r.value), label).toBe(true);
      expect(Number.isFinite(r.lo) && Number.isFinite(r.hi), label).toBe(true);
      expect((r.lo as number) <= (r.hi as number), label).toBe(true);
    }
    const files = runs.report?.files ?? {};
    expect(Object.keys(files), 'report files').toContain('index.html');
  });

  test('bluebirds config: roles from truth, mixtures by BIC, report', async () => {
    const { tables, runs } = await runConfig('bluebirds');
    const roles = rows(tables.annotations).reduce<Record<string, Set<string>>>(
      (acc, r) => {
        (acc[String(r.role)] ??= new Set()).add(String(r.image_id));
        return acc;
      },
      {},
    );
    // truth.csv: 48 images are 1 (positives), 60 are 0 (see data README).
    expect(roles.reference?.size, 'positives').toBe(48);
    expect(roles.candidate?.size, 'negatives').toBe(60);
    expect(tables.annotations?.numRows, 'rows kept by attach-roles').toBe(4212);
    expect(tables.worker_stats?.numRows ?? 0, 'worker stats').toBeGreaterThan(
      0,
    );

    const mix = rows(tables.mixtures);
    for (const variant of ['raw', 'clean']) {
      for (const role of ['reference', 'candidate']) {
        const fits = mix.filter(
          (r) => r.variant === variant && r.role === role,
        );
        const chosen = fits.filter((r) => r.chosen === true);
        const label = `${variant}/${role}`;
        expect(new Set(fits.map((r) => r.K)), label).toEqual(
          new Set([1, 2, 3, 4]),
        );
        // The chosen K has the smallest BIC of the four fits.
        const minBic = Math.min(...fits.map((r) => r.bic as number));
        expect(chosen.length, label).toBe(chosen[0]?.K);
        expect(chosen[0]?.bic, label).toBe(minBic);
        const w = chosen.reduce((a, r) => a + (r.weight as number), 0);
        expect(Math.abs(w - 1), `${label} weights sum to 1`).toBeLessThan(1e-9);
      }
    }
    // Positives are selected more often than negatives: the fitted mean
    // selection frequency (Σ weight · mean) is higher (raw data).
    const meanOf = (role: string) =>
      mix
        .filter(
          (r) => r.variant === 'raw' && r.role === role && r.chosen === true,
        )
        .reduce((a, r) => a + (r.weight as number) * (r.mean as number), 0);
    expect(meanOf('reference'), 'positives vs negatives').toBeGreaterThan(
      meanOf('candidate'),
    );
    expect(tables.mixture_density?.numRows, 'density rows').toBe(2 * 2 * 99);
    expect(Object.keys(runs.report?.files ?? {})).toContain('index.html');
  });
});
