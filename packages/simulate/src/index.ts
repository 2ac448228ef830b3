export { stage } from './stage.js';
export {
  simulate,
  parseSimulateParams,
  setupSimulation,
  simulateClasses,
  type SimulateInput,
  type SimulationResult,
  type SimSetup,
} from './simulate.js';
export {
  simulateParams,
  resolveConfig,
  DEFAULT_SLOPE,
  DEFAULT_SHIFT,
  type SimulateParams,
  type SimConfig,
} from './params.js';
export {
  calibrateModels,
  modelTruths,
  pCorrect,
  solveIntercept,
  type SimModel,
  type ModelTruth,
} from './models.js';
export {
  mixtureMean,
  mixtureVariance,
  mixtureQuadrature,
  drawFromMixture,
  expectation,
  type BetaMixture,
} from './mixtures.js';
export {
  flagProbability,
  countFlags,
  MIN_SELECTED,
  MAX_CONTROLS,
} from './flags.js';
export { WORKER_TYPES, TYPE_SELECT_PROB, type WorkerType } from './workers.js';
export { PAPER_MODELS } from './paperModels.js';
export { simulateToFiles, type SimulateSummary } from './files.js';
export { exportMTurk, mturkTime, MTURK_COLUMNS } from './mturk.js';
export { paperTable2 } from './paperTable.js';
