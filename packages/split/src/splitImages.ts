import type { RandomStream } from '@dsrep/core';
import { drawHypergeometric } from './hypergeometric.js';
import { minimumForSplit, type SplitParams } from './params.js';
import type { ImageGroups } from './sources.js';

/** Rows of the `selection` table, column by column. */
export interface SelectionRows {
  imageId: string[];
  classId: string[];
  role: string[];
  variant: string[];
  rep: number[];
  split: string[];
  k: number[];
  n: number[];
}

/** One ledger line: rows of `table` kept or dropped for a reason. */
export interface LedgerLine {
  table: string;
  variant: string;
  reason: string;
  action: 'kept' | 'dropped' | 'changed';
  rows: number;
}

export function emptyRows(): SelectionRows {
  return {
    imageId: [],
    classId: [],
    role: [],
    variant: [],
    rep: [],
    split: [],
    k: [],
    n: [],
  };
}

/**
 * Splits every image of one variant (SPEC section 5) and appends its
 * `all`, `train` and `heldout` rows to `out`.
 *
 * Randomness: each image draws from its own stream, derived from the
 * purpose (`subsample:<variant>` or `split:<variant>:<rep>`) and the
 * image's class and id, so results do not depend on row order or on
 * which other images are present.
 *
 * Why counts suffice: choosing t of an image's n annotations uniformly
 * at random puts Hypergeometric(n, k, t) of its k selections in train;
 * the held-out h are then drawn from the n − t left, holding k − k_train
 * selections. Only k and n per split are output, so drawing these two
 * counts is the same random split in law as picking annotations, for
 * annotation rows and counts alike, and costs no per-row sort.
 *
 * Units of the ledger: annotation rows for annotation input, image
 * rows for counts. Images with n = 0 (counts only) are dropped; images
 * with fewer than t + h (t + 1) annotations stay in `all` only.
 */
export function splitVariant(
  groups: ImageGroups,
  variant: string,
  params: SplitParams,
  rng: RandomStream,
  out: SelectionRows,
): LedgerLine[] {
  const roles = new Set<string>(params.roles);
  const need = minimumForSplit(params);
  const fromRows = groups.fromRows;
  const subsampleRng = rng.derive(`subsample:${variant}`);
  const repRngs = Array.from({ length: params.reps }, (_, r) =>
    rng.derive(`split:${variant}:${r}`),
  );
  const tally = { role: 0, empty: 0, thinned: 0, few: 0, unused: 0, kept: 0 };

  const count = groups.imageIds.length;
  const splitAt: number[] = [];
  const trainK = new Int32Array(count * params.reps);
  const heldK = new Int32Array(count * params.reps);
  const heldN = new Int32Array(count);

  for (let i = 0; i < count; i++) {
    let k = groups.k[i] as number;
    let n = groups.n[i] as number;
    const units = fromRows ? n : 1;
    if (!roles.has(groups.roles[i] as string)) {
      tally.role += units;
      continue;
    }
    if (n === 0) {
      tally.empty += units;
      continue;
    }
    const key = `${groups.classIds[i]}\u0000${groups.imageIds[i]}`;

    // Subsample once per variant, so that every rep splits the same
    // annotations and train ∪ held-out stays inside `all`.
    const m = params.subsample;
    if (m !== undefined && n > m) {
      k = drawHypergeometric(subsampleRng.derive(key), n, k, m);
      tally.thinned += fromRows ? n - m : 1;
      n = m;
    }
    push(out, groups, i, variant, 0, 'all', k, n);

    if (n < need) {
      tally.few += fromRows ? n : 1;
      continue;
    }
    const h = params.h ?? n - params.t;
    const at = splitAt.length;
    splitAt.push(i);
    heldN[at] = h;
    if (fromRows) {
      tally.kept += params.t + h;
      tally.unused += n - params.t - h;
    } else {
      tally.kept += 1;
    }

    for (let r = 0; r < params.reps; r++) {
      const s = (repRngs[r] as RandomStream).derive(key);
      const kt = drawHypergeometric(s, n, k, params.t);
      const kh = drawHypergeometric(s, n - params.t, k - kt, h);
      trainK[at * params.reps + r] = kt;
      heldK[at * params.reps + r] = kh;
    }
  }

  // Train and held-out rows, rep by rep, after the `all` rows.
  for (let r = 0; r < params.reps; r++) {
    splitAt.forEach((i, at) => {
      const kt = trainK[at * params.reps + r] as number;
      push(out, groups, i, variant, r, 'train', kt, params.t);
    });
    splitAt.forEach((i, at) => {
      const kh = heldK[at * params.reps + r] as number;
      push(out, groups, i, variant, r, 'heldout', kh, heldN[at] as number);
    });
  }

  return ledgerLines(groups, variant, params, tally);
}

function ledgerLines(
  groups: ImageGroups,
  variant: string,
  params: SplitParams,
  tally: Record<string, number>,
): LedgerLine[] {
  const need = minimumForSplit(params);
  const line = (
    reason: string,
    action: LedgerLine['action'],
    rows: number,
  ): LedgerLine => ({ table: groups.table, variant, reason, action, rows });
  const lines = [
    line('split into train and held-out', 'kept', tally.kept ?? 0),
    line('role not in params.roles', 'dropped', tally.role ?? 0),
    line('image has no annotations', 'dropped', tally.empty ?? 0),
    line(
      `image has fewer than ${need} annotations: in split=all only`,
      'dropped',
      tally.few ?? 0,
    ),
    line(
      'beyond t + h annotations: in split=all only',
      'dropped',
      tally.unused ?? 0,
    ),
  ];
  // From rows, subsampling removes annotations; from counts it changes
  // an image row (counted again under kept or dropped above).
  lines.push(
    line(
      `subsampled to ${params.subsample} annotators`,
      groups.fromRows ? 'dropped' : 'changed',
      tally.thinned ?? 0,
    ),
  );
  return lines.filter((l) => l.rows > 0 || l.action === 'kept');
}

function push(
  out: SelectionRows,
  groups: ImageGroups,
  i: number,
  variant: string,
  rep: number,
  split: string,
  k: number,
  n: number,
): void {
  out.imageId.push(groups.imageIds[i] as string);
  out.classId.push(groups.classIds[i] as string);
  out.role.push(groups.roles[i] as string);
  out.variant.push(variant);
  out.rep.push(rep);
  out.split.push(split);
  out.k.push(k);
  out.n.push(n);
}
