import { RandomStream } from '@dsrep/core';
import { describe, expect, it } from 'vitest';
import { keepMask } from '../src/index.js';
import {
  annotations,
  clean,
  expectBalanced,
  ledgerOf,
  rowsOf,
  summaryValue,
  type Row,
} from './helpers.js';

// Each (worker, image) judgment is its own one-image assignment, so the
// batch rules are switched off to test evening out alone.
const noFlags = { minSelected: 0, maxControls: 100 };

/** image, role, annotators n, selections k */
const IMAGES: [string, Row['role'], number, number][] = [
  ['p1', 'reference', 10, 9],
  ['p2', 'reference', 8, 6],
  ['p3', 'replication', 12, 6],
  ['p4', 'replication', 9, 3],
  ['p5', 'candidate', 15, 5],
  ['x1', 'control', 20, 1],
];

function rows(): Row[] {
  const out: Row[] = [];
  for (const [image, role, n, k] of IMAGES) {
    for (let j = 0; j < n; j++) {
      out.push({
        worker: `w${j}`,
        assignment: `${image}-${j}`,
        image,
        role,
        selected: j < k,
      });
    }
  }
  return out;
}

function perImage(run: Awaited<ReturnType<typeof clean>>) {
  const n = new Map<string, number>();
  for (const r of rowsOf(run.tables.annotations_clean)) {
    n.set(String(r.image_id), (n.get(String(r.image_id)) ?? 0) + 1);
  }
  return n;
}

const total = IMAGES.reduce((s, i) => s + i[2], 0);

describe('evening out (SPEC 4.3)', () => {
  it("'min' gives every evened image exactly the minimum", async () => {
    const run = await clean({ annotations: annotations(rows()) }, noFlags);
    const n = perImage(run);
    for (const id of ['p1', 'p2', 'p3', 'p4', 'p5']) {
      expect(n.get(id), id).toBe(8);
    }
    expect(n.get('x1'), 'controls are not evened out').toBe(20);
    expect(ledgerOf(run).get('clean/even_out')).toBe(54 - 40);
    expect(summaryValue(run, 'even_out_target', 'clean')).toBe(8);
    expect(summaryValue(run, 'annotators_per_image_min', 'clean')).toBe(8);
    expect(summaryValue(run, 'annotators_per_image_median', 'raw')).toBe(10);

    // v1−v2 gap of the raw data: mean k/n of p1,p2 minus that of p3,p4.
    const gap = (9 / 10 + 6 / 8) / 2 - (6 / 12 + 3 / 9) / 2;
    expect(summaryValue(run, 'v1_v2_gap', 'raw')).toBeCloseTo(gap, 12);
    expect(summaryValue(run, 'v1_v2_gap', 'clean')).not.toBeNull();
    expect(run.warnings ?? []).toEqual([]);
    expectBalanced(run, total);
  });

  it('a count target drops images below it, never silently', async () => {
    const run = await clean(
      { annotations: annotations(rows()) },
      { ...noFlags, evenOut: 9 },
    );
    const n = perImage(run);
    expect(n.has('p2'), 'p2 has 8 < 9').toBe(false);
    for (const id of ['p1', 'p3', 'p4', 'p5']) expect(n.get(id), id).toBe(9);
    expect(ledgerOf(run).get('clean/below_target')).toBe(8);
    expect(run.warnings?.join('\n')).toMatch(/1 images had fewer than 9/);
    expectBalanced(run, total);

    const keep = await clean(
      { annotations: annotations(rows()) },
      { ...noFlags, evenOut: 9, belowTarget: 'keep' },
    );
    expect(perImage(keep).get('p2')).toBe(8);
    expect(keep.warnings?.join('\n')).toMatch(/kept fewer than 9/);
    expectBalanced(keep, total);
  });

  it('evens out controls when asked', async () => {
    const run = await clean(
      { annotations: annotations(rows()) },
      {
        ...noFlags,
        evenRoles: ['reference', 'replication', 'candidate', 'control'],
      },
    );
    expect(perImage(run).get('x1')).toBe(8);
    expectBalanced(run, total);
  });

  it('warns when one sparse image sets a low target', async () => {
    const sparse = [
      ...rows(),
      ...[0, 1, 2].map((j): Row => ({
        worker: `w${j}`,
        assignment: `s-${j}`,
        image: 's',
        selected: true,
      })),
    ];
    const run = await clean({ annotations: annotations(sparse) }, noFlags);
    expect(run.warnings?.join('\n')).toMatch(/less than half the median/);
  });

  it('is deterministic, seed-dependent and row-order independent', async () => {
    const key = (run: Awaited<ReturnType<typeof clean>>) =>
      rowsOf(run.tables.annotations_clean)
        .map((r) => `${String(r.image_id)}/${String(r.worker_id)}`)
        .sort()
        .join(',');
    const a = await clean({ annotations: annotations(rows()) }, noFlags, 7);
    const b = await clean({ annotations: annotations(rows()) }, noFlags, 7);
    const c = await clean({ annotations: annotations(rows()) }, noFlags, 8);
    expect(rowsOf(a.tables.annotations_clean)).toEqual(
      rowsOf(b.tables.annotations_clean),
    );
    // Different seeds keep the same subsets with probability
    // 1/(C(10,8)·C(12,8)·C(9,8)·C(15,8)) < 1e-9.
    expect(key(c)).not.toBe(key(a));

    const shuffled = RandomStream.fromSeed(3).shuffle(rows());
    const d = await clean({ annotations: annotations(shuffled) }, noFlags, 7);
    expect(key(d), 'same kept rows whatever the input order').toBe(key(a));
  });
});

describe('keepMask', () => {
  it('keeps exactly target rows, uniformly', () => {
    // Each of 10 rows is kept with probability 3/10 per draw; over 4000
    // draws a row's count is Binomial(4000, 0.3): sd = 29, so ±5 sd = 145.
    const stream = RandomStream.fromSeed(11);
    const hits = new Array<number>(10).fill(0);
    for (let t = 0; t < 4000; t++) {
      const mask = keepMask(10, 3, stream);
      expect(mask.reduce((s, v) => s + v, 0)).toBe(3);
      mask.forEach((v, i) => (hits[i] = (hits[i] ?? 0) + v));
    }
    for (const h of hits) expect(Math.abs(h - 1200)).toBeLessThan(145);
    expect([...keepMask(4, 9, stream)]).toEqual([1, 1, 1, 1]);
  });
});
