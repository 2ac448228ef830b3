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
  const n = (x: number) => x.toLocaleString('en-US');
  const tables = summary.files.filter((f) => f.endsWith('.arrow')).length;
  return (
    `wrote ${n(summary.annotations)} annotations of ${n(summary.images)} ` +
    `images by ${n(summary.workers)} workers and the predictions of ` +
    `${n(summary.models)} models, with their ground truth, to ` +
    `${resolve(cmd.outDir)} (${tables} Arrow tables and _manifest.json` +
    (cmd.mturk ? '; MTurk batch-results CSVs in mturk/' : '') +
    ')'
  );
}
