import { sourceOf } from '../inputs.js';
import { num, str, type Row } from '../rows.js';
import type { FigureSpec } from '../render.js';
import { SCHEMA, numericColumns, type Absent } from './common.js';

const IN_SAMPLE = /in_?sample|^s_?train|train_s|_train$/i;
const HELD_OUT = /held_?out/i;
/** Count columns, which describe a row but do not name it. */
const COUNTS = ['classes', 'images', 'heldout_images', 'missing', 'reps'];

/**
 * Seed table 1 as a figure: in-sample ŝ (the train annotations that
 * matching used) against held-out ŝ (fresh annotators) for v1 and the
 * replication. Read from `match/match_summary` in wide form (one column
 * whose name says in-sample or train, one that says held-out) or long
 * form (a `split` column with a value column `s_hat`/`mean_s`/`value`).
 * Every other text or integer column labels the row.
 */
export function table1Figure(
  columns: readonly string[],
  rows: Row[],
): FigureSpec | Absent {
  const numeric = numericColumns(columns, rows);
  // Counts such as heldout_images say "held-out" too but are no ŝ.
  const shares = numeric.filter((c) => !COUNTS.includes(c));
  const inCol = shares.find((c) => IN_SAMPLE.test(c) && !HELD_OUT.test(c));
  const outCol = shares.find((c) => HELD_OUT.test(c));
  const points: { label: string; measure: string; s: number | null }[] = [];
  const labelOf = (r: Row, skip: readonly string[]) =>
    columns
      .filter((c) => !skip.includes(c) && !COUNTS.includes(c))
      .filter((c) => typeof r[c] === 'string' || Number.isInteger(r[c]))
      .map((c) => (typeof r[c] === 'string' ? str(r[c]) : `${c} ${str(r[c])}`))
      .join(' · ');

  if (inCol && outCol) {
    const skip = numeric.filter((c) => !Number.isInteger(rows[0]?.[c]));
    for (const r of rows) {
      const label = labelOf(r, [...skip, inCol, outCol]);
      points.push({ label, measure: 'in-sample ŝ', s: num(r[inCol]) });
      points.push({ label, measure: 'held-out ŝ', s: num(r[outCol]) });
    }
  } else if (columns.includes('split')) {
    const value = ['s_hat', 'mean_s', 'mean_s_hat', 'value'].find((c) =>
      numeric.includes(c),
    );
    if (!value)
      return {
        absent: 'match_summary has a split column but no ŝ value column',
      };
    for (const r of rows) {
      const split = str(r.split);
      const measure = HELD_OUT.test(split) ? 'held-out ŝ' : 'in-sample ŝ';
      points.push({
        label: labelOf(r, ['split', value]),
        measure,
        s: num(r[value]),
      });
    }
  } else {
    return {
      absent:
        'match_summary names no in-sample and held-out ŝ columns ' +
        `(columns: ${columns.join(', ')})`,
    };
  }
  return {
    id: 'table1',
    title: 'In-sample vs held-out selection frequency (table 1 of the paper)',
    caption:
      'Mean selection frequency of each row of the match summary, ' +
      'measured on the annotations that matching used (in-sample) and on ' +
      'held-out annotators. A replication whose held-out ŝ falls below ' +
      'its in-sample ŝ was matched on noise.',
    source: sourceOf('match_summary'),
    spec: {
      $schema: SCHEMA,
      title: 'In-sample vs held-out ŝ',
      width: 380,
      data: { values: points.filter((p) => p.s !== null) },
      mark: { type: 'point', filled: true, size: 80 },
      encoding: {
        y: {
          field: 'label',
          type: 'nominal',
          // Labels say what each row is; a title beside long labels
          // would overlap them where fonts run wider than vega guessed.
          title: null,
          sort: null,
          axis: { labelLimit: 0 },
        },
        x: {
          field: 's',
          type: 'quantitative',
          title: 'mean selection frequency ŝ (share of annotators)',
          scale: { zero: false },
        },
        color: { field: 'measure', type: 'nominal', title: 'measured on' },
        shape: { field: 'measure', type: 'nominal' },
      },
    },
  };
}
