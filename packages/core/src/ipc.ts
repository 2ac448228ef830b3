import { randomBytes } from 'node:crypto';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, basename, join } from 'node:path';
import { tableFromIPC, tableToIPC, type Table } from 'apache-arrow';
import { DsrepError } from './errors.js';

/** Reads an Arrow IPC file (file or stream format) into a table. */
export async function readIpc(path: string): Promise<Table> {
  let bytes: Buffer;
  try {
    bytes = await readFile(path);
  } catch (cause) {
    throw new DsrepError(
      'MISSING_INPUT',
      `cannot read Arrow file: ${msg(cause)}`,
      {
        file: path,
        cause,
      },
    );
  }
  try {
    return tableFromIPC(bytes);
  } catch (cause) {
    throw new DsrepError(
      'BAD_INPUT',
      `not a readable Arrow IPC file (${msg(cause)})`,
      { file: path, cause },
    );
  }
}

/**
 * Writes `table` as an Arrow IPC file atomically: the bytes go to a
 * temporary name in the same directory, then a rename puts them in
 * place, so a reader never sees half a file.
 */
export async function writeIpcAtomic(
  path: string,
  table: Table,
): Promise<void> {
  await writeFileAtomic(path, tableToIPC(table, 'file'));
}

/** Writes bytes or text to `path` by temporary name and rename. */
export async function writeFileAtomic(
  path: string,
  content: Uint8Array | string,
): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  const tmp = join(
    dirname(path),
    `.${basename(path)}.tmp-${process.pid}-${randomBytes(4).toString('hex')}`,
  );
  try {
    await writeFile(tmp, content);
    await rename(tmp, path);
  } catch (error) {
    await rm(tmp, { force: true });
    throw error;
  }
}

function msg(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
