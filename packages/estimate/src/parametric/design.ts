import { DsrepError } from '@dsrep/core';
import { BASIS_SCALE, SPLINE_SIZE, splineBasis } from './basis.js';
import { logChoose } from './betabinomial.js';
import { mixtureWeights, quadratureGrid } from './grid.js';
import type { MixtureFit } from './mixture.js';

/**
 * The least-squares problem of the spline fit, shared by all classifiers
 * (only the targets differ per classifier). One row per (n, k): the
 * share of D2 images with n annotators, count k and a correct
 * prediction is modelled as
 *
 *     (N_n / N) · ∫ Binom(k; n, s) · P(f=1|s) · p_2(s) ds
 *
 * where N_n of the N images have n annotators. With one n for every
 * image this is exactly SPEC section 7; with mixed n the images are
 * grouped by n and all groups share p_2, so every group adds its own
 * n + 1 equations. Columns are the scaled spline basis (see BASIS_SCALE).
 */
export interface SplineDesign {
  /** Quadrature nodes in s (see quadratureGrid). */
  nodes: Float64Array;
  /** Scaled basis at every node, node-major (nodes × SPLINE_SIZE). */
  basis: Float64Array;
  /** Design matrix, row-major (rows × SPLINE_SIZE). */
  x: Float64Array;
  rows: number;
  /** n and k of each row. */
  rowN: Int32Array;
  rowK: Int32Array;
  /** XᵀX plus a small ridge, row-major SPLINE_SIZE × SPLINE_SIZE. */
  gram: Float64Array;
  /** Row of each D2 image, i.e. of its (n, k). */
  imageRow: Int32Array;
  /** Number of D2 images (length of the input arrays). */
  images: number;
  /** Weight of each D2 image divided by the total weight N. */
  imageShare: Float64Array;
}

/**
 * Relative ridge added to XᵀX: λ = RIDGE · trace(XᵀX) / SPLINE_SIZE.
 * XᵀX is singular when there are fewer than 7 rows (n + 1 < 7) and
 * nearly so when p_2 has little mass above a knot; quadprog needs it
 * positive definite. At 1e-8 of the mean diagonal the ridge changes the
 * fitted shares by far less than their sampling error.
 */
const RIDGE = 1e-8;

/**
 * Builds the design from D2's counts and the fitted mixture p_2.
 * Optional `weights` (e.g. bootstrap multiplicities) count image j
 * `weights[j]` times; N is then their sum.
 */
export function splineDesign(
  d2: { k: Int32Array; n: Int32Array; weights?: Float64Array },
  p2: MixtureFit,
  cells: number,
): SplineDesign {
  const images = d2.k.length;
  const weightOf = (j: number) => (d2.weights ? (d2.weights[j] as number) : 1);
  let N = 0;
  for (let j = 0; j < images; j++) N += weightOf(j);
  if (!(N > 0)) {
    throw new DsrepError('DEGENERATE', 'D2 has no images to fit P(f=1|s) on');
  }
  const nodes = quadratureGrid(cells);
  const weights = mixtureWeights(p2, cells);
  const G = nodes.length;

  // Scaled basis per node, and the same times the node's p_2 mass.
  const basis = new Float64Array(G * SPLINE_SIZE);
  const massBasis = new Float64Array(G * SPLINE_SIZE);
  const row = new Float64Array(SPLINE_SIZE);
  for (let g = 0; g < G; g++) {
    splineBasis(nodes[g] as number, row);
    for (let b = 0; b < SPLINE_SIZE; b++) {
      const v = (row[b] as number) / (BASIS_SCALE[b] as number);
      basis[g * SPLINE_SIZE + b] = v;
      massBasis[g * SPLINE_SIZE + b] = v * (weights[g] as number);
    }
  }

  // Rows: n + 1 per distinct n, in increasing n.
  const perN = new Map<number, number>();
  for (let j = 0; j < images; j++) {
    if (weightOf(j) === 0) continue;
    const n = d2.n[j] as number;
    perN.set(n, (perN.get(n) ?? 0) + weightOf(j));
  }
  const ns = [...perN.keys()].sort((a, b) => a - b);
  const offset = new Map<number, number>();
  let rows = 0;
  for (const n of ns) {
    offset.set(n, rows);
    rows += n + 1;
  }

  const x = new Float64Array(rows * SPLINE_SIZE);
  const rowN = new Int32Array(rows);
  const rowK = new Int32Array(rows);
  const acc = new Float64Array(SPLINE_SIZE);
  for (const n of ns) {
    const share = (perN.get(n) as number) / N;
    const first = offset.get(n) as number;
    const binom = binomialRows(n, cells);
    for (let k = 0; k <= n; k++) {
      acc.fill(0);
      const at = k * G;
      for (let g = 0; g < G; g++) {
        const b = binom[at + g] as number;
        if (b !== 0) addScaled(acc, massBasis, g, b);
      }
      for (let b = 0; b < SPLINE_SIZE; b++) acc[b] = (acc[b] as number) * share;
      x.set(acc, (first + k) * SPLINE_SIZE);
      rowN[first + k] = n;
      rowK[first + k] = k;
    }
  }

  // Images of zero weight (absent from a resample) get row 0, share 0.
  const imageRow = new Int32Array(images);
  const imageShare = new Float64Array(images);
  for (let j = 0; j < images; j++) {
    if (weightOf(j) === 0) continue;
    const first = offset.get(d2.n[j] as number) as number;
    imageRow[j] = first + (d2.k[j] as number);
    imageShare[j] = weightOf(j) / N;
  }
  const gram = gramOf(x, rows);
  return {
    nodes,
    basis,
    x,
    rows,
    rowN,
    rowK,
    gram,
    imageRow,
    images,
    imageShare,
  };
}

