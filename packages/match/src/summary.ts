import { dictColumn, float64Column, int32Column, makeTable } from '@dsrep/core';
import type { Table } from 'apache-arrow';
import type { VariantData } from './classData.js';
import type { MatchOutput, RunKey } from './matchVariant.js';
import type { MatchParams } from './params.js';

/** Which images form each (variant, rep, sampler, pool, set). */
export interface SetMember extends RunKey {
  set: 'reference' | 'replication';
  imageId: string;
}

interface Acc {
  classes: Set<string>;
  images: number;
  sumIn: number;
  held: number;
  sumHeld: number;
  missing: number;
}

/**
 * The table-1 experiment (appendix D.2): per variant, rep, sampler,
 * pool and set (reference = v1 images of matched classes, replication
 * = matched images) the number of images, the mean in-sample ŝ (mean
 * of k/n over images, train split or all) and the mean held-out ŝ
 * (over images with a held-out row; null when none), plus the images
 * missing from the replication's target (shortfalls; 0 for reference).
 * `members` (for accuracy) is filled only when `withMembers` is set.
 */
export function summarize(
  data: readonly VariantData[],
  params: MatchParams,
  out: MatchOutput,
  withMembers: boolean,
): { table: Table; members: SetMember[] } {
  const accs = new Map<string, Acc>();
  const keyOf = (k: RunKey, set: string) =>
    `${k.variant}\u0000${k.rep}\u0000${k.sampler}\u0000${k.pool}\u0000${set}`;
  const acc = (key: string) => {
    let a = accs.get(key);
    if (!a) {
      a = {
        classes: new Set(),
        images: 0,
        sumIn: 0,
        held: 0,
        sumHeld: 0,
        missing: 0,
      };
      accs.set(key, a);
    }
    return a;
  };
  const add = (
    a: Acc,
    cls: string,
    k: number,
    n: number,
    hk: number,
    hn: number,
  ) => {
    a.classes.add(cls);
    a.images++;
    a.sumIn += k / n;
    if (hn > 0) {
      a.held++;
      a.sumHeld += hk / hn;
    }
  };

  // Every combination gets rows, even when nothing was matched.
  const keys: RunKey[] = [];
  for (const d of data) {
    for (const rep of d.reps) {
      for (const sampler of params.samplers) {
        for (const pool of params.pools)
          keys.push({ variant: d.variant, rep, sampler, pool });
      }
    }
  }
  // Matched images and shortfalls per run; reference images once per
  // (variant, rep), shared by every sampler and pool of that rep.
  const members: SetMember[] = [];
  for (const m of out.matched) {
    add(acc(keyOf(m, 'replication')), m.classId, m.k, m.n, m.heldK, m.heldN);
    if (withMembers) {
      members.push({ ...m, set: 'replication', imageId: m.imageId });
    }
  }
  for (const s of out.shortfalls)
    acc(keyOf(s, 'replication')).missing += s.missing;
  const refAccs = new Map<string, Acc>();
  for (const ref of out.references) {
    const key = `${ref.variant}\u0000${ref.rep}`;
    let a = refAccs.get(key);
    if (!a) {
      a = {
        classes: new Set(),
        images: 0,
        sumIn: 0,
        held: 0,
        sumHeld: 0,
        missing: 0,
      };
      refAccs.set(key, a);
    }
    add(a, ref.classId, ref.k, ref.n, ref.heldK, ref.heldN);
  }
  for (const k of keys) {
    const a = refAccs.get(`${k.variant}\u0000${k.rep}`);
    if (a) accs.set(keyOf(k, 'reference'), a);
  }
  if (withMembers) {
    for (const ref of out.references) {
      for (const sampler of params.samplers) {
        for (const pool of params.pools) {
          members.push({
            variant: ref.variant,
            rep: ref.rep,
            sampler,
            pool,
            set: 'reference',
            imageId: ref.imageId,
          });
        }
      }
    }
  }

  const rows: (RunKey & { set: string; a: Acc })[] = [];
  for (const k of keys) {
    for (const set of ['reference', 'replication']) {
      rows.push({ ...k, set, a: acc(keyOf(k, set)) });
    }
  }
  const held = rows.map((r) => (r.a.held > 0 ? r.a.sumHeld / r.a.held : 0));
  const table = makeTable({
    variant: dictColumn(rows.map((r) => r.variant)),
    rep: int32Column(rows.map((r) => r.rep)),
    sampler: dictColumn(rows.map((r) => r.sampler)),
    pool: dictColumn(rows.map((r) => r.pool)),
    set: dictColumn(rows.map((r) => r.set)),
    classes: int32Column(rows.map((r) => r.a.classes.size)),
    images: int32Column(rows.map((r) => r.a.images)),
    mean_s_in_sample: {
      ...float64Column(
        rows.map((r) => (r.a.images > 0 ? r.a.sumIn / r.a.images : 0)),
      ),
      valid: Uint8Array.from(rows, (r) => (r.a.images > 0 ? 1 : 0)),
    },
    heldout_images: int32Column(rows.map((r) => r.a.held)),
    mean_s_heldout: {
      ...float64Column(held),
      valid: Uint8Array.from(rows, (r) => (r.a.held > 0 ? 1 : 0)),
    },
    missing: int32Column(rows.map((r) => r.a.missing)),
  });
  return { table, members };
}
