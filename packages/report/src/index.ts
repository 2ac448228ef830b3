export { stage, reportParams, type ReportParams } from './stage.js';
export { escapeHtml, escapeMarkdownCell } from './escape.js';
export { neutraliseCell, quoteCsvField, csvCell, toCsv } from './csv.js';
export {
  renderFigure,
  renameIds,
  type FigureSpec,
  type Figure,
} from './render.js';
export { tableFiles, tableToMarkdown, type ReportTable } from './table.js';
export { REPORT_INPUTS, type InputName } from './inputs.js';
export {
  groupEstimates,
  headline,
  type HeadlineRow,
  type ModelEstimates,
} from './sections/estimates-model.js';
