import type { Table } from 'apache-arrow';
import {
  checkTable,
  quoteIdent,
  type Stage,
  type StageContext,
} from '@dsrep/core';
import { readCanonical } from './canonical.js';
import { checkGridClasses, checkKnownImages, checkUnique } from './checks.js';
import { ledgerTable, type LedgerEntry } from './ledger.js';
import { readMTurk } from './mturk.js';
import { readNpySource } from './npySources.js';
import {
  ingestParamsSchema,
  TARGETS,
  type IngestParams,
  type Source,
  type Target,
} from './params.js';
import { readLabelPredictions } from './labels.js';
import type { ReadOutcome, ReadTarget } from './read.js';
import { exportTable } from './output.js';
import { CONTRACT_OF } from './typing.js';
import { readWidePredictions } from './wide.js';

/** Reads one configured source with the reader of its format. */
export function readSource(
  source: Source,
  at: ReadTarget,
): Promise<ReadOutcome> {
  switch (source.format) {
    case 'mturk':
      return readMTurk(source, at);
    case 'npy':
      return readNpySource(source, at);
    case 'wide-predictions':
      return readWidePredictions(source, at);
    case 'label-predictions':
      return readLabelPredictions(source, at);
    default:
      return readCanonical(source, at);
  }
}

/**
 * The tables a configuration produces: each target with at least one
 * source, then `ledger_ingest`. `stage.outputs` lists only the ledger,
 * the one output every configuration has.
 */
export function ingestOutputs(params: IngestParams): string[] {
  const targets = TARGETS.filter((t) =>
    params.sources.some((s) => s.table === t),
  );
  return [...targets, 'ledger_ingest'];
}

/**
 * The ingest stage: reads every configured source into DuckDB, checks
 * each value and the rules across rows (one class per image and grid,
 * one row per counted image and per prediction, predictions only for
 * known images), and returns the canonical tables plus
 * `ledger_ingest`, where rows read = rows kept + rows dropped.
 */
export const stage: Stage<IngestParams> = {
  name: 'ingest',
  doc: 'reads annotation, count and prediction files into the canonical tables',
  inputs: [],
  outputs: ['ledger_ingest'],
  params: ingestParamsSchema,
  run: runIngest,
};

async function runIngest(ctx: StageContext<IngestParams>) {
  const { conn, params } = ctx;
  const ledger: LedgerEntry[] = [];
  const byTarget = new Map<Target, { index: number; name: string }[]>();

  ctx.progress.start('ingest: reading files', params.sources.length);
  for (const [index, source] of params.sources.entries()) {
    const name = `__ingest_source_${index}`;
    const out = await readSource(source, {
      conn,
      dataDir: params.dataDir,
      name,
    });
    ledger.push(...out.ledger);
    const list = byTarget.get(out.target) ?? [];
    list.push({ index, name });
    byTarget.set(out.target, list);
    ctx.progress.tick();
  }
  ctx.progress.done();

  // One table per target, in source order then file order.
  const all = (t: Target) => `__ingest_all_${t}`;
  for (const [target, parts] of byTarget) {
    const union = parts
      .map(
        (p) =>
          `SELECT *, ${p.index}::BIGINT * 10000000000 + rowid AS __key ` +
          `FROM ${quoteIdent(p.name)}`,
      )
      .join(' UNION ALL ');
    // A view: the checks and the export each scan it once, which is
    // cheaper than copying every row into one more table.
    await conn.run(
      `CREATE OR REPLACE VIEW ${quoteIdent(all(target))} AS ${union}`,
    );
  }

  if (byTarget.has('annotations')) {
    await checkGridClasses(conn, all('annotations'));
  }
  if (byTarget.has('counts')) {
    await checkUnique(conn, all('counts'), 'counts', [
      'image_id',
      'class_id',
      'role',
    ]);
  }
  const keep: Partial<Record<Target, string>> = {};
  if (byTarget.has('predictions')) {
    await checkUnique(conn, all('predictions'), 'predictions', [
      'image_id',
      'model',
    ]);
    const known = (['annotations', 'counts'] as const)
      .filter((t) => byTarget.has(t))
      .map((t) => `SELECT image_id FROM ${quoteIdent(all(t))}`);
    if (known.length > 0) {
      const found = await checkKnownImages(
        conn,
        all('predictions'),
        known.join(' UNION '),
        params.unknownImages,
      );
      ledger.push(...found.ledger);
      keep.predictions = found.keep;
    }
  }

  const tables: Record<string, Table> = {};
  const metrics: Record<string, number> = {};
  for (const target of byTarget.keys()) {
    const contract = CONTRACT_OF[target];
    const table = await exportTable(conn, all(target), contract, keep[target]);
    checkTable(table, contract, target);
    tables[target] = table;
    metrics[`${target}_rows`] = table.numRows;
    ledger.push({
      table: target,
      reason: 'read and valid',
      action: 'kept',
      rows: table.numRows,
    });
  }
  for (const [target, parts] of byTarget) {
    await conn.run(`DROP VIEW ${quoteIdent(all(target))}`);
    for (const p of parts) await conn.run(`DROP TABLE ${quoteIdent(p.name)}`);
  }
  tables['ledger_ingest'] = ledgerTable(ledger);
  return { tables, metrics };
}
