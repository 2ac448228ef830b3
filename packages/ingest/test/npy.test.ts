import { describe, expect, it } from 'vitest';
import { readNpy } from '../src/index.js';
import { expectError, ingest, rows, tempDir, write } from './helpers.js';

/** Builds a version-1 .npy file as NumPy writes it (header padded to 64). */
function npy(
  descr: string,
  shape: number[],
  values: number[],
  fortran = false,
) {
  const shapeText =
    shape.length === 1 ? `(${shape[0]},)` : `(${shape.join(', ')})`;
  let header = `{'descr': '${descr}', 'fortran_order': ${fortran ? 'True' : 'False'}, 'shape': ${shapeText}, }`;
  const pad = 64 - ((10 + header.length + 1) % 64);
  header = header + ' '.repeat(pad % 64) + '\n';
  const width = Number(descr.slice(2));
  const data = Buffer.alloc(values.length * width);
  values.forEach((v, i) => {
    const kind = descr.slice(1, 2);
    if (width === 8) data.writeBigInt64LE(BigInt(v), i * 8);
    else if (width === 4) data.writeInt32LE(v, i * 4);
    else if (width === 2)
      kind === 'u' ? data.writeUInt16LE(v, i * 2) : data.writeInt16LE(v, i * 2);
    else data.writeUInt8(v, i);
  });
  const head = Buffer.alloc(10);
  Buffer.from([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0]).copy(head);
  head.writeUInt16LE(header.length, 8);
  return Buffer.concat([head, Buffer.from(header, 'latin1'), data]);
}

describe('NumPy .npy', () => {
  it('reads int and uint arrays of every width in C order', async () => {
    const dir = tempDir();
    for (const descr of ['<i8', '<i4', '<u2', '|u1']) {
      const path = write(
        dir,
        `a${descr.slice(1)}.npy`,
        npy(descr, [2, 3], [1, 2, 3, 4, 5, 6]),
      );
      const a = await readNpy(path, [null, 3]);
      expect(a.shape, descr).toEqual([2, 3]);
      expect([...a.values], descr).toEqual([1, 2, 3, 4, 5, 6]);
    }
    const neg = write(dir, 'neg.npy', npy('<i2', [2], [-3, 7]));
    expect([...(await readNpy(neg)).values]).toEqual([-3, 7]);
  });

  it('turns a vote matrix and labels into counts of the true class', async () => {
    const dir = tempDir();
    write(dir, 'votes.npy', npy('<i8', [2, 3], [5, 1, 0, 2, 2, 3]));
    write(dir, 'labels.npy', npy('<u2', [2], [0, 2]));
    write(dir, 'pred.npy', npy('<u2', [2], [0, 1]));
    const common = {
      format: 'npy',
      labels: 'labels.npy',
      classes: ['a', 'b', 'c'],
      imageIdPrefix: 'img',
    };
    const run = await ingest({
      dataDir: dir,
      sources: [
        { ...common, table: 'counts', path: 'votes.npy', role: 'replication' },
        { ...common, table: 'predictions', path: 'pred.npy', model: 'm' },
      ],
    });
    expect(rows(run.tables['counts'])).toEqual([
      {
        image_id: 'img0',
        class_id: 'a',
        role: 'replication',
        selected_count: 5,
        annotator_count: 6,
      },
      {
        image_id: 'img1',
        class_id: 'c',
        role: 'replication',
        selected_count: 3,
        annotator_count: 7,
      },
    ]);
    expect(rows(run.tables['predictions'])).toEqual([
      { image_id: 'img0', model: 'm', correct: true },
      { image_id: 'img1', model: 'm', correct: false },
    ]);
  });

  it('fails on a wrong shape, dtype, order, size or label', async () => {
    const dir = tempDir();
    const flat = write(dir, 'flat.npy', npy('<i8', [6], [1, 2, 3, 4, 5, 6]));
    await expectError(
      readNpy(flat, [null, 3]),
      { file: flat },
      /has shape \(6\); expected \(any, 3\)/,
    );
    const floats = write(
      dir,
      'f.npy',
      Buffer.from(
        npy('<i8', [1], [1]).toString('latin1').replace('<i8', '<f8'),
        'latin1',
      ),
    );
    await expectError(
      readNpy(floats),
      { file: floats },
      /has dtype <f8; expected a little-endian integer/,
    );
    const big = write(
      dir,
      'b.npy',
      Buffer.from(
        npy('<i8', [1], [1]).toString('latin1').replace('<i8', '>i8'),
        'latin1',
      ),
    );
    await expectError(readNpy(big), { file: big }, /dtype >i8/);
    const fortran = write(
      dir,
      'fo.npy',
      npy('<i4', [2, 2], [1, 2, 3, 4], true),
    );
    await expectError(readNpy(fortran), { file: fortran }, /Fortran order/);
    const short = write(
      dir,
      's.npy',
      npy('<i4', [3], [1, 2, 3]).subarray(0, -2),
    );
    await expectError(
      readNpy(short),
      { file: short },
      /holds 10 data bytes, but shape \(3\) of <i4 needs 12/,
    );
    const text = write(dir, 't.npy', 'not numpy at all');
    await expectError(readNpy(text), { file: text }, /NUMPY magic/);

    write(dir, 'votes.npy', npy('<i8', [2, 2], [1, 1, 2, 2]));
    const labels = write(dir, 'labels.npy', npy('<u2', [2], [0, 5]));
    await expectError(
      ingest({
        dataDir: dir,
        sources: [
          {
            format: 'npy',
            table: 'counts',
            path: 'votes.npy',
            labels: 'labels.npy',
          },
        ],
      }),
      { file: labels, row: 2, column: 'label' },
      /label 5 is not a class index; expected 0 to 1/,
    );
    const three = write(dir, 'three.npy', npy('<u2', [3], [0, 1, 1]));
    await expectError(
      ingest({
        dataDir: dir,
        sources: [
          {
            format: 'npy',
            table: 'counts',
            path: 'votes.npy',
            labels: 'three.npy',
          },
        ],
      }),
      { file: three },
      /has shape \(3\); expected \(2\)/,
    );
  });
});
