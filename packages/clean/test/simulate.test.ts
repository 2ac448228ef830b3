import { RandomStream } from '@dsrep/core';
import { simulate } from '@dsrep/simulate';
import { describe, expect, it } from 'vitest';
import { clean, expectBalanced, rowsOf, summaryValue } from './helpers.js';

/*
 * The project's simulator (packages/simulate) injects bad workers of
 * known type (select-everything, select-nothing, random); cleaning
 * should reject them and few others. 30 classes, 10 assignments per
 * worker. 'remeasure' is the paper's new experiment (one 48-image grid
 * per class, 40 annotators), here with 3% repeat assignments so that
 * duplicates occur; 'original' is the Recht et al. design (5 grids of
 * 48 per class, 10 annotators each, 3% duplicates by default).
 */
async function recovery(preset: 'remeasure' | 'original') {
  const sim = simulate(
    {
      preset,
      classes: 30,
      models: 1,
      assignmentsPerWorker: 10,
      duplicateShare: 0.03,
    },
    RandomStream.fromSeed(17),
  );
  const ann = sim.tables.annotations;
  const run = await clean({ annotations: ann });

  // Worker type 0 is 'good'; the others are injected bad workers.
  const bad = new Set<string>();
  sim.workers.ids.forEach((id, i) => {
    if (sim.workers.types[i] !== 0) bad.add(id);
  });
  const stats = rowsOf(run.tables.worker_stats);
  const active = new Set(stats.map((r) => String(r.worker_id)));
  const badActive = [...bad].filter((w) => active.has(w));
  const rejected = stats
    .filter((r) => r.rejected)
    .map((r) => String(r.worker_id));
  const hits = rejected.filter((w) => bad.has(w)).length;
  const precision = hits / rejected.length;
  const recall = hits / badActive.length;
  const v = (metric: string, variant: string | null) =>
    summaryValue(run, metric, variant);
  console.log(
    `simulator (${preset}, 30 classes): ${ann.numRows} annotations, ` +
      `${active.size} workers, ${badActive.length} bad; rejected ` +
      `${rejected.length}, precision ${precision.toFixed(3)}, recall ` +
      `${recall.toFixed(3)}; share dropped ` +
      `${v('share_dropped', 'clean')?.toFixed(4)}; annotators per image ` +
      `raw min ${v('annotators_per_image_min', 'raw')} median ` +
      `${v('annotators_per_image_median', 'raw')}, clean min ` +
      `${v('annotators_per_image_min', 'clean')} median ` +
      `${v('annotators_per_image_median', 'clean')}; redundant copies ` +
      `${v('duplicate_redundant_share', null)?.toFixed(4)}; v1-v2 gap raw ` +
      `${v('v1_v2_gap', 'raw')?.toFixed(4)} clean ` +
      `${v('v1_v2_gap', 'clean')?.toFixed(4)}`,
  );
  expectBalanced(run, ann.numRows);

  // What the rule should cost good workers: with p = their per-assignment
  // flag rate (measured), a good worker with m assignments is rejected
  // with probability P(Binomial(m, p) >= ceil(0.3·m)). Workers with 1–3
  // assignments are the exposed ones: one unlucky grid rejects them.
  const good = stats.filter((r) => !bad.has(String(r.worker_id)));
  const flagged = good.reduce((t, r) => t + Number(r.flagged), 0);
  const total = good.reduce((t, r) => t + Number(r.assignments), 0);
  const p = flagged / total;
  let expectedFalse = 0;
  let varianceFalse = 0;
  for (const r of good) {
    const q = binomialTail(Number(r.assignments), p, 0.3);
    expectedFalse += q;
    varianceFalse += q * (1 - q);
  }
  const falseRejections = rejected.length - hits;
  console.log(
    `  good workers flag ${(100 * p).toFixed(1)}% of assignments; false ` +
      `rejections ${falseRejections}, expected ` +
      `${expectedFalse.toFixed(2)} ± ${Math.sqrt(varianceFalse).toFixed(2)}`,
  );
  return {
    precision,
    recall,
    badActive: badActive.length,
    falseRejections,
    falseBound: expectedFalse + 4 * Math.sqrt(varianceFalse) + 1,
    run,
  };
}

/** P(Binomial(m, p) >= ceil(share·m)): a worker's rejection chance. */
function binomialTail(m: number, p: number, share: number): number {
  const from = Math.ceil(share * m - 1e-9);
  let tail = 0;
  let choose = 1;
  for (let k = 0; k <= m; k++) {
    if (k > 0) choose = (choose * (m - k + 1)) / k;
    if (k >= from) tail += choose * p ** k * (1 - p) ** (m - k);
  }
  return tail;
}

// The simulator's bad types select with p = 0.95, 0.03 or 0.5 whatever
// the image. P(flag) per 48-image assignment: 'nothing' selects < 6
// with probability > 0.99; 'everything' and 'random' select > 1 of the
// controls with probability > 0.99 and 0.89 (6 controls) or 0.5 (3
// controls, 'original'). With 10 assignments a worker at 0.5 flags
// fewer than 3 with probability 0.055, so recall >= 0.8 holds with a wide
// margin. A good worker flags only when it selects > 1 control by
// chance (7% of grids in the simulator); false rejections are checked
// against their binomial expectation (+4 sd, +1) instead of a fixed
// precision, since they depend on how many assignments workers did.
describe('clean on the simulator', () => {
  it('recovers the injected bad workers (remeasure)', async () => {
    const r = await recovery('remeasure');
    expect(r.badActive, 'bad workers injected').toBeGreaterThan(0);
    expect(r.recall, 'recall').toBeGreaterThanOrEqual(0.8);
    expect(r.falseRejections).toBeLessThanOrEqual(r.falseBound);
    expect(
      summaryValue(r.run, 'duplicate_repeated_pairs', null),
      'duplicates injected and found',
    ).toBeGreaterThan(0);
  });

  it('recovers the injected bad workers (original)', async () => {
    const r = await recovery('original');
    expect(r.badActive, 'bad workers injected').toBeGreaterThan(0);
    expect(r.recall, 'recall').toBeGreaterThanOrEqual(0.8);
    expect(r.falseRejections).toBeLessThanOrEqual(r.falseBound);
  });
});
