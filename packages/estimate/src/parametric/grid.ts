import betaln from '@stdlib/math-base-special-betaln';
import type { MixtureFit } from './mixture.js';

/**
 * The quadrature grid for integrals over the selection frequency s
 * (SPEC section 7: "a Riemann sum on a fine grid of s"): the midpoints
 * of `cells` equal cells of [0, 1], plus the two end points 0 and 1.
 * Node 0 is s = 0, nodes 1 … cells are the midpoints, the last is s = 1.
 */
export function quadratureGrid(cells: number): Float64Array {
  const s = new Float64Array(cells + 2);
  for (let g = 0; g < cells; g++) s[g + 1] = (g + 0.5) / cells;
  s[cells + 1] = 1;
  return s;
}

/**
 * Quadrature weights of a beta mixture on {@link quadratureGrid}: the
 * probability mass p(s) ds carried by each node; they sum to 1.
 *
 * Interior cells use the midpoint rule. The two boundary cells are
 * integrated analytically, because fitted components are often spikes
 * at s = 0 or s = 1 (α or β below 1, e.g. images every annotator
 * selected), where the midpoint rule would misplace most of the mass:
 * ∫₀ʰ s^(α−1)(1−s)^(β−1) ds ≈ (h^α / α)(1 − h/2)^(β−1). That mass is
 * split between s = 0 and the cell midpoint so that its mean, h·α/(α+1),
 * is kept, which makes integrals of smooth functions (the binomial
 * likelihood of a count, the spline P(f=1|s)) accurate to O(h²).
 * Each component's weights are then rescaled to sum to exactly 1.
 */
export function mixtureWeights(fit: MixtureFit, cells: number): Float64Array {
  const out = new Float64Array(cells + 2);
  const comp = new Float64Array(cells + 2);
  const h = 1 / cells;
  for (let i = 0; i < fit.pi.length; i++) {
    const pi = fit.pi[i] as number;
    if (!(pi > 0)) continue;
    const a = fit.alpha[i] as number;
    const b = fit.beta[i] as number;
    const logB = betaln(a, b);

    for (let g = 1; g < cells - 1; g++) {
      const s = (g + 0.5) * h;
      comp[g + 1] =
        h * Math.exp((a - 1) * Math.log(s) + (b - 1) * Math.log1p(-s) - logB);
    }
    // Left cell [0, h]: endpoint node 0 and midpoint node 1.
    splitBoundary(comp, 0, 1, a, b, h, logB);
    // Right cell [1 − h, 1]: the same with the roles of α and β swapped.
    splitBoundary(comp, cells + 1, cells, b, a, h, logB);

    let total = 0;
    for (let g = 0; g < comp.length; g++) total += comp[g] as number;
    if (!(total > 0 && Number.isFinite(total))) {
      // A component far narrower than a cell: all its mass at its mean.
      comp.fill(0);
      comp[
        Math.min(cells, Math.max(1, Math.round((a / (a + b)) * cells + 0.5)))
      ] = 1;
      total = 1;
    }
    for (let g = 0; g < comp.length; g++) {
      out[g] = (out[g] as number) + (pi * (comp[g] as number)) / total;
    }
  }
  return out;
}

function splitBoundary(
  w: Float64Array,
  end: number,
  mid: number,
  a: number,
  b: number,
  h: number,
  logB: number,
): void {
  const mass = Math.exp(
    a * Math.log(h) - Math.log(a) + (b - 1) * Math.log1p(-h / 2) - logB,
  );
  // Mean distance from the end point is h·a/(a+1); the midpoint is at h/2.
  const atMid = Math.min(1, (2 * a) / (a + 1));
  w[mid] = mass * atMid;
  w[end] = mass * (1 - atMid);
}
