import { runStage } from '@dsrep/core';
import { beforeAll, describe, expect, it } from 'vitest';
import { stage } from '../src/index.js';
import { browserAbsent, CHROMIUM, openReport } from './browser.js';
import { crowdInputs, MODEL, replicationInputs } from './real-fixtures.js';

const build = (inputs: Parameters<typeof runStage>[1]) =>
  runStage(stage, inputs, { title: 'Real data' }, { seed: 1 });

const text = (
  files: Record<string, string | Uint8Array> | undefined,
  name: string,
) => {
  const f = files?.[name];
  if (typeof f !== 'string') throw new Error(`report did not write ${name}`);
  return f;
};
const json = (
  files: Record<string, string | Uint8Array> | undefined,
  name: string,
) => JSON.parse(text(files, name)) as { rows: Record<string, unknown>[] };

const REPLICATION_FIGURES = [
  'replication-table1',
  'replication-naive-error',
  'replication-estimators',
];
const CROWD_FIGURES = ['crowd-mixture', 'crowd-workers'];
const skipNote = browserAbsent
  ? ` (skipped: ${CHROMIUM} absent; apt-get install -y chromium)`
  : '';

describe('report of the replication experiment (replicate stage)', () => {
  let run: Awaited<ReturnType<typeof build>>;
  beforeAll(async () => {
    run = await build(replicationInputs());
  });

  it('shows the experiment in its own section, without warnings', () => {
    expect(run.warnings).toEqual([]);
    const summary = JSON.parse(text(run.files, 'summary.json'));
    expect(summary.figures.map((f: { id: string }) => f.id)).toEqual(
      REPLICATION_FIGURES,
    );
    const html = text(run.files, 'index.html');
    // Every absent input belongs to a stage this pipeline lacks.
    expect(html).not.toContain('class="absent"');
    expect(html).toContain('Not part of this pipeline');
    // Sources name the stage that wrote the table in this run.
    expect(html).toContain('replicate/estimates');
    expect(html).not.toContain('estimate/estimates');
  });

  it('raw drop per t: mean ± SE over repetitions, as computed by hand', () => {
    // Rep values 0.010 and 0.012: mean 0.011, sd 0.002/√2, se 0.001.
    const drop = json(run.files, 'tables/replication_drop.json').rows;
    const t3 = drop.find((r) => r.t === 3);
    expect(t3?.model).toBe(MODEL);
    expect(t3?.drop).toBeCloseTo(0.011, 12);
    expect(t3?.drop_se).toBeCloseTo(0.001, 12);
    expect(t3?.images).toBeCloseTo(31, 12);
    const html = text(run.files, 'index.html');
    expect(html).toContain('1.10% ± 0.10%');
    expect(html).toContain('t = 3: 1.10% ± 0.10%');
  });

  it('table 1 per t and set with the optimism of the replication', () => {
    const rows = json(run.files, 'tables/replication_table1.json').rows;
    const rep3 = rows.find((r) => r.t === 3 && r.set === 'replication');
    expect(rep3?.in_sample).toBeCloseTo(0.903, 12);
    expect(rep3?.heldout).toBeCloseTo(0.881, 12);
    expect(rep3?.difference).toBeCloseTo(0.022, 12);
    expect(rep3?.heldout_se).toBeCloseTo(0.001, 12);
    expect(rows).toHaveLength(4);
  });

  it("each estimator's error, width and coverage, and sentences from them", () => {
    const rows = json(run.files, 'tables/replication_estimators.json').rows;
    const by = (e: string) => rows.find((r) => r.estimator === e);
    // Pool − v1 per repetition: −0.04, −0.036 → mean −0.038, se 0.002.
    expect(by('none (raw pool accuracy)')?.error).toBeCloseTo(-0.038, 12);
    expect(by('none (raw pool accuracy)')?.error_se).toBeCloseTo(0.002, 12);
    // Naive at the largest m = 3: errors −0.01, −0.008.
    expect(by('naive (m = 3)')?.error).toBeCloseTo(-0.009, 12);
    expect(by('naive (m = 3)')?.width).toBeCloseTo(0.04, 12);
    const jack = by('jackknife');
    expect(jack?.error).toBeCloseTo(0.01, 12);
    expect(jack?.width).toBeCloseTo(0.08, 12);
    expect(jack?.coverage).toBe(0.5);
    expect(jack?.bounded).toBe(2);
    expect(by('parametric')?.coverage).toBe(1);

    const html = text(run.files, 'index.html');
    // Parametric: error 0.021 ± 0.001, more than 2 SE above zero.
    expect(html).toMatch(
      /Parametric: error \+2\.10% ± 0\.10%, so it overestimates/,
    );
    // Jackknife: 0.01 ± 0.02 is within 2 SE; its SD is 20× naive's.
    expect(html).toMatch(
      /Jackknife: error \+1\.0% ± 2\.0%, no bias detectable/,
    );
    expect(html).toContain(
      'held the truth in 1 of 2 repetitions with intervals',
    );
    expect(html).toMatch(
      /Naive \(all m = 3 annotators\): error −0\.90% ± 0\.10%, so it underestimates/,
    );
  });

  it('leaves out what the replication section shows better', () => {
    const html = text(run.files, 'index.html');
    expect(html).not.toContain('data-figure="naive-curve"');
    expect(html).not.toContain('data-figure="table1"');
    expect(html).toContain('need at least three models; this run has 1');
  });

  it('is deterministic: reversed rows give the same bytes', async () => {
    const again = await build(replicationInputs(true));
    for (const name of Object.keys(run.files ?? {})) {
      expect(again.files?.[name], name).toBe(run.files?.[name]);
    }
  });

  it.skipIf(browserAbsent)(
    `renders in Chromium with marks in every figure${skipNote}`,
    async () => {
      const seen = await openReport(run.files ?? {});
      expect(seen.figures.map((f) => f.id)).toEqual(REPLICATION_FIGURES);
      for (const f of seen.figures) {
        expect(f.marks, `marks in ${f.id}`).toBeGreaterThan(0);
        expect(f.width, `width of ${f.id}`).toBeGreaterThan(100);
        expect(f.caption, `caption of ${f.id}`).toMatch(/Source: \S+/);
      }
      expect(seen.scripts).toBe(0);
      expect(seen.errors).toEqual([]);
    },
  );
});

