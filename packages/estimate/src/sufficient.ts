import { DsrepError, quoteLiteral } from '@dsrep/core';
import type { Table } from 'apache-arrow';
import type {
  ImageTable,
  LevelIndex,
  LevelStats,
  RoleImages,
} from './levels.js';

/** Runs SQL on the stage's DuckDB connection and returns Arrow. */
export type Query = (sql: string, params?: string[]) => Promise<Table>;

/** The images of every variant, ready for the estimators. */
export interface LoadedImages {
  models: string[];
  byVariant: Map<string, ImageTable>;
}

function ints(table: Table, name: string): Int32Array {
  const column = table.getChild(name);
  if (!column) throw new DsrepError('INTERNAL', `query lost column ${name}`);
  return Int32Array.from(column.toArray() as ArrayLike<number>);
}

function firstRow(table: Table): Record<string, unknown> | undefined {
  return table.numRows > 0 ? (table.get(0)?.toJSON() ?? undefined) : undefined;
}

/** The images of both roles at split = 'all', with D1 = 1, D2 = 2. */
const rolesSql = (variants: readonly string[]) => `
  SELECT image_id::VARCHAR AS image_id, variant::VARCHAR AS variant,
         CASE WHEN role = $1 THEN 1 ELSE 2 END::INTEGER AS side, k, n
  FROM selection
  WHERE split = 'all' AND role IN ($1, $2)
    AND variant IN (${variants.map(quoteLiteral).join(', ')})`;

/**
 * Reads the per-image table of every variant: selection (split = 'all')
 * of the reference role (D1) and `targetRole` (D2), joined with
 * predictions into an images × models 0/1 matrix. Fails with BAD_INPUT
 * on a duplicated image, k outside [0, n], n < 1, or a missing or
 * repeated prediction; with DEGENERATE when a variant has images of
 * one role but none of the other. Variants without any rows are absent
 * from `byVariant`.
 */
export async function loadImages(
  query: Query,
  variants: readonly string[],
  targetRole: string,
): Promise<LoadedImages> {
  const roles = ['reference', targetRole];
  await query(
    `CREATE OR REPLACE TEMP TABLE est_roles AS ${rolesSql(variants)}`,
    roles,
  );
  await checkSelection(query);
  await query(`
    CREATE OR REPLACE TEMP TABLE est_images AS
    SELECT image_id, (row_number() OVER (ORDER BY image_id) - 1)::INTEGER AS idx
    FROM (SELECT DISTINCT image_id FROM est_roles)`);
  await query(`
    CREATE OR REPLACE TEMP TABLE est_models AS
    SELECT model, (row_number() OVER (ORDER BY model) - 1)::INTEGER AS idx
    FROM (SELECT DISTINCT model::VARCHAR AS model FROM predictions)`);
  await checkPredictions(query, targetRole);

  const modelTable = await query('SELECT model FROM est_models ORDER BY idx');
  const models = modelTable.getChild('model')?.toArray() as string[];
  const countRow = firstRow(
    await query('SELECT count(*)::INTEGER AS c FROM est_images'),
  );
  const imageCount = Number(countRow?.c ?? 0);
  const M = models.length;

  // The correct matrix of all images once; variants pick rows of it.
  const hits = await query(`
    SELECT i.idx AS img, m.idx AS model
    FROM predictions p
    JOIN est_images i ON i.image_id = p.image_id::VARCHAR
    JOIN est_models m ON m.model = p.model::VARCHAR
    WHERE p.correct`);
  const matrix = new Uint8Array(imageCount * M);
  const img = ints(hits, 'img');
  const model = ints(hits, 'model');
  for (let r = 0; r < img.length; r++) matrix[img[r] * M + model[r]] = 1;

  const byVariant = new Map<string, ImageTable>();
  for (const variant of variants) {
    const rows = await query(
      `SELECT i.idx AS img, r.side, r.k, r.n FROM est_roles r
       JOIN est_images i USING (image_id)
       WHERE r.variant = $1 ORDER BY r.side, i.idx`,
      [variant],
    );
    // A variant with no rows at all is left out (the stage warns); one
    // with a role missing is an error below.
    if (rows.numRows === 0) continue;
    const side = ints(rows, 'side');
    const pick = (want: number): RoleImages => {
      const at = [...side.keys()].filter((i) => side[i] === want);
      const all = {
        img: ints(rows, 'img'),
        k: ints(rows, 'k'),
        n: ints(rows, 'n'),
      };
      const correct = new Uint8Array(at.length * M);
      at.forEach((row, i) => {
        const from = all.img[row] * M;
        correct.set(matrix.subarray(from, from + M), i * M);
      });
      return {
        k: Int32Array.from(at, (r) => all.k[r]),
        n: Int32Array.from(at, (r) => all.n[r]),
        correct,
      };
    };
    const table = { models, d1: pick(1), d2: pick(2) };
    for (const [role, images] of [
      ['reference', table.d1],
      [targetRole, table.d2],
    ] as const) {
      if (images.k.length === 0) {
        throw new DsrepError(
          'DEGENERATE',
          `selection has no images of role "${role}" for variant ` +
            `"${variant}" at split "all"; drop the variant from the ` +
            `"variants" parameter or supply its selection rows`,
        );
      }
    }
    byVariant.set(variant, table);
  }
  return { models, byVariant };
}

