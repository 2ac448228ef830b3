import { quoteIdent } from '@dsrep/core';
import { preferVariant, type Absent } from '../figures/common.js';
import {
  crowdMixtureFigure,
  crowdRole,
  crowdWorkersFigure,
} from '../figures/crowd.js';
import { sourceOf, type ReportInputs } from '../inputs.js';
import { num, str, type Row } from '../rows.js';
import type { FigureSpec } from '../render.js';
import { emptySection, type Section } from '../section.js';
import type { ReportTable } from '../table.js';

/** Adds a figure, or says in the section why there is none. */
function adder(section: Section) {
  return (name: string, fig: FigureSpec | Absent) => {
    if ('absent' in fig) {
      section.notes.push(`No ${name} figure: ${fig.absent}.`);
      section.problems.push(`${name}: ${fig.absent}`);
    } else section.figures.push(fig);
  };
}

/**
 * Real crowd workers on images of known truth (e.g. the bluebirds),
 * two sections: the beta-binomial mixtures crowd-mixtures fitted per
 * role (K by BIC) against the empirical ŝ histograms; and per-worker
 * statistics — the share of positives and of negatives each worker
 * selected (from the annotations) beside clean's flags (worker_stats).
 */
export async function crowdSections(inputs: ReportInputs): Promise<Section[]> {
  const mix = emptySection('crowd-mixtures', 'Mixture fits per role', [
    'mixtures',
    'mixture_density',
  ]);
  const mixtures = await inputs.rows('mixtures');
  const density = preferVariant(await inputs.rows('mixture_density'));
  const shown = mixtures.filter(
    (r) => density.variant === null || r.variant === density.variant,
  );
  const chosen = shown.filter((r) => r.chosen === true);
  const chosenK = new Map<string, number>();
  // Positives first: they are the v1-like role.
  for (const r of [...chosen].sort((x, y) =>
    str(y.role).localeCompare(str(x.role)),
  ))
    chosenK.set(str(r.role), num(r.K) ?? 0);
  for (const [role, k] of chosenK) {
    const comps = chosen
      .filter((r) => str(r.role) === role)
      .map(
        (r) =>
          `weight ${(num(r.weight) ?? 0).toFixed(2)} at mean s ` +
          `${(num(r.mean) ?? 0).toFixed(2)}`,
      );
    const name = crowdRole(role);
    mix.notes.push(
      `${name.charAt(0).toUpperCase()}${name.slice(1)}: BIC chose ` +
        `K = ${k} component${k === 1 ? '' : 's'} (${comps.join('; ')})` +
        (density.variant ? `, ${density.variant} data.` : '.'),
    );
  }
  if (shown.length > 0) mix.tables.push(bicTable(shown, density.variant));
  if (density.rows.length > 0) {
    adder(mix)(
      'mixture',
      crowdMixtureFigure(density.rows, density.variant, chosenK),
    );
  }

  const work = emptySection('crowd-workers', 'Crowd workers', [
    'worker_stats',
    'annotations',
  ]);
  const workers = await workerRows(inputs);
  if (workers.length > 0) {
    adder(work)('workers', crowdWorkersFigure(workers));
    work.tables.push(workerTable(workers, inputs));
  }
  return [mix, work];
}

