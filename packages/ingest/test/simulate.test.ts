import { describe, expect, it } from 'vitest';
import { RandomStream } from '@dsrep/core';
import type { Table } from 'apache-arrow';
import { exportMTurk, simulate } from '../../simulate/src/index.js';
import { ingest, rows, tempDir } from './helpers.js';

// Round trip through the simulator's MTurk export (MTURK_FORMAT.md):
// the batch files read back must give exactly the simulated rows.
const params = {
  preset: 'original' as const,
  classes: 3,
  models: 2,
  // Many bad workers, so that some assignments are surely rejected.
  workerShares: { good: 0.6, everything: 0.1, nothing: 0.15, random: 0.15 },
};

/** Rows as sorted JSON lines, for comparison regardless of order. */
function canonicalRows(table: Table | undefined): string[] {
  return rows(table)
    .map((r) =>
      JSON.stringify({ ...r, submitted_at: Number(r['submitted_at']) }),
    )
    .sort();
}

describe('MTurk files written by @dsrep/simulate', () => {
  it('read back into the simulated annotations table', async () => {
    const dir = tempDir();
    const out = await exportMTurk(params, 9, dir);
    const memory = simulate(
      params,
      RandomStream.fromSeed(9).derive('stage:simulate'),
    );
    const sources = out.files.map((path) => ({ format: 'mturk', path }));

    const all = await ingest({
      sources: sources.map((s) => ({ ...s, layout: { excludeStatuses: [] } })),
    });
    const expected = memory.tables.annotations;
    expect(all.tables['annotations']?.numRows, 'rows').toBe(expected.numRows);
    expect(canonicalRows(all.tables['annotations'])).toEqual(
      canonicalRows(expected),
    );

    // By default rejected assignments are dropped into the ledger.
    const kept = await ingest({ sources });
    const ledger = rows(kept.tables['ledger_ingest']);
    const dropped = Number(
      ledger.find((r) => r['action'] === 'dropped')?.['rows'],
    );
    expect(dropped, 'some assignments rejected').toBeGreaterThan(0);
    expect(dropped % 48, 'whole grids of 48 images dropped').toBe(0);
    expect(
      kept.tables['annotations']?.numRows,
      'rows in = kept + dropped',
    ).toBe(expected.numRows - dropped);
  });
});
