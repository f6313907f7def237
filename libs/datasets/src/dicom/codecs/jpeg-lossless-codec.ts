import { Decoder } from 'jpeg-lossless-decoder-js';
import { CodecError, expectGeometry, type FrameCodec } from '../pixel-codec';

/** JPEG Lossless (process 14, any predictor, including selection value 1) with jpeg-lossless-decoder-js. */
export const jpegLosslessCodec: FrameCodec = {
  name: 'JPEG Lossless (jpeg-lossless-decoder-js)',
  decode(stream, pixel) {
    const decoder = new Decoder();
    let decoded: Uint8Array | Uint16Array | null;
    try {
      const copy = new Uint8Array(stream); // a copy with its own buffer (Buffer.slice would share the pool)
      decoded = decoder.decode(copy.buffer, 0, copy.byteLength, pixel.bitsAllocated <= 8 ? 1 : 2);
    } catch {
      throw new CodecError(`the ${this.name} decoder rejected the stream (corrupt or truncated data)`);
    }
    if (!decoded) throw new CodecError(`the ${this.name} decoder found no image in the stream`);
    expectGeometry(this.name, pixel, { width: decoder.xDim, height: decoder.yDim, components: decoder.numComp });
    return { samples: decoded, photometric: pixel.photometric };
  },
};
