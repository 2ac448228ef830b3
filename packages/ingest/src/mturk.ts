import { DsrepError, quoteIdent, quoteLiteral } from '@dsrep/core';
import { resolvePath } from './files.js';
import type { LedgerEntry } from './ledger.js';
import type { MTurkLayout, MTurkSource } from './params.js';
import { checkRows, projectTyped } from './project.js';
import { loadRaw, ROW, type RawTable } from './raw.js';
import type { ReadOutcome, ReadTarget } from './read.js';
import { listFields, listRules, type Finder } from './mturkLists.js';

/**
 * Reads a Mechanical Turk batch-results CSV (one row per assignment)
 * into annotations: one row per image of the assignment's grid, in the
 * order the worker saw them, selected when the answer lists it.
 * Assignments whose status is in `layout.excludeStatuses` are dropped
 * and counted (in annotation rows) in the ledger. Errors name the CSV
 * record (row), the MTurk column and what was expected.
 */
export async function readMTurk(
  source: MTurkSource,
  at: ReadTarget,
): Promise<ReadOutcome> {
  const file = resolvePath(at.dataDir, source.path);
  const rawName = `${at.name}__raw`;
  const raw = await loadRaw(at.conn, file, 'csv', rawName);
  const layout = source.layout;
  const col = columnFinder(raw, layout);

  // Assignment-level checks: list fields parse and agree with the grid.
  const lists = listFields(layout, col);
  await checkRows(
    at.conn,
    {
      target: 'annotations',
      from: rawName,
      file,
      rowSql: ROW,
      exprs: Object.fromEntries(lists.map((l) => [l.key, l.text])),
      origins: Object.fromEntries(lists.map((l) => [l.key, l.column])),
    },
    listRules(lists, layout),
  );

  // Explode each assignment into its grid's images.
  const list = (key: string) =>
    lists.find((l) => l.key === key)?.list ?? 'CAST(NULL AS VARCHAR[])';
  const shown = lists.some((l) => l.key === 'shown') ? 'shown' : 'images';
  const status = col(layout.status, true) as string;
  const excluded = layout.excludeStatuses.map((s) => quoteLiteral(s));
  const isExcluded =
    excluded.length === 0
      ? 'false'
      : // An empty status is not excluded: no row leaves silently.
        `coalesce(${status} IN (${excluded.join(', ')}), false)`;
  const longName = `${at.name}__long`;
  const classId = field(layout.classId, 'class_id', source, col, file);
  const submitted = col(layout.submitTime);
  await at.conn.run(
    `CREATE OR REPLACE TABLE ${quoteIdent(longName)} AS
     WITH a AS (
       SELECT ${ROW} AS __row, ${isExcluded} AS __excluded,
         ${col(layout.workerId, true)} AS worker_id,
         ${col(layout.assignmentId, true)} AS assignment_id,
         ${col(layout.gridId, true)} AS grid_id,
         ${classId.sql} AS class_id,
         ${submitted ?? 'CAST(NULL AS VARCHAR)'} AS submitted_at,
         ${list('images')} AS images, ${list('roles')} AS roles,
         ${list('kinds')} AS kinds, ${list('shown')} AS shown,
         ${list('selected')} AS selected
       FROM ${quoteIdent(rawName)})
     SELECT * EXCLUDE (images, roles, kinds, shown, selected, j),
       roles[j] AS role, kinds[j] AS control_kind,
       ${selectedSql(layout)} AS selected
     FROM (SELECT *, list_position(images, image_id) AS j FROM (
       SELECT *, unnest(${shown}) AS image_id,
         generate_subscripts(${shown}, 1) AS pos FROM a))`,
  );

  const ledger = await excludedRows(at, longName, layout);
  const role = lists.some((l) => l.key === 'roles')
    ? { sql: 'role', origin: layout.roles as string }
    : field(layout.roles, 'role', source, col, file);
  const rows = await projectTyped(
    at.conn,
    {
      target: 'annotations',
      from: `${longName}__kept`,
      file,
      rowSql: '__row',
      exprs: {
        worker_id: 'worker_id',
        assignment_id: 'assignment_id',
        grid_id: 'grid_id',
        image_id: 'image_id',
        class_id: 'class_id',
        role: role.sql,
        control_kind: 'control_kind',
        selected: 'selected',
        submitted_at: 'submitted_at',
      },
      origins: {
        worker_id: layout.workerId,
        assignment_id: layout.assignmentId,
        grid_id: layout.gridId,
        image_id: layout.shownOrder ?? layout.images,
        class_id: classId.origin,
        role: role.origin,
        control_kind: layout.controlKinds ?? 'control_kind',
        selected: layout.selected,
        submitted_at: layout.submitTime ?? 'submitted_at',
      },
    },
    at.name,
  );
  for (const t of [longName, `${longName}__kept`, rawName]) {
    await at.conn.run(`DROP TABLE IF EXISTS ${quoteIdent(t)}`);
  }
  return { target: 'annotations', name: at.name, file, rows, ledger };
}

