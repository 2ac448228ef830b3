import type { InputName } from './inputs.js';
import type { FigureSpec } from './render.js';
import type { ReportTable } from './table.js';

/**
 * One section of the report. A section lists the inputs it reads; those
 * that are absent are named in the page, and a section with nothing to
 * show says so plainly instead of disappearing.
 */
export interface Section {
  id: string;
  title: string;
  /** Inputs this section reads. */
  reads: InputName[];
  /** Paragraphs of plain text (escaped when printed). */
  notes: string[];
  tables: ReportTable[];
  figures: FigureSpec[];
  /** Inputs present but not understood; also returned as warnings. */
  problems: string[];
}

/** A section with no content yet. */
export function emptySection(
  id: string,
  title: string,
  reads: InputName[],
): Section {
  return { id, title, reads, notes: [], tables: [], figures: [], problems: [] };
}
