import { DsrepError, quoteIdent, quoteLiteral } from '@dsrep/core';
import { formatOf } from './files.js';
import type { LedgerEntry } from './ledger.js';
import { mapColumns } from './mapping.js';
import type { WideSource } from './params.js';
import { checkRows, projectTyped } from './project.js';
import { loadSourceRaw, ROW } from './raw.js';
import type { ReadOutcome, ReadTarget } from './read.js';
import { rulesFor } from './typing.js';

/**
 * Reads a wide predictions table: an image id column and one column
 * `<prefix><model>` of correctness (0/1/true/false) per model, turned
 * into long rows (image_id, model, correct). A model column with no
 * values is an error; an empty cell is an error, or with
 * `missing: 'drop'` a dropped row counted in the ledger.
 */
export async function readWidePredictions(
  source: WideSource,
  at: ReadTarget,
): Promise<ReadOutcome> {
  const { file, rawName, raw } = await loadSourceRaw(
    source.path,
    source.fileFormat ?? formatOf(source.path),
    source.delimiter,
    at,
  );
  const { exprs, origins } = mapColumns(
    file,
    raw.columns,
    [{ name: 'image_id', nullable: false }],
    source.columns,
    source.defaults,
  );
  const models = raw.columns.filter(
    (c) => c.startsWith(source.prefix) && c !== origins['image_id'],
  );
  if (models.length === 0) {
    throw new DsrepError(
      'BAD_INPUT',
      `no model columns: expected columns named ${source.prefix}<model>; ` +
        `the file has: ${raw.columns.join(', ')}`,
      { file, row: 0 },
    );
  }
  await checkModels(at, rawName, file, models, source);

  // Check the wide cells where they are, so errors name the column.
  const cellExprs: Record<string, string> = { ...exprs };
  const rules = rulesFor(
    { name: 'image_id', type: 'dict', nullable: false, doc: 'image id' },
    exprs['image_id'] as string,
  );
  for (const m of models) {
    cellExprs[m] = quoteIdent(m);
    rules.push(
      ...rulesFor(
        {
          name: m,
          type: 'bool',
          nullable: source.missing === 'drop',
          doc: `whether model ${m.slice(source.prefix.length)} is correct`,
        },
        quoteIdent(m),
      ),
    );
  }
  const where = { target: 'predictions' as const, from: rawName, file };
  await checkRows(
    at.conn,
    { ...where, rowSql: ROW, exprs: cellExprs, origins },
    rules,
  );

  // Unpivot: one row per (image, model); empty cells are dropped here.
  const longName = `${at.name}__long`;
  const parts = models.map(
    (m) =>
      `SELECT ${exprs['image_id']} AS image_id, ` +
      `${quoteLiteral(m.slice(source.prefix.length))} AS model, ` +
      `${quoteIdent(m)} AS correct, ${ROW} AS __row ` +
      `FROM ${quoteIdent(rawName)}`,
  );
  await at.conn.run(
    `CREATE OR REPLACE TABLE ${quoteIdent(longName)} AS ` +
      `SELECT * FROM (${parts.join(' UNION ALL ')}) ` +
      'WHERE correct IS NOT NULL',
  );
  const rows = await projectTyped(
    at.conn,
    {
      ...where,
      from: longName,
      rowSql: '__row',
      exprs: { image_id: 'image_id', model: 'model', correct: 'correct' },
      origins,
    },
    at.name,
  );
  const ledger: LedgerEntry[] = [];
  const dropped = raw.rows * models.length - rows;
  if (dropped > 0) {
    ledger.push({
      table: 'predictions',
      reason: 'empty cell in a wide predictions table (missing: drop)',
      action: 'dropped',
      rows: dropped,
    });
  }
  await at.conn.run(`DROP TABLE ${quoteIdent(longName)}`);
  await at.conn.run(`DROP TABLE ${quoteIdent(rawName)}`);
  return { target: 'predictions', name: at.name, file, rows, ledger };
}

/** Fails on a model column without a single value. */
async function checkModels(
  at: ReadTarget,
  rawName: string,
  file: string,
  models: readonly string[],
  source: WideSource,
): Promise<void> {
  const counts = models
    .map((m) => `count(${quoteIdent(m)})::INTEGER`)
    .join(', ');
  const result = await at.conn.runAndReadAll(
    `SELECT ${counts} FROM ${quoteIdent(rawName)}`,
  );
  const row = result.getRows()[0] ?? [];
  models.forEach((m, i) => {
    if (Number(row[i]) === 0) {
      throw new DsrepError(
        'BAD_INPUT',
        `model column "${m}" has no values; expected 0/1 correctness ` +
          `for model "${m.slice(source.prefix.length)}" on each image ` +
          '(remove the column if the model was not evaluated)',
        { file, column: m },
      );
    }
  });
}
