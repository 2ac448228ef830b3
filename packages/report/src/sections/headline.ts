import { sourceOf, type ReportInputs } from '../inputs.js';
import { mean, num, str, type Row } from '../rows.js';
import { emptySection, type Section } from '../section.js';
import { noNegativeZero, type ColumnDef, type ReportTable } from '../table.js';
import {
  estimatorsOf,
  groupEstimates,
  headline,
  isAdjusted,
  type HeadlineRow,
  type ModelEstimates,
} from './estimates-model.js';

const LABELS: Record<string, string> = {
  v1: 'v1 accuracy',
  v2: 'v2 accuracy',
  naive: 'v2 adjusted, naive',
  jackknife: 'v2 adjusted, jackknife',
  parametric: 'v2 adjusted, parametric',
};
export const estimatorLabel = (e: string) => LABELS[e] ?? `v2 adjusted, ${e}`;

/** What the headline section hands to summary.json. */
export interface HeadlineResult {
  section: Section;
  groups: ModelEstimates[];
  headline: HeadlineRow[];
}

/**
 * The headline (SPEC section 7): v1, v2 and each adjusted v2 accuracy
 * averaged over models, with the share of the v1–v2 gap each adjustment
 * explains; and the seed's table 2 extended with adjusted columns and
 * intervals per model, joined to the paper's values when given.
 */
export async function headlineSection(
  inputs: ReportInputs,
  options: { replication?: boolean } = {},
): Promise<HeadlineResult> {
  const section = emptySection('headline', 'Headline: accuracy gap', [
    'estimates',
    'paper_table2',
  ]);
  const groups = groupEstimates(await inputs.rows('estimates'));
  const rows = headline(groups);
  const paper = await inputs.rows('paper_table2');

  if (rows.length > 0) {
    section.tables.push(headlineTable(rows));
    for (const variant of [...new Set(rows.map((r) => r.variant))]) {
      section.notes.push(
        headlineSentence(rows.filter((r) => r.variant === variant)),
      );
    }
  }
  if (groups.length > 0 || paper.length > 0) {
    section.tables.push(modelTable(groups, paper));
  }
  if (options.replication && rows.length > 0) {
    // The replicate stage writes estimates in the estimate stage's
    // layout, but its v2 is the candidate pool and its truth is v1.
    section.notes.push(
      'In the replication experiment, "v2" is the low-ŝ candidate pool, ' +
        "the true value of every adjusted estimate is v1's accuracy, " +
        'values are means over the repetitions and bounds the means of ' +
        "one repetition's 95% bootstrap bounds. Standard errors are in " +
        'the next section.',
    );
  }
  if (paper.length > 0) {
    const v1 = mean(paper.map((r) => num(r.top1_v1)));
    const v2 = mean(paper.map((r) => num(r.top1_v2)));
    section.notes.push(
      `Paper table 2 (${paper.length} models): mean top-1 v1 ${pct(v1)}, ` +
        `v2 ${pct(v2)}, gap ${pct(v1 !== null && v2 !== null ? v1 - v2 : null)}.`,
    );
  }
  return { section, groups, headline: rows };
}

/**
 * One sentence per variant: v1 and v2 accuracy, the raw gap, and per
 * adjustment the gap left and the share of the raw gap it explains.
 */
function headlineSentence(rows: HeadlineRow[]): string {
  const get = (e: string) => rows.find((r) => r.estimator === e);
  const v1 = get('v1');
  const v2 = get('v2');
  const parts = rows
    .filter((r) => r.explained !== null)
    .map(
      (r) =>
        `${r.estimator} ${pct(r.value)} (gap ${pct(r.gap)}, ` +
        `${pct(r.explained)} of the gap explained)`,
    );
  const variant = rows[0]?.variant ?? '';
  return (
    `${variant.charAt(0).toUpperCase()}${variant.slice(1)} data, ${modelsOf(v1?.models ?? rows[0]?.models ?? 0)}: ` +
    `v1 ${pct(v1?.value ?? null)}, v2 ${pct(v2?.value ?? null)}, gap ` +
    `${pct(v2?.gap ?? null)}` +
    (parts.length > 0 ? `; adjusted v2: ${parts.join('; ')}.` : '.')
  );
}

