import { escapeMarkdownCell } from './escape.js';
import { absenceLines } from './absence.js';
import type { PageInput } from './html.js';
import { REPORT_INPUTS, type InputName } from './inputs.js';
import { tableToMarkdown } from './table.js';

/**
 * `report.md`: the same sections as the HTML page, with every table in
 * full and each figure listed by caption (the figures themselves are in
 * index.html).
 */
export function renderMarkdown(args: PageInput): string {
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
    for (const line of absenceLines(s, args)) out.push(esc(line.text), '');
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
    const status =
      n !== undefined
        ? `${n} rows`
        : args.absent[name] === 'not-in-pipeline'
          ? 'not part of this pipeline'
          : 'absent';
    const stage = args.producers[name] ?? REPORT_INPUTS[name];
    out.push(`- ${name} (${stage}): ${status}`);
  }
  return out.join('\n') + '\n';
}
