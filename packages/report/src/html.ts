import { absenceLines } from './absence.js';
import { escapeHtml } from './escape.js';
import { REPORT_INPUTS, type Absence, type InputName } from './inputs.js';
import type { Figure } from './render.js';
import type { Section } from './section.js';
import { formatValue, type ReportTable } from './table.js';

/** Rows a page table shows; the CSV export always has them all. */
export const PAGE_ROWS = 200;

/** A section whose figures are rendered. */
export type RenderedSection = Omit<Section, 'figures'> & { figures: Figure[] };

export interface PageInput {
  title: string;
  pipeline: string;
  sections: RenderedSection[];
  /** Input name -> row count, for the inputs present. */
  present: Partial<Record<InputName, number>>;
  /** Why each absent input is absent (inputs.ts `absences`). */
  absent: Partial<Record<InputName, Absence>>;
  /** The stage that wrote each present input (inputs.ts `producers`). */
  producers: Partial<Record<InputName, string>>;
}

// No script may run in the report: the policy blocks scripts and any
// network fetch, so the page is inert even if an escape were missed.
const CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:";

const STYLE = `
body{font:15px/1.5 system-ui,sans-serif;margin:0 auto;max-width:1100px;padding:1rem 2rem;color:#222}
h1{margin-bottom:.2rem}h2{border-bottom:1px solid #ccc;margin-top:2.5rem}
table{border-collapse:collapse;margin:.5rem 0 .5rem;font-size:13px}
.wide{overflow-x:auto}
th,td{border:1px solid #ddd;padding:.2rem .5rem;text-align:right}
td{white-space:nowrap}
th{background:#f4f4f4}td.t,th.t{text-align:left}
caption{caption-side:top;text-align:left;font-weight:600;padding:.3rem 0}
figure{margin:1.5rem 0}figcaption{font-size:13px;color:#444;max-width:800px}
.lead{font-size:16px}
.absent{color:#8a4b00;background:#fff6e5;padding:.4rem .7rem;border-left:3px solid #e0a030}
.src,.note{font-size:13px;color:#555}code{font-size:12px}
`;