const modelsOf = (n: number) =>
  n === 1 ? 'one model' : `mean over ${n} models`;

function headlineTable(rows: HeadlineRow[]): ReportTable {
  return {
    name: 'headline',
    title: 'Headline: accuracies averaged over models',
    caption:
      'Mean over models of each accuracy; bounds are the mean of the ' +
      'per-model 95% bootstrap bounds. Gap = mean v1 accuracy minus the ' +
      'value; explained = share of the raw v1–v2 gap closed by the ' +
      'adjustment.',
    source: sourceOf('estimates'),
    columns: [
      { key: 'variant', label: 'variant', format: 'text' },
      { key: 'estimator', label: 'estimator', format: 'text' },
      { key: 'models', label: 'models', format: 'int' },
      { key: 'value', label: 'accuracy', format: 'pct', lo: 'lo', hi: 'hi' },
      { key: 'truth', label: 'true value', format: 'pct' },
      { key: 'gap', label: 'gap to v1', format: 'pct' },
      { key: 'explained', label: 'gap explained', format: 'pct' },
    ],
    rows: rows.map((r) => ({ ...r })),
  };
}

function modelTable(groups: ModelEstimates[], paper: Row[]): ReportTable {
  const estimators = estimatorsOf(groups);
  const paperBy = new Map(paper.map((r) => [str(r.model), r]));
  const columns: ColumnDef[] = [
    { key: 'variant', label: 'variant', format: 'text' },
    { key: 'model', label: 'model', format: 'text' },
  ];
  if (paper.length > 0) {
    columns.push({ key: 'paper_v1', label: 'paper top-1 v1', format: 'pct' });
    columns.push({ key: 'paper_v2', label: 'paper top-1 v2', format: 'pct' });
  }
  for (const e of estimators) {
    columns.push({
      key: e,
      label: estimatorLabel(e),
      format: 'pct',
      lo: `${e}_lo`,
      hi: `${e}_hi`,
    });
  }
  const hasTruth = groups.some((g) =>
    Object.entries(g.estimates).some(
      ([e, x]) => isAdjusted(e) && x.truth !== null,
    ),
  );
  if (hasTruth) {
    columns.push({
      key: 'adjusted_true',
      label: 'true adjusted',
      format: 'pct',
    });
  }

  const rows: Row[] =
    groups.length === 0
      ? paper.map((p) => ({
          variant: 'paper',
          model: str(p.model),
          paper_v1: num(p.top1_v1),
          paper_v2: num(p.top1_v2),
        }))
      : groups.map((g) => {
          const row: Row = { variant: g.variant, model: g.model };
          const p = paperBy.get(g.model);
          if (paper.length > 0) {
            row.paper_v1 = p ? num(p.top1_v1) : null;
            row.paper_v2 = p ? num(p.top1_v2) : null;
          }
          for (const e of estimators) {
            const x = g.estimates[e];
            row[e] = x?.value ?? null;
            row[`${e}_lo`] = x?.lo ?? null;
            row[`${e}_hi`] = x?.hi ?? null;
          }
          if (hasTruth) {
            const adj = Object.entries(g.estimates).find(
              ([e, x]) => isAdjusted(e) && x.truth !== null,
            );
            row.adjusted_true = adj ? adj[1].truth : null;
          }
          return row;
        });
  return {
    name: 'table2_extended',
    title: 'Table 2, extended: per-model accuracies with adjusted v2',
    caption:
      'Top-1 accuracy per model: v1, v2 and v2 reweighted to the v1 ' +
      'selection frequencies by each estimator, with 95% bootstrap ' +
      'intervals in brackets' +
      (paper.length > 0 ? "; the paper's table 2 values beside them." : '.'),
    source: [
      groups.length > 0 ? sourceOf('estimates') : '',
      paper.length > 0 ? sourceOf('paper_table2') : '',
    ]
      .filter(Boolean)
      .join(', '),
    columns,
    rows,
  };
}

export function pct(v: number | null): string {
  return v === null ? 'n/a' : noNegativeZero(`${(v * 100).toFixed(1)}%`);
}
