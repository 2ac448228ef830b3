import { sourceOf } from '../inputs.js';
import { num, pickColumn, str, type Row } from '../rows.js';
import type { FigureSpec } from '../render.js';
import { BINS } from '../sections/selection.js';
import { betaPdf } from './beta.js';
import {
  SCHEMA,
  numericColumns,
  preferVariant,
  type Absent,
} from './common.js';

/** Names roles the same way whatever table they come from. */
export function roleKey(role: string): string {
  const r = role.toLowerCase();
  if (['reference', 'v1', 'd1', 'p1'].includes(r)) return 'reference (v1)';
  if (['replication', 'v2', 'd2', 'p2'].includes(r)) return 'replication (v2)';
  if (['candidate', 'flickr', 'pool'].includes(r)) return 'candidate';
  return role;
}

interface Curve {
  role: string;
  s: number;
  density: number;
}

/**
 * The fitted density p(s) per role: from `estimate/mixture_density`
 * (s, density, role) when present, else evaluated here from the
 * components in `estimate/mixtures` (alpha, beta, weight per component)
 * on a grid of 99 points. Where several K were fitted, K = 3 (the
 * default of SPEC section 7) is drawn, else the smallest.
 */
export function mixtureCurves(
  densityCols: readonly string[],
  density: Row[],
  mixCols: readonly string[],
  mixtures: Row[],
): { curves: Curve[]; from: string } | Absent {
  const kOf = (cols: readonly string[], rows: Row[]) => {
    const kc = pickColumn(cols, ['k', 'K', 'components', 'n_components']);
    if (!kc) return rows;
    const ks = [...new Set(rows.map((r) => num(r[kc])))]
      .filter((x): x is number => x !== null)
      .sort((a, b) => a - b);
    const k = ks.includes(3) ? 3 : ks[0];
    return rows.filter((r) => num(r[kc]) === k);
  };
  if (density.length > 0) {
    const numeric = numericColumns(densityCols, density);
    const s = pickColumn(numeric, ['s', 'x', 'grid']);
    const d = pickColumn(numeric, ['density', 'pdf', 'value', 'fit']);
    const role = pickColumn(densityCols, [
      'role',
      'dataset',
      'population',
      'side',
    ]);
    if (s && d) {
      const rows = kOf(densityCols, preferVariant(density).rows);
      return {
        from: sourceOf('mixture_density'),
        curves: rows.map((r) => ({
          role: roleKey(role ? str(r[role]) : 'all'),
          s: num(r[s]) ?? 0,
          density: num(r[d]) ?? 0,
        })),
      };
    }
  }
  const a = pickColumn(mixCols, ['alpha', 'a']);
  const b = pickColumn(mixCols, ['beta', 'b']);
  const w = pickColumn(mixCols, ['weight', 'pi', 'w', 'mix']);
  const role = pickColumn(mixCols, ['role', 'dataset', 'population', 'side']);
  if (mixtures.length === 0 || !a || !b || !w) {
    return {
      absent:
        'no mixture_density (s, density) and no mixtures (alpha, beta, weight)',
    };
  }
  const rows = kOf(mixCols, preferVariant(mixtures).rows);
  const roles = [
    ...new Set(rows.map((r) => (role ? str(r[role]) : 'all'))),
  ].sort();
  const curves: Curve[] = [];
  for (const rl of roles) {
    const comps = rows.filter((r) => (role ? str(r[role]) : 'all') === rl);
    for (let i = 1; i < 100; i++) {
      const s = i / 100;
      let density = 0;
      for (const c of comps) {
        density +=
          (num(c[w]) ?? 0) * betaPdf(s, num(c[a]) ?? 1, num(c[b]) ?? 1);
      }
      curves.push({ role: roleKey(rl), s, density });
    }
  }
  return { curves, from: sourceOf('mixtures') };
}

/**
 * The mixture fit against the empirical histogram of ŝ = k/n (split
 * 'all', same variant), one panel per role. The histogram is of the
 * noisy ŝ, the curve of the true s: with n annotators the histogram is
 * the curve blurred by binomial noise, so they agree in shape, not bin
 * by bin.
 */
export function mixtureFigure(
  fit: { curves: Curve[]; from: string },
  hist: Row[],
): FigureSpec {
  const roles = new Set(fit.curves.map((c) => c.role));
  const values: object[] = fit.curves.map((c) => ({ kind: 'fit', ...c }));
  for (const h of hist) {
    const role = roleKey(str(h.role));
    if (!roles.has(role)) continue;
    const bin = num(h.bin) ?? 0;
    values.push({
      kind: 'hist',
      role,
      s0: bin / BINS,
      s1: (bin + 1) / BINS,
      // Share per unit of s, so the bars integrate to 1 like the curve.
      density: (num(h.share) ?? 0) * BINS,
    });
  }
  return {
    id: 'mixture',
    title: 'Beta-mixture fit against the empirical histogram',
    caption:
      'Line: fitted density of the true selection frequency s per role ' +
      '(beta-binomial mixture, SPEC section 7). Bars: histogram of the ' +
      'observed ŝ = k/n as a density' +
      (hist.length > 0 ? '.' : ' (absent: no selection input).'),
    source: fit.from + (hist.length > 0 ? ', ' + sourceOf('selection') : ''),
    spec: {
      $schema: SCHEMA,
      title: 'Mixture fit vs empirical ŝ',
      data: { values },
      facet: { column: { field: 'role', type: 'nominal', title: 'role' } },
      spec: {
        width: 260,
        height: 200,
        layer: [
          {
            transform: [{ filter: "datum.kind === 'hist'" }],
            mark: { type: 'rect', color: '#9ecae1' },
            encoding: {
              x: {
                field: 's0',
                type: 'quantitative',
                title: 'selection frequency s (share of annotators)',
                scale: { domain: [0, 1] },
              },
              x2: { field: 's1' },
              y: {
                field: 'density',
                type: 'quantitative',
                title: 'density (per unit of s)',
              },
            },
          },
          {
            transform: [{ filter: "datum.kind === 'fit'" }],
            mark: { type: 'line', color: '#d62728' },
            encoding: {
              x: { field: 's', type: 'quantitative' },
              y: { field: 'density', type: 'quantitative' },
            },
          },
        ],
      },
    } as FigureSpec['spec'],
  };
}
