import {
  DsrepError,
  predictionsContract,
  selectionContract,
  type Stage,
  type StageContext,
} from '@dsrep/core';
import { analyzeVariant, type VariantAnalysis } from './analyze.js';
import { indexLevels } from './levels.js';
import { createRunner } from './pool.js';
import { estimateParams, type EstimateParams } from './params.js';
import { levelStatsSql, loadImages, type Query } from './sufficient.js';
import {
  estimateTables,
  linearFits,
  mixtureTable,
  toyTable,
} from './tables.js';
import { loadTruth } from './truth.js';

/**
 * The estimate stage (SPEC sections 2 and 7): raw accuracies on D1 and
 * D2, the naive, jackknife and parametric estimates of A(D2 | s1) with
 * bootstrap intervals, the naive curve over m annotators, linear fits
 * of v2 on v1 across models, the toy model check and, on simulated data,
 * the estimators' error against the truth.
 */
export const stage: Stage<EstimateParams> = {
  name: 'estimate',
  doc: 'bias-adjusted accuracy of the replication reweighted to the reference set: naive, jackknife and parametric estimators with bootstrap intervals',
  inputs: [
    { name: 'selection', required: true, contract: selectionContract },
    { name: 'predictions', required: true, contract: predictionsContract },
    { name: 'truth_models', required: false },
  ],
  outputs: [
    'estimates',
    'naive_curve',
    'jackknife_curve',
    'mixtures',
    'linear_fits',
    'toy_model',
    'estimator_quality',
  ],
  params: estimateParams,
  run: runEstimate,
};

async function runEstimate(ctx: StageContext<EstimateParams>) {
  const { params } = ctx;
  const query: Query = (sql, values) => ctx.query(sql, values);
  const warnings: string[] = [];
  const metrics: Record<string, number | string> = {};
  const { models, byVariant } = await loadImages(
    query,
    params.variants,
    params.target_role,
  );
  const truthInput = ctx.inputs.truth_models;
  const truth = truthInput
    ? await loadTruth(query, truthInput, params.target_role)
    : undefined;

  const results = new Map<string, VariantAnalysis>();
  const runner = createRunner(params.threads);
  metrics.bootstrap_threads = runner.threads;
  try {
    for (const variant of params.variants) {
      const table = byVariant.get(variant);
      if (!table) {
        warnings.push(
          `variant ${variant}: selection has no reference or ` +
            `${params.target_role} rows at split "all"; it is left out ` +
            `(set the "variants" parameter to silence this)`,
        );
        continue;
      }
      const index = indexLevels(table);
      const stats = await levelStatsSql(query, variant, index, models.length);
      ctx.progress.start(`estimate ${variant}`, 1);
      const result = await analyzeVariant(
        table,
        index,
        stats,
        params,
        ctx.rng.derive(`variant:${variant}`),
        runner,
      );
      ctx.progress.done();
      results.set(variant, result);
      metrics[`${variant}.uncovered_v1_mass`] = result.uncovered;
      metrics[`${variant}.n_min`] = result.nStar;
      metrics[`${variant}.n_max`] = result.nMax;
      if (result.jackknifeSe) {
        metrics[`${variant}.jackknife_replicate_se_max`] = Math.max(
          ...result.jackknifeSe,
        );
      }
      if (result.uncovered > 0) {
        warnings.push(
          `variant ${variant}: ${(100 * result.uncovered).toFixed(2)}% of ` +
            `reference images sit on levels (n, k) with no ` +
            `${params.target_role} image; the naive estimator counts them ` +
            `as 0, so it is low by up to that much`,
        );
      }
      if (result.nStar !== result.nMax) {
        warnings.push(
          `variant ${variant}: annotator counts vary from ${result.nStar} ` +
            `to ${result.nMax}; the naive estimator conditions on (n, k) ` +
            `and the curve and jackknife use expectations at n = ` +
            `${result.nStar} (run clean's evening out to avoid this)`,
        );
      }
    }
  } finally {
    await runner.close();
  }
  if (results.size === 0) {
    throw new DsrepError(
      'DEGENERATE',
      `selection has no reference or ${params.target_role} images at ` +
        `split "all" for any of the variants ${params.variants.join(', ')}`,
      { file: 'selection', column: 'variant' },
    );
  }

  return {
    tables: {
      ...estimateTables(models, results, truth),
      linear_fits: linearFits(results),
      toy_model: toyTable(ctx, params),
      mixtures: mixtureTable(results, params.target_role),
    },
    metrics,
    warnings,
  };
}
