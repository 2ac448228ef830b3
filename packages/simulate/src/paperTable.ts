import type { Table } from 'apache-arrow';
import { dictColumn, float64Column, makeTable } from '@dsrep/core';
import { PAPER_MODELS } from './paperModels.js';

/**
 * Table 2 of the seed as a table `paper_table2` (model, top1_v1,
 * top1_v2): the 136 models' real ImageNet v1 and v2 top-1 accuracies,
 * shown in the report beside the simulated models.
 */
export function paperTable2(): Table {
  return makeTable({
    model: dictColumn(PAPER_MODELS.map((m) => m.model)),
    top1_v1: float64Column(PAPER_MODELS.map((m) => m.top1V1)),
    top1_v2: float64Column(PAPER_MODELS.map((m) => m.top1V2)),
  });
}
