import { z } from 'zod';

/** Estimators of A(D2 | s1) the stage can run (SPEC section 7). */
export const ESTIMATORS = ['naive', 'jackknife', 'parametric'] as const;
export type EstimatorName = (typeof ESTIMATORS)[number];

/** One case of the toy model of SPEC section 2. */
export const toyCaseSchema = z.object({
  alpha: z.number().positive(),
  beta: z.number().positive(),
  n: z.number().int().min(1),
});
export type ToyCase = z.infer<typeof toyCaseSchema>;

/**
 * Parameters of the estimate stage. `target_role` is D2 (the replication
 * by default, or the candidate pool of appendix D.1); D1 is always the
 * reference role.
 */
export const estimateParams = z.object({
  variants: z
    .array(z.enum(['clean', 'raw']))
    .min(1)
    .default(['clean', 'raw']),
  target_role: z.enum(['replication', 'candidate']).default('replication'),
  /** Bootstrap resamples over images (F.1: 450); 0 turns intervals off. */
  bootstrap: z.number().int().min(0).max(100_000).default(450),
  /**
   * Bootstrap resamples for the parametric estimator: the first
   * `parametric_bootstrap` of the `bootstrap` resamples (so at most
   * `bootstrap`). Each resample's fit is warm-started from the full-data
   * fit (see parametric/fromLevels.ts), about 20 ms at 10,000 images
   * per role and 136 models, so all 450 fit in the stage's time budget.
   */
  parametric_bootstrap: z.number().int().min(0).max(100_000).default(450),
  jackknife: z
    .object({
      d: z.number().int().min(1).default(1),
      mode: z.enum(['exact', 'replicates']).default('exact'),
      replicates: z.number().int().min(2).max(100_000).default(100),
    })
    .default({ d: 1, mode: 'exact', replicates: 100 }),
  estimators: z
    .array(z.enum(ESTIMATORS))
    .default(['naive', 'jackknife', 'parametric']),
  /**
   * Worker threads for the bootstrap (default: the machine's
   * parallelism, at most 4; 1 = this thread). Results do not depend on it.
   */
  threads: z.number().int().min(1).max(64).optional(),
  /** Mixture components of the parametric model (appendix F). */
  components: z.number().int().min(1).max(10).default(3),
  toy: z
    .object({
      cases: z.array(toyCaseSchema).default([
        { alpha: 3, beta: 1.5, n: 5 },
        { alpha: 3, beta: 1.5, n: 10 },
        { alpha: 3, beta: 1.5, n: 40 },
      ]),
      /** Candidates drawn per case in the simulation check. */
      draws: z.number().int().min(100).max(10_000_000).default(50_000),
      /** Histogram bins on [0, 1] for the density comparison. */
      bins: z.number().int().min(2).max(200).default(20),
    })
    .default({
      cases: [
        { alpha: 3, beta: 1.5, n: 5 },
        { alpha: 3, beta: 1.5, n: 10 },
        { alpha: 3, beta: 1.5, n: 40 },
      ],
      draws: 50_000,
      bins: 20,
    }),
});
export type EstimateParams = z.infer<typeof estimateParams>;
