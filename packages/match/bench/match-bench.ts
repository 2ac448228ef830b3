/*
 * Matching time for a remeasure-sized experiment: 1,000 classes, each a
 * 48-image grid (10 reference, 10 replication, 22 candidates, 6
 * controls) seen by 40 annotators, split t = 5 / rest; the selection
 * table is built directly (not by the split stage). Prints JSON.
 *
 * Run: cd packages/match && node --conditions=source --import tsx bench/match-bench.ts
 */
import {
  RandomStream,
  int32Column,
  dictColumn,
  makeTable,
  runStage,
} from '@dsrep/core';
import { stage } from '../src/index.js';

const CLASSES = 1000;
const GRID = [
  ['reference', 10],
  ['replication', 10],
  ['candidate', 22],
  ['control', 6],
] as const;
const ANNOTATORS = 40;
const T = 5;

const rng = RandomStream.fromSeed(1).derive('bench');
const cols = {
  image: [] as string[],
  cls: [] as string[],
  role: [] as string[],
  split: [] as string[],
  k: [] as number[],
  n: [] as number[],
};
const push = (
  image: string,
  cls: string,
  role: string,
  split: string,
  k: number,
  n: number,
) => {
  cols.image.push(image);
  cols.cls.push(cls);
  cols.role.push(role);
  cols.split.push(split);
  cols.k.push(k);
  cols.n.push(n);
};
for (let c = 0; c < CLASSES; c++) {
  for (const [role, count] of GRID) {
    for (let i = 0; i < count; i++) {
      const s =
        role === 'control'
          ? rng.beta(1, 8)
          : rng.beta(role === 'candidate' ? 3 : 4, 1);
      const kt = rng.binomial(T, s);
      const kh = rng.binomial(ANNOTATORS - T, s);
      const id = `${role}_${c}_${i}`;
      push(id, `class${c}`, role, 'all', kt + kh, ANNOTATORS);
      push(id, `class${c}`, role, 'train', kt, T);
      push(id, `class${c}`, role, 'heldout', kh, ANNOTATORS - T);
    }
  }
}
const rows = cols.k.length;
const selection = makeTable({
  image_id: dictColumn(cols.image),
  class_id: dictColumn(cols.cls),
  role: dictColumn(cols.role),
  variant: dictColumn(cols.k.map(() => 'raw')),
  rep: int32Column(cols.k.map(() => 0)),
  split: dictColumn(cols.split),
  k: int32Column(cols.k),
  n: int32Column(cols.n),
});

const results: Record<string, number> = { selection_rows: rows };
for (const [label, params] of [
  ['matched_frequency_plain', {}],
  [
    'all_samplers_both_pools',
    {
      samplers: ['matched_frequency', 'threshold', 'top_images'],
      pools: ['plain', 'flickr_e'],
    },
  ],
] as const) {
  const times: number[] = [];
  for (let i = 0; i < 6; i++) {
    const started = performance.now();
    await runStage(stage, { selection }, params, { seed: 1 });
    times.push(performance.now() - started);
  }
  results[`${label}_ms_best_of_6`] = Math.round(Math.min(...times));
}
process.stdout.write(JSON.stringify(results) + '\n');
