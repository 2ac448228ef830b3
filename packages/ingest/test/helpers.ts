import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Table } from 'apache-arrow';
import { DsrepError, runStage } from '@dsrep/core';
import { expect } from 'vitest';
import { stage } from '../src/index.js';

const here = dirname(fileURLToPath(import.meta.url));

/** The shared real data (read-only), or undefined when absent. */
export const DATA_DIR = resolve(here, '../../../../shared/data');
export const hasData = existsSync(DATA_DIR);

/** Runs the ingest stage on raw params, as the CLI would. */
export async function ingest(params: unknown) {
  return runStage(stage, {}, params, { seed: 1 });
}

/** A fresh temporary directory for one test's files. */
export function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'dsrep-ingest-'));
}

/** Writes a file into `dir` and returns its path. */
export function write(
  dir: string,
  name: string,
  content: string | Uint8Array,
): string {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
}

/** The rows of a table as plain objects. */
export function rows(table: Table | undefined): Record<string, unknown>[] {
  if (!table) throw new Error('missing table');
  return table.toArray().map((r) => r.toJSON() as Record<string, unknown>);
}

/** The values of one column. */
export function column(table: Table | undefined, name: string): unknown[] {
  return rows(table).map((r) => r[name]);
}

/**
 * Expects `promise` to fail with a DsrepError at the given location
 * and a message matching `pattern`.
 */
export async function expectError(
  promise: Promise<unknown>,
  where: { file?: string; row?: number; column?: string; code?: string },
  pattern: RegExp,
): Promise<DsrepError> {
  let error: unknown;
  try {
    await promise;
  } catch (e) {
    error = e;
  }
  expect(error, 'an error was thrown').toBeInstanceOf(DsrepError);
  const e = error as DsrepError;
  expect(e.message, 'message').toMatch(pattern);
  if (where.code) expect(e.code, 'code').toBe(where.code);
  if (where.file !== undefined) {
    expect(e.location.file, 'file').toBe(where.file);
  }
  if (where.row !== undefined) expect(e.location.row, 'row').toBe(where.row);
  if (where.column !== undefined) {
    expect(e.location.column, 'column').toBe(where.column);
  }
  return e;
}
