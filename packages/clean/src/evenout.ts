import {
  dictColumn,
  int64Column,
  loadArrow,
  makeTable,
  type RandomStream,
} from '@dsrep/core';
import { markRows } from './fate.js';
import type { CleanParams } from './params.js';
import { exec, query, scalars, type Conn } from './sql.js';

/** What evening out did (SPEC 4.3). */
export interface EvenOutResult {
  /** Annotations per image after evening out; null when not applied. */
  target: number | null;
  /** Images (of the evened roles) with fewer rows than the target. */
  belowImages: number;
  /** Images thinned down to the target. */
  thinnedImages: number;
  /** Median remaining rows per image before evening out. */
  medianBefore: number | null;
}

/** Registers the roles to even out as table `clean_even_roles`. */
export async function loadEvenRoles(
  conn: Conn,
  roles: readonly string[],
): Promise<void> {
  const table = makeTable({ role: dictColumn([...new Set(roles)]) });
  await loadArrow(conn, 'clean_even_roles', table);
}

/**
 * The stream that decides which annotations of one image survive. It is
 * derived from the image and class names, so the choice for an image
 * does not depend on which other images exist or on row order.
 */
export function imageStream(
  rng: RandomStream,
  purpose: string,
  imageId: string,
  classId: string,
): RandomStream {
  return rng.derive(purpose).derive(JSON.stringify([imageId, classId]));
}

/**
 * Which of `n` rows to keep so that `target` remain: a uniformly random
 * subset drawn by partial Fisher–Yates from `stream` (equivalent to
 * giving each row a random key and keeping the `target` smallest).
 * Returns a 0/1 mask in the order the rows were given.
 */
export function keepMask(
  n: number,
  target: number,
  stream: RandomStream,
): Uint8Array {
  const mask = new Uint8Array(n);
  if (target >= n) return mask.fill(1);
  for (const i of stream.sample(n, target)) mask[i] = 1;
  return mask;
}

/**
 * Evens out annotations per image (SPEC 4.3) on `clean_fate`: among rows
 * still kept whose role is in `evenRoles`, images above the target keep
 * a random `target` of their rows (ledger reason even_out); images below
 * it are dropped entirely (below_target) unless `belowTarget` is 'keep'.
 * Rows within an image are ordered by worker id before drawing, so with
 * deduplication on the result does not depend on input row order.
 */
export async function evenOutAnnotations(
  conn: Conn,
  rng: RandomStream,
  params: CleanParams,
): Promise<EvenOutResult> {
  await loadEvenRoles(conn, params.evenRoles);
  await exec(
    conn,
    `CREATE OR REPLACE TEMP TABLE clean_img AS
     SELECT image_id, class_id, count(*)::INTEGER AS n FROM clean_fate
     WHERE reason IS NULL AND role IN (SELECT role FROM clean_even_roles)
     GROUP BY image_id, class_id`,
  );
  const stats = await scalars(
    conn,
    'SELECT min(n) AS lo, median(n)::DOUBLE AS mid FROM clean_img',
  );
  const result: EvenOutResult = {
    target: null,
    belowImages: 0,
    thinnedImages: 0,
    medianBefore: stats.mid ?? null,
  };
  if (params.evenOut === false || stats.lo === null) return result;
  const target = params.evenOut === 'min' ? stats.lo : params.evenOut;
  result.target = target;

  // Images short of the target: counted always, dropped when asked.
  const below = await scalars(
    conn,
    'SELECT count(*)::INTEGER AS c FROM clean_img WHERE n < $1',
    [target],
  );
  result.belowImages = below.c ?? 0;
  if (params.belowTarget === 'drop' && result.belowImages > 0) {
    await exec(
      conn,
      `CREATE OR REPLACE TEMP TABLE clean_below AS
       SELECT f.rid FROM clean_fate f JOIN clean_img i
         USING (image_id, class_id)
       WHERE f.reason IS NULL AND i.n < $1
         AND f.role IN (SELECT role FROM clean_even_roles)`,
      [target],
    );
    await markRows(conn, 'clean_below', 'below_target');
  }

  // Images above the target: draw the survivors in TypeScript.
  const groups = await query(
    conn,
    `SELECT image_id, class_id, n FROM clean_img WHERE n > $1
     ORDER BY image_id, class_id`,
    [target],
  );
  const rows = await query(
    conn,
    `SELECT f.rid FROM clean_fate f JOIN (
       SELECT image_id, class_id,
              row_number() OVER (ORDER BY image_id, class_id) AS grp
       FROM clean_img WHERE n > $1
     ) g USING (image_id, class_id)
     WHERE f.reason IS NULL
       AND f.role IN (SELECT role FROM clean_even_roles)
     ORDER BY g.grp, f.worker_id, f.rid`,
    [target],
  );
  result.thinnedImages = groups.numRows;
  const rids = (rows.getChild('rid')?.toArray() ?? []) as BigInt64Array;
  const images = groups.getChild('image_id');
  const classes = groups.getChild('class_id');
  const sizes = groups.getChild('n');
  const dropped: bigint[] = [];
  let at = 0;
  for (let g = 0; g < groups.numRows; g++) {
    const n = Number(sizes?.get(g));
    const stream = imageStream(
      rng,
      'even-out',
      String(images?.get(g)),
      String(classes?.get(g)),
    );
    const mask = keepMask(n, target, stream);
    for (let i = 0; i < n; i++) {
      if (!mask[i]) dropped.push(rids[at + i] as bigint);
    }
    at += n;
  }
  await loadArrow(
    conn,
    'clean_even_drop',
    makeTable({ rid: int64Column(dropped) }),
  );
  await markRows(conn, 'clean_even_drop', 'even_out');
  return result;
}
