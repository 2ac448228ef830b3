import { createHash } from 'node:crypto';
import { createWriteStream, type WriteStream } from 'node:fs';
import { mkdir, rename, rm } from 'node:fs/promises';
import { once } from 'node:events';
import { join } from 'node:path';
import { CONTROL_KINDS, RandomStream, ROLES } from '@dsrep/core';
import { ROUND_START_MS } from './assign.js';
import type { ClassSim } from './classSim.js';
import type { SimConfig } from './params.js';
import {
  parseSimulateParams,
  setupSimulation,
  simulateClasses,
} from './simulate.js';
import { assignmentIdOf, hitIdOf } from './tables.js';
import type { WorkerPopulation } from './workers.js';

/** Columns of the batch-results CSV, in order (MTURK_FORMAT.md). */
export const MTURK_COLUMNS = [
  'HITId',
  'HITTypeId',
  'Title',
  'Reward',
  'CreationTime',
  'MaxAssignments',
  'AssignmentId',
  'WorkerId',
  'AssignmentStatus',
  'AcceptTime',
  'SubmitTime',
  'AutoApprovalTime',
  'ApprovalTime',
  'RejectionTime',
  'RequesterFeedback',
  'WorkTimeInSeconds',
  'Input.grid_id',
  'Input.class_id',
  'Input.class_name',
  'Input.round',
  'Input.image_ids',
  'Input.roles',
  'Input.control_kinds',
  'Answer.shown_order',
  'Answer.selected',
  'Approve',
  'Reject',
] as const;

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = 'Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec'.split(' ');
const DAY_MS = 86_400_000;
const FEEDBACK = {
  too_few_selected: 'fewer than 6 images selected',
  too_many_controls: 'more than one control image selected',
} as const;

/** MTurk's time format, always UTC: `Tue Sep 03 04:15:31 UTC 2019`. */
export function mturkTime(ms: number): string {
  const d = new Date(ms);
  const two = (x: number) => String(x).padStart(2, '0');
  return (
    `${DAYS[d.getUTCDay()]} ${MONTHS[d.getUTCMonth()]} ${two(d.getUTCDate())} ` +
    `${two(d.getUTCHours())}:${two(d.getUTCMinutes())}:` +
    `${two(d.getUTCSeconds())} UTC ${d.getUTCFullYear()}`
  );
}

/** One CSV field, always quoted, inner quotes doubled (RFC 4180). */
const field = (v: string | number): string =>
  `"${String(v).replaceAll('"', '""')}"`;
const line = (values: readonly (string | number)[]) =>
  values.map(field).join(',') + '\r\n';

/** The CSV rows of one class's assignments of round `round` (0-3). */
export function mturkRows(
  sim: ClassSim,
  round: number,
  config: SimConfig,
  pop: WorkerPopulation,
): string {
  const { layout, assignments: as } = sim;
  const size = config.gridSize;
  const idAt = (g: number, i: number) =>
    layout.imageIds[layout.gridImages[g * size + i] as number] as string;
  let out = '';
  for (let a = 0; a < as.worker.length; a++) {
    if (as.round[a] !== round) continue;
    const g = as.grid[a] as number;
    const gridId = layout.gridIds[g] as string;
    const canonical = Array.from({ length: size }, (_, i) => idAt(g, i));
    const images = canonical.map(
      (_, i) => layout.gridImages[g * size + i] as number,
    );
    const shown: string[] = [];
    const chosen: string[] = [];
    for (let k = 0; k < size; k++) {
      const pos = sim.order[a * size + k] as number;
      shown.push(canonical[pos] as string);
      if (sim.selected[a * size + pos]) chosen.push(canonical[pos] as string);
    }
    const submit = as.submittedMs[a] as number;
    const work = as.workSeconds[a] as number;
    const flag = sim.flags[a] ?? null;
    out += line([
      hitIdOf(gridId, round),
      `dsrep-sim-${config.preset}`,
      'Select images containing the object',
      '$0.10',
      mturkTime(ROUND_START_MS + round * 2 * DAY_MS),
      config.perRound[round] as number,
      assignmentIdOf(gridId, round, as.slot[a] as number),
      pop.ids[as.worker[a] as number] as string,
      flag ? 'Rejected' : 'Approved',
      mturkTime(submit - work * 1000),
      mturkTime(submit),
      mturkTime(submit + 7 * DAY_MS),
      flag ? '' : mturkTime(submit + DAY_MS),
      flag ? mturkTime(submit + DAY_MS) : '',
      flag ? FEEDBACK[flag] : '',
      work,
      gridId,
      layout.classId,
      `Class ${layout.classId.slice(1)}, synthetic`,
      round + 1,
      JSON.stringify(canonical),
      JSON.stringify(images.map((i) => ROLES[layout.roles[i] as number])),
      JSON.stringify(
        images.map((i) => {
          const k = layout.controlKinds[i] as number;
          return k < 0 ? null : CONTROL_KINDS[k];
        }),
      ),
      JSON.stringify(shown),
      JSON.stringify(chosen),
      '',
      '',
    ]);
  }
  return out;
}

