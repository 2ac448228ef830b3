import { quoteIdent } from '@dsrep/core';
import { duplicatesFigure } from '../figures/duplicates.js';
import { sourceOf, type InputName, type ReportInputs } from '../inputs.js';
import { num, pickColumn, str, type Row } from '../rows.js';
import { emptySection, type Section } from '../section.js';
import { genericTable, type ReportTable } from '../table.js';

const LEDGERS: InputName[] = [
  'ledger_ingest',
  'ledger_simulate',
  'ledger_clean',
  'ledger_split',
  'ledger_match',
];

/**
 * Cleaning (SPEC section 4) and where every row went: the clean stage's
 * summary, ledger totals per stage (rows in = kept + dropped), the
 * reasons behind them, annotation counts raw and cleaned, worker and
 * batch flags, and the duplicate-pair histogram (figure 9).
 */
export async function cleaningSection(inputs: ReportInputs): Promise<Section> {
  const section = emptySection('cleaning', 'Cleaning and ledgers', [
    'clean_summary',
    ...LEDGERS,
    'annotations',
    'annotations_clean',
    'worker_stats',
    'batch_stats',
    'duplicate_hist',
    'predictions',
  ]);

  if (inputs.has('clean_summary')) {
    section.tables.push(
      genericTable(
        {
          name: 'clean_summary',
          title: 'Cleaning summary',
          caption: 'What the clean stage reports about its run, as given.',
          source: sourceOf('clean_summary'),
        },
        inputs.columns('clean_summary'),
        await inputs.rows('clean_summary'),
      ),
    );
  }
  section.tables.push(...(await ledgerTables(inputs)));
  const counts = await annotationCounts(inputs);
  if (counts) section.tables.push(counts);
  for (const name of ['worker_stats', 'batch_stats'] as const) {
    const flags = await flagCounts(inputs, name);
    if (flags) section.tables.push(flags);
  }
  if (inputs.has('duplicate_hist')) {
    const fig = duplicatesFigure(
      inputs.columns('duplicate_hist'),
      await inputs.rows('duplicate_hist'),
    );
    if ('absent' in fig) {
      section.notes.push(`No figure 9: ${fig.absent}.`);
      section.problems.push(`figure 9: ${fig.absent}`);
    } else section.figures.push(fig);
  }
  if (inputs.has('predictions')) {
    section.tables.push({
      name: 'predictions_summary',
      title: 'Predictions',
      caption: 'Models, images and the share of correct top-1 predictions.',
      source: sourceOf('predictions'),
      columns: [
        { key: 'models', label: 'models', format: 'int' },
        { key: 'images', label: 'images', format: 'int' },
        { key: 'rows', label: 'rows', format: 'int' },
        { key: 'correct', label: 'correct', format: 'pct' },
      ],
      rows: await inputs.query(`
        SELECT count(DISTINCT model)::INTEGER AS models,
               count(DISTINCT image_id)::INTEGER AS images,
               count(*)::DOUBLE AS rows,
               avg(correct::INTEGER)::DOUBLE AS correct
        FROM predictions`),
    });
  }
  return section;
}

async function ledgerTables(inputs: ReportInputs): Promise<ReportTable[]> {
  const present = LEDGERS.filter((l) => inputs.has(l));
  if (present.length === 0) return [];
  const union = present
    .map(
      (l) => `SELECT stage::VARCHAR AS stage, "table"::VARCHAR AS tbl,
        coalesce(variant::VARCHAR, '') AS variant, reason::VARCHAR AS reason,
        action::VARCHAR AS action, rows::DOUBLE AS rows FROM ${quoteIdent(l)}`,
    )
    .join(' UNION ALL ');
  const reasons = await inputs.query(`
    SELECT stage, tbl AS "table", variant, action, reason, sum(rows) AS rows
    FROM (${union}) GROUP BY ALL ORDER BY ALL`);
  const totals = await inputs.query(`
    SELECT stage, tbl AS "table", variant,
      sum(rows) FILTER (WHERE action IN ('kept', 'dropped')) AS rows_in,
      coalesce(sum(rows) FILTER (WHERE action = 'kept'), 0) AS kept,
      coalesce(sum(rows) FILTER (WHERE action = 'dropped'), 0) AS dropped,
      coalesce(sum(rows) FILTER (WHERE action = 'changed'), 0) AS changed
    FROM (${union}) GROUP BY ALL ORDER BY ALL`);
  for (const t of totals) {
    const rowsIn = num(t.rows_in);
    t.dropped_share = rowsIn ? (num(t.dropped) ?? 0) / rowsIn : null;
  }
  const source = present.map((l) => sourceOf(l)).join(', ');
  return [
    {
      name: 'ledger_totals',
      title: 'Ledger totals per stage',
      caption:
        'Rows each stage received (kept + dropped), kept, dropped and ' +
        'changed, per table and variant. No row leaves a stage unrecorded.',
      source,
      columns: [
        { key: 'stage', label: 'stage', format: 'text' },
        { key: 'table', label: 'table', format: 'text' },
        { key: 'variant', label: 'variant', format: 'text' },
        { key: 'rows_in', label: 'rows in', format: 'int' },
        { key: 'kept', label: 'kept', format: 'int' },
        { key: 'dropped', label: 'dropped', format: 'int' },
        { key: 'dropped_share', label: 'dropped share', format: 'pct' },
        { key: 'changed', label: 'changed', format: 'int' },
      ],
      rows: totals,
    },
    {
      name: 'ledger_reasons',
      title: 'Ledger rows by reason',
      caption: 'Every reason a stage kept, dropped or changed rows.',
      source,
      columns: [
        { key: 'stage', label: 'stage', format: 'text' },
        { key: 'table', label: 'table', format: 'text' },
        { key: 'variant', label: 'variant', format: 'text' },
        { key: 'action', label: 'action', format: 'text' },
        { key: 'reason', label: 'reason', format: 'text' },
        { key: 'rows', label: 'rows', format: 'int' },
      ],
      rows: reasons,
    },
  ];
}

