import {
  estimatorErrorFigure,
  type EstimatorError,
} from '../figures/estimator-errors.js';
import {
  naiveErrorFigure,
  replicationTable1Figure,
} from '../figures/replication.js';
import type { Absent } from '../figures/common.js';
import type { ReportInputs } from '../inputs.js';
import type { FigureSpec } from '../render.js';
import { emptySection, type Section } from '../section.js';
import { formatWithSe } from '../table.js';
import { replicationTables } from './replication-tables.js';
import {
  replicationData,
  type ReplicationData,
  type SummaryRow,
} from './replication-data.js';

/**
 * The replication experiment with a known answer (issue 9, e.g.
 * CIFAR-10H): v1 and a low-ŝ candidate pool come from one population,
 * so the pool's true adjusted accuracy is v1's accuracy. Shows, as
 * means ± standard errors over the R repetitions, the raw accuracy drop
 * of the matched replication (pure statistical bias), seed table 1 per
 * t, the naive estimator's error against m (figure 11), and each
 * estimator's error, interval width and coverage — with sentences built
 * from those numbers.
 */
export async function replicationSection(
  inputs: ReportInputs,
): Promise<Section> {
  const section = emptySection(
    'replication',
    'Replication with a known answer',
    ['replication_summary', 'replication_runs'],
  );
  const data = await replicationData(inputs);
  if (!data) return section;
  const add = (name: string, fig: FigureSpec | Absent) => {
    if ('absent' in fig) {
      section.notes.push(`No ${name} figure: ${fig.absent}.`);
      section.problems.push(`${name}: ${fig.absent}`);
    } else section.figures.push(fig);
  };

  const tables = replicationTables(data);
  section.notes.push(setupSentence(data));
  for (const model of data.models.slice(0, 3))
    section.notes.push(dropSentence(data, model));
  for (const model of data.models.slice(0, 3))
    section.notes.push(...estimatorSentences(tables.errors, data, model));
  if (data.models.length > 3) {
    section.notes.push(
      `${data.models.length} models: sentences for the first three; ` +
        'the tables have all.',
    );
  }
  section.tables.push(tables.drop, tables.table1, tables.estimators);
  add('table 1', replicationTable1Figure(data));
  add('figure 11', naiveErrorFigure(data));
  add('estimator', estimatorErrorFigure(tables.errors, data.reps));
  return section;
}

const pm = (r: { mean: number | null; se: number | null } | undefined) =>
  r && r.mean !== null
    ? r.se !== null
      ? formatWithSe(r.mean, r.se, 'pct')
      : `${(r.mean * 100).toFixed(2)}%`
    : 'n/a';
const signed = (s: string) =>
  s.startsWith('-') ? s.replace('-', '−') : `+${s}`;

/** R, the sizes of v1 and the pool, and what the truth is. */
function setupSentence(d: ReplicationData): string {
  const v1 = d.get('v1_images')?.mean;
  const pool = d.get('pool_images');
  const sizes =
    v1 != null && pool?.mean != null
      ? ` v1 has ${Math.round(v1)} images, the candidate pool ` +
        `${formatWithSe(pool.mean, pool.se ?? 0, 'num')} per repetition.`
      : '';
  return (
    `${d.reps} repetitions of the experiment, each with its own random ` +
    'draw of annotators and images.' +
    sizes +
    ' v1 and the pool come from one population, so the true adjusted ' +
    "accuracy of the pool is v1's accuracy, and any accuracy drop of a " +
    'replication matched to v1 is statistical bias, not a harder ' +
    'dataset. All figures below are means ± standard errors over the ' +
    'repetitions.'
  );
}

/** The raw accuracy drop v1 − matched replication, per t. */
function dropSentence(d: ReplicationData, model: string): string {
  const parts = d.ts.map((t) => {
    const r = d.get('raw_drop', { t, model });
    const verdict =
      r?.mean != null && r.se != null
        ? Math.abs(r.mean) > 2 * r.se
          ? ''
          : ' (not distinguishable from zero)'
        : '';
    return `t = ${t}: ${pm(r)}${verdict}`;
  });
  return (
    `Raw accuracy drop of the matched replication (v1 minus replication, ` +
    `${model}), matching on t annotations per image: ${parts.join('; ')}.`
  );
}

/**
 * What each estimator does on this data, in words built from the
 * estimator table: its bias (mean error vs 2 SE), its spread from one
 * repetition to the next, its interval width and coverage.
 */
function estimatorSentences(
  errors: readonly EstimatorError[],
  d: ReplicationData,
  model: string,
): string[] {
  const raw = d.unadjusted.get(model);
  const parts: string[] = [];
  const who = d.models.length > 1 ? ` (${model})` : '';
  if (raw) {
    parts.push(
      `Unadjusted${who}, the candidate pool's accuracy is ` +
        `${signed(pm(raw))} off the truth: that is what the estimators ` +
        'have to correct',
    );
  }
  const naiveSd = errorRow(d, model, 'naive')?.sd ?? null;
  for (const e of errors.filter((x) => x.model === model && x.name)) {
    const r = errorRow(d, model, e.name);
    if (!r || r.mean === null) continue;
    const biased =
      r.se !== null && Math.abs(r.mean) > 2 * r.se
        ? r.mean > 0
          ? 'overestimates'
          : 'underestimates'
        : null;
    let s =
      `${capital(label(e.name, d))}${who}: error ${signed(pm(r))}, ` +
      (biased
        ? `so it ${biased} the truth (more than 2 SE from zero)`
        : 'no bias detectable (within 2 SE of zero)');
    if (r.sd !== null) {
      s += `; SD over repetitions ${pct(r.sd)}`;
      if (naiveSd && e.name !== 'naive' && r.sd > 1.5 * naiveSd)
        s += ` (${(r.sd / naiveSd).toFixed(1)} times the naive estimate's)`;
    }
    if (r.loMean !== null && r.hiMean !== null) {
      s +=
        `; its 95% interval is ${pct(r.hiMean - r.loMean)} wide on ` +
        `average, [${signed(pct(r.loMean))}, ${signed(pct(r.hiMean))}] ` +
        'around the truth';
      if (r.coverage !== null) {
        s +=
          r.bounded !== null
            ? `, and held the truth in ${Math.round(r.coverage * r.bounded)} ` +
              `of ${r.bounded} repetitions with intervals`
            : `, and held the truth in ${pct(r.coverage)} of the ` +
              'repetitions with intervals';
      }
    }
    parts.push(s);
  }
  return parts.map((p) => `${p}.`);
}

const capital = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

/** The `<estimator>_error` row: naive at the largest m. */
export function errorRow(
  d: ReplicationData,
  model: string,
  estimator: string,
): SummaryRow | undefined {
  const m = estimator === 'naive' ? d.mMax : null;
  return d.get(`${estimator}_error`, { model, m });
}

export function label(estimator: string, d: ReplicationData): string {
  if (estimator === 'naive' && d.mMax !== null)
    return `naive (all m = ${d.mMax} annotators)`;
  return estimator;
}

const pct = (v: number) => `${(v * 100).toFixed(1)}%`;
