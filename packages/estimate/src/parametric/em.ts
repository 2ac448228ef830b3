import type { RandomStream } from '@dsrep/core';
import { logRisingTable } from './betabinomial.js';
import type { CountLevels } from './levels.js';
import {
  componentStats,
  maximizeComponent,
  type ComponentStats,
} from './mstep.js';

// The EM iteration of seed algorithm 1 on grouped counts: E-step
// responsibilities per (k, n) level, M-step π_i exactly and (α_i, β_i)
// by the bounded Newton method of mstep.ts.

/** Newton steps per M-step; EM only needs Q not to decrease. */
const NEWTON_STEPS = 4;

/** Parameters of one EM run, in (log α, log β), with its history. */
export interface EmState {
  pi: Float64Array;
  u: Float64Array;
  v: Float64Array;
  trace: number[];
  iterations: number;
  converged: boolean;
}

/** Scratch buffers shared by all runs on the same levels. */
export class EmWork {
  readonly logp: Float64Array;
  readonly resp: Float64Array;
  readonly tables: Float64Array[];
  readonly stats: ComponentStats;
  constructor(levels: CountLevels, K: number) {
    const nMax = levels.nMax;
    this.logp = new Float64Array(K * levels.k.length);
    this.resp = new Float64Array(levels.k.length);
    this.tables = [0, 1, 2].map(() => new Float64Array(nMax + 1));
    this.stats = {
      a: new Float64Array(nMax),
      b: new Float64Array(nMax),
      c: new Float64Array(nMax),
    };
  }
}

/** Random start: π ~ Dirichlet(1), mean ~ U(0.02, 0.98), α + β ~ logU(1, 100). */
export function randomStart(K: number, rng: RandomStream): EmState {
  const pi = new Float64Array(K);
  const u = new Float64Array(K);
  const v = new Float64Array(K);
  let piSum = 0;
  for (let i = 0; i < K; i++) {
    pi[i] = rng.gamma(1);
    piSum += pi[i] as number;
    const mean = 0.02 + 0.96 * rng.next();
    const size = Math.exp(Math.log(100) * rng.next());
    u[i] = Math.log(mean * size);
    v[i] = Math.log((1 - mean) * size);
  }
  for (let i = 0; i < K; i++) pi[i] = (pi[i] as number) / piSum;
  return { pi, u, v, trace: [], iterations: 0, converged: false };
}

/** Log-likelihood after the last E-step, or -Infinity before any. */
export function lastOf(state: EmState): number {
  return state.trace[state.trace.length - 1] ?? -Infinity;
}

/**
 * Runs EM on `state` until the relative log-likelihood change is at
 * most `tol` or `maxIter` M-steps have been done in total. The trace
 * holds the log-likelihood after every E-step.
 */
export function iterate(
  levels: CountLevels,
  state: EmState,
  maxIter: number,
  tol: number,
  work: EmWork,
  newtonSteps = NEWTON_STEPS,
): void {
  const { pi, u, v, trace } = state;
  const { logp, resp, stats } = work;
  const K = pi.length;
  const L = levels.k.length;
  if (state.converged) return;

  for (;;) {
    const logLik = eStep(levels, pi, u, v, work.tables, logp);
    // A resumed run recomputes its last E-step; record it only once.
    if (trace.length === state.iterations) trace.push(logLik);
    const before = trace[trace.length - 2];
    if (
      before !== undefined &&
      Math.abs(logLik - before) <= tol * Math.abs(before)
    ) {
      state.converged = true;
      return;
    }
    if (state.iterations >= maxIter) return;

    // M-step per component: π_i is the mean responsibility, (α_i, β_i)
    // maximise the responsibility-weighted beta-binomial likelihood.
    for (let i = 0; i < K; i++) {
      let mass = 0;
      for (let j = 0; j < L; j++) {
        const c = (levels.weight[j] as number) * (logp[i * L + j] as number);
        resp[j] = c;
        mass += c;
      }
      pi[i] = mass / levels.total;
      if (!(mass > 0)) continue;
      componentStats(levels, resp, stats);
      [u[i], v[i]] = maximizeComponent(
        stats,
        u[i] as number,
        v[i] as number,
        newtonSteps,
      );
    }
    state.iterations++;
  }
}

/**
 * E-step: returns the log-likelihood at the current parameters and
 * leaves the responsibilities p_ij in `logp` (overwritten in place).
 */
function eStep(
  levels: CountLevels,
  pi: Float64Array,
  u: Float64Array,
  v: Float64Array,
  tables: Float64Array[],
  logp: Float64Array,
): number {
  const L = levels.k.length;
  const K = pi.length;
  const [ta, tb, tab] = tables as [Float64Array, Float64Array, Float64Array];
  for (let i = 0; i < K; i++) {
    const alpha = Math.exp(u[i] as number);
    const beta = Math.exp(v[i] as number);
    logRisingTable(alpha, ta);
    logRisingTable(beta, tb);
    logRisingTable(alpha + beta, tab);
    const logPi = Math.log(pi[i] as number);
    for (let j = 0; j < L; j++) {
      const k = levels.k[j] as number;
      const n = levels.n[j] as number;
      logp[i * L + j] =
        logPi +
        (levels.logChoose[j] as number) +
        (ta[k] as number) +
        (tb[n - k] as number) -
        (tab[n] as number);
    }
  }

  // Log-sum-exp per level, then normalise to responsibilities.
  let logLik = 0;
  for (let j = 0; j < L; j++) {
    let top = -Infinity;
    for (let i = 0; i < K; i++) top = Math.max(top, logp[i * L + j] as number);
    let sum = 0;
    for (let i = 0; i < K; i++)
      sum += Math.exp((logp[i * L + j] as number) - top);
    const logMix = top + Math.log(sum);
    logLik += (levels.weight[j] as number) * logMix;
    for (let i = 0; i < K; i++) {
      logp[i * L + j] = Math.exp((logp[i * L + j] as number) - logMix);
    }
  }
  return logLik;
}
