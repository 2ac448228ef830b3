import {
  DsrepError,
  formatZodError,
  silentProgress,
  type Progress,
  type RandomStream,
} from '@dsrep/core';
import type { Table } from 'apache-arrow';
import type { z } from 'zod';
import { simulateClass, type ClassSim } from './classSim.js';
import { calibrateModels, modelTruths, type SimModel } from './models.js';
import { resolveConfig, simulateParams, type SimConfig } from './params.js';
import { Tally, truthModelsTable } from './summary.js';
import {
  annotationsTable,
  predictionsTable,
  truthImagesTable,
} from './tables.js';
import { drawWorkers, type WorkerPopulation } from './workers.js';

/** Parameters as a caller writes them (every field optional). */
export type SimulateInput = z.input<typeof simulateParams>;

/** Validates raw parameters once, at the boundary. */
export function parseSimulateParams(raw: unknown): SimConfig {
  const parsed = simulateParams.safeParse(raw ?? {});
  if (!parsed.success) {
    throw new DsrepError(
      'BAD_CONFIG',
      `parameters of stage "simulate" are invalid: ` +
        formatZodError(parsed.error),
    );
  }
  return resolveConfig(parsed.data);
}

/** The parts shared by every class: population and calibrated models. */
export interface SimSetup {
  config: SimConfig;
  workers: WorkerPopulation;
  models: SimModel[];
  root: RandomStream;
}

/** Draws the population and calibrates the models (no class data yet). */
export function setupSimulation(config: SimConfig, rng: RandomStream) {
  const setup: SimSetup = {
    config,
    workers: drawWorkers(config, rng.derive('workers')),
    models: calibrateModels(config),
    root: rng,
  };
  return setup;
}

/** Simulates classes [from, to). */
export function simulateClasses(
  setup: SimSetup,
  from: number,
  to: number,
): ClassSim[] {
  const out: ClassSim[] = [];
  for (let c = from; c < to; c++) {
    out.push(
      simulateClass(c, setup.config, setup.workers, setup.models, setup.root),
    );
  }
  return out;
}

/** What `simulate` returns: the stage's tables plus what made them. */
export interface SimulationResult {
  tables: {
    annotations: Table;
    predictions: Table;
    truth_images: Table;
    truth_models: Table;
    ledger_simulate: Table;
  };
  metrics: Record<string, number | string>;
  config: SimConfig;
  workers: WorkerPopulation;
  models: SimModel[];
}

/**
 * The simulated annotation experiment in memory (the `simulate` stage).
 * Every draw comes from a stream derived from `rng` by purpose and class,
 * so the same seed gives the same tables whatever the batch size.
 */
export function simulate(
  params: SimulateInput | undefined,
  rng: RandomStream,
  progress: Progress = silentProgress,
): SimulationResult {
  const config = parseSimulateParams(params);
  const setup = setupSimulation(config, rng);

  progress.start('simulate classes', config.classes);
  const sims: ClassSim[] = [];
  const step = config.classesPerBatch;
  for (let c = 0; c < config.classes; c += step) {
    const to = Math.min(config.classes, c + step);
    sims.push(...simulateClasses(setup, c, to));
    progress.tick(to - c);
  }
  progress.done();

  const tally = new Tally();
  tally.add(sims, config, setup.workers);
  return {
    tables: {
      annotations: annotationsTable(sims, config, setup.workers),
      predictions: predictionsTable(sims, setup.models),
      truth_images: truthImagesTable(sims),
      truth_models: truthModelsTable(modelTruths(setup.models, config)),
      ledger_simulate: tally.ledger(setup.models.length),
    },
    metrics: tally.metrics(config, setup.workers),
    config,
    workers: setup.workers,
    models: setup.models,
  };
}
