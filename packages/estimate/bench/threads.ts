/**
 * Checks that worker threads give the same tables as one thread, using
 * the compiled package (run `npx tsc -b` first):
 * node --conditions=source --import tsx bench/threads.ts
 */
import { runStage } from '@dsrep/core';
import { stage } from '../dist/index.js';
import { syntheticImages, toArrow } from '../test/synthetic.js';

const images = syntheticImages({
  images1: 2000,
  images2: 2000,
  // Mixed annotator counts exercise the multi-n spline design too.
  n: (i: number) => 18 + (i % 3),
  models: 20,
  p1: [6, 1.5],
  p2: [4, 1.5],
  seed: 1,
});
const tables = toArrow(images);
const params = { bootstrap: 30, parametric_bootstrap: 30 };
const rows = async (threads: number) => {
  const run = await runStage(
    stage,
    tables,
    { ...params, threads },
    { seed: 3 },
  );
  return {
    threads: run.metrics?.bootstrap_threads,
    json: JSON.stringify(
      ['estimates', 'naive_curve', 'mixtures'].map((t) =>
        run.tables[t]?.toArray().map((r) => r.toJSON()),
      ),
    ),
  };
};
const one = await rows(1);
const two = await rows(2);
console.log(
  JSON.stringify({
    threads: [one.threads, two.threads],
    identical: one.json === two.json,
  }),
);
