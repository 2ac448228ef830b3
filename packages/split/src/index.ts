export { stage, selectionTable, ledgerTable } from './stage.js';
export { splitParams, minimumForSplit, type SplitParams } from './params.js';
export {
  splitVariant,
  emptyRows,
  type SelectionRows,
  type LedgerLine,
} from './splitImages.js';
export { drawHypergeometric } from './hypergeometric.js';
export { groupAnnotations, groupCounts, type ImageGroups } from './sources.js';
