import { DsrepError } from '@dsrep/core';
import { hypergeometricPmf } from './hypergeometric.js';
import type { LevelStats } from './levels.js';

/*
 * Exact expectation of the naive estimator when every image keeps a
 * random m of its annotations (SPEC section 7, "can also be computed
 * exactly"). An image of level (n, k) lands on level x of m with the
 * hypergeometric probability p(x). D1 and D2 are subsampled
 * independently, so
 *
 *     E[Â_m] = Σ_x  E[P̂1(x)] · E[C2(x) / N2(x); N2(x) > 0]
 *
 * with E[P̂1(x)] = Σ_i p_i(x) / N1. The ratio is exact too: writing
 * C2/N2 = Σ_j f_j 1_j / (1 + N2 without j) and E[1/(1 + X)] =
 * ∫_0^1 E[t^X] dt for a sum X of independent indicators,
 *
 *     E[C2/N2] = Σ_j f_j p_j h_j,
 *     h_j = ∫_0^1 Π_{i≠j} (1 − p_i u) du.
 *
 * Images of the same level share p and h, so everything runs on the
 * per-level sums and costs nothing per image. The integrand falls like
 * exp(−λu) with λ = E[N2(x)], so it is integrated by 8-point
 * Gauss–Legendre on a head interval [0, 2^−j0] with λ·2^−j0 < 2 and
 * tail intervals [2^−j−1, 2^−j], j < j0, that double in width up to 1:
 * each interval then holds a bounded amount of decay, which keeps the
 * relative error near 1e-12 (tests compare with brute-force
 * enumeration). Nodes past the point where G < e^−45 are skipped.
 */

const GL_X = [
  -0.9602898564975363, -0.7966664774136267, -0.525532409916329,
  -0.1834346424956498, 0.1834346424956498, 0.525532409916329,
  0.7966664774136267, 0.9602898564975363,
];
const GL_W = [
  0.1012285362903763, 0.222381034453374, 0.3137066458778873, 0.362683783378362,
  0.362683783378362, 0.3137066458778873, 0.222381034453374, 0.1012285362903763,
];

/**
 * Largest quadrature table (doubles) a plan may hold: 512 MiB. The
 * table grows like n³ · log(images): with 10,000 images n = 40 needs
 * about 12 MiB and n = 100 about 155 MiB.
 */
const MAX_TERMS = 2 ** 26;

/** Precomputed hypergeometric weights and quadrature terms for m = 1..mMax. */
export interface CurvePlan {
  mMax: number;
  models: number;
  levels: number;
  /** Halvings J: head intervals [0, 2^−j0] exist for j0 = 0..J. */
  halvings: number;
  /** Slot (m, x) at index offset(m) + x; its pairs are [start[s], start[s+1]). */
  start: Int32Array;
  pairLevel: Int32Array;
  pairP: Float64Array;
  /** log(1 − p) per pair, for the chance that slot x of D2 is empty. */
  pairLogEmpty: Float64Array;
  /** Nodes u and weights: 8 per head interval j0 = 0..J, then 8 per tail j = 0..J−1. */
  nodes: Float64Array;
  weights: Float64Array;
  /**
   * Per slot, the head intervals j0 in [headLo, headHi] that a resample
   * may use, and the global node of each local column of its rows.
   * Local columns are the head intervals j0 = headLo..headHi, then the
   * tails j = headHi − 1 down to 0 (increasing u), so the nodes one
   * resample uses, head j0 then tails j0 − 1..0, are two runs.
   */
  headLo: Int32Array;
  headHi: Int32Array;
  slotNodeStart: Int32Array;
  slotNodes: Int32Array;
  /** Per pair, where its row of log(1 − p u) over local nodes starts. */
  pairRow: Int32Array;
  logTerm: Float64Array;
}

/** The curve E[Â_m], m = 1..mMax, row m − 1, plus expected uncovered mass. */
export interface CurveResult {
  values: Float64Array;
  uncovered: Float64Array;
}

/**
 * Prepares the exact curve for levels (levelN, levelK). `mMax` is at
 * most the smallest n of any level; `maxImages` bounds D2's image count
 * in any resample (it sets the quadrature's finest interval); `c2`, the
 * full data's D2 images per level, narrows the quadrature nodes kept to
 * those a bootstrap resample of it can use.
 */
