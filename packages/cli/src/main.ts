#!/usr/bin/env node
import { writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import {
  DsrepError,
  createProgress,
  exitCodeOf,
  silentProgress,
  type Progress,
} from '@dsrep/core';
import { runPipeline, type StepSummary } from './commands/run.js';
import { runSimulateCommand } from './commands/simulate.js';
import { runStageCommand } from './commands/stage.js';
import { HELP } from './help.js';
import { loadPipeline } from './pipeline.js';
import { STAGES } from './registry.js';

const out = process.stdout;

function summaryLine(s: StepSummary): string {
  const n = (x: number) => x.toLocaleString('en-US');
  return (
    `${s.id.padEnd(10)} ${n(s.rowsIn).padStart(12)} rows in ` +
    `${n(s.rowsOut).padStart(12)} rows out ` +
    `${(s.millis / 1000).toFixed(1).padStart(7)} s`
  );
}

/** A stage's metrics as `key value` pairs, floats to 4 digits. */
function metricsLine(metrics: Record<string, number | string>): string {
  return Object.entries(metrics)
    .map(([k, v]) => {
      const text =
        typeof v === 'number' && !Number.isInteger(v)
          ? Number(v.toPrecision(4)).toString()
          : String(v);
      return `${k.replace(/_/g, ' ')} ${text}`;
    })
    .join(', ');
}

async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      help: { type: 'boolean', short: 'h' },
      in: { type: 'string', multiple: true },
      out: { type: 'string' },
      config: { type: 'string' },
      id: { type: 'string' },
      params: { type: 'string' },
      seed: { type: 'string' },
      set: { type: 'string', multiple: true },
      'metrics-json': { type: 'string' },
      quiet: { type: 'boolean' },
      preset: { type: 'string' },
      scale: { type: 'string' },
      classes: { type: 'string' },
      mturk: { type: 'boolean' },
    },
  });
  const [command, arg] = positionals;
  if (values.help || command === undefined || command === 'help') {
    out.write(HELP);
    return command === undefined && !values.help ? 2 : 0;
  }
  const progress: Progress = values.quiet ? silentProgress : createProgress();
  const seed = parseNumber(values.seed, '--seed');
  const started = performance.now();
  const steps: StepSummary[] = [];
  const report = (s: StepSummary) => {
    steps.push(s);
    if (values.quiet) return;
    out.write(summaryLine(s) + '\n');
    const facts = metricsLine(s.metrics);
    if (facts) out.write(`  ${facts}\n`);
    for (const w of s.warnings) out.write(`  warning: ${w}\n`);
  };

  switch (command) {
    case 'run': {
      if (arg === undefined) throw usage('dsrep run needs a config file');
      const overrides = [...(values.set ?? [])];
      if (seed !== undefined) overrides.push(`seed=${seed}`);
      // --out is relative to where the command runs, not to the config.
      if (values.out !== undefined) {
        overrides.push(`outDir=${JSON.stringify(resolve(values.out))}`);
      }
      const config = await loadPipeline(arg, overrides);
      await runPipeline(config, { progress, onStep: report });
      if (!values.quiet) out.write(`outputs in ${config.outDir}\n`);
      break;
    }
    case 'stage': {
      if (arg === undefined) throw usage('dsrep stage needs a stage name');
      if (values.out === undefined) throw usage('dsrep stage needs --out DIR');
      report(
        await runStageCommand(
          {
            name: arg,
            inDirs: values.in ?? [],
            outDir: values.out,
            config: values.config,
            id: values.id,
            params: values.params,
            seed,
            overrides: values.set,
          },
          progress,
        ),
      );
      break;
    }
    case 'simulate': {
      if (values.out === undefined) throw usage('dsrep simulate needs --out DIR');
      const summary = await runSimulateCommand(
        {
          preset: values.preset,
          scale: parseNumber(values.scale, '--scale'),
          classes: parseNumber(values.classes, '--classes'),
          seed: seed ?? 2020,
          mturk: values.mturk ?? false,
          outDir: values.out,
        },
        progress,
      );
      out.write(summary + '\n');
      break;
    }
    case 'stages':
      for (const s of STAGES) {
        const ins = s.inputs.map((i) => (i.required ? i.name : `${i.name}?`));
        out.write(`${s.name}: ${s.doc}\n  reads: ${ins.join(', ') || '-'}\n`);
        out.write(`  writes: ${s.outputs.join(', ') || 'files'}\n`);
      }
      break;
    default:
      throw usage(`unknown command "${command}"`);
  }

  if (values['metrics-json'] !== undefined) {
    const metrics = {
      command,
      totalMillis: performance.now() - started,
      maxRssBytes: process.resourceUsage().maxRSS * 1024,
      steps: steps.map(({ warnings: _w, ...s }) => s),
    };
    await writeFile(values['metrics-json'], JSON.stringify(metrics, null, 2));
  }
  return 0;
}

function usage(message: string): DsrepError {
  return new DsrepError('BAD_CONFIG', `${message}. Run dsrep --help.`);
}

function parseNumber(text: string | undefined, flag: string) {
  if (text === undefined) return undefined;
  const n = Number(text);
  if (!Number.isFinite(n)) throw usage(`${flag} expects a number, got "${text}"`);
  return n;
}

// Output piped into `head` closes early: that is not an error.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(0);
  throw error;
});

// `pnpm dsrep -- --help` passes the `--` through; drop a leading one.
const argv = process.argv.slice(2);
main(argv[0] === '--' ? argv.slice(1) : argv).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    if (error instanceof DsrepError) {
      process.stderr.write(`dsrep: ${error.message}\n`);
      if (process.env.DSREP_DEBUG && error.cause) console.error(error.cause);
    } else if (error instanceof Error && 'code' in error && String((error as { code: unknown }).code).startsWith('ERR_PARSE_ARGS')) {
      process.stderr.write(`dsrep: ${error.message}. Run dsrep --help.\n`);
      process.exitCode = 2;
      return;
    } else {
      process.stderr.write(
        `dsrep: internal error: ${(error as Error)?.stack ?? String(error)}\n`,
      );
    }
    process.exitCode = exitCodeOf(error);
  },
);
