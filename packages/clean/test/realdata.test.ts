import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  annotations,
  clean,
  counts,
  expectBalanced,
  rowsOf,
  summaryValue,
  type Row,
} from './helpers.js';

/*
 * Real data from /work/shared/data (see its README): CIFAR-10H counts
 * (count-only input, n = 47..63 annotators per image) and the bluebirds
 * MTurk answers (39 workers × 108 images, with worker ids).
 */
const here = path.dirname(fileURLToPath(import.meta.url));
const DATA = path.resolve(here, '../../../../shared/data');
const present = existsSync(DATA);
if (!present) console.log(`skipping real-data tests: ${DATA} is absent`);

/** A minimal .npy reader (format v1/v2, little-endian ints, C order). */
function readNpy(file: string): { shape: number[]; values: number[] } {
  const buf = readFileSync(file);
  const major = buf[6];
  const headerLen = major === 1 ? buf.readUInt16LE(8) : buf.readUInt32LE(8);
  const start = major === 1 ? 10 : 12;
  const header = buf.toString('latin1', start, start + headerLen);
  const descr = /'descr':\s*'([^']+)'/.exec(header)?.[1];
  const shape = (/'shape':\s*\(([^)]*)\)/.exec(header)?.[1] ?? '')
    .split(',')
    .filter((s) => s.trim() !== '')
    .map(Number);
  const body = buf.subarray(start + headerLen);
  const count = shape.reduce((a, b) => a * b, 1);
  const values: number[] = [];
  for (let i = 0; i < count; i++) {
    if (descr === '<i8') values.push(Number(body.readBigInt64LE(i * 8)));
    else if (descr === '<u2') values.push(body.readUInt16LE(i * 2));
    else throw new Error(`${file}: unsupported dtype ${descr}`);
  }
  return { shape, values };
}

describe.skipIf(!present)('clean on real data', () => {
  it('CIFAR-10H counts: thinned to the smallest n, mean preserved', async () => {
    const dir = path.join(DATA, 'cifar10h');
    const c = readNpy(path.join(dir, 'cifar10h-counts.npy'));
    const labels = readNpy(path.join(dir, 'cifar10-test-labels.npy')).values;
    const rows: [string, string, number, number][] = [];
    for (let i = 0; i < labels.length; i++) {
      const row = c.values.slice(i * 10, i * 10 + 10);
      const n = row.reduce((a, b) => a + b, 0);
      rows.push([`img${i}`, 'reference', row[labels[i] ?? 0] ?? 0, n]);
    }
    const run = await clean({ counts: counts(rows) });
    const out = rowsOf(run.tables.counts_clean);
    const m = Math.min(...rows.map((r) => r[3]));
    expect(new Set(out.map((r) => r.annotator_count))).toEqual(new Set([m]));
    expectBalanced(run, rows.length, 'counts');

    // Sum of thinned k against its expectation Σ k·m/n; the variance is
    // the sum of hypergeometric variances m·p(1−p)(n−m)/(n−1); 4 sd.
    let expected = 0;
    let variance = 0;
    for (const [, , k, n] of rows) {
      const p = k / n;
      expected += (k * m) / n;
      variance += (m * p * (1 - p) * (n - m)) / (n - 1);
    }
    const got = out.reduce((s, r) => s + Number(r.selected_count), 0);
    expect(Math.abs(got - expected)).toBeLessThan(4 * Math.sqrt(variance));
    console.log(
      `CIFAR-10H: ${rows.length} images thinned to n = ${m}; share of ` +
        `annotations dropped ${summaryValue(run, 'share_dropped', 'clean', 'counts')?.toFixed(4)}; ` +
        `sum k ${got} vs expected ${expected.toFixed(1)} ± ${Math.sqrt(variance).toFixed(1)}`,
    );
  });

  it('bluebirds: real workers, one 108-image assignment each', async () => {
    const text = readFileSync(path.join(DATA, 'bluebirds/answer.csv'), 'utf8');
    const rows: Row[] = text
      .trim()
      .split('\n')
      .slice(1)
      .map((line) => {
        const [question, worker, answer] = line.split(',');
        return {
          worker: `w${worker}`,
          assignment: `w${worker}`,
          grid: 'bluebirds',
          image: `q${question}`,
          cls: 'bluebird',
          role: 'candidate',
          selected: answer?.trim() === '1',
        };
      });
    const run = await clean({ annotations: annotations(rows) });
    expectBalanced(run, rows.length);
    const flagged = rowsOf(run.tables.batch_stats).filter((r) => r.flagged);
    // Without controls only the too-few rule can flag: a worker who said
    // yes to fewer than 6 of 108 images.
    for (const f of flagged) expect(f.flag_reason).toBe('too_few_selected');
    const yes = new Map<string, number>();
    for (const r of rows) {
      yes.set(r.worker, (yes.get(r.worker) ?? 0) + (r.selected ? 1 : 0));
    }
    const few = [...yes.values()].filter((k) => k < 6).length;
    expect(flagged.length, 'workers with < 6 yes answers').toBe(few);
    // Every image has all 39 workers, so evening out drops nothing, and
    // a flagged worker (one assignment) is a rejected one.
    expect(run.tables.annotations_clean?.numRows).toBe(rows.length - few * 108);
    console.log(
      `bluebirds: ${rows.length} annotations, ${flagged.length} flagged ` +
        `assignments, share dropped ` +
        `${summaryValue(run, 'share_dropped', 'clean')?.toFixed(4)}, ` +
        `annotators per image min ` +
        `${summaryValue(run, 'annotators_per_image_min', 'clean')} median ` +
        `${summaryValue(run, 'annotators_per_image_median', 'clean')}`,
    );
  });
});
