/**
 * Progress as data: libraries report through this interface and never
 * print. The CLI chooses a renderer (a bar on a terminal, plain lines
 * in CI, nothing in tests).
 */
export interface Progress {
  /** Starts a task of `total` units (rows, resamples, classes). */
  start(label: string, total: number): void;
  /** Advances the current task by `units`. */
  tick(units?: number): void;
  /** Ends the current task. */
  done(): void;
}

export const silentProgress: Progress = {
  start() {},
  tick() {},
  done() {},
};

interface Sink {
  write(text: string): unknown;
  isTTY?: boolean;
}

/**
 * A progress renderer: a redrawn bar when `out` is a terminal (and CI is
 * not set), otherwise a plain line at start, every quarter, and end.
 */
export function createProgress(
  out: Sink = process.stderr,
  opts: { plain?: boolean } = {},
): Progress {
  const plain = opts.plain ?? (!out.isTTY || Boolean(process.env.CI));
  let label = '';
  let total = 0;
  let value = 0;
  let started = 0;
  let lastDraw = 0;
  let lastQuarter = -1;

  const draw = (force: boolean) => {
    const now = Date.now();
    const frac = total > 0 ? Math.min(1, value / total) : 1;
    if (plain) {
      const quarter = Math.floor(frac * 4);
      if (quarter !== lastQuarter || force) {
        lastQuarter = quarter;
        out.write(`${label}: ${Math.round(frac * 100)}% (${value}/${total})\n`);
      }
      return;
    }
    if (!force && now - lastDraw < 80) return;
    lastDraw = now;
    const width = 28;
    const filled = Math.round(frac * width);
    const bar = '#'.repeat(filled) + '-'.repeat(width - filled);
    const secs = ((now - started) / 1000).toFixed(1);
    out.write(`\r${label} [${bar}] ${Math.round(frac * 100)}% ${secs}s`);
  };

  return {
    start(l, t) {
      label = l;
      total = t;
      value = 0;
      started = Date.now();
      lastQuarter = -1;
      draw(true);
    },
    tick(units = 1) {
      value += units;
      draw(false);
    },
    done() {
      value = total;
      if (plain) {
        if (lastQuarter !== 4) draw(true);
      } else {
        draw(true);
        out.write('\n');
      }
    },
  };
}
