import type { z } from 'zod';

/**
 * Renders a zod error as one sentence per issue, each naming the field
 * by its dotted path, e.g. `stages.clean.minSelected: expected number`.
 */
export function formatZodError(error: z.ZodError): string {
  return error.issues
    .map((issue) => {
      const path = issue.path.map(String).join('.') || '(top level)';
      return `${path}: ${issue.message}`;
    })
    .join('; ');
}
