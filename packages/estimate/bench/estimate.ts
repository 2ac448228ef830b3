/**
 * Benchmark of the estimate stage at the size of the default synthetic
 * experiment: 1,000 classes × (10 reference + 10 replication) images,
 * n = 40 annotators, 136 models, 450 bootstrap resamples, both variants.
 * Run after `npx tsc -b` (workers need the compiled files):
 * node --conditions=source --import tsx bench/estimate.ts [estimators] [params]
 * where `params` is a JSON object of further stage parameters, e.g.
 * '{"parametric_bootstrap":450,"threads":2}'. Prints one JSON line
 * (wall and CPU seconds; CPU counts every thread of the process); not
 * part of the test run.
 */
import os from 'node:os';
import { runStage } from '@dsrep/core';
import { stage } from '../dist/index.js';
import { syntheticImages, toArrow } from '../test/synthetic.js';

const estimators = (process.argv[2] ?? 'naive,jackknife,parametric').split(',');
const extra = JSON.parse(process.argv[3] ?? '{}') as Record<string, unknown>;
const images = syntheticImages({
  images1: 10_000,
  images2: 10_000,
  n: 40,
  models: 136,
  p1: [6, 1.5],
  p2: [4, 1.5],
  seed: 1,
});
const tables = toArrow(images);
const started = performance.now();
const cpu0 = process.cpuUsage();
const run = await runStage(
  stage,
  tables,
  { ...extra, estimators },
  { seed: 1 },
);
const cpu = process.cpuUsage(cpu0);
const seconds = (performance.now() - started) / 1000;
console.log(
  JSON.stringify({
    bench: 'estimate-stage',
    estimators,
    params: extra,
    seconds: Number(seconds.toFixed(2)),
    cpuSeconds: Number(((cpu.user + cpu.system) / 1e6).toFixed(2)),
    loadAverage: os.loadavg()[0],
    threads: run.metrics?.bootstrap_threads,
    estimateRows: run.tables.estimates?.numRows,
    peakRssMiB: Math.round(process.resourceUsage().maxRSS / 1024),
  }),
);
