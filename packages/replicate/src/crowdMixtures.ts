import {
  boolColumn,
  dictColumn,
  float64Column,
  int32Column,
  makeTable,
  selectionContract,
  type Stage,
} from '@dsrep/core';
import type { Table } from 'apache-arrow';
import { z } from 'zod';
import { fitBetaMixture, mixtureDensity, type BetaMixture } from './mixture.js';

/**
 * Parameters of crowd-mixtures: the component counts tried (the one of
 * smallest BIC is chosen), EM restarts, the grid of the density table
 * (`points` interior points of (0, 1)) and the histogram bins of the
 * empirical density of ŝ = k/n.
 */
export const crowdMixturesParams = z.strictObject({
  components: z
    .array(z.number().int().min(1).max(10))
    .min(1)
    .default([1, 2, 3, 4]),
  restarts: z.number().int().min(1).max(100).default(5),
  points: z.number().int().min(9).max(10_000).default(99),
  bins: z.number().int().min(2).max(200).default(20),
});
export type CrowdMixturesParams = z.infer<typeof crowdMixturesParams>;

interface Group {
  variant: string;
  role: string;
  k: number[];
  n: number[];
}

/**
 * The crowd-mixtures stage: for every cleaning variant and role of the
 * `selection` table (split 'all'; e.g. the bluebirds' positives and
 * negatives), fits beta-binomial mixtures of K = 1..4 components to the
 * images' counts (k of n workers said yes) and keeps the K of smallest
 * BIC. Writes `mixtures` (every K fitted; `chosen` marks the BIC
 * choice) and `mixture_density` (chosen K: fitted density of s and the
 * histogram density of ŝ on the same grid).
 */
export const stage: Stage<CrowdMixturesParams> = {
  name: 'crowd-mixtures',
  doc: 'beta-binomial mixtures per role, K by BIC (e.g. bluebirds)',
  inputs: [{ name: 'selection', required: true, contract: selectionContract }],
  outputs: ['mixtures', 'mixture_density'],
  params: crowdMixturesParams,
  async run(ctx) {
    const p = ctx.params;
    const result = await ctx.query(
      `SELECT variant::VARCHAR AS variant, role::VARCHAR AS role,
              k::INTEGER AS k, n::INTEGER AS n
       FROM selection WHERE split = 'all' AND rep = 0 AND role <> 'control'
       ORDER BY variant, role, image_id`,
    );
    const groups = new Map<string, Group>();
    for (const row of result.toArray()) {
      const r = row.toJSON() as {
        variant: string;
        role: string;
        k: number;
        n: number;
      };
      const key = `${r.variant}\u0000${r.role}`;
      let g = groups.get(key);
      if (!g)
        groups.set(
          key,
          (g = { variant: r.variant, role: r.role, k: [], n: [] }),
        );
      g.k.push(r.k);
      g.n.push(r.n);
    }

    const mix = new MixRows();
    const dens = new DensityRows();
    const metrics: Record<string, number> = {};
    for (const g of groups.values()) {
      const k = Int32Array.from(g.k);
      const n = Int32Array.from(g.n);
      const rng = ctx.rng.derive(`${g.variant}:${g.role}`);
      const fits = p.components.map((K) =>
        fitBetaMixture(k, n, K, rng.derive(`K:${K}`), p.restarts),
      );
      const chosen = fits.reduce((a, b) => (b.bic < a.bic ? b : a));
      for (const fit of fits) mix.add(g, fit, fit === chosen);
      dens.add(g, chosen, p.points, p.bins);
      metrics[`K_${g.variant}_${g.role}`] = chosen.K;
    }
    return {
      tables: { mixtures: mix.table(), mixture_density: dens.table() },
      metrics,
    };
  },
};

class MixRows {
  private rows: {
    variant: string;
    role: string;
    K: number;
    component: number;
    weight: number;
    alpha: number;
    beta: number;
    logLik: number;
    bic: number;
    chosen: boolean;
  }[] = [];

  add(g: Group, fit: BetaMixture, chosen: boolean): void {
    for (let i = 0; i < fit.K; i++) {
      this.rows.push({
        variant: g.variant,
        role: g.role,
        K: fit.K,
        component: i,
        weight: fit.weight[i] as number,
        alpha: fit.alpha[i] as number,
        beta: fit.beta[i] as number,
        logLik: fit.logLik,
        bic: fit.bic,
        chosen,
      });
    }
  }

  table(): Table {
    const r = this.rows;
    return makeTable({
      variant: dictColumn(r.map((x) => x.variant)),
      role: dictColumn(r.map((x) => x.role)),
      K: int32Column(r.map((x) => x.K)),
      component: int32Column(r.map((x) => x.component)),
      weight: float64Column(r.map((x) => x.weight)),
      alpha: float64Column(r.map((x) => x.alpha)),
      beta: float64Column(r.map((x) => x.beta)),
      mean: float64Column(r.map((x) => x.alpha / (x.alpha + x.beta))),
      log_lik: float64Column(r.map((x) => x.logLik)),
      bic: float64Column(r.map((x) => x.bic)),
      chosen: boolColumn(r.map((x) => x.chosen)),
    });
  }
}

class DensityRows {
  private rows: {
    variant: string;
    role: string;
    s: number;
    density: number;
    empirical: number;
  }[] = [];

  /**
   * The fitted density at s = i/(points + 1), i = 1..points, and the
   * histogram density of ŝ = k/n in the bin holding s: the share of the
   * images in that bin divided by the bin width 1/bins (the last bin
   * closed at 1).
   */
  add(g: Group, fit: BetaMixture, points: number, bins: number): void {
    const counts = new Float64Array(bins);
    g.k.forEach((k, j) => {
      const b = Math.min(bins - 1, Math.floor((k / (g.n[j] as number)) * bins));
      counts[b] = (counts[b] as number) + 1;
    });
    for (let i = 1; i <= points; i++) {
      const s = i / (points + 1);
      const b = Math.min(bins - 1, Math.floor(s * bins));
      this.rows.push({
        variant: g.variant,
        role: g.role,
        s,
        density: mixtureDensity(fit, s),
        empirical: ((counts[b] as number) / g.k.length) * bins,
      });
    }
  }

  table(): Table {
    const r = this.rows;
    return makeTable({
      variant: dictColumn(r.map((x) => x.variant)),
      role: dictColumn(r.map((x) => x.role)),
      s: float64Column(r.map((x) => x.s)),
      density: float64Column(r.map((x) => x.density)),
      empirical: float64Column(r.map((x) => x.empirical)),
    });
  }
}