/** acc += f · row g of the node-major matrix m. */
function addScaled(
  acc: Float64Array,
  m: Float64Array,
  g: number,
  f: number,
): void {
  const at = g * SPLINE_SIZE;
  for (let b = 0; b < SPLINE_SIZE; b++) {
    acc[b] = (acc[b] as number) + f * (m[at + b] as number);
  }
}

function gramOf(x: Float64Array, rows: number): Float64Array {
  const P = SPLINE_SIZE;
  const gram = new Float64Array(P * P);
  for (let r = 0; r < rows; r++) {
    for (let a = 0; a < P; a++) {
      const xa = x[r * P + a] as number;
      for (let b = 0; b < P; b++) {
        gram[a * P + b] =
          (gram[a * P + b] as number) + xa * (x[r * P + b] as number);
      }
    }
  }
  let trace = 0;
  for (let a = 0; a < P; a++) trace += gram[a * P + a] as number;
  const ridge = (RIDGE * trace) / P;
  for (let a = 0; a < P; a++)
    gram[a * P + a] = (gram[a * P + a] as number) + ridge;
  return gram;
}

/**
 * Binom(k; n, s) at every node of quadratureGrid(cells), row k = 0..n
 * (row-major, (n + 1) × nodes). It does not depend on the data, so it
 * is kept per (n, cells): a bootstrap builds one design per resample.
 */
const binomialCache = new Map<string, Float64Array>();

function binomialRows(n: number, cells: number): Float64Array {
  const key = `${n}:${cells}`;
  const hit = binomialCache.get(key);
  if (hit) return hit;
  const nodes = quadratureGrid(cells);
  const G = nodes.length;
  const out = new Float64Array((n + 1) * G);
  // log s and log(1 − s) per node, so each Binom(k; n, s) costs one exp.
  const logS = Float64Array.from(nodes, (v) => Math.log(v));
  const log1mS = Float64Array.from(nodes, (v) => Math.log1p(-v));
  for (let k = 0; k <= n; k++) {
    const lc = logChoose(n, k);
    // The end nodes s = 0 and s = 1 are exact: Binom is 1 at k = 0 or k = n.
    out[k * G] = k === 0 ? 1 : 0;
    out[k * G + G - 1] = k === n ? 1 : 0;
    for (let g = 1; g < G - 1; g++) {
      const e = lc + k * (logS[g] as number) + (n - k) * (log1mS[g] as number);
      if (e > -700) out[k * G + g] = Math.exp(e);
    }
  }
  // Annotator counts take few values; the bound only guards odd inputs.
  if (binomialCache.size >= 256) binomialCache.clear();
  binomialCache.set(key, out);
  return out;
}
