import { existsSync } from 'node:fs';
import { mkdtemp, mkdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { runStage } from '@dsrep/core';
import { chromium } from 'playwright-core';
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

const CHROMIUM = '/usr/bin/chromium';
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

async function writeAll(files: Record<string, string | Uint8Array>) {
  const dir = await mkdtemp(join(tmpdir(), 'dsrep-report-'));
  for (const [name, content] of Object.entries(files)) {
    await mkdir(dirname(join(dir, name)), { recursive: true });
    await writeFile(join(dir, name), content);
  }
  return dir;
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
  const browserAbsent = !existsSync(CHROMIUM) && !process.env.CI;
  it.skipIf(browserAbsent)(
    `renders in headless Chromium: no errors, every figure has marks${
      browserAbsent
        ? ` (skipped: ${CHROMIUM} absent; apt-get install -y chromium)`
        : ''
    }`,
    async () => {
      if (!existsSync(CHROMIUM)) {
        throw new Error(
          `${CHROMIUM} is missing: install it with "apt-get install -y chromium" ` +
            '(the Debian package; playwright must not download a browser)',
        );
      }
      const dir = await writeAll(run.files ?? {});
      const browser = await chromium.launch({
        executablePath: CHROMIUM,
        args: [
          '--headless',
          '--no-sandbox',
          '--disable-gpu',
          '--no-first-run',
          '--disable-background-networking',
          '--disable-component-update',
          '--disable-sync',
        ],
      });
      try {
        const page = await browser.newPage({
          viewport: { width: 1200, height: 900 },
        });
        const errors: string[] = [];
        page.on('console', (m) => {
          if (m.type() === 'error') errors.push(m.text());
        });
        page.on('pageerror', (e) => errors.push(e.message));
        await page.goto(pathToFileURL(join(dir, 'index.html')).href);

        expect(await page.locator('script').count(), 'no script elements').toBe(
          0,
        );
        // Data marks only: vega puts them in groups of class role-mark,
        // apart from axes, legends and titles.
        const figures = await page.$$eval('figure[data-figure]', (figs) =>
          figs.map((f) => {
            const svg = f.querySelector('svg');
            const box = svg?.getBoundingClientRect();
            return {
              id: f.getAttribute('data-figure'),
              // Marks that draw something: a zero-size path is no mark.
              marks: [
                ...f.querySelectorAll<SVGGraphicsElement>(
                  'g.role-mark path, g.role-mark rect, g.role-mark circle, g.role-mark line',
                ),
              ].filter((m) => {
                // Lines and rules may be flat; bars, areas, points may not.
                const b = m.getBBox();
                const flat = m.closest('g.mark-line, g.mark-rule') !== null;
                return flat
                  ? b.width > 0 || b.height > 0
                  : b.width > 0 && b.height > 0;
              }).length,
              width: box?.width ?? 0,
              caption: f.querySelector('figcaption')?.textContent ?? '',
            };
          }),
        );
        expect(figures.map((f) => f.id)).toEqual(FIGURES);
        for (const f of figures) {
          expect(f.marks, `marks in ${f.id}`).toBeGreaterThan(0);
          expect(f.width, `width of ${f.id}`).toBeGreaterThan(100);
          expect(f.caption, `caption of ${f.id}`).toMatch(/Source: \S+/);
        }
        // 3 roles × 2 variants × 10 bins at most; this fixture fills >= 20.
        const hist = figures.find((f) => f.id === 'selection-hist');
        expect(hist?.marks).toBeGreaterThanOrEqual(20);
        const legend = await page.locator('#fig-jackknife-curve').textContent();
        expect(legend, 'hostile model name shown as text').toContain(
          HOSTILE_MODEL,
        );

        await page.screenshot({
          path: join(dir, 'report.png'),
          fullPage: true,
        });
        expect(existsSync(join(dir, 'report.png'))).toBe(true);
        expect(errors, 'console errors').toEqual([]);
        console.info(`report screenshot: ${join(dir, 'report.png')}`);
      } finally {
        await browser.close();
      }
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
