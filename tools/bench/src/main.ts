import { spawn } from 'node:child_process';
import {
  mkdtempSync,
  mkdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import os, { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { gitState, machine, repoRoot } from './machine.js';
import { formatTable, scalingChart } from './table.js';
import type { BenchResult } from './stats.js';

/*
 * The bench harness: `pnpm bench [--quick] [--runs N] [--warmup N]
 * [--list] [--show FILE] [name filters...]`. Each selected benchmark runs in a fresh
 * `node --expose-gc` child; results go to bench/results/latest.json and
 * bench/results/<git short sha>.json at the repo root, and a table is
 * printed.
 */

const here = fileURLToPath(new URL('.', import.meta.url));
const packageDir = join(here, '..');

const { values, positionals } = parseArgs({
  args: process.argv.slice(2).filter((a) => a !== '--'),
  allowPositionals: true,
  options: {
    quick: { type: 'boolean', default: false },
    runs: { type: 'string' },
    warmup: { type: 'string' },
    list: { type: 'boolean', default: false },
    'no-write': { type: 'boolean', default: false },
    show: { type: 'string' },
  },
});

// `--show FILE`: print the table and chart of a results file, run nothing.
if (values.show !== undefined) {
  const saved = JSON.parse(readFileSync(values.show, 'utf8')) as {
    benchmarks: BenchResult[];
  };
  console.log(formatTable(saved.benchmarks));
  const chart = scalingChart(saved.benchmarks);
  if (chart) console.log('\n' + chart);
  process.exit(0);
}

const quick = values.quick ?? false;
const runs = Number(values.runs ?? (quick ? 3 : 5));
const warmup = Number(values.warmup ?? 1);
if (!(runs >= 1 && warmup >= 0)) {
  throw new Error(`--runs must be >= 1 and --warmup >= 0`);
}
// Benchmark files read the mode when they register.
process.env.DSREP_BENCH_QUICK = quick ? '1' : '0';
const { benchmarks } = await import('./registry.js');
await import('./benchmarks/index.js');

const selected = benchmarks().filter(
  (b) =>
    (!quick || b.quick) &&
    (positionals.length === 0 || positionals.some((p) => b.name.includes(p))),
);
if (values.list) {
  for (const b of selected) console.log(`${b.name.padEnd(28)} ${b.doc}`);
  process.exit(0);
}
if (selected.length === 0) throw new Error('no benchmark matches');

/** Runs one benchmark in a child process and reads its JSON. */
async function runChild(name: string): Promise<BenchResult> {
  const dir = mkdtempSync(join(tmpdir(), 'dsrep-bench-'));
  const out = join(dir, 'result.json');
  // The child's stderr is shown as it comes; its end explains a failure.
  let stderr = '';
  try {
    const code = await new Promise<number | null>((resolve, reject) => {
      const child = spawn(
        process.execPath,
        ['--expose-gc', '--import', 'tsx', join(here, 'child.ts')],
        {
          cwd: packageDir,
          stdio: ['ignore', 'inherit', 'pipe'],
          env: {
            ...process.env,
            DSREP_BENCH_NAME: name,
            DSREP_BENCH_RUNS: String(runs),
            DSREP_BENCH_WARMUP: String(warmup),
            DSREP_BENCH_OUT: out,
          },
        },
      );
      child.stderr?.on('data', (chunk: Buffer) => {
        process.stderr.write(chunk);
        stderr = (stderr + chunk.toString()).slice(-2000);
      });
      child.on('error', reject);
      child.on('close', resolve);
    });
    if (code !== 0) {
      const why = stderr.trim().split('\n').slice(0, 3).join(' | ');
      throw new Error(`exited with ${code}: ${why}`);
    }
    return JSON.parse(readFileSync(out, 'utf8')) as BenchResult;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

// Fixtures (a finished pipeline run, say) are shared by the children
// and removed at the end.
const fixtures = mkdtempSync(join(tmpdir(), 'dsrep-bench-fixtures-'));
process.env.DSREP_BENCH_FIXTURES = fixtures;
const results: BenchResult[] = [];
const failed: { name: string; error: string }[] = [];
const started = performance.now();
// Other work on the machine skews every number: keep the load at start.
const loadAtStart = os.loadavg().map((x) => Number(x.toFixed(2)));
try {
  for (const b of selected) {
    process.stderr.write(`${b.name} ...\n`);
    // One failing benchmark (a stage broken on this commit, say) must
    // not lose the others: it is listed with its error.
    try {
      results.push(await runChild(b.name));
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      process.stderr.write(`${b.name} FAILED: ${message}\n`);
      failed.push({ name: b.name, error: message });
    }
  }
} finally {
  rmSync(fixtures, { recursive: true, force: true });
}

const root = repoRoot(packageDir);
const git = gitState(root);
const report = {
  schema: 1,
  date: new Date().toISOString(),
  git,
  mode: quick ? 'quick' : 'full',
  runs,
  warmup,
  totalSeconds: Number(((performance.now() - started) / 1000).toFixed(1)),
  machine: machine(),
  loadAverageAtStart: {
    '1m': loadAtStart[0],
    '5m': loadAtStart[1],
    '15m': loadAtStart[2],
  },
  benchmarks: results,
  failed,
};
if (!values['no-write']) {
  const dir = join(root, 'bench', 'results');
  mkdirSync(dir, { recursive: true });
  const text = JSON.stringify(report, null, 2) + '\n';
  writeFileSync(join(dir, 'latest.json'), text);
  writeFileSync(join(dir, `${git.sha}${quick ? '-quick' : ''}.json`), text);
}
console.log(formatTable(results));
const chart = scalingChart(results);
if (chart) console.log('\n' + chart);
console.log(
  `${report.machine.cpuModel} x${report.machine.cpus}, ` +
    `${report.machine.totalMemoryGiB} GiB, node ${report.machine.node}, ` +
    `${git.sha}${git.dirty ? ' (uncommitted changes)' : ''}, ` +
    `${report.totalSeconds}s`,
);
for (const f of failed) console.log(`FAILED ${f.name}: ${f.error}`);
if (failed.length > 0) process.exitCode = 1;
