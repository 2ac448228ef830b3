import { join } from 'node:path';
import { readStageTables, runStage } from '@dsrep/core';
import {
  experimentDirs,
  quickEstimate,
  quickLabel,
  remeasureConfig,
} from '../experiment.js';
import { quickMode, registerBenchmark } from '../registry.js';

/*
 * One stage of the remeasure pipeline at a time, in this process: its
 * inputs are read from the stage folders of a finished run (the
 * fixture, not timed), then `runStage` is timed with the step's
 * parameters and the pipeline's seed, as `dsrep run` calls it. Writing
 * the outputs is not included (the `ipc.*` benchmarks time that).
 */

const classes = quickMode() ? 100 : 1000;
const STAGES = ['clean', 'split', 'match', 'estimate', 'report'] as const;

for (const name of STAGES) {
  registerBenchmark(
    `stage.${name}.${classes}classes`,
    async () => {
      // Imported here, not at the top: the CLI loads every stage, and
      // one package that does not build should fail only these cases.
      const { findStage, loadPipeline, stepParams } =
        await import('@dsrep/cli');
      const run = await experimentDirs(classes);
      const config = await loadPipeline(remeasureConfig, [
        `simulate.classes=${classes}`,
      ]);
      const at = config.steps.findIndex((s) => s.stage === name);
      const step = config.steps[at];
      if (!step) throw new Error(`remeasure has no ${name} step`);
      const stage = findStage(name);
      // Every earlier step's folder, in order, as `dsrep stage --in`.
      const dirs = config.steps
        .slice(0, at)
        .map((s) => join(run, s.id ?? s.stage));
      const inputs = await readStageTables(
        dirs,
        stage.inputs.map((i) => i.name),
      );
      const params =
        name === 'estimate'
          ? { ...(stepParams(config, step) as object), ...quickEstimate }
          : stepParams(config, step);
      const rows = Object.values(inputs).reduce((n, t) => n + t.numRows, 0);
      return {
        rows,
        run: async () => {
          await runStage(stage, inputs, params, { seed: config.seed });
        },
      };
    },
    {
      // Quick mode has estimate.bootstrap.450 and the end-to-end run.
      quick: name !== 'estimate',
      doc:
        `runStage(${name}) on the remeasure experiment (${classes} ` +
        `classes${name === 'estimate' ? quickLabel : ''}), inputs from a ` +
        `finished run; rows = input rows`,
    },
  );
}
