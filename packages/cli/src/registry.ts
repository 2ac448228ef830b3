import type { Stage } from '@dsrep/core';
import { DsrepError } from '@dsrep/core';
import { stage as clean } from '@dsrep/clean';
import { stage as estimate } from '@dsrep/estimate';
import { stage as ingest } from '@dsrep/ingest';
import { stage as match } from '@dsrep/match';
import {
  attachRolesStage,
  crowdMixturesStage,
  stage as replicate,
} from '@dsrep/replicate';
import { stage as report } from '@dsrep/report';
import { stage as simulate } from '@dsrep/simulate';
import { stage as split } from '@dsrep/split';

/** Every stage the CLI can run, in pipeline order. */
export const STAGES: readonly Stage<unknown>[] = [
  simulate,
  ingest,
  clean,
  split,
  match,
  estimate,
  replicate,
  attachRolesStage,
  crowdMixturesStage,
  report,
] as Stage<unknown>[];

export function findStage(name: string): Stage<unknown> {
  const stage = STAGES.find((s) => s.name === name);
  if (!stage) {
    throw new DsrepError(
      'BAD_CONFIG',
      `unknown stage "${name}"; the stages are ` +
        STAGES.map((s) => s.name).join(', '),
    );
  }
  return stage;
}
