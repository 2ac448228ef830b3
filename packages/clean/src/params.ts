import { roleSchema } from '@dsrep/core';
import { z } from 'zod';

/**
 * Parameters of the clean stage (SPEC section 4). Every rule of the
 * paper is a parameter; the defaults are the paper's values.
 */
export const cleanParamsSchema = z
  .object({
    /**
     * An assignment (one worker's submission of one grid, the paper's
     * "batch") is flagged when it selects fewer than this many images.
     * Counted over the rows the assignment holds, whatever the grid size.
     */
    minSelected: z.number().int().min(0).default(6),
    /** Flagged when more than this many negative controls are selected. */
    maxControls: z.number().int().min(0).default(1),
    /** A worker is rejected when flagged / assignments >= this share. */
    rejectShare: z.number().gt(0).max(1).default(0.3),
    /**
     * Keep one copy of each repeated (worker, image, class) judgment:
     * the earliest by submitted_at (nulls last), then assignment_id,
     * then input order. With false, copies are kept and counted.
     */
    dedupe: z.boolean().default(true),
    /**
     * Annotations per image after evening out: 'min' = the minimum
     * remaining count over images of `evenRoles`, a number = that count,
     * false = no evening out.
     */
    evenOut: z
      .union([z.literal('min'), z.number().int().positive(), z.literal(false)])
      .default('min'),
    /**
     * Roles whose images are evened out. Controls are left out by
     * default: they check workers and carry no selection frequency of
     * interest, so they keep every annotation the other rules leave.
     */
    evenRoles: z
      .array(roleSchema)
      .min(1)
      .default(['reference', 'replication', 'candidate']),
    /**
     * What happens to an image with fewer remaining annotations than the
     * target: 'drop' removes it entirely (ledger reason below_target),
     * 'keep' keeps it with fewer annotations (and warns).
     */
    belowTarget: z.enum(['drop', 'keep']).default('drop'),
  })
  .strict();

/** Validated parameters of the clean stage. */
export type CleanParams = z.infer<typeof cleanParamsSchema>;
