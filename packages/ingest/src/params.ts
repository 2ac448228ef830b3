import { z } from 'zod';

/** The canonical tables a source can feed. */
export const TARGETS = ['annotations', 'counts', 'predictions'] as const;
export type Target = (typeof TARGETS)[number];

/** Formats of tabular files that DuckDB (or Arrow JS) parses for us. */
export const FILE_FORMATS = ['csv', 'parquet', 'arrow', 'jsonl'] as const;
export type FileFormat = (typeof FILE_FORMATS)[number];

const defaultValue = z.union([z.string(), z.number(), z.boolean()]);

/**
 * Fields every tabular source shares. `columns` maps a canonical column
 * name to the name it has in the file (`{ image_id: 'question' }`);
 * `defaults` gives a constant for a canonical column the file lacks
 * (`{ class_id: 'bluebird' }`). Defaults never fill empty cells of a
 * column the file has: an empty required cell is an error.
 */
const tabular = {
  path: z.string().min(1),
  columns: z.record(z.string(), z.string()).default({}),
  defaults: z.record(z.string(), defaultValue).default({}),
  /** Field separator of CSV files (one character). */
  delimiter: z.string().length(1).default(','),
};

const canonicalSource = z.strictObject({
  format: z.enum(FILE_FORMATS),
  table: z.enum(TARGETS),
  ...tabular,
});

/**
 * Where each field of a Mechanical Turk batch-results CSV lives; the
 * defaults match `packages/simulate/MTURK_FORMAT.md`. List fields (the
 * grid's images, their roles and control kinds, the order a worker saw
 * them, the selections) are JSON arrays, or text split on `separator`.
 * An optional column (null, or absent from the file) falls back to
 * `defaults` (class_id, role) or to null (control_kind, submitted_at);
 * without `shownOrder` rows follow `images`.
 */
export const mturkLayoutSchema = z.strictObject({
  assignmentId: z.string().default('AssignmentId'),
  workerId: z.string().default('WorkerId'),
  status: z.string().default('AssignmentStatus'),
  submitTime: z.string().nullable().default('SubmitTime'),
  gridId: z.string().default('Input.grid_id'),
  classId: z.string().nullable().default('Input.class_id'),
  images: z.string().default('Input.image_ids'),
  roles: z.string().nullable().default('Input.roles'),
  controlKinds: z.string().nullable().default('Input.control_kinds'),
  shownOrder: z.string().nullable().default('Answer.shown_order'),
  selected: z.string().default('Answer.selected'),
  /** Whether `selected` names image ids or 0-based shown positions. */
  selectedBy: z.enum(['id', 'index']).default('id'),
  /** 'json' for JSON arrays, else the separator of a text list. */
  separator: z.string().min(1).default('json'),
  /** Assignment statuses excluded, each with a ledger entry. */
  excludeStatuses: z.array(z.string()).default(['Rejected']),
});
export type MTurkLayout = z.infer<typeof mturkLayoutSchema>;

const mturkSource = z.strictObject({
  format: z.literal('mturk'),
  table: z.literal('annotations').default('annotations'),
  path: z.string().min(1),
  layout: mturkLayoutSchema.default(mturkLayoutSchema.parse({})),
  defaults: z.record(z.string(), defaultValue).default({}),
});

/**
 * NumPy sources. For `counts`, `path` is an (images x classes) integer
 * matrix of votes and `labels` the true class per image: one row per
 * image for its true class, n = the row sum. For `predictions`, `path`
 * holds predicted class indices and `labels` the true ones.
 * Image ids are `imageIdPrefix` + the 0-based row index.
 */
const npySource = z.strictObject({
  format: z.literal('npy'),
  table: z.enum(['counts', 'predictions']),
  path: z.string().min(1),
  labels: z.string().min(1),
  /** Class names by index; class ids are the indices when absent. */
  classes: z.array(z.string()).optional(),
  imageIdPrefix: z.string().default(''),
  role: z
    .enum(['reference', 'replication', 'candidate', 'control'])
    .default('reference'),
  model: z.string().default('model'),
});

/** A table with one `<prefix><model>` column of correctness per model. */
const wideSource = z.strictObject({
  format: z.literal('wide-predictions'),
  table: z.literal('predictions').default('predictions'),
  fileFormat: z.enum(FILE_FORMATS).optional(),
  prefix: z.string().min(1).default('correct_'),
  /** An empty cell is an error, or a dropped row in the ledger. */
  missing: z.enum(['error', 'drop']).default('error'),
  ...tabular,
});

/** A table of predicted and true labels; correct = predicted == label. */
const labelSource = z.strictObject({
  format: z.literal('label-predictions'),
  table: z.literal('predictions').default('predictions'),
  fileFormat: z.enum(FILE_FORMATS).optional(),
  ...tabular,
});

export const sourceSchema = z.discriminatedUnion('format', [
  canonicalSource,
  mturkSource,
  npySource,
  wideSource,
  labelSource,
]);
export type Source = z.infer<typeof sourceSchema>;
export type CanonicalSource = z.infer<typeof canonicalSource>;
export type MTurkSource = z.infer<typeof mturkSource>;
export type NpySource = z.infer<typeof npySource>;
export type WideSource = z.infer<typeof wideSource>;
export type LabelSource = z.infer<typeof labelSource>;

/**
 * Parameters of the ingest stage: the files to read, with paths
 * relative to `dataDir` (or absolute), and what to do with predictions
 * for images that no annotation or count mentions.
 */
export const ingestParamsSchema = z.object({
  dataDir: z.string().default('.'),
  sources: z.array(sourceSchema).default([]),
  unknownImages: z.enum(['error', 'drop']).default('error'),
});
export type IngestParams = z.infer<typeof ingestParamsSchema>;
