import { writeFileSync } from 'node:fs';
import './benchmarks/index.js';
import { benchmarks } from './registry.js';
import { summarize, type BenchResult } from './stats.js';

/*
 * Runs one benchmark in this (fresh) process and writes its result as
 * JSON to the file named by DSREP_BENCH_OUT. The parent starts one of
 * these per benchmark, so maxRSS is this benchmark's alone.
 */

const name = process.env.DSREP_BENCH_NAME ?? '';
const askedRuns = Number(process.env.DSREP_BENCH_RUNS ?? 5);
const askedWarmup = Number(process.env.DSREP_BENCH_WARMUP ?? 1);
const out = process.env.DSREP_BENCH_OUT ?? '';

const gc = (globalThis as { gc?: () => void }).gc ?? (() => {});

async function main(): Promise<void> {
  const bench = benchmarks().find((b) => b.name === name);
  if (!bench) throw new Error(`no benchmark named "${name}"`);
  const runs = Math.min(askedRuns, bench.maxRuns);
  const warmup = Math.min(askedWarmup, bench.maxWarmup);
  const c = await bench.setup();

  for (let i = 0; i < warmup; i++) await c.run();
  const millis: number[] = [];
  const extras: Record<string, number>[] = [];
  for (let i = 0; i < runs; i++) {
    // Collect the previous run's garbage outside the timed region.
    gc();
    const start = performance.now();
    const extra = await c.run();
    millis.push(performance.now() - start);
    if (extra) extras.push(extra);
  }
  await c.teardown?.();

  const result: BenchResult = summarize({
    name,
    doc: bench.doc,
    note: bench.note,
    warmup,
    rows: c.rows,
    millis,
    extras,
    maxRssKiB: process.resourceUsage().maxRSS,
  });
  writeFileSync(out, JSON.stringify(result));
}

main().catch((error: unknown) => {
  console.error(
    error instanceof Error ? (error.stack ?? error.message) : error,
  );
  process.exit(1);
});
