import type { CountLevels } from './levels.js';

/** Bounds on log α and log β: α, β ∈ [1e-3, 1e5]. */
export const LOG_PARAM_MIN = Math.log(1e-3);
export const LOG_PARAM_MAX = Math.log(1e5);

/**
 * The weighted beta-binomial log-likelihood of one mixture component,
 * Σ_j c_j · log BB(k_j; n_j, α, β) without its constant log C(n, k)
 * terms, rewritten with rising factorials (Minka 2000):
 *
 *     Q(α, β) = Σ_t A_t log(α + t) + B_t log(β + t) − C_t log(α + β + t)
 *
 * where A_t = Σ_j c_j [k_j > t], B_t = Σ_j c_j [n_j − k_j > t] and
 * C_t = Σ_j c_j [n_j > t] for t = 0 … nMax − 1. Its derivatives are
 * the digamma/trigamma differences ψ(α + k) − ψ(α) = Σ_{t<k} 1/(α + t),
 * computed exactly as finite sums, so one evaluation costs O(nMax).
 */
export interface ComponentStats {
  a: Float64Array;
  b: Float64Array;
  c: Float64Array;
}

/** Fills `out` from per-level weights c_j (responsibility × count). */
export function componentStats(
  levels: CountLevels,
  c: Float64Array,
  out: ComponentStats,
): void {
  const { a, b, c: cn } = out;
  a.fill(0);
  b.fill(0);
  cn.fill(0);

  // Histograms at k − 1, n − k − 1, n − 1, then suffix sums give [x > t].
  for (let j = 0; j < levels.k.length; j++) {
    const w = c[j] as number;
    const k = levels.k[j] as number;
    const n = levels.n[j] as number;
    if (k > 0) a[k - 1] = (a[k - 1] as number) + w;
    if (n - k > 0) b[n - k - 1] = (b[n - k - 1] as number) + w;
    cn[n - 1] = (cn[n - 1] as number) + w;
  }
  for (let t = a.length - 2; t >= 0; t--) {
    a[t] = (a[t] as number) + (a[t + 1] as number);
    b[t] = (b[t] as number) + (b[t + 1] as number);
    cn[t] = (cn[t] as number) + (cn[t + 1] as number);
  }
}

/** Q(α, β) of {@link ComponentStats}. */
export function componentObjective(
  s: ComponentStats,
  alpha: number,
  beta: number,
): number {
  let q = 0;
  const ab = alpha + beta;
  for (let t = 0; t < s.a.length; t++) {
    q +=
      (s.a[t] as number) * Math.log(alpha + t) +
      (s.b[t] as number) * Math.log(beta + t) -
      (s.c[t] as number) * Math.log(ab + t);
  }
  return q;
}

/**
 * Maximises Q over (u, v) = (log α, log β) within the bounds by a
 * damped Newton method: the Hessian is shifted to be negative definite
 * when it is not, steps are capped at 2 in log space, and each step is
 * halved until Q does not decrease. Q therefore never goes down, which
 * keeps EM monotone (a generalised EM step). Returns [u, v].
 */
export function maximizeComponent(
  s: ComponentStats,
  u0: number,
  v0: number,
  maxSteps: number,
): [number, number] {
  let u = u0;
  let v = v0;
  let q = componentObjective(s, Math.exp(u), Math.exp(v));
  for (let step = 0; step < maxSteps; step++) {
    const alpha = Math.exp(u);
    const beta = Math.exp(v);

    // Gradient and Hessian in (α, β), then the chain rule to (u, v).
    let ga = 0;
    let gb = 0;
    let haa = 0;
    let hbb = 0;
    let hab = 0;
    for (let t = 0; t < s.a.length; t++) {
      const at = s.a[t] as number;
      const bt = s.b[t] as number;
      const ct = s.c[t] as number;
      const ia = 1 / (alpha + t);
      const ib = 1 / (beta + t);
      const iab = 1 / (alpha + beta + t);
      ga += at * ia - ct * iab;
      gb += bt * ib - ct * iab;
      haa += -at * ia * ia + ct * iab * iab;
      hbb += -bt * ib * ib + ct * iab * iab;
      hab += ct * iab * iab;
    }
    const gu = alpha * ga;
    const gv = beta * gb;
    // M = −Hessian in (u, v); Newton solves M d = g.
    let m11 = -(alpha * alpha * haa + gu);
    let m22 = -(beta * beta * hbb + gv);
    const m12 = -(alpha * beta * hab);
    const half = 0.5 * (m11 + m22);
    const root = Math.sqrt(0.25 * (m11 - m22) ** 2 + m12 * m12);
    const minEig = half - root;
    const floor = 1e-6 * (Math.abs(m11) + Math.abs(m22) + 1e-12);
    if (minEig < floor) {
      m11 += floor - minEig;
      m22 += floor - minEig;
    }
    const det = m11 * m22 - m12 * m12;
    let du = (m22 * gu - m12 * gv) / det;
    let dv = (m11 * gv - m12 * gu) / det;
    const size = Math.max(Math.abs(du), Math.abs(dv));
    if (!(size > 1e-12)) break;
    if (size > 2) {
      du *= 2 / size;
      dv *= 2 / size;
    }

    // Backtrack: halve until Q does not decrease (projected onto bounds).
    let moved = false;
    for (let tries = 0; tries < 40; tries++) {
      const un = clamp(u + du);
      const vn = clamp(v + dv);
      const qn = componentObjective(s, Math.exp(un), Math.exp(vn));
      if (qn >= q) {
        const gain = qn - q;
        moved = un !== u || vn !== v;
        u = un;
        v = vn;
        q = qn;
        if (gain <= 1e-13 * Math.abs(q)) moved = false;
        break;
      }
      du *= 0.5;
      dv *= 0.5;
    }
    if (!moved) break;
  }
  return [u, v];
}

function clamp(x: number): number {
  return Math.min(LOG_PARAM_MAX, Math.max(LOG_PARAM_MIN, x));
}
