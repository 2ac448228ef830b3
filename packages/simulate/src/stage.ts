import type { Stage } from '@dsrep/core';
import { simulateParams, type SimulateParams } from './params.js';
import { paperTable2 } from './paperTable.js';
import { simulate } from './simulate.js';

/**
 * The `simulate` stage: no inputs; writes the synthetic experiment of
 * SPEC section 3 (annotations, predictions) and its ground truth
 * (truth_images, truth_models) plus a ledger of what it generated.
 */
export const stage: Stage<SimulateParams> = {
  name: 'simulate',
  doc:
    'Simulated annotation experiment (remeasure: 48-image grids, 40 ' +
    'workers; original: Recht et al.) with model predictions and the ' +
    'true selection frequencies and adjusted accuracies.',
  inputs: [],
  outputs: [
    'annotations',
    'predictions',
    'truth_images',
    'truth_models',
    'ledger_simulate',
    'paper_table2',
  ],
  params: simulateParams,
  async run(ctx) {
    const result = simulate(ctx.params, ctx.rng, ctx.progress);
    return {
      tables: { ...result.tables, paper_table2: paperTable2() },
      metrics: result.metrics,
    };
  },
};
