/**
 * Measures ingest of a large canonical annotations CSV (default 2M
 * rows, generated into the OS temp dir by DuckDB). Not part of the test
 * run. Usage: node --conditions=source --import tsx bench/csv.ts [rows]
 * Prints one JSON line: rows, seconds, rows per second, peak RSS (MiB).
 */
import { rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { quoteLiteral, runStage, type DsrepError } from '@dsrep/core';
import { stage } from '../src/index.js';

const rows = Number(process.argv[2] ?? 2_000_000);
const file = join(tmpdir(), `dsrep-ingest-bench-${rows}.csv`);

// 48-image grids of one class, 40 workers per grid, as in DESIGN.md.
const db = await DuckDBInstance.create(':memory:');
const conn = await db.connect();
await conn.run(
  `COPY (SELECT 'w' || ((i // 1920 * 7 + i % 1920 // 48) % 997) AS worker_id,
     'g' || (i // 1920) || ':' || (i % 1920 // 48) AS assignment_id,
     'g' || (i // 1920) AS grid_id,
     'img' || ((i // 1920) * 48 + i % 48) AS image_id,
     'c' || (i // 1920 // 20) AS class_id,
     'candidate' AS role, '' AS control_kind,
     CASE WHEN hash(i) % 3 = 0 THEN '1' ELSE '0' END AS selected,
     '2019-09-03T04:15:31Z' AS submitted_at
   FROM range(${rows}) t(i)) TO ${quoteLiteral(file)} (HEADER)`,
);
conn.closeSync();
db.closeSync();

let peak = 0;
const timer = setInterval(() => {
  peak = Math.max(peak, process.memoryUsage().rss);
}, 50);
const started = performance.now();
const run = await runStage(
  stage,
  {},
  { sources: [{ format: 'csv', table: 'annotations', path: file }] },
  { seed: 1 },
);
const seconds = (performance.now() - started) / 1000;
clearInterval(timer);
peak = Math.max(peak, process.memoryUsage().rss);

// File order must survive DuckDB's parallel reader: check a late row,
// then break one far down the file and expect its row number back.
const late = run.tables['annotations']?.get(rows - 7)?.toJSON();
const i = rows - 7;
const orderOk =
  late?.['image_id'] === `img${Math.floor(i / 1920) * 48 + (i % 48)}`;
const db2 = await DuckDBInstance.create(':memory:');
const conn2 = await db2.connect();
const bad = `${file}.bad.csv`;
await conn2.run(
  `CREATE TABLE t AS SELECT * FROM read_csv(${quoteLiteral(file)}, ` +
    'all_varchar = true)',
);
await conn2.run(
  `COPY (SELECT * REPLACE (CASE WHEN rowid = ${rows - 100} THEN 'maybe' ` +
    `ELSE selected END AS selected) FROM t ORDER BY rowid) ` +
    `TO ${quoteLiteral(bad)} (HEADER)`,
);
conn2.closeSync();
db2.closeSync();
let errorRow: number | undefined;
try {
  await runStage(
    stage,
    {},
    { sources: [{ format: 'csv', table: 'annotations', path: bad }] },
    { seed: 1 },
  );
} catch (e) {
  errorRow = (e as DsrepError).location.row;
}
rmSync(file);
rmSync(bad);
console.log(
  JSON.stringify({
    orderOk,
    errorRowOk: errorRow === rows - 99,
    rows: run.tables['annotations']?.numRows,
    seconds: Number(seconds.toFixed(2)),
    rowsPerSecond: Math.round(rows / seconds),
    peakRssMiB: Math.round(peak / 2 ** 20),
  }),
);
