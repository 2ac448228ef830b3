import type { Table } from 'apache-arrow';
import { DsrepError, runStage } from '@dsrep/core';
import type { Role } from '@dsrep/core';
import type { Source } from './params.js';
import { stage } from './stage.js';

/** CIFAR-10 class names by label index. */
export const CIFAR10_CLASSES = [
  'airplane',
  'automobile',
  'bird',
  'cat',
  'deer',
  'dog',
  'frog',
  'horse',
  'ship',
  'truck',
] as const;

export interface Cifar10hOptions {
  /** Role of the 10,000 test images (default reference, i.e. v1). */
  role?: Role;
  /** Model name of the predictions. */
  model?: string;
  /** Prefix of image ids; ids are prefix + test-set index 0..9999. */
  imageIdPrefix?: string;
}

/**
 * Ingest sources for the three CIFAR-10H files in `dir` (relative to
 * the stage's dataDir): counts with k = annotators choosing the true
 * class and n = all annotators of the image, and the cross-validated
 * classifier's predictions (correct = predicted == true label).
 */
export function cifar10hSources(
  dir = 'cifar10h',
  options: Cifar10hOptions = {},
): Source[] {
  const labels = `${dir}/cifar10-test-labels.npy`;
  const common = {
    format: 'npy' as const,
    labels,
    classes: [...CIFAR10_CLASSES],
    imageIdPrefix: options.imageIdPrefix ?? '',
    role: options.role ?? 'reference',
    model: options.model ?? 'cifar10-cv-classifier',
  };
  return [
    { ...common, table: 'counts', path: `${dir}/cifar10h-counts.npy` },
    {
      ...common,
      table: 'predictions',
      path: `${dir}/cifar10-test-predicted-labels.npy`,
    },
  ];
}

/**
 * Reads CIFAR-10H from `dataDir/dir` into `counts` (image_id, class_id =
 * true class name, role, selected_count, annotator_count) and
 * `predictions` (model 'cifar10-cv-classifier' by default).
 */
export async function readCifar10h(
  dataDir: string,
  dir = 'cifar10h',
  options: Cifar10hOptions = {},
): Promise<{ counts: Table; predictions: Table; ledger: Table }> {
  const run = await runStage(
    stage,
    {},
    { dataDir, sources: cifar10hSources(dir, options) },
    { seed: 0 },
  );
  const { counts, predictions, ledger_ingest: ledger } = run.tables;
  if (!counts || !predictions || !ledger) {
    throw new DsrepError('INTERNAL', 'ingest returned no CIFAR-10H tables');
  }
  return { counts, predictions, ledger };
}
