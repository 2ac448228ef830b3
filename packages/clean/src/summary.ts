import { DROP_REASONS } from './fate.js';
import { frequencyFacts, type FrequencyFacts } from './frequency.js';
import type { LedgerRow, SummaryRow } from './ledger.js';
import { exec, query, scalars, type Conn } from './sql.js';

/*
 * The ledger and clean_summary rows of each input table. Worker rules
 * on counts are rows with a null value and a note, never left out.
 */

/** Worker rules that need worker ids, reported as not applicable. */
const WORKER_RULES = [
  'batches_flagged',
  'workers_rejected',
  'duplicate_repeated_pairs',
] as const;

/** Ledger rows of `annotations` from `clean_fate`, all rules listed. */
export async function annotationLedger(conn: Conn): Promise<LedgerRow[]> {
  const byReason = await query(
    conn,
    `SELECT coalesce(reason, 'kept') AS reason, count(*)::DOUBLE AS rows
     FROM clean_fate GROUP BY ALL`,
  );
  const counts = new Map<string, number>();
  for (let i = 0; i < byReason.numRows; i++) {
    counts.set(
      String(byReason.getChild('reason')?.get(i)),
      Number(byReason.getChild('rows')?.get(i)),
    );
  }
  const total = [...counts.values()].reduce((s, c) => s + c, 0);
  const base = { table: 'annotations' } as const;
  return [
    { ...base, variant: 'raw', reason: 'kept', action: 'kept', rows: total },
    {
      ...base,
      variant: 'clean',
      reason: 'kept',
      action: 'kept',
      rows: counts.get('kept') ?? 0,
    },
    // Every rule gets a row, zero included, so the report shows all.
    ...DROP_REASONS.map((reason): LedgerRow => ({
      ...base,
      variant: 'clean',
      reason,
      action: 'dropped',
      rows: counts.get(reason) ?? 0,
    })),
  ];
}

export async function annotationSummary(
  conn: Conn,
  target: number | null,
): Promise<SummaryRow[]> {
  // Per-image k and n, raw and cleaned, for the frequency figures.
  await exec(
    conn,
    `CREATE OR REPLACE TEMP TABLE clean_img_raw AS
     SELECT any_value(role) AS role, count_if(selected) AS k,
            count(*) AS n
     FROM clean_fate GROUP BY image_id, class_id`,
  );
  await exec(
    conn,
    `CREATE OR REPLACE TEMP TABLE clean_img_clean AS
     SELECT any_value(role) AS role, count_if(selected) AS k,
            count(*) AS n
     FROM clean_fate WHERE reason IS NULL GROUP BY image_id, class_id`,
  );
  const raw = await frequencyFacts(conn, 'clean_img_raw');
  const clean = await frequencyFacts(conn, 'clean_img_clean');
  const t = await scalars(
    conn,
    `SELECT (SELECT count(*) FROM clean_fate)::DOUBLE AS rows_raw,
            (SELECT count(*) FROM clean_fate WHERE reason IS NULL)::DOUBLE
              AS rows_clean,
            (SELECT count(*) FROM clean_batches)::DOUBLE AS batches,
            (SELECT count(*) FROM clean_batches WHERE too_few OR too_many)
              ::DOUBLE AS flagged,
            (SELECT count(*) FROM clean_batches WHERE too_few)::DOUBLE
              AS too_few,
            (SELECT count(*) FROM clean_batches WHERE too_many)::DOUBLE
              AS too_many,
            (SELECT count(*) FROM clean_workers)::DOUBLE AS workers,
            (SELECT count(*) FROM clean_workers WHERE rejected)::DOUBLE
              AS rejected`,
  );
  const rowsRaw = t.rows_raw ?? 0;
  const rowsClean = t.rows_clean ?? 0;
  return [
    row('annotations', 'raw', rowsRaw),
    row('annotations', 'clean', rowsClean),
    row('share_dropped', 'clean', rowsRaw > 0 ? 1 - rowsClean / rowsRaw : null),
    row('batches', null, t.batches),
    row('batches_flagged', null, t.flagged),
    row('batches_flagged_too_few_selected', null, t.too_few),
    row('batches_flagged_too_many_controls', null, t.too_many),
    row('workers', null, t.workers),
    row('workers_rejected', null, t.rejected),
    row('even_out_target', 'clean', target),
    ...frequencyRows(raw, 'raw'),
    ...frequencyRows(clean, 'clean'),
  ];
}

/** The frequency rows of one variant; shared with the counts path. */
export function frequencyRows(
  f: FrequencyFacts,
  variant: 'raw' | 'clean',
  source: SummaryRow['source'] = 'annotations',
): SummaryRow[] {
  const gapNote =
    f.gap === null
      ? 'needs images of both roles reference and replication'
      : null;
  return [
    { ...row('mean_s_reference', variant, f.reference), source },
    { ...row('mean_s_replication', variant, f.replication), source },
    { ...row('v1_v2_gap', variant, f.gap), source, note: gapNote },
    { ...row('annotators_per_image_min', variant, f.minN), source },
    { ...row('annotators_per_image_median', variant, f.medianN), source },
  ];
}

/** A summary row of the annotations source. */
export function row(
  metric: string,
  variant: SummaryRow['variant'],
  value: number | null,
): SummaryRow {
  return { source: 'annotations', metric, variant, value, note: null };
}

export async function countsSummary(
  conn: Conn,
  target: number | null,
): Promise<SummaryRow[]> {
  const perImage = (from: string) =>
    `SELECT role, selected_count AS k, annotator_count AS n FROM ${from}`;
  await exec(
    conn,
    `CREATE OR REPLACE TEMP VIEW clean_cimg_raw AS ${perImage('clean_cnt')}`,
  );
  await exec(
    conn,
    `CREATE OR REPLACE TEMP VIEW clean_cimg_clean AS ${perImage('clean_cnt_out')}`,
  );
  const raw = await frequencyFacts(conn, 'clean_cimg_raw');
  const clean = await frequencyFacts(conn, 'clean_cimg_clean');
  const a = await scalars(
    conn,
    `SELECT (SELECT sum(annotator_count) FROM clean_cnt)::DOUBLE AS raw,
            (SELECT sum(annotator_count) FROM clean_cnt_out)::DOUBLE AS clean`,
  );
  const rawN = a.raw ?? 0;
  const cleanN = a.clean ?? 0;
  const r = (
    metric: string,
    variant: SummaryRow['variant'],
    value: number | null,
    note: string | null = null,
  ): SummaryRow => ({ source: 'counts', metric, variant, value, note });
  return [
    r('annotations', 'raw', rawN, 'sum of annotator_count'),
    r('annotations', 'clean', cleanN, 'sum of annotator_count'),
    r('share_dropped', 'clean', rawN > 0 ? 1 - cleanN / rawN : null),
    r('even_out_target', 'clean', target),
    ...WORKER_RULES.map((m) =>
      r(m, null, null, 'not applicable: counts carry no worker ids'),
    ),
    ...frequencyRows(raw, 'raw', 'counts'),
    ...frequencyRows(clean, 'clean', 'counts'),
  ];
}
