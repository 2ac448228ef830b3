import type { RandomStream } from '@dsrep/core';
import type { ImageTable, RoleImages } from './levels.js';
import { fitParametric, type ParametricFit } from './parametric/index.js';

/**
 * Runs the parametric estimator (appendix F, estimate B's
 * `fitParametric`) on one variant's images; with multiplicities `w1`,
 * `w2` (a bootstrap resample) every image is repeated that many times.
 */
export function runParametric(
  table: ImageTable,
  components: number,
  rng: RandomStream,
  w1?: Int32Array,
  w2?: Int32Array,
): ParametricFit {
  const d1 = expand(table.d1, 0, w1);
  const d2 = expand(table.d2, table.models.length, w2);
  return fitParametric(
    {
      d1: { k: d1.k, n: d1.n },
      d2: { k: d2.k, n: d2.n, correct: d2.byModel },
      models: [...table.models],
    },
    { K: components, rng },
  );
}

interface Expanded {
  k: Int32Array;
  n: Int32Array;
  /** One 0/1 array per model, in image order. */
  byModel: Uint8Array[];
}

/** Per-model columns of a role's matrix, built once per role. */
const columnsCache = new WeakMap<RoleImages, Uint8Array[]>();

function columnsOf(role: RoleImages, models: number): Uint8Array[] {
  let columns = columnsCache.get(role);
  if (!columns) {
    const images = role.k.length;
    columns = Array.from({ length: models }, () => new Uint8Array(images));
    for (let i = 0; i < images; i++) {
      for (let j = 0; j < models; j++) {
        columns[j][i] = role.correct[i * models + j];
      }
    }
    columnsCache.set(role, columns);
  }
  return columns;
}

function expand(
  role: RoleImages,
  models: number,
  weights: Int32Array | undefined,
): Expanded {
  const columns = columnsOf(role, models);
  if (!weights) {
    return { k: role.k, n: role.n, byModel: columns };
  }
  const rows = new Int32Array(weights.reduce((a, b) => a + b, 0));
  let at = 0;
  for (let i = 0; i < weights.length; i++) {
    for (let t = 0; t < weights[i]; t++) rows[at++] = i;
  }
  // Gathering column by column reads each source column in order.
  const gather = (column: Uint8Array) => {
    const out = new Uint8Array(rows.length);
    for (let r = 0; r < rows.length; r++) out[r] = column[rows[r]];
    return out;
  };
  return {
    k: rows.map((i) => role.k[i]),
    n: rows.map((i) => role.n[i]),
    byModel: columns.map(gather),
  };
}
