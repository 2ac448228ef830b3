import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { canonicalTable, readIpc, writeIpcAtomic } from '@dsrep/core';
import { annotationsLike } from '../fixtures.js';
import { quickMode, registerBenchmark, sizeLabel } from '../registry.js';

/*
 * Stage outputs on disk: canonicalTable (dictionary renumbering, one
 * batch) plus an atomic Arrow IPC file write, as writeStageDir does;
 * and reading such a file back.
 */

const rows = quickMode() ? 500_000 : 2_000_000;
const label = sizeLabel(rows);

registerBenchmark(
  `ipc.write.${label}`,
  async () => {
    const table = annotationsLike(rows);
    const dir = await mkdtemp(join(tmpdir(), 'dsrep-bench-'));
    return {
      rows,
      run: () => writeIpcAtomic(join(dir, 't.arrow'), canonicalTable(table)),
      teardown: () => rm(dir, { recursive: true, force: true }),
    };
  },
  { doc: `canonicalTable + IPC file write of ${label} annotation rows` },
);

registerBenchmark(
  `ipc.read.${label}`,
  async () => {
    const dir = await mkdtemp(join(tmpdir(), 'dsrep-bench-'));
    const path = join(dir, 't.arrow');
    await writeIpcAtomic(path, canonicalTable(annotationsLike(rows)));
    return {
      rows,
      run: async () => {
        const t = await readIpc(path);
        if (t.numRows !== rows) throw new Error(`got ${t.numRows} rows`);
      },
      teardown: () => rm(dir, { recursive: true, force: true }),
    };
  },
  { doc: `IPC file read of ${label} annotation rows` },
);
