/**
 * Minimises a smooth function of two variables by Nelder–Mead
 * (reflection 1, expansion 2, contraction ½, shrink ½) from `start`
 * with initial step `step`, until the simplex's function values differ
 * by less than `tol` or `maxEvals` evaluations. Enough for the 2-D
 * M-step of a beta-binomial component on log α, log β, where the
 * objective is smooth and unimodal in practice.
 */
export function nelderMead2(
  f: (x: number, y: number) => number,
  start: readonly [number, number],
  step = 0.5,
  tol = 1e-10,
  maxEvals = 400,
): [number, number] {
  type P = { x: number; y: number; v: number };
  const at = (x: number, y: number): P => ({ x, y, v: f(x, y) });
  let s: P[] = [
    at(start[0], start[1]),
    at(start[0] + step, start[1]),
    at(start[0], start[1] + step),
  ];
  let evals = 3;
  while (evals < maxEvals) {
    s.sort((a, b) => a.v - b.v);
    const [best, mid, worst] = s as [P, P, P];
    if (Math.abs(worst.v - best.v) <= tol * (1 + Math.abs(best.v))) break;
    const cx = (best.x + mid.x) / 2;
    const cy = (best.y + mid.y) / 2;
    const r = at(2 * cx - worst.x, 2 * cy - worst.y);
    evals++;
    if (r.v < best.v) {
      const e = at(3 * cx - 2 * worst.x, 3 * cy - 2 * worst.y);
      evals++;
      s = [best, mid, e.v < r.v ? e : r];
    } else if (r.v < mid.v) {
      s = [best, mid, r];
    } else {
      const inside = r.v < worst.v;
      const c = inside
        ? at((cx + r.x) / 2, (cy + r.y) / 2)
        : at((cx + worst.x) / 2, (cy + worst.y) / 2);
      evals++;
      if (c.v < Math.min(r.v, worst.v)) s = [best, mid, c];
      else {
        s = [
          best,
          at((best.x + mid.x) / 2, (best.y + mid.y) / 2),
          at((best.x + worst.x) / 2, (best.y + worst.y) / 2),
        ];
        evals += 2;
      }
    }
  }
  s.sort((a, b) => a.v - b.v);
  const top = s[0] as P;
  return [top.x, top.y];
}
