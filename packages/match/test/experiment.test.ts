import { RandomStream, runStage } from '@dsrep/core';
import { describe, expect, it } from 'vitest';
import { stage } from '../src/index.js';
import { out, rowsOf, selectionTable, type SelRow } from './helpers.js';

/*
 * The table-1 experiment of appendix D.2 on synthetic data. Per class,
 * 10 reference (v1) images with true s ~ Beta(a+1, b) and 40 candidates
 * with s ~ Beta(a, b), a = b = 1. Each image gets t train annotations
 * and 5 held-out ones, each selected with probability s (so train and
 * held-out k are independent Binomials given s, which is what a random
 * split of Bernoulli annotations gives). MatchedFrequency with N = 10
 * on train ŝ; the reference histogram uses train ŝ too.
 *
 * Tolerances: statistics are means over C = 1000 classes of a per-class
 * difference d_c (replication minus reference); classes are
 * independent, so SE = sd(d_c)/sqrt(C), and we demand effects beyond
 * 3 SE (one-sided false alarm 0.13%).
 */
const CLASSES = 1000;
const REFS = 10;
const CANDS = 40;
const HELD = 5;

interface Truth {
  cls: string;
  id: string;
  role: 'reference' | 'candidate';
  s: number;
}

function truth(): Truth[] {
  const rng = RandomStream.fromSeed(2020).derive('truth');
  const out: Truth[] = [];
  for (let c = 0; c < CLASSES; c++) {
    for (let i = 0; i < REFS; i++) {
      out.push({
        cls: `c${c}`,
        id: `v1_${c}_${i}`,
        role: 'reference',
        s: rng.beta(2, 1),
      });
    }
    for (let i = 0; i < CANDS; i++) {
      out.push({
        cls: `c${c}`,
        id: `fl_${c}_${i}`,
        role: 'candidate',
        s: rng.beta(1, 1),
      });
    }
  }
  return out;
}

/** Selection rows with t train and 5 held-out annotations per image. */
function annotate(images: Truth[], t: number): SelRow[] {
  const rng = RandomStream.fromSeed(2020).derive(`noise:${t}`);
  const rows: SelRow[] = [];
  for (const im of images) {
    const kt = rng.binomial(t, im.s);
    const kh = rng.binomial(HELD, im.s);
    const base = {
      image_id: im.id,
      class_id: im.cls,
      role: im.role,
      variant: 'raw',
    };
    rows.push({ ...base, rep: 0, split: 'all', k: kt + kh, n: t + HELD });
    rows.push({ ...base, rep: 0, split: 'train', k: kt, n: t });
    rows.push({ ...base, rep: 0, split: 'heldout', k: kh, n: HELD });
  }
  return rows;
}

interface ClassStats {
  inGap: number[];
  heldGap: number[];
}

/** Per-class in-sample and held-out gaps, replication minus reference. */
function gaps(rows: SelRow[], matched: Record<string, unknown>[]): ClassStats {
  const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
  const ref = new Map<string, { inS: number[]; held: number[] }>();
  const byImage = new Map<string, SelRow[]>();
  for (const r of rows) {
    if (r.role !== 'reference' || r.split === 'all') continue;
    byImage.set(r.image_id, [...(byImage.get(r.image_id) ?? []), r]);
  }
  for (const [, [a, b]] of byImage) {
    if (!a || !b) continue;
    const train = a.split === 'train' ? a : b;
    const held = a.split === 'train' ? b : a;
    const e = ref.get(a.class_id) ?? { inS: [], held: [] };
    e.inS.push(train.k / train.n);
    e.held.push(held.k / held.n);
    ref.set(a.class_id, e);
  }
  const rep = new Map<string, { inS: number[]; held: number[] }>();
  for (const m of matched) {
    const e = rep.get(m.class_id as string) ?? { inS: [], held: [] };
    e.inS.push((m.k as number) / (m.n as number));
    e.held.push((m.heldout_k as number) / (m.heldout_n as number));
    rep.set(m.class_id as string, e);
  }
  const out: ClassStats = { inGap: [], heldGap: [] };
  for (const [cls, r] of rep) {
    const v1 = ref.get(cls);
    if (!v1) throw new Error(`class ${cls} has no reference`);
    out.inGap.push(mean(r.inS) - mean(v1.inS));
    out.heldGap.push(mean(r.held) - mean(v1.held));
  }
  return out;
}

function meanSe(xs: number[]): { mean: number; se: number } {
  const m = xs.reduce((a, b) => a + b, 0) / xs.length;
  const v = xs.reduce((a, b) => a + (b - m) ** 2, 0) / (xs.length - 1);
  return { mean: m, se: Math.sqrt(v / xs.length) };
}

