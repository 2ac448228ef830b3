export { stage, ingestOutputs, readSource } from './stage.js';
export {
  ingestParamsSchema,
  sourceSchema,
  mturkLayoutSchema,
  TARGETS,
  FILE_FORMATS,
  type IngestParams,
  type Source,
  type CanonicalSource,
  type MTurkSource,
  type MTurkLayout,
  type NpySource,
  type WideSource,
  type LabelSource,
  type Target,
  type FileFormat,
} from './params.js';
export { readCanonical } from './canonical.js';
export { readMTurk } from './mturk.js';
export { readNpy, type NpyArray } from './npy.js';
export { readNpySource } from './npySources.js';
export { readWidePredictions } from './wide.js';
export { readLabelPredictions } from './labels.js';
export { loadRaw, type RawTable } from './raw.js';
export { readCsvHeader } from './csvHeader.js';
export { ledgerTable, type LedgerEntry } from './ledger.js';
export type { ReadOutcome, ReadTarget } from './read.js';
export {
  CIFAR10_CLASSES,
  cifar10hSources,
  readCifar10h,
  type Cifar10hOptions,
} from './cifar10h.js';
