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
import {
  REPORT_INPUTS,
  absences,
  citeProducers,
  producers,
  reportInputs,
  type InputName,
} from './inputs.js';
import { renderMarkdown } from './markdown.js';
import { renderFigure } from './render.js';
import { cleaningSection } from './sections/cleaning.js';
import { crowdSections } from './sections/crowd.js';
import { estimationSection } from './sections/estimation.js';
import { headlineSection } from './sections/headline.js';
import { matchingSection } from './sections/matching.js';
import { replicationSection } from './sections/replication.js';
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
    const present: Partial<Record<InputName, number>> = {};
    const absent: InputName[] = [];
    for (const name of Object.keys(REPORT_INPUTS) as InputName[]) {
      const table = ctx.inputs[name];
      if (table) present[name] = table.numRows;
      else absent.push(name);
    }
    const names = Object.keys(present) as InputName[];
    const by = producers(names);
    // The real-data pipelines: the replicate stage (CIFAR-10H) and
    // crowd-mixtures (bluebirds) get their own sections, and the generic
    // ones leave out what those show better.
    const replication = by.replication_summary === 'replicate';
    const crowd = by.mixtures === 'crowd-mixtures';
    const head = await headlineSection(access, { replication });
    const all = [head.section];
    if (replication) all.push(await replicationSection(access));
    all.push(await selectionSection(access));
    if (crowd) all.push(...(await crowdSections(access)));
    all.push(
      await matchingSection(access, { replication }),
      await cleaningSection(access),
      await estimationSection(access, head.groups, { replication, crowd }),
    );
    // Sections of stages this pipeline does not have go last, so the
    // page opens with what the run measured.
    const idle = (s: (typeof all)[number]) =>
      s.tables.length === 0 &&
      s.figures.length === 0 &&
      s.reads.every((r) => present[r] === undefined);
    const sections =
      names.length === 0
        ? all
        : [...all.filter((s) => !idle(s)), ...all.filter(idle)];

    // Figures render one at a time: vega views are not cheap, and the
    // order keeps nothing shared between them.
    for (const s of sections) {
      for (const t of s.tables) t.source = citeProducers(t.source, by);
      for (const f of s.figures) f.source = citeProducers(f.source, by);
    }
    const rendered: RenderedSection[] = [];
    for (const s of sections) {
      const figures = [];
      for (const f of s.figures) figures.push(await renderFigure(f));
      rendered.push({ ...s, figures });
    }

    const warnings = sections.flatMap((s) => s.problems);
    const { title, pipeline } = ctx.params;
    const page = {
      title,
      pipeline,
      sections: rendered,
      present,
      absent: absences(names),
      producers: by,
    };

    const files: Record<string, string> = {
      'index.html': renderPage(page),
      'report.md': renderMarkdown(page),
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
