/**
 * Bootstrap draws of one estimator: `resamples` rows of `width` values
 * (one per model, or per model and m for curves).
 */
export class Draws {
  readonly values: Float64Array;
  constructor(
    readonly resamples: number,
    readonly width: number,
  ) {
    this.values = new Float64Array(resamples * width).fill(NaN);
  }

  set(b: number, row: ArrayLike<number>): void {
    for (let j = 0; j < this.width; j++) {
      this.values[b * this.width + j] = row[j];
    }
  }

  /**
   * The 2.5% and 97.5% percentiles of column `j` (linear interpolation
   * between order statistics, R's type 7). Resamples where the estimator
   * was undefined (NaN) are left out; with fewer than two defined draws
   * the interval is [NaN, NaN].
   */
  interval(j: number, level = 0.95): [number, number] {
    const column = new Float64Array(this.resamples);
    let defined = 0;
    for (let b = 0; b < this.resamples; b++) {
      const v = this.values[b * this.width + j];
      if (!Number.isNaN(v)) column[defined++] = v;
    }
    if (defined < 2) return [NaN, NaN];
    // Typed-array sort is numeric and much faster than Array#sort.
    const sorted = column.subarray(0, defined).sort();
    const tail = (1 - level) / 2;
    return [quantile(sorted, tail), quantile(sorted, 1 - tail)];
  }
}

function quantile(sorted: Float64Array, q: number): number {
  const h = (sorted.length - 1) * q;
  const lo = Math.floor(h);
  const hi = Math.min(lo + 1, sorted.length - 1);
  return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
}
