import { CONTROL_KINDS, ROLES, makeTable } from '@dsrep/core';
import type { Table } from 'apache-arrow';
import type { ClassSim } from './classSim.js';
import type { SimModel } from './models.js';
import type { SimConfig } from './params.js';
import type { WorkerPopulation } from './workers.js';

/** `c0001-g0-r2-a07`: unique per (worker, grid, round) (MTURK_FORMAT.md). */
export function assignmentIdOf(gridId: string, round: number, slot: number) {
  return `${gridId}-r${round + 1}-a${String(slot).padStart(2, '0')}`;
}

/** `c0001-g0-r2`: one grid in one round. */
export function hitIdOf(gridId: string, round: number): string {
  return `${gridId}-r${round + 1}`;
}

/**
 * The `annotations` rows of some classes as one Arrow batch: per class,
 * grid, round and slot, each assignment's images in the order the worker
 * saw them. Dictionaries hold only this batch's ids (the worker ids are
 * the whole population), so a batch is self-contained in an IPC stream.
 */
export function annotationsTable(
  sims: readonly ClassSim[],
  config: SimConfig,
  pop: WorkerPopulation,
): Table {
  const size = config.gridSize;
  let rows = 0;
  for (const sim of sims) rows += sim.assignments.worker.length * size;
  const worker = new Int32Array(rows);
  const assignment = new Int32Array(rows);
  const grid = new Int32Array(rows);
  const image = new Int32Array(rows);
  const klass = new Int32Array(rows);
  const role = new Int32Array(rows);
  const kind = new Int32Array(rows);
  const kindValid = new Uint8Array(rows);
  const selected = new Uint8Array(rows);
  const submitted = new BigInt64Array(rows);
  const words = { assignment: [] as string[], grid: [] as string[] };
  const imageWords: string[] = [];
  const classWords: string[] = [];

  let row = 0;
  sims.forEach((sim, c) => {
    const { layout, assignments: as } = sim;
    const gridBase = words.grid.length;
    const imageBase = imageWords.length;
    words.grid.push(...layout.gridIds);
    imageWords.push(...layout.imageIds);
    classWords.push(layout.classId);
    for (let a = 0; a < as.worker.length; a++) {
      const g = as.grid[a] as number;
      const code = words.assignment.length;
      words.assignment.push(
        assignmentIdOf(
          layout.gridIds[g] as string,
          as.round[a] as number,
          as.slot[a] as number,
        ),
      );
      const at = BigInt(as.submittedMs[a] as number);
      for (let k = 0; k < size; k++) {
        const pos = sim.order[a * size + k] as number;
        const img = layout.gridImages[g * size + pos] as number;
        const ck = layout.controlKinds[img] as number;
        worker[row] = as.worker[a] as number;
        assignment[row] = code;
        grid[row] = gridBase + g;
        image[row] = imageBase + img;
        klass[row] = c;
        role[row] = layout.roles[img] as number;
        kind[row] = ck < 0 ? 0 : ck;
        kindValid[row] = ck < 0 ? 0 : 1;
        selected[row] = sim.selected[a * size + pos] as number;
        submitted[row] = at;
        row++;
      }
    }
  });

  return makeTable({
    worker_id: { kind: 'dict', codes: worker, words: pop.ids },
    assignment_id: { kind: 'dict', codes: assignment, words: words.assignment },
    grid_id: { kind: 'dict', codes: grid, words: words.grid },
    image_id: { kind: 'dict', codes: image, words: imageWords },
    class_id: { kind: 'dict', codes: klass, words: classWords },
    role: { kind: 'dict', codes: role, words: ROLES },
    control_kind: {
      kind: 'dict',
      codes: kind,
      words: CONTROL_KINDS,
      valid: kindValid,
    },
    selected: { kind: 'bool', values: selected },
    submitted_at: { kind: 'timestamp', values: submitted },
  });
}

/** `predictions` rows (image, model, correct) of some classes. */
export function predictionsTable(
  sims: readonly ClassSim[],
  models: readonly SimModel[],
): Table {
  const m = models.length;
  let rows = 0;
  for (const sim of sims) rows += sim.predicted.length * m;
  const image = new Int32Array(rows);
  const model = new Int32Array(rows);
  const correct = new Uint8Array(rows);
  const imageWords: string[] = [];
  let row = 0;
  for (const sim of sims) {
    sim.predicted.forEach((img, p) => {
      const code = imageWords.length;
      imageWords.push(sim.layout.imageIds[img] as string);
      for (let j = 0; j < m; j++) {
        image[row] = code;
        model[row] = j;
        correct[row] = sim.correct[p * m + j] as number;
        row++;
      }
    });
  }
  return makeTable({
    image_id: { kind: 'dict', codes: image, words: imageWords },
    model: { kind: 'dict', codes: model, words: models.map((x) => x.model) },
    correct: { kind: 'bool', values: correct },
  });
}

/** `truth_images`: every image of some classes with its true s. */
export function truthImagesTable(sims: readonly ClassSim[]): Table {
  let rows = 0;
  for (const sim of sims) rows += sim.layout.imageIds.length;
  const klass = new Int32Array(rows);
  const role = new Int32Array(rows);
  const s = new Float64Array(rows);
  const imageWords: string[] = [];
  sims.forEach((sim, c) => {
    const { layout } = sim;
    for (let i = 0; i < layout.imageIds.length; i++) {
      const row = imageWords.length;
      imageWords.push(layout.imageIds[i] as string);
      klass[row] = c;
      role[row] = layout.roles[i] as number;
      s[row] = layout.s[i] as number;
    }
  });
  return makeTable({
    image_id: {
      kind: 'dict',
      codes: Int32Array.from(imageWords.keys()),
      words: imageWords,
    },
    class_id: {
      kind: 'dict',
      codes: klass,
      words: sims.map((x) => x.layout.classId),
    },
    role: { kind: 'dict', codes: role, words: ROLES },
    s_true: { kind: 'float64', values: s },
  });
}
