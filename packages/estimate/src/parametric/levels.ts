import { DsrepError } from '@dsrep/core';
import { logChoose } from './betabinomial.js';

/**
 * Selection counts of a set of images: image j was selected by `k[j]` of
 * its `n[j]` annotators. `weights[j]` (default 1) is how many times the
 * image counts, e.g. a bootstrap multiplicity.
 */
export interface CountData {
  k: Int32Array;
  n: Int32Array;
  weights?: Float64Array;
}

/**
 * The sufficient statistic of a beta-binomial likelihood: the distinct
 * (k, n) pairs with their summed weights. A fit on 10,000 images that all
 * have n = 40 touches at most 41 levels.
 */
export interface CountLevels {
  k: Int32Array;
  n: Int32Array;
  weight: Float64Array;
  /** log C(n, k) per level, the parameter-free part of log BB. */
  logChoose: Float64Array;
  /** Largest n of any image with positive weight. */
  nMax: number;
  /** Sum of all weights: the number of images N in the BIC. */
  total: number;
}

/**
 * Validates counts and groups identical (k, n) pairs. `label` names the
 * data set in error messages; rows in errors are 1-based image indices.
 * Throws BAD_INPUT for k outside [0, n], n < 1 or a bad weight.
 */
export function groupCounts(data: CountData, label: string): CountLevels {
  const { k, n, weights } = data;
  if (k.length !== n.length || (weights && weights.length !== k.length)) {
    throw new DsrepError(
      'BAD_INPUT',
      `${label}: k, n and weights must have one entry per image; got ` +
        `${k.length}, ${n.length} and ${weights?.length ?? 'none'}`,
    );
  }

  const index = new Map<number, number>();
  const levelK: number[] = [];
  const levelN: number[] = [];
  const levelW: number[] = [];
  let nMax = 0;
  let total = 0;
  for (let j = 0; j < k.length; j++) {
    const kj = k[j] as number;
    const nj = n[j] as number;
    const wj = weights ? (weights[j] as number) : 1;
    if (!(nj >= 1)) {
      throw new DsrepError(
        'BAD_INPUT',
        `${label}: every image needs n >= 1 annotators, got n = ${nj}; ` +
          'drop images nobody annotated before fitting',
        { row: j + 1, column: 'n' },
      );
    }
    if (!(kj >= 0 && kj <= nj)) {
      throw new DsrepError(
        'BAD_INPUT',
        `${label}: selected count k must lie in [0, n = ${nj}], got ${kj}`,
        { row: j + 1, column: 'k' },
      );
    }
    if (!(wj >= 0 && Number.isFinite(wj))) {
      throw new DsrepError(
        'BAD_INPUT',
        `${label}: weights must be finite and >= 0, got ${wj}`,
        { row: j + 1, column: 'weight' },
      );
    }
    if (wj === 0) continue;

    // n < 2^20 in any real experiment, so the key is exact.
    const key = nj * 1048576 + kj;
    let at = index.get(key);
    if (at === undefined) {
      at = levelK.length;
      index.set(key, at);
      levelK.push(kj);
      levelN.push(nj);
      levelW.push(0);
    }
    levelW[at] = (levelW[at] as number) + wj;
    if (nj > nMax) nMax = nj;
    total += wj;
  }

  const out: CountLevels = {
    k: Int32Array.from(levelK),
    n: Int32Array.from(levelN),
    weight: Float64Array.from(levelW),
    logChoose: new Float64Array(levelK.length),
    nMax,
    total,
  };
  for (let j = 0; j < levelK.length; j++) {
    out.logChoose[j] = logChoose(levelN[j] as number, levelK[j] as number);
  }
  return out;
}
