import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import {
  loadArrow,
  queryArrow,
  RandomStream,
  readStageTables,
} from '@dsrep/core';
import {
  analyzeVariant,
  createRunner,
  estimateParams,
  fitMixture,
  indexLevels,
  levelStatsSql,
  loadImages,
  type EstimatorName,
} from '@dsrep/estimate';
import { experimentDirs } from '../experiment.js';
import { quickMode, registerBenchmark } from '../registry.js';

/*
 * The numeric core of the estimate stage: one beta-binomial mixture fit
 * (DESIGN.md target: K = 3, 10,000 images, n = 40 under 50 ms) and the
 * bootstrap of the estimate stage on the remeasure experiment's clean
 * variant.
 */

/**
 * Counts of `images` images with n = `n` annotators whose selection
 * frequency s follows a 3-component beta mixture (weights .2/.3/.5 on
 * Beta(2, 6), Beta(6, 6), Beta(9, 2): hard, middling and easy images),
 * k ~ Binomial(n, s). Seeded, so every machine fits the same counts.
 */
function mixtureCounts(images: number, n: number) {
  const rng = RandomStream.fromSeed(40);
  const k = new Int32Array(images);
  const ns = new Int32Array(images).fill(n);
  for (let j = 0; j < images; j++) {
    const u = rng.next();
    const s =
      u < 0.2 ? rng.beta(2, 6) : u < 0.5 ? rng.beta(6, 6) : rng.beta(9, 2);
    k[j] = rng.binomial(n, s);
  }
  return { k, n: ns };
}

registerBenchmark(
  'estimate.mixture.K3.10k',
  async () => {
    const data = mixtureCounts(10_000, 40);
    return {
      rows: 10_000,
      run: async () => {
        // The same restarts every run: the work does not vary by run.
        const fit = fitMixture(data, { K: 3, rng: RandomStream.fromSeed(1) });
        return { iterations: fit.iterations, converged: +fit.converged };
      },
    };
  },
  {
    doc: 'fitMixture, K = 3, 10,000 images with n = 40 (default restarts and tolerance)',
  },
);

const classes = quickMode() ? 100 : 1000;

/**
 * `analyzeVariant` on the clean variant with `bootstrap` resamples of
 * the given estimators, on the stage's default worker threads. The
 * point estimates (cheap next to the resamples) are included.
 */
function bootstrapCase(
  name: string,
  estimators: EstimatorName[],
  bootstrap: number,
  parametricBootstrap: number,
  options: { quick: boolean; doc: string },
) {
  registerBenchmark(
    name,
    async () => {
      const run = await experimentDirs(classes);
      const tables = await readStageTables(
        [join(run, 'simulate'), join(run, 'split')],
        ['selection', 'predictions'],
      );
      const instance = await DuckDBInstance.create(':memory:', {
        threads: '2',
      });
      const conn = await instance.connect();
      for (const [t, table] of Object.entries(tables)) {
        await loadArrow(conn, t, table);
      }
      const query = (sql: string, values?: string[]) =>
        queryArrow(conn, sql, values);
      const { byVariant } = await loadImages(query, ['clean'], 'replication');
      const table = byVariant.get('clean');
      if (!table) throw new Error('no clean variant in the selection');
      const index = indexLevels(table);
      const stats = await levelStatsSql(
        query,
        'clean',
        index,
        table.models.length,
      );
      const params = {
        ...estimateParams.parse({}),
        bootstrap,
        parametric_bootstrap: parametricBootstrap,
        estimators,
      };
      const runner = createRunner(params.threads);
      return {
        rows: bootstrap,
        run: async () => {
          await analyzeVariant(
            table,
            index,
            stats,
            params,
            RandomStream.fromSeed(2020),
            runner,
          );
          return { threads: runner.threads };
        },
        teardown: async () => {
          await runner.close();
          conn.closeSync();
          instance.closeSync();
        },
      };
    },
    options,
  );
}

bootstrapCase('estimate.bootstrap.450', ['naive', 'jackknife'], 450, 0, {
  quick: true,
  doc:
    `450 bootstrap resamples of v1, v2, naive, jackknife and the ` +
    `naive curve (analyzeVariant, clean variant, ${classes} classes); ` +
    `rows = resamples`,
});

bootstrapCase('estimate.bootstrap.parametric.100', ['parametric'], 100, 100, {
  quick: false,
  doc:
    `the stage's 100 parametric bootstrap fits (two K = 3 mixtures and ` +
    `136 spline QPs each; clean variant, ${classes} classes); rows = resamples`,
});
