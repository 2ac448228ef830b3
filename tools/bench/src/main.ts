import { spawn } from 'node:child_process';
import {
  mkdtempSync,
  mkdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { gitState, machine, repoRoot } from './machine.js';
import type { BenchResult } from './stats.js';

/*
 * The bench harness: `pnpm bench [--quick] [--runs N] [--warmup N]
 * [--list] [name filters...]`. Each selected benchmark runs in a fresh
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
  },
});

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
  try {
    const code = await new Promise<number | null>((resolve, reject) => {
      const child = spawn(
        process.execPath,
        ['--expose-gc', '--import', 'tsx', join(here, 'child.ts')],
        {
          cwd: packageDir,
          stdio: ['ignore', 'inherit', 'inherit'],
          env: {
            ...process.env,
            DSREP_BENCH_NAME: name,
            DSREP_BENCH_RUNS: String(runs),
            DSREP_BENCH_WARMUP: String(warmup),
            DSREP_BENCH_OUT: out,
          },
        },
      );
      child.on('error', reject);
      child.on('exit', resolve);
    });
    if (code !== 0) throw new Error(`benchmark ${name} exited with ${code}`);
    return JSON.parse(readFileSync(out, 'utf8')) as BenchResult;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const results: BenchResult[] = [];
const started = performance.now();
for (const b of selected) {
  process.stderr.write(`${b.name} ...\n`);
  results.push(await runChild(b.name));
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
  benchmarks: results,
};
if (!values['no-write']) {
  const dir = join(root, 'bench', 'results');
  mkdirSync(dir, { recursive: true });
  const text = JSON.stringify(report, null, 2) + '\n';
  writeFileSync(join(dir, 'latest.json'), text);
  writeFileSync(join(dir, `${git.sha}${quick ? '-quick' : ''}.json`), text);
}
console.log(formatTable(results));
console.log(
  `${report.machine.cpuModel} x${report.machine.cpus}, ` +
    `${report.machine.totalMemoryGiB} GiB, node ${report.machine.node}, ` +
    `${git.sha}${git.dirty ? ' (uncommitted changes)' : ''}, ` +
    `${report.totalSeconds}s`,
);

function formatTable(rows: BenchResult[]): string {
  const head = ['benchmark', 'median ms', 'min', 'max', 'M rows/s', 'peak MiB'];
  const body = rows.map((r) => [
    r.name,
    r.wallMs.median.toFixed(1),
    r.wallMs.min.toFixed(1),
    r.wallMs.max.toFixed(1),
    r.rowsPerSec ? (r.rowsPerSec.median / 1e6).toFixed(2) : '-',
    r.peakRssMiB.toFixed(0),
  ]);
  const widths = head.map((h, i) =>
    Math.max(h.length, ...body.map((row) => (row[i] as string).length)),
  );
  const line = (cells: string[]) =>
    cells
      .map((c, i) =>
        i === 0
          ? c.padEnd(widths[i] as number)
          : c.padStart(widths[i] as number),
      )
      .join('  ');
  return [line(head), ...body.map(line)].join('\n');
}
