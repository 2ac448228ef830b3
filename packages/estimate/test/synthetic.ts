import {
  boolColumn,
  dictColumn,
  int32Column,
  makeTable,
  RandomStream,
} from '@dsrep/core';
import type { Table } from 'apache-arrow';
import type { ImageTable, RoleImages } from '../src/levels.js';
import { betaDensity } from '../src/toy.js';

/**
 * A synthetic experiment with known truth (test fixture): reference
 * images have s ~ Beta(a1, b1), target images s ~ Beta(a2, b2), each
 * image k ~ Binomial(n, s), and model j is right with probability
 * P_j(s) = 1 / (1 + exp(−(c_j + 4 s))), c_j spread over [−2.5, 0.5].
 */
export interface SyntheticSpec {
  images1: number;
  images2: number;
  n: number | ((i: number) => number);
  models: number;
  p1: [number, number];
  p2: [number, number];
  seed: number;
}

export const correctProb = (j: number, models: number, s: number) => {
  const c = -2.5 + (3 * j) / Math.max(1, models - 1);
  return 1 / (1 + Math.exp(-(c + 4 * s)));
};

/** True A(D2|s1) = ∫ P_j(s) p_1(s) ds, by the midpoint rule on 20,000 cells. */
export function trueAdjusted(spec: SyntheticSpec): Float64Array {
  const cells = 20_000;
  return Float64Array.from({ length: spec.models }, (_, j) => {
    let total = 0;
    for (let i = 0; i < cells; i++) {
      const s = (i + 0.5) / cells;
      total += correctProb(j, spec.models, s) * betaDensity(s, ...spec.p1);
    }
    return total / cells;
  });
}

function role(
  count: number,
  shape: [number, number],
  spec: SyntheticSpec,
  rng: RandomStream,
): RoleImages {
  const k = new Int32Array(count);
  const n = new Int32Array(count);
  const correct = new Uint8Array(count * spec.models);
  for (let i = 0; i < count; i++) {
    const s = rng.beta(...shape);
    n[i] = typeof spec.n === 'number' ? spec.n : spec.n(i);
    k[i] = rng.binomial(n[i], s);
    for (let j = 0; j < spec.models; j++) {
      correct[i * spec.models + j] = rng.bernoulli(
        correctProb(j, spec.models, s),
      )
        ? 1
        : 0;
    }
  }
  return { k, n, correct };
}

export function syntheticImages(spec: SyntheticSpec): ImageTable {
  const rng = RandomStream.fromSeed(spec.seed);
  return {
    models: Array.from(
      { length: spec.models },
      (_, j) => `model_${String(j).padStart(3, '0')}`,
    ),
    d1: role(spec.images1, spec.p1, spec, rng.derive('d1')),
    d2: role(spec.images2, spec.p2, spec, rng.derive('d2')),
  };
}

/**
 * Arrow `selection` and `predictions` tables of an image table, as the
 * upstream stages would write them; `variants` get the same counts.
 */
export function toArrow(
  table: ImageTable,
  variants: readonly string[] = ['clean', 'raw'],
  targetRole = 'replication',
): { selection: Table; predictions: Table } {
  const ids: string[] = [];
  const roles: string[] = [];
  const ks: number[] = [];
  const ns: number[] = [];
  for (const [prefix, r, name] of [
    ['v1', table.d1, 'reference'],
    ['v2', table.d2, targetRole],
  ] as const) {
    for (let i = 0; i < r.k.length; i++) {
      ids.push(`${prefix}_${i}`);
      roles.push(name);
      ks.push(r.k[i]);
      ns.push(r.n[i]);
    }
  }
  const rows = variants.flatMap((v) => ids.map((_, i) => [v, i] as const));
  const selection = makeTable({
    image_id: dictColumn(rows.map(([, i]) => ids[i])),
    class_id: dictColumn(rows.map(([, i]) => `c${i % 7}`)),
    role: dictColumn(rows.map(([, i]) => roles[i])),
    variant: dictColumn(rows.map(([v]) => v)),
    rep: int32Column(rows.map(() => 0)),
    split: dictColumn(rows.map(() => 'all')),
    k: int32Column(rows.map(([, i]) => ks[i])),
    n: int32Column(rows.map(([, i]) => ns[i])),
  });

  const M = table.models.length;
  const pImage: string[] = [];
  const pModel: string[] = [];
  const pCorrect: number[] = [];
  const n1 = table.d1.k.length;
  ids.forEach((id, i) => {
    const bits = i < n1 ? table.d1.correct : table.d2.correct;
    const row = i < n1 ? i : i - n1;
    table.models.forEach((model, j) => {
      pImage.push(id);
      pModel.push(model);
      pCorrect.push(bits[row * M + j]);
    });
  });
  const predictions = makeTable({
    image_id: dictColumn(pImage),
    model: dictColumn(pModel),
    correct: boolColumn(pCorrect),
  });
  return { selection, predictions };
}
