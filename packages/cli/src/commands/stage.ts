import { resolve } from 'node:path';
import {
  DsrepError,
  readStageTables,
  runStage,
  writeStageDir,
  type Progress,
} from '@dsrep/core';
import { loadPipeline, stepId, type PipelineConfig } from '../pipeline.js';
import { findStage } from '../registry.js';
import { stepParams, type StepSummary } from './run.js';

export interface StageCommand {
  name: string;
  inDirs: string[];
  outDir: string;
  /** A pipeline config to take the step's params and seed from. */
  config?: string;
  /** Step id inside the config; defaults to the stage name. */
  id?: string;
  /** Params as a JSON object string; merged over the config's. */
  params?: string;
  seed?: number;
  overrides?: string[];
}

/**
 * `dsrep stage`: runs one stage reading its inputs from upstream stage
 * folders (`--in`, repeatable, later folders win) and writing its
 * outputs to `--out`. Gives the same tables as the in-process run.
 */
export async function runStageCommand(
  cmd: StageCommand,
  progress?: Progress,
): Promise<StepSummary> {
  const stage = findStage(cmd.name);
  let params: Record<string, unknown> = {};
  let seed = cmd.seed ?? 2020;
  let config: PipelineConfig | undefined;
  if (cmd.config !== undefined) {
    config = await loadPipeline(cmd.config, cmd.overrides ?? []);
    const id = cmd.id ?? cmd.name;
    const step = config.steps.find((s) => stepId(s) === id);
    if (!step) {
      throw new DsrepError(
        'BAD_CONFIG',
        `config has no step "${id}"; its steps are ` +
          config.steps.map(stepId).join(', '),
        { file: cmd.config },
      );
    }
    params = stepParams(config, step) as Record<string, unknown>;
    seed = cmd.seed ?? config.seed;
  }
  if (cmd.params !== undefined) {
    params = { ...params, ...parseParams(cmd.params) };
  }

  const names = stage.inputs.map((i) => i.name);
  const inputs = await readStageTables(
    cmd.inDirs.map((d) => resolve(d)),
    names,
  );
  const run = await runStage(stage, inputs, params, { seed, progress });
  const outDir = resolve(cmd.outDir);
  await writeStageDir(outDir, run, { seed, params });
  return {
    id: cmd.id ?? cmd.name,
    stage: run.stage,
    rowsIn: run.rowsIn,
    rowsOut: run.rowsOut,
    millis: run.millis,
    metrics: run.metrics ?? {},
    warnings: run.warnings ?? [],
    outDir,
  };
}

function parseParams(text: string): Record<string, unknown> {
  try {
    const value = JSON.parse(text) as unknown;
    if (value && typeof value === 'object' && !Array.isArray(value)) {
      return value as Record<string, unknown>;
    }
  } catch {
    // fall through to the error below
  }
  throw new DsrepError(
    'BAD_CONFIG',
    `--params must be a JSON object such as '{"t":5}', got: ${text}`,
  );
}
