import { CodecError, type FrameCodec, type SampleArray } from '../pixel-codec';

/** Expands one PackBits segment (PS3.5 G.3.1) into `out`; says which segment if it runs short. */
function unpackSegment(stream: Uint8Array, start: number, end: number, out: Uint8Array, segment: number): void {
  let i = start;
  let o = 0;
  while (i < end && o < out.length) {
    const n = stream[i++]!;
    if (n < 128) {
      const count = n + 1;
      if (i + count > end) throw new CodecError(`RLE segment ${segment + 1} is truncated (a literal run passes its end)`);
      out.set(stream.subarray(i, i + count).subarray(0, out.length - o), o);
      o += count;
      i += count;
    } else if (n > 128) {
      const count = 257 - n;
      if (i >= end) throw new CodecError(`RLE segment ${segment + 1} is truncated (a repeat run has no value)`);
      out.fill(stream[i++]!, o, Math.min(out.length, o + count));
      o += count;
    }
  }
  if (o < out.length) throw new CodecError(`RLE segment ${segment + 1} decodes to ${o} bytes, ${out.length} expected`);
}

/**
 * RLE Lossless (PS3.5 Annex G): a 64-byte header of up to 15 segment offsets, one PackBits segment
 * per byte plane of each sample (most significant byte first). Written here because it is a
 * few lines of the standard and no maintained Node package decodes it on its own.
 */
export const rleCodec: FrameCodec = {
  name: 'RLE Lossless',
  decode(stream, pixel) {
    if (stream.length < 64) throw new CodecError(`RLE frame is ${stream.length} bytes, shorter than its 64-byte header`);
    const view = new DataView(stream.buffer, stream.byteOffset, stream.byteLength);
    const segments = view.getUint32(0, true);
    const bytesPerSample = Math.ceil(pixel.bitsAllocated / 8);
    const expected = bytesPerSample * pixel.samplesPerPixel;
    if (segments !== expected) {
      throw new CodecError(`RLE header lists ${segments} segments, ${expected} expected for ${pixel.samplesPerPixel} sample(s) of ${pixel.bitsAllocated} bits`);
    }
    const pixels = pixel.rows * pixel.columns;
    const offsets = Array.from({ length: segments }, (_, s) => view.getUint32(4 + 4 * s, true));
    const plane = new Uint8Array(pixels);
    const total = pixels * pixel.samplesPerPixel;
    const samples: SampleArray = bytesPerSample === 1 ? new Uint8Array(total) : bytesPerSample === 2 ? new Uint16Array(total) : new Uint32Array(total);
    for (let s = 0; s < segments; s++) {
      const start = offsets[s]!;
      const end = s + 1 < segments ? offsets[s + 1]! : stream.length;
      if (start < 64 || start > end || end > stream.length) throw new CodecError(`RLE segment ${s + 1} offset ${start} lies outside the frame`);
      unpackSegment(stream, start, end, plane, s);
      const component = Math.floor(s / bytesPerSample);
      const shift = 8 * (bytesPerSample - 1 - (s % bytesPerSample));
      for (let i = 0; i < pixels; i++) {
        const k = i * pixel.samplesPerPixel + component;
        samples[k] = (samples[k]! | (plane[i]! << shift)) >>> 0;
      }
    }
    return { samples, photometric: pixel.photometric };
  },
};
