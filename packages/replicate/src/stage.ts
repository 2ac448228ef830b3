import {
  countsContract,
  DsrepError,
  predictionsContract,
  type Stage,
} from '@dsrep/core';
import { runRepetition, type SetSummary } from './experiment.js';
import { loadImages, type ImageArrays } from './images.js';
import { replicateParams, type ReplicateParams } from './params.js';
import { summarize, type RunRecord } from './records.js';
import {
  estimateTables,
  matchSummaryTable,
  runsTable,
  summaryTable,
} from './tables.js';

/** Keeps images with at least `n` annotators. */
function withAtLeast(images: ImageArrays, n: number): ImageArrays {
  const keep: number[] = [];
  images.n.forEach((x, i) => {
    if (x >= n) keep.push(i);
  });
  const M = images.models.length;
  const correct = new Uint8Array(keep.length * M);
  keep.forEach((i, r) =>
    correct.set(images.correct.subarray(i * M, (i + 1) * M), r * M),
  );
  return {
    ...images,
    ids: keep.map((i) => images.ids[i] as string),
    classOf: Int32Array.from(keep, (i) => images.classOf[i] as number),
    k: Int32Array.from(keep, (i) => images.k[i] as number),
    n: Int32Array.from(keep, (i) => images.n[i] as number),
    correct,
  };
}

/**
 * The replicate stage (issue 9): a replication experiment on real
 * counts whose true answer is known. From `counts` (one image per row,
 * k of n annotators chose its class) and `predictions`, it repeats
 * `reps` times, repetition r on `rng.derive('rep:' + r)`: thin to n,
 * cut c / t / held-out annotations, split v1 and a low-ŝ candidate pool,
 * match a replication per t and estimate the pool's adjusted accuracy,
 * whose truth is v1's accuracy. Writes `replication_runs`,
 * `replication_summary`, and `match_summary`, `estimates`,
 * `naive_curve` in the layouts of the match and estimate stages.
 */
export const stage: Stage<ReplicateParams> = {
  name: 'replicate',
  doc: 'repeated replication experiment with known truth (CIFAR-10H)',
  inputs: [
    { name: 'counts', required: true, contract: countsContract },
    { name: 'predictions', required: true, contract: predictionsContract },
  ],
  outputs: [
    'replication_runs',
    'replication_summary',
    'match_summary',
    'estimates',
    'naive_curve',
  ],
  params: replicateParams,
  async run(ctx) {
    const params = ctx.params;
    const all = await loadImages(ctx);
    if (all.models.length === 0) {
      throw new DsrepError(
        'MISSING_INPUT',
        'predictions has no rows: the replicate stage needs at least one ' +
          "model's correctness per image",
      );
    }
    const images = withAtLeast(all, params.n);
    const warnings: string[] = [];
    const dropped = all.ids.length - images.ids.length;
    if (dropped > 0) {
      warnings.push(
        `${dropped} of ${all.ids.length} images have fewer than n = ` +
          `${params.n} annotators and were left out; lower "n" to keep them`,
      );
    }
    if (images.ids.length === 0) {
      throw new DsrepError(
        'DEGENERATE',
        `no image has n >= ${params.n} annotators; lower the "n" parameter`,
      );
    }

    const records: RunRecord[] = [];
    const sets: SetSummary[] = [];
    ctx.progress.start('replicate: repetitions', params.reps);
    for (let r = 0; r < params.reps; r++) {
      const result = await runRepetition(
        images,
        params,
        r,
        ctx.rng.derive(`rep:${r}`),
      );
      records.push(...result.records);
      sets.push(...result.sets);
      ctx.progress.tick();
    }
    ctx.progress.done();

    const missing = records
      .filter((x) => x.metric === 'missing')
      .reduce((a, x) => a + x.value, 0);
    if (missing > 0) {
      warnings.push(
        `matching fell short by ${missing} images over all repetitions ` +
          '(see metric "missing" in replication_runs)',
      );
    }
    const summary = summarize(records);
    const metrics: Record<string, number | string> = {
      reps: params.reps,
      images: images.ids.length,
      models: images.models.length,
      missing,
    };
    for (const s of summary) {
      if (s.model === null && s.metric === 'heldout_gap') {
        metrics[`heldout_gap_t${s.t}`] = s.mean;
      }
    }
    return {
      tables: {
        replication_runs: runsTable(records),
        replication_summary: summaryTable(summary),
        match_summary: matchSummaryTable(sets),
        ...estimateTables(summary, images.models),
      },
      metrics,
      warnings,
    };
  },
};
