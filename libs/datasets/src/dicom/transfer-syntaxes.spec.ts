import * as fs from 'node:fs';
import * as path from 'node:path';
import { CorruptFileError, UnsupportedTransferSyntaxError } from '../errors';
import { decodeDicom, decodeDicomStoredValues, readDicomHeader } from '../image/dicom-codec';
import { COLUMNS, COMPRESSED, REFERENCES, ROWS, dicomFixturesDir } from '../test-support/dicom-fixtures';
import { writeDicomPart10 } from '../test-support/dicom-part10-writer';
import { loadWasmCodecModule } from './wasm-codec-module';

const dir = dicomFixturesDir();
const read = (name: string) => fs.readFileSync(path.join(dir, `${name}.dcm`));
const stored = (bytes: Uint8Array, frame = 1) => decodeDicomStoredValues(bytes, { fileLabel: 'x.dcm', frame }).values;

/** Reference values as given to the writer (signed values as numbers), frame by frame. */
function referenceFrame(name: keyof typeof REFERENCES, frame = 1): number[] {
  const ref = REFERENCES[name]!;
  const n = ref.rows * ref.columns * (ref.samplesPerPixel ?? 1);
  return Array.from(ref.pixels).slice((frame - 1) * n, frame * n);
}

function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  expect(a.length).toBe(b.length);
  let max = 0;
  for (let i = 0; i < a.length; i++) max = Math.max(max, Math.abs(a[i]! - b[i]!));
  return max;
}

/** PSNR (dB) with peak 2^bits − 1, the usual definition for integer images. */
function psnr(a: ArrayLike<number>, b: ArrayLike<number>, bits: number): number {
  let se = 0;
  for (let i = 0; i < a.length; i++) se += (a[i]! - b[i]!) ** 2;
  return 10 * Math.log10((2 ** bits - 1) ** 2 / (se / a.length));
}

describe('every transfer syntax, against the uncompressed reference', () => {
  it.each(COMPRESSED.map((f) => [f.name, f] as const))('%s', (_, fixture) => {
    const bytes = read(fixture.name);
    const header = readDicomHeader(bytes);
    expect(header.transferSyntaxUid).toBe(fixture.transferSyntax); // the tool made what we think it made
    const ref = REFERENCES[fixture.reference]!;
    for (let frame = 1; frame <= (ref.frames ?? 1); frame++) {
      const decoded = stored(bytes, frame);
      const expected = referenceFrame(fixture.reference, frame);
      if (fixture.maxError !== undefined) expect(maxAbsDiff(decoded, expected)).toBeLessThanOrEqual(fixture.maxError);
      if (fixture.minPsnr !== undefined) expect(psnr(decoded, expected, ref.bitsStored ?? ref.bitsAllocated ?? 16)).toBeGreaterThan(fixture.minPsnr);
      if (fixture.dcmdjpegReference) expect(maxAbsDiff(decoded, stored(read(`${fixture.name}.dcmdjpeg`), frame))).toBe(0);
    }
  });

  it('HTJ2K: a stream made by the OpenJPH encoder decodes to the exact pixels', () => {
    const module = loadWasmCodecModule('@cornerstonejs/codec-openjph', 'openjphjs.js', 'openjphjs.wasm');
    type Encoder = { getDecodedBuffer(info: object): Uint8Array; encode(): void; getEncodedBuffer(): Uint8Array; delete(): void };
    const encoder = new (module['HTJ2KEncoder'] as new () => Encoder)();
    const pixels = referenceFrame('mono12');
    const input = encoder.getDecodedBuffer({ width: COLUMNS, height: ROWS, bitsPerSample: 12, componentCount: 1, isSigned: false, isUsingColorTransform: false });
    new Uint16Array(input.buffer, input.byteOffset, pixels.length).set(pixels);
    encoder.encode();
    const stream = encoder.getEncodedBuffer().slice();
    encoder.delete();
    const bytes = writeDicomPart10({ ...REFERENCES['mono12']!, transferSyntax: '1.2.840.10008.1.2.4.201', encapsulatedFrames: [stream] });
    expect(maxAbsDiff(stored(bytes), pixels)).toBe(0);
  });

  it('HTJ2K colour with the reversible colour transform (YBR_RCT) comes out as the exact RGB', () => {
    const module = loadWasmCodecModule('@cornerstonejs/codec-openjph', 'openjphjs.js', 'openjphjs.wasm');
    type Encoder = { getDecodedBuffer(info: object): Uint8Array; encode(): void; getEncodedBuffer(): Uint8Array; delete(): void };
    const encoder = new (module['HTJ2KEncoder'] as new () => Encoder)();
    const rgb = referenceFrame('rgb8');
    const input = encoder.getDecodedBuffer({ width: COLUMNS, height: ROWS, bitsPerSample: 8, componentCount: 3, isSigned: false, isUsingColorTransform: true });
    input.set(rgb);
    encoder.encode();
    const stream = encoder.getEncodedBuffer().slice();
    encoder.delete();
    const bytes = writeDicomPart10({ ...REFERENCES['rgb8']!, photometric: 'YBR_RCT', transferSyntax: '1.2.840.10008.1.2.4.201', encapsulatedFrames: [stream] });
    expect(maxAbsDiff(stored(bytes), rgb)).toBe(0);
  });

  it('multi-frame without a basic offset table: one fragment per frame, or fragments walked by start marker', () => {
    const pixels = [referenceFrame('frames12', 1), referenceFrame('frames12', 2)];
    // Take the two codestreams out of the dcmtk file (its offset table is filled), then re-wrap them.
    const source = read('frames12-jpeg-lossless');
    const streams = [1, 2].map((frame) => extractFrame(source, frame));
    const noTable = writeDicomPart10({ ...REFERENCES['frames12']!, transferSyntax: '1.2.840.10008.1.2.4.70', encapsulatedFrames: streams, basicOffsetTable: false });
    expect(maxAbsDiff(stored(noTable, 2), pixels[1]!)).toBe(0);
    // Split each stream in two fragments: 4 fragments for 2 frames, grouped at each SOI marker.
    const halves = streams.flatMap((s) => [s.subarray(0, 100), s.subarray(100)]);
    const walked = writeDicomPart10({ ...REFERENCES['frames12']!, transferSyntax: '1.2.840.10008.1.2.4.70', encapsulatedFrames: halves, basicOffsetTable: false });
    expect(maxAbsDiff(stored(walked, 1), pixels[0]!)).toBe(0);
    expect(maxAbsDiff(stored(walked, 2), pixels[1]!)).toBe(0);
    expect(() => stored(walked, 3)).toThrow(/x\.dcm: frame 3 requested but the image has 2 frame\(s\)/);
  });
});

