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
} as const;

export type InputName = keyof typeof REPORT_INPUTS;

/** `stage/table`, how captions cite the stage output they plot. */
export const sourceOf = (name: InputName): string =>
  `${REPORT_INPUTS[name]}/${name}`;

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