async function checkSelection(query: Query): Promise<void> {
  const dup = firstRow(
    await query(`
      SELECT image_id, variant, count(*)::INTEGER AS c FROM est_roles
      GROUP BY ALL HAVING count(*) > 1 ORDER BY image_id, variant LIMIT 1`),
  );
  if (dup) {
    throw new DsrepError(
      'BAD_INPUT',
      `image "${dup.image_id}" has ${dup.c} rows for variant ` +
        `"${dup.variant}" at split "all"; expected one (one k of n per image)`,
      { file: 'selection', column: 'image_id' },
    );
  }
  const bad = firstRow(
    await query(`
      SELECT image_id, variant, k, n FROM est_roles
      WHERE n < 1 OR k < 0 OR k > n ORDER BY image_id, variant LIMIT 1`),
  );
  if (bad) {
    throw new DsrepError(
      'BAD_INPUT',
      `image "${bad.image_id}" (variant "${bad.variant}") has k = ` +
        `${bad.k} of n = ${bad.n}; expected n >= 1 and 0 <= k <= n`,
      { file: 'selection', column: 'k' },
    );
  }
}

async function checkPredictions(
  query: Query,
  targetRole: string,
): Promise<void> {
  const dup = firstRow(
    await query(`
      SELECT p.image_id::VARCHAR AS image_id, p.model::VARCHAR AS model,
             count(*)::INTEGER AS c
      FROM predictions p SEMI JOIN est_images i ON i.image_id = p.image_id::VARCHAR
      GROUP BY ALL HAVING count(*) > 1 ORDER BY 1, 2 LIMIT 1`),
  );
  if (dup) {
    throw new DsrepError(
      'BAD_INPUT',
      `predictions has ${dup.c} rows for image "${dup.image_id}" and ` +
        `model "${dup.model}"; expected one`,
      { file: 'predictions', column: 'image_id' },
    );
  }
  const missing = firstRow(
    await query(`
      SELECT i.image_id, m.model FROM est_images i CROSS JOIN est_models m
      ANTI JOIN predictions p
        ON p.image_id::VARCHAR = i.image_id AND p.model::VARCHAR = m.model
      ORDER BY 1, 2 LIMIT 1`),
  );
  if (missing) {
    throw new DsrepError(
      'BAD_INPUT',
      `predictions has no row for image "${missing.image_id}" and model ` +
        `"${missing.model}"; every model needs a prediction for every ` +
        `reference and ${targetRole} image of the selection`,
      { file: 'predictions', column: 'image_id' },
    );
  }
}

/**
 * The sufficient statistics of SPEC section 7 computed in SQL, per
 * level (n, k) of `index`: image counts and per-model correct counts of
 * each role. The estimators' point values use these; the bootstrap sums
 * the same quantities from the per-image table (a test checks that both
 * agree).
 */
export async function levelStatsSql(
  query: Query,
  variant: string,
  index: LevelIndex,
  models: number,
): Promise<LevelStats> {
  const levels = index.levelN.length;
  const position = new Map<string, number>();
  index.levelN.forEach((n, l) => position.set(`${n}:${index.levelK[l]}`, l));
  const levelOf = (n: number, k: number) => {
    const l = position.get(`${n}:${k}`);
    if (l === undefined) {
      throw new DsrepError('INTERNAL', `level (${n}, ${k}) not indexed`);
    }
    return l;
  };
  const stats: LevelStats = {
    models,
    levelN: index.levelN,
    levelK: index.levelK,
    c1: new Float64Array(levels),
    c2: new Float64Array(levels),
    f1: new Float64Array(levels * models),
    f2: new Float64Array(levels * models),
  };

  const counts = await query(
    `SELECT side, n, k, count(*)::INTEGER AS images FROM est_roles
     WHERE variant = $1 GROUP BY ALL`,
    [variant],
  );
  const [side, n, k, images] = ['side', 'n', 'k', 'images'].map((c) =>
    ints(counts, c),
  );
  for (let r = 0; r < side.length; r++) {
    (side[r] === 1 ? stats.c1 : stats.c2)[levelOf(n[r], k[r])] = images[r];
  }

  const correct = await query(
    `SELECT r.side, r.n, r.k, m.idx AS model,
            count_if(p.correct)::INTEGER AS correct
     FROM est_roles r
     JOIN predictions p ON p.image_id::VARCHAR = r.image_id
     JOIN est_models m ON m.model = p.model::VARCHAR
     WHERE r.variant = $1 GROUP BY ALL`,
    [variant],
  );
  const [cs, cn, ck, cm, cc] = ['side', 'n', 'k', 'model', 'correct'].map((c) =>
    ints(correct, c),
  );
  for (let r = 0; r < cs.length; r++) {
    const target = cs[r] === 1 ? stats.f1 : stats.f2;
    target[levelOf(cn[r], ck[r]) * models + cm[r]] = cc[r];
  }
  return stats;
}
