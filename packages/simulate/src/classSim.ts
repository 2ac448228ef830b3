import type { RandomStream } from '@dsrep/core';
import { assignWorkers, type ClassAssignments } from './assign.js';
import { countFlags, type FlagReason } from './flags.js';
import { layoutClass, ROLE, type ClassLayout } from './layout.js';
import type { SimModel } from './models.js';
import type { SimConfig } from './params.js';
import {
  TYPE_SELECT_PROB,
  WORKER_TYPES,
  type WorkerPopulation,
} from './workers.js';

/** Everything simulated for one class. */
export interface ClassSim {
  layout: ClassLayout;
  assignments: ClassAssignments;
  /**
   * Per assignment a, the grid positions (0..gridSize-1) in the order the
   * worker saw them: `order[a·gridSize + k]`.
   */
  order: Uint8Array;
  /** Per assignment a and grid position i: `selected[a·gridSize + i]`. */
  selected: Uint8Array;
  /** Per assignment: why it is flagged (SPEC section 4 rule 1), or null. */
  flags: (FlagReason | null)[];
  /** Images with predictions (all but controls), as class image indices. */
  predicted: Int32Array;
  /** correct[p·models + m] for predicted image p and model m. */
  correct: Uint8Array;
}

/**
 * Simulates one class from its own derived stream, so classes can be
 * generated in any order or batch size with the same result: layout and
 * true s, worker assignments, a per-worker shuffled order, each worker's
 * selections, and each model's correctness on every non-control image.
 */
export function simulateClass(
  index: number,
  config: SimConfig,
  pop: WorkerPopulation,
  models: readonly SimModel[],
  root: RandomStream,
): ClassSim {
  const rng = root.derive(`class:${index}`);
  const layout = layoutClass(index, config, rng.derive('s'));
  const assignments = assignWorkers(config, pop, rng.derive('assign'));

  // Selections: a good worker selects with the image's true s, the other
  // types with a fixed probability (workers.ts).
  const size = config.gridSize;
  const count = assignments.worker.length;
  const order = new Uint8Array(count * size);
  const selected = new Uint8Array(count * size);
  const orderRng = rng.derive('order');
  const selectRng = rng.derive('select');
  const flags: (FlagReason | null)[] = [];
  const isControl = new Uint8Array(size);
  for (let a = 0; a < count; a++) {
    const base = (assignments.grid[a] as number) * size;
    const type =
      WORKER_TYPES[pop.types[assignments.worker[a] as number] as number];
    const fixed = TYPE_SELECT_PROB[type ?? 'good'];
    for (let i = 0; i < size; i++) {
      const image = layout.gridImages[base + i] as number;
      const p = type === 'good' ? (layout.s[image] as number) : fixed;
      selected[a * size + i] = selectRng.next() < p ? 1 : 0;
      isControl[i] = layout.roles[image] === ROLE.control ? 1 : 0;
      order[a * size + i] = i;
    }
    orderRng.shuffle(order.subarray(a * size, (a + 1) * size));
    flags.push(
      countFlags(selected.subarray(a * size, (a + 1) * size), isControl),
    );
  }

  const { predicted, correct } = predictClass(
    layout,
    config,
    models,
    rng.derive('predict'),
  );
  return { layout, assignments, order, selected, flags, predicted, correct };
}

/** Draws each model's correctness on each non-control image. */
function predictClass(
  layout: ClassLayout,
  config: SimConfig,
  models: readonly SimModel[],
  rng: RandomStream,
): { predicted: Int32Array; correct: Uint8Array } {
  const images: number[] = [];
  for (let i = 0; i < layout.roles.length; i++) {
    if (layout.roles[i] !== ROLE.control) images.push(i);
  }
  const m = models.length;
  const correct = new Uint8Array(images.length * m);
  images.forEach((image, p) => {
    const s = layout.s[image] as number;
    const role = layout.roles[image];
    const shift =
      role === ROLE.replication
        ? config.shiftReplication
        : role === ROLE.candidate
          ? config.shiftCandidate
          : 0;
    // Same formula as pCorrect in models.ts, inlined for the hot loop.
    for (let j = 0; j < m; j++) {
      const model = models[j] as SimModel;
      const prob =
        1 / (1 + Math.exp(-(model.intercept + model.slope * s - shift)));
      correct[p * m + j] = rng.next() < prob ? 1 : 0;
    }
  });
  return { predicted: Int32Array.from(images), correct };
}
