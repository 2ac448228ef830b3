import {
  DsrepError,
  dictColumn,
  int32Column,
  loadArrow,
  makeTable,
  type StageContext,
} from '@dsrep/core';
import type { Table } from 'apache-arrow';
import type { MatchParams } from './params.js';
import type { SetMember } from './summary.js';

/** Column names of `match_accuracy`, also its empty shape. */
export function emptyAccuracy(): Table {
  return accuracyShape([]);
}

/**
 * `match_accuracy` (appendix D.3, table 1 with models): per variant,
 * rep, sampler, pool, set and model, the share of the set's images the
 * model classifies correctly, over the images that have a prediction
 * from it (`images`). Predictions are joined on image_id; two rows for
 * one (image, model) are a BAD_INPUT error naming the row.
 */
export async function accuracyTable(
  ctx: StageContext<MatchParams>,
  members: readonly SetMember[],
): Promise<Table> {
  const dup = await ctx.query(
    `SELECT image_id, model, (max(rowid) + 1)::INTEGER AS row
     FROM predictions GROUP BY image_id, model HAVING count(*) > 1
     ORDER BY min(rowid) LIMIT 1`,
  );
  if (dup.numRows > 0) {
    const d = dup.get(0)?.toJSON() ?? {};
    throw new DsrepError(
      'BAD_INPUT',
      `table "predictions": model "${d.model}" has two rows for image ` +
        `"${d.image_id}"`,
      { row: Number(d.row), column: 'image_id' },
    );
  }

  await loadArrow(
    ctx.conn,
    'match_sets',
    makeTable({
      variant: dictColumn(members.map((m) => m.variant)),
      rep: int32Column(members.map((m) => m.rep)),
      sampler: dictColumn(members.map((m) => m.sampler)),
      pool: dictColumn(members.map((m) => m.pool)),
      set: dictColumn(members.map((m) => m.set)),
      image_id: dictColumn(members.map((m) => m.imageId)),
    }),
  );
  return ctx.query(
    `SELECT s.variant, s.rep, s.sampler, s.pool, s."set", p.model,
       count(*)::INTEGER AS images,
       avg(CASE WHEN p.correct THEN 1 ELSE 0 END)::DOUBLE AS accuracy
     FROM match_sets s JOIN predictions p ON p.image_id = s.image_id
     GROUP BY ALL
     ORDER BY s.variant, s.rep, s.sampler, s.pool, s."set", p.model`,
  );
}

function accuracyShape(rows: readonly never[]): Table {
  return makeTable({
    variant: dictColumn(rows),
    rep: int32Column(rows),
    sampler: dictColumn(rows),
    pool: dictColumn(rows),
    set: dictColumn(rows),
    model: dictColumn(rows),
    images: int32Column(rows),
    accuracy: { kind: 'float64', values: new Float64Array(0) },
  });
}
