import { existsSync } from 'node:fs';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import { Piscina } from 'piscina';
import {
  runResamples,
  type ResampleResult,
  type ResampleTask,
} from './resample.js';

/** Runs batches of resamples, on worker threads or on this thread. */
export interface ResampleRunner {
  /** Worker threads in use; 0 means the calling thread. */
  threads: number;
  run(task: ResampleTask): Promise<ResampleResult>;
  close(): Promise<void>;
}

/**
 * A runner with `threads` workers (default: the machine's parallelism,
 * at most 4). Workers need the compiled `resampleWorker.js` beside this
 * file; when running from TypeScript sources (tests, tsx) the batches
 * run on the calling thread instead. Either way every resample draws
 * from its own stream, so results do not depend on the thread count.
 */
export function createRunner(threads?: number): ResampleRunner {
  const wanted = threads ?? Math.min(4, os.availableParallelism());
  const worker = new URL('./resampleWorker.js', import.meta.url);
  const compiled =
    import.meta.url.endsWith('.js') && existsSync(fileURLToPath(worker));
  if (wanted <= 1 || !compiled) {
    return {
      threads: 0,
      run: async (task) => runResamples(task),
      close: async () => {},
    };
  }
  const pool = new Piscina({
    filename: worker.href,
    minThreads: wanted,
    maxThreads: wanted,
  });
  return {
    threads: wanted,
    run: (task) => pool.run(task) as Promise<ResampleResult>,
    close: () => pool.destroy(),
  };
}

/**
 * A copy of `value` whose typed arrays live in SharedArrayBuffers, so
 * that posting it to a worker shares the memory instead of cloning it:
 * the tables, level index and curve plan (about 20 MB at 10,000 images
 * per role) are then copied once, not once per batch. Arrays and plain
 * objects are copied recursively; other values are kept as they are.
 */
export function shareTask<T>(value: T): T {
  return shareValue(value) as T;
}

function shareValue(value: unknown): unknown {
  if (ArrayBuffer.isView(value) && !(value instanceof DataView)) {
    const source = value as unknown as ArrayLike<number> & {
      byteLength: number;
      constructor: new (buffer: SharedArrayBuffer) => ArrayLike<number> & {
        set(a: ArrayLike<number>): void;
      };
    };
    const copy = new source.constructor(
      new SharedArrayBuffer(source.byteLength),
    );
    copy.set(source);
    return copy;
  }
  if (Array.isArray(value)) return value.map(shareValue);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value).map(([k, v]) => [k, shareValue(v)]),
    );
  }
  return value;
}
