import type { EstimatorError } from '../figures/estimator-errors.js';
import { sourceOf } from '../inputs.js';
import type { Row } from '../rows.js';
import type { ReportTable } from '../table.js';
import { meanSe, type ReplicationData } from './replication-data.js';

/** Estimators in the order the report lists them. */
const ORDER = ['naive', 'jackknife', 'parametric'];

/**
 * Each estimator's error (estimate − truth) per model: the unadjusted
 * pool first (what there is to correct), then every `<name>_error`
 * metric of replication_summary (naive at the largest m), with mean ±
 * SE, SD over repetitions, mean interval width and bounds, coverage and
 * the number of repetitions with intervals.
 */
export function estimatorTable(d: ReplicationData): {
  estimators: ReportTable;
  errors: EstimatorError[];
} {
  const source = sourceOf('replication_summary');
  const reps = `over ${d.reps} repetitions`;
  const errors: EstimatorError[] = [];
  const estRows: Row[] = [];
  const names = [
    ...new Set(
      d.rows
        .filter((r) => r.t === null && r.metric.endsWith('_error'))
        .map((r) => r.metric.slice(0, -'_error'.length)),
    ),
  ].sort((a, b) => rank(a) - rank(b) || (a < b ? -1 : a > b ? 1 : 0));
  for (const model of d.models) {
    const raw = d.unadjusted.get(model);
    if (raw) {
      errors.push({
        model,
        name: '',
        estimator: 'none (raw pool)',
        error: raw.mean,
        se: raw.se,
        lo: null,
        hi: null,
      });
      estRows.push({
        model,
        estimator: 'none (raw pool accuracy)',
        error: raw.mean,
        error_se: raw.se,
      });
    }
    for (const e of names) {
      const m = e === 'naive' ? d.mMax : null;
      const err = d.get(`${e}_error`, { model, m });
      const est = d.get(e, { model, m });
      if (!err) continue;
      const width =
        err.loMean !== null && err.hiMean !== null
          ? err.hiMean - err.loMean
          : null;
      errors.push({
        model,
        name: e,
        estimator: e === 'naive' && m !== null ? `naive (m = ${m})` : e,
        error: err.mean,
        se: err.se,
        lo: err.loMean,
        hi: err.hiMean,
      });
      estRows.push({
        model,
        estimator: e === 'naive' && m !== null ? `naive (m = ${m})` : e,
        ...meanSe('estimate', est),
        ...meanSe('error', err),
        sd: err.sd,
        width,
        lo: err.loMean,
        hi: err.hiMean,
        coverage: err.coverage,
        bounded: err.bounded,
      });
    }
  }
  const estimators: ReportTable = {
    name: 'replication_estimators',
    title: "Each estimator's error, interval width and coverage",
    caption:
      'Adjusted accuracy of the candidate pool and its error (estimate − ' +
      `truth, truth = v1's accuracy), mean ± standard error ${reps}; SD: ` +
      'spread of the error from one repetition to the next. Width and ' +
      'bounds: mean 95% bootstrap interval of the error in one ' +
      'repetition; coverage: share of the repetitions with intervals ' +
      '(count in the last column) whose interval held the truth.',
    source,
    columns: [
      { key: 'model', label: 'model', format: 'text' },
      { key: 'estimator', label: 'estimator', format: 'text' },
      { key: 'estimate', label: 'estimate', format: 'pct', se: 'estimate_se' },
      { key: 'error', label: 'error', format: 'pct', se: 'error_se' },
      { key: 'sd', label: 'SD of error', format: 'pct' },
      { key: 'width', label: 'mean interval width', format: 'pct' },
      { key: 'lo', label: 'mean lower bound', format: 'pct' },
      { key: 'hi', label: 'mean upper bound', format: 'pct' },
      { key: 'coverage', label: 'coverage', format: 'pct' },
      { key: 'bounded', label: 'reps with intervals', format: 'int' },
    ],
    rows: estRows,
  };
  return { estimators, errors };
}

function rank(estimator: string): number {
  const i = ORDER.indexOf(estimator);
  return i < 0 ? ORDER.length : i;
}
