import type { RandomStream } from '@dsrep/core';

/** Where an image sits in one repetition: v1, the pool, or neither. */
export const OTHER = 0;
export const V1 = 1;
export const POOL = 2;

/**
 * Issue 9, step 3. Per class, a random `v1Share` of the images (rounded)
 * form the reference set v1; every other image enters the candidate
 * pool with probability floor + (1 − floor)·(1 − kc/c), which falls
 * with its pool-part selection frequency ŝ_c = kc/c. The pool is thus
 * drawn from the same population as v1 but tilted towards low ŝ, and
 * only by the c annotations, which given s are independent of all the
 * others and of the classifier: the pool's P(correct | s) is v1's.
 * Class k draws from `rng.derive('class:' + k)`.
 */
export function assignSets(
  classOf: Int32Array,
  classes: number,
  kc: Int32Array,
  c: number,
  v1Share: number,
  floor: number,
  rng: RandomStream,
): Uint8Array {
  const set = new Uint8Array(classOf.length);
  const members: number[][] = Array.from({ length: classes }, () => []);
  classOf.forEach((cls, i) => members[cls]?.push(i));
  members.forEach((list, cls) => {
    const stream = rng.derive(`class:${cls}`);
    const take = Math.round(v1Share * list.length);
    for (const j of stream.sample(list.length, take)) set[list[j]] = V1;
    for (const i of list) {
      if (set[i] === V1) continue;
      const accept = floor + (1 - floor) * (1 - kc[i] / c);
      if (stream.next() < accept) set[i] = POOL;
    }
  });
  return set;
}
