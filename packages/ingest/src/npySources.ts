import type { DuckDBConnection } from '@duckdb/node-api';
import {
  DsrepError,
  dictColumn,
  boolColumn,
  loadArrow,
  makeTable,
  quoteIdent,
  type ColumnInput,
} from '@dsrep/core';
import type { Table } from 'apache-arrow';
import { countRules } from './canonical.js';
import { resolvePath } from './files.js';
import { readNpy, type NpyArray } from './npy.js';
import type { NpySource } from './params.js';
import { projectTyped } from './project.js';
import { ROW } from './raw.js';
import type { ReadOutcome, ReadTarget } from './read.js';
import { CONTRACT_OF } from './typing.js';

/**
 * Reads NumPy sources. `counts`: `path` is an (images x classes) vote
 * matrix and `labels` the true class per image; each image gives one
 * row for its true class with k = votes for it and n = the row sum.
 * `predictions`: `path` holds predicted class indices, `labels` true
 * ones; correct = predicted == true. Row i is image `prefix + i`.
 */
export async function readNpySource(
  source: NpySource,
  at: ReadTarget,
): Promise<ReadOutcome> {
  const file = resolvePath(at.dataDir, source.path);
  const labelsFile = resolvePath(at.dataDir, source.labels);
  const table =
    source.table === 'counts'
      ? await countsFromNpy(source, file, labelsFile)
      : await predictionsFromNpy(source, file, labelsFile);
  const rows = await projectArrow(at.conn, table, source.table, file, at);
  return { target: source.table, name: at.name, file, rows, ledger: [] };
}

async function countsFromNpy(
  source: NpySource,
  file: string,
  labelsFile: string,
): Promise<Table> {
  const votes = await readNpy(file, [null, null]);
  const [images = 0, k = 0] = votes.shape;
  const classes = classNames(source, k, file);
  const labels = await readNpy(labelsFile, [images]);
  checkLabels(labels, k, labelsFile, 'label');

  const selected = new Int32Array(images);
  const annotators = new Int32Array(images);
  for (let i = 0; i < images; i++) {
    let sum = 0;
    for (let j = 0; j < k; j++) sum += votes.values[i * k + j] as number;
    annotators[i] = sum;
    selected[i] = votes.values[i * k + (labels.values[i] as number)] as number;
  }
  return makeTable({
    image_id: imageIds(source.imageIdPrefix, images),
    class_id: dictColumn(
      Array.from(labels.values, (l) => classes[l] as string),
    ),
    role: dictColumn(new Array<string>(images).fill(source.role)),
    selected_count: { kind: 'int32', values: selected },
    annotator_count: { kind: 'int32', values: annotators },
  });
}

async function predictionsFromNpy(
  source: NpySource,
  file: string,
  labelsFile: string,
): Promise<Table> {
  const predicted = await readNpy(file, [null]);
  const images = predicted.shape[0] ?? 0;
  const labels = await readNpy(labelsFile, [images]);
  const k = source.classes?.length ?? Number.MAX_SAFE_INTEGER;
  checkLabels(predicted, k, file, 'predicted');
  checkLabels(labels, k, labelsFile, 'label');
  return makeTable({
    image_id: imageIds(source.imageIdPrefix, images),
    model: dictColumn(new Array<string>(images).fill(source.model)),
    correct: boolColumn(
      Array.from(predicted.values, (p, i) => p === labels.values[i]),
    ),
  });
}

function classNames(source: NpySource, k: number, file: string) {
  if (!source.classes) return Array.from({ length: k }, (_, i) => String(i));
  if (source.classes.length !== k) {
    throw new DsrepError(
      'BAD_CONFIG',
      `classes lists ${source.classes.length} names, but the vote ` +
        `matrix has ${k} columns; expected one name per column`,
      { file },
    );
  }
  return source.classes;
}

function checkLabels(a: NpyArray, k: number, file: string, what: string) {
  const bad = a.values.findIndex((v) => v < 0 || v >= k);
  if (bad >= 0) {
    throw new DsrepError(
      'BAD_INPUT',
      `${what} ${a.values[bad]} is not a class index; expected 0 to ${k - 1}`,
      { file, row: bad + 1, column: what },
    );
  }
}

function imageIds(prefix: string, n: number): ColumnInput {
  return dictColumn(Array.from({ length: n }, (_, i) => `${prefix}${i}`));
}

/** Loads a typed Arrow table and validates it like a text source. */
async function projectArrow(
  conn: DuckDBConnection,
  table: Table,
  target: 'counts' | 'predictions',
  file: string,
  at: ReadTarget,
): Promise<number> {
  const rawName = `${at.name}__raw`;
  await loadArrow(conn, rawName, table);
  const exprs: Record<string, string> = {};
  for (const spec of CONTRACT_OF[target].columns) {
    exprs[spec.name] = `CAST(${quoteIdent(spec.name)} AS VARCHAR)`;
  }
  const rows = await projectTyped(
    conn,
    {
      target,
      from: rawName,
      file,
      rowSql: ROW,
      exprs,
      origins: {},
      extraRules: target === 'counts' ? countRules(exprs) : [],
    },
    at.name,
  );
  await conn.run(`DROP TABLE ${quoteIdent(rawName)}`);
  return rows;
}
