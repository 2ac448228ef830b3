/**
 * One measured figure of one repetition: `metric` for `model` (null
 * when it does not depend on the classifier), matching size `t` (null
 * for figures of the pool, which every t shares) and annotator count
 * `m` (naive curve only). `lo`/`hi` bound a 95% bootstrap interval
 * over images where the figure has one.
 */
export interface RunRecord {
  rep: number;
  t: number | null;
  model: string | null;
  metric: string;
  m: number | null;
  value: number;
  lo: number | null;
  hi: number | null;
}

/** Means over repetitions of one (t, model, metric, m). */
export interface SummaryRecord {
  t: number | null;
  model: string | null;
  metric: string;
  m: number | null;
  /** Repetitions with a finite value. */
  reps: number;
  mean: number;
  sd: number;
  /** Standard error of the mean over repetitions: sd / √reps. */
  se: number;
  /** Means of the per-repetition interval bounds. */
  loMean: number | null;
  hiMean: number | null;
  /**
   * For `*_error` metrics (estimate − truth): the share of repetitions
   * whose interval contains 0, i.e. covers the truth.
   */
  coverage: number | null;
}

const mean = (xs: readonly number[]) =>
  xs.length === 0 ? NaN : xs.reduce((a, b) => a + b, 0) / xs.length;

/**
 * Averages records over repetitions. Non-finite values (an estimator
 * undefined in some repetition) are left out and `reps` says how many
 * remain; sd is the sample standard deviation (NaN below two values).
 */
export function summarize(records: readonly RunRecord[]): SummaryRecord[] {
  const groups = new Map<string, RunRecord[]>();
  for (const r of records) {
    const key = JSON.stringify([r.t, r.model, r.metric, r.m]);
    let list = groups.get(key);
    if (!list) groups.set(key, (list = []));
    list.push(r);
  }
  const out: SummaryRecord[] = [];
  for (const list of groups.values()) {
    const first = list[0] as RunRecord;
    const finite = list.filter((r) => Number.isFinite(r.value));
    const values = finite.map((r) => r.value);
    const mu = mean(values);
    const sd =
      values.length < 2
        ? NaN
        : Math.sqrt(
            values.reduce((a, v) => a + (v - mu) ** 2, 0) / (values.length - 1),
          );
    const bounded = finite.filter(
      (r) => r.lo !== null && r.hi !== null && !Number.isNaN(r.lo),
    );
    const lo = bounded.map((r) => r.lo as number);
    const hi = bounded.map((r) => r.hi as number);
    const covered = bounded.filter(
      (r) => (r.lo as number) <= 0 && 0 <= (r.hi as number),
    ).length;
    out.push({
      t: first.t,
      model: first.model,
      metric: first.metric,
      m: first.m,
      reps: values.length,
      mean: mu,
      sd,
      se: sd / Math.sqrt(values.length),
      loMean: bounded.length > 0 ? mean(lo) : null,
      hiMean: bounded.length > 0 ? mean(hi) : null,
      coverage:
        first.metric.endsWith('_error') && bounded.length > 0
          ? covered / bounded.length
          : null,
    });
  }
  return out;
}
