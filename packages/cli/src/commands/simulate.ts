import { resolve } from 'node:path';
import type { Progress } from '@dsrep/core';
import { simulateToFiles } from '@dsrep/simulate';

export interface SimulateCommand {
  preset?: string;
  scale?: number;
  classes?: number;
  seed: number;
  mturk: boolean;
  outDir: string;
}

/**
 * `dsrep simulate`: writes the simulated experiment to a folder in
 * batches and returns a human-readable summary of what it wrote.
 */
export async function runSimulateCommand(
  cmd: SimulateCommand,
  progress: Progress,
): Promise<string> {
  const params: Record<string, unknown> = {};
  if (cmd.preset !== undefined) params.preset = cmd.preset;
  if (cmd.scale !== undefined) params.scale = cmd.scale;
  if (cmd.classes !== undefined) params.classes = cmd.classes;
  if (cmd.mturk) params.mturk = true;
  const summary = await simulateToFiles(
    params,
    cmd.seed,
    resolve(cmd.outDir),
    progress,
  );
  return JSON.stringify(summary, null, 2);
}