async function annotationCounts(
  inputs: ReportInputs,
): Promise<ReportTable | undefined> {
  const parts = (['annotations', 'annotations_clean'] as const).filter((n) =>
    inputs.has(n),
  );
  if (parts.length === 0) return undefined;
  const rows: Row[] = [];
  for (const name of parts) {
    const got = await inputs.query(`
      SELECT role::VARCHAR AS role, count(*)::DOUBLE AS annotations,
        count(DISTINCT worker_id)::INTEGER AS workers,
        count(DISTINCT image_id)::INTEGER AS images,
        avg(selected::INTEGER)::DOUBLE AS selected
      FROM ${quoteIdent(name)} GROUP BY ALL ORDER BY ALL`);
    const data = name === 'annotations' ? 'raw' : 'clean';
    for (const r of got) rows.push({ data, ...r });
  }
  return {
    name: 'annotation_counts',
    title: 'Annotations by role, raw and cleaned',
    caption:
      'Annotations, distinct workers and images per role, and the share ' +
      'of annotations that selected the image.',
    source: parts.map((p) => sourceOf(p)).join(', '),
    columns: [
      { key: 'data', label: 'data', format: 'text' },
      { key: 'role', label: 'role', format: 'text' },
      { key: 'annotations', label: 'annotations', format: 'int' },
      { key: 'workers', label: 'workers', format: 'int' },
      { key: 'images', label: 'images', format: 'int' },
      { key: 'selected', label: 'selected', format: 'pct' },
    ],
    rows,
  };
}

/**
 * Worker and batch statistics can be long (one row per worker or
 * batch); the page shows their size and how many rows each boolean
 * flag marks, and the full table goes only to the CSV export.
 */
async function flagCounts(
  inputs: ReportInputs,
  name: 'worker_stats' | 'batch_stats',
): Promise<ReportTable | undefined> {
  if (!inputs.has(name)) return undefined;
  const described = await inputs.query(`DESCRIBE ${quoteIdent(name)}`);
  const flags = described
    .filter((d) => str(d.column_type) === 'BOOLEAN')
    .map((d) => str(d.column_name));
  const selects = [
    'count(*)::DOUBLE AS "rows"',
    ...flags.map((f, i) => `count_if(${quoteIdent(f)})::DOUBLE AS f${i}`),
  ];
  const [got] = await inputs.query(
    `SELECT ${selects.join(', ')} FROM ${quoteIdent(name)}`,
  );
  const total = num(got?.rows) ?? 0;
  const rows: Row[] = [{ column: '(all rows)', rows: total, share: 1 }];
  flags.forEach((f, i) => {
    const n = num(got?.[`f${i}`]) ?? 0;
    rows.push({ column: f, rows: n, share: total ? n / total : null });
  });
  const what = name === 'worker_stats' ? 'workers' : 'batches (assignments)';
  return {
    name: `${name}_flags`,
    title: `${name === 'worker_stats' ? 'Workers' : 'Batches'}: flags`,
    caption:
      `Number of ${what} and how many each true/false column marks ` +
      `(${pickColumn(inputs.columns(name), ['rejected', 'flagged']) ?? 'no flag'} ` +
      `is the cleaning rule's verdict where present).`,
    source: sourceOf(name),
    columns: [
      { key: 'column', label: 'column', format: 'text' },
      { key: 'rows', label: what, format: 'int' },
      { key: 'share', label: 'share', format: 'pct' },
    ],
    rows,
  };
}
