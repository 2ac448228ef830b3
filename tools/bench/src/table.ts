import type { BenchResult } from './stats.js';

/*
 * What the terminal shows after a run: one line per benchmark, and for
 * the end-to-end runs a text chart of time and peak memory against the
 * number of annotations, so that growth with input size is visible.
 */

/** Right-aligned columns after a left-aligned first one. */
function align(head: string[], body: string[][]): string {
  const widths = head.map((h, i) =>
    Math.max(h.length, ...body.map((row) => (row[i] as string).length)),
  );
  const line = (cells: string[]) =>
    cells
      .map((c, i) =>
        i === 0
          ? c.padEnd(widths[i] as number)
          : c.padStart(widths[i] as number),
      )
      .join('  ');
  return [line(head), ...body.map(line)].join('\n');
}

/** The summary table: medians with min and max, rows/s, peak memory. */
export function formatTable(rows: BenchResult[]): string {
  const head = [
    'benchmark',
    'runs',
    'median ms',
    'min',
    'max',
    'M rows/s',
    'peak MiB',
  ];
  const body = rows.map((r) => [
    r.name,
    String(r.runs),
    r.wallMs.median.toFixed(1),
    r.wallMs.min.toFixed(1),
    r.wallMs.max.toFixed(1),
    r.rowsPerSec ? (r.rowsPerSec.median / 1e6).toFixed(2) : '-',
    r.peakRssMiB.toFixed(0) + (r.peakRssOf === 'cli' ? ' (cli)' : ''),
  ]);
  return align(head, body);
}

const BAR = 40;

/**
 * Time and peak memory of the `cli.e2e.*` runs against annotations,
 * each as a bar scaled to the largest, plus both per million
 * annotations: flat per-million figures mean linear growth.
 */
export function scalingChart(rows: BenchResult[]): string | undefined {
  const e2e = rows
    .filter((r) => r.name.startsWith('cli.e2e.') && r.metrics?.annotations)
    .sort(
      (a, b) => (a.metrics?.annotations ?? 0) - (b.metrics?.annotations ?? 0),
    );
  if (e2e.length === 0) return undefined;
  const maxS = Math.max(...e2e.map((r) => r.wallMs.median));
  const maxM = Math.max(...e2e.map((r) => r.peakRssMiB));
  const bar = (x: number, max: number) =>
    '#'.repeat(Math.max(1, Math.round((BAR * x) / max)));
  const body = e2e.map((r) => {
    const millions = (r.metrics?.annotations ?? 0) / 1e6;
    const seconds = r.wallMs.median / 1000;
    return [
      r.name,
      millions.toFixed(2),
      seconds.toFixed(1),
      (seconds / millions).toFixed(1),
      r.peakRssMiB.toFixed(0),
      (r.peakRssMiB / millions).toFixed(0),
    ];
  });
  const table = align(
    ['end to end', 'M annot.', 'seconds', 's per M', 'peak MiB', 'MiB per M'],
    body,
  );
  const bars = e2e.flatMap((r) => [
    `${r.name.padEnd(20)} time ${bar(r.wallMs.median, maxS)}`,
    `${''.padEnd(20)} mem  ${bar(r.peakRssMiB, maxM)}`,
  ]);
  return [table, '', ...bars].join('\n');
}
