import type { RandomStream } from '@dsrep/core';
import type { SimConfig, WorkerShares } from './params.js';

/**
 * Worker types. A good worker selects an image with its true selection
 * frequency s; the others ignore the image: `everything` selects with
 * probability 0.95, `nothing` with 0.03, `random` with 0.5. The three
 * bad types are what SPEC section 4's rules are meant to catch: they
 * select fewer than 6 of 48 images or more than one negative control.
 */
export const WORKER_TYPES = [
  'good',
  'everything',
  'nothing',
  'random',
] as const;
export type WorkerType = (typeof WORKER_TYPES)[number];

/** P(select) of a bad worker type, whatever the image; NaN for good. */
export const TYPE_SELECT_PROB: Readonly<Record<WorkerType, number>> = {
  good: NaN,
  everything: 0.95,
  nothing: 0.03,
  random: 0.5,
};

/** The worker population: ids, types and activity weights. */
export interface WorkerPopulation {
  /** `W000001`-style ids, index = worker code. */
  ids: string[];
  /** Index into WORKER_TYPES per worker. */
  types: Uint8Array;
  /** Cumulative activity weights, for drawing a worker by activity. */
  cumulative: Float64Array;
}

/**
 * Draws the population: each worker's type independently with the
 * configured shares, and an activity weight from Gamma(1.5) so that some
 * workers do many more grids than others, as on MTurk.
 */
export function drawWorkers(
  config: SimConfig,
  rng: RandomStream,
): WorkerPopulation {
  const n = config.workers;
  const width = Math.max(6, String(n).length);
  const ids = Array.from(
    { length: n },
    (_, i) => `W${String(i + 1).padStart(width, '0')}`,
  );
  const typeRng = rng.derive('types');
  const weightRng = rng.derive('activity');
  const shares = normalised(config.shares);
  const types = new Uint8Array(n);
  const cumulative = new Float64Array(n);
  let sum = 0;
  for (let i = 0; i < n; i++) {
    types[i] = pickType(shares, typeRng.next());
    sum += weightRng.gamma(1.5);
    cumulative[i] = sum;
  }
  return { ids, types, cumulative };
}

function normalised(shares: WorkerShares): number[] {
  const raw = WORKER_TYPES.map((t) => shares[t]);
  const total = raw.reduce((s, x) => s + x, 0);
  if (!(total > 0)) {
    throw new RangeError('workerShares must have a positive sum');
  }
  return raw.map((x) => x / total);
}

function pickType(shares: readonly number[], u: number): number {
  let acc = 0;
  for (let t = 0; t < shares.length; t++) {
    acc += shares[t] as number;
    if (u < acc) return t;
  }
  return shares.length - 1;
}

/** A worker drawn with probability proportional to activity. */
export function drawActiveWorker(
  pop: WorkerPopulation,
  rng: RandomStream,
): number {
  const c = pop.cumulative;
  const u = rng.next() * (c[c.length - 1] as number);
  let lo = 0;
  let hi = c.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((c[mid] as number) > u) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}