/** Streams the four round files, written under temporary names. */
export class MTurkWriter {
  private readonly outs: { path: string; tmp: string; stream: WriteStream }[];
  private readonly hashes = [0, 1, 2, 3].map(() => createHash('sha256'));
  rows = 0;

  private constructor(dir: string) {
    this.outs = [1, 2, 3, 4].map((n) => {
      const path = join(dir, `Batch_${n}_batch_results.csv`);
      const tmp = `${path}.tmp-${process.pid}`;
      return { path, tmp, stream: createWriteStream(tmp) };
    });
  }

  static async open(dir: string): Promise<MTurkWriter> {
    await mkdir(dir, { recursive: true });
    const w = new MTurkWriter(dir);
    for (let r = 0; r < 4; r++) await w.write(r, line(MTURK_COLUMNS));
    return w;
  }

  private async write(round: number, text: string): Promise<void> {
    if (text === '') return;
    const out = this.outs[round];
    if (!out) throw new RangeError(`round ${round} is not 0..3`);
    this.hashes[round]?.update(text);
    if (!out.stream.write(text)) await once(out.stream, 'drain');
  }

  /** Appends the rows of some classes to the round files. */
  async add(
    sims: readonly ClassSim[],
    config: SimConfig,
    pop: WorkerPopulation,
  ) {
    for (const sim of sims) {
      this.rows += sim.assignments.worker.length;
      for (let r = 0; r < 4; r++)
        await this.write(r, mturkRows(sim, r, config, pop));
    }
  }

  /** Closes and removes the temporary files (after a failure). */
  async abort(): Promise<void> {
    for (const out of this.outs) {
      out.stream.destroy();
      await rm(out.tmp, { force: true });
    }
  }

  /** Closes the files, renames them in place; returns path -> sha256. */
  async close(): Promise<Record<string, string>> {
    const sums: Record<string, string> = {};
    for (const [r, out] of this.outs.entries()) {
      out.stream.end();
      await once(out.stream, 'finish');
      await rename(out.tmp, out.path);
      sums[out.path] = this.hashes[r]?.digest('hex') ?? '';
    }
    return sums;
  }
}

/**
 * Writes the simulated experiment as MTurk batch-results CSV files, one
 * per round, in `outDir` (format: MTURK_FORMAT.md). The same params and
 * seed give the same annotations as the `simulate` stage.
 */
export async function exportMTurk(
  params: unknown,
  seed: number,
  outDir: string,
): Promise<{ files: string[]; assignments: number }> {
  const config = parseSimulateParams(params);
  const setup = setupSimulation(
    config,
    RandomStream.fromSeed(seed).derive('stage:simulate'),
  );
  const writer = await MTurkWriter.open(outDir);
  for (let c = 0; c < config.classes; c += config.classesPerBatch) {
    const to = Math.min(config.classes, c + config.classesPerBatch);
    await writer.add(simulateClasses(setup, c, to), config, setup.workers);
  }
  const files = Object.keys(await writer.close());
  return { files, assignments: writer.rows };
}
