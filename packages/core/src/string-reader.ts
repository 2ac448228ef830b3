import bindings from '@duckdb/node-bindings';
import { Utf8, makeData, type Data } from 'apache-arrow';
import { INLINE_BYTES, type RawVector } from './string-structs.js';

/*
 * Reads VARCHAR vectors into dictionary codes without one native call
 * per cell. An inlined string (up to 12 bytes) is found again from its
 * 16-byte struct alone, through a hash of the struct checked word for
 * word against the first struct seen with that id. Longer strings are
 * read through their pointers in bulk: the pointers of a chunk are
 * sorted and grouped into runs whose gaps are under a page, and each
 * run is copied out of DuckDB's memory with one call (every page such
 * a run touches holds bytes of one of its strings, so the read stays
 * inside mapped memory). Each string is then looked up by its bytes
 * (as a latin1 string), so each distinct string is decoded once.
 */

/** Gap below which two strings' bytes are read in one run: a page. */
const MAX_GAP = 4096;
/** Upper bound of one run's copy. */
const MAX_RUN = 1 << 22;
const TWO32 = 4294967296;

const decoder = new TextDecoder();
const encoder = new TextEncoder();

/** Where the bytes of a dictionary entry are kept, by id. */
const DECODED = 0;
const INLINE = 1;

/** Builds a first-appearance dictionary from VARCHAR vectors. */
export class StringReader {
  /** Distinct strings in order of first appearance: id -> string. */
  readonly words: string[] = [];
  /** DECODED or INLINE: whether an id's bytes are in `keys`. */
  private readonly source: number[] = [];
  private readonly ids = new Map<string, number>();
  /** Inline struct hash -> id; `keys` holds that id's 4 struct words. */
  private readonly inline = new Map<number, number>();
  private keys = new Int32Array(1024);

  /**
   * Writes the ids of rows [0, rows) of `vector` into `out` from
   * `at`; rows whose `valid` byte is 0 are skipped.
   */
  read(
    vector: RawVector,
    rows: number,
    out: Int32Array,
    at: number,
    valid: Uint8Array,
  ): void {
    const raw = bindings.vector_get_data(vector, rows * 16);
    const words = new Int32Array(raw.buffer, raw.byteOffset, rows * 4);
    if (this.longRows.length < rows) this.longRows = new Int32Array(rows);
    let long = 0;
    for (let i = 0; i < rows; i++) {
      if (valid[at + i] === 0) continue;
      const o = i * 4;
      const len = words[o] as number;
      if (len <= INLINE_BYTES) out[at + i] = this.inlineId(words, o, len);
      else this.longRows[long++] = i;
    }
    if (long > 0) this.readLong(words, long, out, at);
  }

  private longRows = new Int32Array(2048);
  private ptrs = new Float64Array(2048);
  private order = new Int32Array(2048);
  private keys64 = new Float64Array(2048);
  private readonly pointerCell = new ArrayBuffer(8);
  /** Long strings by their bytes as a latin1 string -> id. */
  private readonly longIds = new Map<string, number>();

  private readLong(
    words: Int32Array,
    count: number,
    out: Int32Array,
    at: number,
  ): void {
    if (this.ptrs.length < count) {
      this.ptrs = new Float64Array(count);
    }
    const ptrs = this.ptrs;
    const rows = this.longRows;
    let min = Infinity;
    let max = 0;
    let ascending = true;
    for (let j = 0; j < count; j++) {
      const o = (rows[j] as number) * 4;
      const p =
        ((words[o + 3] as number) >>> 0) * TWO32 +
        ((words[o + 2] as number) >>> 0);
      ptrs[j] = p;
      if (p < min) min = p;
      if (p > max) max = p;
      if (j > 0 && p < (ptrs[j - 1] as number)) ascending = false;
    }
    const order = this.sortedOrder(count, ascending, min, max);

    // Group address-sorted strings into runs and copy each run once.
    let first = 0;
    while (first < count) {
      const j0 = order[first] as number;
      const start = ptrs[j0] as number;
      let end = start + ((words[(rows[j0] as number) * 4] as number) >>> 0);
      let last = first + 1;
      while (last < count) {
        const j = order[last] as number;
        const p = ptrs[j] as number;
        const e = p + ((words[(rows[j] as number) * 4] as number) >>> 0);
        if (p - end >= MAX_GAP || Math.max(end, e) - start > MAX_RUN) break;
        end = Math.max(end, e);
        last++;
      }
      const bytes = this.copyOut(start, end - start);
      const text = Buffer.from(
        bytes.buffer,
        bytes.byteOffset,
        bytes.length,
      ).toString('latin1');
      for (let k = first; k < last; k++) {
        const j = order[k] as number;
        const row = rows[j] as number;
        const from = (ptrs[j] as number) - start;
        const len = (words[row * 4] as number) >>> 0;
        out[at + row] = this.longId(text, bytes, from, len);
      }
      first = last;
    }
  }

