import {
  annotationsContract,
  ledgerContract,
  predictionsContract,
  selectionContract,
  type Stage,
  type StageInput,
  type TableContract,
} from '@dsrep/core';
import { z } from 'zod';
import { renderPage, type RenderedSection } from './html.js';
import { REPORT_INPUTS, reportInputs, type InputName } from './inputs.js';
import { renderMarkdown } from './markdown.js';
import { renderFigure } from './render.js';
import { cleaningSection } from './sections/cleaning.js';
import { estimationSection } from './sections/estimation.js';
import { headlineSection } from './sections/headline.js';
import { matchingSection } from './sections/matching.js';
import { selectionSection } from './sections/selection.js';
import { buildSummary } from './summary.js';
import { tableFiles } from './table.js';

/** Parameters of the report: a page title and the pipeline's name. */
export const reportParams = z.object({
  title: z.string().default('Replication bias report'),
  pipeline: z.string().default('dsrep'),
});
export type ReportParams = z.infer<typeof reportParams>;

// Inputs the report queries by column in SQL are checked against their
// contract first, so a wrong table fails with its name and column.
const CONTRACTS: Partial<Record<InputName, TableContract>> = {
  annotations: annotationsContract,
  annotations_clean: annotationsContract,
  selection: selectionContract,
  predictions: predictionsContract,
  ledger_ingest: ledgerContract,
  ledger_clean: ledgerContract,
  ledger_split: ledgerContract,
  ledger_match: ledgerContract,
  ledger_simulate: ledgerContract,
};

const inputs: StageInput[] = (Object.keys(REPORT_INPUTS) as InputName[]).map(
  (name) => {
    const contract = CONTRACTS[name];
    return contract
      ? { name, required: false, contract }
      : { name, required: false };
  },
);

/**
 * The report stage: reads whatever stage outputs are present and writes
 * `index.html` (self-contained, figures as inline SVG), `report.md`,
 * `summary.json` and `tables/<name>.csv|.json|.md`. It returns no
 * tables. Sections whose inputs are absent say so on the page.
 */
export const stage: Stage<ReportParams> = {
  name: 'report',
  doc: 'one self-contained HTML report, Markdown, CSV/JSON tables, summary.json',
  inputs,
  outputs: [],
  params: reportParams,
  async run(ctx) {
    const access = reportInputs(ctx);
    const head = await headlineSection(access);
    const sections = [
      head.section,
      await selectionSection(access),
      await matchingSection(access),
      await cleaningSection(access),
      await estimationSection(access, head.groups),
    ];

    // Figures render one at a time: vega views are not cheap, and the
    // order keeps nothing shared between them.
    const rendered: RenderedSection[] = [];
    for (const s of sections) {
      const figures = [];
      for (const f of s.figures) figures.push(await renderFigure(f));
      rendered.push({ ...s, figures });
    }

    const present: Partial<Record<InputName, number>> = {};
    const absent: InputName[] = [];
    for (const name of Object.keys(REPORT_INPUTS) as InputName[]) {
      const table = ctx.inputs[name];
      if (table) present[name] = table.numRows;
      else absent.push(name);
    }
    const warnings = sections.flatMap((s) => s.problems);
    const { title, pipeline } = ctx.params;

    const files: Record<string, string> = {
      'index.html': renderPage({
        title,
        pipeline,
        sections: rendered,
        present,
      }),
      'report.md': renderMarkdown({
        title,
        pipeline,
        sections: rendered,
        present,
      }),
      'summary.json': buildSummary({
        title,
        pipeline,
        present,
        absent,
        headline: head.headline,
        groups: head.groups,
        sections: rendered,
        warnings,
      }),
    };
    for (const s of sections)
      for (const t of s.tables) Object.assign(files, tableFiles(t));

    return {
      tables: {},
      files,
      metrics: {
        figures: rendered.reduce((n, s) => n + s.figures.length, 0),
        tables: sections.reduce((n, s) => n + s.tables.length, 0),
        inputs_present: Object.keys(present).length,
      },
      warnings,
    };
  },
};
