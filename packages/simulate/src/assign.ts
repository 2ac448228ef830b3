import type { RandomStream } from '@dsrep/core';
import type { SimConfig } from './params.js';
import { drawActiveWorker, type WorkerPopulation } from './workers.js';

/** Start of round 1 (UTC); rounds start 2 days apart, within a week. */
export const ROUND_START_MS = Date.UTC(2019, 8, 3);
const ROUND_GAP_MS = 2 * 86_400_000;
/** Submissions of a round spread uniformly over its first 36 hours. */
const ROUND_SPREAD_S = 36 * 3600;

/** Who did which grid when: one entry per assignment of a class. */
export interface ClassAssignments {
  /** Per assignment: grid index within the class, round (0-3), slot. */
  grid: Int32Array;
  round: Int32Array;
  slot: Int32Array;
  /** Worker code (index into the population). */
  worker: Int32Array;
  /** Submission time, epoch ms (whole seconds). */
  submittedMs: Float64Array;
  /** Seconds between accept and submit. */
  workSeconds: Int32Array;
  /** 1 when the slot went to a worker who already did this grid. */
  duplicate: Uint8Array;
}

/**
 * Assigns workers to every (grid, round, slot) of a class. Fresh slots
 * draw a worker by activity among those who have not yet seen the grid
 * (SPEC section 3: no worker labels the same image twice). With
 * probability `duplicateShare` a slot of rounds 2–4 instead goes to a
 * worker who did the grid in an earlier round and is not already in this
 * round: the Recht et al. duplicates of SPEC section 4 rule 4.
 */
export function assignWorkers(
  config: SimConfig,
  pop: WorkerPopulation,
  rng: RandomStream,
): ClassAssignments {
  const total = config.gridsPerClass * config.annotatorsPerGrid;
  const out: ClassAssignments = {
    grid: new Int32Array(total),
    round: new Int32Array(total),
    slot: new Int32Array(total),
    worker: new Int32Array(total),
    submittedMs: new Float64Array(total),
    workSeconds: new Int32Array(total),
    duplicate: new Uint8Array(total),
  };

  let a = 0;
  for (let g = 0; g < config.gridsPerClass; g++) {
    const seen = new Set<number>();
    for (let r = 0; r < config.perRound.length; r++) {
      const earlier = [...seen];
      const thisRound = new Set<number>();
      for (let slot = 0; slot < (config.perRound[r] as number); slot++) {
        // Always draw the uniform, so streams do not shift with the share.
        const dup = r > 0 && rng.next() < config.duplicateShare;
        let w: number;
        if (dup) {
          const free = earlier.filter((x) => !thisRound.has(x));
          w = free[rng.int(free.length)] as number;
        } else {
          w = freshWorker(pop, seen, rng);
        }
        seen.add(w);
        thisRound.add(w);
        out.grid[a] = g;
        out.round[a] = r;
        out.slot[a] = slot;
        out.worker[a] = w;
        out.duplicate[a] = dup ? 1 : 0;
        out.submittedMs[a] =
          ROUND_START_MS + r * ROUND_GAP_MS + rng.int(ROUND_SPREAD_S) * 1000;
        out.workSeconds[a] = 60 + rng.int(540);
        a++;
      }
    }
  }
  return out;
}

/**
 * A worker by activity who has not seen the grid. Rejection is fast
 * because a grid's workers are a small part of the population; after
 * 200 misses (very active workers drawn again and again) the first
 * unseen worker from a random start is taken instead.
 */
function freshWorker(
  pop: WorkerPopulation,
  seen: ReadonlySet<number>,
  rng: RandomStream,
): number {
  for (let tries = 0; tries < 200; tries++) {
    const w = drawActiveWorker(pop, rng);
    if (!seen.has(w)) return w;
  }
  const n = pop.ids.length;
  const start = rng.int(n);
  for (let i = 0; i < n; i++) {
    const w = (start + i) % n;
    if (!seen.has(w)) return w;
  }
  throw new RangeError(`no unseen worker left among ${n}`);
}
