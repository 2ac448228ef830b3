import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { quickLabel, runExperiment } from '../experiment.js';
import { quickMode, registerBenchmark } from '../registry.js';

/*
 * The remeasure pipeline end to end through the compiled CLI, as a user
 * runs it: `dsrep run pipelines/remeasure/config.json --set
 * simulate.scale=S --set outDir=<tmp> --metrics-json FILE --quiet`,
 * every stage writing its folder. Wall time includes node's start-up;
 * peak memory is the CLI's (its `maxRssBytes`), and the per-step millis
 * are kept as metrics, so growth with input size shows step by step.
 * Each run is a fresh process, so a warm-up run only warms the file
 * cache; the long ones get none.
 */

interface Size {
  label: string;
  classes?: number;
  scale?: number;
  maxRuns?: number;
  maxWarmup?: number;
  note?: string;
}

const sizes: Size[] = quickMode()
  ? [
      {
        label: 'classes100',
        classes: 100,
        maxWarmup: 0,
        note: 'quick: estimate bootstrap 100 and parametric_bootstrap 10, no warm-up (each run is a fresh CLI process)',
      },
    ]
  : [
      {
        label: 'scale1',
        scale: 1,
        maxWarmup: 0,
        note: 'no warm-up: each run is a fresh CLI process, so a warm-up would only warm the file cache',
      },
      {
        label: 'scale3',
        scale: 3,
        maxRuns: 3,
        maxWarmup: 0,
        note: 'about 3 minutes a run: 3 runs, no warm-up (each run is a fresh CLI process)',
      },
      {
        label: 'scale10',
        scale: 10,
        maxRuns: 1,
        maxWarmup: 0,
        note: 'about 19M annotations, many minutes a run: 1 run, no warm-up',
      },
    ];

for (const size of sizes) {
  const classes = Math.round((size.classes ?? 1000) * (size.scale ?? 1));
  registerBenchmark(
    `cli.e2e.${size.label}`,
    async () => {
      const dir = await mkdtemp(join(tmpdir(), 'dsrep-bench-'));
      let runs = 0;
      return {
        // Known only after a run: kept as the `annotations` metric.
        rows: 0,
        run: async () => {
          const out = join(dir, String(runs++));
          const metrics = await runExperiment(out, {
            classes: size.classes,
            scale: size.scale,
          });
          // Outputs of a scale 10 run take gigabytes; keep one at a time.
          await rm(out, { recursive: true, force: true });
          const extra: Record<string, number> = {
            peakRssMiB: metrics.maxRssBytes / 2 ** 20,
            totalMillis: metrics.totalMillis,
          };
          for (const step of metrics.steps) {
            extra[`${step.id}.millis`] = step.millis;
            // clean reads the annotations and nothing else here.
            if (step.id === 'clean') extra.annotations = step.rowsIn;
          }
          return extra;
        },
        teardown: () => rm(dir, { recursive: true, force: true }),
      };
    },
    {
      doc: `dsrep run remeasure end to end at ${classes} classes (CLI process${quickLabel})`,
      ...(size.maxRuns !== undefined ? { maxRuns: size.maxRuns } : {}),
      ...(size.maxWarmup !== undefined ? { maxWarmup: size.maxWarmup } : {}),
      ...(size.note ? { note: size.note } : {}),
    },
  );
}
