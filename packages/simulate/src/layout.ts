import type { RandomStream } from '@dsrep/core';
import { drawFromMixture } from './mixtures.js';
import type { BetaMixture } from './mixtures.js';
import type { SimConfig } from './params.js';

/** Role codes, indices into core's ROLES. */
export const ROLE = {
  reference: 0,
  replication: 1,
  candidate: 2,
  control: 3,
} as const;

/** Control-kind codes; -1 for images that are not controls. */
export const CONTROL_KIND = { none: -1, random: 0, nearest: 1 } as const;

/** The images of one class and how they are spread over its grids. */
export interface ClassLayout {
  /** 0-based class index and its id (`c0001`). */
  index: number;
  classId: string;
  /** Grid ids of the class (`c0001-g0`, ...). */
  gridIds: string[];
  /** Per image of the class: id, role code, control kind code, true s. */
  imageIds: string[];
  roles: Uint8Array;
  controlKinds: Int8Array;
  s: Float64Array;
  /**
   * Per grid, its `gridSize` images in canonical order, as indices into
   * the class's image arrays (grid g at g·gridSize).
   */
  gridImages: Int32Array;
}

/** `c0001`: ids padded to at least four digits, sortable as text. */
export function classIdOf(index: number, classes: number): string {
  const width = Math.max(4, String(classes).length);
  return `c${String(index + 1).padStart(width, '0')}`;
}

/**
 * Lays out one class: its reference, replication and candidate images
 * (shared by its grids, each image in exactly one grid) and each grid's
 * own negative controls, with true selection frequencies drawn from the
 * role's beta mixture. Images of a role are numbered within the class
 * (`c0001-ref-03`); controls within their grid (`c0001-g0-ctl-random-1`).
 */
export function layoutClass(
  index: number,
  config: SimConfig,
  rng: RandomStream,
): ClassLayout {
  const classId = classIdOf(index, config.classes);
  const { layout, gridsPerClass, gridSize, mixtures } = config;
  const imageIds: string[] = [];
  const roles: number[] = [];
  const kinds: number[] = [];
  const s: number[] = [];
  const gridImages = new Int32Array(gridsPerClass * gridSize);
  const gridIds: string[] = [];

  const add = (id: string, role: number, kind: number, mix: BetaMixture) => {
    imageIds.push(id);
    roles.push(role);
    kinds.push(kind);
    s.push(drawFromMixture(mix, rng));
    return imageIds.length - 1;
  };
  const pad = (i: number, total: number) =>
    String(i).padStart(String(Math.max(total - 1, 1)).length, '0');

  const nRef = layout.reference * gridsPerClass;
  const nRep = layout.replication * gridsPerClass;
  const nCand = layout.candidate * gridsPerClass;
  let at = 0;
  for (let g = 0; g < gridsPerClass; g++) {
    const gridId = `${classId}-g${g}`;
    gridIds.push(gridId);
    const put = (image: number) => {
      gridImages[at++] = image;
    };
    for (let i = 0; i < layout.reference; i++) {
      const n = g * layout.reference + i;
      put(
        add(
          `${classId}-ref-${pad(n, nRef)}`,
          ROLE.reference,
          -1,
          mixtures.reference,
        ),
      );
    }
    for (let i = 0; i < layout.replication; i++) {
      const n = g * layout.replication + i;
      put(
        add(
          `${classId}-rep-${pad(n, nRep)}`,
          ROLE.replication,
          -1,
          mixtures.replication,
        ),
      );
    }
    for (let i = 0; i < layout.candidate; i++) {
      const n = g * layout.candidate + i;
      put(
        add(
          `${classId}-cand-${pad(n, nCand)}`,
          ROLE.candidate,
          -1,
          mixtures.candidate,
        ),
      );
    }
    for (let i = 0; i < layout.controlRandom; i++) {
      put(
        add(
          `${gridId}-ctl-random-${i}`,
          ROLE.control,
          CONTROL_KIND.random,
          mixtures.controlRandom,
        ),
      );
    }
    for (let i = 0; i < layout.controlNearest; i++) {
      put(
        add(
          `${gridId}-ctl-nearest-${i}`,
          ROLE.control,
          CONTROL_KIND.nearest,
          mixtures.controlNearest,
        ),
      );
    }
  }

  return {
    index,
    classId,
    gridIds,
    imageIds,
    roles: Uint8Array.from(roles),
    controlKinds: Int8Array.from(kinds),
    s: Float64Array.from(s),
    gridImages,
  };
}
