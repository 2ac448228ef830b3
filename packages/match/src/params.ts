import { VARIANTS, roleSchema } from '@dsrep/core';
import { z } from 'zod';

export const SAMPLERS = [
  'matched_frequency',
  'threshold',
  'top_images',
] as const;
export type SamplerName = (typeof SAMPLERS)[number];

/** `plain`: every candidate; `flickr_e`: the Flickr-E pool (SPEC 6, D.3). */
export const POOLS = ['plain', 'flickr_e'] as const;
export type PoolName = (typeof POOLS)[number];

/**
 * Parameters of the match stage (SPEC section 6).
 *
 * - `edges`: inner bin edges of ŝ; bins are [0, e1), [e1, e2), …,
 *   [e_last, 1] (the last one closed).
 * - `perClass`: N, images drawn per class (4 in appendix D, 10 in
 *   ImageNet-v2).
 * - `referenceRole` / `candidateRole`: the images whose histogram is
 *   matched (v1) and the pool drawn from (Flickr).
 * - `samplers`, `pools`: every combination is run.
 * - `tau`: threshold of the Threshold sampler (ŝ ≥ τ).
 * - `variants`: which of raw / clean to match; default all present.
 * - `referenceSplit`: whose ŝ builds the reference histogram: the
 *   train split (t annotators, like the candidates) or all annotators.
 * - `minReferenceAnnotations`: a reference image needs at least this
 *   many annotators in split=all to enter the histogram.
 * - `minReferenceImages`: a class needs this many such reference images
 *   to be matched; others are skipped (ledger and warning).
 * - `flickrE`: a candidate joins the Flickr-E pool when at least `r` of
 *   `m` held-out annotators selected it (see flickrE.ts for counts).
 */
export const matchParams = z.strictObject({
  edges: z
    .array(z.number().gt(0).lt(1))
    .default([0.2, 0.4, 0.6, 0.8])
    .refine((e) => e.every((x, i) => i === 0 || x > (e[i - 1] as number)), {
      message: 'edges must be strictly increasing',
    }),
  perClass: z.number().int().min(1).default(4),
  referenceRole: roleSchema.default('reference'),
  candidateRole: roleSchema.default('candidate'),
  samplers: z.array(z.enum(SAMPLERS)).min(1).default(['matched_frequency']),
  pools: z.array(z.enum(POOLS)).min(1).default(['plain']),
  tau: z.number().min(0).max(1).default(0.7),
  variants: z.array(z.enum(VARIANTS)).min(1).optional(),
  referenceSplit: z.enum(['train', 'all']).default('train'),
  minReferenceAnnotations: z.number().int().min(1).default(1),
  minReferenceImages: z.number().int().min(1).default(1),
  flickrE: z
    .strictObject({
      m: z.number().int().min(1).default(4),
      r: z.number().int().min(0).default(2),
    })
    .refine((f) => f.r <= f.m, { message: 'flickrE.r must be <= flickrE.m' })
    .default({ m: 4, r: 2 }),
});

export type MatchParams = z.infer<typeof matchParams>;
