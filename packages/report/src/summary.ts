import type { InputName } from './inputs.js';
import type { RenderedSection } from './html.js';
import type {
  HeadlineRow,
  ModelEstimates,
} from './sections/estimates-model.js';

/**
 * `summary.json`, the report for machines: per model and variant every
 * accuracy (v1, v2 and each adjusted v2) with its 95% bounds and, on
 * simulated data, the truth; the headline averages; what was present.
 * Accuracies are shares in [0, 1]; no timestamps, so equal inputs give
 * equal bytes.
 */
export function buildSummary(args: {
  title: string;
  pipeline: string;
  present: Partial<Record<InputName, number>>;
  absent: InputName[];
  headline: HeadlineRow[];
  groups: ModelEstimates[];
  sections: RenderedSection[];
  warnings: string[];
}): string {
  const summary = {
    title: args.title,
    pipeline: args.pipeline,
    units:
      'accuracies and gaps are shares in [0, 1]; lo/hi are 95% bootstrap bounds',
    inputs: { present: args.present, absent: args.absent },
    headline: args.headline,
    models: args.groups.map((g) => ({
      model: g.model,
      variant: g.variant,
      estimates: g.estimates,
    })),
    figures: args.sections.flatMap((s) =>
      s.figures.map((f) => ({ id: f.id, title: f.title, source: f.source })),
    ),
    tables: args.sections.flatMap((s) => s.tables.map((t) => t.name)),
    warnings: args.warnings,
  };
  return (
    JSON.stringify(
      summary,
      (_, v: unknown) =>
        typeof v === 'number' && !Number.isFinite(v) ? null : v,
      2,
    ) + '\n'
  );
}
