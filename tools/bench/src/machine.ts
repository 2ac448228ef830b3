import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import os from 'node:os';
import { dirname, join } from 'node:path';

/** The machine a run was measured on. */
export function machine() {
  const cpus = os.cpus();
  return {
    os: `${os.type()} ${os.release()}`,
    arch: os.arch(),
    cpuModel: cpus[0]?.model.trim() ?? 'unknown',
    cpus: cpus.length,
    totalMemoryGiB: Number((os.totalmem() / 2 ** 30).toFixed(1)),
    node: process.version,
    loadAverage1m: Number(os.loadavg()[0]?.toFixed(2)),
  };
}

/**
 * The commit measured (short sha) and whether the tree had changes.
 * Outside a git checkout (say an exported snapshot, measured while
 * others edit the working tree) DSREP_BENCH_COMMIT names it.
 */
export function gitState(cwd: string): { sha: string; dirty: boolean } {
  const given = process.env.DSREP_BENCH_COMMIT;
  if (given) return { sha: given, dirty: true };
  try {
    const git = (...args: string[]) =>
      execFileSync('git', args, {
        cwd,
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'ignore'],
      }).trim();
    return {
      sha: git('rev-parse', '--short', 'HEAD'),
      dirty: git('status', '--porcelain').length > 0,
    };
  } catch {
    return { sha: 'nogit', dirty: false };
  }
}

/** The workspace root: the nearest folder with pnpm-workspace.yaml. */
export function repoRoot(from: string): string {
  let dir = from;
  while (!existsSync(join(dir, 'pnpm-workspace.yaml'))) {
    const up = dirname(dir);
    if (up === dir) throw new Error(`no pnpm-workspace.yaml above ${from}`);
    dir = up;
  }
  return dir;
}
