import { RandomStream } from '@dsrep/core';
import type { Table } from 'apache-arrow';
import { describe, expect, it } from 'vitest';
import { flagProbability } from '../src/flags.js';
import { mixtureMean, mixtureVariance } from '../src/mixtures.js';
import { simulate } from '../src/simulate.js';
import { TYPE_SELECT_PROB, WORKER_TYPES } from '../src/workers.js';

/*
 * Every tolerance below is 4 standard errors of the quantity under test,
 * derived from the generating model (binomial or CLT variance), so a
 * correct simulator fails a check with probability below 1e-4.
 */
const Z = 4;

const col = (t: Table, name: string) => {
  const v = t.getChild(name);
  if (!v) throw new Error(`no column ${name}`);
  return v;
};

describe('statistics of a 40-class remeasure run', () => {
  const shares = { good: 0.7, everything: 0.1, nothing: 0.1, random: 0.1 };
  const r = simulate(
    { classes: 40, models: 0, workers: 3000, workerShares: shares },
    RandomStream.fromSeed(11),
  );

  it('realises the configured worker-type shares', () => {
    const n = r.workers.types.length;
    WORKER_TYPES.forEach((type, t) => {
      const count = r.workers.types.filter((x) => x === t).length;
      const p = shares[type];
      const se = Math.sqrt((p * (1 - p)) / n);
      expect(Math.abs(count / n - p), `${type} share`).toBeLessThan(Z * se);
    });
  });

  it('draws true s per role with the mixture means', () => {
    const truth = r.tables.truth_images;
    const role = col(truth, 'role');
    const kind = new Map<string, number[]>();
    for (let i = 0; i < truth.numRows; i++) {
      const k = role.get(i) as string;
      kind.set(k, [...(kind.get(k) ?? []), col(truth, 's_true').get(i)]);
    }
    const mix = r.config.mixtures;
    for (const [name, m] of [
      ['reference', mix.reference],
      ['replication', mix.replication],
      ['candidate', mix.candidate],
    ] as const) {
      const s = kind.get(name) ?? [];
      const mean = s.reduce((a, b) => a + b, 0) / s.length;
      const se = Math.sqrt(mixtureVariance(m) / s.length);
      expect(Math.abs(mean - mixtureMean(m)), `mean s of ${name}`).toBeLessThan(
        Z * se,
      );
    }
    expect(mixtureMean(mix.reference)).toBeCloseTo(0.85, 1);
    expect(mixtureMean(mix.replication)).toBeCloseTo(0.8, 1);
  });

  it('flags assignments at the exact rate the worker types imply', () => {
    // Per assignment, the exact flag probability given its worker's type
    // and its images' true s (Poisson-binomial); compare the realised
    // count per type with the sum of probabilities, SE = √Σ p(1 − p).
    const truth = r.tables.truth_images;
    const sOf = new Map<string, number>();
    for (let i = 0; i < truth.numRows; i++) {
      sOf.set(col(truth, 'image_id').get(i), col(truth, 's_true').get(i));
    }
    const ann = r.tables.annotations;
    const typeOf = new Map(
      r.workers.ids.map((id, i) => [id, r.workers.types[i] as number]),
    );
    const stats = WORKER_TYPES.map(() => ({ seen: 0, exp: 0, v: 0 }));
    for (let start = 0; start < ann.numRows; start += 48) {
      const t = typeOf.get(col(ann, 'worker_id').get(start)) as number;
      const type = WORKER_TYPES[t] ?? 'good';
      const probs: number[] = [];
      const ctl: number[] = [];
      let selected = 0;
      let controls = 0;
      for (let i = start; i < start + 48; i++) {
        const s = sOf.get(col(ann, 'image_id').get(i)) as number;
        probs.push(type === 'good' ? s : TYPE_SELECT_PROB[type]);
        const isCtl = col(ann, 'role').get(i) === 'control';
        ctl.push(isCtl ? 1 : 0);
        if (col(ann, 'selected').get(i)) {
          selected++;
          if (isCtl) controls++;
        }
      }
      const p = flagProbability(probs, ctl);
      const st = stats[t] as { seen: number; exp: number; v: number };
      st.exp += p;
      st.v += p * (1 - p);
      if (selected < 6 || controls > 1) st.seen++;
    }
    stats.forEach((st, t) => {
      const tol = Z * Math.sqrt(st.v) + 1e-9;
      expect(Math.abs(st.seen - st.exp), `${WORKER_TYPES[t]}`).toBeLessThan(
        tol,
      );
    });
    // The bad types are (almost) always caught, good workers rarely.
    expect(stats[0]?.exp ?? 1).toBeLessThan(0.05 * 40 * 40);
    expect(r.metrics.flagged_assignments).toBe(
      stats.reduce((s, x) => s + x.seen, 0),
    );
  });
});

describe('duplicates (original preset)', () => {
  it('gives the configured share of slots of rounds 2-4 to repeat workers', () => {
    const share = 0.1;
    const r = simulate(
      { preset: 'original', classes: 30, models: 0, duplicateShare: share },
      RandomStream.fromSeed(5),
    );
    const ann = r.tables.annotations;
    const perPair = new Map<string, Set<string>>();
    for (let i = 0; i < ann.numRows; i += 48) {
      const key = `${col(ann, 'worker_id').get(i)}|${col(ann, 'grid_id').get(i)}`;
      const set = perPair.get(key) ?? new Set();
      set.add(col(ann, 'assignment_id').get(i));
      perPair.set(key, set);
    }
    let extra = 0;
    for (const set of perPair.values()) extra += set.size - 1;
    // Slots of rounds 2–4: 7 of 10 per grid; each repeat slot adds one.
    const slots = 30 * 5 * 7;
    const se = Math.sqrt(slots * share * (1 - share));
    expect(Math.abs(extra - slots * share), 'repeat assignments').toBeLessThan(
      Z * se,
    );
    expect(r.metrics.duplicate_assignments).toBe(extra);
  });
});
