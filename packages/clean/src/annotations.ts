import type { RandomStream } from '@dsrep/core';
import type { Table } from 'apache-arrow';
import {
  batchStats,
  flagBatches,
  rejectWorkers,
  workerStats,
} from './batches.js';
import { duplicateFacts, duplicateHist } from './duplicates.js';
import { evenOutAnnotations } from './evenout.js';
import { markWorkerRules } from './fate.js';
import type { LedgerRow, SummaryRow } from './ledger.js';
import type { CleanParams } from './params.js';
import { exec, type Conn } from './sql.js';
import { annotationLedger, annotationSummary, row } from './summary.js';
import { keptRows } from './take.js';

/** Everything cleaning the `annotations` table produces. */
export interface AnnotationsCleaned {
  annotationsClean: Table;
  workerStats: Table;
  batchStats: Table;
  duplicateHist: Table;
  ledger: LedgerRow[];
  summary: SummaryRow[];
  warnings: string[];
}

/**
 * Cleans table `annotations` on `conn` (SPEC section 4): flags
 * assignments, rejects workers, resolves duplicates, evens out
 * annotations per image. Every dropped row is counted in the ledger
 * under the first rule that hit it (see `DROP_REASONS`). The raw table
 * is left as it is: it is the raw variant.
 */
export async function cleanAnnotations(
  conn: Conn,
  rng: RandomStream,
  params: CleanParams,
  input?: Table,
): Promise<AnnotationsCleaned> {
  const warnings: string[] = [];
  // rid = DuckDB's rowid: the row's position in the appended input.
  await exec(
    conn,
    'CREATE OR REPLACE TEMP VIEW clean_ann AS SELECT rowid AS rid, * FROM annotations',
  );
  await exec(
    conn,
    `CREATE OR REPLACE TEMP TABLE clean_pairs AS
     SELECT worker_id, image_id, class_id, count(*)::INTEGER AS copies
     FROM annotations GROUP BY worker_id, image_id, class_id`,
  );

  // Rules 1, 2, 4: flags, rejection, duplicates.
  await flagBatches(conn, params);
  await rejectWorkers(conn, params);
  await markWorkerRules(conn, params);
  const dup = await duplicateFacts(conn);
  if (!params.dedupe && (dup.repeatedPairs ?? 0) > 0) {
    warnings.push(
      `clean: ${dup.repeatedPairs} (worker, image) pairs occur more than ` +
        'once and were kept because dedupe is false; their annotations ' +
        'are not independent. Set dedupe: true to keep one copy each.',
    );
  }

  // Rule 3: evening out.
  const even = await evenOutAnnotations(conn, rng, params);
  if (even.target !== null && even.belowImages > 0) {
    warnings.push(
      params.belowTarget === 'drop'
        ? `clean: ${even.belowImages} images had fewer than ` +
            `${even.target} annotations left and were dropped entirely ` +
            '(ledger reason below_target). Lower evenOut or set ' +
            "belowTarget: 'keep' to keep them with fewer annotations."
        : `clean: ${even.belowImages} images kept fewer than ` +
            `${even.target} annotations (belowTarget is 'keep'), so ` +
            'annotations per image are not even.',
    );
  }
  if (
    even.target !== null &&
    even.medianBefore !== null &&
    even.target < 0.5 * even.medianBefore
  ) {
    warnings.push(
      `clean: evening out to ${even.target} annotations per image, less ` +
        `than half the median of ${even.medianBefore}; one sparse image ` +
        'sets the target for all. Set evenOut to a count to drop sparse ' +
        'images instead.',
    );
  }

  // Outputs.
  const annotationsClean = await keptRows(conn, input);
  const ledger = await annotationLedger(conn);
  const summary = await annotationSummary(conn, even.target);
  summary.push(
    row('duplicate_nonunique_share', null, dup.nonUniqueShare),
    row('duplicate_redundant_share', null, dup.redundantShare),
    row('duplicate_repeated_pairs', null, dup.repeatedPairs),
  );
  return {
    annotationsClean,
    workerStats: await workerStats(conn),
    batchStats: await batchStats(conn),
    duplicateHist: await duplicateHist(conn),
    ledger,
    summary,
    warnings,
  };
}
