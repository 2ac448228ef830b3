import { mean, num, str, type Row } from '../rows.js';

/** Estimators in the order the report lists them (SPEC section 7). */
export const ESTIMATOR_ORDER = ['v1', 'v2', 'naive', 'jackknife', 'parametric'];

/** v1 and v2 are measured accuracies; the rest estimate A(D2|s1). */
export const isAdjusted = (estimator: string) =>
  estimator !== 'v1' && estimator !== 'v2';

/** An accuracy (share in [0,1]) with its 95% bootstrap interval. */
export interface Estimate {
  value: number | null;
  lo: number | null;
  hi: number | null;
  /** The simulator's true value, when known. */
  truth: number | null;
}

/** One model's estimates under one cleaning variant. */
export interface ModelEstimates {
  model: string;
  variant: string;
  estimates: Record<string, Estimate>;
}

/**
 * Groups `estimate/estimates` rows (model, variant, estimator, value,
 * lo, hi, truth) by variant and model. A missing variant column reads
 * as one variant 'all'; missing lo/hi/truth read as null.
 */
export function groupEstimates(rows: readonly Row[]): ModelEstimates[] {
  const byKey = new Map<string, ModelEstimates>();
  for (const row of rows) {
    const model = str(row.model);
    const variant = row.variant === undefined ? 'all' : str(row.variant);
    const key = JSON.stringify([variant, model]);
    let entry = byKey.get(key);
    if (!entry) {
      entry = { model, variant, estimates: {} };
      byKey.set(key, entry);
    }
    entry.estimates[str(row.estimator)] = {
      value: num(row.value),
      lo: num(row.lo),
      hi: num(row.hi),
      truth: num(row.truth),
    };
  }
  return [...byKey.values()].sort((a, b) =>
    a.variant === b.variant ? cmp(a.model, b.model) : cmp(a.variant, b.variant),
  );
}

/** Estimator names present, in report order. */
export function estimatorsOf(groups: readonly ModelEstimates[]): string[] {
  const names = new Set<string>();
  for (const g of groups)
    for (const e of Object.keys(g.estimates)) names.add(e);
  const known = ESTIMATOR_ORDER.filter((e) => names.has(e));
  const other = [...names].filter((e) => !ESTIMATOR_ORDER.includes(e)).sort();
  return [...known, ...other];
}

/**
 * The headline of one (variant, estimator): each quantity averaged over
 * the models that have it. `lo`/`hi` are the averages of the per-model
 * 95% bounds — a summary of how wide they are, not an interval for the
 * average (models share images, so their errors are not independent).
 * `gap` is mean v1 minus this value; `explained` is the share of the raw
 * v1–v2 gap that the adjustment closes, (value − v2) / (v1 − v2), null
 * for v1 and v2 themselves or when v1 = v2.
 */
export interface HeadlineRow {
  variant: string;
  estimator: string;
  models: number;
  value: number | null;
  lo: number | null;
  hi: number | null;
  truth: number | null;
  gap: number | null;
  explained: number | null;
}

export function headline(groups: readonly ModelEstimates[]): HeadlineRow[] {
  const out: HeadlineRow[] = [];
  const variants = [...new Set(groups.map((g) => g.variant))].sort(cmp);
  const estimators = estimatorsOf(groups);
  for (const variant of variants) {
    const inVariant = groups.filter((g) => g.variant === variant);
    const avg = (est: string, field: keyof Estimate) =>
      mean(inVariant.map((g) => g.estimates[est]?.[field] ?? null));
    const v1 = avg('v1', 'value');
    const v2 = avg('v2', 'value');
    for (const estimator of estimators) {
      const models = inVariant.filter(
        (g) => g.estimates[estimator]?.value != null,
      ).length;
      if (models === 0) continue;
      const value = avg(estimator, 'value');
      const rawGap = v1 !== null && v2 !== null ? v1 - v2 : null;
      out.push({
        variant,
        estimator,
        models,
        value,
        lo: avg(estimator, 'lo'),
        hi: avg(estimator, 'hi'),
        truth: avg(estimator, 'truth'),
        gap: v1 !== null && value !== null ? v1 - value : null,
        explained:
          isAdjusted(estimator) && rawGap && value !== null && v2 !== null
            ? (value - v2) / rawGap
            : null,
      });
    }
  }
  return out;
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
