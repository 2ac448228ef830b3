import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import {
  loadArrow,
  quoteLiteral,
  readStageTables,
  runStage,
} from '@dsrep/core';
import { stage as ingest } from '@dsrep/ingest';
import { experimentDirs } from '../experiment.js';
import { quickMode, registerBenchmark } from '../registry.js';

/*
 * The ingest stage reading a canonical annotations file: the
 * simulator's annotations of the remeasure experiment (1,000 classes,
 * about 1.9 million rows; 100 classes in quick mode), written once to
 * CSV and to Parquet by DuckDB's COPY, then read, typed and checked by
 * `runStage(ingest, {}, { sources: [...] })` in this process.
 */

const classes = quickMode() ? 100 : 1000;

/** Writes the experiment's annotations as `<dir>/annotations.<ext>`. */
async function writeAnnotations(
  dir: string,
  format: 'csv' | 'parquet',
): Promise<{ path: string; rows: number }> {
  const run = await experimentDirs(classes);
  const { annotations } = await readStageTables(
    [join(run, 'simulate')],
    ['annotations'],
  );
  if (!annotations) throw new Error(`no annotations in ${run}/simulate`);
  const instance = await DuckDBInstance.create(':memory:', { threads: '2' });
  const conn = await instance.connect();
  const path = join(dir, `annotations.${format}`);
  try {
    await loadArrow(conn, 'annotations', annotations);
    const options = format === 'csv' ? 'FORMAT csv, HEADER' : 'FORMAT parquet';
    await conn.run(`COPY annotations TO ${quoteLiteral(path)} (${options})`);
  } finally {
    conn.closeSync();
    instance.closeSync();
  }
  return { path, rows: annotations.numRows };
}

for (const format of ['csv', 'parquet'] as const) {
  registerBenchmark(
    `ingest.${format}.${classes}classes`,
    async () => {
      const dir = await mkdtemp(join(tmpdir(), 'dsrep-bench-'));
      const { path, rows } = await writeAnnotations(dir, format);
      const params = { sources: [{ table: 'annotations', format, path }] };
      return {
        rows,
        run: async () => {
          const run = await runStage(ingest, {}, params, { seed: 1 });
          const n = run.tables.annotations?.numRows;
          if (n !== rows) throw new Error(`ingest kept ${n} of ${rows} rows`);
        },
        teardown: () => rm(dir, { recursive: true, force: true }),
      };
    },
    {
      doc:
        `ingest of the simulator's annotations (${classes} classes) ` +
        `from one ${format === 'csv' ? 'CSV' : 'Parquet'} file`,
    },
  );
}
