export { stage } from './stage.js';
export {
  replicateParams,
  REPLICATE_ESTIMATORS,
  type ReplicateParams,
} from './params.js';
export { loadImages, type ImageArrays } from './images.js';
export { drawParts, type Parts } from './parts.js';
export { assignSets, OTHER, V1, POOL } from './sets.js';
export { shortfallOf, largestMatchable } from './size.js';
export { matchReplication, type Replication } from './matching.js';
export {
  runRepetition,
  type Repetition,
  type SetSummary,
} from './experiment.js';
export { summarize, type RunRecord, type SummaryRecord } from './records.js';
export {
  stage as attachRolesStage,
  attachRolesParams,
  type AttachRolesParams,
} from './attachRoles.js';
export {
  stage as crowdMixturesStage,
  crowdMixturesParams,
  type CrowdMixturesParams,
} from './crowdMixtures.js';
export { fitBetaMixture, mixtureDensity, type BetaMixture } from './mixture.js';
export { nelderMead2 } from './nelderMead.js';
