/**
 * Escapes text for an HTML text node or a double- or single-quoted
 * attribute. Names from input (models, classes, paths) are data: a model
 * called `<script>` must print as those characters, never run.
 */
export function escapeHtml(value: unknown): string {
  return String(value ?? '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

/**
 * Escapes text for a Markdown table cell: pipes and backslashes would end
 * or mangle the cell, line breaks would end the row, and raw HTML would
 * be rendered by most Markdown viewers, so `<`, `>` and `&` become
 * entities too.
 */
export function escapeMarkdownCell(value: unknown): string {
  return String(value ?? '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/\\/g, '\\\\')
    .replace(/\|/g, '\\|')
    .replace(/[*_`[\]]/g, (c) => '\\' + c)
    .replace(/\r\n|\r|\n/g, ' ');
}
