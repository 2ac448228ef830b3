import { z } from 'zod';
import type { BetaMixture } from './mixtures.js';
import { PAPER_MODELS } from './paperModels.js';

/** Shares of the worker types; normalised, need not sum to 1. */
const sharesSchema = z
  .object({
    good: z.number().min(0),
    everything: z.number().min(0),
    nothing: z.number().min(0),
    random: z.number().min(0),
  })
  .refine((s) => s.good + s.everything + s.nothing + s.random > 0, {
    message: 'worker shares must not all be 0',
  });
export type WorkerShares = z.infer<typeof sharesSchema>;

/**
 * Parameters of the simulated annotation experiment. Every field has a
 * default, so `{}` is the `remeasure` experiment at 1,000 classes.
 * Fields left out take the preset's value.
 */
export const simulateParams = z.object({
  /** `remeasure`: the paper's new experiment; `original`: Recht et al. */
  preset: z.enum(['remeasure', 'original']).default('remeasure'),
  /** Classes before scaling. */
  classes: z.number().int().positive().default(1000),
  /** Multiplies `classes` (scale 10 ≈ 20M annotations for remeasure). */
  scale: z.number().positive().default(1),
  /** Use only the first M models of table 2 (136 when left out). */
  models: z.number().int().min(0).max(PAPER_MODELS.length).optional(),
  /** Worker population size; else total assignments / assignmentsPerWorker. */
  workers: z.number().int().positive().optional(),
  assignmentsPerWorker: z.number().positive().default(40),
  /** Shares of good / select-everything / select-nothing / random workers. */
  workerShares: sharesSchema.optional(),
  /**
   * Probability that an assignment slot of rounds 2–4 goes to a worker who
   * already did the grid in an earlier round (Recht-style duplicates).
   */
  duplicateShare: z.number().min(0).max(0.5).optional(),
  /** Slope b of the logit of P(correct | s) in s (see models.ts). */
  slope: z.number().min(0).max(50).optional(),
  /** Logit shift of P(correct) on replication images beyond s. */
  shiftReplication: z.number().min(-5).max(5).optional(),
  /** Logit shift of P(correct) on candidate images beyond s. */
  shiftCandidate: z.number().min(-5).max(5).optional(),
  /** Classes per Arrow record batch written by simulateToFiles. */
  classesPerBatch: z.number().int().positive().default(50),
  /** simulateToFiles also writes MTurk CSVs (the stage ignores it). */
  mturk: z.boolean().default(false),
});
export type SimulateParams = z.infer<typeof simulateParams>;

/** The per-grid composition: how many images of each role. */
export interface GridLayout {
  reference: number;
  replication: number;
  candidate: number;
  controlRandom: number;
  controlNearest: number;
}

/** Selection-frequency distributions per role (and control kind). */
export interface RoleMixtures {
  reference: BetaMixture;
  replication: BetaMixture;
  candidate: BetaMixture;
  controlRandom: BetaMixture;
  controlNearest: BetaMixture;
}

/** Everything a run needs, with presets applied and sizes derived. */
export interface SimConfig {
  preset: 'remeasure' | 'original';
  classes: number;
  gridsPerClass: number;
  layout: GridLayout;
  /** Images per grid (48 in both presets). */
  gridSize: number;
  /** Assignments per grid in each of the 4 rounds. */
  perRound: readonly number[];
  /** Assignments per grid over all rounds (40 or 10). */
  annotatorsPerGrid: number;
  mixtures: RoleMixtures;
  workers: number;
  shares: WorkerShares;
  duplicateShare: number;
  models: number;
  slope: number;
  shiftReplication: number;
  shiftCandidate: number;
  classesPerBatch: number;
  mturk: boolean;
}

/**
 * Logit slope and shifts of the default model of correctness. Chosen with
 * test/calibration.test.ts (quadrature on the generating model, averaged
 * over the 136 models): for `remeasure`, v1 − A(D2|s1), the part of the
 * drop that s does not explain, is 3.6% as in the paper's headline (SPEC
 * section 1), and the raw v1 − v2 drop is 10.7% (paper: 11.7%). A steeper
 * slope would widen the raw drop only slowly (12: 11.0%) while making
 * P(correct | s) implausibly steep, so we stop at 10.
 */
