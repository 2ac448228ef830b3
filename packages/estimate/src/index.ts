export { stage } from './stage.js';
export { estimateParams, ESTIMATORS } from './params.js';
export type { EstimateParams, EstimatorName, ToyCase } from './params.js';
export { analyzeVariant } from './analyze.js';
export type { AnalyzeOptions, Estimate, VariantAnalysis } from './analyze.js';
export { Draws } from './bootstrap.js';
export { createRunner } from './pool.js';
export type { ResampleRunner } from './pool.js';
export { drawWeights, runResamples } from './resample.js';
export type { ResampleResult, ResampleTask } from './resample.js';
export { expectedCurve, planCurve } from './expected.js';
export type { CurvePlan, CurveResult } from './expected.js';
export { drawHypergeometric, hypergeometricPmf } from './hypergeometric.js';
export { jackknifeCombine, replicateNaive } from './jackknife.js';
export { aggregateLevels, indexLevels, rawAccuracy } from './levels.js';
export type {
  ImageTable,
  LevelIndex,
  LevelStats,
  RoleImages,
} from './levels.js';
export { linearFit } from './linear.js';
export { naiveEstimate } from './naive.js';
export { scoreEstimator } from './quality.js';
export { levelStatsSql, loadImages } from './sufficient.js';
export {
  betaDensity,
  matchedBinDensity,
  matchedDensity,
  matchedMean,
  simulateToy,
} from './toy.js';
export {
  chooseMixture,
  evaluateSpline,
  fitMixture,
  fitParametric,
  fitParametricLevels,
  mixtureDensity,
  SPLINE_KNOTS,
} from './parametric/index.js';
export type {
  MixtureFit,
  MixtureOptions,
  ParametricFit,
  ParametricInput,
  ParametricOptions,
} from './parametric/index.js';
