import { createReadStream } from 'node:fs';

const LF = 0x0a;
const QUOTE = 0x22;
/** Longest line kept while looking for a bad byte. */
const MAX_LINE = 1 << 20;

/**
 * Finds which field of line `line` (1-based) of a CSV file holds bytes
 * that are not UTF-8, streaming the file up to that line. Returns the
 * 0-based field index, or undefined when the line cannot be isolated
 * (too long, or the bad byte sits in a quoted field spanning lines).
 * Only run after DuckDB reported the line, so the happy path never
 * pays for it.
 */
export async function badUtf8Field(
  file: string,
  line: number,
  delimiter: string,
): Promise<number | undefined> {
  const bytes = await lineBytes(file, line);
  if (!bytes) return undefined;
  const sep = delimiter.charCodeAt(0);
  const decoder = new TextDecoder('utf-8', { fatal: true });
  let quoted = false;
  let start = 0;
  let field = 0;
  for (let i = 0; i <= bytes.length; i++) {
    const b = i < bytes.length ? bytes[i] : sep;
    if (b === QUOTE) quoted = !quoted;
    if (b !== sep || (quoted && i < bytes.length)) continue;
    try {
      decoder.decode(bytes.subarray(start, i));
    } catch {
      return field;
    }
    field++;
    start = i + 1;
  }
  return undefined;
}

async function lineBytes(
  file: string,
  line: number,
): Promise<Uint8Array | undefined> {
  let current = 1;
  const parts: Uint8Array[] = [];
  let kept = 0;
  for await (const chunk of createReadStream(file)) {
    const buf = chunk as Buffer;
    let from = 0;
    while (from <= buf.length) {
      const nl = buf.indexOf(LF, from);
      const end = nl < 0 ? buf.length : nl;
      if (current === line) {
        parts.push(buf.subarray(from, end));
        kept += end - from;
        if (kept > MAX_LINE) return undefined;
        if (nl >= 0) return Buffer.concat(parts);
      }
      if (nl < 0) break;
      current++;
      from = nl + 1;
      if (current > line) return Buffer.concat(parts);
    }
  }
  return parts.length > 0 ? Buffer.concat(parts) : undefined;
}
