import { open } from 'node:fs/promises';
import { DsrepError } from '@dsrep/core';
import { checkFile } from './files.js';

/**
 * An integer NumPy array read into int32: `shape` in C (row-major)
 * order and the values flattened, element [i, j] at i * shape[1] + j.
 */
export interface NpyArray {
  shape: number[];
  /** The dtype as the file spells it, e.g. `<i8` or `<u2`. */
  dtype: string;
  values: Int32Array;
}

const MAGIC = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59]; // \x93NUMPY
/** Bytes per read while converting the data; bounds memory per step. */
const CHUNK_BYTES = 1 << 20;

/**
 * Reads a `.npy` file of little-endian signed or unsigned integers (1,
 * 2, 4 or 8 bytes) in C order. Values must fit int32 (counts and class
 * indices do). Fails, naming the file, on another dtype, Fortran order,
 * a shape other than `expectShape` (null entries match any length), a
 * size that disagrees with the shape, or an out-of-range value.
 */
export async function readNpy(
  file: string,
  expectShape?: readonly (number | null)[],
): Promise<NpyArray> {
  const size = await checkFile(file);
  const handle = await open(file, 'r');
  try {
    const head = new Uint8Array(Math.min(size, 65536 + 12));
    await handle.read(head, 0, head.length, 0);
    const { dtype, shape, fortran, dataStart } = parseHeader(head, file);
    const { signed, width } = intType(dtype, file);
    if (fortran) fail(file, 'is in Fortran order; expected C order');
    if (expectShape) checkShape(shape, expectShape, file);

    const count = shape.reduce((a, b) => a * b, 1);
    if (size - dataStart !== count * width) {
      fail(
        file,
        `holds ${size - dataStart} data bytes, but shape ` +
          `(${shape.join(', ')}) of ${dtype} needs ${count * width}`,
      );
    }
    const values = new Int32Array(count);
    const chunk = new Uint8Array(CHUNK_BYTES - (CHUNK_BYTES % width));
    let done = 0;
    while (done < count) {
      const want = Math.min(chunk.length, (count - done) * width);
      const { bytesRead } = await handle.read(
        chunk,
        0,
        want,
        dataStart + done * width,
      );
      const view = new DataView(chunk.buffer, 0, bytesRead);
      for (let at = 0; at < bytesRead; at += width, done++) {
        values[done] = readInt(view, at, width, signed, file, done);
      }
    }
    return { shape, dtype, values };
  } finally {
    await handle.close();
  }
}

function parseHeader(head: Uint8Array, file: string) {
  if (head.length < 10 || MAGIC.some((b, i) => head[i] !== b)) {
    fail(file, 'lacks the \\x93NUMPY magic; expected a .npy file');
  }
  const major = head[6] as number;
  const view = new DataView(head.buffer, head.byteOffset, head.length);
  const lengthBytes = major === 1 ? 2 : 4;
  const length =
    major === 1 ? view.getUint16(8, true) : view.getUint32(8, true);
  const start = 8 + lengthBytes;
  if (start + length > head.length) fail(file, 'has a truncated header');
  const text = new TextDecoder('latin1').decode(
    head.subarray(start, start + length),
  );
  const descr = /'descr':\s*'([^']+)'/.exec(text);
  const order = /'fortran_order':\s*(True|False)/.exec(text);
  const shapeText = /'shape':\s*\(([^)]*)\)/.exec(text);
  if (!descr || !order || !shapeText) {
    fail(file, `has a header NumPy did not write: ${text.trim()}`);
  }
  const shape = (shapeText[1] ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '')
    .map(Number);
  return {
    dtype: descr[1] as string,
    shape,
    fortran: order[1] === 'True',
    dataStart: start + length,
  };
}

function intType(dtype: string, file: string) {
  const m = /^([<|=])([iu])([1248])$/.exec(dtype);
  if (!m) {
    fail(
      file,
      `has dtype ${dtype}; expected a little-endian integer ` +
        '(<i1..<i8, <u1..<u8)',
    );
  }
  return { signed: m[2] === 'i', width: Number(m[3]) };
}

function checkShape(
  shape: readonly number[],
  expect: readonly (number | null)[],
  file: string,
): void {
  const ok =
    shape.length === expect.length &&
    expect.every((e, i) => e === null || e === shape[i]);
  if (!ok) {
    const want = expect.map((e) => (e === null ? 'any' : e)).join(', ');
    fail(file, `has shape (${shape.join(', ')}); expected (${want})`);
  }
}

function readInt(
  view: DataView,
  at: number,
  width: number,
  signed: boolean,
  file: string,
  index: number,
): number {
  let v: number;
  if (width === 1) v = signed ? view.getInt8(at) : view.getUint8(at);
  else if (width === 2) {
    v = signed ? view.getInt16(at, true) : view.getUint16(at, true);
  } else if (width === 4) {
    v = signed ? view.getInt32(at, true) : view.getUint32(at, true);
  } else {
    const big = signed
      ? view.getBigInt64(at, true)
      : view.getBigUint64(at, true);
    v = big > 2147483647n || big < -2147483648n ? Infinity : Number(big);
  }
  if (v > 2147483647 || v < -2147483648) {
    fail(file, `element ${index} does not fit a 32-bit integer`);
  }
  return v;
}

function fail(file: string, what: string): never {
  throw new DsrepError('BAD_INPUT', `NumPy file ${what}`, { file });
}
