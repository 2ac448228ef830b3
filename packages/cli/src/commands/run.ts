import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Table } from 'apache-arrow';
import {
  DsrepError,
  parseStageParams,
  runStage,
  writeStageDir,
  type Progress,
  type StageRun,
} from '@dsrep/core';
import { stepId, type PipelineConfig, type Step } from '../pipeline.js';
import { findStage } from '../registry.js';

/** What one step of a run did, for the summary lines and metrics. */
export interface StepSummary {
  id: string;
  stage: string;
  rowsIn: number;
  rowsOut: number;
  millis: number;
  metrics: Record<string, number | string>;
  warnings: string[];
  outDir: string;
}

export interface RunPipelineOptions {
  progress?: Progress;
  /** Called after each step, e.g. to print its summary line. */
  onStep?: (summary: StepSummary) => void;
}

/**
 * Runs every step of a pipeline in one process: tables flow in memory
 * from step to step, and each step's outputs are also written to
 * `<outDir>/<step id>/` exactly as `dsrep stage` would write them.
 */
export async function runPipeline(
  config: PipelineConfig,
  options: RunPipelineOptions = {},
): Promise<StepSummary[]> {
  checkDataDir(config);
  checkSteps(config);
  const tables: Record<string, Table> = {};
  const summaries: StepSummary[] = [];
  for (const step of config.steps) {
    const run = await runStep(config, step, tables, options.progress);
    const summary = toSummary(config, step, run);
    summaries.push(summary);
    options.onStep?.(summary);
  }
  return summaries;
}

/**
 * Runs one step on the given tables, writes its output folder and adds
 * the written tables to `tables` for the steps after it.
 */
export async function runStep(
  config: PipelineConfig,
  step: Step,
  tables: Record<string, Table>,
  progress?: Progress,
  outDir = join(config.outDir, stepId(step)),
): Promise<StageRun> {
  const stage = findStage(step.stage);
  const params = stepParams(config, step);
  const run = await runStage(stage, tables, params, {
    seed: config.seed,
    progress,
  });
  // Later steps read the tables as written, as they would from disk.
  const written = await writeStageDir(outDir, run, {
    seed: config.seed,
    params,
  });
  Object.assign(tables, written.tables);
  return run;
}

/** A step's params, with the pipeline's dataDir given to the stages
 * that read files (ingest, attach-roles). */
export function stepParams(config: PipelineConfig, step: Step) {
  const readsFiles = step.stage === 'ingest' || step.stage === 'attach-roles';
  if (readsFiles && config.dataDir !== undefined) {
    return { dataDir: config.dataDir, ...step.params };
  }
  if (step.stage === 'report') {
    return { pipeline: config.name, ...step.params };
  }
  return step.params;
}

/**
 * Validates every step's stage and parameters before any step runs, so
 * a typo in the last step does not cost the run of the first ones.
 */
export function checkSteps(config: PipelineConfig): void {
  for (const step of config.steps) {
    try {
      const stage = findStage(step.stage);
      parseStageParams(stage.name, stage.params, stepParams(config, step));
    } catch (error) {
      if (!(error instanceof DsrepError)) throw error;
      throw new DsrepError(
        error.code,
        `step "${stepId(step)}": ${error.message}`,
        { file: config.path, cause: error },
      );
    }
  }
}

/** Refuses to start when the pipeline's data folder is missing. */
export function checkDataDir(config: PipelineConfig): void {
  if (config.dataDir === undefined || existsSync(config.dataDir)) return;
  throw new DsrepError(
    'MISSING_INPUT',
    `pipeline "${config.name}" reads its data from ${config.dataDir}, ` +
      'which does not exist. ' +
      (config.dataHelp ?? 'Put the input files there or change dataDir.'),
    { file: config.dataDir },
  );
}

export function toSummary(
  config: PipelineConfig,
  step: Step,
  run: StageRun,
  outDir = join(config.outDir, stepId(step)),
): StepSummary {
  return {
    id: stepId(step),
    stage: run.stage,
    rowsIn: run.rowsIn,
    rowsOut: run.rowsOut,
    millis: run.millis,
    metrics: run.metrics ?? {},
    warnings: run.warnings ?? [],
    outDir,
  };
}