/** The concatenated fragments of one frame, via the file's basic offset table (read by hand here). */
function extractFrame(bytes: Uint8Array, frame: number): Uint8Array {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  // Find the pixel data tag (7FE0,0010) with undefined length.
  let at = bytes.length - 12;
  for (let i = 132; i < bytes.length - 12; i++) {
    if (view.getUint16(i, true) === 0x7fe0 && view.getUint16(i + 2, true) === 0x0010 && view.getUint32(i + 8, true) === 0xffffffff) {
      at = i + 12;
      break;
    }
  }
  const items: Array<[number, number]> = [];
  while (view.getUint16(at + 2, true) === 0xe000) {
    const length = view.getUint32(at + 4, true);
    items.push([at + 8, length]);
    at += 8 + length;
  }
  const [tableAt, tableLength] = items[0]!;
  const offsets = Array.from({ length: tableLength / 4 }, (_, k) => view.getUint32(tableAt + 4 * k, true));
  const first = items[1]![0] - 8;
  const start = first + offsets[frame - 1]!;
  const end = frame < offsets.length ? first + offsets[frame]! : Infinity;
  const parts = items.slice(1).filter(([offset]) => offset - 8 >= start && offset - 8 < end);
  return Uint8Array.from(parts.flatMap(([offset, length]) => Array.from(bytes.subarray(offset, offset + length))));
}