export function planCurve(
  levelN: Int32Array,
  levelK: Int32Array,
  models: number,
  mMax: number,
  maxImages: number,
  c2?: Float64Array,
): CurvePlan {
  const nodes: number[] = [];
  const weights: number[] = [];
  const halvings = Math.max(1, Math.ceil(Math.log2(maxImages + 1))) + 1;
  const addInterval = (a: number, b: number) => {
    const half = (b - a) / 2;
    for (let q = 0; q < GL_X.length; q++) {
      nodes.push(a + half * (1 + GL_X[q]));
      weights.push(half * GL_W[q]);
    }
  };
  for (let j0 = 0; j0 <= halvings; j0++) addInterval(0, 2 ** -j0);
  for (let j = 0; j < halvings; j++) addInterval(2 ** (-j - 1), 2 ** -j);

  const start: number[] = [0];
  const pairLevel: number[] = [];
  const pairP: number[] = [];
  for (let m = 1; m <= mMax; m++) {
    const pmfs = Array.from(levelN, (n, l) =>
      hypergeometricPmf(n, levelK[l], m),
    );
    for (let x = 0; x <= m; x++) {
      pmfs.forEach((pmf, l) => {
        if (pmf[x] > 0) {
          pairLevel.push(l);
          pairP.push(pmf[x]);
        }
      });
      start.push(pairLevel.length);
    }
  }

  // Each slot keeps log(1 − p u) only at the nodes a resample can use:
  // head intervals within two halvings of the one the full data need
  // (bootstrap counts move λ by about √λ, far less than a factor 4),
  // and the tails up to u = 1. This keeps the table small enough for
  // the cache; a λ outside the window is clamped to it, which only
  // widens or narrows the head interval.
  const slots = start.length - 1;
  const headLo = new Int32Array(slots);
  const headHi = new Int32Array(slots).fill(halvings);
  const slotNodeStart = new Int32Array(slots + 1);
  const slotNodes: number[] = [];
  const pairRow = new Int32Array(pairP.length);
  let rowAt = 0;
  for (let slot = 0; slot < slots; slot++) {
    if (c2) {
      let lambda = 0;
      for (let i = start[slot]; i < start[slot + 1]; i++) {
        lambda += c2[pairLevel[i]] * pairP[i];
      }
      const j = headOf(lambda, halvings);
      headLo[slot] = Math.max(0, j - 2);
      headHi[slot] = Math.min(halvings, j + 2);
    }
    for (let j0 = headLo[slot]; j0 <= headHi[slot]; j0++) {
      for (let q = 0; q < 8; q++) slotNodes.push(8 * j0 + q);
    }
    for (let j = headHi[slot] - 1; j >= 0; j--) {
      for (let q = 0; q < 8; q++) slotNodes.push(8 * (halvings + 1 + j) + q);
    }
    slotNodeStart[slot + 1] = slotNodes.length;
    const width = slotNodeStart[slot + 1] - slotNodeStart[slot];
    for (let i = start[slot]; i < start[slot + 1]; i++) {
      pairRow[i] = rowAt;
      rowAt += width;
    }
  }
  if (rowAt > MAX_TERMS) {
    throw new DsrepError(
      'BAD_INPUT',
      `the exact curve over m = 1..${mMax} annotators needs ` +
        `${Math.round((rowAt * 8) / 2 ** 20)} MiB of quadrature terms ` +
        `(limit ${(MAX_TERMS * 8) / 2 ** 20} MiB); with this many ` +
        `annotators per image, subsample them first (split stage)`,
    );
  }
  const logTerm = new Float64Array(rowAt);
  for (let slot = 0; slot < slots; slot++) {
    const from = slotNodeStart[slot];
    const width = slotNodeStart[slot + 1] - from;
    for (let i = start[slot]; i < start[slot + 1]; i++) {
      for (let q = 0; q < width; q++) {
        logTerm[pairRow[i] + q] = Math.log1p(
          -pairP[i] * nodes[slotNodes[from + q]],
        );
      }
    }
  }
  return {
    mMax,
    models,
    levels: levelN.length,
    halvings,
    start: Int32Array.from(start),
    pairLevel: Int32Array.from(pairLevel),
    pairP: Float64Array.from(pairP),
    pairLogEmpty: Float64Array.from(pairP, (p) => Math.log1p(-p)),
    nodes: Float64Array.from(nodes),
    weights: Float64Array.from(weights),
    headLo,
    headHi,
    slotNodeStart,
    slotNodes: Int32Array.from(slotNodes),
    pairRow,
    logTerm,
  };
}

