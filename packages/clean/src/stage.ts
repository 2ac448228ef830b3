import type { Table } from 'apache-arrow';
import {
  annotationsContract,
  countsContract,
  DsrepError,
  type Stage,
} from '@dsrep/core';
import { cleanAnnotations } from './annotations.js';
import { cleanCounts } from './counts.js';
import { emptyOutput } from './empty.js';
import {
  ledgerTable,
  summaryTable,
  type LedgerRow,
  type SummaryRow,
} from './ledger.js';
import { cleanParamsSchema, type CleanParams } from './params.js';

/**
 * The clean stage (SPEC section 4). Reads `annotations` and/or `counts`
 * (at least one); writes the cleaned variant beside the raw one, the
 * ledger of every dropped row, and the tables the report shows.
 * An output whose input was not given is a zero-row table.
 */
export const stage: Stage<CleanParams> = {
  name: 'clean',
  doc:
    'Flags assignments, rejects workers, resolves duplicate (worker, ' +
    'image) pairs and evens out annotations per image; every dropped ' +
    'annotation is in ledger_clean with its reason.',
  inputs: [
    { name: 'annotations', required: false, contract: annotationsContract },
    { name: 'counts', required: false, contract: countsContract },
  ],
  outputs: [
    'annotations_clean',
    'counts_clean',
    'ledger_clean',
    'worker_stats',
    'batch_stats',
    'duplicate_hist',
    'clean_summary',
  ],
  params: cleanParamsSchema,
  async run(ctx) {
    if (!ctx.has('annotations') && !ctx.has('counts')) {
      throw new DsrepError(
        'MISSING_INPUT',
        'stage "clean" needs table "annotations" or table "counts"; ' +
          'neither was provided',
      );
    }
    const ledger: LedgerRow[] = [];
    const summary: SummaryRow[] = [];
    const warnings: string[] = [];
    const tables: Record<string, Table> = {};

    ctx.progress.start('clean', 2);
    if (ctx.has('annotations')) {
      const a = await cleanAnnotations(
        ctx.conn,
        ctx.rng.derive('annotations'),
        ctx.params,
        ctx.inputs.annotations,
      );
      tables.annotations_clean = a.annotationsClean;
      tables.worker_stats = a.workerStats;
      tables.batch_stats = a.batchStats;
      tables.duplicate_hist = a.duplicateHist;
      ledger.push(...a.ledger);
      summary.push(...a.summary);
      warnings.push(...a.warnings);
    } else {
      for (const name of [
        'annotations_clean',
        'worker_stats',
        'batch_stats',
        'duplicate_hist',
      ] as const) {
        tables[name] = await emptyOutput(ctx.conn, name);
      }
    }

    ctx.progress.tick();
    if (ctx.has('counts')) {
      const c = await cleanCounts(
        ctx.conn,
        ctx.rng.derive('counts'),
        ctx.params,
      );
      tables.counts_clean = c.countsClean;
      ledger.push(...c.ledger);
      summary.push(...c.summary);
      warnings.push(...c.warnings);
    } else {
      tables.counts_clean = await emptyOutput(ctx.conn, 'counts_clean');
    }

    ctx.progress.done();
    tables.ledger_clean = ledgerTable(ledger);
    tables.clean_summary = summaryTable(summary);
    // The figures the CLI prints after the stage (SPEC section 8 has
    // the paper's: about 10% dropped, 36 of 40 annotators, gap 4.5/4.6%).
    const metrics: Record<string, number | string> = {};
    for (const s of summary) {
      if (s.value === null) continue;
      const key = `${s.source}_${s.metric}`;
      if (s.metric === 'share_dropped' || s.metric === 'workers_rejected') {
        metrics[key] = s.value;
      } else if (
        s.variant !== null &&
        (s.metric === 'annotators_per_image_min' || s.metric === 'v1_v2_gap')
      ) {
        metrics[`${key}_${s.variant}`] = s.value;
      }
    }
    return { tables, metrics, warnings };
  },
};
