import { escapeMarkdownCell } from './escape.js';
import type { RenderedSection } from './html.js';
import { REPORT_INPUTS, type InputName } from './inputs.js';
import { tableToMarkdown } from './table.js';

/**
 * `report.md`: the same sections as the HTML page, with every table in
 * full and each figure listed by caption (the figures themselves are in
 * index.html).
 */
export function renderMarkdown(args: {
  title: string;
  pipeline: string;
  sections: RenderedSection[];
  present: Partial<Record<InputName, number>>;
}): string {
  const esc = escapeMarkdownCell;
  const out = [
    `# ${esc(args.title)}`,
    '',
    `Pipeline \`${args.pipeline.replace(/`/g, "'")}\`. Figures are in index.html.`,
    '',
  ];
  let figure = 0;
  for (const s of args.sections) {
    out.push(`## ${esc(s.title)}`, '');
    const missing = s.reads.filter((r) => args.present[r] === undefined);
    if (s.tables.length === 0 && s.figures.length === 0) {
      out.push(
        `Absent: nothing to show; this section reads ${s.reads.join(', ')}.`,
        '',
      );
    } else if (missing.length > 0) {
      out.push(`Not in this run: ${missing.join(', ')}.`, '');
    }
    for (const note of s.notes) out.push(esc(note), '');
    for (const t of s.tables) {
      out.push(
        `### ${esc(t.title)}`,
        '',
        esc(t.caption) + ` Source: ${esc(t.source)}.`,
        '',
      );
      out.push(tableToMarkdown(t));
    }
    for (const f of s.figures) {
      out.push(
        `Figure ${++figure}. ${esc(f.title)}. ${esc(f.caption)} Source: ${esc(f.source)}.`,
        '',
      );
    }
  }
  out.push('## Inputs', '');
  for (const name of Object.keys(REPORT_INPUTS) as InputName[]) {
    const n = args.present[name];
    out.push(
      `- ${name} (${REPORT_INPUTS[name]}): ${n === undefined ? 'absent' : `${n} rows`}`,
    );
  }
  return out.join('\n') + '\n';
}
