/*
 * Millisecond <-> microsecond conversion of int64 arrays without BigInt
 * arithmetic. Each int64 is read as two 32-bit halves (little-endian:
 * low word unsigned, high word signed), so value = hi * 2^32 + lo, and
 * the products and quotients below stay exact in doubles (< 2^53).
 * This is several times faster than a BigInt per row.
 */

const TWO32 = 4294967296;

/** Little-endian int32 view of a BigInt64Array's elements. */
function halves(a: BigInt64Array): Int32Array {
  return new Int32Array(a.buffer, a.byteOffset, a.length * 2);
}

/**
 * Writes `src[from + i] * 1000` to `dst[i]` for `rows` rows and returns
 * the first row whose product does not fit in int64, or -1. `skip(i)`
 * says that row i is null and may hold anything.
 */
export function millisToMicros(
  src: BigInt64Array,
  from: number,
  dst: BigInt64Array,
  rows: number,
  skip?: (i: number) => boolean,
): number {
  const s = halves(src);
  const d = halves(dst);
  for (let i = 0; i < rows; i++) {
    const lo = (s[2 * (from + i)] as number) >>> 0;
    const hi = s[2 * (from + i) + 1] as number;
    const low = lo * 1000;
    const carry = Math.floor(low / TWO32);
    const high = hi * 1000 + carry;
    if (high > 2147483647 || high < -2147483648) {
      if (skip?.(i)) {
        d[2 * i] = 0;
        d[2 * i + 1] = 0;
        continue;
      }
      return i;
    }
    d[2 * i] = low - carry * TWO32;
    d[2 * i + 1] = high;
  }
  return -1;
}

/**
 * Writes floor(`src[i]` / 1000) to `dst[at + i]` for `rows` rows:
 * microseconds to milliseconds, rounding toward minus infinity so that
 * pre-1970 instants land in the millisecond that contains them.
 */
export function microsToMillis(
  src: BigInt64Array,
  dst: BigInt64Array,
  at: number,
  rows: number,
): void {
  const s = halves(src);
  const d = halves(dst);
  for (let i = 0; i < rows; i++) {
    const lo = (s[2 * i] as number) >>> 0;
    const hi = s[2 * i + 1] as number;
    // Long division by 1000, high word first (floored).
    const qHi = Math.floor(hi / 1000);
    const r = hi - qHi * 1000;
    const qLo = Math.floor((r * TWO32 + lo) / 1000);
    d[2 * (at + i)] = qLo | 0;
    d[2 * (at + i) + 1] = qHi;
  }
}
