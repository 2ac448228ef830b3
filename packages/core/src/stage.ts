import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import type { DuckDBValue } from '@duckdb/node-api';
import type { Table } from 'apache-arrow';
import type { z } from 'zod';
import { loadArrow, queryArrow } from './bridge.js';
import { DsrepError } from './errors.js';
import { parseStageParams } from './params.js';
import { silentProgress, type Progress } from './progress.js';
import { RandomStream } from './random.js';
import type { TableContract } from './schemas.js';
import { checkTable } from './validate.js';

/** One input table of a stage. */
export interface StageInput {
  name: string;
  required: boolean;
  /** When given, the table is checked against it before `run`. */
  contract?: TableContract;
}

/** What `run` receives: inputs as DuckDB tables, a stream, a reporter. */
export interface StageContext<P> {
  /** Connection to an in-memory DuckDB holding every present input. */
  conn: DuckDBConnection;
  /** Validated parameters. */
  params: P;
  /** The stage's stream, derived from the run seed and the stage name. */
  rng: RandomStream;
  progress: Progress;
  /** The input tables as Arrow, by name (present ones only). */
  inputs: Readonly<Record<string, Table>>;
  /** Runs SQL and returns the result as an Arrow table. */
  query(sql: string, params?: DuckDBValue[]): Promise<Table>;
  /** Whether an optional input was supplied. */
  has(name: string): boolean;
}

/** What a stage returns. Libraries never print: warnings are data. */
export interface StageResult {
  tables: Record<string, Table>;
  /** Non-table outputs (the report's HTML, Markdown, CSV, JSON). */
  files?: Record<string, string | Uint8Array>;
  /** Small deterministic facts for the summary line and the report. */
  metrics?: Record<string, number | string>;
  warnings?: string[];
}

/**
 * The Stage contract of DESIGN.md: a name, the tables it reads, the
 * tables it writes, a zod schema of its parameters and `run`.
 */
export interface Stage<P = unknown> {
  name: string;
  doc: string;
  inputs: readonly StageInput[];
  outputs: readonly string[];
  params: z.ZodType<P>;
  run(ctx: StageContext<P>): Promise<StageResult>;
}

export interface RunOptions {
  seed: number;
  progress?: Progress;
  /** DuckDB worker threads; results never depend on it. */
  threads?: number;
}

/** A finished stage: its result plus row counts and wall time. */
export interface StageRun extends StageResult {
  stage: string;
  rowsIn: number;
  rowsOut: number;
  millis: number;
}

/**
 * Runs one stage on Arrow tables: validates parameters and inputs,
 * registers inputs in a fresh in-memory DuckDB, calls `run` with a stream
 * derived from `seed` and the stage's name, and checks that every
 * declared output came back.
 */
export async function runStage<P>(
  stage: Stage<P>,
  inputs: Record<string, Table>,
  rawParams: unknown,
  options: RunOptions,
): Promise<StageRun> {
  const started = performance.now();
  const params = parseStageParams(stage.name, stage.params, rawParams);

  const present: Record<string, Table> = {};
  for (const input of stage.inputs) {
    const table = inputs[input.name];
    if (!table) {
      if (input.required) {
        throw new DsrepError(
          'MISSING_INPUT',
          `stage "${stage.name}" needs table "${input.name}", which no ` +
            'upstream stage or input directory provided',
        );
      }
      continue;
    }
    if (input.contract) checkTable(table, input.contract, input.name);
    present[input.name] = table;
  }

  const instance = await DuckDBInstance.create(':memory:', {
    threads: String(options.threads ?? 2),
  });
  const conn = await instance.connect();
  try {
    for (const [name, table] of Object.entries(present)) {
      await loadArrow(conn, name, table);
    }
    const result = await stage.run({
      conn,
      params,
      rng: RandomStream.fromSeed(options.seed).derive(`stage:${stage.name}`),
      progress: options.progress ?? silentProgress,
      inputs: present,
      query: (sql, params) => queryArrow(conn, sql, params),
      has: (name) => name in present,
    });
    for (const name of stage.outputs) {
      if (!result.tables[name]) {
        throw new DsrepError(
          'INTERNAL',
          `stage "${stage.name}" did not return its output "${name}"`,
        );
      }
    }
    const rowsIn = Object.values(present).reduce((s, t) => s + t.numRows, 0);
    const rowsOut = Object.values(result.tables).reduce(
      (s, t) => s + t.numRows,
      0,
    );
    return {
      ...result,
      stage: stage.name,
      rowsIn,
      rowsOut,
      millis: performance.now() - started,
    };
  } finally {
    conn.closeSync();
    instance.closeSync();
  }
}