function bicTable(mixtures: Row[], variant: string | null): ReportTable {
  // One row per fitted K (the components repeat log_lik and bic).
  const seen = new Map<string, Row>();
  for (const r of mixtures) {
    const key = JSON.stringify([r.variant, r.role, r.K]);
    if (!seen.has(key))
      seen.set(key, {
        variant: str(r.variant),
        role: crowdRole(str(r.role)),
        K: num(r.K),
        log_lik: num(r.log_lik),
        bic: num(r.bic),
        chosen: r.chosen === true ? 'chosen' : '',
      });
  }
  return {
    name: 'crowd_mixture_bic',
    title: 'Beta-binomial mixtures by number of components K',
    caption:
      'Log-likelihood and BIC of the mixture fitted with K components, ' +
      `per role${variant ? ` (${variant} data; the other variants are in ` + 'the stage output)' : ''}; ` +
      "the K of smallest BIC is chosen. Every fit's components (weight, " +
      'α, β, mean) are in the stage output.',
    source: sourceOf('mixtures'),
    columns: [
      { key: 'variant', label: 'variant', format: 'text' },
      { key: 'role', label: 'role', format: 'text' },
      { key: 'K', label: 'K', format: 'int' },
      { key: 'log_lik', label: 'log-likelihood', format: 'num' },
      { key: 'bic', label: 'BIC', format: 'num' },
      { key: 'chosen', label: 'BIC choice', format: 'text' },
    ],
    rows: [...seen.values()],
  };
}

/**
 * Per worker: annotations, overall selection share, and the shares of
 * positives (role reference) and negatives (role candidate) selected,
 * from the raw annotations (so rejected workers are shown too), joined
 * to clean's flags. Sorted by how well the worker separates the roles.
 */
async function workerRows(inputs: ReportInputs): Promise<Row[]> {
  const source = inputs.has('annotations')
    ? 'annotations'
    : inputs.has('annotations_clean')
      ? 'annotations_clean'
      : null;
  if (!source) return [];
  const stats = inputs.has('worker_stats');
  const flags = stats
    ? inputs
        .columns('worker_stats')
        .filter((c) => ['assignments', 'flagged', 'rejected'].includes(c))
    : [];
  const joined = flags
    .map((c) => `w.${quoteIdent(c)} AS ${quoteIdent(c)}`)
    .join(', ');
  return inputs.query(`
    WITH a AS (
      SELECT worker_id::VARCHAR AS worker_id,
        count(*)::INTEGER AS annotations,
        avg(selected::INTEGER)::DOUBLE AS selected,
        avg(selected::INTEGER) FILTER (WHERE role = 'reference')::DOUBLE
          AS positives,
        avg(selected::INTEGER) FILTER (WHERE role = 'candidate')::DOUBLE
          AS negatives
      FROM ${quoteIdent(source)} GROUP BY ALL)
    SELECT a.*, a.positives - a.negatives AS separation
      ${joined ? ', ' + joined : ''}
    FROM a ${stats ? 'LEFT JOIN worker_stats w ON w.worker_id::VARCHAR = a.worker_id' : ''}
    ORDER BY separation DESC NULLS LAST, a.worker_id`);
}

function workerTable(rows: Row[], inputs: ReportInputs): ReportTable {
  const has = (c: string) => rows.some((r) => c in r);
  return {
    name: 'crowd_workers',
    title: 'Per-worker statistics',
    caption:
      'Per worker: annotations, share of all images selected, share of ' +
      'the positives (role reference) and of the negatives (role ' +
      'candidate) selected, and their difference (how well the worker ' +
      'separates them), from the raw annotations; then the clean ' +
      'stage’s flagged assignments and verdict (worker_stats).',
    source: [
      sourceOf(inputs.has('annotations') ? 'annotations' : 'annotations_clean'),
      inputs.has('worker_stats') ? sourceOf('worker_stats') : '',
    ]
      .filter(Boolean)
      .join(', '),
    columns: [
      { key: 'worker_id', label: 'worker', format: 'text' as const },
      { key: 'annotations', label: 'annotations', format: 'int' as const },
      { key: 'selected', label: 'selected', format: 'pct' as const },
      { key: 'positives', label: 'positives selected', format: 'pct' as const },
      { key: 'negatives', label: 'negatives selected', format: 'pct' as const },
      { key: 'separation', label: 'difference', format: 'pct' as const },
      { key: 'assignments', label: 'assignments', format: 'int' as const },
      { key: 'flagged', label: 'flagged assignments', format: 'int' as const },
      { key: 'rejected', label: 'rejected', format: 'text' as const },
    ].filter((c) => has(c.key)),
    rows: rows.map((r) => ({
      ...r,
      ...(typeof r.rejected === 'boolean'
        ? { rejected: r.rejected ? 'yes' : 'no' }
        : {}),
    })),
  };
}