describe('native layouts', () => {
  it('1-bit pixels, packed least significant bit first, in two frames that do not start on a byte', () => {
    const pixels = Array.from({ length: 2 * 3 * 5 }, (_, i) => (i * 7) % 3 === 0 ? 1 : 0);
    const bytes = writeDicomPart10({ rows: 3, columns: 5, frames: 2, bitsAllocated: 1, pixels });
    expect(Array.from(stored(bytes, 1))).toEqual(pixels.slice(0, 15));
    expect(Array.from(stored(bytes, 2))).toEqual(pixels.slice(15));
    expect(Array.from(decodeDicom(bytes).data)).toEqual(pixels.slice(0, 15)); // min–max window of 0/1
  });

  it('planar configuration 1 is interleaved, and YBR_FULL becomes RGB by the PS3.3 formula', () => {
    const rgb = [10, 20, 30, 200, 100, 50];
    const planar = writeDicomPart10({ rows: 1, columns: 2, pixels: rgb, bitsAllocated: 8, samplesPerPixel: 3, planarConfiguration: 1 });
    expect(Array.from(stored(planar))).toEqual(rgb);
    // Y=100, Cb=128+50, Cr=128−20: R = 100 + 1.402·(−20) = 71.96, G = 100 − 17.2068 + 14.28272 = 97.08, B = 100 + 1.772·50 = 188.6
    const ybr = writeDicomPart10({ rows: 1, columns: 1, pixels: [100, 178, 108], bitsAllocated: 8, samplesPerPixel: 3, photometric: 'YBR_FULL' });
    expect(Array.from(stored(ybr)).map((v) => +v.toFixed(2))).toEqual([71.96, 97.08, 188.6]);
  });

  it('YBR_FULL_422 native pixels share Cb/Cr between two neighbours', () => {
    // Two pixels: Y1=100, Y2=50, Cb=Cr=128 (grey): RGB = (100,100,100), (50,50,50).
    const bytes = writeDicomPart10({ rows: 1, columns: 2, pixels: [100, 50, 128, 128, 0, 0], bitsAllocated: 8, samplesPerPixel: 3, photometric: 'YBR_FULL_422' });
    expect(Array.from(stored(bytes))).toEqual([100, 100, 100, 50, 50, 50]);
  });
});

describe('errors name the file and the defect', () => {
  it('truncated uncompressed pixel data gives the byte counts', () => {
    const whole = writeDicomPart10({ rows: 8, columns: 8, pixels: new Array(64).fill(7) });
    // 64 samples × 2 bytes = 128 pixel bytes at the end of the file; cut 20 of them.
    const cut = whole.subarray(0, whole.length - 20);
    expect(() => decodeDicom(cut, { fileLabel: 'cut.dcm' })).toThrow(CorruptFileError);
    expect(() => decodeDicom(cut, { fileLabel: 'cut.dcm' })).toThrow(
      `cut.dcm: cannot be read (truncated: pixel data ends at byte ${(whole.length - 20).toLocaleString('en-US')} of ${whole.length.toLocaleString('en-US')})`,
    );
  });

  it('truncated compressed files and corrupt codestreams are named, never an object dump', () => {
    const j2k = read('mono12-j2k');
    expect(() => decodeDicom(j2k.subarray(0, j2k.length - 300), { fileLabel: 'a.dcm' })).toThrow(/^a\.dcm: cannot be read \(truncated: pixel data ends at byte [\d,]+/);
    const damaged = Uint8Array.from(j2k);
    const soc = damaged.findIndex((b, i) => b === 0xff && damaged[i + 1] === 0x4f && damaged[i + 2] === 0xff && damaged[i + 3] === 0x51);
    damaged.fill(0x00, soc, soc + 40);
    expect(() => decodeDicom(damaged, { fileLabel: 'b.dcm' })).toThrow(/^b\.dcm: cannot be read \(JPEG 2000 Lossless: the JPEG 2000 \(OpenJPEG\) decoder rejected the stream/);
    const deflated = read('mono12-deflated');
    expect(() => decodeDicom(deflated.subarray(0, deflated.length - 50), { fileLabel: 'c.dcm' })).toThrow(/^c\.dcm: cannot be read \(truncated: the deflated data set ends at byte/);
    expect(() => decodeDicom(new TextEncoder().encode('hello'), { fileLabel: 'd.dcm' })).toThrow(/d\.dcm: cannot be read \(truncated: the header ends at byte 5\)/);
    for (const bytes of [damaged, deflated.subarray(0, 400)]) {
      try {
        decodeDicom(bytes, { fileLabel: 'e.dcm' });
      } catch (error) {
        expect((error as Error).message).not.toMatch(/\[object|finished stream|dicomParser|Error:/);
      }
    }
  });

  it('an unknown transfer syntax says which UID', () => {
    const bytes = writeDicomPart10({ rows: 1, columns: 1, pixels: [0], transferSyntax: '1.2.3.4.99' });
    expect(() => decodeDicom(bytes, { fileLabel: 'u.dcm' })).toThrow(UnsupportedTransferSyntaxError);
    expect(() => decodeDicom(bytes, { fileLabel: 'u.dcm' })).toThrow(/u\.dcm: DICOM transfer syntax 1\.2\.3\.4\.99 is unknown/);
  });
});
