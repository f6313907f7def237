import '@tensorflow/tfjs-backend-cpu';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { decodeDicom, decodeDicomStoredValues } from '../image/dicom-codec';
import { checkImages } from '../import/check-images';
import { importDataset } from '../import/import-dataset';
import { createBatchLoader, disposeBatch } from '../loading/batch-loader';
import { openDataset } from '../manifest/manifest-file';
import { REFERENCES, dicomFixturesDir } from '../test-support/dicom-fixtures';
import { writeDicomPart10 } from '../test-support/dicom-part10-writer';
import { makeTempDir, writeFile } from '../test-support/temp-dir';
import { readJpegFrameHeader } from './codecs/jpeg-frame-header';

const EXTENDED = '1.2.840.10008.1.2.4.51';
const fixtures = dicomFixturesDir();
const read = (name: string) => fs.readFileSync(path.join(fixtures, `${name}.dcm`));
const stored = (bytes: Uint8Array) => decodeDicomStoredValues(bytes, { fileLabel: 'x.dcm' }).values;
const temp = makeTempDir('jpeg-12bit');
afterAll(() => temp.cleanup());
beforeAll(async () => {
  await tf.setBackend('cpu');
});

/** The JPEG codestream of a single-fragment file: from its SOI marker to its EOI marker. */
function jpegStream(bytes: Uint8Array): Uint8Array {
  let start = bytes.length;
  for (let i = 0; i + 2 < bytes.length; i++) {
    if (bytes[i] === 0xff && bytes[i + 1] === 0xd8 && bytes[i + 2] === 0xff) {
      start = i;
      break;
    }
  }
  let end = bytes.length;
  while (end > start && !(bytes[end - 2] === 0xff && bytes[end - 1] === 0xd9)) end--;
  return bytes.slice(start, end);
}

const mono12 = REFERENCES['mono12']!;
const stream12 = jpegStream(read('mono12-jpeg-extended-12bit'));
const rewrap = (stream: Uint8Array, changes: Partial<typeof mono12> = {}) =>
  writeDicomPart10({ ...mono12, transferSyntax: EXTENDED, encapsulatedFrames: [stream], ...changes });

describe('JPEG frame header', () => {
  it('reads precision and size from SOF1 after an APP0 segment and a fill byte, skipping DHT', () => {
    // SOI; APP0 of length 4 (2 payload bytes); DHT (0xC4, not a frame) of length 3; a fill 0xFF; SOF1 precision 12, 48 rows, 64 columns, 1 component.
    const bytes = Uint8Array.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x04, 0x4a, 0x46, 0xff, 0xc4, 0x00, 0x03, 0x00, 0xff, 0xff, 0xc1, 0x00, 0x0b, 0x0c, 0x00, 0x30, 0x00, 0x40, 0x01, 0x01, 0x11, 0x00]);
    expect(readJpegFrameHeader(bytes)).toEqual({ marker: 0xc1, precision: 12, rows: 48, columns: 64, components: 1 });
    expect(readJpegFrameHeader(bytes.subarray(0, 14))).toBeUndefined(); // ends before the frame header
    expect(readJpegFrameHeader(Uint8Array.from([0x00, 0x01, 0x02, 0x03]))).toBeUndefined(); // no SOI
  });

  it('the dcmtk fixture really is a 12-bit extended-sequential stream (SOF1, precision 12)', () => {
    expect(readJpegFrameHeader(stream12)).toEqual({ marker: 0xc1, precision: 12, rows: mono12.rows, columns: mono12.columns, components: 1 });
  });
});

