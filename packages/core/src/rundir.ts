import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { tableToIPC, type Table } from 'apache-arrow';
import { FLOAT_DIGITS, canonicalTable } from './columns.js';
import { DsrepError } from './errors.js';
import { readIpc, writeFileAtomic } from './ipc.js';
import type { StageResult } from './stage.js';

/** Name of the file that marks a stage directory as complete. */
export const MANIFEST = '_manifest.json';

/** Contents of `_manifest.json`: deterministic, no times or paths. */
export interface Manifest {
  stage: string;
  seed: number;
  params: unknown;
  tables: Record<string, { rows: number; sha256: string }>;
  files: Record<string, { sha256: string }>;
  metrics: Record<string, number | string>;
  warnings: string[];
}

const sha256 = (b: Uint8Array | string) =>
  createHash('sha256').update(b).digest('hex');

/**
 * Writes a stage's outputs to `dir`: first removes the old manifest (so
 * an interrupted run leaves a directory nobody trusts), then writes each
 * table as `<name>.arrow` and each file atomically, and the manifest
 * last, listing a checksum of everything it vouches for. Returns the
 * manifest and the tables exactly as written (canonical: dictionaries
 * renumbered, floats rounded), which a chained run hands to the next
 * stage so that it sees what a run from the folder would read.
 */
export async function writeStageDir(
  dir: string,
  result: StageResult & { stage: string },
  meta: { seed: number; params: unknown },
): Promise<{ manifest: Manifest; tables: Record<string, Table> }> {
  await mkdir(dir, { recursive: true });
  await rm(join(dir, MANIFEST), { force: true });

  const manifest: Manifest = {
    stage: result.stage,
    seed: meta.seed,
    params: meta.params ?? {},
    tables: {},
    files: {},
    metrics: roundMetrics(result.metrics ?? {}),
    warnings: result.warnings ?? [],
  };
  const written: Record<string, Table> = {};
  for (const name of Object.keys(result.tables).sort()) {
    const table = canonicalTable(result.tables[name] as Table);
    written[name] = table;
    const bytes = tableToIPC(table, 'file');
    await writeFileAtomic(join(dir, `${name}.arrow`), bytes);
    manifest.tables[name] = { rows: table.numRows, sha256: sha256(bytes) };
  }
  for (const name of Object.keys(result.files ?? {}).sort()) {
    const content = (result.files ?? {})[name] as string | Uint8Array;
    await writeFileAtomic(join(dir, name), content);
    manifest.files[name] = { sha256: sha256(content) };
  }
  await writeFileAtomic(
    join(dir, MANIFEST),
    JSON.stringify(manifest, null, 2) + '\n',
  );
  return { manifest, tables: written };
}

/** Reads and checks a stage directory's manifest; throws if absent. */
export async function readManifest(dir: string): Promise<Manifest> {
  const path = join(dir, MANIFEST);
  if (!existsSync(dir)) {
    throw new DsrepError(
      'MISSING_INPUT',
      `the folder ${dir} does not exist; check the path (a stage folder ` +
        'is <outDir>/<step>, e.g. data/runs/remeasure/simulate)',
    );
  }
  if (!existsSync(path)) {
    throw new DsrepError(
      'MISSING_INPUT',
      `the folder ${dir} holds no complete stage output (no ${MANIFEST}); ` +
        'run the upstream stage first, or it was interrupted and must be ' +
        'rerun',
    );
  }
  return JSON.parse(await readFile(path, 'utf8')) as Manifest;
}

/**
 * Reads the named tables from stage directories. Each directory must be
 * complete (manifest present, checksums equal); when several hold a
 * table, the last directory given wins.
 */
export async function readStageTables(
  dirs: readonly string[],
  names: readonly string[],
): Promise<Record<string, Table>> {
  const found: Record<string, Table> = {};
  for (const dir of dirs) {
    const manifest = await readManifest(dir);
    for (const name of names) {
      const entry = manifest.tables[name];
      if (!entry) continue;
      const path = join(dir, `${name}.arrow`);
      const bytes = await readFile(path).catch(() => undefined);
      if (!bytes || sha256(bytes) !== entry.sha256) {
        throw new DsrepError(
          'BAD_INPUT',
          'file does not match its manifest (changed or half-written); ' +
            'rerun the stage that wrote it',
          { file: path },
        );
      }
      found[name] = await readIpc(path);
    }
  }
  return found;
}

/** Float metrics keep 12 significant digits, as tables do (roundFloats). */
function roundMetrics(
  metrics: Record<string, number | string>,
): Record<string, number | string> {
  const out: Record<string, number | string> = {};
  for (const [key, value] of Object.entries(metrics)) {
    out[key] =
      typeof value === 'number' &&
      !Number.isInteger(value) &&
      Number.isFinite(value)
        ? Number(value.toPrecision(FLOAT_DIGITS))
        : value;
  }
  return out;
}
