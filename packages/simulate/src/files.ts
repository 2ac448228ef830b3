import { createHash } from 'node:crypto';
import { mkdir, open, rename, rm, type FileHandle } from 'node:fs/promises';
import { basename, join } from 'node:path';
import {
  DsrepError,
  MANIFEST,
  RandomStream,
  canonicalTable,
  silentProgress,
  writeFileAtomic,
  type Manifest,
  type Progress,
} from '@dsrep/core';
import { tableToIPC, type Table } from 'apache-arrow';
import { modelTruths } from './models.js';
import { MTurkWriter } from './mturk.js';
import { simulateParams } from './params.js';
import {
  parseSimulateParams,
  setupSimulation,
  simulateClasses,
} from './simulate.js';
import { Tally, truthModelsTable } from './summary.js';
import {
  annotationsTable,
  predictionsTable,
  truthImagesTable,
} from './tables.js';

/** The end-of-stream marker of the Arrow IPC stream format. */
const EOS = new Uint8Array([0xff, 0xff, 0xff, 0xff, 0, 0, 0, 0]);

/**
 * An Arrow IPC *stream* file written batch by batch. Each table is
 * encoded on its own as a stream (schema, its dictionaries, its batch,
 * end marker); the first keeps its schema message, the later ones drop
 * it, and all drop the end marker until close. Every batch thus carries
 * replacement dictionaries with only its own ids, and only the batch
 * being written is in memory: the bytes go to disk before the next
 * batch is built (apache-arrow's streaming writer queues without limit
 * when the disk is slower than the generator).
 */
class IpcStreamFile {
  private readonly hash = createHash('sha256');
  private readonly tmp: string;
  private file: FileHandle | undefined;
  rows = 0;

  constructor(readonly path: string) {
    this.tmp = `${path}.tmp-${process.pid}`;
  }

  private async append(bytes: Uint8Array): Promise<void> {
    this.file ??= await open(this.tmp, 'w');
    this.hash.update(bytes);
    await this.file.write(bytes);
  }

  async write(table: Table): Promise<void> {
    const bytes = tableToIPC(table, 'stream');
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.length);
    if (view.getUint32(0, true) !== 0xffffffff) {
      throw new DsrepError('INTERNAL', 'Arrow stream without continuation');
    }
    // Message = continuation, int32 metadata length, metadata (padded);
    // a schema message has no body.
    const from = this.file ? 8 + view.getInt32(4, true) : 0;
    this.rows += table.numRows;
    await this.append(bytes.subarray(from, bytes.length - EOS.length));
  }

  /** Stops writing and removes the temporary file (after a failure). */
  async abort(): Promise<void> {
    await this.file?.close();
    await rm(this.tmp, { force: true });
  }

  /** Ends the stream and moves it in place; returns its checksum. */
  async close(): Promise<string> {
    await this.append(EOS);
    await this.file?.close();
    await rename(this.tmp, this.path);
    return this.hash.digest('hex');
  }
}

/** What `simulateToFiles` wrote. */
export interface SimulateSummary {
  annotations: number;
  images: number;
  workers: number;
  models: number;
  files: string[];
}

/**
 * Writes the simulated experiment to `outDir` as a stage directory the
 * pipeline can read (`<table>.arrow` plus `_manifest.json`, as core's
 * writeStageDir does), generating `classesPerBatch` classes at a time so
 * memory stays flat at any scale. annotations, predictions and
 * truth_images are Arrow IPC streams of one batch per class group; the
 * small tables are IPC files. With `mturk: true` the MTurk batch-results
 * CSVs go to `outDir/mturk/`. Same seed and params give the same tables
 * as the `simulate` stage run with that seed.
 */
export async function simulateToFiles(
  params: unknown,
  seed: number,
  outDir: string,
  progress: Progress = silentProgress,
): Promise<SimulateSummary> {
  const config = parseSimulateParams(params);
  const setup = setupSimulation(
    config,
    RandomStream.fromSeed(seed).derive('stage:simulate'),
  );
  await mkdir(outDir, { recursive: true });
  // An interrupted run must not leave a directory that looks complete.
  await rm(join(outDir, MANIFEST), { force: true });

  const streams = {
    annotations: new IpcStreamFile(join(outDir, 'annotations.arrow')),
    predictions: new IpcStreamFile(join(outDir, 'predictions.arrow')),
    truth_images: new IpcStreamFile(join(outDir, 'truth_images.arrow')),
  };
  const mturk = config.mturk
    ? await MTurkWriter.open(join(outDir, 'mturk'))
    : undefined;
  const tally = new Tally();

  progress.start('simulate classes', config.classes);
  try {
    for (let c = 0; c < config.classes; c += config.classesPerBatch) {
      const to = Math.min(config.classes, c + config.classesPerBatch);
      const sims = simulateClasses(setup, c, to);
      tally.add(sims, config, setup.workers);
      await streams.annotations.write(
        annotationsTable(sims, config, setup.workers),
      );
      await streams.predictions.write(predictionsTable(sims, setup.models));
      await streams.truth_images.write(truthImagesTable(sims));
      if (mturk) await mturk.add(sims, config, setup.workers);
      progress.tick(to - c);
    }
  } catch (error) {
    // Leave no half-written temporary files behind.
    for (const stream of Object.values(streams)) await stream.abort();
    await mturk?.abort();
    throw error;
  }
  progress.done();

  const manifest: Manifest = {
    stage: 'simulate',
    seed,
    params: simulateParams.parse(params ?? {}),
    tables: {},
    files: {},
    metrics: tally.metrics(config, setup.workers),
    warnings: [],
  };
  const files: string[] = [];
  for (const [name, stream] of Object.entries(streams)) {
    manifest.tables[name] = { rows: stream.rows, sha256: await stream.close() };
    files.push(stream.path);
  }
  const small: Record<string, Table> = {
    truth_models: truthModelsTable(modelTruths(setup.models, config)),
    ledger_simulate: tally.ledger(setup.models.length),
  };
  for (const [name, table] of Object.entries(small)) {
    const bytes = tableToIPC(canonicalTable(table), 'file');
    const path = join(outDir, `${name}.arrow`);
    await writeFileAtomic(path, bytes);
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    manifest.tables[name] = { rows: table.numRows, sha256 };
    files.push(path);
  }
  if (mturk) {
    for (const [path, sha256] of Object.entries(await mturk.close())) {
      manifest.files[join('mturk', basename(path))] = {
        sha256,
      };
      files.push(path);
    }
  }
  await writeFileAtomic(
    join(outDir, MANIFEST),
    JSON.stringify(manifest, null, 2) + '\n',
  );

  return {
    annotations: tally.annotations,
    images: tally.images,
    workers: setup.workers.ids.length,
    models: setup.models.length,
    files: [...files, join(outDir, MANIFEST)],
  };
}
