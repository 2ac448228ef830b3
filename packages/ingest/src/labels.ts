import { quoteIdent } from '@dsrep/core';
import { formatOf } from './files.js';
import { mapColumns } from './mapping.js';
import type { LabelSource } from './params.js';
import { projectTyped } from './project.js';
import { loadSourceRaw, ROW } from './raw.js';
import type { ReadOutcome, ReadTarget } from './read.js';

/**
 * Reads predictions given as labels: columns image_id, model,
 * predicted and label (the true class), found by name or through
 * `columns`; a single-model file can set `defaults.model`. correct is
 * predicted == label, compared as text exactly as written (so `7` and
 * `07` differ). An empty predicted or true label is an error.
 */
export async function readLabelPredictions(
  source: LabelSource,
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
    [
      { name: 'image_id', nullable: false },
      { name: 'model', nullable: false },
      { name: 'predicted', nullable: false },
      { name: 'label', nullable: false },
    ],
    source.columns,
    source.defaults,
  );
  const predicted = exprs['predicted'] as string;
  const label = exprs['label'] as string;
  const rows = await projectTyped(
    at.conn,
    {
      target: 'predictions',
      from: rawName,
      file,
      rowSql: ROW,
      exprs: {
        ...exprs,
        correct: `CASE WHEN ${predicted} = ${label} THEN 'true' ELSE 'false' END`,
      },
      origins,
      extraRules: [
        {
          column: 'predicted',
          bad: `${predicted} IS NULL`,
          expected: 'a predicted label, found an empty cell',
        },
        {
          column: 'label',
          bad: `${label} IS NULL`,
          expected: 'the true label, found an empty cell',
        },
      ],
    },
    at.name,
  );
  await at.conn.run(`DROP TABLE ${quoteIdent(rawName)}`);
  return { target: 'predictions', name: at.name, file, rows, ledger: [] };
}
