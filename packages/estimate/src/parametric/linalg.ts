// Dense linear algebra for the spline QP's active-set step (7 × 7 and
// smaller), on row-major Float64Arrays.

/** Gauss–Jordan inverse of a symmetric positive definite matrix. */
export function invert(m: Float64Array, P: number): Float64Array {
  const a = Float64Array.from(m);
  const out = new Float64Array(P * P);
  for (let i = 0; i < P; i++) out[i * P + i] = 1;
  for (let col = 0; col < P; col++) {
    let pivot = col;
    for (let r = col + 1; r < P; r++) {
      if (
        Math.abs(a[r * P + col] as number) >
        Math.abs(a[pivot * P + col] as number)
      )
        pivot = r;
    }
    swapRows(a, P, col, pivot);
    swapRows(out, P, col, pivot);
    const d = a[col * P + col] as number;
    for (let b = 0; b < P; b++) {
      a[col * P + b] = (a[col * P + b] as number) / d;
      out[col * P + b] = (out[col * P + b] as number) / d;
    }
    for (let r = 0; r < P; r++) {
      if (r === col) continue;
      const f = a[r * P + col] as number;
      if (f === 0) continue;
      for (let b = 0; b < P; b++) {
        a[r * P + b] =
          (a[r * P + b] as number) - f * (a[col * P + b] as number);
        out[r * P + b] =
          (out[r * P + b] as number) - f * (out[col * P + b] as number);
      }
    }
  }
  return out;
}

function swapRows(m: Float64Array, P: number, i: number, j: number): void {
  if (i === j) return;
  for (let b = 0; b < P; b++) {
    const t = m[i * P + b] as number;
    m[i * P + b] = m[j * P + b] as number;
    m[j * P + b] = t;
  }
}

/** Solves the W × W system M x = r, or undefined when M is singular. */
export function solveSmall(
  M: Float64Array,
  r: Float64Array,
  W: number,
): Float64Array | undefined {
  const a = Float64Array.from(M);
  const x = Float64Array.from(r);
  for (let col = 0; col < W; col++) {
    let pivot = col;
    for (let i = col + 1; i < W; i++) {
      if (
        Math.abs(a[i * W + col] as number) >
        Math.abs(a[pivot * W + col] as number)
      )
        pivot = i;
    }
    const p = a[pivot * W + col] as number;
    if (!(Math.abs(p) > 1e-300)) return undefined;
    swapRows(a, W, col, pivot);
    [x[col], x[pivot]] = [x[pivot] as number, x[col] as number];
    for (let i = col + 1; i < W; i++) {
      const f = (a[i * W + col] as number) / p;
      if (f === 0) continue;
      for (let j = col; j < W; j++)
        a[i * W + j] =
          (a[i * W + j] as number) - f * (a[col * W + j] as number);
      x[i] = (x[i] as number) - f * (x[col] as number);
    }
  }
  for (let i = W - 1; i >= 0; i--) {
    let v = x[i] as number;
    for (let j = i + 1; j < W; j++)
      v -= (a[i * W + j] as number) * (x[j] as number);
    x[i] = v / (a[i * W + i] as number);
  }
  return x;
}
