import { open, stat } from 'node:fs/promises';
import { extname, isAbsolute, resolve } from 'node:path';
import { DsrepError } from '@dsrep/core';
import type { FileFormat } from './params.js';

/** Resolves a configured path against the data directory. */
export function resolvePath(dataDir: string, path: string): string {
  return isAbsolute(path) ? path : resolve(dataDir, path);
}

/**
 * Checks that `file` exists and is not empty; returns its size in bytes.
 * An empty file is an error for every format: it holds no header.
 */
export async function checkFile(file: string): Promise<number> {
  let size: number;
  try {
    const info = await stat(file);
    if (!info.isFile()) throw new Error('not a regular file');
    size = info.size;
  } catch (cause) {
    throw new DsrepError(
      'MISSING_INPUT',
      `cannot read input file (${messageOf(cause)}); check the path ` +
        'and the dataDir of the ingest configuration',
      { file, cause },
    );
  }
  if (size === 0) {
    throw new DsrepError(
      'BAD_INPUT',
      'file is empty; expected a header line and data rows',
      { file },
    );
  }
  return size;
}

const EXTENSIONS: Record<string, FileFormat> = {
  '.csv': 'csv',
  '.tsv': 'csv',
  '.txt': 'csv',
  '.parquet': 'parquet',
  '.arrow': 'arrow',
  '.feather': 'arrow',
  '.ipc': 'arrow',
  '.jsonl': 'jsonl',
  '.ndjson': 'jsonl',
  '.json': 'jsonl',
};

/** The file format named by the path's extension (CSV when unknown). */
export function formatOf(path: string): FileFormat {
  return EXTENSIONS[extname(path).toLowerCase()] ?? 'csv';
}

/**
 * Reads at most `limit` bytes from the start of a file. Used for
 * headers so that no path ever loads a whole file into JS.
 */
export async function readPrefix(
  file: string,
  limit: number,
): Promise<Uint8Array> {
  const handle = await open(file, 'r');
  try {
    const buffer = new Uint8Array(limit);
    const { bytesRead } = await handle.read(buffer, 0, limit, 0);
    return buffer.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}

export function messageOf(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
