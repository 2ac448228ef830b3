import { existsSync } from 'node:fs';
import { mkdtemp, mkdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';

export const CHROMIUM = '/usr/bin/chromium';

/** In CI a missing browser fails; elsewhere the test is skipped. */
export const browserAbsent = !existsSync(CHROMIUM) && !process.env.CI;

/** What the browser saw of one figure. */
export interface SeenFigure {
  id: string | null;
  /** Data marks that draw something (zero-size paths are no marks). */
  marks: number;
  width: number;
  caption: string;
}

/**
 * Writes the report files to a temporary folder, opens index.html in
 * headless Chromium and returns every figure's marks, width and
 * caption, with console errors and the number of script elements.
 */
export async function openReport(
  files: Record<string, string | Uint8Array>,
  options: { textOf?: string[]; screenshot?: boolean } = {},
): Promise<{
  figures: SeenFigure[];
  errors: string[];
  scripts: number;
  /** Text content of each `textOf` selector, in order. */
  texts: string[];
  /** Path of the full-page screenshot, when one was asked for. */
  screenshot?: string;
}> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(
      `${CHROMIUM} is missing: install it with "apt-get install -y chromium"`,
    );
  }
  const dir = await mkdtemp(join(tmpdir(), 'dsrep-report-'));
  for (const [name, content] of Object.entries(files)) {
    await mkdir(dirname(join(dir, name)), { recursive: true });
    await writeFile(join(dir, name), content);
  }
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
    const scripts = await page.locator('script').count();
    const figures = await page.$$eval('figure[data-figure]', (figs) =>
      figs.map((f) => {
        const box = f.querySelector('svg')?.getBoundingClientRect();
        return {
          id: f.getAttribute('data-figure'),
          marks: [
            ...f.querySelectorAll<SVGGraphicsElement>(
              'g.role-mark path, g.role-mark rect, g.role-mark circle, g.role-mark line',
            ),
          ].filter((m) => {
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
    const texts: string[] = [];
    for (const selector of options.textOf ?? []) {
      texts.push((await page.locator(selector).textContent()) ?? '');
    }
    let screenshot: string | undefined;
    if (options.screenshot) {
      screenshot = join(dir, 'report.png');
      await page.screenshot({ path: screenshot, fullPage: true });
    }
    return { figures, errors, scripts, texts, screenshot };
  } finally {
    await browser.close();
  }
}
