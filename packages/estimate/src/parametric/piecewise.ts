import { BASIS_SCALE, SPLINE_KNOTS, SPLINE_SIZE } from './basis.js';

/**
 * The smallest and largest value of a spline (coefficients in the
 * scaled basis) over all of [0, 1]. Between knots the truncated power
 * basis is a plain cubic, so each piece's extremes are at its ends or
 * where its derivative (a quadratic) vanishes. The spline QP uses this
 * as a quick test that no quadrature node can violate a bound: the
 * nodes lie in [0, 1], so their values lie in [min, max].
 */
export function splineRange(scaled: Float64Array): [number, number] {
  const c = new Float64Array(SPLINE_SIZE);
  for (let b = 0; b < SPLINE_SIZE; b++)
    c[b] = (scaled[b] as number) / (BASIS_SCALE[b] as number);
  // Monomial coefficients p0 + p1 s + p2 s² + p3 s³ of the first piece;
  // each knot κ then adds c·(s − κ)³ = c·(s³ − 3κs² + 3κ²s − κ³).
  let p0 = c[0] as number;
  let p1 = c[1] as number;
  let p2 = c[2] as number;
  let p3 = c[3] as number;
  let lo = Infinity;
  let hi = -Infinity;
  const visit = (s: number) => {
    const v = p0 + s * (p1 + s * (p2 + s * p3));
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  };
  const ends = [0, ...SPLINE_KNOTS, 1];
  for (let piece = 0; piece < ends.length - 1; piece++) {
    if (piece > 0) {
      const k = ends[piece] as number;
      const w = c[3 + piece] as number;
      p0 -= w * k * k * k;
      p1 += 3 * w * k * k;
      p2 -= 3 * w * k;
      p3 += w;
    }
    const a = ends[piece] as number;
    const b = ends[piece + 1] as number;
    visit(a);
    visit(b);
    // p'(s) = p1 + 2 p2 s + 3 p3 s²: its roots inside (a, b).
    const A = 3 * p3;
    const B = 2 * p2;
    if (A === 0) {
      if (B !== 0) inside(-p1 / B, a, b, visit);
      continue;
    }
    const disc = B * B - 4 * A * p1;
    if (disc < 0) continue;
    const root = Math.sqrt(disc);
    inside((-B - root) / (2 * A), a, b, visit);
    inside((-B + root) / (2 * A), a, b, visit);
  }
  return [lo, hi];
}

function inside(
  s: number,
  a: number,
  b: number,
  visit: (s: number) => void,
): void {
  if (s > a && s < b) visit(s);
}
