import { DsrepError, type StageContext } from '@dsrep/core';
import type { Table } from 'apache-arrow';

/**
 * The per-image arrays the experiment runs on: image `i` of class
 * `classOf[i]` was selected by `k[i]` of its `n[i]` annotators, and
 * `correct[i * models.length + j]` is 1 when model j is right on it.
 * Images are in image_id order, so draws never depend on input order.
 */
export interface ImageArrays {
  ids: string[];
  classes: string[];
  classOf: Int32Array;
  k: Int32Array;
  n: Int32Array;
  models: string[];
  correct: Uint8Array;
}

function strings(table: Table, name: string): string[] {
  const col = table.getChild(name);
  if (!col) throw new DsrepError('INTERNAL', `query lost column ${name}`);
  return Array.from({ length: table.numRows }, (_, i) => String(col.get(i)));
}

function ints(table: Table, name: string): Int32Array {
  const col = table.getChild(name);
  if (!col) throw new DsrepError('INTERNAL', `query lost column ${name}`);
  return Int32Array.from(col.toArray() as ArrayLike<number>);
}

/**
 * Reads `counts` (one row per image: its k and n for its class) and
 * `predictions` into typed arrays. The counts' role is ignored: the
 * experiment assigns roles itself. Errors on an image listed twice in
 * counts or on an image a model has no prediction for.
 */
export async function loadImages(
  ctx: StageContext<unknown>,
): Promise<ImageArrays> {
  const dup = await ctx.query(
    `SELECT image_id::VARCHAR AS image_id, count(*)::INTEGER AS rows
     FROM counts GROUP BY 1 HAVING count(*) > 1 ORDER BY 1 LIMIT 1`,
  );
  if (dup.numRows > 0) {
    throw new DsrepError(
      'BAD_INPUT',
      `counts lists image "${strings(dup, 'image_id')[0]}" ` +
        `${ints(dup, 'rows')[0]} times; the replicate stage needs one ` +
        'row per image (its true class)',
      { column: 'image_id' },
    );
  }
  const images = await ctx.query(
    `SELECT image_id::VARCHAR AS image_id, class_id::VARCHAR AS class_id,
            selected_count::INTEGER AS k, annotator_count::INTEGER AS n
     FROM counts ORDER BY image_id`,
  );
  const ids = strings(images, 'image_id');
  const classNames = strings(images, 'class_id');
  const classes = [...new Set(classNames)].sort();
  const classIndex = new Map(classes.map((c, i) => [c, i]));
  const classOf = Int32Array.from(classNames, (c) => classIndex.get(c) ?? -1);

  const modelTable = await ctx.query(
    'SELECT DISTINCT model::VARCHAR AS model FROM predictions ORDER BY 1',
  );
  const models = strings(modelTable, 'model');
  const cells = await ctx.query(
    `WITH img AS (
       SELECT image_id::VARCHAR AS image_id,
              (row_number() OVER (ORDER BY image_id::VARCHAR) - 1)::INTEGER AS i
       FROM counts),
     mdl AS (
       SELECT model, (row_number() OVER (ORDER BY model) - 1)::INTEGER AS j
       FROM (SELECT DISTINCT model::VARCHAR AS model FROM predictions))
     SELECT img.i, mdl.j, bool_or(p.correct)::INTEGER AS correct,
            count(*)::INTEGER AS rows
     FROM predictions p
     JOIN img ON img.image_id = p.image_id::VARCHAR
     JOIN mdl ON mdl.model = p.model::VARCHAR
     GROUP BY 1, 2`,
  );
  const M = models.length;
  const correct = new Uint8Array(ids.length * M);
  const seen = new Uint8Array(ids.length * M);
  const ci = ints(cells, 'i');
  const cj = ints(cells, 'j');
  const cv = ints(cells, 'correct');
  for (let r = 0; r < ci.length; r++) {
    correct[ci[r] * M + cj[r]] = cv[r];
    seen[ci[r] * M + cj[r]] = 1;
  }
  const gap = seen.indexOf(0);
  if (gap >= 0) {
    throw new DsrepError(
      'BAD_INPUT',
      `predictions has no row for image "${ids[Math.floor(gap / M)]}" ` +
        `and model "${models[gap % M]}"; every counted image needs a ` +
        'prediction of every model',
      { column: 'image_id' },
    );
  }
  return {
    ids,
    classes,
    classOf,
    k: ints(images, 'k'),
    n: ints(images, 'n'),
    models,
    correct,
  };
}
