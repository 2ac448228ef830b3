import { RandomStream } from '@dsrep/core';
import { describe, expect, it } from 'vitest';
import {
  annotations,
  clean,
  expectBalanced,
  rowsOf,
  summaryValue,
  type Row,
} from './helpers.js';

/*
 * A synthetic crowd with known bad workers (packages/simulate had no
 * usable export when this was written). 24 classes, one 48-image grid
 * each (10 reference, 10 replication, 22 candidate, 3 random and 3
 * nearest controls), 40 distinct workers per grid from a pool of 100,
 * and 3% of assignments done a second time by the same worker an hour
 * later (duplicates). Good workers select an image with its true
 * selection frequency s; controls have s = 0.02 (random) or 0.08
 * (nearest). Bad workers: 4 spammers click with p = 0.5, 2 lazy workers
 * with p = 0.06, 2 careless workers with p = 0.25, whatever the image.
 */
const CLASSES = 24;
const POOL = 100;
const BAD: Record<string, number> = {
  w000: 0.5,
  w001: 0.5,
  w002: 0.5,
  w003: 0.5,
  w004: 0.06,
  w005: 0.06,
  w006: 0.25,
  w007: 0.25,
};

function population(seed: number): { rows: Row[]; trueGap: number } {
  const rng = RandomStream.fromSeed(seed);
  const rows: Row[] = [];
  let sRef = 0;
  let sRep = 0;
  const workers = Array.from(
    { length: POOL },
    (_, i) => `w${String(i).padStart(3, '0')}`,
  );
  for (let c = 0; c < CLASSES; c++) {
    const grid: {
      image: string;
      role: Row['role'];
      s: number;
      kind?: 'random' | 'nearest';
    }[] = [];
    for (let i = 0; i < 10; i++) {
      const s = rng.beta(6, 2);
      sRef += s;
      grid.push({ image: `c${c}-ref${i}`, role: 'reference', s });
    }
    for (let i = 0; i < 10; i++) {
      const s = rng.beta(5, 2.2);
      sRep += s;
      grid.push({ image: `c${c}-rep${i}`, role: 'replication', s });
    }
    for (let i = 0; i < 22; i++) {
      grid.push({
        image: `c${c}-cand${i}`,
        role: 'candidate',
        s: rng.beta(2, 2),
      });
    }
    for (let i = 0; i < 6; i++) {
      const kind = i < 3 ? 'random' : 'nearest';
      grid.push({
        image: `c${c}-ctl${i}`,
        role: 'control',
        kind,
        s: i < 3 ? 0.02 : 0.08,
      });
    }
    const chosen = rng.sample(POOL, 40);
    let a = 0;
    for (const w of chosen) {
      const worker = workers[w] ?? 'missing';
      const repeats = rng.bernoulli(0.03) ? 2 : 1;
      for (let r = 0; r < repeats; r++) {
        const assignment = `c${c}-a${a++}`;
        const p = BAD[worker];
        for (const img of grid) {
          rows.push({
            worker,
            assignment,
            grid: `grid${c}`,
            image: img.image,
            cls: `class${c}`,
            role: img.role,
            kind: img.kind ?? null,
            selected: rng.bernoulli(p ?? img.s),
            at: Date.UTC(2026, 0, 1) + (c * 100 + r) * 3_600_000,
          });
        }
      }
    }
  }
  return { rows, trueGap: (sRef - sRep) / (10 * CLASSES) };
}

describe('clean on a synthetic crowd with known bad workers', () => {
  it('recovers the bad workers', async () => {
    const { rows, trueGap } = population(2026);
    const run = await clean({ annotations: annotations(rows) });
    const rejected = new Set(
      rowsOf(run.tables.worker_stats)
        .filter((r) => r.rejected)
        .map((r) => String(r.worker_id)),
    );
    const bad = new Set(Object.keys(BAD));
    const hits = [...rejected].filter((w) => bad.has(w)).length;
    const precision = hits / rejected.size;
    const recall = hits / bad.size;

    const dropped = summaryValue(run, 'share_dropped', 'clean');
    const minN = summaryValue(run, 'annotators_per_image_min', 'clean');
    const medN = summaryValue(run, 'annotators_per_image_median', 'clean');
    console.log(
      `synthetic crowd: ${rows.length} annotations; rejected ` +
        `${rejected.size}, precision ${precision.toFixed(3)}, recall ` +
        `${recall.toFixed(3)}; share dropped ${dropped?.toFixed(4)}; ` +
        `annotators per image min ${minN} median ${medN}; v1-v2 gap ` +
        `true ${trueGap.toFixed(4)} raw ` +
        `${summaryValue(run, 'v1_v2_gap', 'raw')?.toFixed(4)} clean ` +
        `${summaryValue(run, 'v1_v2_gap', 'clean')?.toFixed(4)}`,
    );

    // Expected misses: a careless worker's assignment is flagged with
    // probability 1 − P(≤1 of 6 controls at p = 0.25) = 0.47, so with
    // ~10 assignments P(fewer than 3 flagged) ≈ 0.08; spammers (0.89)
    // and lazy workers (~1) are nearly always caught. Missing 2 of 8 has
    // probability below 0.01, so recall >= 0.75. A good worker's
    // assignment is flagged with probability 0.031 (> 1 control), so
    // P(>= 3 of 10) ≈ 0.003 each, ~0.3 false rejections among 92;
    // precision >= 0.85 allows one.
    expect(recall, 'recall').toBeGreaterThanOrEqual(0.75);
    expect(precision, 'precision').toBeGreaterThanOrEqual(0.85);
    expect(minN, 'evened out').toBe(medN);
    expect(Number(dropped)).toBeGreaterThan(0);
    expectBalanced(run, rows.length);
  });
});
