import { CorruptFileError } from '../errors';
import type { DecodedFrame, SampleArray } from './pixel-codec';
import { samplesPerFrame, type PixelModule } from './pixel-module';
import { interleavePlanes } from './codecs/interleave';
import { byteCount } from './byte-count';

/**
 * One frame of uncompressed pixel data: little or big endian, 1/8/16/32 bits allocated (1-bit
 * samples packed least significant bit first, frames not necessarily byte-aligned), bits above
 * Bits Stored masked off, planar configuration undone. YBR_FULL_422 keeps its Y Y Cb Cr groups,
 * so it is widened to one Cb/Cr per pixel here.
 */
export function readNativeFrame(
  pixelData: Uint8Array,
  pixel: PixelModule,
  frame: number,
  littleEndian: boolean,
  file: string,
  /** File offset of the first pixel byte, for the truncation message. */
  dataOffset: number,
): DecodedFrame {
  const subsampled = pixel.photometric === 'YBR_FULL_422';
  const count = subsampled ? pixel.rows * pixel.columns * 2 : samplesPerFrame(pixel);
  const bits = pixel.bitsAllocated;
  const frameBits = count * bits;
  const startBit = frame * frameBits;
  const needBytes = Math.ceil((startBit + frameBits) / 8);
  if (needBytes > pixelData.length) {
    throw new CorruptFileError(
      { file },
      `truncated: pixel data ends at byte ${byteCount(dataOffset + pixelData.length)} of ${byteCount(dataOffset + needBytes)}` +
        (pixel.frames > 1 ? ` (frame ${frame + 1} of ${pixel.frames})` : ''),
    );
  }
  const mask = pixel.bitsStored < 32 ? 2 ** pixel.bitsStored - 1 : 0xffffffff;
  let samples: SampleArray;
  if (bits === 1) {
    samples = new Uint8Array(count);
    for (let i = 0; i < count; i++) {
      const bit = startBit + i;
      samples[i] = (pixelData[bit >> 3]! >> (bit & 7)) & 1;
    }
  } else {
    const bytes = bits / 8;
    const view = new DataView(pixelData.buffer, pixelData.byteOffset + startBit / 8, count * bytes);
    samples = bytes === 1 ? new Uint8Array(count) : bytes === 2 ? new Uint16Array(count) : new Uint32Array(count);
    for (let i = 0; i < count; i++) {
      const raw = bytes === 1 ? view.getUint8(i) : bytes === 2 ? view.getUint16(i * 2, littleEndian) : view.getUint32(i * 4, littleEndian);
      samples[i] = mask === 0xffffffff ? raw : raw & mask;
    }
  }
  if (subsampled) return { samples: widenYbr422(samples, pixel.columns, pixel.rows), photometric: 'YBR_FULL' };
  if (pixel.samplesPerPixel > 1 && pixel.planarConfiguration === 1) {
    samples = interleavePlanes(samples, pixel.rows * pixel.columns, pixel.samplesPerPixel);
  }
  return { samples, photometric: pixel.photometric };
}

/** Y1 Y2 Cb Cr per horizontal pair → Y Cb Cr for each of the two pixels (PS3.3 C.7.6.3.1.2). */
function widenYbr422(packed: SampleArray, width: number, height: number): SampleArray {
  const out = new (packed.constructor as new (n: number) => SampleArray)(width * height * 3);
  for (let p = 0; p < (width * height) / 2; p++) {
    const [y1, y2, cb, cr] = [packed[p * 4]!, packed[p * 4 + 1]!, packed[p * 4 + 2]!, packed[p * 4 + 3]!];
    out.set([y1, cb, cr, y2, cb, cr], p * 6);
  }
  return out;
}
