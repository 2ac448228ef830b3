import { naiveCurveFigure, jackknifeCurveFigure } from '../figures/curves.js';
import type { Absent } from '../figures/common.js';
import { fitsFigure } from '../figures/fits.js';
import { mixtureCurves, mixtureFigure } from '../figures/mixture.js';
import { toyFigure, toyMeansTable } from '../figures/toy.js';
import { sourceOf, type InputName, type ReportInputs } from '../inputs.js';
import { str } from '../rows.js';
import type { FigureSpec } from '../render.js';
import { emptySection, type Section } from '../section.js';
import { genericTable } from '../table.js';
import type { ModelEstimates } from './estimates-model.js';
import { selectionHistogram } from './selection.js';

/**
 * The estimators at work (SPEC sections 2 and 7): naive estimate by
 * annotators (figure 11), Â_m against 1/m (figure 12), v2 against v1
 * raw and adjusted (figures 13, 14), the mixture fit, the toy model and,
 * on simulated data, how close each estimator came to the truth.
 */
export async function estimationSection(
  inputs: ReportInputs,
  groups: ModelEstimates[],
  options: { replication?: boolean; crowd?: boolean } = {},
): Promise<Section> {
  const section = emptySection('estimation', 'Estimators', [
    'naive_curve',
    'jackknife_curve',
    'linear_fits',
    'mixtures',
    'mixture_density',
    'toy_model',
    'estimator_quality',
    'truth_models',
  ]);
  if (options.crowd) {
    // The crowd section reads the mixtures of crowd-mixtures.
    section.reads = section.reads.filter((r) => !r.startsWith('mixture'));
  }
  const add = (name: string, fig: FigureSpec | Absent) => {
    if ('absent' in fig) {
      section.notes.push(`No ${name} figure: ${fig.absent}.`);
      section.problems.push(`${name}: ${fig.absent}`);
    } else section.figures.push(fig);
  };

  if (options.replication && inputs.has('naive_curve')) {
    section.notes.push(
      'Figure 11 for this experiment is drawn in the section "Replication ' +
        'with a known answer", as the naive estimate\'s error against the ' +
        'truth with ±2 standard errors.',
    );
  } else if (inputs.has('naive_curve')) {
    const v1 = new Map(
      groups.map((g) => [
        `${g.variant}\u0000${g.model}`,
        g.estimates.v1?.value ?? null,
      ]),
    );
    add(
      'figure 11',
      naiveCurveFigure(
        inputs.columns('naive_curve'),
        await inputs.rows('naive_curve'),
        (variant, model) => v1.get(`${variant}\u0000${model}`) ?? null,
      ),
    );
  }
  if (inputs.has('jackknife_curve')) {
    add(
      'figure 12',
      jackknifeCurveFigure(
        inputs.columns('jackknife_curve'),
        await inputs.rows('jackknife_curve'),
      ),
    );
  }

  const fits = await inputs.rows('linear_fits');
  const paper = await inputs.rows('paper_table2');
  const variants = [...new Set(groups.map((g) => g.variant))].sort();
  const variant = variants.includes('clean') ? 'clean' : (variants[0] ?? null);
  // Figures 13 and 14 fit a line across models: with fewer than three
  // models (or paper rows) there is no line to see.
  const models = new Set(groups.map((g) => g.model)).size;
  if (models > 0 && models < 3 && paper.length < 3) {
    section.notes.push(
      `Figures 13 and 14 (v2 against v1 across models) need at least ` +
        `three models; this run has ${models}.`,
    );
  } else {
    if (groups.length > 0 || paper.length > 0) {
      add('figure 13', fitsFigure('raw', groups, variant, fits, paper));
    }
    if (groups.length > 0)
      add('figure 14', fitsFigure('adjusted', groups, variant, fits, []));
  }

  // crowd-mixtures' fits are drawn in the crowd section.
  if (
    !options.crowd &&
    (inputs.has('mixture_density') || inputs.has('mixtures'))
  ) {
    const fit = mixtureCurves(
      inputs.columns('mixture_density'),
      await inputs.rows('mixture_density'),
      inputs.columns('mixtures'),
      await inputs.rows('mixtures'),
    );
    if ('absent' in fit) add('mixture', fit);
    else {
      // Histogram of the same variant as the curves (cleaned first).
      const hist = await selectionHistogram(inputs);
      const hv = [...new Set(hist.map((h) => str(h.variant)))].sort();
      const pick = hv.includes('clean') ? 'clean' : hv[0];
      add(
        'mixture',
        mixtureFigure(
          fit,
          hist.filter((h) => str(h.variant) === pick),
        ),
      );
    }
  }
  if (inputs.has('toy_model')) {
    const rows = await inputs.rows('toy_model');
    add('toy model', toyFigure(inputs.columns('toy_model'), rows));
    const means = toyMeansTable(inputs.columns('toy_model'), rows);
    if (means) section.tables.push(means);
  }

  const tables: [InputName, string, string][] = [
    [
      'estimator_quality',
      'Estimator quality on simulated data',
      "Bias, error and interval coverage of each estimator against the simulator's true adjusted accuracy, as given.",
    ],
    [
      'linear_fits',
      'Linear fits of v2 against v1',
      'Intercept and slope of each series of figures 13 and 14, as given.',
    ],
    [
      'mixtures',
      'Beta-mixture components',
      'Fitted components (weight, α, β) of p1(s) and p2(s).',
    ],
    [
      'truth_models',
      'True model accuracies (simulator)',
      'Accuracies the simulator generated: expected v1 and v2 accuracy and the true adjusted accuracy A(D2|s1).',
    ],
  ];
  for (const [name, title, caption] of tables) {
    if (!inputs.has(name)) continue;
    if (options.crowd && name === 'mixtures') continue;
    section.tables.push(
      genericTable(
        { name, title, caption, source: sourceOf(name) },
        inputs.columns(name),
        await inputs.rows(name),
      ),
    );
  }
  return section;
}