  /**
   * Indices 0..count-1 ordered by pointer. Pointers within a chunk lie
   * close together, so (pointer - min) * 2048 + index is an exact
   * double and a plain numeric sort of those keys gives the order.
   */
  private sortedOrder(
    count: number,
    ascending: boolean,
    min: number,
    max: number,
  ): Int32Array {
    if (this.order.length < count) this.order = new Int32Array(count);
    const order = this.order;
    const ptrs = this.ptrs;
    if (ascending) {
      for (let j = 0; j < count; j++) order[j] = j;
      return order;
    }
    const radix = 2 ** Math.ceil(Math.log2(count + 1));
    if ((max - min) * radix < 2 ** 53) {
      if (this.keys64.length < count) this.keys64 = new Float64Array(count);
      const keys = this.keys64.subarray(0, count);
      for (let j = 0; j < count; j++) {
        keys[j] = ((ptrs[j] as number) - min) * radix + j;
      }
      keys.sort();
      for (let j = 0; j < count; j++) order[j] = (keys[j] as number) % radix;
      return order;
    }
    const slow = Array.from({ length: count }, (_, j) => j);
    slow.sort((a, b) => (ptrs[a] as number) - (ptrs[b] as number));
    order.set(slow);
    return order;
  }

  /** Copies `length` bytes at native address `address`. */
  private copyOut(address: number, length: number): Uint8Array {
    const cell = new Uint32Array(this.pointerCell);
    cell[0] = address % TWO32;
    cell[1] = Math.floor(address / TWO32);
    return bindings.get_data_from_pointer(this.pointerCell, 0, length);
  }

  /**
   * Id of the long string at [from, from + len) of a run, found by its
   * bytes: `text` is the run read as latin1, one character per byte,
   * so equal substrings mean equal bytes and the map lookup is exact.
   */
  private longId(
    text: string,
    bytes: Uint8Array,
    from: number,
    len: number,
  ): number {
    const key = text.substring(from, from + len);
    let id = this.longIds.get(key);
    if (id === undefined) {
      id = this.idOf(decoder.decode(bytes.subarray(from, from + len)));
      this.longIds.set(key, id);
    }
    return id;
  }

  private inlineId(words: Int32Array, o: number, len: number): number {
    // Bytes past `len` are zero in DuckDB's structs, but mask them so
    // that equal strings always give equal keys.
    const w1 = masked(words[o + 1] as number, len);
    const w2 = masked(words[o + 2] as number, len - 4);
    const w3 = masked(words[o + 3] as number, len - 8);
    let h = Math.imul(len ^ 0x9e3779b9, 0x85ebca6b);
    h = Math.imul(h ^ w1, 0xcc9e2d51);
    h = Math.imul(h ^ (h >>> 15) ^ w2, 0x1b873593);
    h = Math.imul(h ^ (h >>> 13) ^ w3, 0x85ebca6b);
    h ^= h >>> 16;

    const id = this.inline.get(h);
    if (id !== undefined) {
      const k = id * 4;
      const keys = this.keys;
      if (
        keys[k] === len &&
        keys[k + 1] === w1 &&
        keys[k + 2] === w2 &&
        keys[k + 3] === w3
      ) {
        return id;
      }
    }

    // First sight of this struct (or a hash collision): decode it.
    const bytes = new Uint8Array(
      words.buffer,
      words.byteOffset + o * 4 + 4,
      len,
    );
    const found = this.idOf(decoder.decode(bytes));
    if (id === undefined) {
      this.inline.set(h, found);
      this.remember(found, len, w1, w2, w3);
    }
    return found;
  }

  private remember(id: number, len: number, a: number, b: number, c: number) {
    if (this.keys.length < (id + 1) * 4) {
      const grown = new Int32Array(
        Math.max(this.keys.length * 2, (id + 1) * 4),
      );
      grown.set(this.keys);
      this.keys = grown;
    }
    const k = id * 4;
    this.source[id] = INLINE;
    this.keys[k] = len;
    this.keys[k + 1] = a;
    this.keys[k + 2] = b;
    this.keys[k + 3] = c;
  }

  /**
   * The dictionary as Arrow Utf8 data, from the bytes already read
   * where there are any (encoding only strings that came as values).
   */
  toUtf8(): Data<Utf8> {
    const n = this.words.length;
    const offsets = new Int32Array(n + 1);
    for (let id = 0; id < n; id++) {
      const from = this.source[id];
      const len =
        from === INLINE
          ? (this.keys[id * 4] as number)
          : Buffer.byteLength(this.words[id] as string, 'utf8');
      offsets[id + 1] = (offsets[id] as number) + len;
    }
    const bytes = new Uint8Array(offsets[n] as number);
    for (let id = 0; id < n; id++) {
      const at = offsets[id] as number;
      const len = (offsets[id + 1] as number) - at;
      const from = this.source[id];
      if (from === INLINE) {
        bytes.set(new Uint8Array(this.keys.buffer, id * 16 + 4, len), at);
      } else {
        encoder.encodeInto(this.words[id] as string, bytes.subarray(at));
      }
    }
    return makeData({
      type: new Utf8(),
      length: n,
      nullCount: 0,
      valueOffsets: offsets,
      data: bytes,
    });
  }

  /** Id of a decoded string, adding it to the dictionary if new. */
  idOf(s: string): number {
    let id = this.ids.get(s);
    if (id === undefined) {
      id = this.words.length;
      this.words.push(s);
      this.ids.set(s, id);
      this.source.push(DECODED);
    }
    return id;
  }
}

/** Keeps the low `bytes` bytes of a little-endian word (0..4). */
function masked(word: number, bytes: number): number {
  if (bytes >= 4) return word;
  if (bytes <= 0) return 0;
  return word & ((1 << (bytes * 8)) - 1);
}
