import type { RandomStream } from '@dsrep/core';
import type { ImageRecord, VariantData } from './classData.js';
import type { MatchParams } from './params.js';

/**
 * Whether a candidate belongs to the Flickr-E pool (appendix D.3): at
 * least `r` of `m` held-out annotators selected it.
 *
 * With counts we know only that `k` of the image's `n` held-out
 * annotators selected it. When n = m the rule applies as it is. When
 * n > m we draw which m annotators count: their selections are
 * Hypergeometric(n, k, m), drawn from `rng`. When n < m the rule
 * cannot be applied and the result is null (the caller leaves the
 * image out of the pool and says so in the ledger).
 */
export function flickrE(
  k: number,
  n: number,
  rule: { m: number; r: number },
  rng: RandomStream,
): boolean | null {
  if (n < rule.m) return null;
  let hits = 0;
  let selected = k;
  let left = n;
  // Sequential urn: each of the m draws is selected with probability
  // (selected left)/(annotators left); exact for these small n.
  for (let i = 0; i < rule.m; i++) {
    if (rng.next() * left < selected) {
      hits++;
      selected--;
    }
    left--;
  }
  return hits >= rule.r;
}

/**
 * The Flickr-E members among a class's candidates for rep index `r`
 * (held-out counts of that rep), with a stream per class; ledger lines
 * go to table "selection:flickr_e" so that pool has its own balance.
 */
export function flickrEPool(
  candidates: readonly ImageRecord[],
  r: number,
  data: VariantData,
  rep: number,
  classId: string,
  params: MatchParams,
  rng: RandomStream,
  inc: (table: string, reason: string, action: string) => void,
): ImageRecord[] {
  const { m, r: need } = params.flickrE;
  const table = 'selection:flickr_e';
  const tooFew = `fewer than ${m} held-out annotations`;
  const notSelected = `fewer than ${need} of ${m} held-out annotators selected it`;
  const selected = `at least ${need} of ${m} held-out annotators selected it`;
  const stream = rng.derive(`flickr_e:${data.variant}:${rep}:${classId}`);
  return candidates.filter((im) => {
    const keep = data.hasSplits
      ? flickrE(
          im.heldK[r] as number,
          im.heldN[r] as number,
          params.flickrE,
          stream,
        )
      : null;
    if (keep === null) inc(table, tooFew, 'dropped');
    else if (!keep) inc(table, notSelected, 'dropped');
    else inc(table, selected, 'kept');
    return keep === true;
  });
}
