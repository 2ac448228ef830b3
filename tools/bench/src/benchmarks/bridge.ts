import { DuckDBInstance } from '@duckdb/node-api';
import { loadArrow, queryArrow } from '@dsrep/core';
import { annotationsLike } from '../fixtures.js';
import { quickMode, registerBenchmark, sizeLabel } from '../registry.js';

/*
 * The Arrow <-> DuckDB bridge (DESIGN.md target: 4 million rows/s each
 * way) on an annotations-like table of 7 columns. `in` is loadArrow
 * into a fresh table; `out` is queryArrow of `SELECT *`. The `short`
 * variants use ids of at most 12 bytes, which DuckDB stores inline.
 */

const sizes = quickMode() ? [500_000] : [100_000, 1_000_000, 2_000_000];

async function open() {
  const instance = await DuckDBInstance.create(':memory:', { threads: '2' });
  const conn = await instance.connect();
  return {
    conn,
    close: async () => {
      conn.closeSync();
      instance.closeSync();
    },
  };
}

for (const short of quickMode() ? [false] : [false, true]) {
  const variant = short ? '.short' : '';
  for (const rows of short ? sizes.slice(-1) : sizes) {
    const label = sizeLabel(rows);
    registerBenchmark(
      `bridge.in${variant}.${label}`,
      async () => {
        const table = annotationsLike(rows, short);
        const db = await open();
        return {
          rows,
          run: () => loadArrow(db.conn, 'annotations', table),
          teardown: db.close,
        };
      },
      {
        doc: `loadArrow of ${label} annotation rows${short ? ' (short ids)' : ''}`,
      },
    );
    registerBenchmark(
      `bridge.out${variant}.${label}`,
      async () => {
        const db = await open();
        await loadArrow(db.conn, 'annotations', annotationsLike(rows, short));
        return {
          rows,
          run: async () => {
            const t = await queryArrow(db.conn, 'SELECT * FROM annotations');
            if (t.numRows !== rows) throw new Error(`got ${t.numRows} rows`);
          },
          teardown: db.close,
        };
      },
      {
        doc: `queryArrow SELECT * of ${label} annotation rows${short ? ' (short ids)' : ''}`,
      },
    );
  }
}
