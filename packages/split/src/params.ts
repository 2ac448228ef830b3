import { ROLES, roleSchema } from '@dsrep/core';
import { z } from 'zod';

/**
 * Parameters of the split stage (SPEC section 5).
 *
 * - `t`: annotations per image in the train split (5 in the paper, so
 *   that the 0.2-wide bins of matching line up with fifths).
 * - `h`: annotations per image in the held-out split; absent means all
 *   annotations not drawn for train.
 * - `reps`: number of independent random train/held-out splits.
 * - `subsample`: when set, every image with more annotations is first
 *   reduced to this many at random (once per variant, shared by all
 *   reps, so that train ∪ held-out ⊆ the `all` split).
 * - `roles`: roles of images to keep; the others are dropped (ledger).
 */
export const splitParams = z
  .strictObject({
    t: z.number().int().min(1).default(5),
    h: z.number().int().min(1).optional(),
    reps: z.number().int().min(1).max(1000).default(1),
    subsample: z.number().int().min(1).optional(),
    roles: z
      .array(roleSchema)
      .min(1)
      .default([...ROLES]),
  })
  .refine((p) => p.subsample === undefined || p.subsample >= p.t + (p.h ?? 1), {
    message:
      'subsample must be at least t + h (t + 1 when h is unset), ' +
      'otherwise no image could be split',
    path: ['subsample'],
  });

export type SplitParams = z.infer<typeof splitParams>;

/** Annotations an image needs to be split: t train plus h (or 1) held out. */
export function minimumForSplit(params: SplitParams): number {
  return params.t + (params.h ?? 1);
}
