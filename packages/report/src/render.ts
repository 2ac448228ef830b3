import * as vega from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';

/**
 * A figure before rendering: a Vega-Lite spec with its data inline, and
 * the words that go around it. `source` names the stage outputs it
 * plots, e.g. `estimate/naive_curve`.
 */
export interface FigureSpec {
  id: string;
  title: string;
  caption: string;
  source: string;
  spec: TopLevelSpec;
}

export interface Figure extends FigureSpec {
  svg: string;
}

/** Shared look: plain fonts, no actions, white background. */
const CONFIG = {
  font: 'sans-serif',
  background: 'white',
  axis: { labelFontSize: 11, titleFontSize: 12 },
  legend: { labelFontSize: 11, titleFontSize: 12, labelLimit: 260 },
  title: { fontSize: 14, anchor: 'start' as const },
};

/**
 * Renders a figure to SVG on the server: Vega-Lite compiles it to Vega,
 * a headless View (renderer 'none', so no canvas or DOM) draws it as an
 * SVG string. Vega numbers clip paths and gradients with process-wide
 * counters, so ids are renamed per figure: the same tables give the same
 * bytes whatever was rendered before, and ids of two figures inlined in
 * one page never collide.
 */
export async function renderFigure(figure: FigureSpec): Promise<Figure> {
  const spec = { ...figure.spec, config: CONFIG } as TopLevelSpec;
  const compiled = compile(spec).spec;
  const view = new vega.View(vega.parse(compiled), { renderer: 'none' });
  try {
    const svg = await view.toSVG();
    return { ...figure, svg: renameIds(svg, figure.id) };
  } finally {
    view.finalize();
  }
}

/** Prefixes every id and every reference to it with `prefix-`. */
export function renameIds(svg: string, prefix: string): string {
  const ids = new Map<string, string>();
  let next = 0;
  const rename = (id: string) => {
    let out = ids.get(id);
    if (out === undefined) {
      out = `${prefix}-${next++}`;
      ids.set(id, out);
    }
    return out;
  };
  return svg
    .replace(/\bid="([^"]+)"/g, (_, id: string) => `id="${rename(id)}"`)
    .replace(/url\(#([^)]+)\)/g, (_, id: string) => `url(#${rename(id)})`)
    .replace(/href="#([^"]+)"/g, (_, id: string) => `href="#${rename(id)}"`);
}
