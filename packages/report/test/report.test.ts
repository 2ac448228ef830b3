import { existsSync } from 'node:fs';
import { runStage } from '@dsrep/core';
import { beforeAll, describe, expect, it } from 'vitest';
import { stage } from '../src/index.js';
import {
  ACC,
  FORMULA_CLASS,
  FORMULA_MODEL,
  HOSTILE_MODEL,
  MODELS,
  fullInputs,
  reverseRows,
} from './fixtures.js';
import { CHROMIUM, browserAbsent, openReport } from './browser.js';

const FIGURES = [
  'selection-hist',
  'table1',
  'duplicates',
  'naive-curve',
  'jackknife-curve',
  'fits-raw',
  'fits-adjusted',
  'mixture',
  'toy',
];

async function build(inputs = fullInputs()) {
  return runStage(
    stage,
    inputs,
    { title: 'Test <report>', pipeline: 'p&q' },
    { seed: 1 },
  );
}

const text = (
  files: Record<string, string | Uint8Array> | undefined,
  name: string,
) => {
  const f = files?.[name];
  if (typeof f !== 'string') throw new Error(`report did not write ${name}`);
  return f;
};

describe('report stage on small hand-made tables', () => {
  let run: Awaited<ReturnType<typeof build>>;
  beforeAll(async () => {
    run = await build();
  });

  it('writes the files it promises and understood every input', () => {
    expect(Object.keys(run.tables)).toEqual([]);
    for (const f of [
      'index.html',
      'report.md',
      'summary.json',
      'tables/table2_extended.csv',
      'tables/table2_extended.json',
      'tables/table2_extended.md',
      'tables/headline.csv',
      'tables/ledger_totals.csv',
      'tables/shortfalls.csv',
      'tables/table1_selection_frequency.csv',
    ]) {
      expect(run.files?.[f], f).toBeTypeOf('string');
    }
    expect(run.warnings, 'no figure was skipped').toEqual([]);
    expect(run.metrics?.figures).toBe(FIGURES.length);
  });

  it('is deterministic: same tables in, same bytes out', async () => {
    // Rows reversed: the report sorts, so input order must not matter.
    const reversed = Object.fromEntries(
      Object.entries(fullInputs()).map(([k, t]) => [k, reverseRows(t)]),
    );
    expect(reversed.estimates?.get(0)?.toJSON()).toEqual(
      fullInputs().estimates?.get(39)?.toJSON(),
    );
    const again = await build(reversed);
    expect(Object.keys(again.files ?? {}).sort()).toEqual(
      Object.keys(run.files ?? {}).sort(),
    );
    for (const name of Object.keys(run.files ?? {})) {
      expect(again.files?.[name], name).toBe(run.files?.[name]);
    }
  });

  it('summary.json carries every per-model estimate and the averages', () => {
    const summary = JSON.parse(text(run.files, 'summary.json'));
    const models = summary.models.filter(
      (m: { variant: string }) => m.variant === 'clean',
    );
    expect(models.map((m: { model: string }) => m.model).sort()).toEqual(
      [...MODELS].sort(),
    );
    const hostile = models.find(
      (m: { model: string }) => m.model === HOSTILE_MODEL,
    );
    expect(hostile.estimates.parametric.value).toBeCloseTo(
      ACC.parametric?.[1] ?? NaN,
      12,
    );
    expect(hostile.estimates.v1.lo).toBeCloseTo(
      (ACC.v1?.[1] ?? NaN) - 0.02,
      12,
    );

    // Hand-computed averages of the fixture (clean variant).
    const avg = (xs: number[] = []) =>
      xs.reduce((s, x) => s + x, 0) / xs.length;
    const row = (e: string) =>
      summary.headline.find(
        (h: { variant: string; estimator: string }) =>
          h.variant === 'clean' && h.estimator === e,
      );
    expect(row('v1').value).toBeCloseTo(avg(ACC.v1), 12);
    expect(row('v2').value).toBeCloseTo(avg(ACC.v2), 12);
    const explained =
      (avg(ACC.parametric) - avg(ACC.v2)) / (avg(ACC.v1) - avg(ACC.v2));
    expect(row('parametric').explained).toBeCloseTo(explained, 12);
    expect(row('parametric').lo).toBeCloseTo(avg(ACC.parametric) - 0.02, 12);
    expect(summary.inputs.absent).toContain('predictions');
  });

  it('escapes names in HTML and Markdown and neutralises them in CSV', () => {
    const html = text(run.files, 'index.html');
    expect(html, 'no script element from a model name').not.toMatch(/<script/i);
    expect(html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;');
    expect(html).toContain('<title>Test &lt;report&gt;</title>');
    expect(text(run.files, 'report.md')).not.toMatch(/<script/i);

    const csv = text(run.files, 'tables/table2_extended.csv');
    expect(csv).toContain(`"'${FORMULA_MODEL.replace(/"/g, '""')}"`);
    expect(csv).not.toMatch(/(^|,)=HYPERLINK/m);
    const shortfalls = text(run.files, 'tables/shortfalls.csv');
    expect(shortfalls).toContain(`'${FORMULA_CLASS}`);
    expect(shortfalls).toContain("'-1+2");
  });

  it('ledger totals add up: rows in = kept + dropped', () => {
    const totals = JSON.parse(text(run.files, 'tables/ledger_totals.json'));
    expect(totals.rows).toEqual([
      expect.objectContaining({
        stage: 'clean',
        rows_in: 1000,
        kept: 900,
        dropped: 100,
      }),
    ]);
  });

  // In CI (.ci/run installs Chromium) a missing browser fails the test; on
  // a developer's machine without it the test is skipped with this reason.
  it.skipIf(browserAbsent)(
    `renders in headless Chromium: no errors, every figure has marks${
      browserAbsent
        ? ` (skipped: ${CHROMIUM} absent; apt-get install -y chromium)`
        : ''
    }`,
    async () => {
      const seen = await openReport(run.files ?? {}, {
        textOf: ['#fig-jackknife-curve'],
        screenshot: true,
      });
      expect(seen.scripts, 'no script elements').toBe(0);
      const figures = seen.figures;
      expect(figures.map((f) => f.id)).toEqual(FIGURES);
      for (const f of figures) {
        expect(f.marks, `marks in ${f.id}`).toBeGreaterThan(0);
        expect(f.width, `width of ${f.id}`).toBeGreaterThan(100);
        expect(f.caption, `caption of ${f.id}`).toMatch(/Source: \S+/);
      }
      // 3 roles × 2 variants × 10 bins at most; this fixture fills >= 20.
      const hist = figures.find((f) => f.id === 'selection-hist');
      expect(hist?.marks).toBeGreaterThanOrEqual(20);
      expect(seen.texts[0], 'hostile model name shown as text').toContain(
        HOSTILE_MODEL,
      );
      expect(seen.screenshot && existsSync(seen.screenshot)).toBe(true);
      expect(seen.errors, 'console errors').toEqual([]);
      console.info(`report screenshot: ${seen.screenshot}`);
    },
  );
});

describe('report stage with no inputs', () => {
  it('says plainly that every section is absent', async () => {
    const run = await runStage(stage, {}, {}, { seed: 1 });
    const html = text(run.files, 'index.html');
    expect(html.match(/class="absent">Absent/g)).toHaveLength(5);
    expect(html).not.toContain('<svg');
    const summary = JSON.parse(text(run.files, 'summary.json'));
    expect(summary.headline).toEqual([]);
    expect(summary.inputs.present).toEqual({});
  });
});
