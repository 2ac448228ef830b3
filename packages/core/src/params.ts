import { z } from 'zod';
import { formatZodError } from './config.js';
import { DsrepError } from './errors.js';

/**
 * Validates a stage's parameters: refuses names the stage does not know
 * (a typo would otherwise silently run the default) with the closest
 * known name, then parses with the stage's zod schema.
 */
export function parseStageParams<P>(
  stageName: string,
  schema: z.ZodType<P>,
  raw: unknown,
): P {
  const value = raw ?? {};
  if (schema instanceof z.ZodObject && isPlainObject(value)) {
    const known = Object.keys(schema.shape);
    for (const key of Object.keys(value)) {
      if (known.includes(key)) continue;
      const near = closest(key, known);
      throw new DsrepError(
        'BAD_CONFIG',
        `stage "${stageName}" has no parameter "${key}"` +
          (near ? `; did you mean "${near}"?` : '') +
          ` Its parameters are: ${known.join(', ')}`,
      );
    }
  }
  const parsed = schema.safeParse(value);
  if (!parsed.success) {
    throw new DsrepError(
      'BAD_CONFIG',
      `parameters of stage "${stageName}" are invalid: ` +
        formatZodError(parsed.error),
    );
  }
  return parsed.data;
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** The known name within edit distance 2 of `word` (or a third of it). */
function closest(word: string, known: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Math.max(2, Math.floor(word.length / 3)) + 1;
  for (const k of known) {
    const d = editDistance(word.toLowerCase(), k.toLowerCase());
    if (d < bestDistance) {
      best = k;
      bestDistance = d;
    }
  }
  return best;
}

/** Levenshtein distance by the two-row dynamic programme. */
function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      row[j] = Math.min(
        (prev[j] as number) + 1,
        (row[j - 1] as number) + 1,
        (prev[j - 1] as number) + cost,
      );
    }
    prev = row;
  }
  return prev[b.length] as number;
}
