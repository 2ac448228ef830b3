import { DsrepError, quoteIdent, quoteLiteral } from '@dsrep/core';

/** A column the reader wants from a file. */
export interface Wanted {
  name: string;
  nullable: boolean;
}

/** Columns computed from others when the file lacks them. */
export type Derived = Record<
  string,
  (exprs: Readonly<Record<string, string>>) => string
>;

export interface Mapped {
  /** SQL text expression per wanted column. */
  exprs: Record<string, string>;
  /** Source column, `defaults.<name>` or `derived` per wanted column. */
  origins: Record<string, string>;
}

/**
 * Finds each wanted column in a file's header: under the name given in
 * `columns` (canonical -> source), else under its own name, else from
 * `defaults`, else derived from other columns, else NULL when nullable.
 * A required column found nowhere is an error naming the file, the
 * column and what the file has instead.
 */
export function mapColumns(
  file: string,
  header: readonly string[],
  wanted: readonly Wanted[],
  columns: Readonly<Record<string, string>>,
  defaults: Readonly<Record<string, string | number | boolean>>,
  derived: Derived = {},
): Mapped {
  const names = new Set(wanted.map((w) => w.name));
  for (const [key, where] of [
    ...Object.keys(columns).map((k) => [k, 'columns'] as const),
    ...Object.keys(defaults).map((k) => [k, 'defaults'] as const),
  ]) {
    if (!names.has(key)) {
      throw new DsrepError(
        'BAD_CONFIG',
        `${where}.${key} names no column this reader fills; expected ` +
          `one of ${[...names].join(', ')}`,
        { file },
      );
    }
  }

  const present = new Set(header);
  const exprs: Record<string, string> = {};
  const origins: Record<string, string> = {};
  const later: Wanted[] = [];
  for (const w of wanted) {
    const source = columns[w.name] ?? w.name;
    const value = defaults[w.name];
    if (present.has(source)) {
      exprs[w.name] = quoteIdent(source);
      origins[w.name] = source;
    } else if (columns[w.name] !== undefined) {
      throw missing(file, header, source, w.name, true);
    } else if (value !== undefined) {
      exprs[w.name] = quoteLiteral(String(value));
      origins[w.name] = `defaults.${w.name}`;
    } else if (derived[w.name]) {
      later.push(w);
    } else if (w.nullable) {
      exprs[w.name] = 'CAST(NULL AS VARCHAR)';
      origins[w.name] = w.name;
    } else {
      throw missing(file, header, source, w.name, false);
    }
  }
  for (const w of later) {
    const derive = derived[w.name];
    if (derive) exprs[w.name] = derive(exprs);
    origins[w.name] = w.name;
  }
  return { exprs, origins };
}

function missing(
  file: string,
  header: readonly string[],
  source: string,
  canonical: string,
  mapped: boolean,
): DsrepError {
  const how = mapped
    ? `columns.${canonical} maps it to "${source}", which is absent`
    : `map it with columns.${canonical} or give defaults.${canonical}`;
  return new DsrepError(
    'BAD_INPUT',
    `missing required column "${source}" for ${canonical} (${how}); ` +
      `the file has: ${header.join(', ')}`,
    { file, row: 0, column: source },
  );
}