/** The head interval [0, 2^−j0] for an expected count λ: λ·2^−j0 < 2. */
function headOf(lambda: number, halvings: number): number {
  return lambda < 2 ? 0 : Math.min(halvings, Math.floor(Math.log2(lambda)));
}

/** Evaluates E[Â_m] for every m and model on one set of level sums. */
export function expectedCurve(plan: CurvePlan, stats: LevelStats): CurveResult {
  const { mMax, models, levels, start, pairLevel, pairP, halvings } = plan;
  const values = new Float64Array(mMax * models);
  const uncovered = new Float64Array(mMax);
  let total1 = 0;
  for (let l = 0; l < levels; l++) total1 += stats.c1[l];
  if (!(total1 > 0)) return { values: values.fill(NaN), uncovered };

  // Locals so that V8 keeps the arrays in registers in the hot loops.
  const { c1, c2, f2 } = stats;
  const { logTerm, pairLogEmpty, nodes, weights, pairRow, slotNodes } = plan;
  const g = new Float64Array(levels);
  const used = new Int32Array(8 * (halvings + 1));
  const usedNode = new Int32Array(used.length);
  const G = new Float64Array(used.length);
  const U = new Float64Array(used.length);
  let slot = 0;
  for (let m = 1; m <= mMax; m++) {
    g.fill(0);
    for (let x = 0; x <= m; x++, slot++) {
      const from = start[slot];
      const to = start[slot + 1];
      let p1 = 0;
      let logEmpty = 0;
      let lambda = 0;
      for (let i = from; i < to; i++) {
        const l = pairLevel[i];
        p1 += c1[l] * pairP[i];
        logEmpty += c2[l] * pairLogEmpty[i];
        lambda += c2[l] * pairP[i];
      }
      p1 /= total1;
      if (p1 === 0) continue;
      uncovered[m - 1] += p1 * Math.exp(logEmpty);
      if (lambda === 0) continue;

      // Local columns for this slot: head [0, 2^−j0], then the tails up
      // to u = 1, in increasing u; both runs are contiguous in a row.
      const lo = plan.headLo[slot];
      const hi = plan.headHi[slot];
      const j0 = Math.max(lo, Math.min(hi, headOf(lambda, halvings)));
      const head = 8 * (j0 - lo);
      const tail = 8 * (hi - lo + 1) + 8 * (hi - j0);
      const base = plan.slotNodeStart[slot];
      // log G(u) ≤ −λu (as log(1 − x) ≤ −x), so nodes with λu > 46 are
      // below the cut at −45 below: they are not computed at all.
      let count = 0;
      for (let q = 0; q < 8 * (j0 + 1); q++) {
        const column = q < 8 ? head + q : tail + q - 8;
        const node = slotNodes[base + column];
        if (lambda * nodes[node] > 46) break;
        used[q] = column;
        usedNode[q] = node;
        count++;
      }
      const headCount = Math.min(8, count);

      // log G(u) = Σ over D2 images of log(1 − p u), at every node.
      G.fill(0, 0, count);
      for (let i = from; i < to; i++) {
        const c = c2[pairLevel[i]];
        if (c === 0) continue;
        const row = pairRow[i];
        const h0 = row + head;
        for (let q = 0; q < headCount; q++) G[q] += c * logTerm[h0 + q];
        const t0 = row + tail - 8;
        for (let q = 8; q < count; q++) G[q] += c * logTerm[t0 + q];
      }
      // G decreases in u, so the integrand is cut where G < e^-45:
      // relative to ∫G ≥ 1/(λ+1) what is left out is below 1e-15.
      let live = count;
      for (let q = 0; q < count; q++) {
        if (G[q] < -45) {
          live = q;
          break;
        }
        G[q] = weights[usedNode[q]] * Math.exp(G[q]);
        U[q] = nodes[usedNode[q]];
      }

      // h for an image of each level: G without that image's factor.
      for (let i = from; i < to; i++) {
        const l = pairLevel[i];
        if (c2[l] === 0) continue;
        const p = pairP[i];
        let h = 0;
        for (let q = 0; q < live; q++) h += G[q] / (1 - p * U[q]);
        g[l] += p1 * p * h;
      }
    }

    const out = (m - 1) * models;
    for (let l = 0; l < levels; l++) {
      if (g[l] === 0) continue;
      const row = l * models;
      for (let j = 0; j < models; j++) values[out + j] += g[l] * f2[row + j];
    }
  }
  return { values, uncovered };
}
