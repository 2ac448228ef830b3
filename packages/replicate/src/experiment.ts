import type { RandomStream } from '@dsrep/core';
import {
  aggregateLevels,
  analyzeVariant,
  indexLevels,
  type ImageTable,
  type RoleImages,
} from '@dsrep/estimate';
import type { ImageArrays } from './images.js';
import { matchReplication } from './matching.js';
import type { ReplicateParams } from './params.js';
import { drawParts, type Parts } from './parts.js';
import type { RunRecord } from './records.js';
import { assignSets, POOL, V1 } from './sets.js';
import { largestMatchable } from './size.js';

/** The match_summary rows of one repetition, t and set. */
export interface SetSummary {
  rep: number;
  t: number;
  set: 'reference' | 'replication';
  classes: number;
  images: number;
  sIn: number;
  sHeld: number;
  missing: number;
}

/** What one repetition measured. */
export interface Repetition {
  records: RunRecord[];
  sets: SetSummary[];
}

const meanOf = (idx: readonly number[], f: (i: number) => number) =>
  idx.length === 0 ? NaN : idx.reduce((a, i) => a + f(i), 0) / idx.length;

/**
 * One repetition of the issue-9 experiment on images that all have at
 * least `params.n` annotators: thin and cut the annotations (parts.ts),
 * choose v1 and the low-ŝ pool (sets.ts), then for every t match a
 * replication on the t-part and measure in-sample and held-out ŝ and
 * raw accuracies; and once per repetition estimate the pool's adjusted
 * accuracy A(pool | s1) from the n − c annotations the pool was not
 * chosen by, against the truth, v1's accuracy.
 */
export async function runRepetition(
  images: ImageArrays,
  params: ReplicateParams,
  rep: number,
  rng: RandomStream,
): Promise<Repetition> {
  const { n, c, t: ts } = params;
  const parts = drawParts(images.k, images.n, n, c, ts, rng.derive('parts'));
  const set = assignSets(
    images.classOf,
    images.classes.length,
    parts.kc,
    c,
    params.v1Share,
    params.poolFloor,
    rng.derive('sets'),
  );
  const v1: number[] = [];
  const pool: number[] = [];
  set.forEach((s, i) => {
    if (s === V1) v1.push(i);
    else if (s === POOL) pool.push(i);
  });

  const records: RunRecord[] = [];
  const sets: SetSummary[] = [];
  const add = (
    r: Omit<RunRecord, 'rep' | 'lo' | 'hi' | 'm'> & Partial<RunRecord>,
  ) => records.push({ rep, lo: null, hi: null, m: null, ...r });
  const M = images.models.length;
  const accuracy = (idx: readonly number[], j: number) =>
    meanOf(idx, (i) => images.correct[i * M + j]);

  // Pool-level facts, shared by every t.
  const rest = n - c;
  add({ t: null, model: null, metric: 'v1_images', value: v1.length });
  add({ t: null, model: null, metric: 'pool_images', value: pool.length });
  add({
    t: null,
    model: null,
    metric: 'v1_s_c',
    value: meanOf(v1, (i) => parts.kc[i] / c),
  });
  add({
    t: null,
    model: null,
    metric: 'pool_s_c',
    value: meanOf(pool, (i) => parts.kc[i] / c),
  });
  add({
    t: null,
    model: null,
    metric: 'v1_s_rest',
    value: meanOf(v1, (i) => parts.kr[i] / rest),
  });
  add({
    t: null,
    model: null,
    metric: 'pool_s_rest',
    value: meanOf(pool, (i) => parts.kr[i] / rest),
  });

  ts.forEach((t, ti) => {
    const kt = parts.kt[ti] as Int32Array;
    const held = rest - t;
    const replication = matchReplication(
      images.classOf,
      images.classes.length,
      set,
      kt,
      t,
      params.edges,
      (ref, available) =>
        largestMatchable(ref, available, params.maxPerClass ?? Infinity),
      rng.derive(`match:${t}`),
    );
    const members = replication.members;
    const sIn = (idx: number[]) => meanOf(idx, (i) => kt[i] / t);
    const sHeld = (idx: number[]) =>
      meanOf(idx, (i) => (parts.kr[i] - kt[i]) / held);
    const v1In = sIn(v1);
    const v1Held = sHeld(v1);
    const repIn = sIn(members);
    const repHeld = sHeld(members);
    add({ t, model: null, metric: 'v1_s_in_sample', value: v1In });
    add({ t, model: null, metric: 'v1_s_heldout', value: v1Held });
    add({ t, model: null, metric: 'replication_s_in_sample', value: repIn });
    add({ t, model: null, metric: 'replication_s_heldout', value: repHeld });
    add({ t, model: null, metric: 'heldout_gap', value: v1Held - repHeld });
    add({
      t,
      model: null,
      metric: 'replication_optimism',
      value: repIn - repHeld,
    });
    add({
      t,
      model: null,
      metric: 'replication_images',
      value: members.length,
    });
    add({ t, model: null, metric: 'missing', value: replication.missing });
    images.models.forEach((model, j) => {
      const a1 = accuracy(v1, j);
      const a2 = accuracy(members, j);
      add({ t, model, metric: 'v1_accuracy', value: a1 });
      add({ t, model, metric: 'replication_accuracy', value: a2 });
      add({ t, model, metric: 'raw_drop', value: a1 - a2 });
    });
    const classesOf = (idx: number[]) =>
      new Set(idx.map((i) => images.classOf[i])).size;
    sets.push(
      {
        rep,
        t,
        set: 'reference',
        classes: classesOf(v1),
        images: v1.length,
        sIn: v1In,
        sHeld: v1Held,
        missing: 0,
      },
      {
        rep,
        t,
        set: 'replication',
        classes: replication.classes,
        images: members.length,
        sIn: repIn,
        sHeld: repHeld,
        missing: replication.missing,
      },
    );
  });

  records.push(
    ...(await estimatePool(
      images,
      parts,
      v1,
      pool,
      params,
      rep,
      rng.derive('estimate'),
    )),
  );
  return { records, sets };
}

