import type { RandomStream } from '@dsrep/core';

/** One drawn candidate: its index, its own bin, and whose quota it fills. */
export interface Pick {
  index: number;
  /** Bin of the candidate's ŝ (null for samplers without bins). */
  bin: number | null;
  /** Bin whose target it counts towards (higher than `bin` never). */
  forBin: number | null;
}

/** Images a class could not get: `missing` of the target of `bin`. */
export interface Shortfall {
  bin: number | null;
  missing: number;
}

export interface SampleResult {
  picks: Pick[];
  shortfalls: Shortfall[];
}

/**
 * MatchedFrequency sampling of one class (SPEC section 6, steps 3–4).
 * `bins[i]` is the bin of candidate i's ŝ, `targets[b]` how many images
 * bin b should supply (from `largestRemainder`).
 *
 * Bins are visited from lowest to highest. A bin serves its own target
 * first, then the missing units carried up from lower bins, lowest
 * origin first, drawing without replacement among its candidates (in
 * the order given, so callers pass candidates sorted by id). What a
 * bin cannot serve moves on to the next higher bin; what is still
 * missing after the top bin is a shortfall of its bin of origin. Never
 * padded: a short class simply has fewer images.
 */
export function matchedFrequency(
  bins: ArrayLike<number>,
  targets: readonly number[],
  rng: RandomStream,
): SampleResult {
  const byBin: number[][] = targets.map(() => []);
  for (let i = 0; i < bins.length; i++) {
    const b = bins[i] as number;
    const list = byBin[b];
    if (!list)
      throw new RangeError(
        `candidate ${i} has bin ${b}, outside 0..${targets.length - 1}`,
      );
    list.push(i);
  }

  const picks: Pick[] = [];
  let carried: Shortfall[] = [];
  byBin.forEach((pool, b) => {
    const demands: Shortfall[] = [
      { bin: b, missing: targets[b] as number },
      ...carried,
    ];
    const wanted = demands.reduce((s, d) => s + d.missing, 0);
    const drawn = rng.sample(pool.length, Math.min(wanted, pool.length));
    let at = 0;
    for (const d of demands) {
      while (d.missing > 0 && at < drawn.length) {
        picks.push({
          index: pool[drawn[at] as number] as number,
          bin: b,
          forBin: d.bin,
        });
        d.missing--;
        at++;
      }
    }
    carried = demands
      .filter((d) => d.missing > 0)
      .sort((x, y) => (x.bin as number) - (y.bin as number));
  });
  return { picks, shortfalls: carried };
}

/**
 * Threshold sampling (ImageNet-v2): `perClass` candidates drawn without
 * replacement among those with ŝ ≥ `tau`; fewer eligible is a shortfall.
 */
export function threshold(
  scores: ArrayLike<number>,
  perClass: number,
  tau: number,
  rng: RandomStream,
): SampleResult {
  const eligible: number[] = [];
  for (let i = 0; i < scores.length; i++) {
    if ((scores[i] as number) >= tau) eligible.push(i);
  }
  const take = Math.min(perClass, eligible.length);
  const drawn = rng.sample(eligible.length, take);
  const picks = Array.from(drawn, (j) => ({
    index: eligible[j] as number,
    bin: null,
    forBin: null,
  }));
  const missing = perClass - take;
  return { picks, shortfalls: missing > 0 ? [{ bin: null, missing }] : [] };
}

/** A candidate as TopImages ranks it. */
export interface Ranked {
  id: string;
  /** ŝ used for matching. */
  s: number;
  /** Annotators behind ŝ. */
  n: number;
}

/**
 * TopImages (ImageNet-v2): the `perClass` candidates of highest ŝ;
 * ties go to the image with more annotations (a steadier ŝ), then to
 * the smaller image id, so the choice is deterministic.
 */
export function topImages(
  candidates: readonly Ranked[],
  perClass: number,
): SampleResult {
  const order = candidates
    .map((_, i) => i)
    .sort((a, b) => {
      const x = candidates[a] as Ranked;
      const y = candidates[b] as Ranked;
      return y.s - x.s || y.n - x.n || (x.id < y.id ? -1 : x.id > y.id ? 1 : 0);
    });
  const picks = order
    .slice(0, perClass)
    .map((index) => ({ index, bin: null, forBin: null }));
  const missing = perClass - picks.length;
  return { picks, shortfalls: missing > 0 ? [{ bin: null, missing }] : [] };
}