/** The whole report as one self-contained HTML page (no scripts). */
export function renderPage(page: PageInput): string {
  const figureNumbers = new Map<string, number>();
  let n = 0;
  for (const s of page.sections)
    for (const f of s.figures) figureNumbers.set(f.id, ++n);

  const parts = [
    '<!DOCTYPE html>',
    '<html lang="en"><head><meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="${CSP}">`,
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${escapeHtml(page.title)}</title><style>${STYLE}</style></head><body>`,
    `<h1>${escapeHtml(page.title)}</h1>`,
    `<p class="note">Pipeline <code>${escapeHtml(page.pipeline)}</code>. ` +
      'Tables are also in <code>tables/</code> as CSV, JSON and Markdown; ' +
      'machine-readable results in <code>summary.json</code>.</p>',
    contents(page.sections.filter((s) => !notInPipeline(s, page))),
    ...page.sections.map((s) => sectionHtml(s, page, figureNumbers)),
    inputsBlock(page),
    '</body></html>',
  ];
  return parts.join('\n') + '\n';
}

/**
 * A section with nothing to show because every table it reads belongs
 * to a stage this pipeline does not run: kept on the page (one plain
 * line) but left out of the table of contents.
 */
function notInPipeline(section: RenderedSection, page: PageInput): boolean {
  return (
    section.tables.length === 0 &&
    section.figures.length === 0 &&
    section.reads.every(
      (r) =>
        page.present[r] === undefined && page.absent[r] === 'not-in-pipeline',
    )
  );
}

function contents(sections: RenderedSection[]): string {
  const items = sections
    .map(
      (s) =>
        `<li><a href="#${escapeHtml(s.id)}">${escapeHtml(s.title)}</a></li>`,
    )
    .join('');
  return `<nav><ol>${items}<li><a href="#inputs">Inputs</a></li></ol></nav>`;
}

function inputsBlock(page: PageInput): string {
  const rows = (Object.keys(REPORT_INPUTS) as InputName[])
    .map((name) => {
      const count = page.present[name];
      const status =
        count !== undefined
          ? 'present'
          : page.absent[name] === 'not-in-pipeline'
            ? 'not part of this pipeline'
            : 'absent';
      const stage = page.producers[name] ?? REPORT_INPUTS[name];
      return (
        `<tr><td class="t"><code>${escapeHtml(name)}</code></td>` +
        `<td class="t">${escapeHtml(stage)}</td>` +
        `<td class="t">${status}</td>` +
        `<td>${count ?? '–'}</td></tr>`
      );
    })
    .join('\n');
  return (
    '<section id="inputs"><h2>Inputs</h2><table><caption>Stage outputs ' +
    'this report reads</caption><tr><th class="t">table</th><th class="t">' +
    'stage</th><th class="t">status</th><th>rows</th></tr>\n' +
    rows +
    '</table></section>'
  );
}

function sectionHtml(
  section: RenderedSection,
  page: PageInput,
  numbers: Map<string, number>,
): string {
  const out = [
    `<section id="${escapeHtml(section.id)}"><h2>${escapeHtml(section.title)}</h2>`,
  ];
  for (const line of absenceLines(section, page)) {
    out.push(`<p class="${line.kind}">${line.html}</p>`);
  }
  for (const note of section.notes) {
    const cls = section.id === 'headline' ? 'lead' : 'note';
    out.push(`<p class="${cls}">${escapeHtml(note)}</p>`);
  }
  for (const table of section.tables) out.push(tableHtml(table));
  for (const figure of section.figures) {
    out.push(figureHtml(figure, numbers.get(figure.id) ?? 0));
  }
  out.push('</section>');
  return out.join('\n');
}

/** A table as HTML: first PAGE_ROWS rows, intervals in brackets. */
export function tableHtml(table: ReportTable): string {
  const cls = (f: string) => (f === 'text' ? ' class="t"' : '');
  const head = table.columns
    .map((c) => `<th${cls(c.format)}>${escapeHtml(c.label)}</th>`)
    .join('');
  const body = table.rows
    .slice(0, PAGE_ROWS)
    .map(
      (row) =>
        '<tr>' +
        table.columns
          .map(
            (c) =>
              `<td${cls(c.format)}>${escapeHtml(formatValue(row, c))}</td>`,
          )
          .join('') +
        '</tr>',
    )
    .join('\n');
  const more =
    table.rows.length > PAGE_ROWS
      ? `<p class="note">First ${PAGE_ROWS} of ${table.rows.length} rows; all in <code>tables/${escapeHtml(table.name)}.csv</code>.</p>`
      : '';
  const empty = table.rows.length === 0 ? '<p class="note">(no rows)</p>' : '';
  return (
    `<div class="wide"><table id="table-${escapeHtml(table.name)}">` +
    `<caption>${escapeHtml(table.title)}</caption>` +
    `<tr>${head}</tr>\n${body}</table></div>${empty}${more}` +
    `<p class="src">${escapeHtml(table.caption)} Source: <code>${escapeHtml(table.source)}</code>. ` +
    `Export: <a href="tables/${escapeHtml(table.name)}.csv">CSV</a>, ` +
    `<a href="tables/${escapeHtml(table.name)}.json">JSON</a>, ` +
    `<a href="tables/${escapeHtml(table.name)}.md">Markdown</a>.</p>`
  );
}

function figureHtml(figure: Figure, number: number): string {
  return (
    `<figure id="fig-${escapeHtml(figure.id)}" data-figure="${escapeHtml(figure.id)}">` +
    `<div class="svg">${figure.svg}</div>` +
    `<figcaption><b>Figure ${number}. ${escapeHtml(figure.title)}.</b> ` +
    `${escapeHtml(figure.caption)} Source: <code>${escapeHtml(figure.source)}</code>.` +
    '</figcaption></figure>'
  );
}
