import { sourceOf, type ReportInputs } from '../inputs.js';
import { num, type Row } from '../rows.js';
import { emptySection, type Section } from '../section.js';

/** Histogram bins of ŝ: ten of width 0.1, the last one closed at 1. */
export const BINS = 10;

/**
 * Selection frequencies ŝ = k/n over all of each image's annotators
 * (split 'all' of `split/selection`): a histogram per role, raw and
 * cleaned, and the mean ŝ per role (SPEC section 8: 0.71 for v1 in
 * Recht et al.; v1−v2 gap 4.5% raw, 4.6% cleaned). Images with n = 0
 * have no ŝ and are left out of both.
 */
export async function selectionSection(inputs: ReportInputs): Promise<Section> {
  const section = emptySection('selection', 'Selection frequencies by role', [
    'selection',
  ]);
  if (!inputs.has('selection')) return section;

  const means = await inputs.query(`
    SELECT variant::VARCHAR AS variant, role::VARCHAR AS role,
           count(*)::INTEGER AS images,
           avg(k::DOUBLE / n) AS mean_s,
           avg(n::DOUBLE) AS mean_n
    FROM selection WHERE split = 'all' AND n > 0
    GROUP BY ALL ORDER BY ALL`);
  const hist = await selectionHistogram(inputs);
  if (hist.length === 0) {
    section.notes.push('selection has no rows with split = all and n > 0.');
    return section;
  }
  const values = hist.map((h) => {
    const bin = num(h.bin) ?? 0;
    return {
      ...h,
      bin: `${(bin / BINS).toFixed(1)}–${((bin + 1) / BINS).toFixed(1)}`,
    };
  });

  section.tables.push({
    name: 'selection_means',
    title: 'Mean selection frequency by role',
    caption:
      'Mean ŝ = k/n over images (split all), with the number of images ' +
      'and the mean number of annotators n per image.',
    source: sourceOf('selection'),
    columns: [
      { key: 'variant', label: 'variant', format: 'text' },
      { key: 'role', label: 'role', format: 'text' },
      { key: 'images', label: 'images', format: 'int' },
      { key: 'mean_s', label: 'mean ŝ', format: 'share' },
      { key: 'mean_n', label: 'mean n', format: 'num' },
    ],
    rows: means,
  });
  section.figures.push({
    id: 'selection-hist',
    title: 'Selection-frequency histograms by role, raw and cleaned',
    caption:
      'Share of images of each role whose selection frequency ŝ = k/n ' +
      '(all annotators of the image) falls in each bin of width 0.1; one ' +
      'panel per cleaning variant.',
    source: sourceOf('selection') + ' (split = all)',
    spec: {
      $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
      title: 'Selection-frequency histograms by role',
      data: { values },
      facet: {
        column: { field: 'variant', type: 'nominal', title: 'variant' },
      },
      spec: {
        width: 300,
        height: 200,
        mark: { type: 'bar' },
        encoding: {
          x: {
            field: 'bin',
            type: 'ordinal',
            title: 'selection frequency ŝ = k/n (bin)',
          },
          xOffset: { field: 'role', type: 'nominal' },
          y: {
            field: 'share',
            type: 'quantitative',
            title: 'share of images of the role',
            axis: { format: '.0%' },
          },
          color: { field: 'role', type: 'nominal', title: 'role' },
        },
      },
    },
  });
  return section;
}

/**
 * Histogram of ŝ = k/n per variant and role (split 'all', n > 0): bin
 * index 0..9, image count, and share of the role's images in the bin.
 */
export async function selectionHistogram(inputs: ReportInputs): Promise<Row[]> {
  if (!inputs.has('selection')) return [];
  return inputs.query(`
    WITH h AS (
      SELECT variant::VARCHAR AS variant, role::VARCHAR AS role,
             least(floor(k::DOUBLE / n * ${BINS}), ${BINS - 1})::INTEGER AS bin,
             count(*)::DOUBLE AS images
      FROM selection WHERE split = 'all' AND n > 0
      GROUP BY ALL)
    SELECT variant, role, bin, images,
           images / sum(images) OVER (PARTITION BY variant, role) AS share
    FROM h ORDER BY variant, role, bin`);
}
