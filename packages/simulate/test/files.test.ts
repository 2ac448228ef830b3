import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RandomStream, canonicalTable, readStageTables } from '@dsrep/core';
import { tableToIPC, type Table } from 'apache-arrow';
import { afterAll, describe, expect, it } from 'vitest';
import { simulateToFiles } from '../src/files.js';
import { MTURK_COLUMNS, exportMTurk } from '../src/mturk.js';
import { simulate } from '../src/simulate.js';

const bytes = (t: Table) => Buffer.from(tableToIPC(canonicalTable(t), 'file'));
const dirs: string[] = [];
const tempDir = async () => {
  const d = await mkdtemp(join(tmpdir(), 'dsrep-sim-'));
  dirs.push(d);
  return d;
};
afterAll(async () => {
  for (const d of dirs) await rm(d, { recursive: true, force: true });
});

/** A strict RFC 4180 reader: quoted fields, doubled quotes, CRLF. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let i = 0;
  while (i < text.length) {
    if (text[i] !== '"') throw new Error(`unquoted field at ${i}`);
    let value = '';
    i++;
    for (;;) {
      const q = text.indexOf('"', i);
      if (q < 0) throw new Error('unterminated field');
      value += text.slice(i, q);
      if (text[q + 1] === '"') {
        value += '"';
        i = q + 2;
      } else {
        i = q + 1;
        break;
      }
    }
    row.push(value);
    if (text[i] === ',') i++;
    else if (text.startsWith('\r\n', i)) {
      rows.push(row);
      row = [];
      i += 2;
    } else throw new Error(`bad character after field at ${i}`);
  }
  return rows;
}

const MONTHS = 'Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec'.split(' ');
function parseTime(s: string): number {
  const m = /^\w{3} (\w{3}) (\d\d) (\d\d):(\d\d):(\d\d) UTC (\d{4})$/.exec(s);
  if (!m) throw new Error(`bad time ${s}`);
  const [, mon, d, h, mi, sec, y] = m;
  return Date.UTC(
    +(y ?? 0),
    MONTHS.indexOf(mon ?? ''),
    +(d ?? 0),
    +(h ?? 0),
    +(mi ?? 0),
    +(sec ?? 0),
  );
}

const params = {
  preset: 'original' as const,
  classes: 4,
  models: 2,
  duplicateShare: 0.2,
  // Many bad workers, so that some assignments are surely rejected.
  workerShares: { good: 0.6, everything: 0.1, nothing: 0.15, random: 0.15 },
};

describe('simulateToFiles', () => {
  it('writes a stage directory equal to the in-memory tables', async () => {
    const dir = await tempDir();
    const summary = await simulateToFiles(
      { ...params, classesPerBatch: 3 },
      9,
      dir,
    );
    const memory = simulate(
      params,
      RandomStream.fromSeed(9).derive('stage:simulate'),
    );
    expect(summary.annotations).toBe(memory.tables.annotations.numRows);
    const names = Object.keys(memory.tables);
    const read = await readStageTables([dir], names);
    for (const name of names) {
      const a = read[name];
      if (!a) throw new Error(`${name} not written`);
      const b = memory.tables[name as keyof typeof memory.tables];
      expect(bytes(a).equals(bytes(b)), name).toBe(true);
    }
    expect(read.annotations?.batches.length, 'one batch per 3 classes').toBe(2);
  });

  it('writes the same bytes for the same seed', async () => {
    const sums = async (seed: number) => {
      const dir = await tempDir();
      await simulateToFiles({ ...params, classesPerBatch: 3 }, seed, dir);
      const manifest = JSON.parse(
        await readFile(join(dir, '_manifest.json'), 'utf8'),
      ) as { tables: Record<string, { sha256: string }> };
      return manifest.tables;
    };
    const [a, b, c] = [await sums(4), await sums(4), await sums(5)];
    expect(a).toEqual(b);
    expect(a.annotations?.sha256).not.toBe(c.annotations?.sha256);
  });
});

describe('exportMTurk', () => {
  it('round-trips to the annotations table', async () => {
    const dir = await tempDir();
    const out = await exportMTurk(params, 9, dir);
    expect(out.files).toHaveLength(4);
    const memory = simulate(
      params,
      RandomStream.fromSeed(9).derive('stage:simulate'),
    );
    const flagged = new Set<string>();

    // Rebuild annotation rows from the CSV as MTURK_FORMAT.md says.
    const fromCsv: string[] = [];
    let rejected = 0;
    for (const file of out.files) {
      const [header, ...rows] = parseCsv(await readFile(file, 'utf8'));
      expect(header).toEqual([...MTURK_COLUMNS]);
      const at = (name: string) => (header ?? []).indexOf(name);
      for (const r of rows) {
        const get = (name: string) => r[at(name)] as string;
        const ids = JSON.parse(get('Input.image_ids')) as string[];
        const roles = JSON.parse(get('Input.roles')) as string[];
        const kinds = JSON.parse(get('Input.control_kinds')) as (
          string | null
        )[];
        const chosen = new Set(JSON.parse(get('Answer.selected')) as string[]);
        const shown = JSON.parse(get('Answer.shown_order')) as string[];
        expect(get('Input.class_name')).toContain(',');
        if (get('AssignmentStatus') === 'Rejected') {
          rejected++;
          flagged.add(get('AssignmentId'));
        }
        for (const img of shown) {
          const j = ids.indexOf(img);
          fromCsv.push(
            [
              get('WorkerId'),
              get('AssignmentId'),
              get('Input.grid_id'),
              img,
              get('Input.class_id'),
              roles[j],
              kinds[j] ?? 'null',
              chosen.has(img),
              parseTime(get('SubmitTime')),
            ].join('|'),
          );
        }
      }
    }

    const ann = memory.tables.annotations;
    const cols = ann.schema.fields.map((f) => ann.getChild(f.name));
    const fromTable: string[] = [];
    for (let i = 0; i < ann.numRows; i++) {
      fromTable.push(cols.map((c) => String(c?.get(i) ?? 'null')).join('|'));
    }
    expect(fromCsv.sort()).toEqual(fromTable.sort());

    // Rejected exactly when flagged (fewer than 6 selected or > 1 control).
    const byAssignment = new Map<string, { n: number; c: number }>();
    for (let i = 0; i < ann.numRows; i++) {
      if (!ann.getChild('selected')?.get(i)) continue;
      const a = ann.getChild('assignment_id')?.get(i) as string;
      const e = byAssignment.get(a) ?? { n: 0, c: 0 };
      e.n++;
      if (ann.getChild('role')?.get(i) === 'control') e.c++;
      byAssignment.set(a, e);
    }
    let expected = 0;
    for (let i = 0; i < ann.numRows; i += 48) {
      const a = ann.getChild('assignment_id')?.get(i) as string;
      const e = byAssignment.get(a) ?? { n: 0, c: 0 };
      const isFlagged = e.n < 6 || e.c > 1;
      if (isFlagged) expected++;
      expect(flagged.has(a), a).toBe(isFlagged);
    }
    expect(rejected).toBe(expected);
    expect(rejected, 'some assignments are rejected').toBeGreaterThan(0);
  });
});