describe('12-bit JPEG Extended in the batch loader and the import check', () => {
  it("an imported 12-bit file reaches the loader with exactly dcmdjpeg's pixels (min–max window)", async () => {
    const root = path.join(temp.dir, 'src');
    writeFile(path.join(root, 'ext12.dcm'), read('mono12-jpeg-extended-12bit'));
    writeFile(path.join(root, 'labels.csv'), 'path,label,patient_id,split\next12.dcm,a,p1,train\n');
    const out = path.join(temp.dir, 'dataset');
    await importDataset('folder', root, { out });
    const loader = createBatchLoader(openDataset(out), { size: { width: 64, height: 48 }, batchSize: 1, channels: 1, normalisation: 'unit' });
    const [batch] = [...loader.batches(0)];
    const image = (batch!.images.arraySync() as number[][][][])[0]!.flat(2);
    const expected = decodeDicom(read('mono12-jpeg-extended-12bit.dcmdjpeg')).data;
    let max = 0;
    image.forEach((v, i) => (max = Math.max(max, Math.abs(v - expected[i]!))));
    expect(max).toBeLessThan(1e-6);
    disposeBatch(batch!);
  });

  it('decodes on worker threads as in this thread, and names a 12-bit stream that ends early', async () => {
    const root = path.join(temp.dir, 'check');
    writeFile(path.join(root, 'good.dcm'), read('mono12-jpeg-extended-12bit'));
    writeFile(path.join(root, 'short.dcm'), rewrap(stream12.subarray(0, stream12.length - 600)));
    const jobs = ['good.dcm', 'short.dcm'].map((name) => ({ file: path.join(root, name), format: 'dicom' as const, label: name }));
    const threaded = await checkImages(jobs, { threads: 2 });
    expect(threaded).toEqual(await checkImages(jobs, { threads: 1 }));
    expect(threaded[0]).toEqual({ ok: true, width: 64, height: 48, channels: 1 });
    expect(threaded[1]).toMatchObject({ ok: false });
    expect(JSON.stringify(threaded[1])).toMatch(/short\.dcm: cannot be read \(JPEG Extended \(process 2 & 4\): truncated: the 12-bit JPEG stream/);
  });
});

describe('12-bit JPEG errors name the file and the defect', () => {
  it('a stream cut short inside a whole file is refused, not painted grey', () => {
    const cut = rewrap(stream12.subarray(0, stream12.length - 600));
    const length = (stream12.length - 600).toLocaleString('en-US');
    expect(() => decodeDicom(cut, { fileLabel: 'cut.dcm' })).toThrow(
      new RegExp(`^cut\\.dcm: cannot be read \\(JPEG Extended \\(process 2 & 4\\): truncated: the 12-bit JPEG stream \\(${length} bytes\\) ends before the last row of the image`),
    );
  });

  it('a header that disagrees with the stream is named before decoding', () => {
    expect(() => stored(rewrap(stream12, { rows: 40 }))).toThrow(/x\.dcm: .*stream is 64×48×1 but the header says 64×40×1/);
    expect(() => stored(rewrap(stream12, { bitsAllocated: 8, bitsStored: 8 }))).toThrow(/x\.dcm: .*a 12-bit JPEG stream needs Bits Allocated 16, the header says 8/);
  });

  it('a 12-bit stream in a file labelled JPEG Baseline names the syntax that allows it', () => {
    expect(() => stored(rewrap(stream12, { transferSyntax: '1.2.840.10008.1.2.4.50' }))).toThrow(
      /x\.dcm: cannot be read \(JPEG Baseline \(process 1\): a JPEG Baseline stream must have 8-bit samples, this one has 12-bit samples \(JPEG Extended, 1\.2\.840\.10008\.1\.2\.4\.51/,
    );
  });

  it('a codec failure leaves the decoder usable: after many refused streams the next file still decodes exactly', () => {
    // The scan header (SOS) names Huffman tables 3, which the stream never defines: libjpeg stops with an error.
    const damaged = Uint8Array.from(stream12);
    const sos = damaged.findIndex((b, i) => b === 0xff && damaged[i + 1] === 0xda);
    damaged[sos + 6] = 0x33; // FF DA, length (2), component count (1), component id, then its DC/AC table numbers
    const bad = rewrap(damaged);
    for (let k = 0; k < 10; k++) {
      try {
        stored(bad);
        throw new Error('a damaged stream decoded');
      } catch (error) {
        expect((error as Error).message).toMatch(
          /^x\.dcm: cannot be read \(JPEG Extended \(process 2 & 4\): the JPEG 12-bit \(dcmtk IJG, dcmjs-codecs\) decoder rejected the stream \(corrupt or truncated data: Huffman table 0x03 was not defined\)\)/,
        );
        expect((error as Error).message).not.toMatch(/\[object|RuntimeError|wasm/);
      }
    }
    const again = stored(read('mono12-jpeg-extended-12bit'));
    const reference = stored(read('mono12-jpeg-extended-12bit.dcmdjpeg'));
    expect(Array.from(again)).toEqual(Array.from(reference));
  });
});
