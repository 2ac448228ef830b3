import type { RandomStream } from '@dsrep/core';
import {
  binOf,
  histogram,
  largestRemainder,
  matchedFrequency,
} from '@dsrep/match';
import { POOL, V1 } from './sets.js';

/** A matched replication of one repetition and one t. */
export interface Replication {
  /** Image indices of the replication, class by class. */
  members: number[];
  /** Images the matching could not find (0 by the choice of size). */
  missing: number;
  /** Classes with at least one replication image. */
  classes: number;
}

/**
 * Issue 9, step 4, matching part: per class, the v1 histogram of the
 * matching frequencies ŝ_t = kt/t is scaled to the largest size the
 * pool can serve without shortfall (`sizeOf`), and MatchedFrequency
 * (SPEC section 6, @dsrep/match) draws that many pool images by their
 * own ŝ_t, class k from `rng.derive('class:' + k)`. Any shortfall
 * MatchedFrequency still reports is counted in `missing`.
 */
export function matchReplication(
  classOf: Int32Array,
  classes: number,
  set: Uint8Array,
  kt: Int32Array,
  t: number,
  edges: readonly number[],
  sizeOf: (reference: number[], available: number[]) => number,
  rng: RandomStream,
): Replication {
  const v1: number[][] = Array.from({ length: classes }, () => []);
  const pool: number[][] = Array.from({ length: classes }, () => []);
  classOf.forEach((cls, i) => {
    if (set[i] === V1) v1[cls]?.push(i);
    else if (set[i] === POOL) pool[cls]?.push(i);
  });

  const members: number[] = [];
  let missing = 0;
  let used = 0;
  for (let cls = 0; cls < classes; cls++) {
    const ref = histogram(
      (v1[cls] ?? []).map((i) => kt[i] / t),
      edges,
    );
    const candidates = pool[cls] ?? [];
    const bins = candidates.map((i) => binOf(kt[i] / t, edges));
    const available = histogram(
      candidates.map((i) => kt[i] / t),
      edges,
    );
    const size = sizeOf(ref, available);
    if (size === 0) continue;
    const result = matchedFrequency(
      bins,
      largestRemainder(ref, size),
      rng.derive(`class:${cls}`),
    );
    for (const p of result.picks) members.push(candidates[p.index] as number);
    for (const s of result.shortfalls) missing += s.missing;
    if (result.picks.length > 0) used++;
  }
  return { members, missing, classes: used };
}
