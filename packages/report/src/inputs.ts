import type { StageContext } from '@dsrep/core';
import { quoteIdent } from '@dsrep/core';
import { rowsOf, type Row } from './rows.js';

/**
 * Every input the report reads, with the stage that writes it. All are
 * optional: the report shows what is present and names what is absent.
 */
export const REPORT_INPUTS = {
  annotations: 'ingest',
  annotations_clean: 'clean',
  selection: 'split',
  predictions: 'ingest',
  truth_models: 'simulate',
  ledger_ingest: 'ingest',
  ledger_clean: 'clean',
  ledger_split: 'split',
  ledger_match: 'match',
  ledger_simulate: 'simulate',
  worker_stats: 'clean',
  batch_stats: 'clean',
  duplicate_hist: 'clean',
  clean_summary: 'clean',
  matched: 'match',
  shortfalls: 'match',
  match_summary: 'match',
  match_accuracy: 'match',
  estimates: 'estimate',
  naive_curve: 'estimate',
  jackknife_curve: 'estimate',
  mixtures: 'estimate',
  mixture_density: 'estimate',
  linear_fits: 'estimate',
  toy_model: 'estimate',
  estimator_quality: 'estimate',
  paper_table2: 'input',
  replication_runs: 'replicate',
  replication_summary: 'replicate',
} as const;

export type InputName = keyof typeof REPORT_INPUTS;

/** `stage/table`, how captions cite the stage output they plot. */
export const sourceOf = (name: InputName): string =>
  `${REPORT_INPUTS[name]}/${name}`;

/**
 * Which stage wrote each present input. Tables carry no provenance, so
 * it is inferred: with `replication_*` present, the replicate stage
 * wrote match_summary, estimates and naive_curve in the layouts of
 * match and estimate; mixtures with no other estimate output come from
 * crowd-mixtures. Everything else from its stage in REPORT_INPUTS.
 */
export function producers(
  present: readonly InputName[],
): Partial<Record<InputName, string>> {
  const has = (n: InputName) => present.includes(n);
  const replicate = has('replication_runs') || has('replication_summary');
  const estimateOnly: InputName[] = [
    'estimates',
    'naive_curve',
    'jackknife_curve',
    'linear_fits',
    'toy_model',
    'estimator_quality',
  ];
  const crowd = !estimateOnly.some(has);
  const out: Partial<Record<InputName, string>> = {};
  for (const name of present) {
    let stage: string = REPORT_INPUTS[name];
    if (
      replicate &&
      ['match_summary', 'estimates', 'naive_curve'].includes(name)
    )
      stage = 'replicate';
    if (crowd && (name === 'mixtures' || name === 'mixture_density'))
      stage = 'crowd-mixtures';
    out[name] = stage;
  }
  return out;
}

/**
 * Why an input is absent. `not-in-pipeline`: no present input came
 * from its stage, so that stage did not run (or, for ingest and input
 * tables, the pipeline's sources simply do not include it) — nothing is
 * wrong. `missing`: its stage ran but this table is not here, which is
 * worth a look. With no input at all, everything is `missing`.
 */
export type Absence = 'not-in-pipeline' | 'missing';

export function absences(
  present: readonly InputName[],
): Partial<Record<InputName, Absence>> {
  const ran = new Set(Object.values(producers(present)));
  const out: Partial<Record<InputName, Absence>> = {};
  for (const name of Object.keys(REPORT_INPUTS) as InputName[]) {
    if (present.includes(name)) continue;
    const stage = REPORT_INPUTS[name];
    // Ingest writes what its sources name; input tables are optional.
    const optional = stage === 'ingest' || stage === 'input';
    out[name] =
      present.length > 0 && (optional || !ran.has(stage))
        ? 'not-in-pipeline'
        : 'missing';
  }
  return out;
}

/**
 * Read access to the inputs for the sections: small tables as sorted
 * plain rows (ORDER BY ALL, so rows never depend on input order), large
 * ones only through SQL aggregates.
 */
export interface ReportInputs {
  has(name: InputName): boolean;
  columns(name: InputName): string[];
  rows(name: InputName): Promise<Row[]>;
  query(sql: string): Promise<Row[]>;
}

export function reportInputs(ctx: StageContext<unknown>): ReportInputs {
  return {
    has: (name) => ctx.has(name),
    columns: (name) => ctx.inputs[name]?.schema.fields.map((f) => f.name) ?? [],
    rows: async (name) => {
      if (!ctx.has(name)) return [];
      return rowsOf(
        await ctx.query(`SELECT * FROM ${quoteIdent(name)} ORDER BY ALL`),
      );
    },
    query: async (sql) => rowsOf(await ctx.query(sql)),
  };
}

/**
 * A source line (`estimate/estimates, …`) with each input cited by the
 * stage that actually wrote it in this run (see `producers`).
 */
export function citeProducers(
  source: string,
  by: Partial<Record<InputName, string>>,
): string {
  let out = source;
  for (const [name, stage] of Object.entries(by) as [InputName, string][]) {
    const usual = `${REPORT_INPUTS[name]}/${name}`;
    if (stage !== REPORT_INPUTS[name])
      out = out.split(usual).join(`${stage}/${name}`);
  }
  return out;
}
