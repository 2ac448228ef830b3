/*
 * The Arrow <-> DuckDB bridge: `loadArrow` puts an Arrow table into
 * DuckDB through the appender, `queryArrow` runs SQL and returns an
 * Arrow table. See arrow-to-duck.ts and duck-to-arrow.ts for how each
 * direction moves its bytes.
 */
export { CHUNK_ROWS, loadArrow } from './arrow-to-duck.js';
export { queryArrow } from './duck-to-arrow.js';
export { utf8Data } from './utf8.js';
