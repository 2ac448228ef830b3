import { escapeHtml } from './escape.js';
import type { PageInput, RenderedSection } from './html.js';
import { REPORT_INPUTS, type InputName } from './inputs.js';

/** One line about a section's absent inputs, in HTML and in plain text. */
export interface AbsenceLine {
  /** `absent`: amber warning; `note`: plain small text. */
  kind: 'absent' | 'note';
  html: string;
  text: string;
}

/**
 * What a section says about its absent inputs. Inputs whose stage is
 * not part of the pipeline get one plain line; inputs that a stage of
 * the pipeline should have written get the amber warning.
 */
export function absenceLines(
  section: Pick<RenderedSection, 'reads' | 'tables' | 'figures' | 'notes'>,
  page: Pick<PageInput, 'present' | 'absent'>,
): AbsenceLine[] {
  const absent = section.reads.filter((r) => page.present[r] === undefined);
  const missing = absent.filter((r) => page.absent[r] !== 'not-in-pipeline');
  const elsewhere = absent.filter((r) => page.absent[r] === 'not-in-pipeline');
  const empty = section.tables.length === 0 && section.figures.length === 0;
  const line = (
    kind: AbsenceLine['kind'],
    before: string,
    names: readonly string[],
    after: string,
  ): AbsenceLine => ({
    kind,
    html: escapeHtml(before) + codeList(names) + escapeHtml(after),
    text: before + names.map((n) => `${n} (${stageOf(n)})`).join(', ') + after,
  });
  if (empty && missing.length > 0) {
    return [
      line(
        'absent',
        'Absent: nothing to show. This section reads ',
        section.reads,
        missing.length === section.reads.length
          ? ', none of which this run provided.'
          : '.',
      ),
    ];
  }
  if (empty && elsewhere.length === section.reads.length) {
    return [
      line(
        'note',
        'Not part of this pipeline: this section reads ',
        elsewhere,
        '.',
      ),
    ];
  }
  if (empty && section.notes.length === 0) {
    return [line('note', 'Nothing to show from ', section.reads, '.')];
  }
  const out: AbsenceLine[] = [];
  if (missing.length > 0) {
    out.push(
      line(
        'absent',
        'Not in this run: ',
        missing,
        '; the parts that need them are left out.',
      ),
    );
  }
  if (elsewhere.length > 0) {
    out.push(line('note', 'Not part of this pipeline: ', elsewhere, '.'));
  }
  return out;
}

const stageOf = (name: string) => REPORT_INPUTS[name as InputName] ?? '?';

function codeList(names: readonly string[]): string {
  return names
    .map((n) => `<code>${escapeHtml(n)}</code> (${escapeHtml(stageOf(n))})`)
    .join(', ');
}
