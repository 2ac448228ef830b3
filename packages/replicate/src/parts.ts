import type { RandomStream } from '@dsrep/core';
import { drawHypergeometric } from '@dsrep/estimate';

/**
 * One repetition's division of every image's annotations (issue 9,
 * steps 1–2). Image i is first thinned to `n` annotators: its count
 * becomes hypergeometric, the selections among n annotations kept at
 * random. Those n are then cut into three disjoint parts by a
 * multivariate hypergeometric draw: `kc[i]` selections among `c`
 * annotations that choose the candidate pool, and `kr[i]` among the
 * remaining n − c; for each matching size t, `kt[t][i]` of those
 * kr[i] fall among `t` annotations used for matching and the other
 * kr − kt among the n − c − t held out. Every t cuts the same n − c
 * annotations afresh, so the runs of different t share pool and v1.
 */
export interface Parts {
  n: number;
  c: number;
  kc: Int32Array;
  kr: Int32Array;
  /** Per value of t (same order as `ts`). */
  kt: Int32Array[];
  ts: readonly number[];
}

/**
 * Draws the parts for images `k` of `nIn` (every nIn ≥ n). Each step
 * draws from its own child stream, image by image in array order.
 */
export function drawParts(
  k: Int32Array,
  nIn: Int32Array,
  n: number,
  c: number,
  ts: readonly number[],
  rng: RandomStream,
): Parts {
  const images = k.length;
  const thin = rng.derive('thin');
  const pool = rng.derive('c');
  const kc = new Int32Array(images);
  const kr = new Int32Array(images);
  for (let i = 0; i < images; i++) {
    const kn = drawHypergeometric(thin, nIn[i], k[i], n);
    kc[i] = drawHypergeometric(pool, n, kn, c);
    kr[i] = kn - kc[i];
  }
  const kt = ts.map((t) => {
    const stream = rng.derive(`t:${t}`);
    return Int32Array.from(kr, (x) => drawHypergeometric(stream, n - c, x, t));
  });
  return { n, c, kc, kr, kt, ts };
}
