import { z } from 'zod';

/** Estimators the replicate stage can run on the candidate pool. */
export const REPLICATE_ESTIMATORS = [
  'naive',
  'jackknife',
  'parametric',
] as const;

/**
 * Parameters of the replicate stage (the CIFAR-10H experiment of issue
 * 9). Annotation counts: every image is thinned to `n` annotators, of
 * which `c` build the candidate pool, `t` (one run per value) drive
 * matching and the remaining n − c − t are held out.
 */
export const replicateParams = z
  .object({
    /** Repetitions of the whole experiment, each with its own stream. */
    reps: z.number().int().min(1).max(10_000).default(100),
    /** Common annotator count every image is thinned to. */
    n: z.number().int().min(3).default(47),
    /** Annotations per image used only to choose the candidate pool. */
    c: z.number().int().min(1).default(10),
    /** Annotations per image used for matching; one run per value. */
    t: z.array(z.number().int().min(1)).min(1).default([5, 3, 10]),
    /** Share of each class's images that form the reference set v1. */
    v1Share: z.number().gt(0).lt(1).default(0.5),
    /**
     * Pool acceptance: an image with c-part frequency ŝ_c enters the
     * pool with probability floor + (1 − floor)·(1 − ŝ_c).
     */
    poolFloor: z.number().min(0).max(1).default(0.2),
    /** Largest replication per class (null: as large as no shortfall allows). */
    maxPerClass: z.number().int().min(1).nullable().default(null),
    /** Inner bin edges of MatchedFrequency (SPEC section 6). */
    edges: z.array(z.number().gt(0).lt(1)).default([0.2, 0.4, 0.6, 0.8]),
    estimators: z
      .array(z.enum(REPLICATE_ESTIMATORS))
      .default(['naive', 'jackknife', 'parametric']),
    /**
     * Bootstrap resamples over images (appendix F.1) in each of the
     * first `intervalReps` repetitions; 0 turns intervals off. Later
     * repetitions give point estimates only: the spread over
     * repetitions already measures their precision, and a parametric
     * refit costs about 0.2 s on this data.
     */
    bootstrap: z.number().int().min(0).max(10_000).default(100),
    /** Repetitions (the first ones) that get bootstrap intervals. */
    intervalReps: z.number().int().min(0).default(10),
    /** Resamples of those that refit the parametric model (slower). */
    parametricBootstrap: z.number().int().min(0).max(10_000).default(20),
    /** Beta components of the parametric model (appendix F). */
    components: z.number().int().min(1).max(10).default(3),
    /** Delete-d of the jackknife (exact hypergeometric expectation). */
    jackknifeD: z.number().int().min(1).default(1),
  })
  .refine((p) => p.t.every((t) => p.c + t < p.n), {
    message: 'every t must leave held-out annotations: c + t < n',
  })
  .refine((p) => new Set(p.t).size === p.t.length, {
    message: 't values must be distinct',
  });
export type ReplicateParams = z.infer<typeof replicateParams>;