function roleImages(
  images: ImageArrays,
  parts: Parts,
  idx: readonly number[],
): RoleImages {
  const M = images.models.length;
  const correct = new Uint8Array(idx.length * M);
  idx.forEach((i, r) =>
    correct.set(images.correct.subarray(i * M, (i + 1) * M), r * M),
  );
  return {
    k: Int32Array.from(idx, (i) => parts.kr[i]),
    n: new Int32Array(idx.length).fill(parts.n - parts.c),
    correct,
  };
}

/**
 * The estimators of SPEC section 7 with D1 = v1 and D2 = the pool, both
 * on the n − c annotations that did not choose the pool (analyzeVariant
 * of @dsrep/estimate: exact naive curve E[Â_m], m = 1..n − c, delete-d
 * jackknife, parametric model, image bootstrap). Errors are estimate −
 * truth, truth = v1's accuracy (issue 9: pool and v1 share P(f | s)).
 */
async function estimatePool(
  images: ImageArrays,
  parts: Parts,
  v1: readonly number[],
  pool: readonly number[],
  params: ReplicateParams,
  rep: number,
  rng: RandomStream,
): Promise<RunRecord[]> {
  const table: ImageTable = {
    models: images.models,
    d1: roleImages(images, parts, v1),
    d2: roleImages(images, parts, pool),
  };
  const index = indexLevels(table);
  const stats = aggregateLevels(table, index);
  const result = await analyzeVariant(
    table,
    index,
    stats,
    {
      bootstrap: rep < params.intervalReps ? params.bootstrap : 0,
      parametric_bootstrap: params.parametricBootstrap,
      jackknife: { d: params.jackknifeD, mode: 'exact', replicates: 100 },
      components: params.components,
      estimators: params.estimators,
    },
    rng,
  );

  const out: RunRecord[] = [];
  const M = images.models.length;
  const truth = result.estimates.get('v1')?.values;
  images.models.forEach((model, j) => {
    const v1acc = truth?.[j] ?? NaN;
    const interval = (name: string): [number | null, number | null] => {
      const draws = result.estimates.get(name)?.draws;
      if (!draws) return [null, null];
      return draws.interval(j);
    };
    const base = { rep, t: null, model, m: null };
    for (const [name, metric] of [
      ['v1', 'v1_accuracy'],
      ['v2', 'pool_accuracy'],
    ] as const) {
      const value = result.estimates.get(name)?.values[j] ?? NaN;
      const [lo, hi] = interval(name);
      out.push({ ...base, metric, value, lo, hi });
    }
    for (let m = 1; m <= result.nStar; m++) {
      const at = (m - 1) * M + j;
      const value = result.curve[at] as number;
      const [lo, hi] = result.curveDraws?.interval(at) ?? [null, null];
      out.push({ ...base, m, metric: 'naive', value, lo, hi });
      out.push({
        ...base,
        m,
        metric: 'naive_error',
        value: value - v1acc,
        lo: lo === null ? null : lo - v1acc,
        hi: hi === null ? null : hi - v1acc,
      });
    }
    for (const name of ['jackknife', 'parametric'] as const) {
      const estimate = result.estimates.get(name);
      if (!estimate) continue;
      const value = estimate.values[j] as number;
      const [lo, hi] = interval(name);
      out.push({ ...base, metric: name, value, lo, hi });
      out.push({
        ...base,
        metric: `${name}_error`,
        value: value - v1acc,
        lo: lo === null ? null : lo - v1acc,
        hi: hi === null ? null : hi - v1acc,
      });
    }
  });
  return out;
}
