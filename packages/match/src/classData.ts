import { DsrepError, type StageContext } from '@dsrep/core';
import type { MatchParams } from './params.js';
import { stringsOf } from '@dsrep/core';

/**
 * One image of one variant as matching sees it: k of n annotators in
 * split=all, and per rep index its train and held-out counts (n = 0
 * where the split has no row for the image).
 */
export interface ImageRecord {
  id: string;
  role: string;
  allK: number;
  allN: number;
  trainK: Int32Array;
  trainN: Int32Array;
  heldK: Int32Array;
  heldN: Int32Array;
}

/** The images of one variant, by class, in class and image id order. */
export interface VariantData {
  variant: string;
  /** Rep numbers of the train splits; [0] when there are none. */
  reps: number[];
  /** Whether train/held-out splits exist (else matching uses `all`). */
  hasSplits: boolean;
  classes: Map<string, ImageRecord[]>;
}

/**
 * Reads the reference and candidate rows of `selection` for the chosen
 * variants. Unknown variants are a BAD_PARAMETER error naming the ones
 * present.
 *
 * Two queries per variant: the images (strings, once each) numbered in
 * class and image order, then their train and held-out rows as numbers
 * only, so that ids are not read once per split and rep.
 */
export async function readSelection(
  ctx: StageContext<MatchParams>,
): Promise<VariantData[]> {
  const { referenceRole, candidateRole } = ctx.params;
  const present = stringsOf(
    await ctx.query(`SELECT DISTINCT variant FROM selection ORDER BY 1`),
    'variant',
  );
  const wanted = ctx.params.variants ?? present;
  for (const v of wanted) {
    if (!present.includes(v)) {
      throw new DsrepError(
        'BAD_PARAMETER',
        `match: variant "${v}" is not in table "selection" (it has: ` +
          `${present.join(', ') || 'no rows'}); fix params.variants`,
      );
    }
  }

  const out: VariantData[] = [];
  for (const variant of wanted) {
    const reps = Array.from(
      (
        await ctx.query(
          `SELECT DISTINCT rep FROM selection
           WHERE variant = ? AND split = 'train' ORDER BY rep`,
          [variant],
        )
      )
        .getChild('rep')
        ?.toArray() ?? [],
      Number,
    );
    const hasSplits = reps.length > 0;
    const repIndex = new Map((hasSplits ? reps : [0]).map((r, i) => [r, i]));

    await ctx.query(
      `CREATE OR REPLACE TEMP TABLE match_images AS
       SELECT (row_number() OVER (ORDER BY class_id, image_id, role) - 1)
           ::INTEGER AS idx,
         class_id, image_id, role,
         coalesce(max(k) FILTER (WHERE split = 'all'), 0)::INTEGER AS all_k,
         coalesce(max(n) FILTER (WHERE split = 'all'), 0)::INTEGER AS all_n
       FROM selection WHERE variant = ? AND role IN (?, ?)
       GROUP BY class_id, image_id, role`,
      [variant, referenceRole, candidateRole],
    );
    const images = await ctx.query(
      `SELECT class_id, image_id, role, all_k, all_n FROM match_images
       ORDER BY idx`,
    );
    const splits = await ctx.query(
      `SELECT i.idx, s.rep, (s.split = 'train') AS train, s.k, s.n
       FROM selection s JOIN match_images i
         ON s.class_id = i.class_id AND s.image_id = i.image_id
           AND s.role = i.role
       WHERE s.variant = ? AND s.split <> 'all'`,
      [variant],
    );

    const records = buildRecords(images, repIndex.size);
    fillSplits(splits, records.list, (r) => repIndex.get(r));
    out.push({
      variant,
      reps: hasSplits ? reps : [0],
      hasSplits,
      classes: records.classes,
    });
  }
  return out;
}

type Result = Awaited<ReturnType<StageContext<unknown>['query']>>;

function ints(table: Result, name: string): Int32Array {
  const v = table.getChild(name);
  if (!v)
    throw new DsrepError('INTERNAL', `query result has no column ${name}`);
  return Int32Array.from(v.toArray() as ArrayLike<number>);
}

function buildRecords(images: Result, repCount: number) {
  const cls = stringsOf(images, 'class_id');
  const ids = stringsOf(images, 'image_id');
  const roles = stringsOf(images, 'role');
  const allK = ints(images, 'all_k');
  const allN = ints(images, 'all_n');
  const classes = new Map<string, ImageRecord[]>();
  const list: ImageRecord[] = [];
  for (let i = 0; i < images.numRows; i++) {
    const record: ImageRecord = {
      id: ids[i] as string,
      role: roles[i] as string,
      allK: allK[i] as number,
      allN: allN[i] as number,
      trainK: new Int32Array(repCount),
      trainN: new Int32Array(repCount),
      heldK: new Int32Array(repCount),
      heldN: new Int32Array(repCount),
    };
    list.push(record);
    const c = cls[i] as string;
    const members = classes.get(c);
    if (members) members.push(record);
    else classes.set(c, [record]);
  }
  return { classes, list };
}

function fillSplits(
  splits: Result,
  records: readonly ImageRecord[],
  indexOf: (rep: number) => number | undefined,
): void {
  const idx = ints(splits, 'idx');
  const rep = ints(splits, 'rep');
  const k = ints(splits, 'k');
  const n = ints(splits, 'n');
  const train = splits.getChild('train');
  for (let i = 0; i < splits.numRows; i++) {
    const at = indexOf(rep[i] as number);
    if (at === undefined) continue; // a held-out rep with no train rep
    const record = records[idx[i] as number] as ImageRecord;
    if (train?.get(i)) {
      record.trainK[at] = k[i] as number;
      record.trainN[at] = n[i] as number;
    } else {
      record.heldK[at] = k[i] as number;
      record.heldN[at] = n[i] as number;
    }
  }
}
