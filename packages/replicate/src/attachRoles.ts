import { isAbsolute, resolve } from 'node:path';
import { existsSync } from 'node:fs';
import {
  annotationsContract,
  DsrepError,
  quoteIdent,
  quoteLiteral,
  roleSchema,
  type Stage,
} from '@dsrep/core';
import { z } from 'zod';

/**
 * Parameters of attach-roles. `truth` is a CSV file (path relative to
 * `dataDir`) with one row per image: `imageColumn` names the image and
 * `truthColumn` holds 1 (the image shows the class) or 0 (it does not).
 * Mapping: truth 1 → `positive` (default reference: the set whose
 * selection frequencies are those of true members, as v1's are), truth
 * 0 → `negative` (default candidate). No role is 'control', so the
 * negative-control rule of clean does not apply.
 */
export const attachRolesParams = z.strictObject({
  dataDir: z.string().default('.'),
  truth: z.string().min(1),
  imageColumn: z.string().min(1).default('question'),
  truthColumn: z.string().min(1).default('truth'),
  positive: roleSchema.default('reference'),
  negative: roleSchema.default('candidate'),
});
export type AttachRolesParams = z.infer<typeof attachRolesParams>;

/**
 * The attach-roles stage: rewrites the `role` of every annotation from
 * a ground-truth table (e.g. bluebirds/truth.csv), keeping every other
 * column and the row order. Fails on an annotated image the truth file
 * does not list, on a truth value other than 0 or 1, and on an image
 * listed twice, naming the file, row and column.
 */
export const stage: Stage<AttachRolesParams> = {
  name: 'attach-roles',
  doc: 'roles of annotations from a truth table (1 → positive, 0 → negative)',
  inputs: [
    { name: 'annotations', required: true, contract: annotationsContract },
  ],
  outputs: ['annotations'],
  params: attachRolesParams,
  async run(ctx) {
    const p = ctx.params;
    const file = isAbsolute(p.truth) ? p.truth : resolve(p.dataDir, p.truth);
    if (!existsSync(file)) {
      throw new DsrepError(
        'MISSING_INPUT',
        'the truth file does not exist; set "truth" (relative to dataDir)',
        { file },
      );
    }
    const image = quoteIdent(p.imageColumn);
    const value = quoteIdent(p.truthColumn);
    try {
      await ctx.conn.run(
        `CREATE TABLE truth AS
         SELECT row_number() OVER () AS line, ${image}::VARCHAR AS image_id,
                trim(${value}::VARCHAR) AS truth
         FROM read_csv(${quoteLiteral(file)}, header = true, all_varchar = true)`,
      );
    } catch (cause) {
      throw new DsrepError(
        'BAD_INPUT',
        `cannot read columns "${p.imageColumn}" and "${p.truthColumn}" ` +
          `from the truth CSV (${(cause as Error).message})`,
        { file, cause },
      );
    }
    const bad = await ctx.query(
      `SELECT line::INTEGER AS line, coalesce(truth, '') AS truth FROM truth
       WHERE truth IS NULL OR truth NOT IN ('0', '1') ORDER BY line LIMIT 1`,
    );
    if (bad.numRows > 0) {
      const row = bad.get(0)?.toJSON() as { line: number; truth: string };
      throw new DsrepError(
        'BAD_INPUT',
        `truth must be 0 or 1, got "${row.truth}"`,
        { file, row: row.line, column: p.truthColumn },
      );
    }
    const dup = await ctx.query(
      `SELECT image_id, max(line)::INTEGER AS line FROM truth
       GROUP BY 1 HAVING count(*) > 1 ORDER BY 2 LIMIT 1`,
    );
    if (dup.numRows > 0) {
      const row = dup.get(0)?.toJSON() as { image_id: string; line: number };
      throw new DsrepError(
        'BAD_INPUT',
        `image "${row.image_id}" is listed twice in the truth file`,
        { file, row: row.line, column: p.imageColumn },
      );
    }
    const unknown = await ctx.query(
      `SELECT a.image_id::VARCHAR AS image_id FROM annotations a
       ANTI JOIN truth t ON t.image_id = a.image_id::VARCHAR
       ORDER BY 1 LIMIT 1`,
    );
    if (unknown.numRows > 0) {
      throw new DsrepError(
        'BAD_INPUT',
        `annotated image "${String(unknown.get(0)?.toJSON().image_id)}" ` +
          'has no row in the truth file, so it gets no role',
        { file, column: p.imageColumn },
      );
    }

    // Every contract column, role replaced; sorted on all of them so the
    // output does not depend on DuckDB's scheduling.
    const columns = annotationsContract.columns.map((c) =>
      c.name === 'role'
        ? `(CASE t.truth WHEN '1' THEN $1 ELSE $2 END)::VARCHAR AS role`
        : `a.${quoteIdent(c.name)}`,
    );
    const annotations = await ctx.query(
      `SELECT ${columns.join(', ')}
       FROM annotations a JOIN truth t ON t.image_id = a.image_id::VARCHAR
       ORDER BY ALL`,
      [p.positive, p.negative],
    );
    const positives = await ctx.query(
      `SELECT count(*) FILTER (WHERE truth = '1')::INTEGER AS pos,
              count(*)::INTEGER AS all FROM truth`,
    );
    const counts = positives.get(0)?.toJSON() as { pos: number; all: number };
    return {
      tables: { annotations },
      metrics: {
        truth_images: counts.all,
        [`${p.positive}_images`]: counts.pos,
        [`${p.negative}_images`]: counts.all - counts.pos,
      },
    };
  },
};
