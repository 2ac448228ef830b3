/*
 * Split time for a remeasure-sized experiment: 1,000 classes × 48
 * images × 40 annotators (1.92 million annotation rows), t = 5, from
 * annotation rows and from counts. Prints JSON.
 *
 * Run: cd packages/split && node --conditions=source --import tsx bench/split-bench.ts
 */
import {
  RandomStream,
  boolColumn,
  dictColumn,
  int32Column,
  makeTable,
  runStage,
} from '@dsrep/core';
import { stage } from '../src/index.js';

const CLASSES = 1000;
const IMAGES = 48;
const ANNOTATORS = 40;
const rng = RandomStream.fromSeed(1).derive('bench');

const worker: number[] = [];
const image: number[] = [];
const selected: boolean[] = [];
const counts = { k: [] as number[], image: [] as number[] };
for (let c = 0; c < CLASSES; c++) {
  for (let i = 0; i < IMAGES; i++) {
    const id = c * IMAGES + i;
    const s = rng.beta(3, 1);
    let k = 0;
    for (let w = 0; w < ANNOTATORS; w++) {
      const sel = rng.bernoulli(s);
      k += sel ? 1 : 0;
      worker.push(w + 40 * (c % 50));
      image.push(id);
      selected.push(sel);
    }
    counts.k.push(k);
    counts.image.push(id);
  }
}
const words = (n: number, p: string) =>
  Array.from({ length: n }, (_, i) => `${p}${i}`);
const imageWords = words(CLASSES * IMAGES, 'img');
const classWords = words(CLASSES, 'class');
const dict = (codes: number[], w: string[]) => ({
  kind: 'dict' as const,
  codes: Int32Array.from(codes),
  words: w,
});
const annotations = makeTable({
  worker_id: dict(worker, words(2000, 'w')),
  assignment_id: dict(worker, words(2000, 'a')),
  grid_id: dict(
    image.map((i) => Math.floor(i / IMAGES)),
    classWords,
  ),
  image_id: dict(image, imageWords),
  class_id: dict(
    image.map((i) => Math.floor(i / IMAGES)),
    classWords,
  ),
  role: dict(
    image.map(() => 0),
    ['candidate'],
  ),
  control_kind: { ...dictColumn(image.map(() => null)) },
  selected: boolColumn(selected),
  submitted_at: {
    kind: 'timestamp',
    values: new BigInt64Array(image.length),
    valid: new Uint8Array(image.length),
  },
});
const countsTable = makeTable({
  image_id: dict(counts.image, imageWords),
  class_id: dict(
    counts.image.map((i) => Math.floor(i / IMAGES)),
    classWords,
  ),
  role: dict(
    counts.image.map(() => 0),
    ['candidate'],
  ),
  selected_count: int32Column(counts.k),
  annotator_count: int32Column(counts.k.map(() => ANNOTATORS)),
});

const results: Record<string, number> = {
  annotation_rows: annotations.numRows,
};
for (const [label, inputs, params] of [
  ['annotations_t5_ms', { annotations }, {}],
  ['counts_t5_reps10_ms', { counts: countsTable }, { reps: 10 }],
] as const) {
  const times: number[] = [];
  for (let i = 0; i < 3; i++) {
    const started = performance.now();
    await runStage(stage, inputs, params, { seed: 1 });
    times.push(performance.now() - started);
  }
  results[`${label}_best_of_3`] = Math.round(Math.min(...times));
}
process.stdout.write(JSON.stringify(results) + '\n');
