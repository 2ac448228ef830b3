export { stage } from './stage.js';
export { cleanParamsSchema, type CleanParams } from './params.js';
export { cleanAnnotations, type AnnotationsCleaned } from './annotations.js';
export { cleanCounts, type CountsCleaned } from './counts.js';
export { thinCount } from './thin.js';
export { keepMask, imageStream } from './evenout.js';
export { DROP_REASONS, type DropReason } from './fate.js';
export type { LedgerRow, SummaryRow } from './ledger.js';
