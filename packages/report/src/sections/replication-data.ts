import type { ReportInputs } from '../inputs.js';
import { num, str, type Row } from '../rows.js';

/**
 * One row of `replicate/replication_summary`: a metric's mean over the
 * R repetitions, its standard error sd/√reps, and for metrics with
 * intervals the means of the per-repetition 95% bounds. `t` is the
 * matching size (null: a figure of the pool, shared by every t), `m`
 * the annotator count of the naive curve.
 */
export interface SummaryRow {
  t: number | null;
  model: string | null;
  metric: string;
  m: number | null;
  reps: number;
  mean: number | null;
  se: number | null;
  sd: number | null;
  loMean: number | null;
  hiMean: number | null;
  /** Share of the repetitions with an interval whose interval held 0. */
  coverage: number | null;
  /** Repetitions with an interval (from replication_runs), if known. */
  bounded: number | null;
}

/** The summary of the replication experiment, with look-ups. */
export interface ReplicationData {
  rows: SummaryRow[];
  /** Models, sorted. */
  models: string[];
  /** Matching sizes t, ascending. */
  ts: number[];
  /** Largest m of the naive curve (all n − c annotators). */
  mMax: number | null;
  /** Most repetitions behind any metric (R). */
  reps: number;
  get(
    metric: string,
    at?: { t?: number | null; model?: string | null; m?: number | null },
  ): SummaryRow | undefined;
  /**
   * Per-repetition pool accuracy minus v1 accuracy, mean and standard
   * error over repetitions (the error of not adjusting at all), per
   * model; from replication_runs.
   */
  unadjusted: Map<string, { mean: number; se: number; reps: number }>;
}

/** A summary row's mean and SE as `<key>` and `<key>_se`. */
export function meanSe(key: string, r: SummaryRow | undefined): Row {
  return { [key]: r?.mean ?? null, [`${key}_se`]: r?.se ?? null };
}

const key = (t: number | null, model: string | null, m: number | null) =>
  JSON.stringify([t, model, m]);

/** Reads replication_summary (and replication_runs, when present). */
export async function replicationData(
  inputs: ReportInputs,
): Promise<ReplicationData | null> {
  if (!inputs.has('replication_summary')) return null;
  const bounded = new Map<string, number>();
  const unadjusted: ReplicationData['unadjusted'] = new Map();
  if (inputs.has('replication_runs')) {
    for (const r of await inputs.query(`
      SELECT t, model::VARCHAR AS model, metric::VARCHAR AS metric, m,
             count(*) FILTER (WHERE lo IS NOT NULL AND hi IS NOT NULL
               AND value IS NOT NULL)::INTEGER AS bounded
      FROM replication_runs GROUP BY ALL ORDER BY ALL`)) {
      bounded.set(
        key(num(r.t), nullStr(r.model), num(r.m)) + str(r.metric),
        num(r.bounded) ?? 0,
      );
    }
    // Paired per repetition: pool and v1 accuracy share the repetition's
    // draw, so the SE of their difference needs the pairs.
    for (const r of await inputs.query(`
      WITH d AS (
        SELECT rep, model::VARCHAR AS model,
          max(value) FILTER (WHERE metric = 'pool_accuracy') -
          max(value) FILTER (WHERE metric = 'v1_accuracy') AS diff
        FROM replication_runs WHERE t IS NULL AND model IS NOT NULL
          AND metric IN ('pool_accuracy', 'v1_accuracy')
        GROUP BY ALL)
      SELECT model, avg(diff) AS mean,
             (stddev_samp(diff) / sqrt(count(diff)))::DOUBLE AS se,
             count(diff)::INTEGER AS reps
      FROM d WHERE diff IS NOT NULL GROUP BY ALL ORDER BY ALL`)) {
      const mean = num(r.mean);
      const se = num(r.se);
      if (mean !== null && se !== null)
        unadjusted.set(str(r.model), { mean, se, reps: num(r.reps) ?? 0 });
    }
  }

  const rows: SummaryRow[] = (await inputs.rows('replication_summary')).map(
    (r: Row) => {
      const t = num(r.t);
      const model = nullStr(r.model);
      const m = num(r.m);
      const metric = str(r.metric);
      return {
        t,
        model,
        metric,
        m,
        reps: num(r.reps) ?? 0,
        mean: num(r.mean),
        se: num(r.se),
        sd: num(r.sd),
        loMean: num(r.lo_mean),
        hiMean: num(r.hi_mean),
        coverage: num(r.coverage),
        bounded: bounded.get(key(t, model, m) + metric) ?? null,
      };
    },
  );
  const byKey = new Map(
    rows.map((r) => [key(r.t, r.model, r.m) + r.metric, r]),
  );
  const models = [
    ...new Set(rows.map((r) => r.model).filter((m): m is string => !!m)),
  ].sort();
  const ts = [
    ...new Set(rows.map((r) => r.t).filter((t): t is number => t !== null)),
  ].sort((a, b) => a - b);
  const ms = rows
    .filter((r) => r.metric === 'naive_error' && r.m !== null)
    .map((r) => r.m as number);
  return {
    rows,
    models,
    ts,
    mMax: ms.length > 0 ? Math.max(...ms) : null,
    reps: Math.max(0, ...rows.map((r) => r.reps)),
    get: (metric, at = {}) =>
      byKey.get(key(at.t ?? null, at.model ?? null, at.m ?? null) + metric),
    unadjusted,
  };
}

function nullStr(v: Row[string] | undefined): string | null {
  return v === null || v === undefined ? null : str(v);
}
