import { quoteIdent } from '@dsrep/core';
import { averageOver } from '../average.js';
import { table1Figure } from '../figures/table1.js';
import { sourceOf, type InputName, type ReportInputs } from '../inputs.js';
import { emptySection, type Section } from '../section.js';
import { genericTable } from '../table.js';

/**
 * Matching (SPEC sections 5, 6): seed table 1 (in-sample vs held-out ŝ)
 * as table and figure, per-class shortfalls of MatchedFrequency, the
 * accuracy of models on the matched replications, and the size of the
 * matched sets.
 */
export async function matchingSection(
  inputs: ReportInputs,
  options: { replication?: boolean } = {},
): Promise<Section> {
  const section = emptySection('matching', 'Matched replication', [
    'match_summary',
    'shortfalls',
    'match_accuracy',
    'matched',
  ]);

  if (options.replication && inputs.has('match_summary')) {
    // The replicate stage's match_summary (one row per repetition) is
    // shown with standard errors in the replication section.
    section.notes.push(
      'Matching is part of the replication experiment here: seed table 1 ' +
        'per matching size t, with standard errors over the repetitions, ' +
        'is in the section "Replication with a known answer"; every ' +
        "repetition's row is in the run directory (replicate/match_summary).",
    );
  } else if (inputs.has('match_summary')) {
    // One row per random repeat is too fine for table 1: average over
    // `rep` (the seed's table reports means over its repeats).
    const all = await inputs.rows('match_summary');
    const { columns, rows } = averageOver(
      all,
      inputs.columns('match_summary'),
      ['rep'],
      'reps',
    );
    section.tables.push(
      genericTable(
        {
          name: 'table1_selection_frequency',
          title: 'Table 1: in-sample vs held-out ŝ',
          caption:
            'Mean selection frequency of v1 and of the matched replication, ' +
            'on the annotations used for matching (in-sample) and on ' +
            'held-out ones, averaged over the random repeats (reps).',
          source: sourceOf('match_summary'),
        },
        columns,
        rows,
      ),
    );
    const fig = table1Figure(columns, rows);
    if ('absent' in fig) {
      section.notes.push(`No table 1 figure: ${fig.absent}.`);
      section.problems.push(`table 1 figure: ${fig.absent}`);
    } else section.figures.push(fig);
  }

  const generic: [InputName, string, string][] = [
    [
      'shortfalls',
      'Per-class shortfalls of matching',
      'Classes where no higher bin had candidates left, and how many ' +
        'images each is missing (SPEC section 6, upward sampling).',
    ],
    [
      'match_accuracy',
      'Accuracy on matched replications',
      'Top-1 accuracy on the reference and matched sets, averaged over ' +
        'models and random repeats.',
    ],
  ];
  for (const [name, title, caption] of generic) {
    if (!inputs.has(name)) continue;
    let columns = inputs.columns(name);
    let rows = await inputs.rows(name);
    if (name === 'match_accuracy') {
      // Per model and repeat is long; the page shows the mean over both
      // (D.3 compares pools by it), the run dir keeps every row.
      ({ columns, rows } = averageOver(
        rows,
        columns,
        ['rep', 'model'],
        'averaged_rows',
      ));
    }
    section.tables.push(
      genericTable(
        { name, title, caption, source: sourceOf(name) },
        columns,
        rows,
      ),
    );
    if (name === 'shortfalls' && rows.length === 0) {
      section.notes.push('No class ran short: every class was filled.');
    }
  }

  if (inputs.has('matched')) {
    // One row per matched image can be long: the page shows its size by
    // its text columns other than image ids; the rows stay in the run dir.
    const keys = inputs
      .columns('matched')
      .filter((c) => ['variant', 'role', 'sampler', 'pool', 'rep'].includes(c));
    const group = keys
      .map((k) => `${quoteIdent(k)}::VARCHAR AS ${quoteIdent(k)}`)
      .join(', ');
    const rows = await inputs.query(
      `SELECT ${group ? group + ',' : ''} count(*)::DOUBLE AS images
       FROM matched ${group ? 'GROUP BY ALL' : ''} ORDER BY ALL`,
    );
    section.tables.push(
      genericTable(
        {
          name: 'matched_counts',
          title: 'Matched images',
          caption: 'Number of images the matching selected, by group.',
          source: sourceOf('matched'),
        },
        [...keys, 'images'],
        rows,
      ),
    );
  }
  return section;
}
