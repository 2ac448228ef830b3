import {
  predictionsContract,
  selectionContract,
  type Stage,
  type StageContext,
} from '@dsrep/core';
import { accuracyTable, emptyAccuracy } from './accuracy.js';
import { readSelection } from './classData.js';
import { matchVariant, type MatchOutput } from './matchVariant.js';
import { matchParams, type MatchParams } from './params.js';
import { summarize } from './summary.js';
import { ledgerTable, matchedTable, shortfallsTable } from './tables.js';

/**
 * The match stage (SPEC section 6): rebuilds a replication per class
 * from the candidate pool by MatchedFrequency (and optionally Threshold
 * and TopImages, from the plain or the Flickr-E pool), using train ŝ
 * when `selection` has splits, and measures it on held-out ŝ.
 * `match_accuracy` is empty unless `predictions` is given.
 */
export const stage: Stage<MatchParams> = {
  name: 'match',
  doc:
    'Matches the candidate pool to the reference selection-frequency ' +
    'histogram per class; reports in-sample and held-out ŝ.',
  inputs: [
    { name: 'selection', required: true, contract: selectionContract },
    { name: 'predictions', required: false, contract: predictionsContract },
  ],
  outputs: [
    'matched',
    'shortfalls',
    'match_summary',
    'match_accuracy',
    'ledger_match',
  ],
  params: matchParams,
  run: runMatch,
};

async function runMatch(ctx: StageContext<MatchParams>) {
  const data = await readSelection(ctx);
  const out: MatchOutput = {
    matched: [],
    shortfalls: [],
    references: [],
    tally: new Map(),
    skippedClasses: 0,
  };
  ctx.progress.start('match: variants', data.length);
  for (const d of data) {
    matchVariant(d, ctx.params, ctx.rng, out);
    ctx.progress.tick();
  }
  ctx.progress.done();

  const { table: summary, members } = summarize(
    data,
    ctx.params,
    out,
    ctx.has('predictions'),
  );
  const accuracy = ctx.has('predictions')
    ? await accuracyTable(ctx, members)
    : emptyAccuracy();

  const warnings: string[] = [];
  if (out.skippedClasses > 0) {
    warnings.push(
      `match: ${out.skippedClasses} class(es) had fewer than ` +
        `${ctx.params.minReferenceImages} usable reference images and ` +
        'were not matched (params.minReferenceImages, ' +
        'params.minReferenceAnnotations)',
    );
  }
  const missing = out.shortfalls.reduce((s, f) => s + f.missing, 0);
  if (missing > 0) {
    const classes = new Set(out.shortfalls.map((f) => f.classId)).size;
    warnings.push(
      `match: ${missing} image(s) missing in ${classes} class(es): the ` +
        'candidate pool ran short (see table "shortfalls"; a larger pool ' +
        'or a smaller params.perClass avoids it)',
    );
  }

  return {
    tables: {
      matched: matchedTable(out.matched),
      shortfalls: shortfallsTable(out.shortfalls),
      match_summary: summary,
      match_accuracy: accuracy,
      ledger_match: ledgerTable(out.tally),
    },
    metrics: {
      matched_images: out.matched.length,
      missing_images: missing,
      skipped_classes: out.skippedClasses,
    },
    warnings,
  };
}
