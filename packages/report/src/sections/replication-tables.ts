import type { EstimatorError } from '../figures/estimator-errors.js';
import { estimatorTable } from './replication-estimators.js';
import { sourceOf } from '../inputs.js';
import type { Row } from '../rows.js';
import type { ReportTable } from '../table.js';
import { meanSe, type ReplicationData } from './replication-data.js';

/**
 * The three tables of the replication section: raw drop per t, seed
 * table 1 per t, and each estimator's error; plus the estimator errors
 * for the figure.
 */
export function replicationTables(d: ReplicationData): {
  drop: ReportTable;
  table1: ReportTable;
  estimators: ReportTable;
  errors: EstimatorError[];
} {
  const source = sourceOf('replication_summary');
  const reps = `over ${d.reps} repetitions`;

  const dropRows: Row[] = [];
  for (const model of d.models) {
    for (const t of d.ts) {
      dropRows.push({
        model,
        t,
        ...meanSe('v1', d.get('v1_accuracy', { t, model })),
        ...meanSe('replication', d.get('replication_accuracy', { t, model })),
        ...meanSe('drop', d.get('raw_drop', { t, model })),
        ...meanSe('images', d.get('replication_images', { t })),
        ...meanSe('gap', d.get('heldout_gap', { t })),
      });
    }
  }
  const drop: ReportTable = {
    name: 'replication_drop',
    title: 'Raw accuracy drop of the matched replication',
    caption:
      `Top-1 accuracy on v1 and on the replication matched to it on t ` +
      `annotations per image, mean ± standard error ${reps}. v1 and the ` +
      'pool share one population, so the drop is pure statistical bias. ' +
      'Held-out ŝ gap: v1 minus replication, on annotators matching did ' +
      'not see.',
    source,
    columns: [
      { key: 'model', label: 'model', format: 'text' },
      { key: 't', label: 't', format: 'int' },
      { key: 'v1', label: 'v1 accuracy', format: 'pct', se: 'v1_se' },
      {
        key: 'replication',
        label: 'replication accuracy',
        format: 'pct',
        se: 'replication_se',
      },
      { key: 'drop', label: 'raw drop', format: 'pct', se: 'drop_se' },
      {
        key: 'images',
        label: 'replication images',
        format: 'num',
        se: 'images_se',
      },
      { key: 'gap', label: 'held-out ŝ gap', format: 'share', se: 'gap_se' },
    ],
    rows: dropRows,
  };

  const t1Rows: Row[] = [];
  for (const t of d.ts) {
    for (const [set, prefix] of [
      ['v1', 'v1'],
      ['replication', 'replication'],
    ] as const) {
      const sIn = d.get(`${prefix}_s_in_sample`, { t });
      const sOut = d.get(`${prefix}_s_heldout`, { t });
      const opt =
        prefix === 'replication'
          ? d.get('replication_optimism', { t })
          : undefined;
      const diff =
        opt?.mean ??
        (sIn?.mean != null && sOut?.mean != null ? sIn.mean - sOut.mean : null);
      t1Rows.push({
        t,
        set,
        ...meanSe('in_sample', sIn),
        ...meanSe('heldout', sOut),
        difference: diff,
        difference_se: opt?.se ?? null,
      });
    }
  }
  const table1: ReportTable = {
    name: 'replication_table1',
    title: 'Table 1 on real annotations: in-sample vs held-out ŝ',
    caption:
      `Mean selection frequency ŝ of v1 and of the matched replication, ` +
      `mean ± standard error ${reps}: on the t annotations per image that ` +
      'matching used (in-sample) and on held-out annotators. In-sample ' +
      'minus held-out is the optimism of matching on noise (its SE only ' +
      'where the stage measured it per repetition).',
    source,
    columns: [
      { key: 't', label: 't', format: 'int' },
      { key: 'set', label: 'set', format: 'text' },
      {
        key: 'in_sample',
        label: 'in-sample ŝ',
        format: 'share',
        se: 'in_sample_se',
      },
      {
        key: 'heldout',
        label: 'held-out ŝ',
        format: 'share',
        se: 'heldout_se',
      },
      {
        key: 'difference',
        label: 'in-sample − held-out',
        format: 'share',
        se: 'difference_se',
      },
    ],
    rows: t1Rows,
  };

  const { estimators, errors } = estimatorTable(d);
  return { drop, table1, estimators, errors };
}