async function match(rows: SelRow[], params: Record<string, unknown> = {}) {
  return runStage(
    stage,
    { selection: selectionTable(rows) },
    { perClass: 10, ...params },
    { seed: 1 },
  );
}

describe('statistic matching bias (appendix D.2, table 1)', () => {
  const images = truth();
  const rows5 = annotate(images, 5);
  // The default-edges run at t = 5 is shared by two tests.
  let run5: ReturnType<typeof match> | undefined;
  const match5 = () => (run5 ??= match(rows5));

  it('hides a lower held-out ŝ behind a matching in-sample ŝ at t = 5', async () => {
    const run = await match5();
    const { inGap, heldGap } = gaps(rows5, rowsOf(out(run, 'matched')));
    expect(heldGap.length, 'every class matched').toBe(CLASSES);

    const held = meanSe(heldGap);
    expect(
      held.mean + 3 * held.se,
      `held-out gap ${held.mean} ± ${held.se}`,
    ).toBeLessThan(0);
    // The in-sample comparison misses most of it: in-sample gap minus
    // held-out gap, paired per class, is clearly positive.
    const hidden = meanSe(inGap.map((g, i) => g - (heldGap[i] as number)));
    expect(
      hidden.mean - 3 * hidden.se,
      `hidden ${hidden.mean} ± ${hidden.se}`,
    ).toBeGreaterThan(0);

    // The stage's own summary agrees with the per-image computation.
    const summary = rowsOf(out(run, 'match_summary'));
    const ref = summary.find((s) => s.set === 'reference');
    const rep = summary.find((s) => s.set === 'replication');
    const inGapAll =
      (rep?.mean_s_in_sample as number) - (ref?.mean_s_in_sample as number);
    const heldAll =
      (rep?.mean_s_heldout as number) - (ref?.mean_s_heldout as number);
    expect(heldAll, 'summary: replication held-out ŝ lower').toBeLessThan(
      inGapAll,
    );
    expect(ref?.images).toBe(CLASSES * REFS);
  });

  it('matches in-sample ŝ exactly where bins separate the levels k/5', async () => {
    // Edges between fifths put each level in its own bin, N = 10 equals
    // the reference count, so a class with no upward move and no
    // shortfall must reproduce its reference train ŝ multiset exactly.
    // A deterministic property: 300 classes are plenty to exercise it.
    const some = rows5.filter((r) => Number(r.class_id.slice(1)) < 300);
    const run = await match(some, { edges: [0.1, 0.3, 0.5, 0.7, 0.9] });
    const matched = rowsOf(out(run, 'matched'));
    const moved = new Set(
      matched.filter((m) => m.bin !== m.for_bin).map((m) => m.class_id),
    );
    for (const s of rowsOf(out(run, 'shortfalls'))) moved.add(s.class_id);
    const levels = (xs: SelRow[] | Record<string, unknown>[]) =>
      xs.map((x) => Math.round((5 * (x.k as number)) / (x.n as number))).sort();
    const refByClass = new Map<string, SelRow[]>();
    for (const r of some) {
      if (r.role !== 'reference' || r.split !== 'train') continue;
      refByClass.set(r.class_id, [...(refByClass.get(r.class_id) ?? []), r]);
    }
    const repByClass = new Map<string, Record<string, unknown>[]>();
    for (const m of matched) {
      const c = m.class_id as string;
      repByClass.set(c, [...(repByClass.get(c) ?? []), m]);
    }
    let checked = 0;
    for (const [cls, ref] of refByClass) {
      if (moved.has(cls)) continue;
      expect(levels(repByClass.get(cls) ?? []), cls).toEqual(levels(ref));
      checked++;
    }
    // Most of the 300 classes need no upward move.
    expect(checked, 'classes checked').toBeGreaterThan(150);
  });

  it('shrinks the held-out gap as t grows (t = 15 vs t = 5)', async () => {
    const rows15 = annotate(images, 15);
    const g5 = gaps(rows5, rowsOf(out(await match5(), 'matched'))).heldGap;
    const g15 = gaps(
      rows15,
      rowsOf(out(await match(rows15), 'matched')),
    ).heldGap;
    // Same classes and true s, independent noise: pair per class.
    const shrink = meanSe(g15.map((g, i) => g - (g5[i] as number)));
    expect(
      shrink.mean - 3 * shrink.se,
      `shrink ${shrink.mean} ± ${shrink.se}`,
    ).toBeGreaterThan(0);
  });
});
