import { z } from 'zod';

/**
 * Logical column types of the data contracts. `dict` is a string column
 * stored dictionary-encoded in Arrow (ids, classes, models, roles).
 */
export type ColumnType =
  'dict' | 'string' | 'bool' | 'int32' | 'int64' | 'float64' | 'timestamp';

export interface ColumnSpec {
  name: string;
  type: ColumnType;
  nullable: boolean;
  /** Allowed values of a string column, when it is an enumeration. */
  values?: readonly string[];
  /** What the column means, for docs and error messages. */
  doc: string;
}

export interface TableContract {
  name: string;
  doc: string;
  columns: readonly ColumnSpec[];
}

/** Roles of images: reference = v1, replication = v2, candidate = Flickr. */
export const ROLES = [
  'reference',
  'replication',
  'candidate',
  'control',
] as const;
export const roleSchema = z.enum(ROLES);
export type Role = z.infer<typeof roleSchema>;

export const CONTROL_KINDS = ['random', 'nearest'] as const;
export const SPLITS = ['all', 'train', 'heldout'] as const;
export const VARIANTS = ['raw', 'clean'] as const;

const col = (
  name: string,
  type: ColumnType,
  doc: string,
  extra: Partial<ColumnSpec> = {},
): ColumnSpec => ({ name, type, nullable: false, doc, ...extra });

/** One row per (worker, image) judgment in a grid (DESIGN.md). */
export const annotationsContract: TableContract = {
  name: 'annotations',
  doc: 'one row per (worker, image) judgment in a grid',
  columns: [
    col('worker_id', 'dict', 'annotator id'),
    col('assignment_id', 'dict', "one worker's submission of one grid"),
    col('grid_id', 'dict', 'the grid of images shown'),
    col('image_id', 'dict', 'image id'),
    col('class_id', 'dict', 'class queried by the grid'),
    col('role', 'dict', 'role of the image', { values: ROLES }),
    col('control_kind', 'dict', 'kind of negative control', {
      nullable: true,
      values: CONTROL_KINDS,
    }),
    col('selected', 'bool', 'whether the worker selected the image'),
    col('submitted_at', 'timestamp', 'submission time (UTC)', {
      nullable: true,
    }),
  ],
};

/** Aggregated input where raw rows are not public. */
export const countsContract: TableContract = {
  name: 'counts',
  doc: 'aggregated selections per image',
  columns: [
    col('image_id', 'dict', 'image id'),
    col('class_id', 'dict', 'class queried'),
    col('role', 'dict', 'role of the image', { values: ROLES }),
    col('selected_count', 'int32', 'k: annotators who selected it'),
    col('annotator_count', 'int32', 'n: annotators who saw it'),
  ],
};

/** Whether each model classifies each image correctly. */
export const predictionsContract: TableContract = {
  name: 'predictions',
  doc: 'per image and model, whether the top-1 prediction is correct',
  columns: [
    col('image_id', 'dict', 'image id'),
    col('model', 'dict', 'model name'),
    col('correct', 'bool', 'top-1 prediction is correct'),
  ],
};

/** Selection counts per image, per cleaning variant, split and repeat. */
export const selectionContract: TableContract = {
  name: 'selection',
  doc: 'k of n annotators selected the image, per split',
  columns: [
    col('image_id', 'dict', 'image id'),
    col('class_id', 'dict', 'class queried'),
    col('role', 'dict', 'role of the image', { values: ROLES }),
    col('variant', 'dict', 'raw or cleaned annotations', {
      values: VARIANTS,
    }),
    col('rep', 'int32', 'index of the random split (0 for split = all)'),
    col('split', 'dict', 'all, train or held-out', { values: SPLITS }),
    col('k', 'int32', 'annotators who selected the image'),
    col('n', 'int32', 'annotators who saw the image'),
  ],
};

/** What a stage dropped or changed, and why; one row per reason. */
export const ledgerContract: TableContract = {
  name: 'ledger',
  doc: 'rows dropped or changed by a stage, by reason',
  columns: [
    col('stage', 'dict', 'stage that acted'),
    col('table', 'dict', 'table the rows belonged to'),
    col('variant', 'dict', 'variant of the data', { nullable: true }),
    col('reason', 'dict', 'rule that dropped or changed the rows'),
    col('action', 'dict', 'dropped, kept or changed'),
    col('rows', 'int64', 'number of rows'),
  ],
};

export const CONTRACTS: Record<string, TableContract> = {
  annotations: annotationsContract,
  counts: countsContract,
  predictions: predictionsContract,
  selection: selectionContract,
  ledger: ledgerContract,
};

/** A zod schema of one row of a contract, for docs and spot checks. */
export function rowSchema(contract: TableContract): z.ZodType {
  const shape: Record<string, z.ZodType> = {};
  for (const c of contract.columns) {
    let t: z.ZodType;
    if (c.values) t = z.enum(c.values as [string, ...string[]]);
    else if (c.type === 'dict' || c.type === 'string') t = z.string();
    else if (c.type === 'bool') t = z.boolean();
    else if (c.type === 'int64') t = z.union([z.bigint(), z.number().int()]);
    else if (c.type === 'timestamp') t = z.number();
    else if (c.type === 'int32') t = z.number().int();
    else t = z.number();
    shape[c.name] = c.nullable ? t.nullable() : t;
  }
  return z.object(shape);
}
