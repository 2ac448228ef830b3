import bindings from '@duckdb/node-bindings';
import { VARCHAR } from '@duckdb/node-api';

/*
 * DuckDB stores a VARCHAR cell as a 16-byte string_t: a uint32 length,
 * then either the bytes themselves (up to 12, zero-padded: "inlined")
 * or a 4-byte prefix and a pointer to the bytes. Writing these structs
 * from JavaScript in bulk avoids one native call per cell, which is what
 * makes string columns slow to move between Arrow and DuckDB.
 */

/** Strings up to this many bytes live inside the string_t itself. */
export const INLINE_BYTES = 12;

export type RawVector = ReturnType<typeof bindings.data_chunk_get_vector>;

/** Writes an inlined string_t for `bytes` at struct `slot` of `out`. */
export function putInline(
  out: Int32Array,
  slot: number,
  bytes: Uint8Array,
): void {
  const o = slot * 4;
  out[o] = bytes.length;
  out[o + 1] = 0;
  out[o + 2] = 0;
  out[o + 3] = 0;
  const view = new Uint8Array(out.buffer, out.byteOffset + o * 4 + 4, 12);
  view.set(bytes);
}

/**
 * The string_t structs of a whole Arrow dictionary, ready to be copied
 * into data chunks by index. Long words are assigned once into a
 * private DuckDB vector (the "holder"), and their structs point into
 * it; the holder must stay alive until the appender has copied every
 * chunk.
 */
export class StructDictionary {
  readonly structs: Int32Array;
  readonly size: number;
  /**
   * DuckDB vector owning the bytes of the long words, when there are
   * any; the caller keeps this object alive until appending is over.
   */
  readonly holder: RawVector | undefined;

  constructor(offsets: Int32Array, bytes: Uint8Array, size: number) {
    this.size = size;
    this.structs = new Int32Array(size * 4);
    let long = 0;
    for (let d = 0; d < size; d++) {
      const len = (offsets[d + 1] as number) - (offsets[d] as number);
      if (len > INLINE_BYTES) long++;
    }
    if (long === 0) {
      for (let d = 0; d < size; d++) {
        const from = offsets[d] as number;
        putInline(this.structs, d, bytes.subarray(from, offsets[d + 1]));
      }
      return;
    }

    // Some words need DuckDB-owned memory: let DuckDB place every word
    // in the holder, then read its structs back in one copy.
    const type = VARCHAR.toLogicalType().logical_type;
    this.holder = bindings.create_vector(type, Math.max(1, size));
    for (let d = 0; d < size; d++) {
      const from = offsets[d] as number;
      bindings.vector_assign_string_element_len(
        this.holder,
        d,
        bytes.subarray(from, offsets[d + 1]),
      );
    }
    const raw = bindings.vector_get_data(this.holder, size * 16);
    this.structs.set(new Int32Array(raw.buffer, raw.byteOffset, size * 4));
  }
}
