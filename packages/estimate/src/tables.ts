import type { StageContext } from '@dsrep/core';
import type { Table } from 'apache-arrow';
import type { VariantAnalysis } from './analyze.js';
import { linearFit } from './linear.js';
import type { EstimateParams } from './params.js';
import { scoreEstimator } from './quality.js';
import { Rows } from './rows.js';
import { matchedBinDensity, matchedMean, simulateToy } from './toy.js';
import type { Truth } from './truth.js';

/*
 * The estimate stage's output tables, built from the per-variant
 * analyses: estimates with intervals and truth, curves, linear fits,
 * the toy model check and the fitted mixtures.
 */

export function estimateTables(
  models: readonly string[],
  results: Map<string, VariantAnalysis>,
  truth: Truth | undefined,
): Record<string, Table> {
  const estimates = new Rows({
    model: 'dict',
    variant: 'dict',
    estimator: 'dict',
    value: 'float64',
    lo: 'float64',
    hi: 'float64',
    truth: 'float64',
  });
  const quality = new Rows({
    estimator: 'dict',
    variant: 'dict',
    models: 'int32',
    bias: 'float64',
    mae: 'float64',
    mean_width: 'float64',
    coverage: 'float64',
  });
  const truthOf = (estimator: string): Map<string, number> | undefined =>
    estimator === 'v1'
      ? truth?.v1
      : estimator === 'v2'
        ? truth?.v2
        : truth?.adjusted;

  for (const [variant, result] of results) {
    for (const [estimator, { values, draws }] of result.estimates) {
      const known = truthOf(estimator);
      const lo = new Float64Array(models.length).fill(NaN);
      const hi = new Float64Array(models.length).fill(NaN);
      const t = Float64Array.from(models, (m) => known?.get(m) ?? NaN);
      models.forEach((model, j) => {
        if (draws) [lo[j], hi[j]] = draws.interval(j);
        estimates.add({
          model,
          variant,
          estimator,
          value: values[j],
          lo: lo[j],
          hi: hi[j],
          truth: t[j],
        });
      });
      if (known && known.size > 0) {
        const q = scoreEstimator(values, lo, hi, t);
        quality.add({
          estimator,
          variant,
          models: q.models,
          bias: q.bias,
          mae: q.mae,
          mean_width: q.width,
          coverage: q.coverage,
        });
      }
    }
  }
  return {
    estimates: estimates.toTable(),
    estimator_quality: quality.toTable(),
    ...curveTables(models, results),
  };
}

function curveTables(
  models: readonly string[],
  results: Map<string, VariantAnalysis>,
): Record<string, Table> {
  const naive = new Rows({
    model: 'dict',
    variant: 'dict',
    m: 'int32',
    value: 'float64',
    lo: 'float64',
    hi: 'float64',
    uncovered_v1_mass: 'float64',
  });
  const jack = new Rows({
    model: 'dict',
    variant: 'dict',
    m: 'int32',
    inv_m: 'float64',
    value: 'float64',
  });
  for (const [variant, r] of results) {
    const M = models.length;
    for (let m = 1; m <= r.nStar; m++) {
      models.forEach((model, j) => {
        const at = (m - 1) * M + j;
        const [lo, hi] = r.curveDraws?.interval(at) ?? [NaN, NaN];
        const value = r.curve[at];
        naive.add({
          model,
          variant,
          m,
          value,
          lo,
          hi,
          uncovered_v1_mass: r.curveUncovered[m - 1],
        });
        jack.add({ model, variant, m, inv_m: 1 / m, value });
      });
    }
  }
  return { naive_curve: naive.toTable(), jackknife_curve: jack.toTable() };
}

/** Figures 13 and 14: v2 accuracy, raw and adjusted, against v1. */
export function linearFits(results: Map<string, VariantAnalysis>): Table {
  const rows = new Rows({
    variant: 'dict',
    estimator: 'dict',
    slope: 'float64',
    intercept: 'float64',
    r2: 'float64',
    models: 'int32',
  });
  for (const [variant, r] of results) {
    const v1 = r.estimates.get('v1')?.values;
    if (!v1) continue;
    for (const [estimator, { values }] of r.estimates) {
      if (estimator === 'v1') continue;
      const fit = linearFit(v1, values);
      rows.add({ variant, estimator, ...fit, models: fit.points });
    }
  }
  return rows.toTable();
}

/** The toy model of SPEC section 2: closed form against simulation. */
export function toyTable(
  ctx: StageContext<EstimateParams>,
  params: EstimateParams,
) {
  const rows = new Rows({
    alpha: 'float64',
    beta: 'float64',
    n: 'int32',
    s_lo: 'float64',
    s_hi: 'float64',
    density_closed: 'float64',
    density_sim: 'float64',
    mean_pool: 'float64',
    mean_p1: 'float64',
    mean_closed: 'float64',
    mean_sim: 'float64',
    mean_se: 'float64',
    accepted: 'int32',
  });
  const { cases, draws, bins } = params.toy;
  cases.forEach((c, i) => {
    const sim = simulateToy(c, draws, bins, ctx.rng.derive(`toy:${i}`));
    const closed = matchedBinDensity(c, bins);
    for (let b = 0; b < bins; b++) {
      rows.add({
        alpha: c.alpha,
        beta: c.beta,
        n: c.n,
        s_lo: b / bins,
        s_hi: (b + 1) / bins,
        density_closed: closed[b],
        density_sim: sim.density[b],
        mean_pool: c.alpha / (c.alpha + c.beta),
        mean_p1: (c.alpha + 1) / (c.alpha + c.beta + 1),
        mean_closed: matchedMean(c),
        mean_sim: sim.mean,
        mean_se: sim.se,
        accepted: sim.accepted,
      });
    }
  });
  return rows.toTable();
}

/** Fitted beta mixtures p_1 (reference) and p_2 (target) per variant. */
export function mixtureTable(
  results: Map<string, VariantAnalysis>,
  target: string,
) {
  const rows = new Rows({
    variant: 'dict',
    role: 'dict',
    component: 'int32',
    weight: 'float64',
    alpha: 'float64',
    beta: 'float64',
    mean: 'float64',
    log_lik: 'float64',
  });
  for (const [variant, r] of results) {
    if (!r.parametric) continue;
    const fits = [
      ['reference', r.parametric.p1],
      [target, r.parametric.p2],
    ] as const;
    for (const [role, fit] of fits) {
      fit.pi.forEach((weight, i) => {
        const alpha = fit.alpha[i];
        const beta = fit.beta[i];
        rows.add({
          variant,
          role,
          component: i,
          weight,
          alpha,
          beta,
          mean: alpha / (alpha + beta),
          log_lik: fit.logLik,
        });
      });
    }
  }
  return rows.toTable();
}
