import { sourceOf } from '../inputs.js';
import { num, str, type Row } from '../rows.js';
import type { FigureSpec } from '../render.js';
import { SCHEMA, type Absent } from './common.js';

/**
 * How the crowd pipeline names a role: truth 1 images are positives
 * (role reference), truth 0 negatives (role candidate).
 */
export function crowdRole(role: string): string {
  if (role === 'reference') return 'positives (role reference)';
  if (role === 'candidate') return 'negatives (role candidate)';
  return role;
}

/**
 * The fitted beta-mixture density of s per role (K chosen by BIC)
 * against the empirical histogram density of ŝ = k/n, both from
 * `crowd-mixtures/mixture_density` (s, density, empirical) of one
 * variant. Histogram as steps, fit as a line, one panel per role.
 */
export function crowdMixtureFigure(
  rows: readonly Row[],
  variant: string | null,
  chosenK: ReadonlyMap<string, number>,
): FigureSpec | Absent {
  const values = rows
    .filter((r) => num(r.s) !== null)
    .map((r) => ({
      role: crowdRole(str(r.role)),
      s: num(r.s),
      fit: num(r.density),
      empirical: num(r.empirical),
    }));
  if (values.length === 0) {
    return { absent: 'mixture_density has no rows' };
  }
  const ks = [...chosenK.entries()]
    .map(([role, k]) => `${crowdRole(role)}: K = ${k}`)
    .join(', ');
  return {
    id: 'crowd-mixture',
    title: 'Fitted mixture densities against the empirical ŝ histograms',
    caption:
      'Per role: the beta-binomial mixture fitted to the images’ counts ' +
      '(k of n workers said yes), drawn as the density of the true ' +
      'selection frequency s (line), against the histogram of the ' +
      'observed ŝ = k/n as a density (steps)' +
      (variant ? `, ${variant} data` : '') +
      (ks ? `; components chosen by BIC: ${ks}` : '') +
      '. The histogram is the curve blurred by binomial noise, so they ' +
      'agree in shape, not bin by bin.',
    source: sourceOf('mixture_density'),
    spec: {
      $schema: SCHEMA,
      title: 'Mixture fit vs empirical ŝ, per role',
      data: { values },
      facet: { column: { field: 'role', type: 'nominal', title: null } },
      spec: {
        width: 300,
        height: 200,
        layer: [
          {
            mark: {
              type: 'area',
              interpolate: 'step',
              color: '#9ecae1',
              opacity: 0.8,
            },
            encoding: {
              x: {
                field: 's',
                type: 'quantitative',
                title: 'selection frequency s (share of workers)',
                scale: { domain: [0, 1] },
              },
              y: {
                field: 'empirical',
                type: 'quantitative',
                title: 'density (per unit of s)',
              },
            },
          },
          {
            mark: { type: 'line', color: '#d62728', strokeWidth: 2 },
            encoding: {
              x: { field: 's', type: 'quantitative' },
              y: { field: 'fit', type: 'quantitative' },
            },
          },
        ],
      },
    } as FigureSpec['spec'],
  };
}

/**
 * One point per worker: the share of positives they selected (hit
 * rate) against the share of negatives (false alarms), coloured by the
 * cleaning verdict; the diagonal is a worker who ignores the image.
 */
export function crowdWorkersFigure(rows: readonly Row[]): FigureSpec | Absent {
  const values = rows
    .filter((r) => num(r.positives) !== null && num(r.negatives) !== null)
    .map((r) => ({
      worker: str(r.worker_id),
      positives: num(r.positives),
      negatives: num(r.negatives),
      verdict: r.rejected === true ? 'rejected by clean' : 'kept',
    }));
  if (values.length === 0) {
    return { absent: 'no worker has annotations of both roles' };
  }
  return {
    id: 'crowd-workers',
    title: 'Workers: positives selected against negatives selected',
    caption:
      'Each point is a worker: the share of the positive images (role ' +
      'reference) they selected against the share of the negative ' +
      'images (role candidate) they selected. Dashed: equal shares, a ' +
      'worker who does not tell them apart; the further above it, the ' +
      'better the worker separates them.',
    source: `${sourceOf('annotations')}, ${sourceOf('worker_stats')}`,
    spec: {
      $schema: SCHEMA,
      title: 'Per-worker selection shares by role',
      width: 320,
      height: 320,
      layer: [
        {
          data: { values: [{ a: 0 }, { a: 1 }] },
          mark: { type: 'line', color: '#888', strokeDash: [4, 3] },
          encoding: {
            x: { field: 'a', type: 'quantitative' },
            y: { field: 'a', type: 'quantitative' },
          },
        },
        {
          data: { values },
          mark: { type: 'point', filled: true, size: 60, opacity: 0.8 },
          encoding: {
            x: {
              field: 'negatives',
              type: 'quantitative',
              title: 'share of negatives selected',
              scale: { domain: [0, 1] },
              axis: { format: '.0%' },
            },
            y: {
              field: 'positives',
              type: 'quantitative',
              title: 'share of positives selected',
              scale: { domain: [0, 1] },
              axis: { format: '.0%' },
            },
            color: { field: 'verdict', type: 'nominal', title: 'worker' },
            shape: { field: 'verdict', type: 'nominal' },
          },
        },
      ],
    } as FigureSpec['spec'],
  };
}
