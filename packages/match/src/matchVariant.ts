import type { RandomStream } from '@dsrep/core';
import type { ImageRecord, VariantData } from './classData.js';
import { flickrEPool } from './flickrE.js';
import { binOf, histogram } from './histogram.js';
import { largestRemainder } from './largestRemainder.js';
import type { MatchParams, PoolName, SamplerName } from './params.js';
import {
  matchedFrequency,
  threshold,
  topImages,
  type SampleResult,
} from './samplers.js';

/** Labels shared by a matched image, a shortfall and a summary row. */
export interface RunKey {
  variant: string;
  rep: number;
  sampler: SamplerName;
  pool: PoolName;
}

/** A matched image with the counts behind its in-sample and held-out ŝ. */
export interface MatchedImage extends RunKey {
  classId: string;
  imageId: string;
  bin: number | null;
  forBin: number | null;
  /** In-sample (train, else all) k of n. */
  k: number;
  n: number;
  /** Held-out k of n; n = 0 when there is no held-out split. */
  heldK: number;
  heldN: number;
}

export interface ShortfallRow extends RunKey {
  classId: string;
  bin: number | null;
  missing: number;
}

/** A reference image of a matched class, for the summary. */
export interface ReferenceImage {
  variant: string;
  rep: number;
  classId: string;
  imageId: string;
  k: number;
  n: number;
  heldK: number;
  heldN: number;
}

export interface MatchOutput {
  matched: MatchedImage[];
  shortfalls: ShortfallRow[];
  references: ReferenceImage[];
  /** Ledger tallies by `variant|table|reason|action`, in selection rows. */
  tally: Map<string, number>;
  skippedClasses: number;
}

/**
 * Matches every class of one variant, for each rep, pool and sampler
 * (SPEC section 6). In-sample ŝ is the train split's k/n when the
 * selection has splits, else split=all's; the reference histogram uses
 * `params.referenceSplit`. Each class samples from its own stream,
 * `rng.derive('<sampler>:<pool>:<variant>:<rep>:<class>')`, so results
 * do not depend on which other classes are present.
 */
export function matchVariant(
  data: VariantData,
  params: MatchParams,
  rng: RandomStream,
  out: MatchOutput,
): void {
  const inc = (table: string, reason: string, action: string, rows = 1) => {
    const key = `${data.variant}|${table}|${reason}|${action}`;
    out.tally.set(key, (out.tally.get(key) ?? 0) + rows);
  };
  const refFromAll = params.referenceSplit === 'all' || !data.hasSplits;
  const fewAnnotations =
    `reference image has fewer than ` +
    `${params.minReferenceAnnotations} annotations`;
  const fewReferences =
    `class has fewer than ${params.minReferenceImages} ` +
    'usable reference images';

  data.reps.forEach((rep, r) => {
    for (const [classId, images] of data.classes) {
      const inSample = (im: ImageRecord) =>
        data.hasSplits
          ? { k: im.trainK[r] as number, n: im.trainN[r] as number }
          : { k: im.allK, n: im.allN };

      // Reference images with enough annotators and an ŝ to bin.
      const refs: ReferenceImage[] = [];
      for (const im of images) {
        if (im.role !== params.referenceRole) continue;
        const s = refFromAll ? { k: im.allK, n: im.allN } : inSample(im);
        if (s.n === 0) continue; // not in this split: ledgered by split
        if (im.allN < params.minReferenceAnnotations) {
          // split=all rows are counted once, train rows once per rep.
          if (!refFromAll || r === 0) {
            inc('selection', fewAnnotations, 'dropped');
          }
          continue;
        }
        refs.push({
          variant: data.variant,
          rep,
          classId,
          imageId: im.id,
          ...s,
          heldK: data.hasSplits ? (im.heldK[r] as number) : 0,
          heldN: data.hasSplits ? (im.heldN[r] as number) : 0,
        });
      }
      const candidates = images.filter(
        (im) => im.role === params.candidateRole && inSample(im).n > 0,
      );

      if (refs.length < params.minReferenceImages) {
        if (!refFromAll || r === 0) {
          inc('selection', fewReferences, 'dropped', refs.length);
        }
        inc('selection', fewReferences, 'dropped', candidates.length);
        if (r === 0) out.skippedClasses++;
        continue;
      }
      if (!refFromAll || r === 0)
        inc('selection', 'reference image in histogram', 'kept', refs.length);
      inc('selection', 'candidate in pool', 'kept', candidates.length);
      out.references.push(...refs);

      const targets = largestRemainder(
        histogram(
          refs.map((x) => x.k / x.n),
          params.edges,
        ),
        params.perClass,
      );

      for (const pool of params.pools) {
        const members =
          pool === 'plain'
            ? candidates
            : flickrEPool(candidates, r, data, rep, classId, params, rng, inc);
        const s = members.map((im) => inSample(im).k / inSample(im).n);
        for (const sampler of params.samplers) {
          const key: RunKey = { variant: data.variant, rep, sampler, pool };
          const stream = rng.derive(
            `${sampler}:${pool}:${data.variant}:${rep}:${classId}`,
          );
          const result: SampleResult =
            sampler === 'matched_frequency'
              ? matchedFrequency(
                  s.map((x) => binOf(x, params.edges)),
                  targets,
                  stream,
                )
              : sampler === 'threshold'
                ? threshold(s, params.perClass, params.tau, stream)
                : topImages(
                    members.map((im, i) => ({
                      id: im.id,
                      s: s[i] as number,
                      n: inSample(im).n,
                    })),
                    params.perClass,
                  );

          for (const p of result.picks) {
            const im = members[p.index] as ImageRecord;
            out.matched.push({
              ...key,
              classId,
              imageId: im.id,
              bin: p.bin ?? binOf(s[p.index] as number, params.edges),
              forBin: p.forBin,
              ...inSample(im),
              heldK: data.hasSplits ? (im.heldK[r] as number) : 0,
              heldN: data.hasSplits ? (im.heldN[r] as number) : 0,
            });
          }
          for (const f of result.shortfalls) {
            out.shortfalls.push({
              ...key,
              classId,
              bin: f.bin,
              missing: f.missing,
            });
          }
        }
      }
    }
  });
}
