import {
  dictColumn,
  float64Column,
  int32Column,
  int64Column,
  boolColumn,
  makeTable,
  type ColumnInput,
} from '@dsrep/core';
import type { Table } from 'apache-arrow';

/**
 * Small hand-made stage outputs for the report tests, with hostile
 * names: a model called `<script>…`, one that is a spreadsheet formula,
 * one with a pipe and quotes, and a class id that is a formula too.
 */
export const HOSTILE_MODEL = '<script>alert("x")</script>';
export const FORMULA_MODEL = '=HYPERLINK("http://x","y")';
export const PIPE_MODEL = 'res|net "50"';
export const MODELS = ['alexnet', HOSTILE_MODEL, FORMULA_MODEL, PIPE_MODEL];
export const FORMULA_CLASS = '@SUM(A1:A9)';

/** Accuracy of model i under an estimator, chosen by hand. */
export const ACC: Record<string, number[]> = {
  v1: [0.6, 0.7, 0.75, 0.8],
  v2: [0.48, 0.59, 0.64, 0.7],
  naive: [0.52, 0.62, 0.67, 0.73],
  jackknife: [0.53, 0.63, 0.68, 0.74],
  parametric: [0.55, 0.65, 0.7, 0.75],
};

function estimates(): Table {
  const rows: [string, string, string, number][] = [];
  for (const variant of ['raw', 'clean']) {
    for (const [estimator, accs] of Object.entries(ACC)) {
      MODELS.forEach((m, i) => {
        const shift = variant === 'raw' ? -0.01 : 0;
        rows.push([m, variant, estimator, (accs[i] as number) + shift]);
      });
    }
  }
  return makeTable({
    model: dictColumn(rows.map((r) => r[0])),
    variant: dictColumn(rows.map((r) => r[1])),
    estimator: dictColumn(rows.map((r) => r[2])),
    value: float64Column(rows.map((r) => r[3])),
    lo: float64Column(rows.map((r) => r[3] - 0.02)),
    hi: float64Column(rows.map((r) => r[3] + 0.02)),
    truth: float64Column(rows.map((r) => r[3] + 0.01)),
  });
}

/** 40 images per role and variant with k spread over 0..10 of n = 10. */
function selection(): Table {
  const image: string[] = [];
  const role: string[] = [];
  const variant: string[] = [];
  const split: string[] = [];
  const k: number[] = [];
  const n: number[] = [];
  for (const v of ['raw', 'clean']) {
    for (const [r, shift] of [
      ['reference', 3],
      ['replication', 2],
      ['candidate', 0],
    ] as const) {
      for (let i = 0; i < 40; i++) {
        image.push(`${r}-${i}`);
        role.push(r);
        variant.push(v);
        split.push('all');
        k.push(Math.min(10, (i % 9) + shift - (v === 'clean' ? 0 : 1) + 1));
        n.push(10);
      }
    }
  }
  return makeTable({
    image_id: dictColumn(image),
    class_id: dictColumn(
      image.map((_, i) => (i % 2 ? FORMULA_CLASS : 'n01440764')),
    ),
    role: dictColumn(role),
    variant: dictColumn(variant),
    rep: int32Column(image.map(() => 0)),
    split: dictColumn(split),
    k: int32Column(k),
    n: int32Column(n),
  });
}

