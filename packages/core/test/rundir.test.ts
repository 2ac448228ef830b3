import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import type { Table } from 'apache-arrow';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadArrow, queryArrow } from '../src/bridge.js';
import { canonicalTable, dictColumn, makeTable } from '../src/columns.js';
import { DsrepError } from '../src/errors.js';
import {
  MANIFEST,
  readManifest,
  readStageTables,
  writeStageDir,
} from '../src/rundir.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'dsrep-rundir-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const counts = () =>
  makeTable({
    image_id: dictColumn(['a', 'b', null, 'a']),
    k: { kind: 'int32', values: Int32Array.from([1, 2, 3, 4]) },
    rows: {
      kind: 'int64',
      values: BigInt64Array.from([1n, 2n ** 60n, 0n, -5n]),
    },
    at: {
      kind: 'timestamp',
      values: BigInt64Array.from([-1n, 0n, 7n, 99n]),
      valid: Uint8Array.from([1, 1, 0, 1]),
    },
  });

const json = (t: Table) =>
  JSON.stringify(t.toArray(), (_, v) => (typeof v === 'bigint' ? `${v}n` : v));

async function codeOf(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (e) {
    return e instanceof DsrepError ? e.code : `not a DsrepError: ${e}`;
  }
  return 'no error';
}

describe('stage directories', () => {
  it('round-trips tables through writeStageDir and readStageTables', async () => {
    const { manifest } = await writeStageDir(
      dir,
      { stage: 'test', tables: { counts: counts() }, metrics: { m: 1 } },
      { seed: 5, params: { x: 1 } },
    );
    expect(manifest.tables.counts?.rows).toBe(4);
    expect((await readManifest(dir)).seed).toBe(5);
    const back = await readStageTables([dir], ['counts', 'absent']);
    expect(Object.keys(back)).toEqual(['counts']);
    expect(json(back.counts as Table)).toBe(json(counts()));
  });

  it('reports a missing or deleted manifest as MISSING_INPUT', async () => {
    expect(await codeOf(readStageTables([join(dir, 'nope')], ['x']))).toBe(
      'MISSING_INPUT',
    );
    await writeStageDir(
      dir,
      { stage: 's', tables: { counts: counts() } },
      {
        seed: 1,
        params: {},
      },
    );
    await rm(join(dir, MANIFEST));
    expect(await codeOf(readStageTables([dir], ['counts']))).toBe(
      'MISSING_INPUT',
    );
  });

  it('reports a file changed after writing as BAD_INPUT', async () => {
    await writeStageDir(
      dir,
      { stage: 's', tables: { counts: counts() } },
      {
        seed: 1,
        params: {},
      },
    );
    const path = join(dir, 'counts.arrow');
    const bytes = await readFile(path);
    bytes[bytes.length - 20] = (bytes[bytes.length - 20] as number) ^ 0xff;
    await writeFile(path, bytes);
    const error = await readStageTables([dir], ['counts']).catch((e) => e);
    expect(error).toBeInstanceOf(DsrepError);
    expect((error as DsrepError).code).toBe('BAD_INPUT');
    expect((error as DsrepError).location.file).toBe(path);

    await rm(path);
    expect(await codeOf(readStageTables([dir], ['counts']))).toBe('BAD_INPUT');
  });

  it('writes byte-identical files for equal tables with other dictionary ids', async () => {
    // The same table twice: once from makeTable (ids by position), once
    // out of DuckDB (ids from a global counter), then sliced so that
    // offsets differ too.
    const a = counts();
    const instance = await DuckDBInstance.create(':memory:');
    const conn = await instance.connect();
    await queryArrow(conn, "SELECT 'burn' AS s"); // advance the id counter
    await loadArrow(conn, 'c', a);
    const b = await queryArrow(conn, 'SELECT * FROM c');
    conn.closeSync();
    instance.closeSync();
    const ids = (t: Table) =>
      t.schema.fields.map((f) => (f.type as { id?: number }).id);
    expect(ids(a)).not.toEqual(ids(b));

    const d1 = join(dir, 'one');
    const d2 = join(dir, 'two');
    const d3 = join(dir, 'three');
    const meta = { seed: 1, params: { p: [1, 2] } };
    await writeStageDir(d1, { stage: 's', tables: { t: a } }, meta);
    await writeStageDir(d2, { stage: 's', tables: { t: b } }, meta);
    const wide = canonicalTable(a.concat(a)).slice(4, 8);
    expect(wide.getChild('k')?.data[0]?.offset).toBe(4);
    await writeStageDir(d3, { stage: 's', tables: { t: wide } }, meta);
    const f1 = await readFile(join(d1, 't.arrow'));
    expect(f1.equals(await readFile(join(d2, 't.arrow')))).toBe(true);
    expect(f1.equals(await readFile(join(d3, 't.arrow')))).toBe(true);
    expect(await readFile(join(d1, MANIFEST), 'utf8')).toBe(
      await readFile(join(d2, MANIFEST), 'utf8'),
    );
  });

  it('canonicalTable keeps values of sliced int64 and timestamp columns', () => {
    const t = counts().slice(1, 4);
    const c = canonicalTable(t);
    expect(c.getChild('rows')?.toArray()).toEqual(
      BigInt64Array.from([2n ** 60n, 0n, -5n]),
    );
    expect([0, 1, 2].map((i) => c.getChild('at')?.get(i))).toEqual([
      0,
      null,
      99,
    ]);
  });

  it('canonicalTable merges batches whose dictionaries differ', () => {
    const one = makeTable({ w: dictColumn(['y', 'x', null]) });
    const two = makeTable({ w: dictColumn(['z', 'y', 'y']) });
    const c = canonicalTable(one.concat(two));
    expect(c.batches.length).toBe(1);
    const data = c.getChild('w')?.data[0];
    expect(data?.dictionary?.toArray()).toEqual(['y', 'x', 'z']);
    expect([...(data?.values as Int32Array)]).toEqual([0, 1, 0, 2, 0, 0]);
    expect(c.getChild('w')?.toArray()).toEqual(['y', 'x', null, 'z', 'y', 'y']);
  });
});