/** Quoted column of the CSV, null when optional and absent. */
function columnFinder(raw: RawTable, layout: MTurkLayout): Finder {
  const present = new Set(raw.columns);
  return (name, required = false) => {
    if (name === null) return null;
    if (present.has(name)) return quoteIdent(name);
    if (!required) return null;
    const key = Object.entries(layout).find(([, v]) => v === name)?.[0];
    throw new DsrepError(
      'BAD_INPUT',
      `missing required MTurk column "${name}" (layout.${key ?? '?'}); ` +
        `the file has: ${raw.columns.join(', ')}`,
      { file: raw.file, row: 0, column: name },
    );
  };
}

function selectedSql(layout: MTurkLayout): string {
  return layout.selectedBy === 'id'
    ? `CAST(list_contains(selected, image_id) AS VARCHAR)`
    : `CAST(list_contains(selected, CAST(pos - 1 AS VARCHAR)) AS VARCHAR)`;
}

/** Splits off excluded assignments; their rows go to the ledger. */
async function excludedRows(
  at: ReadTarget,
  longName: string,
  layout: MTurkLayout,
): Promise<LedgerEntry[]> {
  const long = quoteIdent(longName);
  await at.conn.run(
    `CREATE OR REPLACE TABLE ${quoteIdent(`${longName}__kept`)} AS ` +
      `SELECT * FROM ${long} WHERE NOT __excluded ORDER BY __row, pos`,
  );
  const result = await at.conn.runAndReadAll(
    `SELECT count(*)::INTEGER FROM ${long} WHERE __excluded`,
  );
  const dropped = Number(result.getRows()[0]?.[0] ?? 0);
  if (dropped === 0) return [];
  return [
    {
      table: 'annotations',
      reason:
        `assignment status ${layout.excludeStatuses.join(' or ')} ` +
        '(mturk layout.excludeStatuses)',
      action: 'dropped',
      rows: dropped,
    },
  ];
}

/**
 * A per-assignment value from its MTurk column, else from `defaults`;
 * an error naming both when neither is there.
 */
function field(
  name: string | null,
  canonical: string,
  source: MTurkSource,
  col: Finder,
  file: string,
): { sql: string; origin: string } {
  const found = col(name);
  if (found !== null && name !== null) return { sql: found, origin: name };
  const value = source.defaults[canonical];
  if (value !== undefined) {
    return {
      sql: quoteLiteral(String(value)),
      origin: `defaults.${canonical}`,
    };
  }
  throw new DsrepError(
    'BAD_INPUT',
    `no ${canonical} for the assignments: ` +
      (name === null
        ? 'the layout names no column'
        : `column "${name}" is absent`) +
      `; give defaults.${canonical} or set the column in the layout`,
    { file, row: 0, column: name ?? canonical },
  );
}