describe('report of crowd workers (crowd-mixtures, clean)', () => {
  let run: Awaited<ReturnType<typeof build>>;
  beforeAll(async () => {
    run = await build(crowdInputs());
  });

  it('draws the mixtures per role and the workers, no warnings', () => {
    expect(run.warnings).toEqual([]);
    const html = text(run.files, 'index.html');
    // Stages absent from the pipeline get a plain line; clean ran (its
    // worker_stats is here), so its missing tables get the amber box.
    const amber = html.match(/<p class="absent">.*<\/p>/g) ?? [];
    expect(amber).toHaveLength(1);
    expect(amber[0]).toContain('batch_stats');
    expect(amber[0]).not.toContain('estimates');
    expect(html).toContain(
      'Not part of this pipeline: this section reads <code>estimates</code>',
    );
    expect(html).toContain(
      'Positives (role reference): BIC chose K = 1 component',
    );
    expect(html).toContain(
      'Negatives (role candidate): BIC chose K = 2 components',
    );
    // The generic mixture figure of the estimate stage is not drawn.
    expect(html).not.toContain('data-figure="mixture"');
    // Sections of absent stages come after the ones with content, and
    // the table of contents leaves them out.
    expect(html.indexOf('id="crowd-mixtures"')).toBeLessThan(
      html.indexOf('id="headline"'),
    );
    const nav = html.match(/<nav>.*?<\/nav>/s)?.[0] ?? '';
    expect(nav).toContain('href="#crowd-mixtures"');
    expect(nav).not.toContain('href="#headline"');
    const bic = json(run.files, 'tables/crowd_mixture_bic.json').rows;
    expect(bic).toHaveLength(4);
    expect(bic.filter((r) => r.chosen === 'chosen').map((r) => r.K)).toEqual([
      2, 1,
    ]);
  });

  it('per-worker selection shares by role, joined to the flags', () => {
    const rows = json(run.files, 'tables/crowd_workers.json').rows;
    expect(rows.map((r) => r.worker_id)).toEqual(['w1', 'w2']);
    expect(rows[0]).toMatchObject({
      positives: 1,
      negatives: 0,
      separation: 1,
      rejected: 'no',
    });
    expect(rows[1]).toMatchObject({
      positives: 0.5,
      negatives: 0.5,
      separation: 0,
      flagged: 1,
      rejected: 'yes',
    });
  });

  it.skipIf(browserAbsent)(
    `renders in Chromium with marks in every figure${skipNote}`,
    async () => {
      const seen = await openReport(run.files ?? {});
      expect(seen.figures.map((f) => f.id)).toEqual(CROWD_FIGURES);
      for (const f of seen.figures) {
        expect(f.marks, `marks in ${f.id}`).toBeGreaterThan(0);
        expect(f.width, `width of ${f.id}`).toBeGreaterThan(100);
      }
      // Two workers, two points (plus the diagonal line).
      const workers = seen.figures.find((f) => f.id === 'crowd-workers');
      expect(workers?.marks).toBe(3);
      expect(seen.errors).toEqual([]);
    },
  );
});
