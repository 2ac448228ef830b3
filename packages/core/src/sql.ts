/**
 * Quotes an SQL identifier (table or column name) for DuckDB: wraps it in
 * double quotes and doubles any embedded quote. Identifiers from input
 * are data and always pass through here.
 */
export function quoteIdent(name: string): string {
  if (name.includes('\u0000')) {
    throw new RangeError('identifier contains a NUL character');
  }
  return `"${name.replace(/"/g, '""')}"`;
}

/** Quotes a string literal (file paths for DuckDB's readers). */
export function quoteLiteral(value: string): string {
  if (value.includes('\u0000')) {
    throw new RangeError('literal contains a NUL character');
  }
  return `'${value.replace(/'/g, "''")}'`;
}
