import {
  annotationsContract,
  countsContract,
  predictionsContract,
  quoteLiteral,
  type ColumnSpec,
  type TableContract,
} from '@dsrep/core';
import type { Target } from './params.js';

/** The contract of each canonical table. */
export const CONTRACT_OF: Record<Target, TableContract> = {
  annotations: annotationsContract,
  counts: countsContract,
  predictions: predictionsContract,
};

/** DuckDB type of a contract column in the typed source tables. */
export function sqlTypeOf(spec: ColumnSpec): string {
  switch (spec.type) {
    case 'bool':
      return 'BOOLEAN';
    case 'int32':
      return 'INTEGER';
    case 'int64':
      return 'BIGINT';
    case 'float64':
      return 'DOUBLE';
    case 'timestamp':
      return 'TIMESTAMP';
    default:
      return 'VARCHAR';
  }
}

/**
 * A timestamp from text, as UTC: ISO 8601 with an offset (converted),
 * ISO 8601 without one (taken as UTC, never the session's zone), or
 * Mechanical Turk's `Tue Jun 04 10:10:29 PDT 2019` with zone UTC, GMT,
 * PDT or PST (DuckDB knows no US zone abbreviations, so the two US ones
 * are shifted by hand). NULL when the text is none of these. Cheap
 * tests pick the branch so that each row pays for one parse only.
 */
export function timestampSql(x: string): string {
  const mturk = (zone: string) =>
    `try_strptime(${x}, '%a %b %d %H:%M:%S ${zone} %Y')`;
  return (
    `(CASE WHEN ${x} SIMILAR TO '[A-Z][a-z][a-z] .*' THEN ` +
    `COALESCE(${mturk('UTC')}, ${mturk('GMT')}, ` +
    `${mturk('PDT')} + INTERVAL 7 HOUR, ${mturk('PST')} + INTERVAL 8 HOUR) ` +
    `WHEN regexp_matches(${x}, '(Z|[+-][0-9]{2}(:?[0-9]{2})?)$') ` +
    `THEN timezone('UTC', TRY_CAST(${x} AS TIMESTAMPTZ)) ` +
    `ELSE TRY_CAST(${x} AS TIMESTAMP) END)`
  );
}

/** One validation rule: SQL true on a bad row, and what was expected. */
export interface Rule {
  /** Canonical column the rule checks. */
  column: string;
  /** SQL predicate over the raw text, true when the row is bad. */
  bad: string;
  expected: string;
}

/**
 * Rules that make the text `x` a legal value of `spec`: present unless
 * nullable, one of the allowed values for enumerations, and parseable
 * as the column's type. Booleans are 0/1/true/false (any case); whole
 * numbers are digits with an optional minus sign, no decimals.
 */
export function rulesFor(spec: ColumnSpec, x: string): Rule[] {
  const rules: Rule[] = [];
  const column = spec.name;
  if (!spec.nullable) {
    rules.push({
      column,
      bad: `${x} IS NULL`,
      expected: `a value (${spec.doc}), found an empty cell`,
    });
  }
  if (spec.values) {
    const list = spec.values.map((v) => quoteLiteral(v)).join(', ');
    rules.push({
      column,
      bad: `${x} IS NOT NULL AND ${x} NOT IN (${list})`,
      expected: `one of ${spec.values.join(', ')}`,
    });
  }
  switch (spec.type) {
    case 'bool':
      rules.push({
        column,
        bad: `${x} IS NOT NULL AND lower(${x}) NOT IN ('0', '1', 'true', 'false')`,
        expected: '0, 1, true or false',
      });
      break;
    case 'int32':
      rules.push({
        column,
        bad:
          `${x} IS NOT NULL AND (NOT regexp_full_match(${x}, '-?[0-9]+') ` +
          `OR TRY_CAST(${x} AS INTEGER) IS NULL)`,
        expected: 'a whole number (32-bit)',
      });
      break;
    case 'timestamp':
      rules.push({
        column,
        bad: `${x} IS NOT NULL AND ${timestampSql(x)} IS NULL`,
        expected:
          'a timestamp such as 2019-06-04T17:10:29Z or ' +
          'Tue Jun 04 10:10:29 PDT 2019',
      });
      break;
  }
  return rules;
}

/** SQL converting validated text `x` to the column's type. */
export function castSql(spec: ColumnSpec, x: string): string {
  switch (spec.type) {
    case 'bool':
      return `(lower(${x}) IN ('1', 'true'))`;
    case 'int32':
      return `CAST(${x} AS INTEGER)`;
    case 'timestamp':
      return timestampSql(x);
    default:
      return `CAST(${x} AS VARCHAR)`;
  }
}
