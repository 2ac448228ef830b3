import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { repoRoot } from './machine.js';
import { quickMode } from './registry.js';

/*
 * The simulated experiment of pipelines/remeasure, run through the
 * compiled CLI: as a benchmark of its own (end to end) and once as a
 * fixture whose stage folders the per-stage benchmarks read.
 */

export const root = repoRoot(fileURLToPath(new URL('.', import.meta.url)));
export const cliMain = join(root, 'packages', 'cli', 'dist', 'main.js');
export const remeasureConfig = join(
  root,
  'pipelines',
  'remeasure',
  'config.json',
);

/**
 * Estimate-step parameters of quick mode. The bootstrap costs about the
 * same whatever the input size (its work is per level (k, n) and per
 * model, not per image): the stage's 450 resamples and 100 parametric
 * fits take some 40 s even at 100 classes, which alone would break
 * quick mode's 3 minutes. Quick runs do 100 and 10; the full suite runs
 * the pipeline's own parameters.
 */
export const quickEstimate = quickMode()
  ? { bootstrap: 100, parametric_bootstrap: 10 }
  : {};

/** Label of runs with `quickEstimate`, for docs. */
export const quickLabel = quickMode()
  ? ', estimate bootstrap 100, parametric_bootstrap 10'
  : '';

/** Per-step times and peak memory as written by `--metrics-json`. */
export interface CliMetrics {
  totalMillis: number;
  maxRssBytes: number;
  steps: { id: string; rowsIn: number; rowsOut: number; millis: number }[];
}

/** Runs the CLI with `args`; rejects with its stderr on failure. */
export function runCli(args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [cliMain, ...args], {
      cwd: root,
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('exit', (code) =>
      code === 0
        ? resolve()
        : reject(
            new Error(`dsrep ${args.join(' ')} exited ${code}\n${stderr}`),
          ),
    );
  });
}

/**
 * Runs the remeasure pipeline (`simulate.classes` = `classes`, times
 * `scale`) into `outDir` and returns the CLI's metrics. Wall time
 * includes node's start-up, as for a user.
 */
export async function runExperiment(
  outDir: string,
  options: { classes?: number; scale?: number } = {},
): Promise<CliMetrics> {
  const metricsFile = join(outDir, 'metrics.json');
  mkdirSync(outDir, { recursive: true });
  const sets = [`outDir=${join(outDir, 'run')}`];
  if (options.classes !== undefined) {
    sets.push(`simulate.classes=${options.classes}`);
  }
  if (options.scale !== undefined) sets.push(`simulate.scale=${options.scale}`);
  for (const [key, value] of Object.entries(quickEstimate)) {
    sets.push(`estimate.${key}=${value}`);
  }
  await runCli([
    'run',
    remeasureConfig,
    ...sets.flatMap((s) => ['--set', s]),
    '--metrics-json',
    metricsFile,
    '--quiet',
  ]);
  return JSON.parse(readFileSync(metricsFile, 'utf8')) as CliMetrics;
}

/** Where fixtures live: a folder the parent process removes at the end. */
export function fixturesDir(): string {
  const dir =
    process.env.DSREP_BENCH_FIXTURES ?? join(tmpdir(), 'dsrep-bench-fixtures');
  mkdirSync(dir, { recursive: true });
  return dir;
}

/**
 * The stage folders (`<dir>/simulate`, `<dir>/clean`, ...) of the
 * remeasure pipeline at `classes` classes up to `estimate` (no stage
 * reads the report's), made on first use with one `dsrep stage` per
 * step and shared by the benchmarks of one `pnpm bench` (each runs in
 * its own process, one after another, so there is no race).
 */
export async function experimentDirs(classes: number): Promise<string> {
  const run = join(fixturesDir(), `remeasure-${classes}`);
  const steps = ['simulate', 'clean', 'split', 'match', 'estimate'];
  if (!existsSync(join(run, 'estimate', '_manifest.json'))) {
    rmSync(run, { recursive: true, force: true });
    process.stderr.write(
      `  (fixture: remeasure pipeline, ${classes} classes)\n`,
    );
    for (const [i, step] of steps.entries()) {
      await runCli([
        'stage',
        step,
        '--config',
        remeasureConfig,
        ...steps.slice(0, i).flatMap((s) => ['--in', join(run, s)]),
        '--out',
        join(run, step),
        ...(step === 'simulate'
          ? ['--params', JSON.stringify({ classes })]
          : step === 'estimate'
            ? ['--params', JSON.stringify(quickEstimate)]
            : []),
        '--quiet',
      ]);
    }
  }
  return run;
}
