/**
 * Per-image data of one role: `k` of `n` annotators selected image `i`,
 * and `correct[i * models + j]` is 1 when model `j` classifies it
 * correctly. This is the resampling unit of the bootstrap; the
 * estimators themselves only read the per-level sums of `LevelStats`.
 */
export interface RoleImages {
  k: Int32Array;
  n: Int32Array;
  /** Image-major matrix, images × models, of 0/1. */
  correct: Uint8Array;
}

/** The two roles of one variant: D1 = reference, D2 = target role. */
export interface ImageTable {
  models: readonly string[];
  d1: RoleImages;
  d2: RoleImages;
}

/**
 * Sufficient statistics of SPEC section 7, per level `(n, k)`: image
 * counts of D1 and D2 and, per model, how many of those images it
 * classifies correctly. Levels are the `(n, k)` pairs seen in either
 * role, sorted by n then k; counts are doubles so that bootstrap
 * multiplicities can be used as weights.
 */
export interface LevelStats {
  models: number;
  levelN: Int32Array;
  levelK: Int32Array;
  c1: Float64Array;
  c2: Float64Array;
  /** Level-major, levels × models: correct D1 images per level. */
  f1: Float64Array;
  /** Level-major, levels × models: correct D2 images per level. */
  f2: Float64Array;
}

/** The level index of every image, shared by all bootstrap resamples. */
export interface LevelIndex {
  levelN: Int32Array;
  levelK: Int32Array;
  of1: Int32Array;
  of2: Int32Array;
  sparse1: SparseRows;
  sparse2: SparseRows;
}

/**
 * The images × models matrix stored by exceptions: for each image, the
 * models it gets right when those are fewer than half, else the models
 * it gets wrong (`flipped` = 1). Summing a resample then touches at most
 * half of the matrix, and about a quarter at ImageNet accuracies.
 */
export interface SparseRows {
  start: Int32Array;
  models: Int32Array;
  flipped: Uint8Array;
}

function sparseRows(role: RoleImages, models: number): SparseRows {
  const images = role.k.length;
  const start = new Int32Array(images + 1);
  const flipped = new Uint8Array(images);
  const listed: number[] = [];
  for (let i = 0; i < images; i++) {
    let right = 0;
    for (let j = 0; j < models; j++) right += role.correct[i * models + j];
    const flip = right * 2 > models ? 1 : 0;
    flipped[i] = flip;
    for (let j = 0; j < models; j++) {
      if (role.correct[i * models + j] !== flip) listed.push(j);
    }
    start[i + 1] = listed.length;
  }
  return { start, models: Int32Array.from(listed), flipped };
}

/** Numbers the `(n, k)` levels of both roles and maps images to them. */
export function indexLevels(table: ImageTable): LevelIndex {
  const keys = new Set<number>();
  // n and k are below 2^20 here (annotators per image), so n·2^20 + k
  // is an exact, order-preserving key.
  const key = (n: number, k: number) => n * 1_048_576 + k;
  for (const r of [table.d1, table.d2]) {
    for (let i = 0; i < r.k.length; i++) keys.add(key(r.n[i], r.k[i]));
  }
  const sorted = [...keys].sort((a, b) => a - b);
  const position = new Map(sorted.map((x, i) => [x, i]));
  const levelN = Int32Array.from(sorted, (x) => Math.floor(x / 1_048_576));
  const levelK = Int32Array.from(sorted, (x) => x % 1_048_576);
  const map = (r: RoleImages) =>
    Int32Array.from(r.k, (k, i) => position.get(key(r.n[i], k)) ?? -1);
  const models = table.models.length;
  return {
    levelN,
    levelK,
    of1: map(table.d1),
    of2: map(table.d2),
    sparse1: sparseRows(table.d1, models),
    sparse2: sparseRows(table.d2, models),
  };
}

/**
 * Sums images into levels. `w1` and `w2` are per-image multiplicities
 * (bootstrap counts); omitted, every image counts once.
 */
export function aggregateLevels(
  table: ImageTable,
  index: LevelIndex,
  w1?: Int32Array,
  w2?: Int32Array,
): LevelStats {
  const models = table.models.length;
  const levels = index.levelN.length;
  const c1 = new Float64Array(levels);
  const c2 = new Float64Array(levels);
  const f1 = new Float64Array(levels * models);
  const f2 = new Float64Array(levels * models);
  addRole(index.sparse1, index.of1, models, c1, f1, w1);
  addRole(index.sparse2, index.of2, models, c2, f2, w2);
  return {
    models,
    levelN: index.levelN,
    levelK: index.levelK,
    c1,
    c2,
    f1,
    f2,
  };
}

function addRole(
  rows: SparseRows,
  of: Int32Array,
  models: number,
  counts: Float64Array,
  correct: Float64Array,
  weights: Int32Array | undefined,
): void {
  // The hot loop of the bootstrap. An image listed by its right models
  // adds w to each of them; one listed by its wrong models adds w to the
  // whole row (kept once per level in `flippedCount`) and takes w back
  // from each wrong model.
  const { start, models: listed, flipped } = rows;
  const sums = new Int32Array(correct.length);
  const flippedCount = new Int32Array(counts.length);
  for (let i = 0; i < of.length; i++) {
    const w = weights === undefined ? 1 : weights[i];
    if (w === 0) continue;
    const level = of[i];
    counts[level] += w;
    const dst = level * models;
    const sign = flipped[i] === 1 ? -w : w;
    if (flipped[i] === 1) flippedCount[level] += w;
    for (let e = start[i]; e < start[i + 1]; e++) sums[dst + listed[e]] += sign;
  }
  for (let level = 0; level < counts.length; level++) {
    const base = flippedCount[level];
    const row = level * models;
    for (let j = 0; j < models; j++) correct[row + j] = sums[row + j] + base;
  }
}

/** Plain accuracy of every model on one role: correct / images. */
export function rawAccuracy(
  counts: Float64Array,
  correct: Float64Array,
  models: number,
): Float64Array {
  const out = new Float64Array(models);
  let total = 0;
  for (let l = 0; l < counts.length; l++) {
    total += counts[l];
    for (let j = 0; j < models; j++) out[j] += correct[l * models + j];
  }
  for (let j = 0; j < models; j++) out[j] = total > 0 ? out[j] / total : NaN;
  return out;
}
