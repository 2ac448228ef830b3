/**
 * The extension point of the bench harness. Each area has one file in
 * `src/benchmarks/` that calls `registerBenchmark` at import time, and
 * `src/benchmarks/index.ts` imports every area. A benchmark is set up
 * once (untimed), then its `run` is timed after warm-up runs, in a
 * fresh node process of its own so that peak memory is its own.
 */

/** What a benchmark's setup returns. */
export interface BenchCase {
  /**
   * Rows handled by one run, for rows/s (0 when rows/s means nothing).
   */
  rows: number;
  /**
   * One timed run. It may return extra numbers (say per-stage millis
   * from the CLI's `--metrics-json`); the median over runs is kept.
   * An extra named `peakRssMiB` is the peak memory of a process the run
   * started (the CLI); the result's peak is then the largest of those
   * and this process's own.
   */
  run(): Promise<void | Record<string, number>>;
  /** Called once after the last run. */
  teardown?(): Promise<void>;
}

export interface BenchOptions {
  /** Included in `--quick` mode (default true). */
  quick?: boolean;
  /** One line on what is measured, shown by `--list` and in the JSON. */
  doc?: string;
  /**
   * Timed runs and warm-up runs of this benchmark, when fewer than the
   * command line asks for (a run of minutes, such as the scale 10
   * experiment, cannot be repeated five times in a suite). The smaller
   * of this and `--runs` / `--warmup` is used.
   */
  maxRuns?: number;
  maxWarmup?: number;
  /** Why this benchmark deviates from the usual runs, kept in the JSON. */
  note?: string;
}

export interface Registered extends Required<BenchOptions> {
  name: string;
  setup: () => Promise<BenchCase>;
}

const registry = new Map<string, Registered>();

/**
 * Registers a named benchmark. `setup` builds its inputs (not timed)
 * and returns the case to time. Names are unique, dotted by area, e.g.
 * `bridge.in.2M`, `stage.clean.default`, `cli.e2e.default`.
 */
export function registerBenchmark(
  name: string,
  setup: () => Promise<BenchCase>,
  options: BenchOptions = {},
): void {
  if (registry.has(name)) {
    throw new Error(`benchmark "${name}" is registered twice`);
  }
  registry.set(name, {
    name,
    setup,
    quick: options.quick ?? true,
    doc: options.doc ?? '',
    maxRuns: options.maxRuns ?? Infinity,
    maxWarmup: options.maxWarmup ?? Infinity,
    note: options.note ?? '',
  });
}

/** Every registered benchmark, in registration order. */
export function benchmarks(): Registered[] {
  return [...registry.values()];
}

/**
 * Whether the harness runs in `--quick` mode: benchmark files read
 * this at registration to pick smaller sizes.
 */
export function quickMode(): boolean {
  return process.env.DSREP_BENCH_QUICK === '1';
}

/** Formats a row count as a short label: 100k, 2M. */
export function sizeLabel(rows: number): string {
  if (rows >= 1e6 && rows % 1e6 === 0) return `${rows / 1e6}M`;
  if (rows >= 1e3 && rows % 1e3 === 0) return `${rows / 1e3}k`;
  return String(rows);
}
