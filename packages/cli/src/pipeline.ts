import { readFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { z } from 'zod';
import { DsrepError, formatZodError } from '@dsrep/core';

/** One step of a pipeline: a stage and its parameters. */
export const stepSchema = z
  .object({
    /** Stage name: simulate, ingest, clean, split, match, estimate, report. */
    stage: z.string().min(1),
    /** Output folder name under outDir; defaults to the stage name. */
    id: z.string().regex(/^[A-Za-z0-9_-]+$/).optional(),
    params: z.record(z.string(), z.unknown()).default({}),
  })
  .strict();

/**
 * A pipeline config file (JSON). Paths are relative to the file itself,
 * so a config runs the same from any working directory.
 */
export const pipelineSchema = z
  .object({
    name: z.string().regex(/^[A-Za-z0-9_-]+$/, 'letters, digits, - and _'),
    description: z.string().optional(),
    seed: z.number().int().nonnegative().default(2020),
    /** Where stage outputs go: <outDir>/<step id>/. */
    outDir: z.string().min(1),
    /** Folder of input data, for ingest sources with relative paths. */
    dataDir: z.string().optional(),
    /** What to say when dataDir is missing (how to get the data). */
    dataHelp: z.string().optional(),
    steps: z.array(stepSchema).min(1),
  })
  .strict();

export type Step = z.infer<typeof stepSchema>;
export type PipelineConfig = z.infer<typeof pipelineSchema> & {
  /** Absolute path of the config file. */
  path: string;
};

/** Reads, parses and validates a pipeline config, resolving its paths. */
export async function loadPipeline(
  path: string,
  overrides: readonly string[] = [],
): Promise<PipelineConfig> {
  const file = resolve(path);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch {
    throw new DsrepError(
      'MISSING_INPUT',
      'the pipeline config file does not exist or cannot be read; pass ' +
        'the path of a JSON config such as pipelines/remeasure/config.json',
      { file: path },
    );
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (cause) {
    throw new DsrepError(
      'BAD_CONFIG',
      `the config is not valid JSON (${(cause as Error).message})`,
      { file: path, cause },
    );
  }
  for (const o of overrides) applyOverride(json, o, path);
  const parsed = pipelineSchema.safeParse(json);
  if (!parsed.success) {
    throw new DsrepError(
      'BAD_CONFIG',
      `the config is invalid: ${formatZodError(parsed.error)}. See ` +
        '`dsrep --help` for the config format.',
      { file: path },
    );
  }
  const base = dirname(file);
  return {
    ...parsed.data,
    outDir: resolve(base, parsed.data.outDir),
    dataDir:
      parsed.data.dataDir === undefined
        ? undefined
        : resolve(base, parsed.data.dataDir),
    path: file,
  };
}

/**
 * Applies `--set step.key=value` to the raw config: `step` is a step id
 * or stage name, `key` a dotted path inside its params, `value` JSON (or
 * a bare string). `seed=7` and `outDir=...` set top-level fields.
 */
export function applyOverride(json: unknown, spec: string, file: string) {
  const eq = spec.indexOf('=');
  if (eq <= 0) {
    throw new DsrepError(
      'BAD_CONFIG',
      `--set expects step.key=value (e.g. simulate.classes=50), got "${spec}"`,
    );
  }
  const path = spec.slice(0, eq).split('.');
  const raw = spec.slice(eq + 1);
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    value = raw;
  }
  const root = json as Record<string, unknown>;
  if (path.length === 1) {
    root[path[0] as string] = value;
    return;
  }
  const steps = (root.steps ?? []) as Record<string, unknown>[];
  const step = steps.find((s) => (s.id ?? s.stage) === path[0]);
  if (!step) {
    throw new DsrepError(
      'BAD_CONFIG',
      `--set ${spec}: no step "${path[0]}" in the config`,
      { file },
    );
  }
  let target = (step.params ??= {}) as Record<string, unknown>;
  for (const key of path.slice(1, -1)) {
    target = (target[key] ??= {}) as Record<string, unknown>;
  }
  target[path[path.length - 1] as string] = value;
}

export const stepId = (step: Step): string => step.id ?? step.stage;
