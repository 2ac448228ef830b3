import { Utf8, makeData, type Data } from 'apache-arrow';

const encoder = new TextEncoder();

/** Builds a Utf8 Data from strings (offsets + concatenated bytes). */
export function utf8Data(words: readonly string[]): Data<Utf8> {
  const encoded = words.map((w) => encoder.encode(w));
  const offsets = new Int32Array(words.length + 1);
  let total = 0;
  encoded.forEach((e, i) => {
    total += e.length;
    offsets[i + 1] = total;
  });
  const bytes = new Uint8Array(total);
  encoded.forEach((e, i) => bytes.set(e, offsets[i] as number));
  return makeData({
    type: new Utf8(),
    length: words.length,
    nullCount: 0,
    valueOffsets: offsets,
    data: bytes,
  });
}
