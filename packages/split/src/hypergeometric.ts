import type { RandomStream } from '@dsrep/core';

/**
 * Draws the number of selected annotations among `draws` taken without
 * replacement from `total` annotations of which `selected` chose the
 * image: a Hypergeometric(total, selected, draws) variate.
 *
 * Why sequential: draws here are at most a few dozen, so walking the
 * urn one ball at a time (probability = selected left / balls left) is
 * exact, needs one uniform per ball and no tables.
 */
export function drawHypergeometric(
  rng: RandomStream,
  total: number,
  selected: number,
  draws: number,
): number {
  if (draws > total || selected > total || selected < 0 || draws < 0) {
    throw new RangeError(
      `hypergeometric draw of ${draws} from ${total} with ${selected} ` +
        'selected is impossible',
    );
  }
  let left = total;
  let hits = selected;
  let got = 0;
  for (let i = 0; i < draws && hits > 0; i++) {
    if (rng.next() * left < hits) {
      got++;
      hits--;
    }
    left--;
  }
  return got;
}
