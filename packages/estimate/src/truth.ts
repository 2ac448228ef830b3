import { DsrepError, quoteIdent } from '@dsrep/core';
import type { Table } from 'apache-arrow';
import type { Query } from './sufficient.js';

/** Known true values per model, from the simulator's `truth_models`. */
export interface Truth {
  /** Truth of the adjusted estimators: A(D2 | s1) for the target role. */
  adjusted: Map<string, number>;
  /** True expected accuracy on D1 and D2 (D2 only for the replication). */
  v1: Map<string, number>;
  v2: Map<string, number>;
}

/**
 * Reads `truth_models`. The adjusted truth is column `adjusted_true`
 * for target role replication and `adjusted_true_candidate` for the
 * candidate pool; `acc_v1` and `acc_v2` are used when present.
 */
export async function loadTruth(
  query: Query,
  input: Table,
  targetRole: string,
): Promise<Truth> {
  const names = new Set(input.schema.fields.map((f) => f.name));
  const adjustedColumn =
    targetRole === 'replication' ? 'adjusted_true' : 'adjusted_true_candidate';
  for (const needed of ['model', adjustedColumn]) {
    if (!names.has(needed)) {
      throw new DsrepError(
        'BAD_INPUT',
        `truth_models lacks column "${needed}", needed to score the ` +
          `estimators of A(D2|s1) with D2 = ${targetRole}`,
        { file: 'truth_models', column: needed },
      );
    }
  }
  const read = async (column: string) => {
    const out = new Map<string, number>();
    if (!names.has(column)) return out;
    const t = await query(
      `SELECT model::VARCHAR AS model, ${quoteIdent(column)}::DOUBLE AS v
       FROM truth_models WHERE ${quoteIdent(column)} IS NOT NULL`,
    );
    const model = t.getChild('model')?.toArray() as string[];
    const v = t.getChild('v')?.toArray() as Float64Array;
    model.forEach((m, i) => out.set(m, v[i]));
    return out;
  };
  return {
    adjusted: await read(adjustedColumn),
    v1: await read('acc_v1'),
    v2: targetRole === 'replication' ? await read('acc_v2') : new Map(),
  };
}
