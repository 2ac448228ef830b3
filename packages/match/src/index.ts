export { stage } from './stage.js';
export {
  matchParams,
  SAMPLERS,
  POOLS,
  type MatchParams,
  type SamplerName,
  type PoolName,
} from './params.js';
export { histogram, binOf } from './histogram.js';
export { largestRemainder } from './largestRemainder.js';
export {
  matchedFrequency,
  threshold,
  topImages,
  type Pick,
  type Shortfall,
  type SampleResult,
  type Ranked,
} from './samplers.js';
export { flickrE } from './flickrE.js';
export {
  readSelection,
  type ImageRecord,
  type VariantData,
} from './classData.js';
export {
  matchVariant,
  type MatchOutput,
  type MatchedImage,
} from './matchVariant.js';
export { summarize, type SetMember } from './summary.js';
export { matchedTable, shortfallsTable, ledgerTable } from './tables.js';
export { accuracyTable } from './accuracy.js';
