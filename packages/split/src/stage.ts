import {
  DsrepError,
  annotationsContract,
  countsContract,
  dictColumn,
  int32Column,
  int64Column,
  makeTable,
  type Stage,
  type StageContext,
} from '@dsrep/core';
import type { Table } from 'apache-arrow';
import { splitParams, type SplitParams } from './params.js';
import {
  emptyRows,
  splitVariant,
  type LedgerLine,
  type SelectionRows,
} from './splitImages.js';
import { groupAnnotations, groupCounts, type ImageGroups } from './sources.js';

/** Where each variant's data comes from, in order of preference. */
const SOURCES = [
  { variant: 'raw', rows: 'annotations', counts: 'counts' },
  { variant: 'clean', rows: 'annotations_clean', counts: 'counts_clean' },
] as const;

/**
 * The split stage (SPEC section 5): per image and variant, a `selection`
 * row for all annotations (split = all, rep 0) and, for each of `reps`
 * random splits, a train row of t annotations and a held-out row of h
 * (or the rest). Reads annotation rows where present, else counts.
 */
export const stage: Stage<SplitParams> = {
  name: 'split',
  doc:
    'Splits each image’s annotations at random into train (t) and ' +
    'held-out (h or the rest) sets, per variant and repeat.',
  inputs: [
    { name: 'annotations', required: false, contract: annotationsContract },
    {
      name: 'annotations_clean',
      required: false,
      contract: annotationsContract,
    },
    { name: 'counts', required: false, contract: countsContract },
    { name: 'counts_clean', required: false, contract: countsContract },
  ],
  outputs: ['selection', 'ledger_split'],
  params: splitParams,
  run: runSplit,
};

async function runSplit(ctx: StageContext<SplitParams>) {
  if (!ctx.has('annotations') && !ctx.has('counts')) {
    throw new DsrepError(
      'MISSING_INPUT',
      'stage "split" needs table "annotations" or table "counts"',
    );
  }
  const rows = emptyRows();
  const ledger: LedgerLine[] = [];
  const warnings: string[] = [];
  const metrics: Record<string, number> = {};

  for (const source of SOURCES) {
    let groups: ImageGroups;
    if (ctx.has(source.rows)) {
      groups = await groupAnnotations(ctx, source.rows);
      // clean writes an empty counts table beside annotation rows.
      if ((ctx.inputs[source.counts]?.numRows ?? 0) > 0) {
        warnings.push(
          `split: both "${source.rows}" and "${source.counts}" were ` +
            `given; used the annotation rows and ignored the counts`,
        );
      }
    } else if (ctx.has(source.counts)) {
      groups = await groupCounts(ctx, source.counts);
    } else {
      continue;
    }

    const before = rows.imageId.length;
    const lines = splitVariant(
      groups,
      source.variant,
      ctx.params,
      ctx.rng,
      rows,
    );
    ledger.push(...lines);
    const images = countSplit(rows, before, 'all');
    const split = countSplit(rows, before, 'train') / ctx.params.reps;
    metrics[`images_${source.variant}`] = images;
    metrics[`images_split_${source.variant}`] = split;
    if (split < images) {
      warnings.push(
        `split: ${images - split} of ${images} images of variant ` +
          `"${source.variant}" have too few annotations for a split of ` +
          `t = ${ctx.params.t}; they appear in split=all only ` +
          '(lower params.t or params.h to include them)',
      );
    }
  }

  return {
    tables: {
      selection: selectionTable(rows),
      ledger_split: ledgerTable(ledger),
    },
    metrics,
    warnings,
  };
}

function countSplit(rows: SelectionRows, from: number, split: string) {
  let c = 0;
  for (let i = from; i < rows.split.length; i++)
    if (rows.split[i] === split) c++;
  return c;
}

/** The `selection` table of core's selectionContract. */
export function selectionTable(rows: SelectionRows): Table {
  return makeTable({
    image_id: dictColumn(rows.imageId),
    class_id: dictColumn(rows.classId),
    role: dictColumn(rows.role),
    variant: dictColumn(rows.variant),
    rep: int32Column(rows.rep),
    split: dictColumn(rows.split),
    k: int32Column(rows.k),
    n: int32Column(rows.n),
  });
}

/** The `ledger_split` table of core's ledgerContract. */
export function ledgerTable(lines: readonly LedgerLine[]): Table {
  return makeTable({
    stage: dictColumn(lines.map(() => 'split')),
    table: dictColumn(lines.map((l) => l.table)),
    variant: dictColumn(lines.map((l) => l.variant)),
    reason: dictColumn(lines.map((l) => l.reason)),
    action: dictColumn(lines.map((l) => l.action)),
    rows: int64Column(lines.map((l) => l.rows)),
  });
}
