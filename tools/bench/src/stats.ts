/** One benchmark's summary, as written to the results JSON. */
export interface BenchResult {
  name: string;
  doc: string;
  /** Why runs or warm-up differ from the suite's, if they do. */
  note?: string;
  /** Rows handled per run (0 when rows/s does not apply). */
  rows: number;
  runs: number;
  warmup: number;
  /** Wall time of one run, milliseconds. */
  wallMs: { median: number; min: number; max: number };
  /** rows / wall time: at the median run and at the fastest. */
  rowsPerSec: { median: number; best: number } | null;
  /**
   * Peak resident memory, MiB: of the benchmark's process, or of the
   * process a run started when that was larger (the CLI, for `cli.*`).
   */
  peakRssMiB: number;
  /** Whose peak `peakRssMiB` is. */
  peakRssOf: 'bench' | 'cli';
  /** Medians of the extra numbers returned by `run`, if any. */
  metrics?: Record<string, number>;
}

/** Median of a non-empty list (mean of the middle two when even). */
export function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2
    ? (s[mid] as number)
    : ((s[mid - 1] as number) + (s[mid] as number)) / 2;
}

const round = (x: number, digits = 1) => Number(x.toFixed(digits));

/** Builds a BenchResult from raw run times and the process's maxRSS. */
export function summarize(raw: {
  name: string;
  doc: string;
  note: string;
  warmup: number;
  rows: number;
  millis: number[];
  extras: Record<string, number>[];
  maxRssKiB: number;
}): BenchResult {
  const med = median(raw.millis);
  const min = Math.min(...raw.millis);
  const ownMiB = raw.maxRssKiB / 1024;
  // A child's peak is per run; the largest run is the one to report.
  const childMiB = Math.max(0, ...raw.extras.map((e) => e.peakRssMiB ?? 0));
  const result: BenchResult = {
    name: raw.name,
    doc: raw.doc,
    ...(raw.note ? { note: raw.note } : {}),
    rows: raw.rows,
    runs: raw.millis.length,
    warmup: raw.warmup,
    wallMs: {
      median: round(med),
      min: round(min),
      max: round(Math.max(...raw.millis)),
    },
    rowsPerSec:
      raw.rows > 0
        ? {
            median: Math.round(raw.rows / (med / 1000)),
            best: Math.round(raw.rows / (min / 1000)),
          }
        : null,
    peakRssMiB: round(Math.max(ownMiB, childMiB)),
    peakRssOf: childMiB > ownMiB ? 'cli' : 'bench',
  };
  const keys = new Set(raw.extras.flatMap((e) => Object.keys(e)));
  if (keys.size > 0) {
    result.metrics = {};
    for (const k of keys) {
      const values = raw.extras.map((e) => e[k]).filter((v) => v !== undefined);
      result.metrics[k] = round(median(values as number[]), 3);
    }
  }
  return result;
}