/** Column shapes follow what the producing stages write. */
export function fullInputs(): Record<string, Table> {
  const jackModels = [
    ...MODELS,
    ...Array.from({ length: 8 }, (_, i) => `model_${i}`),
  ];
  const jm: string[] = [];
  const jv: number[] = [];
  const jmm: number[] = [];
  jackModels.forEach((m, i) => {
    for (let mm = 1; mm <= 10; mm++) {
      jm.push(m);
      jmm.push(mm);
      jv.push(0.5 + i * 0.02 - 0.1 / mm + 0.05 / (mm * mm));
    }
  });
  // naive_curve: per model of the estimates, Â_m rising towards v2 + 3%.
  const nm: string[] = [];
  const nmm: number[] = [];
  const nv: number[] = [];
  MODELS.forEach((model, i) => {
    for (let mm = 1; mm <= 10; mm++) {
      nm.push(model);
      nmm.push(mm);
      nv.push((ACC.v2?.[i] ?? 0) + 0.03 - 0.05 / mm);
    }
  });
  const toyS = [0, 1, 2, 3, 4];
  const sums = {
    set: ['reference', 'replication', 'reference', 'replication'],
    rep: [0, 0, 1, 1],
    ins: [0.71, 0.71, 0.71, 0.73],
    out: [0.71, 0.69, 0.71, 0.7],
  };
  return {
    estimates: estimates(),
    selection: selection(),
    paper_table2: makeTable({
      model: dictColumn(MODELS),
      top1_v1: float64Column([0.61, 0.71, 0.76, 0.81]),
      top1_v2: float64Column([0.49, 0.6, 0.65, 0.71]),
    }),
    naive_curve: makeTable({
      model: dictColumn(nm),
      variant: dictColumn(nm.map(() => 'clean')),
      m: int32Column(nmm),
      value: float64Column(nv),
      lo: float64Column(nv.map((v) => v - 0.02)),
      hi: float64Column(nv.map((v) => v + 0.02)),
    }),
    jackknife_curve: makeTable({
      model: dictColumn(jm),
      variant: dictColumn(jm.map(() => 'clean')),
      m: int32Column(jmm),
      inv_m: float64Column(jmm.map((m) => 1 / m)),
      value: float64Column(jv),
    }),
    linear_fits: makeTable({
      variant: dictColumn(['clean']),
      estimator: dictColumn(['v2']),
      slope: float64Column([1.0]),
      intercept: float64Column([-0.1]),
      r2: float64Column([0.99]),
      models: int32Column([4]),
    }),
    mixtures: makeTable({
      variant: dictColumn(['clean', 'clean', 'clean', 'clean']),
      role: dictColumn([
        'reference',
        'reference',
        'replication',
        'replication',
      ]),
      component: int32Column([0, 1, 0, 1]),
      weight: float64Column([0.7, 0.3, 0.6, 0.4]),
      alpha: float64Column([6, 1.5, 5, 1.2]),
      beta: float64Column([1.5, 2, 1.8, 2]),
      mean: float64Column([0.8, 0.43, 0.74, 0.375]),
      log_lik: float64Column([-100, -100, -90, -90]),
    }),
    toy_model: makeTable({
      alpha: float64Column([...toyS.map(() => 2), ...toyS.map(() => 2)]),
      beta: float64Column([...toyS.map(() => 2), ...toyS.map(() => 2)]),
      n: int32Column([...toyS.map(() => 5), ...toyS.map(() => 40)]),
      s_lo: float64Column([...toyS, ...toyS].map((b) => b / 5)),
      s_hi: float64Column([...toyS, ...toyS].map((b) => (b + 1) / 5)),
      density_closed: float64Column([
        0.3, 0.8, 1.1, 1.3, 1.5, 0.2, 0.7, 1.1, 1.4, 1.6,
      ]),
      density_sim: float64Column([
        0.32, 0.77, 1.12, 1.28, 1.51, 0.21, 0.72, 1.08, 1.41, 1.58,
      ]),
      mean_pool: float64Column([...toyS, ...toyS].map(() => 0.5)),
      mean_p1: float64Column([...toyS, ...toyS].map(() => 0.6)),
      mean_closed: float64Column([
        ...toyS.map(() => 0.5556),
        ...toyS.map(() => 0.5909),
      ]),
      mean_sim: float64Column([
        ...toyS.map(() => 0.556),
        ...toyS.map(() => 0.591),
      ]),
      mean_se: float64Column([...toyS, ...toyS].map(() => 0.002)),
      accepted: int32Column([...toyS, ...toyS].map(() => 5000)),
    }),
    duplicate_hist: makeTable({
      copies: int32Column([1, 2, 3, 4]),
      pairs: int32Column([9000, 240, 12, 1]),
    }),
    match_summary: makeTable({
      variant: dictColumn(sums.set.map(() => 'clean')),
      rep: int32Column(sums.rep),
      sampler: dictColumn(sums.set.map(() => 'matched_frequency')),
      pool: dictColumn(sums.set.map(() => 'candidate')),
      set: dictColumn(sums.set),
      classes: int32Column(sums.set.map(() => 2)),
      images: int32Column(sums.set.map(() => 8)),
      mean_s_in_sample: float64Column(sums.ins),
      heldout_images: int32Column(sums.set.map(() => 8)),
      mean_s_heldout: float64Column(sums.out),
      missing: int32Column([0, 1, 0, 0]),
    }),
    match_accuracy: makeTable({
      variant: dictColumn(['clean', 'clean', 'clean', 'clean']),
      rep: int32Column([0, 0, 1, 1]),
      sampler: dictColumn([
        'matched_frequency',
        'matched_frequency',
        'matched_frequency',
        'matched_frequency',
      ]),
      pool: dictColumn(['candidate', 'candidate', 'candidate', 'candidate']),
      set: dictColumn([
        'replication',
        'replication',
        'replication',
        'replication',
      ]),
      model: dictColumn([HOSTILE_MODEL, 'alexnet', HOSTILE_MODEL, 'alexnet']),
      images: int32Column([8, 8, 8, 8]),
      accuracy: float64Column([0.5, 0.6, 0.7, 0.8]),
    }),
    matched: makeTable({
      variant: dictColumn(['clean', 'clean', 'raw']),
      rep: int32Column([0, 0, 0]),
      sampler: dictColumn([
        'matched_frequency',
        'matched_frequency',
        'matched_frequency',
      ]),
      pool: dictColumn(['candidate', 'candidate', 'candidate']),
      class_id: dictColumn([FORMULA_CLASS, 'a', 'a']),
      image_id: dictColumn(['i1', 'i2', 'i3']),
      k: int32Column([3, 4, 5]),
      n: int32Column([5, 5, 5]),
    }),
    shortfalls: makeTable({
      variant: dictColumn(['clean', 'raw']),
      rep: int32Column([0, 0]),
      sampler: dictColumn(['matched_frequency', 'matched_frequency']),
      pool: dictColumn(['candidate', 'candidate']),
      class_id: dictColumn([FORMULA_CLASS, '-1+2']),
      bin: int32Column([4, 3]),
      missing: int32Column([2, 1]),
    }),
    clean_summary: makeTable({
      source: dictColumn(['annotations', 'annotations']),
      metric: dictColumn(['annotations_in', 'dropped_share']),
      variant: dictColumn(['clean', 'clean']),
      value: float64Column([1000, 0.1]),
      note: dictColumn(['rows read', 'share of rows dropped']),
    }),
    ledger_clean: makeTable({
      stage: dictColumn(['clean', 'clean', 'clean', 'clean']),
      table: dictColumn([
        'annotations',
        'annotations',
        'annotations',
        'annotations',
      ]),
      variant: dictColumn(['clean', 'clean', 'clean', 'clean']),
      reason: dictColumn([
        'passed',
        'rejected worker',
        'duplicate pair',
        'evened out',
      ]),
      action: dictColumn(['kept', 'dropped', 'dropped', 'dropped']),
      rows: int64Column([900, 60, 30, 10]),
    }),
    worker_stats: makeTable({
      worker_id: dictColumn(['w1', 'w2', 'w3']),
      assignments: int32Column([10, 4, 7]),
      flagged: int32Column([0, 3, 1]),
      flagged_share: float64Column([0, 0.75, 1 / 7]),
      rejected: boolColumn([false, true, false]),
      annotations: int32Column([480, 192, 336]),
    }),
    estimator_quality: makeTable({
      estimator: dictColumn(['naive', 'jackknife', 'parametric']),
      variant: dictColumn(['clean', 'clean', 'clean']),
      models: int32Column([4, 4, 4]),
      bias: float64Column([-0.03, -0.02, -0.005]),
      mae: float64Column([0.031, 0.022, 0.01]),
      mean_width: float64Column([0.04, 0.05, 0.06]),
      coverage: float64Column([0.2, 0.5, 0.93]),
    }),
  };
}

/**
 * The same table with its rows in reverse order, rebuilt from plain
 * values (not Arrow slices: the core bridge misreads sliced batches,
 * reported to the lead).
 */
export function reverseRows(table: Table): Table {
  const columns: Record<string, ColumnInput> = {};
  for (const field of table.schema.fields) {
    const vector = table.getChild(field.name);
    if (!vector) continue;
    const values = [...vector.toArray()].reverse();
    const type = String(field.type);
    if (type.startsWith('Dictionary'))
      columns[field.name] = dictColumn(values as string[]);
    else if (type === 'Bool')
      columns[field.name] = boolColumn(values as boolean[]);
    else if (type === 'Int32')
      columns[field.name] = int32Column(values as number[]);
    else if (type === 'Int64')
      columns[field.name] = int64Column(values as bigint[]);
    else columns[field.name] = float64Column(values as number[]);
  }
  return makeTable(columns);
}