export const DEFAULT_SLOPE = 10;
export const DEFAULT_SHIFT = 0.286;

const REMEASURE: RoleMixtures = {
  // Mean 0.845: most v1 images are clear, a fifth are ambiguous.
  reference: [
    { w: 0.8, a: 12, b: 1.5 },
    { w: 0.2, a: 4, b: 2 },
  ],
  // Mean 0.796 (4.8 points below v1, SPEC section 8: 4.5 to 4.6): the
  // replication has a heavier and lower ambiguous component.
  replication: [
    { w: 0.72, a: 12, b: 1.5 },
    { w: 0.28, a: 2.5, b: 2 },
  ],
  // Mean 0.65 and wider: raw Flickr candidates.
  candidate: [
    { w: 0.45, a: 10, b: 2 },
    { w: 0.35, a: 3, b: 2 },
    { w: 0.2, a: 1.2, b: 2.5 },
  ],
  controlRandom: [{ w: 1, a: 1, b: 40 }],
  // Nearest-class controls fool a careful worker now and then (mean
  // 0.05), so a good worker's batch is flagged for controls about 2% of
  // the time, as the paper's few flagged batches suggest.
  controlNearest: [{ w: 1, a: 1, b: 20 }],
};

const ORIGINAL: RoleMixtures = {
  // Mean 0.71 (SPEC section 8, Recht et al.'s v1 selection frequency).
  reference: [
    { w: 0.52, a: 8, b: 1.6 },
    { w: 0.48, a: 3, b: 2.2 },
  ],
  replication: REMEASURE.replication,
  // Mean 0.52: the unfiltered candidate pool of appendix D.
  candidate: [
    { w: 0.35, a: 6, b: 1.8 },
    { w: 0.35, a: 2.5, b: 2.5 },
    { w: 0.3, a: 1, b: 3 },
  ],
  controlRandom: REMEASURE.controlRandom,
  controlNearest: REMEASURE.controlNearest,
};

// About 2.5% careless workers: with the paper's rules this drops close
// to its ~10% of annotations and leaves ~35 of 40 annotators per image
// (the paper: 36).
const DEFAULT_SHARES: WorkerShares = {
  good: 0.975,
  everything: 0.008,
  nothing: 0.007,
  random: 0.01,
};

/** Applies the preset and derives sizes from validated parameters. */
export function resolveConfig(p: SimulateParams): SimConfig {
  const original = p.preset === 'original';
  const layout: GridLayout = original
    ? {
        reference: 10,
        replication: 0,
        candidate: 35,
        controlRandom: 2,
        controlNearest: 1,
      }
    : {
        reference: 10,
        replication: 10,
        candidate: 22,
        controlRandom: 3,
        controlNearest: 3,
      };
  const gridSize =
    layout.reference +
    layout.replication +
    layout.candidate +
    layout.controlRandom +
    layout.controlNearest;
  const perRound = original ? [3, 3, 2, 2] : [10, 10, 10, 10];
  const annotatorsPerGrid = perRound.reduce((s, x) => s + x, 0);
  const gridsPerClass = original ? 5 : 1;
  const classes = Math.max(1, Math.round(p.classes * p.scale));

  // Enough workers that a grid can always find fresh ones (twice the
  // annotators per grid), else the activity-weighted draw could stall.
  const assignments = classes * gridsPerClass * annotatorsPerGrid;
  const workers = Math.max(
    p.workers ?? Math.ceil(assignments / p.assignmentsPerWorker),
    2 * annotatorsPerGrid,
  );

  return {
    preset: p.preset,
    classes,
    gridsPerClass,
    layout,
    gridSize,
    perRound,
    annotatorsPerGrid,
    mixtures: original ? ORIGINAL : REMEASURE,
    workers,
    shares: p.workerShares ?? DEFAULT_SHARES,
    duplicateShare: p.duplicateShare ?? (original ? 0.03 : 0),
    models: p.models ?? PAPER_MODELS.length,
    slope: p.slope ?? DEFAULT_SLOPE,
    shiftReplication: p.shiftReplication ?? DEFAULT_SHIFT,
    shiftCandidate: p.shiftCandidate ?? DEFAULT_SHIFT,
    classesPerBatch: p.classesPerBatch,
    mturk: p.mturk,
  };
}
